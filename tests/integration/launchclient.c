/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* restream-launch as the launcher tests run it (launchclient.h). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "launchclient.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

Launch *
launch_start_full (const gchar * ini, gboolean dot)
{
  Launch *l = g_new0 (Launch, 1);
  const gchar *binary = g_getenv ("RS_LAUNCHER");
  g_autoptr (GError) error = NULL;

  fail_unless (binary != NULL, "RS_LAUNCHER is not set");
  l->dir = g_dir_make_tmp ("rs-launch-XXXXXX", &error);
  fail_unless (l->dir != NULL);
  l->out_path = g_build_filename (l->dir, "out.jsonl", NULL);
  l->err_path = g_build_filename (l->dir, "err.log", NULL);
  l->pid_path = g_build_filename (l->dir, "restream.pid", NULL);
  l->ini_path = g_build_filename (l->dir, "restream.ini", NULL);
  l->events = g_ptr_array_new_with_free_func ((GDestroyNotify)
      json_object_unref);
  l->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  fail_unless (g_file_set_contents (l->ini_path, ini, -1, NULL));
  if (dot)
    l->dot_dir = g_build_filename (l->dir, "dot", NULL);
  {
    const gchar *argv[] = { binary, "--json", "--pid-file", l->pid_path,
      l->ini_path, dot ? "--dot" : NULL, l->dot_dir, NULL
    };
    l->proc = rs_process_spawn (argv, l->out_path, l->err_path, &error);
  }
  fail_unless (l->proc != NULL, "%s", error ? error->message : "");
  return l;
}

Launch *
launch_start (const gchar * ini)
{
  return launch_start_full (ini, FALSE);
}

GHashTable *
launch_dots (Launch * l, guint count, gint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;
  GHashTable *dots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      g_free);

  do {
    g_autoptr (GDir) dir = g_dir_open (l->dot_dir, 0, NULL);
    const gchar *name;

    while (dir && (name = g_dir_read_name (dir))) {
      g_autofree gchar *path = g_build_filename (l->dot_dir, name, NULL);
      gchar *text = NULL;

      if (!g_hash_table_contains (dots, name)
          && g_file_get_contents (path, &text, NULL, NULL))
        g_hash_table_insert (dots, g_strdup (name), text);
    }
    if (g_hash_table_size (dots) >= count)
      break;
    g_usleep (100 * 1000);
  } while (g_get_monotonic_time () < deadline);
  return dots;
}

static void
launch_read (Launch * l)
{
  g_autofree gchar *text = NULL;
  gsize length;
  gchar *line, *end;
  gint64 now = g_get_monotonic_time ();

  if (!g_file_get_contents (l->out_path, &text, &length, NULL))
    return;
  for (line = text + l->offset; (end = strchr (line, '\n')); line = end + 1) {
    g_autoptr (JsonParser) parser = json_parser_new ();

    *end = '\0';
    fail_unless (json_parser_load_from_data (parser, line, -1, NULL),
        "not JSON: %s", line);
    fail_unless (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
    g_ptr_array_add (l->events,
        json_object_ref (json_node_get_object (json_parser_get_root (parser))));
    g_array_append_val (l->times, now);
    l->offset = end + 1 - text;
  }
}

gboolean
launch_event_matches (JsonObject * e, const gchar * type, const gchar * target,
    const gchar * state)
{
  return g_str_equal (json_object_get_string_member (e, "event"), type)
      && (!target || g_strcmp0 (json_object_get_string_member_with_default (e,
              "target", ""), target) == 0)
      && (!state || g_strcmp0 (json_object_get_string_member_with_default (e,
              "state", ""), state) == 0);
}

JsonObject *
launch_wait (Launch * l, guint from, const gchar * type, const gchar * target,
    const gchar * state, guint timeout_ms, guint * index)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;
  guint i = from;

  do {
    launch_read (l);
    for (; i < l->events->len; i++) {
      if (launch_event_matches (g_ptr_array_index (l->events, i), type, target,
              state)) {
        if (index)
          *index = i;
        return g_ptr_array_index (l->events, i);
      }
    }
    g_usleep (50 * 1000);
  } while (g_get_monotonic_time () < deadline);
  return NULL;
}

guint
launch_count (Launch * l, const gchar * type, const gchar * target,
    const gchar * state)
{
  guint i, n = 0;

  launch_read (l);
  for (i = 0; i < l->events->len; i++)
    n += launch_event_matches (g_ptr_array_index (l->events, i), type, target,
        state);
  return n;
}

gint64
launch_time (Launch * l, guint index)
{
  return g_array_index (l->times, gint64, index);
}

void
launch_stop (Launch * l, const gchar * const *secrets)
{
  g_autofree gchar *out = NULL;
  g_autofree gchar *err = NULL;
  gint status;
  guint i;

  rs_process_signal (l->proc, SIGINT);
  status = rs_process_wait (l->proc, 8000);
  fail_unless (status != -1, "the launcher did not stop within 8 s of SIGINT");
  fail_unless (WIFEXITED (status) && WEXITSTATUS (status) == 0,
      "launcher exit status %d", status);
  fail_unless (launch_wait (l, 0, "restream", NULL, "stopped", 1000,
          NULL) != NULL);
  g_file_get_contents (l->out_path, &out, NULL, NULL);
  g_file_get_contents (l->err_path, &err, NULL, NULL);
  for (i = 0; secrets && secrets[i]; i++) {
    fail_if (out && strstr (out, secrets[i]), "secret in the output");
    fail_if (err && strstr (err, secrets[i]), "secret in stderr: %s", err);
  }
}

void
launch_free (Launch * l)
{
  rs_process_free (l->proc);
  g_unlink (l->out_path);
  g_unlink (l->err_path);
  g_unlink (l->ini_path);
  g_unlink (l->pid_path);
  if (l->dot_dir)
    rs_remove_tree (l->dot_dir);
  g_free (l->dot_dir);
  g_rmdir (l->dir);
  g_free (l->out_path);
  g_free (l->err_path);
  g_free (l->pid_path);
  g_free (l->ini_path);
  g_free (l->dir);
  g_ptr_array_unref (l->events);
  g_array_unref (l->times);
  g_free (l);
}

void
launch_wait_live (Launch * l, const gchar * target)
{
  fail_unless (launch_wait (l, 0, "target", target, "live", 15000, NULL)
      != NULL, "target %s did not go live", target);
}

static gboolean
slate_event (JsonObject * e, gboolean on_air)
{
  return launch_event_matches (e, "slate", NULL, NULL)
      && json_object_get_boolean_member_with_default (e, "on-air", !on_air)
      == on_air;
}

/* The next "slate" event with on-air @on_air, within @timeout_ms. */
JsonObject *
launch_wait_slate (Launch * l, gboolean on_air, guint timeout_ms, guint * index)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;
  guint from = 0;

  while (g_get_monotonic_time () < end) {
    JsonObject *e = launch_wait (l, from, "slate", NULL, NULL, 500, index);

    if (e && slate_event (e, on_air))
      return e;
    if (e)
      from = *index + 1;
  }
  return NULL;
}
