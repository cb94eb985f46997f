/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* GET /metrics: the account's restreams and targets in the Prometheus text
 * format (docs/api.md), one function per shape of metric family; a new
 * number of a restream or a target is a row in a table. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "rsservice-private.h"
#include "rsevents.h"

typedef struct
{
  const gchar *name, *type, *help;
} MetricFamily;

/* A number of a restream, from the entry or the restream's status. */
typedef struct
{
  MetricFamily family;
    gdouble (*value) (const RsEntry * entry, const GstStructure * status);
} RestreamMetric;

/* A number of a target, from its field in the restream's status. */
typedef struct
{
  MetricFamily family;
  const gchar *field;
} TargetMetric;

typedef void (*TargetSampleFunc) (GString * out, const RsEntry * entry,
    const GstStructure * target, gconstpointer data);

static gdouble
restream_active (const RsEntry * entry, const GstStructure * status)
{
  return entry->active;
}

static gdouble
restream_outages (const RsEntry * entry, const GstStructure * status)
{
  return entry->outages;
}

static gdouble
restream_slate_on_air (const RsEntry * entry, const GstStructure * status)
{
  gboolean on_air = FALSE;

  gst_structure_get_boolean (status, RS_EVENT_FIELD_SLATE, &on_air);
  return on_air;
}

static gdouble
restream_slate_seconds (const RsEntry * entry, const GstStructure * status)
{
  gdouble seconds = 0;

  gst_structure_get_double (status, RS_EVENT_FIELD_SLATE_SECONDS, &seconds);
  return seconds;
}

/* *INDENT-OFF* */
static const gchar *const restream_states[] = {
  RS_RESTREAM_STATE_STARTING, RS_RESTREAM_STATE_LIVE, RS_RESTREAM_STATE_OUTAGE,
  RS_RESTREAM_STATE_STOPPING, RS_RESTREAM_STATE_STOPPED
};

static const gchar *const target_states[] = {
  RS_TARGET_STATE_CONNECTING, RS_TARGET_STATE_LIVE, RS_TARGET_STATE_RECONNECTING,
  RS_TARGET_STATE_REFUSED, RS_TARGET_STATE_GAVE_UP, RS_TARGET_STATE_STOPPED,
  RS_TARGET_STATE_DISABLED, RS_TARGET_STATE_STALLED
};

static const MetricFamily restream_state_family = {
  "restream_state", "gauge", "1 for the state the restream is in."
};

static const MetricFamily target_state_family = {
  "restream_target_state", "gauge", "1 for the state the target is in."
};

static const MetricFamily target_failure_family = {
  "restream_target_last_failure", "gauge", "1 with the cause of the failure "
      "a target that is not live is in (no series while it is live)."
};

static const RestreamMetric restream_metrics[] = {
  {{"restream_active", "gauge", "1 if the restream should run (activated), "
        "0 if stopped for good or deactivated."}, restream_active},
  {{"restream_input_outages_total", "counter", "Times the input was lost "
        "and retried."}, restream_outages},
  {{"restream_slate_on_air", "gauge", "1 while the slate replaces the lost "
        "input."}, restream_slate_on_air},
  {{"restream_slate_seconds_total", "counter", "Seconds the slate was on "
        "air."}, restream_slate_seconds},
};

static const TargetMetric target_metrics[] = {
  {{"restream_target_bytes_total", "counter", "Bytes taken by the target."},
      "bytes"},
  {{"restream_target_bytes_acked_total", "counter", "Bytes the target's "
        "RTMP server acknowledged receiving (0 for servers and sinks that "
        "do not acknowledge, and for SRT)."}, "acked"},
  {{"restream_target_bitrate_kbps", "gauge", "Rate sent to the target over "
        "the last second, kbit/s."}, "bitrate"},
  {{"restream_target_drops_total", "counter", "Times a slow target lost "
        "stream (whole GOPs) to keep up."}, "drops"},
  {{"restream_target_reconnects_total", "counter", "Reconnections of the "
        "target."}, "reconnects"},
};
/* *INDENT-ON* */

static void
add_header (GString * out, const MetricFamily * family)
{
  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s %s\n", family->name,
      family->help, family->name, family->type);
}

/* NAME{id="ID",restream="NAME"[,target="NAME"][,LABEL="VALUE"]}, the
 * value follows. */
static void
add_labels_full (GString * out, const gchar * name, const RsEntry * entry,
    const GstStructure * target, const gchar * label, const gchar * value)
{
  g_string_append_printf (out, "%s{id=\"%s\",restream=\"%s\"", name,
      entry->id, rs_restream_get_description (entry->restream)->name);
  if (target)
    g_string_append_printf (out, ",target=\"%s\"",
        gst_structure_get_string (target, "name"));
  if (label)
    g_string_append_printf (out, ",%s=\"%s\"", label, value);
  g_string_append_c (out, '}');
}

static void
add_labels (GString * out, const gchar * name, const RsEntry * entry,
    const GstStructure * target, const gchar * state)
{
  add_labels_full (out, name, entry, target, state ? "state" : NULL, state);
}

