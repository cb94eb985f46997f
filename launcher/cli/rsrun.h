/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __RS_RUN_H__
#define __RS_RUN_H__

#include "rsdescription.h"
#include "rsterminal.h"

G_BEGIN_DECLS
/* Runs the restream of @description (taken, read from @path) until SIGINT
 * or SIGTERM: SIGHUP reads @path again, applies its changes and activates
 * the restream again, SIGUSR1 writes a graph into @dot_dir (if
 * set; the folder exists), and @pid_file names the process for
 * --reactivate while it runs. Returns the exit code. */
    gint rs_run (RsDescription * description, const gchar * path,
    RsTerminalOutput output, const gchar * dot_dir, const gchar * pid_file);

/* Where the restream @name keeps its pid by default. */
gchar *rs_run_default_pid_file (const gchar * name);

/* --reactivate: sends SIGHUP to the process in @pid_file. Returns the
 * exit code. */
gint rs_run_reactivate (const gchar * pid_file);

G_END_DECLS
#endif /* __RS_RUN_H__ */
