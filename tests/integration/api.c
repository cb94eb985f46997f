/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The control API end to end: restream-launch --serve driven by libsoup's
 * HTTP client, with a real nginx-rtmp origin and targets, an SRT listener,
 * receivers that decode what arrives, kill -9 and restarts on the same
 * state directory. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rsfixture.h"

#define KBPS 1500
#define GOP 60
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
} Service;

typedef struct
{
  guint status;
  gchar *body;
  JsonNode *json;
} Reply;

static void
reply_free (Reply * r)
{
  g_free (r->body);
  if (r->json)
    json_node_unref (r->json);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free);

static void
service_start (Service * s)
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

static Service *
service_new (void)
{
  Service *s = g_new0 (Service, 1);
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
  service_start (s);
  return s;
}

static void
service_kill9 (Service * s)
{
  rs_process_signal (s->proc, SIGKILL);
  fail_unless (rs_process_wait (s->proc, 5000) != -1);
  rs_process_free (s->proc);
  s->proc = NULL;
}

/* SIGINT: every restream stopped, exit 0 within 8 s. */
static void
service_stop (Service * s)
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

/* Nothing the service printed or answered holds a secret. */
static void
service_check_secrets (Service * s, const gchar * const *secrets)
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

static void
service_free (Service * s)
{
  if (s->proc)
    service_stop (s);
  g_object_unref (s->session);
  g_string_free (s->answers, TRUE);
  rs_process_free (s->proc);
  rs_remove_tree (s->dir);      /* the state directory is inside */
  g_free (s->dir);
  g_free (s->state_dir);
  g_free (s->accounts);
  g_free (s);
}

/* One request. @body NULL: none; @type NULL with a body: no Content-Type;
 * @chunked: a body of unknown length. */
