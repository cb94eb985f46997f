/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __RS_SERVICE_PRIVATE_H__
#define __RS_SERVICE_PRIVATE_H__

#include <json-glib/json-glib.h>

#include "rsservice.h"
#include "rsrestream.h"

G_BEGIN_DECLS
/* What the files of the control API share and nothing else uses: the
 * service, its entries, the HTTP answers, the state on disk, the routes
 * and their handlers. Everything runs in the service's main context, so
 * nothing here takes a lock. */
typedef struct _RsEntry RsEntry;

struct _RsService
{
  SoupServer *server;
  GPtrArray *accounts;
  gchar *restreams_dir;
  gboolean log;
  GHashTable *entries;          /* id -> RsEntry */
  GList *deleting;              /* deleted, their targets still ending */
  gboolean shutting_down;
  guint stopping;
  GCallback done;
  gpointer done_data;
  guint64 requests[6];          /* by status class: 1xx .. 5xx */
};

/* One restream of an account, as the API knows it. */
struct _RsEntry
{
  RsService *service;
  gchar *id;
  const RsAccount *account;
  RsRestream *restream;
  gboolean active;              /* should run; kept on disk */
  gchar *reason;                /* why it is not active */
  gint64 created;               /* unix seconds */
  guint64 outages;
  gboolean activate_after_stop;
  gboolean deleted;
  gboolean counted;             /* the service's shutdown waits for it */
};

/* rsservice.c */

/* One line on stdout if the service logs. */
void rs_service_log (RsService * self, const gchar * format, ...)
    G_GNUC_PRINTF (2, 3);

/* A restream the shutdown waited for has stopped. */
void rs_service_stopped_one (RsService * self);

/* rsentry.c */

/* @id NULL: a new random one. Takes @description. */
RsEntry *rs_entry_new (RsService * service, const gchar * id,
    const RsAccount * account, RsDescription * description);
void rs_entry_free (RsEntry * entry);

/* Starts the restream; on failure it is inactive, with the error as the
 * reason. */
void rs_entry_start (RsEntry * entry);

/* Ends the restream's broadcasts; a deleted entry is freed once they
 * have ended. */
void rs_entry_stop (RsEntry * entry);

gboolean rs_entry_running (RsEntry * entry);
JsonNode *rs_entry_to_json (RsEntry * entry);

/* The account's restreams, oldest first (the array does not own them). */
GPtrArray *rs_entries_of_account (RsService * service,
    const RsAccount * account);

/* Targets of all the account's restreams: what its quota counts. */
guint rs_entries_count_targets (RsService * service,
    const RsAccount * account);

/* rsstore.c */

/* Creates STATE_DIR and STATE_DIR/restreams, mode 0700; returns the
 * latter. */
gchar *rs_store_prepare (const gchar * state_dir, GError ** error);

/* DIR/restreams/ID.json, replaced durably. */
gboolean rs_store_save (RsEntry * entry, GError ** error);
void rs_store_remove (RsEntry * entry);

/* Adds an entry for every restream on disk and starts the active ones. */
void rs_store_load (RsService * service);

/* rshttp.c */

/* The stable error codes of the API (docs/api.md). */
typedef enum
{
  RS_API_ERROR_UNAUTHORIZED,
  RS_API_ERROR_NOT_FOUND,
  RS_API_ERROR_METHOD,
  RS_API_ERROR_LENGTH,
  RS_API_ERROR_TOO_LARGE,
  RS_API_ERROR_MEDIA_TYPE,
  RS_API_ERROR_BAD_JSON,
  RS_API_ERROR_INVALID,
  RS_API_ERROR_QUOTA,
  RS_API_ERROR_CONFLICT,
  RS_API_ERROR_NOT_SAVED,
  RS_API_ERROR_START,
} RsApiError;

/* Takes @node. */
void rs_http_respond_json (SoupServerMessage * msg, guint status,
    JsonNode * node);

/* {"error": {"code", "message", "problems"}}; @problems may be NULL. */
void rs_http_respond_error (SoupServerMessage * msg, RsApiError error,
    GPtrArray * problems, const gchar * format, ...) G_GNUC_PRINTF (4, 5);

/* The account of the request's bearer token, or NULL. */
const RsAccount *rs_http_authenticate (GPtrArray * accounts,
    SoupServerMessage * msg);

/* Before the body is read: answers if it is not taken (of unknown length
 * or too large). */
void rs_http_check_body_size (SoupServerMessage * msg);

/* Parses the body as JSON; NULL after answering if it is not. */
JsonNode *rs_http_read_json (SoupServerMessage * msg);

/* rsroutes.c */

/* What a handler gets: the request and what its path names. */
typedef struct
{
  RsService *service;
  SoupServerMessage *msg;
  const RsAccount *account;
  RsEntry *entry;               /* the restream of the path, or NULL */
  const gchar *target;          /* the target of the path, or NULL */
} RsRequest;

typedef void (*RsHandler) (RsRequest * request);

/* Paths answered without a token. */
gboolean rs_routes_is_public (const gchar * path);

/* Answers @msg; @account is NULL only for a public path. */
void rs_routes_dispatch (RsService * service, SoupServerMessage * msg,
    const gchar * path, const RsAccount * account);

/* rshandlers.c, one per endpoint (docs/api.md) */

void rs_handle_healthz (RsRequest * request);
void rs_handle_list_restreams (RsRequest * request);
void rs_handle_create_restream (RsRequest * request);
void rs_handle_get_restream (RsRequest * request);
void rs_handle_delete_restream (RsRequest * request);
void rs_handle_activate (RsRequest * request);
void rs_handle_deactivate (RsRequest * request);
void rs_handle_add_target (RsRequest * request);
void rs_handle_remove_target (RsRequest * request);
void rs_handle_patch_target (RsRequest * request);

/* rsmetrics.c */

void rs_handle_metrics (RsRequest * request);

/* rsweb.c: the status page's files */

void rs_handle_web (RsRequest * request);

G_END_DECLS
#endif /* __RS_SERVICE_PRIVATE_H__ */
