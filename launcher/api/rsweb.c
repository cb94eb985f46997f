/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The status page (web/, compiled into the binary as a GResource): served
 * without a token; the page itself asks for the account's token and sends
 * it with each API request. Strict headers: only our own scripts and
 * styles, no framing, no caching of an old page after an upgrade. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "rsservice-private.h"
#include "rsweb-resources.h"

#define RESOURCE_PREFIX "/org/gst-restream/web"

typedef struct
{
  const gchar *path;
  const gchar *file;
  const gchar *type;
} RsWebFile;

static const RsWebFile files[] = {
  {"/", "index.html", "text/html; charset=utf-8"},
  {"/app.js", "app.js", "text/javascript; charset=utf-8"},
  {"/style.css", "style.css", "text/css; charset=utf-8"},
};

void
rs_handle_web (RsRequest * request)
{
  const gchar *path = g_uri_get_path (soup_server_message_get_uri
      (request->msg));
  SoupMessageHeaders *headers =
      soup_server_message_get_response_headers (request->msg);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) data = NULL;
  g_autofree gchar *name = NULL;
  const RsWebFile *file = NULL;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (files) && !file; i++)
    if (g_str_equal (path, files[i].path))
      file = &files[i];
  g_assert (file != NULL);
  name = g_strconcat (RESOURCE_PREFIX "/", file->file, NULL);
  data = g_resource_lookup_data (rs_web_get_resource (), name,
      G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  soup_message_headers_replace (headers, "Content-Security-Policy",
      "default-src 'self'; frame-ancestors 'none'; form-action 'none'");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  soup_server_message_set_status (request->msg, 200, NULL);
  soup_server_message_set_response (request->msg, file->type,
      SOUP_MEMORY_COPY, g_bytes_get_data (data, NULL), g_bytes_get_size (data));
}
