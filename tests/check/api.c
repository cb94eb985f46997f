/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The control API in this process, on a loopback port, for what needs no
 * restream to run: a bad slate-image is refused with 422 and a problem on
 * that field naming the path; a kept restream whose slate image is gone
 * since is still listed, takes new targets, and shows its slate in the
 * restream's JSON and in the metrics. (tests/integration/api_*.c run the
 * service as its own process, with restreams that stream.) */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>

#include "rsservice-private.h"

#define TOKEN "alice-token-0123456789abcdef"
#define KEPT_ID "0123456789ab"
#define DEADLINE_S 10

typedef struct
{
  gchar *dir, *state_dir, *accounts, *text;
  RsService *service;
  SoupSession *session;
  gchar *base;                  /* http://127.0.0.1:PORT */
} Api;

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
read_done (GObject * session, GAsyncResult * result, gpointer data)
{
  GBytes **bytes = data;
  g_autoptr (GError) error = NULL;

  *bytes = soup_session_send_and_read_finish (SOUP_SESSION (session), result,
      &error);
  fail_unless (*bytes != NULL, "%s", error ? error->message : "");
}

/* One request, the service answering in this thread's main context. */
static Reply *
request (Api * api, const gchar * method, const gchar * path,
    const gchar * body)
{
  g_autofree gchar *uri = g_strconcat (api->base, path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, uri);
  GBytes *bytes = NULL;
  gint64 deadline = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;
  Reply *r = g_new0 (Reply, 1);
  gconstpointer data;
  gsize size;

  soup_message_headers_replace (soup_message_get_request_headers (msg),
      "Authorization", "Bearer " TOKEN);
  if (body) {
    g_autoptr (GBytes) content = g_bytes_new (body, strlen (body));

    soup_message_set_request_body_from_bytes (msg, "application/json", content);
  }
  soup_session_send_and_read_async (api->session, msg, G_PRIORITY_DEFAULT,
      NULL, read_done, &bytes);
  while (!bytes && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  fail_unless (bytes != NULL, "%s %s: no answer within %d s", method, path,
      DEADLINE_S);
  r->status = soup_message_get_status (msg);
  data = g_bytes_get_data (bytes, &size);
  r->body = g_strndup (data, size);
  g_bytes_unref (bytes);
  r->json = json_from_string (r->body, NULL);
  return r;
}

/* A restream as the service keeps it, its slate image gone since. */
static const gchar kept_restream[] =
    "{\"id\": \"" KEPT_ID "\", \"account\": \"alice\", \"active\": false, "
    "\"reason\": \"deactivated through the API\", \"created\": 1780000000, "
    "\"description\": {\"name\": \"kept\", \"input\": "
    "\"rtmp://127.0.0.1:1935/live/in\", \"slate-image\": "
    "\"/nonexistent/kept-break.png\", \"targets\": [{\"name\": \"yt\", "
    "\"url\": \"rtmp://a.rtmp.youtube.com/live2\", \"key\": "
    "\"ab123-cde4-f56g-hi78-90j\", \"platform\": \"youtube\"}]}}";

static void
api_start (Api * api)
{
  g_autofree gchar *restreams = NULL;
  g_autofree gchar *kept = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *accounts;
  GSList *uris;

  api->dir = g_dir_make_tmp ("rs-api-unit-XXXXXX", NULL);
  fail_unless (api->dir != NULL);
  api->state_dir = g_build_filename (api->dir, "state", NULL);
  api->accounts = g_build_filename (api->dir, "accounts.ini", NULL);
  api->text = g_build_filename (api->dir, "break.png", NULL);
  restreams = g_build_filename (api->state_dir, "restreams", NULL);
  kept = g_build_filename (restreams, KEPT_ID ".json", NULL);
  fail_unless (g_mkdir_with_parents (restreams, 0700) == 0);
  fail_unless (g_file_set_contents (kept, kept_restream, -1, NULL));
  fail_unless (g_file_set_contents (api->accounts, "[account alice]\n"
          "token=" TOKEN "\nmax-targets=3\n", -1, NULL));
  fail_unless (g_file_set_contents (api->text, "a text file named like a "
          "picture\n", -1, NULL));

  accounts = rs_accounts_load (api->accounts, &error);
  fail_unless (accounts != NULL, "%s", error ? error->message : "");
  api->service = rs_service_new (accounts, api->state_dir, FALSE, &error);
  fail_unless (api->service != NULL, "%s", error ? error->message : "");
  fail_unless (rs_service_listen (api->service, "127.0.0.1:0", &error), "%s",
      error ? error->message : "");
  uris = soup_server_get_uris (api->service->server);
  fail_unless (uris != NULL);
  api->base = g_strdup_printf ("http://127.0.0.1:%d",
      g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  api->session = soup_session_new ();
}

static void
on_shutdown (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static void
remove_tree (const gchar * path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const gchar *name;

  while (dir && (name = g_dir_read_name (dir))) {
    g_autofree gchar *child = g_build_filename (path, name, NULL);

    if (g_file_test (child, G_FILE_TEST_IS_DIR))
      remove_tree (child);
    else
      g_unlink (child);
  }
  g_rmdir (path);
}

static void
api_stop (Api * api)
{
  gboolean done = FALSE;
  gint64 deadline = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;

  rs_service_shutdown (api->service, G_CALLBACK (on_shutdown), &done);
  while (!done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  fail_unless (done, "the service did not stop");
  rs_service_free (api->service);
  g_object_unref (api->session);
  remove_tree (api->dir);
  g_free (api->dir);
  g_free (api->state_dir);
  g_free (api->accounts);
  g_free (api->text);
  g_free (api->base);
}

/* The answer is 422 invalid-description with an error on @field whose
 * message holds @says. */
static void
check_refused (Reply * r, const gchar * field, const gchar * says)
{
  JsonObject *error;
  JsonArray *problems;
  guint i;

  fail_unless_equals_int (r->status, 422);
  fail_unless (r->json && JSON_NODE_HOLDS_OBJECT (r->json), "%s", r->body);
  error = json_object_get_object_member (json_node_get_object (r->json),
      "error");
  fail_unless_equals_string (json_object_get_string_member (error, "code"),
      "invalid-description");
  problems = json_object_get_array_member (error, "problems");
  for (i = 0; i < json_array_get_length (problems); i++) {
    JsonObject *p = json_array_get_object_element (problems, i);

    if (g_str_equal (json_object_get_string_member (p, "field"), field)
        && g_str_equal (json_object_get_string_member (p, "severity"), "error")
        && strstr (json_object_get_string_member (p, "message"), says))
      return;
  }
  fail ("no error on %s saying '%s': %s", field, says, r->body);
}

static gchar *
restream_with (const gchar * name, const gchar * members)
{
  return g_strdup_printf ("{\"name\": \"%s\", \"input\": "
      "\"rtmp://127.0.0.1:1935/live/in\", %s, \"targets\": [{\"name\": "
      "\"yt\", \"url\": \"rtmp://a.rtmp.youtube.com/live2\", \"key\": "
      "\"zz987-abc1-d23e-fg45-67h\", \"platform\": \"youtube\"}]}", name,
      members);
}

GST_START_TEST (test_bad_slate_image_refused)
{
  Api api = { 0 };
  g_autofree gchar *missing = NULL;
  g_autofree gchar *member = NULL;
  g_autofree gchar *text_body = NULL;
  g_autofree gchar *missing_body = NULL;
  g_autofree gchar *slate_body = restream_with ("show", "\"slate\": \"yes\"");
  g_autoptr (Reply) list = NULL;

  api_start (&api);
  missing = g_build_filename (api.dir, "gone.png", NULL);
  member = g_strdup_printf ("\"slate-image\": \"%s\"", missing);
  missing_body = restream_with ("show", member);
  g_free (member);
  member = g_strdup_printf ("\"slate-image\": \"%s\"", api.text);
  text_body = restream_with ("show", member);

  {
    g_autoptr (Reply) r = request (&api, "POST", "/v1/restreams", missing_body);

    check_refused (r, "slate-image", missing);
  }
  {
    g_autoptr (Reply) r = request (&api, "POST", "/v1/restreams", text_body);

    check_refused (r, "slate-image", api.text);
    check_refused (r, "slate-image", "not a PNG or JPEG");
  }
  {
    g_autoptr (Reply) r = request (&api, "POST", "/v1/restreams", slate_body);

    check_refused (r, "slate", "true or false");
  }
  /* Nothing was created: only the kept restream is listed. */
  list = request (&api, "GET", "/v1/restreams", NULL);
  fail_unless_equals_int (list->status, 200);
  fail_unless_equals_int (json_array_get_length (json_object_get_array_member
          (json_node_get_object (list->json), "restreams")), 1);
  api_stop (&api);
}

GST_END_TEST;

GST_START_TEST (test_kept_restream_without_its_image)
{
  Api api = { 0 };
  g_autofree gchar *kept_path = NULL;
  g_autofree gchar *kept = NULL;
  g_autoptr (JsonNode) kept_json = NULL;
  JsonObject *input, *description;
  JsonArray *targets;

  api_start (&api);
  {
    g_autoptr (Reply) r = request (&api, "GET", "/v1/restreams/" KEPT_ID, NULL);

    fail_unless_equals_int (r->status, 200);
    input = json_object_get_object_member (json_node_get_object (r->json),
        "input");
    fail_unless (json_object_has_member (input, "slate"), "%s", r->body);
    fail_if (json_object_get_boolean_member (input, "slate"));
    fail_unless (json_object_get_double_member (input, "slate-seconds") == 0);
    fail_unless_equals_string (json_object_get_string_member (input, "state"),
        "stopped");
  }
  {
    g_autoptr (Reply) r = request (&api, "GET", "/metrics", NULL);

    fail_unless_equals_int (r->status, 200);
    fail_unless (strstr (r->body, "# TYPE restream_slate_on_air gauge\n"
            "restream_slate_on_air{id=\"" KEPT_ID "\",restream=\"kept\"} 0\n"),
        "%s", r->body);
    fail_unless (strstr (r->body, "# TYPE restream_slate_seconds_total "
            "counter\nrestream_slate_seconds_total{id=\"" KEPT_ID
            "\",restream=\"kept\"} 0\n"), "%s", r->body);
    fail_unless (strstr (r->body, "restream_active{id=\"" KEPT_ID
            "\",restream=\"kept\"} 0\n"), "%s", r->body);
  }
  /* A new target is checked, not the restream's image of long ago; the
   * target's slate key is kept. */
  {
    g_autoptr (Reply) r = request (&api, "POST", "/v1/restreams/" KEPT_ID
        "/targets", "{\"name\": \"archive\", \"url\": "
        "\"srt://192.0.2.10:9000?mode=caller\", \"slate\": false}");

    fail_unless_equals_int (r->status, 201);
  }
  kept_path = g_build_filename (api.state_dir, "restreams", KEPT_ID ".json",
      NULL);
  fail_unless (g_file_get_contents (kept_path, &kept, NULL, NULL));
  kept_json = json_from_string (kept, NULL);
  fail_unless (kept_json != NULL, "%s", kept);
  description = json_object_get_object_member (json_node_get_object
      (kept_json), "description");
  fail_unless_equals_string (json_object_get_string_member (description,
          "slate-image"), "/nonexistent/kept-break.png");
  targets = json_object_get_array_member (description, "targets");
  fail_unless_equals_int (json_array_get_length (targets), 2);
  fail_if (json_object_get_boolean_member_with_default
      (json_array_get_object_element (targets, 1), "slate", TRUE), "%s", kept);
  api_stop (&api);
}

GST_END_TEST;

static Suite *
api_suite (void)
{
  Suite *s = suite_create ("api");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_bad_slate_image_refused);
  tcase_add_test (tc, test_kept_restream_without_its_image);
  return s;
}

GST_CHECK_MAIN (api);
