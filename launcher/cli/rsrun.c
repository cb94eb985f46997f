/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* restream-launch running one description: the restream in a main loop,
 * its events on the terminal, the signals (SIGINT/SIGTERM stop with an EOS
 * to every target, a second one at once; SIGHUP reloads the description
 * and activates again; SIGUSR1 writes a graph), the pid file --reactivate
 * finds it by, and the graphs of --dot. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "rsexit.h"
#include "rsrestream.h"
#include "rsrun.h"
#include "rsevents.h"

#define SHUTDOWN_TIMEOUT (3 * GST_SECOND)

typedef struct
{
  GMainLoop *loop;
  RsRestream *restream;
  RsTerminal *terminal;
  const gchar *dot_dir;
  const gchar *path;            /* the description file, read again on SIGHUP */
  guint dot_count;
  gboolean stopping;
} Run;

static void
dump_dot (Run * run, const gchar * why)
{
  g_autofree gchar *dot = NULL;
  g_autofree gchar *file = NULL;
  g_autofree gchar *path = NULL;
  g_autoptr (GError) error = NULL;

  if (!run->dot_dir || !(dot = rs_restream_dot (run->restream)))
    return;
  file = g_strdup_printf ("%s-%03u-%s.dot",
      rs_restream_get_description (run->restream)->name, ++run->dot_count, why);
  path = g_build_filename (run->dot_dir, file, NULL);
  if (!g_file_set_contents (path, dot, -1, &error))
    g_printerr ("restream-launch: cannot write %s: %s\n", path, error->message);
}

static void
on_event (RsRestream * restream, const GstStructure * event, gpointer data)
{
  Run *run = data;
  const gchar *type = gst_structure_get_name (event);
  const gchar *state = gst_structure_get_string (event,
      RS_EVENT_FIELD_STATE);

  rs_terminal_show_event (run->terminal, event);
  if (g_str_equal (type, RS_EVENT_TARGET)
      && g_strcmp0 (state, RS_TARGET_STATE_RECONNECTING) == 0)
    dump_dot (run, "target-failed");
  else if (g_str_equal (type, RS_EVENT_RESTREAM)
      && g_strcmp0 (state, RS_RESTREAM_STATE_LIVE) == 0)
    dump_dot (run, "live");
}

static void
on_stopped (RsRestream * restream, gpointer data)
{
  Run *run = data;

  if (run->stopping)
    g_main_loop_quit (run->loop);
}

static gboolean
on_shutdown_signal (gpointer data)
{
  Run *run = data;

  if (run->stopping) {
    /* A second signal: no more waiting for the targets. */
    g_main_loop_quit (run->loop);
    return G_SOURCE_CONTINUE;
  }
  run->stopping = TRUE;
  rs_restream_stop (run->restream, SHUTDOWN_TIMEOUT, G_CALLBACK (on_stopped),
      run);
  return G_SOURCE_CONTINUE;
}

/* SIGHUP: the description file again. Valid, its changes apply (targets
 * added, changed or removed; the others not touched); not valid, nothing
 * changes and the problems are printed. Then the restream activates again
 * (a stopped one starts, refused targets are retried). */
static void
reload (Run * run)
{
  g_autoptr (GPtrArray) problems = gst_restream_findings_new ();
  g_autoptr (GError) error = NULL;
  RsDescription *d;
  guint i;

  if (!run->path)
    return;
  d = rs_description_load_file (run->path, problems);
  for (i = 0; i < problems->len; i++) {
    g_autofree gchar *text =
        gst_restream_finding_to_string (g_ptr_array_index (problems, i));

    g_printerr ("%s: %s\n", run->path, text);
  }
  if (!d) {
    g_printerr ("restream-launch: %s is not valid; nothing was changed\n",
        run->path);
    return;
  }
  if (!rs_restream_reload (run->restream, d, &error))
    g_printerr ("restream-launch: reloading %s: %s\n", run->path,
        error->message);
}

static gboolean
on_hangup (gpointer data)
{
  Run *run = data;

  if (run->stopping)
    return G_SOURCE_CONTINUE;
  reload (run);
  rs_restream_activate (run->restream);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_user1 (gpointer data)
{
  dump_dot (data, "requested");
  return G_SOURCE_CONTINUE;
}

/* Runs the loop while the pid file names this process. */
static void
run_with_pid_file (Run * run, const gchar * pid_file)
{
  g_autofree gchar *dir = g_path_get_dirname (pid_file);
  g_autofree gchar *pid = g_strdup_printf ("%d\n", (int) getpid ());

  if (g_mkdir_with_parents (dir, 0700) != 0
      || !g_file_set_contents (pid_file, pid, -1, NULL))
    g_printerr ("restream-launch: cannot write %s; --reactivate will not "
        "find this process (SIGHUP still works)\n", pid_file);
  g_main_loop_run (run->loop);
  g_unlink (pid_file);
}

gint
rs_run (RsDescription * description, const gchar * path,
    RsTerminalOutput output, const gchar * dot_dir, const gchar * pid_file)
{
  g_autoptr (GError) error = NULL;
  Run run = { 0 };
  gint exit_code = RS_EXIT_OK;
  guint i, signals[4];

  run.terminal = rs_terminal_new (output);
  run.dot_dir = dot_dir;
  run.path = path;
  run.loop = g_main_loop_new (NULL, FALSE);
  run.restream = rs_restream_new (description, on_event, &run);
  signals[0] = g_unix_signal_add (SIGINT, on_shutdown_signal, &run);
  signals[1] = g_unix_signal_add (SIGTERM, on_shutdown_signal, &run);
  signals[2] = g_unix_signal_add (SIGHUP, on_hangup, &run);
  signals[3] = g_unix_signal_add (SIGUSR1, on_user1, &run);

  if (!rs_restream_start (run.restream, &error)) {
    g_printerr ("restream-launch: %s\n", error->message);
    exit_code = RS_EXIT_START_FAILED;
  } else {
    run_with_pid_file (&run, pid_file);
  }

  for (i = 0; i < G_N_ELEMENTS (signals); i++)
    g_source_remove (signals[i]);
  rs_restream_free (run.restream);
  g_main_loop_unref (run.loop);
  rs_terminal_free (run.terminal);
  return exit_code;
}

gchar *
rs_run_default_pid_file (const gchar * name)
{
  g_autofree gchar *file = g_strconcat (name, ".pid", NULL);

  return g_build_filename (g_get_user_runtime_dir (), "gst-restream", file,
      NULL);
}

gint
rs_run_reactivate (const gchar * pid_file)
{
  g_autofree gchar *text = NULL;
  gint64 pid;

  if (!g_file_get_contents (pid_file, &text, NULL, NULL)) {
    g_printerr ("restream-launch: no running restream (%s not found)\n",
        pid_file);
    return RS_EXIT_NOT_RUNNING;
  }
  pid = g_ascii_strtoll (text, NULL, 10);
  if (pid <= 1 || kill ((pid_t) pid, SIGHUP) != 0) {
    g_printerr ("restream-launch: no running restream (pid %s in %s: %s)\n",
        g_strstrip (text), pid_file, pid <= 1 ? "invalid" : g_strerror (errno));
    return RS_EXIT_NOT_RUNNING;
  }
  g_print ("restream-launch: asked process %" G_GINT64_FORMAT
      " to activate its restream\n", pid);
  return RS_EXIT_OK;
}
