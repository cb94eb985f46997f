/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The client side of the control API's integration tests (apiclient.h). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "apiclient.h"

#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

void
api_reply_free (ApiReply * r)
{
  g_free (r->body);
  if (r->json)
    json_node_unref (r->json);
  g_free (r);
}

void
api_service_start (ApiService * s)
{
  const gchar *binary = g_getenv ("RS_LAUNCHER");
  g_autofree gchar *listen = g_strdup_printf ("127.0.0.1:%u", s->port);
  g_autofree gchar *out = g_strdup_printf ("%s/out-%u.log", s->dir, s->runs);
  g_autofree gchar *err = g_strdup_printf ("%s/err-%u.log", s->dir, s->runs);
  g_autoptr (GError) error = NULL;
  const gchar *argv[] = { binary, "--serve", "--listen", listen,
    "--accounts", s->accounts, "--state-dir", s->state_dir, NULL
  };

  fail_unless (binary != NULL, "RS_LAUNCHER is not set");
  s->runs++;
  s->proc = rs_process_spawn (argv, out, err, &error);
  fail_unless (s->proc != NULL, "%s", error ? error->message : "");
  fail_unless (rs_wait_tcp_port (s->port, 10000), "the API did not listen");
}

ApiService *
api_service_new (void)
{
  ApiService *s = g_new0 (ApiService, 1);
  g_autoptr (GError) error = NULL;

  s->dir = g_dir_make_tmp ("rs-api-XXXXXX", &error);
  fail_unless (s->dir != NULL);
  s->state_dir = g_build_filename (s->dir, "state", NULL);
  s->accounts = g_build_filename (s->dir, "accounts.ini", NULL);
  fail_unless (g_file_set_contents (s->accounts,
          "[account alice]\ntoken=" ALICE "\nmax-targets=3\n\n"
          "[account bob]\ntoken=" BOB "\n", -1, NULL));
  s->port = rs_free_port (FALSE);
  s->session = soup_session_new ();
  s->answers = g_string_new (NULL);
  api_service_start (s);
  return s;
}

void
api_service_kill9 (ApiService * s)
{
  rs_process_signal (s->proc, SIGKILL);
  fail_unless (rs_process_wait (s->proc, 5000) != -1);
  rs_process_free (s->proc);
  s->proc = NULL;
}

void
api_service_stop (ApiService * s)
{
  gint status;

  rs_process_signal (s->proc, SIGINT);
  status = rs_process_wait (s->proc, 8000);
  fail_unless (status != -1, "the service did not stop within 8 s");
  fail_unless (WIFEXITED (status) && WEXITSTATUS (status) == 0,
      "service exit status %d", status);
  rs_process_free (s->proc);
  s->proc = NULL;
}

void
api_service_check_secrets (ApiService * s, const gchar * const *secrets)
{
  guint run, i;

  for (run = 0; run < s->runs; run++) {
    g_autofree gchar *out = g_strdup_printf ("%s/out-%u.log", s->dir, run);
    g_autofree gchar *err = g_strdup_printf ("%s/err-%u.log", s->dir, run);
    g_autofree gchar *out_text = NULL, *err_text = NULL;

    g_file_get_contents (out, &out_text, NULL, NULL);
    g_file_get_contents (err, &err_text, NULL, NULL);
    for (i = 0; secrets[i]; i++) {
      fail_if (out_text && strstr (out_text, secrets[i]), "secret %u in the "
          "log of run %u", i, run);
      fail_if (err_text && strstr (err_text, secrets[i]), "secret %u in "
          "stderr of run %u", i, run);
      fail_if (strstr (s->answers->str, secrets[i]), "secret %u in an API "
          "answer", i);
    }
  }
}

void
api_service_free (ApiService * s)
{
  if (s->proc)
    api_service_stop (s);
  g_object_unref (s->session);
  g_string_free (s->answers, TRUE);
  rs_process_free (s->proc);
  rs_remove_tree (s->dir);      /* the state directory is inside */
  g_free (s->dir);
  g_free (s->state_dir);
  g_free (s->accounts);
  g_free (s);
}

