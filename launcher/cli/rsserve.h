/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __RS_SERVE_H__
#define __RS_SERVE_H__

#include <glib.h>

G_BEGIN_DECLS

/* --serve: runs the control API (docs/api.md) on @listen (NULL: the
 * default address) with the accounts of @accounts_file and the restreams
 * kept in @state_dir (NULL: the default folder), until SIGINT or SIGTERM.
 * Returns the exit code. */
gint rs_serve (const gchar * listen, const gchar * accounts_file,
    const gchar * state_dir, gboolean quiet);

G_END_DECLS
#endif /* __RS_SERVE_H__ */
