/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __API_CLIENT_H__
#define __API_CLIENT_H__

#include <gst/check/gstcheck.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rsfixture.h"

G_BEGIN_DECLS
/* What the control API's integration tests share: restream-launch --serve
 * on a free port with two accounts, libsoup's HTTP client to talk to it,
 * and the checks every test makes on its answers. Failures end the test
 * through fail_unless. */
/* The publisher of the input: kbit/s, frames per keyframe. */
#define KBPS 1500
#define GOP 60

/* The accounts' tokens: alice may have 3 targets, bob one. */
#define ALICE "alice-token-0123456789abcdef"
#define BOB "bob-token-0123456789abcdefgh"

typedef struct
{
  RsProcess *proc;
  gchar *dir;
  gchar *state_dir;
  gchar *accounts;
  guint port;
  guint runs;
  SoupSession *session;
  GString *answers;             /* every body the API sent */
} ApiService;

typedef struct
{
  guint status;
  gchar *body;
  JsonNode *json;
} ApiReply;

void api_reply_free (ApiReply * r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ApiReply, api_reply_free);

/* A temporary directory with the accounts file and the state directory,
 * and the service started on it. */
ApiService *api_service_new (void);

/* Starts the service again on the same state directory. */
void api_service_start (ApiService * s);

void api_service_kill9 (ApiService * s);

/* SIGINT: every restream stopped, exit 0 within 8 s. */
void api_service_stop (ApiService * s);

/* Nothing the service printed or answered holds one of @secrets. */
void api_service_check_secrets (ApiService * s,
    const gchar * const *secrets);

/* Stops the service if it runs and removes its directory. */
void api_service_free (ApiService * s);

/* One request. @body NULL: none; @type NULL with a body: no Content-Type;
 * @chunked: a body of unknown length. */
ApiReply *api_request_full (ApiService * s, const gchar * method,
    const gchar * path, const gchar * token, const gchar * type,
    const gchar * body, gboolean chunked);

/* One request with a JSON body, or none if @body is NULL. */
ApiReply *api_request (ApiService * s, const gchar * method,
    const gchar * path, const gchar * token, const gchar * body);

/* The answer as a JSON object. */
JsonObject *api_object (ApiReply * r);

const gchar *api_error_code (ApiReply * r);

/* The "field" of the first problem in an error answer. */
const gchar *api_problem_field (ApiReply * r);

JsonObject *api_find_target (JsonObject * restream, const gchar * name);

/* Polls GET /v1/restreams/ID (as alice) until the restream (and, with
 * @target, that target) is in @state. */
gboolean api_wait_state (ApiService * s, const gchar * id,
    const gchar * target, const gchar * state, guint timeout_ms);

/* Files in the state directory, each ID.json with mode 0600. */
guint api_count_state_files (ApiService * s);

/* A receiver on @url decodes @frames video frames within 15 s. */
void api_assert_decodes (const gchar * url, guint frames);

/* The test input: an H.264 + AAC stream published to @nginx's "in" stream
 * (its URL in @in_url, to be freed). */
RsProcess *api_publish_input (RsNginx * nginx, gchar ** in_url);

/* An error answer with @status, @code and a message. */
void api_assert_error (ApiReply * r, guint status, const gchar * code);

G_END_DECLS
#endif /* __API_CLIENT_H__ */