static Reply *
request_full (Service * s, const gchar * method, const gchar * path,
    const gchar * token, const gchar * type, const gchar * body,
    gboolean chunked)
{
  g_autofree gchar *uri = g_strdup_printf ("http://127.0.0.1:%u%s", s->port,
      path);
  g_autoptr (SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) answer = NULL;
  Reply *r = g_new0 (Reply, 1);

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

static Reply *
request (Service * s, const gchar * method, const gchar * path,
    const gchar * token, const gchar * body)
{
  return request_full (s, method, path, token, body ? "application/json" :
      NULL, body, FALSE);
}

static JsonObject *
obj (Reply * r)
{
  fail_unless (r->json && JSON_NODE_HOLDS_OBJECT (r->json), "%s", r->body);
  return json_node_get_object (r->json);
}

static const gchar *
error_code (Reply * r)
{
  return json_object_get_string_member (json_object_get_object_member (obj
          (r), "error"), "code");
}

/* The "field" of the first problem in an error answer. */
static const gchar *
problem_field (Reply * r)
{
  JsonObject *error = json_object_get_object_member (obj (r), "error");
  JsonArray *problems = json_object_get_array_member (error, "problems");

  fail_unless (problems && json_array_get_length (problems) > 0, "%s", r->body);
  return json_object_get_string_member (json_array_get_object_element
      (problems, 0), "field");
}

static JsonObject *
find_target (JsonObject * restream, const gchar * name)
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

/* Polls GET /v1/restreams/ID until the restream (and, with @target, that
 * target) is in @state. */
static gboolean
wait_state (Service * s, const gchar * id, const gchar * target,
    const gchar * state, guint timeout_ms)
{
  g_autofree gchar *path = g_strdup_printf ("/v1/restreams/%s", id);
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;

  do {
    g_autoptr (Reply) r = request (s, "GET", path, ALICE, NULL);
    JsonObject *o;

    if (r->status == 200) {
      o = obj (r);
      if (target)
        o = find_target (o, target);
      if (o && g_str_equal (json_object_get_string_member (o, "state"), state))
        return TRUE;
    }
    g_usleep (200 * 1000);
  } while (g_get_monotonic_time () < deadline);
  return FALSE;
}

static guint
count_state_files (Service * s)
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

static void
assert_decodes (const gchar * url, guint frames)
{
  g_autoptr (GError) error = NULL;
  RsReceiver *receiver = rs_receiver_start (url, &error);

  fail_unless (receiver != NULL, "%s", error ? error->message : "");
  fail_unless (rs_receiver_wait_frames (receiver, frames, 15000),
      "%s: %u frames decoded, wanted %u", url,
      rs_receiver_video_frames (receiver), frames);
  rs_receiver_stop (receiver);
}

/* Create, inspect, add and remove targets live (the first target's stream
 * shows no gap), quota, deactivate, activate, kill -9 and restart twice
 * (active comes back live, deactivated stays stopped), delete. */
GST_START_TEST (test_api_lifecycle)
{
  g_autoptr (GError) error = NULL;
  RsNginx *nginx = rs_nginx_start (FALSE, &error);
  g_autofree gchar *in_url = NULL, *body = NULL, *a_url = NULL;
  g_autofree gchar *b_url = NULL, *ts_path = NULL, *path = NULL;
  g_autofree gchar *id = NULL, *targets = NULL, *srt_body = NULL;
  RsSrtListener *srt;
  RsProcess *publisher;
  RsReceiver *watch;
  gint64 added;
  Service *s;
  const gchar *secrets[] = { "key-a-5f1e2d", "key-b-99c0a1", "key-c-77aa01",
    ALICE, BOB, NULL
  };

  fail_unless (nginx != NULL, "%s", error ? error->message : "");
  in_url = rs_nginx_url (nginx, "in");
  {
    g_autofree gchar *sink = g_strdup_printf ("rtmp2sink location=%s",
        in_url);

    publisher = rs_publisher_start ("flvmux", KBPS, GOP, sink, &error);
    fail_unless (publisher != NULL, "%s", error ? error->message : "");
  }
  ts_path = g_build_filename (g_get_tmp_dir (), "rs-api-srt-XXXXXX.ts", NULL);
  g_close (g_mkstemp (ts_path), NULL);
  srt = rs_srt_listener_start (NULL, ts_path, &error);
  fail_unless (srt != NULL, "%s", error ? error->message : "");
  s = service_new ();

  {
    g_autoptr (Reply) r = request (s, "GET", "/healthz", NULL, NULL);

    fail_unless_equals_int (r->status, 200);
  }
  body = g_strdup_printf ("{\"name\": \"show\", \"input\": \"%s\", "
      "\"targets\": [{\"name\": \"a\", \"url\": \"rtmp://127.0.0.1:%u/live\", "
      "\"key\": \"key-a-5f1e2d\", \"platform\": \"youtube\"}]}", in_url,
      nginx->rtmp_port);
  {
    g_autoptr (Reply) r = request (s, "POST", "/v1/restreams", ALICE, body);

    fail_unless_equals_int (r->status, 201);
    id = g_strdup (json_object_get_string_member (obj (r), "id"));
    fail_unless_equals_string (json_object_get_string_member (obj (r),
            "name"), "show");
  }
  fail_unless_equals_int (count_state_files (s), 1);
  path = g_strdup_printf ("/v1/restreams/%s", id);
  targets = g_strdup_printf ("/v1/restreams/%s/targets", id);
  fail_unless (wait_state (s, id, "a", "live", 15000), "target a not live");
  fail_unless (wait_state (s, id, NULL, "live", 5000));
  {
    g_autoptr (Reply) r = request (s, "GET", path, ALICE, NULL);
    JsonObject *a = find_target (obj (r), "a");

    fail_unless_equals_int (r->status, 200);
    fail_unless_equals_string (json_object_get_string_member
        (json_object_get_object_member (obj (r), "input"), "state"), "active");
    fail_unless (json_object_get_int_member (a, "bytes") > 0);
    fail_unless (json_object_has_member (a, "bitrate"));
    fail_unless (json_object_has_member (a, "drops"));
    fail_unless (json_object_has_member (a, "reconnects"));
    fail_unless (json_object_has_member (a, "findings"));
  }

  /* A receiver on target a watches for gaps while targets come and go. */
  a_url = g_strdup_printf ("rtmp://127.0.0.1:%u/live/key-a-5f1e2d",
      nginx->rtmp_port);
  watch = rs_receiver_start (a_url, &error);
  fail_unless (watch != NULL, "%s", error ? error->message : "");
  fail_unless (rs_receiver_wait_frames (watch, 30, 15000));
  rs_receiver_reset_gap (watch);

  {
    g_autofree gchar *t = g_strdup_printf ("{\"name\": \"b\", \"url\": "
        "\"rtmp://127.0.0.1:%u/live\", \"key\": \"key-b-99c0a1\"}",
        nginx->rtmp_port);
    g_autoptr (Reply) r = NULL;

    added = g_get_monotonic_time ();
    r = request (s, "POST", targets, ALICE, t);
    fail_unless_equals_int (r->status, 201);
  }
  fail_unless (wait_state (s, id, "b", "live", 15000), "target b not live");
  g_print ("target b live %.2f s after its POST\n",
      (g_get_monotonic_time () - added) / 1e6);
  b_url = g_strdup_printf ("rtmp://127.0.0.1:%u/live/key-b-99c0a1",
      nginx->rtmp_port);
  assert_decodes (b_url, 30);
  /* The first SRT target: the MPEG-TS muxer joins the running restream. */
  srt_body = g_strdup_printf ("{\"name\": \"s\", \"url\": \"srt://127.0.0.1:"
      "%u?mode=caller&latency=400000&streamid=show\"}", srt->port);
  {
    g_autoptr (Reply) r = request (s, "POST", targets, ALICE, srt_body);

    fail_unless_equals_int (r->status, 201);
  }
  fail_unless (wait_state (s, id, "s", "live", 15000), "target s not live");
  /* Quota: alice may have 3 targets and has 3. */
  {
    g_autofree gchar *t = g_strdup_printf ("{\"name\": \"c\", \"url\": "
        "\"rtmp://127.0.0.1:%u/live\", \"key\": \"key-c-77aa01\"}",
        nginx->rtmp_port);
    g_autoptr (Reply) r = request (s, "POST", targets, ALICE, t);

    fail_unless_equals_int (r->status, 403);
    fail_unless_equals_string (error_code (r), "quota-exceeded");
  }
  {
    g_autofree gchar *p = g_strdup_printf ("%s/b", targets);
    g_autoptr (Reply) r = request (s, "DELETE", p, ALICE, NULL);

    fail_unless_equals_int (r->status, 204);
  }
  {
    g_autoptr (Reply) r = request (s, "GET", path, ALICE, NULL);

    fail_unless (find_target (obj (r), "b") == NULL);
    fail_unless (find_target (obj (r), "s") != NULL);
  }
  g_usleep (2 * G_USEC_PER_SEC);
  g_print ("target a's longest gap between decoded frames while targets "
      "were added and removed: %.0f ms\n", rs_receiver_max_gap (watch) / 1e3);
  fail_unless (rs_receiver_max_gap (watch) < G_USEC_PER_SEC,
      "target a's stream stopped for %" G_GINT64_FORMAT " ms while targets "
      "were added and removed", rs_receiver_max_gap (watch) / 1000);
  rs_receiver_stop (watch);

  /* Deactivate, then activate. */
  {
    g_autofree gchar *p = g_strdup_printf ("%s/deactivate", path);
    g_autoptr (Reply) r = request (s, "POST", p, ALICE, NULL);

    fail_unless_equals_int (r->status, 200);
    fail_if (json_object_get_boolean_member (obj (r), "active"));
  }
  fail_unless (wait_state (s, id, NULL, "stopped", 8000));
  {
    g_autoptr (Reply) r = request (s, "GET", "/metrics", ALICE, NULL);

    fail_unless_equals_int (r->status, 200);
    fail_unless (strstr (r->body, "restream_active{id=\"") != NULL);
    fail_unless (strstr (r->body, "restream=\"show\"} 0\n") != NULL, "%s",
        r->body);
    fail_unless (strstr (r->body, "restream_target_bytes_total{") != NULL);
  }
  {
    g_autofree gchar *p = g_strdup_printf ("%s/activate", path);
    g_autoptr (Reply) r = request (s, "POST", p, ALICE, NULL);

    fail_unless_equals_int (r->status, 200);
  }
  fail_unless (wait_state (s, id, "a", "live", 15000));
  assert_decodes (a_url, 30);

  /* kill -9 while live: back, live, with the same targets. */
  service_kill9 (s);
  service_start (s);
  {
    g_autoptr (Reply) r = request (s, "GET", path, ALICE, NULL);

    fail_unless_equals_int (r->status, 200);
    fail_unless (json_object_get_boolean_member (obj (r), "active"));
    fail_unless (find_target (obj (r), "a") && find_target (obj (r), "s"));
    fail_unless (find_target (obj (r), "b") == NULL);
  }
  fail_unless (wait_state (s, id, "a", "live", 15000), "not live after "
      "kill -9 and restart");
  assert_decodes (a_url, 30);

  /* kill -9 while deactivated: still listed, still stopped. */
  {
    g_autofree gchar *p = g_strdup_printf ("%s/deactivate", path);
    g_autoptr (Reply) r = request (s, "POST", p, ALICE, NULL);

    fail_unless_equals_int (r->status, 200);
  }
  service_kill9 (s);
  service_start (s);
  {
    g_autoptr (Reply) r = request (s, "GET", path, ALICE, NULL);

    fail_unless_equals_int (r->status, 200);
    fail_unless_equals_string (json_object_get_string_member (obj (r),
            "state"), "stopped");
    fail_if (json_object_get_boolean_member (obj (r), "active"));
  }

  /* Delete: gone from the API and from the disk. */
  {
    g_autoptr (Reply) r = request (s, "DELETE", path, ALICE, NULL);

    fail_unless_equals_int (r->status, 204);
  }
  {
    g_autoptr (Reply) r = request (s, "GET", path, ALICE, NULL);

    fail_unless_equals_int (r->status, 404);
  }
  fail_unless_equals_int (count_state_files (s), 0);
  service_stop (s);
  service_check_secrets (s, secrets);

  rs_srt_listener_stop (srt);
  {
    g_autofree gchar *probe = rs_ffprobe (ts_path, 15000);

    fail_unless (probe && strstr (probe, "\"h264\"") &&
        strstr (probe, "\"aac\""), "SRT target recording: %s", probe);
  }
  g_unlink (ts_path);
  service_free (s);
  rs_process_free (publisher);
  rs_nginx_stop (nginx);
}

GST_END_TEST;

/* The input goes away past retry-timeout: the restream stops for good,
 * stays stopped across a kill -9, and activate brings it back. */
GST_START_TEST (test_api_forced_stop)
{
  g_autoptr (GError) error = NULL;
  RsNginx *nginx = rs_nginx_start (FALSE, &error);
  g_autofree gchar *in_url = NULL, *body = NULL, *sink = NULL;
  g_autofree gchar *id = NULL, *path = NULL, *out_url = NULL;
  RsProcess *publisher;
  Service *s;

  fail_unless (nginx != NULL, "%s", error ? error->message : "");
  in_url = rs_nginx_url (nginx, "in");
  sink = g_strdup_printf ("rtmp2sink location=%s", in_url);
  publisher = rs_publisher_start ("flvmux", KBPS, GOP, sink, &error);
  fail_unless (publisher != NULL, "%s", error ? error->message : "");
  s = service_new ();
  body = g_strdup_printf ("{\"name\": \"brief\", \"input\": \"%s\", "
      "\"outage-threshold\": 1, \"retry-timeout\": 2, \"targets\": "
      "[{\"name\": \"out\", \"url\": \"rtmp://127.0.0.1:%u/live\", "
      "\"key\": \"brief-out-key\"}]}", in_url, nginx->rtmp_port);
  {
    g_autoptr (Reply) r = request (s, "POST", "/v1/restreams", ALICE, body);

    fail_unless_equals_int (r->status, 201);
    id = g_strdup (json_object_get_string_member (obj (r), "id"));
  }
  path = g_strdup_printf ("/v1/restreams/%s", id);
  fail_unless (wait_state (s, id, "out", "live", 15000));

  rs_process_free (publisher);
  fail_unless (wait_state (s, id, NULL, "stopped", 15000),
      "not stopped after the input's retry timeout");
  service_kill9 (s);
  service_start (s);
  {
    g_autoptr (Reply) r = request (s, "GET", path, ALICE, NULL);

    fail_unless_equals_int (r->status, 200);
    fail_unless_equals_string (json_object_get_string_member (obj (r),
            "state"), "stopped");
    fail_if (json_object_get_boolean_member (obj (r), "active"));
    fail_unless (strstr (json_object_get_string_member (obj (r), "reason"),
            "retry-timeout") != NULL, "%s", r->body);
  }
  /* Stays stopped while nobody activates it. */
  g_usleep (G_USEC_PER_SEC);
  fail_unless (wait_state (s, id, NULL, "stopped", 100));

  publisher = rs_publisher_start ("flvmux", KBPS, GOP, sink, &error);
  fail_unless (publisher != NULL, "%s", error ? error->message : "");
  {
    g_autofree gchar *p = g_strdup_printf ("%s/activate", path);
    g_autoptr (Reply) r = request (s, "POST", p, ALICE, NULL);

    fail_unless_equals_int (r->status, 200);
    fail_unless (json_object_get_boolean_member (obj (r), "active"));
  }
  fail_unless (wait_state (s, id, "out", "live", 15000));
  out_url = g_strdup_printf ("rtmp://127.0.0.1:%u/live/brief-out-key",
      nginx->rtmp_port);
  assert_decodes (out_url, 30);
  service_stop (s);
  service_free (s);
  rs_process_free (publisher);
  rs_nginx_stop (nginx);
}

GST_END_TEST;

static void
assert_error (Reply * r, guint status, const gchar * code)
{
  fail_unless (r->status == status, "status %u, wanted %u: %s", r->status,
      status, r->body);
  fail_unless_equals_string (error_code (r), code);
  fail_unless (*json_object_get_string_member (json_object_get_object_member
          (obj (r), "error"), "message"));
}

/* Tokens, isolation between accounts, quota, and bad requests: each gets
 * its status and code, and nothing changes. */
GST_START_TEST (test_api_refusals)
{
  Service *s = service_new ();
  g_autofree gchar *id = NULL, *path = NULL, *other = NULL;
  g_autofree gchar *huge = NULL;
  const gchar *valid = "{\"name\": \"mine\", \"input\": "
      "\"rtmp://127.0.0.1:9/live/in-key-123456\", \"targets\": [{\"name\": "
      "\"t\", \"url\": \"rtmp://127.0.0.1:9/live\", \"key\": "
      "\"refusal-key-3141\"}]}";
  const gchar *secrets[] = { "refusal-key-3141", "in-key-123456", ALICE, BOB,
    NULL
  };
  const struct
  {
    const gchar *body;
    const gchar *field;
  } invalid[] = {
    {"{\"name\": 5, \"input\": \"rtmp://h/a/b\", \"targets\": []}", "name"},
    {"{\"name\": \"x\", \"input\": \"rtmp://127.0.0.1/a/b\", \"colour\": 1, "
          "\"targets\": [{\"name\": \"t\", \"url\": \"rtmp://127.0.0.1/a\", "
          "\"key\": \"k-123456\"}]}", "colour"},
    {"{\"name\": \"x\", \"input\": \"rtmp://127.0.0.1/a/b\", \"targets\": "
          "[{\"name\": \"t\", \"url\": \"rtmp://127.0.0.1/a\", \"key\": "
          "\"k-123456\", \"speed\": 2}]}", "targets[0].speed"},
    {"{\"name\": \"x\", \"input\": \"rtmp://127.0.0.1/a/b\", \"targets\": "
          "[{\"name\": \"t\", \"url\": \"http://127.0.0.1/a\"}]}",
        "targets[0].url"},
    {"{\"name\": \"x\", \"input\": \"rtmp://127.0.0.1/a/b\", \"targets\": "
          "[{\"name\": \"t\", \"url\": \"srt://127.0.0.1:9000?mode=listener\"}"
          "]}", "targets[0].url"},
    {"{\"name\": \"x\", \"input\": \"rtmp://127.0.0.1/a/b\", \"targets\": "
          "[{\"name\": \"t\", \"url\": \"rtmp://127.0.0.1/a\", \"key\": "
          "\"k-123456\", \"tls-validation\": \"no\"}]}",
        "targets[0].tls-validation"},
    {"{\"name\": \"x\", \"input\": \"rtmp://127.0.0.1/a/b\", \"targets\": "
          "{\"name\": \"t\"}}", "targets"},
    {"{\"name\": \"x\", \"input\": \"rtmp://127.0.0.1/a/b\"}", "targets"},
    {"[1, 2]", ""},
  };
  guint i;

  {
    g_autoptr (Reply) r = request (s, "POST", "/v1/restreams", ALICE, valid);

    fail_unless_equals_int (r->status, 201);
    id = g_strdup (json_object_get_string_member (obj (r), "id"));
  }
  path = g_strdup_printf ("/v1/restreams/%s", id);

  /* Tokens. */
  {
    g_autoptr (Reply) r = request (s, "GET", "/v1/restreams", NULL, NULL);

    assert_error (r, 401, "unauthorized");
  }
  {
    g_autoptr (Reply) r = request (s, "GET", path, "wrong-token-0123456789",
        NULL);

    assert_error (r, 401, "unauthorized");
  }
  {
    g_autoptr (Reply) r = request (s, "DELETE", path, ALICE "x", NULL);

    assert_error (r, 401, "unauthorized");
  }
  {
    g_autoptr (Reply) r = request (s, "GET", "/metrics", NULL, NULL);

    assert_error (r, 401, "unauthorized");
  }
  /* Another account's restream does not exist for bob. */
  {
    g_autoptr (Reply) r = request (s, "GET", path, BOB, NULL);

    assert_error (r, 404, "not-found");
  }
  {
    g_autoptr (Reply) r = request (s, "DELETE", path, BOB, NULL);

    assert_error (r, 404, "not-found");
  }
  other = g_strdup_printf ("%s/deactivate", path);
  {
    g_autoptr (Reply) r = request (s, "POST", other, BOB, NULL);

    assert_error (r, 404, "not-found");
  }
  {
    g_autoptr (Reply) r = request (s, "GET", "/v1/restreams", BOB, NULL);

    fail_unless_equals_int (r->status, 200);
    fail_unless_equals_int (json_array_get_length
        (json_object_get_array_member (obj (r), "restreams")), 0);
  }
  {
    g_autoptr (Reply) r = request (s, "GET", "/metrics", BOB, NULL);

    fail_unless_equals_int (r->status, 200);
    fail_if (strstr (r->body, id) != NULL, "bob's metrics show alice's");
  }
  /* Quota: bob may have one target. */
  {
    const gchar *two = "{\"name\": \"two\", \"input\": "
        "\"rtmp://127.0.0.1:9/live/x\", \"targets\": [{\"name\": \"a\", "
        "\"url\": \"rtmp://127.0.0.1:9/live\", \"key\": \"k-1234567\"}, "
        "{\"name\": \"b\", \"url\": \"rtmp://127.0.0.1:9/live\", \"key\": "
        "\"k-7654321\"}]}";
    g_autoptr (Reply) r = request (s, "POST", "/v1/restreams", BOB, two);

    assert_error (r, 403, "quota-exceeded");
  }
  /* The same name twice for one account. */
  {
    g_autoptr (Reply) r = request (s, "POST", "/v1/restreams", ALICE, valid);

    assert_error (r, 409, "conflict");
  }

  /* Bad requests. */
  {
    g_autoptr (Reply) r = request (s, "POST", "/v1/restreams", ALICE,
        "{\"name\": \"x\",");

    assert_error (r, 400, "invalid-json");
  }
  {
    g_autoptr (Reply) r = request (s, "POST", "/v1/restreams", ALICE,
        "\xff\xfe{}");

    assert_error (r, 400, "invalid-json");
  }
  for (i = 0; i < G_N_ELEMENTS (invalid); i++) {
    g_autoptr (Reply) r = request (s, "POST", "/v1/restreams", ALICE,
        invalid[i].body);

    assert_error (r, 422, "invalid-description");
    fail_unless_equals_string (problem_field (r), invalid[i].field);
  }
  huge = g_strnfill (200 * 1024, ' ');
  huge[0] = '{';
  huge[200 * 1024 - 1] = '}';
  {
    g_autoptr (Reply) r = request (s, "POST", "/v1/restreams", ALICE, huge);

    assert_error (r, 413, "body-too-large");
  }
  {
    g_autoptr (Reply) r = request_full (s, "POST", "/v1/restreams", ALICE,
        "application/json", valid, TRUE);

    assert_error (r, 411, "length-required");
  }
  {
    g_autoptr (Reply) r = request_full (s, "POST", "/v1/restreams", ALICE,
        "text/plain", valid, FALSE);

    assert_error (r, 415, "unsupported-media-type");
  }
  {
    g_autoptr (Reply) r = request (s, "PUT", path, ALICE, valid);

    assert_error (r, 405, "method-not-allowed");
  }
  {
    g_autoptr (Reply) r = request (s, "GET", "/v2/things", ALICE, NULL);

    assert_error (r, 404, "not-found");
  }
  {
    g_autofree gchar *p = g_strdup_printf ("%s/targets", path);
    g_autoptr (Reply) r = request (s, "POST", p, ALICE,
        "{\"name\": \"t\", \"url\": \"rtmp://127.0.0.1:9/live\", "
        "\"key\": \"k-9999999\"}");

    assert_error (r, 422, "invalid-description");
    fail_unless_equals_string (problem_field (r), "name");
  }
  {
    g_autofree gchar *p = g_strdup_printf ("%s/targets/t", path);
    g_autoptr (Reply) r = request (s, "DELETE", p, ALICE, NULL);

    assert_error (r, 409, "conflict");
  }
  {
    g_autofree gchar *p = g_strdup_printf ("%s/targets/nobody", path);
    g_autoptr (Reply) r = request (s, "DELETE", p, ALICE, NULL);

    assert_error (r, 404, "not-found");
  }

  /* Still running, nothing lost, nothing added. */
  {
    g_autoptr (Reply) r = request (s, "GET", "/healthz", NULL, NULL);

    fail_unless_equals_int (r->status, 200);
  }
  {
    g_autoptr (Reply) r = request (s, "GET", "/v1/restreams", ALICE, NULL);
    JsonArray *list = json_object_get_array_member (obj (r), "restreams");

    fail_unless_equals_int (json_array_get_length (list), 1);
    fail_unless_equals_int (json_array_get_length
        (json_object_get_array_member (json_array_get_object_element (list,
                    0), "targets")), 1);
  }
  fail_unless_equals_int (count_state_files (s), 1);
  fail_unless (rs_process_is_running (s->proc));
  service_stop (s);
  service_check_secrets (s, secrets);
  service_free (s);
}

GST_END_TEST;

static Suite *
api_suite (void)
{
  Suite *s = suite_create ("api");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 180);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_api_refusals);
  tcase_add_test (tc, test_api_lifecycle);
  tcase_add_test (tc, test_api_forced_stop);
  return s;
}

GST_CHECK_MAIN (api);