ApiReply *
api_request_full (ApiService * s, const gchar * method, const gchar * path,
    const gchar * token, const gchar * type, const gchar * body,
    gboolean chunked)
{
  g_autofree gchar *uri = g_strdup_printf ("http://127.0.0.1:%u%s", s->port,
      path);
  g_autoptr (SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) answer = NULL;
  ApiReply *r = g_new0 (ApiReply, 1);

  fail_unless (msg != NULL, "bad URI %s", uri);
  if (token) {
    g_autofree gchar *auth = g_strconcat ("Bearer ", token, NULL);

    soup_message_headers_replace (soup_message_get_request_headers (msg),
        "Authorization", auth);
  }
  if (body && chunked) {
    GInputStream *stream = g_memory_input_stream_new_from_data
        (g_strdup (body), strlen (body), g_free);

    soup_message_set_request_body (msg, type, stream, -1);
    g_object_unref (stream);
  } else if (body) {
    g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));

    soup_message_set_request_body_from_bytes (msg, type, bytes);
  }
  answer = soup_session_send_and_read (s->session, msg, NULL, &error);
  fail_unless (answer != NULL, "%s %s: %s", method, path,
      error ? error->message : "");
  r->status = soup_message_get_status (msg);
  r->body = g_bytes_get_size (answer) ?
      g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer)) :
      g_strdup ("");
  g_string_append (s->answers, r->body);
  if (*r->body && g_str_has_prefix (soup_message_headers_get_content_type
          (soup_message_get_response_headers (msg), NULL) ?
          soup_message_headers_get_content_type
          (soup_message_get_response_headers (msg), NULL) : "",
          "application/json")) {
    g_autoptr (JsonParser) parser = json_parser_new ();

    fail_unless (json_parser_load_from_data (parser, r->body, -1, NULL),
        "not JSON: %s", r->body);
    r->json = json_parser_steal_root (parser);
  }
  return r;
}

ApiReply *
api_request (ApiService * s, const gchar * method, const gchar * path,
    const gchar * token, const gchar * body)
{
  return api_request_full (s, method, path, token, body ? "application/json" :
      NULL, body, FALSE);
}

JsonObject *
api_object (ApiReply * r)
{
  fail_unless (r->json && JSON_NODE_HOLDS_OBJECT (r->json), "%s", r->body);
  return json_node_get_object (r->json);
}

const gchar *
api_error_code (ApiReply * r)
{
  return
      json_object_get_string_member (json_object_get_object_member (api_object
          (r), "error"), "code");
}

const gchar *
api_problem_field (ApiReply * r)
{
  JsonObject *error = json_object_get_object_member (api_object (r), "error");
  JsonArray *problems = json_object_get_array_member (error, "problems");

  fail_unless (problems && json_array_get_length (problems) > 0, "%s", r->body);
  return json_object_get_string_member (json_array_get_object_element
      (problems, 0), "field");
}

JsonObject *
api_find_target (JsonObject * restream, const gchar * name)
{
  JsonArray *targets = json_object_get_array_member (restream, "targets");
  guint i;

  for (i = 0; i < json_array_get_length (targets); i++) {
    JsonObject *t = json_array_get_object_element (targets, i);

    if (g_str_equal (json_object_get_string_member (t, "name"), name))
      return t;
  }
  return NULL;
}

gboolean
api_wait_state (ApiService * s, const gchar * id, const gchar * target,
    const gchar * state, guint timeout_ms)
{
  g_autofree gchar *path = g_strdup_printf ("/v1/restreams/%s", id);
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;

  do {
    g_autoptr (ApiReply) r = api_request (s, "GET", path, ALICE, NULL);
    JsonObject *o;

    if (r->status == 200) {
      o = api_object (r);
      if (target)
        o = api_find_target (o, target);
      if (o && g_str_equal (json_object_get_string_member (o, "state"), state))
        return TRUE;
    }
    g_usleep (200 * 1000);
  } while (g_get_monotonic_time () < deadline);
  return FALSE;
}

guint
api_count_state_files (ApiService * s)
{
  g_autofree gchar *restreams = g_build_filename (s->state_dir, "restreams",
      NULL);
  g_autoptr (GDir) dir = g_dir_open (restreams, 0, NULL);
  const gchar *name;
  guint n = 0;

  while (dir && (name = g_dir_read_name (dir))) {
    g_autofree gchar *path = g_build_filename (restreams, name, NULL);
    GStatBuf st;

    fail_unless (g_str_has_suffix (name, ".json"), "stray file %s", name);
    fail_unless (g_stat (path, &st) == 0);
    fail_unless ((st.st_mode & 0777) == 0600, "%s has mode %o", name,
        st.st_mode & 0777);
    n++;
  }
  return n;
}

void
api_assert_decodes (const gchar * url, guint frames)
{
  g_autoptr (GError) error = NULL;
  RsReceiver *receiver = rs_receiver_start_decoding (url, frames, 15000,
      &error);

  fail_unless (receiver != NULL, "%s", error ? error->message : "");
  rs_receiver_stop (receiver);
}

void
api_assert_error (ApiReply * r, guint status, const gchar * code)
{
  fail_unless (r->status == status, "status %u, wanted %u: %s", r->status,
      status, r->body);
  fail_unless_equals_string (api_error_code (r), code);
  fail_unless (*json_object_get_string_member (json_object_get_object_member
          (api_object (r), "error"), "message"));
}

RsProcess *
api_publish_input (RsNginx * nginx, gchar ** in_url)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *sink = NULL;
  RsProcess *publisher;

  fail_unless (nginx != NULL, "no origin");
  *in_url = rs_nginx_url (nginx, "in");
  sink = g_strdup_printf ("rtmp2sink location=%s", *in_url);
  publisher = rs_publisher_start ("flvmux", KBPS, GOP, sink, &error);
  fail_unless (publisher != NULL, "%s", error ? error->message : "");
  return publisher;
}
