/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The paths of the control API and the handler of each method on them
 * (docs/api.md): a new endpoint is a row in one of the tables below. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "rsservice-private.h"

/* Paths below /v1/restreams have at most three more segments. */
#define MAX_DEPTH 3

typedef struct
{
  const gchar *method;          /* NULL: any */
  RsHandler handler;
} RsMethod;

/* A path that is always the same. */
typedef struct
{
  const gchar *path;
  gboolean public;              /* answered without a token */
  RsMethod method;
  const gchar *refusal;         /* the 405 message */
} RsFixedRoute;

/* A path below /v1/restreams: ID, then ACTION or "targets", then a target
 * name. */
typedef struct
{
  guint depth;                  /* segments after /v1/restreams */
  const gchar *segment;         /* the one after the ID, or NULL */
  RsMethod methods[2];
  /* The 405 message follows the name of the method, or for an action
   * the action's. */
  const gchar *refusal;
  gboolean refusal_names_action;
} RsRestreamRoute;

/* *INDENT-OFF* */
static const RsFixedRoute fixed_routes[] = {
  {"/healthz", TRUE, {NULL, rs_handle_healthz}, NULL},
  {"/", TRUE, {"GET", rs_handle_web}, "/: use GET"},
  {"/app.js", TRUE, {"GET", rs_handle_web}, "/app.js: use GET"},
  {"/style.css", TRUE, {"GET", rs_handle_web}, "/style.css: use GET"},
  {"/metrics", FALSE, {"GET", rs_handle_metrics}, "/metrics: use GET"},
};

static const RsRestreamRoute restream_routes[] = {
  {0, NULL, {{"GET", rs_handle_list_restreams},
          {"POST", rs_handle_create_restream}},
      " /v1/restreams: use GET or POST", FALSE},
  {1, NULL, {{"GET", rs_handle_get_restream},
          {"DELETE", rs_handle_delete_restream}},
      " on a restream: use GET or DELETE", FALSE},
  {2, "activate", {{"POST", rs_handle_activate}}, ": use POST", TRUE},
  {2, "deactivate", {{"POST", rs_handle_deactivate}}, ": use POST", TRUE},
  {2, "targets", {{"POST", rs_handle_add_target}}, " on targets: use POST",
      FALSE},
  {3, "targets", {{"DELETE", rs_handle_remove_target},
          {"PATCH", rs_handle_patch_target}},
      " on a target: use PATCH or DELETE", FALSE},
};
/* *INDENT-ON* */

gboolean
rs_routes_is_public (const gchar * path)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (fixed_routes); i++)
    if (fixed_routes[i].public && g_str_equal (path, fixed_routes[i].path))
      return TRUE;
  return FALSE;
}

static RsHandler
find_handler (const RsMethod * methods, guint n, const gchar * method)
{
  guint i;

  for (i = 0; i < n && methods[i].handler; i++)
    if (!methods[i].method || g_str_equal (methods[i].method, method))
      return methods[i].handler;
  return NULL;
}

static const RsRestreamRoute *
find_restream_route (guint depth, gchar ** segments)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (restream_routes); i++) {
    const RsRestreamRoute *route = &restream_routes[i];

    if (route->depth == depth && (!route->segment
            || g_str_equal (route->segment, segments[1])))
      return route;
  }
  return NULL;
}

/* @segments: what follows /v1/restreams, @depth of them. */
static void
dispatch_restreams (RsRequest * request, gchar ** segments, guint depth)
{
  const gchar *method = soup_server_message_get_method (request->msg);
  const RsRestreamRoute *route;
  RsHandler handler;

  if (depth > 0) {
    request->entry = g_hash_table_lookup (request->service->entries,
        segments[0]);
    /* Another account's restream does not exist for this one. */
    if (!request->entry || request->entry->account != request->account) {
      rs_http_respond_error (request->msg, RS_API_ERROR_NOT_FOUND, NULL,
          "no restream with id '%s'", segments[0]);
      return;
    }
  }
  route = find_restream_route (depth, segments);
  if (!route) {
    rs_http_respond_error (request->msg, RS_API_ERROR_NOT_FOUND, NULL,
        "no such resource");
    return;
  }
  handler = find_handler (route->methods, G_N_ELEMENTS (route->methods),
      method);
  if (!handler) {
    rs_http_respond_error (request->msg, RS_API_ERROR_METHOD, NULL, "%s%s",
        route->refusal_names_action ? route->segment : method, route->refusal);
    return;
  }
  request->target = depth == 3 ? segments[2] : NULL;
  handler (request);
}

void
rs_routes_dispatch (RsService * self, SoupServerMessage * msg,
    const gchar * path, const RsAccount * account)
{
  RsRequest request = { self, msg, account, NULL, NULL };
  g_auto (GStrv) parts = NULL;
  guint i, n;

  for (i = 0; i < G_N_ELEMENTS (fixed_routes); i++) {
    const RsFixedRoute *route = &fixed_routes[i];
    RsHandler handler;

    if (!g_str_equal (path, route->path))
      continue;
    handler = find_handler (&route->method, 1,
        soup_server_message_get_method (msg));
    if (handler)
      handler (&request);
    else
      rs_http_respond_error (msg, RS_API_ERROR_METHOD, NULL, "%s",
          route->refusal);
    return;
  }
  parts = g_strsplit (path, "/", -1);
  n = g_strv_length (parts);
  /* A trailing slash names the same resource. */
  if (n > 1 && !*parts[n - 1]) {
    g_free (parts[n - 1]);
    parts[--n] = NULL;
  }
  if (n >= 3 && n <= 3 + MAX_DEPTH && !*parts[0]
      && g_str_equal (parts[1], "v1") && g_str_equal (parts[2], "restreams"))
    dispatch_restreams (&request, parts + 3, n - 3);
  else
    rs_http_respond_error (msg, RS_API_ERROR_NOT_FOUND, NULL, "no such "
        "resource: %s (see docs/api.md)", path);
}
