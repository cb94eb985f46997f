/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* restream-launch's output while a restream runs. The view redraws the
 * status table on every status event, with the last event lines under it;
 * --lines prints every event and a table every 10 s; --json every event as
 * one JSON line; --quiet the errors only, on stderr. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>

#include "rsjson.h"
#include "rsexit.h"
#include "rsprobe.h"
#include "rsterminal.h"
#include "rsevents.h"

#define LOG_LINES 10
#define LINES_STATUS_INTERVAL (10 * G_USEC_PER_SEC)

struct _RsTerminal
{
  RsTerminalOutput output;
  GQueue log;                   /* recent event lines, for the view */
  gint64 last_status_line;
};

RsTerminal *
rs_terminal_new (RsTerminalOutput output)
{
  RsTerminal *terminal = g_new0 (RsTerminal, 1);

  terminal->output = output;
  g_queue_init (&terminal->log);
  return terminal;
}

void
rs_terminal_free (RsTerminal * terminal)
{
  if (!terminal)
    return;
  g_queue_clear_full (&terminal->log, g_free);
  g_free (terminal);
}

static gchar *
format_bytes (guint64 bytes)
{
  if (bytes < 1000 * 1000)
    return g_strdup_printf ("%.1f kB", bytes / 1e3);
  if (bytes < G_GUINT64_CONSTANT (1000) * 1000 * 1000)
    return g_strdup_printf ("%.1f MB", bytes / 1e6);
  return g_strdup_printf ("%.2f GB", bytes / 1e9);
}

/* The findings column: the validator's open findings, then the cause of
 * the last failure. */
static gchar *
format_findings (const GstStructure * t)
{
  const GValue *findings = gst_structure_get_value (t, "findings");
  const gchar *cause = gst_structure_get_string (t, "cause");
  GString *f = g_string_new (NULL);
  guint j;

  for (j = 0; findings && j < gst_value_array_get_size (findings); j++)
    g_string_append_printf (f, "%s%s", j ? ", " : "",
        g_value_get_string (gst_value_array_get_value (findings, j)));
  if (cause && *cause)
    g_string_append_printf (f, "%s[%s]", f->len ? " " : "", cause);
  return g_string_free (f, FALSE);
}

static void
append_target_row (GString * out, const GstStructure * t)
{
  gdouble bitrate = 0, up = 0;
  guint64 bytes = 0, drops = 0;
  guint reconnects = 0;
  g_autofree gchar *sent = NULL;
  g_autofree gchar *findings = format_findings (t);

  gst_structure_get_double (t, "bitrate", &bitrate);
  gst_structure_get_double (t, "uptime", &up);
  gst_structure_get_uint64 (t, "bytes", &bytes);
  gst_structure_get_uint64 (t, "drops", &drops);
  gst_structure_get_uint (t, "reconnects", &reconnects);
  sent = format_bytes (bytes);
  g_string_append_printf (out,
      "  %-16s %-12s %10.0f %10s %7.0fs %5u %6" G_GUINT64_FORMAT "  %s\n",
      gst_structure_get_string (t, "name"),
      gst_structure_get_string (t, "state"), bitrate, sent, up, reconnects,
      drops, findings);
}

static GString *
status_table (const GstStructure * status)
{
  GString *out = g_string_new (NULL);
  const GValue *targets = gst_structure_get_value (status, "targets");
  gdouble uptime = 0;
  gboolean slate = FALSE;
  guint i;

  gst_structure_get_double (status, "uptime", &uptime);
  gst_structure_get_boolean (status, RS_EVENT_FIELD_SLATE, &slate);
  g_string_append_printf (out, "restream %s: %s, input %s%s, up %.0f s\n",
      gst_structure_get_string (status, "restream"),
      gst_structure_get_string (status, "state"),
      gst_structure_get_string (status, "input"), slate ? " (slate)" : "",
      uptime);
  g_string_append_printf (out, "  %-16s %-12s %10s %10s %8s %5s %6s  %s\n",
      "target", "state", "kbit/s", "sent", "uptime", "recon", "drops",
      "findings");
  for (i = 0; targets && i < gst_value_array_get_size (targets); i++)
    append_target_row (out,
        gst_value_get_structure (gst_value_array_get_value (targets, i)));
  return out;
}

