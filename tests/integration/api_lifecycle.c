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

#include <string.h>
#include <glib/gstdio.h>

#include "apiclient.h"

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
  ApiService *s;
  const gchar *secrets[] = { "key-a-5f1e2d", "key-b-99c0a1", "key-c-77aa01",
    "key-b2-3c4d5e", ALICE, BOB, NULL
  };
  gint64 patched, gap_before;

  fail_unless (nginx != NULL, "%s", error ? error->message : "");
  publisher = api_publish_input (nginx, &in_url);
  ts_path = g_build_filename (g_get_tmp_dir (), "rs-api-srt-XXXXXX.ts", NULL);
  g_close (g_mkstemp (ts_path), NULL);
  srt = rs_srt_listener_start (NULL, ts_path, &error);
  fail_unless (srt != NULL, "%s", error ? error->message : "");
  s = api_service_new ();

  {
    g_autoptr (ApiReply) r = api_request (s, "GET", "/healthz", NULL, NULL);

    fail_unless_equals_int (r->status, 200);
  }
  body = g_strdup_printf ("{\"name\": \"show\", \"input\": \"%s\", "
      "\"targets\": [{\"name\": \"a\", \"url\": \"rtmp://127.0.0.1:%u/live\", "
      "\"key\": \"key-a-5f1e2d\", \"platform\": \"youtube\"}]}", in_url,
      nginx->rtmp_port);
  {
    g_autoptr (ApiReply) r =
        api_request (s, "POST", "/v1/restreams", ALICE, body);

    fail_unless_equals_int (r->status, 201);
    id = g_strdup (json_object_get_string_member (api_object (r), "id"));
    fail_unless_equals_string (json_object_get_string_member (api_object (r),
            "name"), "show");
  }
  fail_unless_equals_int (api_count_state_files (s), 1);
  path = g_strdup_printf ("/v1/restreams/%s", id);
  targets = g_strdup_printf ("/v1/restreams/%s/targets", id);
  fail_unless (api_wait_state (s, id, "a", "live", 15000), "target a not live");
  fail_unless (api_wait_state (s, id, NULL, "live", 5000));
  {
    g_autoptr (ApiReply) r = api_request (s, "GET", path, ALICE, NULL);
    JsonObject *a = api_find_target (api_object (r), "a");

    fail_unless_equals_int (r->status, 200);
    fail_unless_equals_string (json_object_get_string_member
        (json_object_get_object_member (api_object (r), "input"), "state"),
        "active");
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
    g_autoptr (ApiReply) r = NULL;

    added = g_get_monotonic_time ();
    r = api_request (s, "POST", targets, ALICE, t);
    fail_unless_equals_int (r->status, 201);
  }
  fail_unless (api_wait_state (s, id, "b", "live", 15000), "target b not live");
  g_print ("target b live %.2f s after its POST\n",
      (g_get_monotonic_time () - added) / 1e6);
  b_url = g_strdup_printf ("rtmp://127.0.0.1:%u/live/key-b-99c0a1",
      nginx->rtmp_port);
  api_assert_decodes (b_url, 30);

  /* A new key for b (a rotated stream key): b reconnects alone. */
  {
    g_autofree gchar *p = g_strdup_printf ("%s/b", targets);
    g_autoptr (ApiReply) bad = api_request (s, "PATCH", p, ALICE,
        "{\"url\": \"ftp://127.0.0.1/live\"}");
    g_autoptr (ApiReply) renamed = api_request (s, "PATCH", p, ALICE,
        "{\"name\": \"c\"}");
    g_autofree gchar *none_path = g_strdup_printf ("%s/none", targets);
    g_autoptr (ApiReply) none = api_request (s, "PATCH", none_path, ALICE,
        "{\"key\": \"key-x\"}");
    g_autoptr (ApiReply) r = NULL;

    fail_unless_equals_int (bad->status, 422);
    fail_unless_equals_int (renamed->status, 422);
    fail_unless_equals_int (none->status, 404);
    gap_before = rs_receiver_max_gap (watch);
    fail_unless (gap_before < G_USEC_PER_SEC, "target a's stream stopped "
        "for %" G_GINT64_FORMAT " ms while b was added", gap_before / 1000);
    rs_receiver_reset_gap (watch);
    patched = g_get_monotonic_time ();
    r = api_request (s, "PATCH", p, ALICE, "{\"key\": \"key-b2-3c4d5e\"}");
    fail_unless_equals_int (r->status, 200);
    fail_unless (json_object_get_string_member (api_find_target (api_object
                (r), "b"), "url") != NULL);
  }
  fail_unless (api_wait_state (s, id, "b", "live", 15000),
      "target b not live after its PATCH");
  g_print ("target b live with its new key %.2f s after the PATCH\n",
      (g_get_monotonic_time () - patched) / 1e6);
  {
    g_autofree gchar *b2_url = g_strdup_printf ("rtmp://127.0.0.1:%u/live/"
        "key-b2-3c4d5e", nginx->rtmp_port);

    api_assert_decodes (b2_url, 30);
  }
  g_print ("target a's longest gap between decoded frames around b's "
      "PATCH: %.0f ms\n", rs_receiver_max_gap (watch) / 1e3);
  fail_unless (rs_receiver_max_gap (watch) < 500 * G_TIME_SPAN_MILLISECOND,
      "target a's stream stopped for %" G_GINT64_FORMAT " ms while b was "
      "changed", rs_receiver_max_gap (watch) / 1000);

  /* Disabled, b keeps its place (and its quota) without a connection;
   * enabled again, it is back. */
  {
    g_autofree gchar *p = g_strdup_printf ("%s/b", targets);
    g_autoptr (ApiReply) off = api_request (s, "PATCH", p, ALICE,
        "{\"enabled\": false}");
    g_autoptr (ApiReply) on = NULL;
    gint64 bytes_off;

    fail_unless_equals_int (off->status, 200);
    fail_unless (api_wait_state (s, id, "b", "disabled", 5000),
        "target b not disabled");
    g_usleep (G_USEC_PER_SEC);
    bytes_off = rs_nginx_stream_bytes_in (nginx, "key-b2-3c4d5e");
    g_usleep (2 * G_USEC_PER_SEC);
    fail_unless (rs_nginx_stream_bytes_in (nginx, "key-b2-3c4d5e") <= 0
        || rs_nginx_stream_bytes_in (nginx, "key-b2-3c4d5e") == bytes_off,
        "a disabled target still publishes");
    on = api_request (s, "PATCH", p, ALICE, "{\"enabled\": true}");
    fail_unless_equals_int (on->status, 200);
  }
  fail_unless (api_wait_state (s, id, "b", "live", 15000),
      "target b not live once enabled again");
  rs_receiver_reset_gap (watch);
  /* The first SRT target: the MPEG-TS muxer joins the running restream. */
  srt_body = g_strdup_printf ("{\"name\": \"s\", \"url\": \"srt://127.0.0.1:"
      "%u?mode=caller&latency=400000&streamid=show\"}", srt->port);
  {
    g_autoptr (ApiReply) r = api_request (s, "POST", targets, ALICE, srt_body);

    fail_unless_equals_int (r->status, 201);
  }
  fail_unless (api_wait_state (s, id, "s", "live", 15000), "target s not live");
  /* Quota: alice may have 3 targets and has 3. */
  {
    g_autofree gchar *t = g_strdup_printf ("{\"name\": \"c\", \"url\": "
        "\"rtmp://127.0.0.1:%u/live\", \"key\": \"key-c-77aa01\"}",
        nginx->rtmp_port);
    g_autoptr (ApiReply) r = api_request (s, "POST", targets, ALICE, t);

    fail_unless_equals_int (r->status, 403);
    fail_unless_equals_string (api_error_code (r), "quota-exceeded");
  }
  {
    g_autofree gchar *p = g_strdup_printf ("%s/b", targets);
    g_autoptr (ApiReply) r = api_request (s, "DELETE", p, ALICE, NULL);

    fail_unless_equals_int (r->status, 204);
  }
  {
    g_autoptr (ApiReply) r = api_request (s, "GET", path, ALICE, NULL);

    fail_unless (api_find_target (api_object (r), "b") == NULL);
    fail_unless (api_find_target (api_object (r), "s") != NULL);
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
    g_autoptr (ApiReply) r = api_request (s, "POST", p, ALICE, NULL);

    fail_unless_equals_int (r->status, 200);
    fail_if (json_object_get_boolean_member (api_object (r), "active"));
  }
  fail_unless (api_wait_state (s, id, NULL, "stopped", 8000));
  {
    g_autoptr (ApiReply) r = api_request (s, "GET", "/metrics", ALICE, NULL);

    fail_unless_equals_int (r->status, 200);
    fail_unless (strstr (r->body, "restream_active{id=\"") != NULL);
    fail_unless (strstr (r->body, "restream=\"show\"} 0\n") != NULL, "%s",
        r->body);
    fail_unless (strstr (r->body, "restream_target_bytes_total{") != NULL);
  }
  {
    g_autofree gchar *p = g_strdup_printf ("%s/activate", path);
    g_autoptr (ApiReply) r = api_request (s, "POST", p, ALICE, NULL);

    fail_unless_equals_int (r->status, 200);
  }
  fail_unless (api_wait_state (s, id, "a", "live", 15000));
  api_assert_decodes (a_url, 30);

  /* kill -9 while live: back, live, with the same targets. */
  api_service_kill9 (s);
  api_service_start (s);
  {
    g_autoptr (ApiReply) r = api_request (s, "GET", path, ALICE, NULL);

    fail_unless_equals_int (r->status, 200);
    fail_unless (json_object_get_boolean_member (api_object (r), "active"));
    fail_unless (api_find_target (api_object (r), "a")
        && api_find_target (api_object (r), "s"));
    fail_unless (api_find_target (api_object (r), "b") == NULL);
  }
  fail_unless (api_wait_state (s, id, "a", "live", 15000), "not live after "
      "kill -9 and restart");
  api_assert_decodes (a_url, 30);

  /* kill -9 while deactivated: still listed, still stopped. */
  {
    g_autofree gchar *p = g_strdup_printf ("%s/deactivate", path);
    g_autoptr (ApiReply) r = api_request (s, "POST", p, ALICE, NULL);

    fail_unless_equals_int (r->status, 200);
  }
  api_service_kill9 (s);
  api_service_start (s);
  {
    g_autoptr (ApiReply) r = api_request (s, "GET", path, ALICE, NULL);

    fail_unless_equals_int (r->status, 200);
    fail_unless_equals_string (json_object_get_string_member (api_object (r),
            "state"), "stopped");
    fail_if (json_object_get_boolean_member (api_object (r), "active"));
  }

  /* Delete: gone from the API and from the disk. */
  {
    g_autoptr (ApiReply) r = api_request (s, "DELETE", path, ALICE, NULL);

    fail_unless_equals_int (r->status, 204);
  }
  {
    g_autoptr (ApiReply) r = api_request (s, "GET", path, ALICE, NULL);

    fail_unless_equals_int (r->status, 404);
  }
  fail_unless_equals_int (api_count_state_files (s), 0);
  api_service_stop (s);
  api_service_check_secrets (s, secrets);

  rs_srt_listener_stop (srt);
  {
    g_autofree gchar *probe = rs_ffprobe (ts_path, 15000);

    fail_unless (probe && strstr (probe, "\"h264\"") &&
        strstr (probe, "\"aac\""), "SRT target recording: %s", probe);
  }
  g_unlink (ts_path);
  api_service_free (s);
  rs_process_free (publisher);
  rs_nginx_stop (nginx);
}

GST_END_TEST;

static Suite *
api_lifecycle_suite (void)
{
  Suite *s = suite_create ("api_lifecycle");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 180);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_api_lifecycle);
  return s;
}

GST_CHECK_MAIN (api_lifecycle);
