/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __RS_SERVICE_H__
#define __RS_SERVICE_H__

#include <libsoup/soup.h>

#include "rsaccounts.h"

G_BEGIN_DECLS
/* The control API (HTTP/JSON) over restreams kept in a state directory;
 * see docs/api.md. Runs in the thread-default main context. */
typedef struct _RsService RsService;

/* Takes @accounts. Loads the state of @state_dir and starts every
 * restream that was active. With @log, one line per request and event on
 * stdout. */
RsService *rs_service_new (GPtrArray * accounts, const gchar * state_dir,
    gboolean log, GError ** error);

/* @address: HOST:PORT ([V6]:PORT); port 0 picks a free one. Prints the
 * address it listens on. */
gboolean rs_service_listen (RsService * service, const gchar * address,
    GError ** error);

/* Stops answering and ends every restream's broadcasts, keeping the state
 * on disk as it is (what was active starts again with the next run);
 * @done (gpointer user_data) is called when everything is stopped. */
void rs_service_shutdown (RsService * service, GCallback done,
    gpointer user_data);

void rs_service_free (RsService * service);

G_END_DECLS
#endif /* __RS_SERVICE_H__ */