/* The view keeps the event lines and shows them under the next table. */
static void
show_view (RsTerminal * terminal, const GstStructure * event, gboolean status)
{
  GString *table;
  GList *l;

  if (!status) {
    gchar *line = rs_event_line (event);

    if (line) {
      g_queue_push_tail (&terminal->log, line);
      while (g_queue_get_length (&terminal->log) > LOG_LINES)
        g_free (g_queue_pop_head (&terminal->log));
    }
    return;
  }
  table = status_table (event);
  g_string_prepend (table, "\033[H\033[2J");
  g_string_append (table, "\n");
  for (l = terminal->log.head; l; l = l->next)
    g_string_append_printf (table, "%s\n", (gchar *) l->data);
  g_print ("%s", table->str);
  fflush (stdout);
  g_string_free (table, TRUE);
}

static void
show_lines (RsTerminal * terminal, const GstStructure * event, gboolean status)
{
  if (!status) {
    g_autofree gchar *line = rs_event_line (event);

    if (line)
      g_print ("%s\n", line);
  } else if (g_get_monotonic_time () - terminal->last_status_line >
      LINES_STATUS_INTERVAL) {
    GString *table = status_table (event);

    terminal->last_status_line = g_get_monotonic_time ();
    g_print ("%s", table->str);
    g_string_free (table, TRUE);
  }
  fflush (stdout);
}

void
rs_terminal_show_event (RsTerminal * terminal, const GstStructure * event)
{
  const gchar *type = gst_structure_get_name (event);
  gboolean status = g_str_equal (type, RS_EVENT_STATUS);

  if (terminal->output == RS_TERMINAL_JSON) {
    g_autofree gchar *line = rs_structure_to_json_line (event, "event");

    g_print ("%s\n", line);
    fflush (stdout);
  } else if (terminal->output == RS_TERMINAL_VIEW) {
    show_view (terminal, event, status);
  } else if (terminal->output == RS_TERMINAL_LINES) {
    show_lines (terminal, event, status);
  } else if (g_str_equal (type, RS_EVENT_ERROR)) {
    g_autofree gchar *line = rs_event_line (event);

    g_printerr ("%s\n", line);
  }
}

void
rs_terminal_print_check (const gchar * path, const RsDescription * d)
{
  guint i;
  g_autofree gchar *input = gst_restream_redact_url (d->input);

  g_print ("%s: valid. restream %s, input %s, %u target%s\n", path, d->name,
      input, d->targets->len, d->targets->len == 1 ? "" : "s");
  for (i = 0; i < d->targets->len; i++) {
    RsDescriptionTarget *t = g_ptr_array_index (d->targets, i);
    g_autofree gchar *display = gst_restream_target_to_display (t->target);

    g_print ("  %s: %s (%s%s)\n", t->name, display,
        gst_restream_platform_name (t->platform), d->slate && !t->slate ?
        ", no slate: held without media while the input is down" : "");
  }
  if (!d->slate)
    g_print ("  slate: off, the targets get no media while the input is "
        "down\n");
  else if (d->slate_image)
    g_print ("  slate: %s while the input is down\n", d->slate_image);
  else
    g_print ("  slate: a card with the name %s while the input is down\n",
        d->name);
}

gint
rs_terminal_check_input (const RsDescription * d, guint seconds)
{
  g_autoptr (GError) error = NULL;
  RsInputProbe probe;
  guint i, refused = 0;

  if (!rs_probe_input (d, seconds * 1000, &probe, &error)) {
    g_printerr ("input: %s; its codecs were not checked\n", error->message);
    return RS_EXIT_START_FAILED;
  }
  g_print ("input: video %s", rs_video_codec_display (probe.video_codec));
  if (probe.width > 0)
    g_print (" %dx%d", probe.width, probe.height);
  g_print (", audio %s\n", probe.audio_codec ? probe.audio_codec : "none");
  for (i = 0; i < d->targets->len; i++) {
    RsDescriptionTarget *t = g_ptr_array_index (d->targets, i);
    const GstRestreamRule *rule = rs_video_codec_rule (t->platform,
        probe.video_codec);

    if (!rule) {
      g_print ("  %s: takes %s\n", t->name,
          rs_video_codec_display (probe.video_codec));
    } else if (rule->severity == GST_RESTREAM_SEVERITY_ERROR) {
      refused++;
      g_printerr ("%s: error: target %s (%s) refuses the input's %s video "
          "[%s]: %s\n", d->name, t->name,
          gst_restream_platform_name (t->platform),
          rs_video_codec_display (probe.video_codec), rule->name, rule->advice);
    } else {
      g_printerr ("%s: warning: target %s (%s) [%s]: %s\n", d->name,
          t->name, gst_restream_platform_name (t->platform), rule->name,
          rule->advice);
    }
  }
  rs_input_probe_clear (&probe);
  return refused ? RS_EXIT_INVALID : RS_EXIT_OK;
}
