/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* restream-launch: runs one restream description until interrupted, or,
 * with --serve, every restream of a control API (docs/api.md).
 *
 * Exit codes: 0 stopped by SIGINT/SIGTERM (or --check: the description is
 * valid); 1 the restream could not start (a missing element, an input that
 * cannot be opened); 2 the description or the command line is invalid;
 * 3 --reactivate found no running restream of that name. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "rsdescription.h"
#include "rsjson.h"
#include "rsrestream.h"
#include "rsservice.h"

#define EXIT_START_FAILED 1
#define EXIT_INVALID 2
#define EXIT_NOT_RUNNING 3
#define SHUTDOWN_TIMEOUT (3 * GST_SECOND)
#define LOG_LINES 10

typedef enum
{
  OUTPUT_VIEW,                  /* a live table on a terminal */
  OUTPUT_LINES,                 /* one line per event */
  OUTPUT_JSON,
  OUTPUT_QUIET,
} Output;

typedef struct
{
  GMainLoop *loop;
  RsRestream *restream;
  Output output;
  gchar *dot_dir;
  guint dot_count;
  gchar *pid_file;
  gboolean stopping;
  gint exit_code;
  GQueue log;                   /* recent event lines, for the view */
  gint64 last_status_line;
} App;

static void
dump_dot (App * app, const gchar * why)
{
  g_autofree gchar *dot = NULL;
  g_autofree gchar *file = NULL;
  g_autofree gchar *path = NULL;
  g_autoptr (GError) error = NULL;

  if (!app->dot_dir || !(dot = rs_restream_dot (app->restream)))
    return;
  file = g_strdup_printf ("%s-%03u-%s.dot",
      rs_restream_get_description (app->restream)->name, ++app->dot_count, why);
  path = g_build_filename (app->dot_dir, file, NULL);
  if (!g_file_set_contents (path, dot, -1, &error))
    g_printerr ("restream-launch: cannot write %s: %s\n", path, error->message);
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

static GString *
status_table (const GstStructure * status)
{
  GString *out = g_string_new (NULL);
  const GValue *targets = gst_structure_get_value (status, "targets");
  gdouble uptime = 0;
  guint i;

  gst_structure_get_double (status, "uptime", &uptime);
  g_string_append_printf (out, "restream %s: %s, input %s, up %.0f s\n",
      gst_structure_get_string (status, "restream"),
      gst_structure_get_string (status, "state"),
      gst_structure_get_string (status, "input"), uptime);
  g_string_append_printf (out, "  %-16s %-12s %10s %10s %8s %5s %6s  %s\n",
      "target", "state", "kbit/s", "sent", "uptime", "recon", "drops",
      "findings");
  for (i = 0; targets && i < gst_value_array_get_size (targets); i++) {
    const GstStructure *t =
        gst_value_get_structure (gst_value_array_get_value (targets, i));
    const GValue *findings = gst_structure_get_value (t, "findings");
    GString *f = g_string_new (NULL);
    gdouble bitrate = 0, up = 0;
    guint64 bytes = 0, drops = 0;
    guint reconnects = 0, j;
    g_autofree gchar *sent = NULL;
    const gchar *cause = gst_structure_get_string (t, "cause");

    gst_structure_get_double (t, "bitrate", &bitrate);
    gst_structure_get_double (t, "uptime", &up);
    gst_structure_get_uint64 (t, "bytes", &bytes);
    gst_structure_get_uint64 (t, "drops", &drops);
    gst_structure_get_uint (t, "reconnects", &reconnects);
    for (j = 0; findings && j < gst_value_array_get_size (findings); j++)
      g_string_append_printf (f, "%s%s", j ? ", " : "",
          g_value_get_string (gst_value_array_get_value (findings, j)));
    if (cause && *cause)
      g_string_append_printf (f, "%s[%s]", f->len ? " " : "", cause);
    sent = format_bytes (bytes);
    g_string_append_printf (out,
        "  %-16s %-12s %10.0f %10s %7.0fs %5u %6" G_GUINT64_FORMAT "  %s\n",
        gst_structure_get_string (t, "name"),
        gst_structure_get_string (t, "state"), bitrate, sent, up, reconnects,
        drops, f->str);
    g_string_free (f, TRUE);
  }
  return out;
}

static void
on_event (RsRestream * restream, const GstStructure * event, gpointer data)
{
  App *app = data;
  const gchar *type = gst_structure_get_name (event);
  gboolean status = g_str_equal (type, "status");

  if (app->output == OUTPUT_JSON) {
    g_autofree gchar *line = rs_structure_to_json_line (event, "event");

    g_print ("%s\n", line);
    fflush (stdout);
  } else if (app->output == OUTPUT_VIEW) {
    if (!status) {
      gchar *line = rs_event_line (event);

      if (line) {
        g_queue_push_tail (&app->log, line);
        while (g_queue_get_length (&app->log) > LOG_LINES)
          g_free (g_queue_pop_head (&app->log));
      }
    } else {
      GString *table = status_table (event);
      GList *l;

      g_string_prepend (table, "\033[H\033[2J");
      g_string_append (table, "\n");
      for (l = app->log.head; l; l = l->next)
        g_string_append_printf (table, "%s\n", (gchar *) l->data);
      g_print ("%s", table->str);
      fflush (stdout);
      g_string_free (table, TRUE);
    }
  } else if (app->output == OUTPUT_LINES) {
    if (!status) {
      g_autofree gchar *line = rs_event_line (event);

      if (line)
        g_print ("%s\n", line);
    } else if (g_get_monotonic_time () - app->last_status_line >
        10 * G_USEC_PER_SEC) {
      GString *table = status_table (event);

      app->last_status_line = g_get_monotonic_time ();
      g_print ("%s", table->str);
      g_string_free (table, TRUE);
    }
    fflush (stdout);
  } else if (g_str_equal (type, "error")) {
    g_autofree gchar *line = rs_event_line (event);

    g_printerr ("%s\n", line);
  }

  if (g_str_equal (type, "target")
      && g_strcmp0 (gst_structure_get_string (event, "state"),
          "reconnecting") == 0)
    dump_dot (app, "target-failed");
  else if (g_str_equal (type, "restream")
      && g_strcmp0 (gst_structure_get_string (event, "state"), "live") == 0)
    dump_dot (app, "live");
}

static void
on_stopped (RsRestream * restream, gpointer data)
{
  App *app = data;

  if (app->stopping)
    g_main_loop_quit (app->loop);
}

static gboolean
on_shutdown_signal (gpointer data)
{
  App *app = data;

  if (app->stopping) {
    /* A second signal: no more waiting for the targets. */
    g_main_loop_quit (app->loop);
    return G_SOURCE_CONTINUE;
  }
  app->stopping = TRUE;
  rs_restream_stop (app->restream, SHUTDOWN_TIMEOUT, G_CALLBACK (on_stopped),
      app);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_hangup (gpointer data)
{
  App *app = data;

  if (!app->stopping)
    rs_restream_activate (app->restream);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_user1 (gpointer data)
{
  dump_dot (data, "requested");
  return G_SOURCE_CONTINUE;
}

static gchar *
default_pid_file (const gchar * name)
{
  g_autofree gchar *file = g_strconcat (name, ".pid", NULL);

  return g_build_filename (g_get_user_runtime_dir (), "gst-restream", file,
      NULL);
}

static gint
reactivate (const gchar * pid_file)
{
  g_autofree gchar *text = NULL;
  gint64 pid;

  if (!g_file_get_contents (pid_file, &text, NULL, NULL)) {
    g_printerr ("restream-launch: no running restream (%s not found)\n",
        pid_file);
    return EXIT_NOT_RUNNING;
  }
  pid = g_ascii_strtoll (text, NULL, 10);
  if (pid <= 1 || kill ((pid_t) pid, SIGHUP) != 0) {
    g_printerr ("restream-launch: no running restream (pid %s in %s: %s)\n",
        g_strstrip (text), pid_file, pid <= 1 ? "invalid" : g_strerror (errno));
    return EXIT_NOT_RUNNING;
  }
  g_print ("restream-launch: asked process %" G_GINT64_FORMAT
      " to activate its restream\n", pid);
  return 0;
}

static void
print_check (const gchar * path, RsDescription * d)
{
  guint i;
  g_autofree gchar *input = gst_restream_redact_url (d->input);

  g_print ("%s: valid. restream %s, input %s, %u target%s\n", path, d->name,
      input, d->targets->len, d->targets->len == 1 ? "" : "s");
  for (i = 0; i < d->targets->len; i++) {
    RsDescriptionTarget *t = g_ptr_array_index (d->targets, i);
    g_autofree gchar *display = gst_restream_target_to_display (t->target);

    g_print ("  %s: %s (%s)\n", t->name, display,
        gst_restream_platform_name (t->platform));
  }
}

typedef struct
{
  GMainLoop *loop;
  RsService *service;
  gboolean stopping;
} Service;

static void
on_service_stopped (gpointer data)
{
  g_main_loop_quit (((Service *) data)->loop);
}

static gboolean
on_service_signal (gpointer data)
{
  Service *service = data;

  if (service->stopping) {
    g_main_loop_quit (service->loop);
    return G_SOURCE_CONTINUE;
  }
  service->stopping = TRUE;
  g_print ("restream-launch: stopping every restream (the state is kept)\n");
  rs_service_shutdown (service->service, G_CALLBACK (on_service_stopped),
      service);
  return G_SOURCE_CONTINUE;
}

static gint
serve (const gchar * listen, const gchar * accounts_file,
    const gchar * state_dir, gboolean quiet)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *default_state = NULL;
  Service service = { 0 };
  GPtrArray *accounts;
  guint signals[2], i;

  if (!accounts_file) {
    g_printerr ("restream-launch: --serve needs --accounts FILE\n");
    return EXIT_INVALID;
  }
  accounts = rs_accounts_load (accounts_file, &error);
  if (!accounts) {
    g_printerr ("restream-launch: %s\n", error->message);
    return EXIT_INVALID;
  }
  if (!state_dir)
    state_dir = default_state = g_build_filename (g_get_user_state_dir (),
        "gst-restream", NULL);
  service.loop = g_main_loop_new (NULL, FALSE);
  service.service = rs_service_new (accounts, state_dir, !quiet, &error);
  if (!service.service) {
    g_printerr ("restream-launch: %s\n", error->message);
    g_ptr_array_unref (accounts);
    g_main_loop_unref (service.loop);
    return EXIT_INVALID;
  }
  if (!rs_service_listen (service.service, listen ? listen :
          "127.0.0.1:8080", &error)) {
    gint code = g_error_matches (error, G_IO_ERROR,
        G_IO_ERROR_INVALID_ARGUMENT) ? EXIT_INVALID : EXIT_START_FAILED;

    g_printerr ("restream-launch: cannot listen: %s\n", error->message);
    rs_service_free (service.service);
    g_main_loop_unref (service.loop);
    return code;
  }
  signals[0] = g_unix_signal_add (SIGINT, on_service_signal, &service);
  signals[1] = g_unix_signal_add (SIGTERM, on_service_signal, &service);
  g_main_loop_run (service.loop);
  for (i = 0; i < G_N_ELEMENTS (signals); i++)
    g_source_remove (signals[i]);
  rs_service_free (service.service);
  g_main_loop_unref (service.loop);
  return 0;
}

int
main (int argc, char *argv[])
{
  gboolean check = FALSE, json = FALSE, quiet = FALSE, lines = FALSE;
  gboolean do_reactivate = FALSE, do_serve = FALSE;
  /* Every exit path frees the option strings. */
  g_autofree gchar *dot_dir = NULL, *pid_file = NULL;
  g_autofree gchar *listen = NULL, *accounts = NULL, *state_dir = NULL;
  GOptionEntry entries[] = {
    {"check", 0, 0, G_OPTION_ARG_NONE, &check,
        "Validate the description, print what would run, and exit", NULL},
    {"json", 0, 0, G_OPTION_ARG_NONE, &json,
        "One JSON event per line on stdout instead of the status view", NULL},
    {"lines", 0, 0, G_OPTION_ARG_NONE, &lines,
          "One text line per event (the default when stdout is not a terminal)",
        NULL},
    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
        "Print errors only", NULL},
    {"dot", 0, 0, G_OPTION_ARG_FILENAME, &dot_dir,
        "Write pipeline graphs (secrets removed) into DIR when the restream "
          "goes live, when a target fails, and on SIGUSR1", "DIR"},
    {"pid-file", 0, 0, G_OPTION_ARG_FILENAME, &pid_file,
        "Where the running restream's pid is kept (default: "
          "$XDG_RUNTIME_DIR/gst-restream/NAME.pid)", "FILE"},
    {"reactivate", 0, 0, G_OPTION_ARG_NONE, &do_reactivate,
        "Ask the running restream of this description to activate again "
          "(the same as sending it SIGHUP)", NULL},
    {"serve", 0, 0, G_OPTION_ARG_NONE, &do_serve,
        "Run the control API instead of one description (docs/api.md)", NULL},
    {"listen", 0, 0, G_OPTION_ARG_STRING, &listen,
          "With --serve: the address to listen on (default 127.0.0.1:8080)",
        "HOST:PORT"},
    {"accounts", 0, 0, G_OPTION_ARG_FILENAME, &accounts,
          "With --serve: the accounts file ([account NAME] token, max-targets)",
        "FILE"},
    {"state-dir", 0, 0, G_OPTION_ARG_FILENAME, &state_dir,
        "With --serve: where restreams are kept (default "
          "$XDG_STATE_HOME/gst-restream)", "DIR"},
    {NULL}
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  RsDescription *description;
  App app = { 0 };
  gboolean has_error = FALSE;
  guint i, signals[4];

  context = g_option_context_new ("DESCRIPTION.ini | --serve");
  g_option_context_set_summary (context,
      "Pushes one live input to every target of a restream description, "
      "or, with --serve, runs restreams through an HTTP/JSON control API.");
  g_option_context_set_description (context,
      "Exit codes: 0 stopped by SIGINT/SIGTERM, or --check found the "
      "description valid; 1 the restream could not start; 2 invalid "
      "description or command line; 3 --reactivate found no running "
      "restream.\n"
      "Signals: SIGINT/SIGTERM stop (EOS to the targets, at most 3 s); "
      "SIGHUP activates again; SIGUSR1 writes a graph (--dot).\n");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, gst_init_get_option_group ());
  if (!g_option_context_parse (context, &argc, &argv, &error)) {
    g_printerr ("restream-launch: %s\n", error->message);
    return EXIT_INVALID;
  }
  if (do_serve) {
    gint code;

    if (argc != 1) {
      g_printerr ("restream-launch: --serve takes no description; create "
          "restreams through the API\n");
      return EXIT_INVALID;
    }
    code = serve (listen, accounts, state_dir, quiet);
    gst_deinit ();
    return code;
  }
  if (listen || accounts || state_dir) {
    g_printerr ("restream-launch: --listen, --accounts and --state-dir go "
        "with --serve\n");
    return EXIT_INVALID;
  }
  if (argc != 2) {
    g_printerr ("restream-launch: give one description file (see --help)\n");
    return EXIT_INVALID;
  }

  problems = gst_restream_findings_new ();
  description = rs_description_load_file (argv[1], problems);
  for (i = 0; i < problems->len; i++) {
    GstRestreamFinding *p = g_ptr_array_index (problems, i);
    g_autofree gchar *text = gst_restream_finding_to_string (p);

    has_error |= p->severity == GST_RESTREAM_FINDING_ERROR;
    g_printerr ("%s: %s%s\n", argv[1], p->severity ==
        GST_RESTREAM_FINDING_ERROR ? "error: " : "", text);
  }
  if (!description) {
    g_printerr ("%s: %s; nothing was started\n", argv[1], has_error ?
        "invalid description" : "cannot load");
    return EXIT_INVALID;
  }

  if (!pid_file)
    pid_file = default_pid_file (description->name);
  if (do_reactivate) {
    gint code = reactivate (pid_file);

    rs_description_free (description);
    return code;
  }
  if (check) {
    print_check (argv[1], description);
    rs_description_free (description);
    return 0;
  }

  if (json)
    app.output = OUTPUT_JSON;
  else if (quiet)
    app.output = OUTPUT_QUIET;
  else if (lines || !isatty (STDOUT_FILENO))
    app.output = OUTPUT_LINES;
  else
    app.output = OUTPUT_VIEW;
  app.dot_dir = dot_dir;
  app.pid_file = pid_file;
  g_queue_init (&app.log);
  if (dot_dir && g_mkdir_with_parents (dot_dir, 0700) != 0) {
    g_printerr ("restream-launch: cannot create %s: %s\n", dot_dir,
        g_strerror (errno));
    rs_description_free (description);
    return EXIT_INVALID;
  }

  app.loop = g_main_loop_new (NULL, FALSE);
  app.restream = rs_restream_new (description, on_event, &app);
  signals[0] = g_unix_signal_add (SIGINT, on_shutdown_signal, &app);
  signals[1] = g_unix_signal_add (SIGTERM, on_shutdown_signal, &app);
  signals[2] = g_unix_signal_add (SIGHUP, on_hangup, &app);
  signals[3] = g_unix_signal_add (SIGUSR1, on_user1, &app);

  if (!rs_restream_start (app.restream, &error)) {
    g_printerr ("restream-launch: %s\n", error->message);
    app.exit_code = EXIT_START_FAILED;
  } else {
    g_autofree gchar *dir = g_path_get_dirname (pid_file);
    g_autofree gchar *pid = g_strdup_printf ("%d\n", (int) getpid ());

    if (g_mkdir_with_parents (dir, 0700) != 0
        || !g_file_set_contents (pid_file, pid, -1, NULL))
      g_printerr ("restream-launch: cannot write %s; --reactivate will not "
          "find this process (SIGHUP still works)\n", pid_file);
    g_main_loop_run (app.loop);
    g_unlink (pid_file);
  }

  for (i = 0; i < G_N_ELEMENTS (signals); i++)
    g_source_remove (signals[i]);
  rs_restream_free (app.restream);
  g_main_loop_unref (app.loop);
  g_queue_clear_full (&app.log, g_free);
  gst_deinit ();
  return app.exit_code;
}
