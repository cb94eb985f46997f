/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __LAUNCH_CLIENT_H__
#define __LAUNCH_CLIENT_H__

#include <gst/check/gstcheck.h>
#include <json-glib/json-glib.h>

#include "rsfixture.h"

G_BEGIN_DECLS
/* restream-launch (the binary in RS_LAUNCHER) run with --json on a
 * description in a directory of its own, and its JSON event lines read as
 * they arrive. Failures end the test through fail_unless. */
    typedef struct
{
  RsProcess *proc;
  gchar *dir;
  gchar *out_path;
  gchar *err_path;
  gchar *pid_path;
  gchar *ini_path;
  gchar *dot_dir;               /* --dot, when asked for */
  gsize offset;
  GPtrArray *events;            /* JsonObject, with receive times */
  GArray *times;                /* gint64, monotonic µs */
} Launch;

Launch *launch_start (const gchar * ini);
/* With @dot, the launcher also writes --dot graphs (see launch_dots). */
Launch *launch_start_full (const gchar * ini, gboolean dot);

/* The --dot graphs written so far, by file name, waiting up to
 * @timeout_ms for @count of them. */
GHashTable *launch_dots (Launch * l, guint count, gint timeout_ms);

/* Whether event @e is of @type and, where given, of @target and in
 * @state. */
gboolean launch_event_matches (JsonObject * e, const gchar * type,
    const gchar * target, const gchar * state);
/* The first event at index @from or later of @type (and, where given, of
 * @target and in @state); waits up to @timeout_ms for it, NULL if none
 * came. *@index (if not NULL) gets its index. */
JsonObject *launch_wait (Launch * l, guint from, const gchar * type,
    const gchar * target, const gchar * state, guint timeout_ms, guint * index);
/* How many events so far match (as launch_event_matches). */
guint launch_count (Launch * l, const gchar * type, const gchar * target,
    const gchar * state);
/* The next "slate" event with on-air @on_air (searched from the first
 * event on), within @timeout_ms; *@index gets its index. */
JsonObject *launch_wait_slate (Launch * l, gboolean on_air,
    guint timeout_ms, guint * index);
/* When the event at @index was read, monotonic µs. */
gint64 launch_time (Launch * l, guint index);
/* Waits up to 15 s for @target to go live. */
void launch_wait_live (Launch * l, const gchar * target);

/* SIGINT, then a clean exit within 8 s; every output checked for the
 * @secrets. */
void launch_stop (Launch * l, const gchar * const *secrets);
void launch_free (Launch * l);

G_END_DECLS
#endif /* __LAUNCH_CLIENT_H__ */