static void
add_restream_states (GString * out, GPtrArray * mine)
{
  guint i, j;

  add_header (out, &restream_state_family);
  for (i = 0; i < mine->len; i++) {
    const RsEntry *e = g_ptr_array_index (mine, i);
    RsRestreamState s = rs_restream_get_state (e->restream);
    const gchar *now = s == RS_RESTREAM_IDLE ? RS_RESTREAM_STATE_STOPPED :
        rs_restream_state_name (s);

    for (j = 0; j < G_N_ELEMENTS (restream_states); j++) {
      add_labels (out, restream_state_family.name, e, NULL, restream_states[j]);
      g_string_append_printf (out, " %d\n",
          g_str_equal (now, restream_states[j]));
    }
  }
}

static void
add_value (GString * out, gdouble value)
{
  gchar number[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (out, " %s\n", g_ascii_formatd (number,
          sizeof (number), "%.17g", value));
}

/* @statuses holds the restreams' status in the order of @mine. */
static void
add_restream_metric (GString * out, GPtrArray * mine, GPtrArray * statuses,
    const RestreamMetric * metric)
{
  guint i;

  add_header (out, &metric->family);
  for (i = 0; i < mine->len; i++) {
    const RsEntry *e = g_ptr_array_index (mine, i);

    add_labels (out, metric->family.name, e, NULL, NULL);
    add_value (out, metric->value (e, g_ptr_array_index (statuses, i)));
  }
}

/* Calls @func for every target of every restream in @mine; @statuses holds
 * the restreams' status in the same order. */
static void
each_target (GString * out, GPtrArray * mine, GPtrArray * statuses,
    TargetSampleFunc func, gconstpointer data)
{
  guint i, k;

  for (i = 0; i < mine->len; i++) {
    const GValue *targets = gst_structure_get_value (g_ptr_array_index
        (statuses, i), "targets");

    for (k = 0; k < gst_value_array_get_size (targets); k++)
      func (out, g_ptr_array_index (mine, i),
          gst_value_get_structure (gst_value_array_get_value (targets, k)),
          data);
  }
}

static void
add_target_state (GString * out, const RsEntry * entry,
    const GstStructure * target, gconstpointer data)
{
  const gchar *state = gst_structure_get_string (target,
      RS_EVENT_FIELD_STATE);
  guint j;

  for (j = 0; j < G_N_ELEMENTS (target_states); j++) {
    add_labels (out, target_state_family.name, entry, target, target_states[j]);
    g_string_append_printf (out, " %d\n", g_str_equal (state,
            target_states[j]));
  }
}

/* One series for a target that is not live after a failure: its cause. */
static void
add_target_failure (GString * out, const RsEntry * entry,
    const GstStructure * target, gconstpointer data)
{
  const gchar *cause = gst_structure_get_string (target, "cause");

  if (!cause || !*cause)
    return;
  add_labels_full (out, target_failure_family.name, entry, target, "cause",
      cause);
  g_string_append (out, " 1\n");
}

static void
add_target_value (GString * out, const RsEntry * entry,
    const GstStructure * target, gconstpointer data)
{
  const TargetMetric *metric = data;
  const GValue *v = gst_structure_get_value (target, metric->field);
  GValue d = G_VALUE_INIT;

  g_value_init (&d, G_TYPE_DOUBLE);
  g_value_transform (v, &d);
  add_labels (out, metric->family.name, entry, target, NULL);
  add_value (out, g_value_get_double (&d));
}

void
rs_handle_metrics (RsRequest * request)
{
  g_autoptr (GPtrArray) mine = rs_entries_of_account (request->service,
      request->account);
  g_autoptr (GPtrArray) statuses =
      g_ptr_array_new_with_free_func ((GDestroyNotify) gst_structure_free);
  GString *out = g_string_new (NULL);
  guint i;

  for (i = 0; i < mine->len; i++)
    g_ptr_array_add (statuses, rs_restream_status (((RsEntry *)
                g_ptr_array_index (mine, i))->restream));
  add_restream_states (out, mine);
  for (i = 0; i < G_N_ELEMENTS (restream_metrics); i++)
    add_restream_metric (out, mine, statuses, &restream_metrics[i]);
  add_header (out, &target_state_family);
  each_target (out, mine, statuses, add_target_state, NULL);
  add_header (out, &target_failure_family);
  each_target (out, mine, statuses, add_target_failure, NULL);
  for (i = 0; i < G_N_ELEMENTS (target_metrics); i++) {
    add_header (out, &target_metrics[i].family);
    each_target (out, mine, statuses, add_target_value, &target_metrics[i]);
  }
  soup_server_message_set_status (request->msg, 200, NULL);
  soup_server_message_set_response (request->msg,
      "text/plain; version=0.0.4; charset=utf-8", SOUP_MEMORY_TAKE,
      out->str, out->len);
  g_string_free (out, FALSE);
}
