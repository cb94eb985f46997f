/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The control API's state directory: a restream that stopped by itself
 * stays stopped across a kill -9 of the service, with its reason, until it
 * is activated. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "apiclient.h"

/* The input goes away past retry-timeout: the restream stops for good,
 * stays stopped across a kill -9, and activate brings it back. */
GST_START_TEST (test_api_forced_stop)
{
  g_autoptr (GError) error = NULL;
  RsNginx *nginx = rs_nginx_start (FALSE, &error);
  g_autofree gchar *in_url = NULL, *body = NULL, *sink = NULL;
  g_autofree gchar *id = NULL, *path = NULL, *out_url = NULL;
  RsProcess *publisher;
  ApiService *s;

  fail_unless (nginx != NULL, "%s", error ? error->message : "");
  in_url = rs_nginx_url (nginx, "in");
  sink = g_strdup_printf ("rtmp2sink location=%s", in_url);
  publisher = rs_publisher_start ("flvmux", KBPS, GOP, sink, &error);
  fail_unless (publisher != NULL, "%s", error ? error->message : "");
  s = api_service_new ();
  body = g_strdup_printf ("{\"name\": \"brief\", \"input\": \"%s\", "
      "\"outage-threshold\": 1, \"retry-timeout\": 2, \"targets\": "
      "[{\"name\": \"out\", \"url\": \"rtmp://127.0.0.1:%u/live\", "
      "\"key\": \"brief-out-key\"}]}", in_url, nginx->rtmp_port);
  {
    g_autoptr (ApiReply) r =
        api_request (s, "POST", "/v1/restreams", ALICE, body);

    fail_unless_equals_int (r->status, 201);
    id = g_strdup (json_object_get_string_member (api_object (r), "id"));
  }
  path = g_strdup_printf ("/v1/restreams/%s", id);
  fail_unless (api_wait_state (s, id, "out", "live", 15000));

  rs_process_free (publisher);
  fail_unless (api_wait_state (s, id, NULL, "stopped", 15000),
      "not stopped after the input's retry timeout");
  api_service_kill9 (s);
  api_service_start (s);
  {
    g_autoptr (ApiReply) r = api_request (s, "GET", path, ALICE, NULL);

    fail_unless_equals_int (r->status, 200);
    fail_unless_equals_string (json_object_get_string_member (api_object (r),
            "state"), "stopped");
    fail_if (json_object_get_boolean_member (api_object (r), "active"));
    fail_unless (strstr (json_object_get_string_member (api_object (r),
                "reason"), "retry-timeout") != NULL, "%s", r->body);
  }
  /* Stays stopped while nobody activates it. */
  g_usleep (G_USEC_PER_SEC);
  fail_unless (api_wait_state (s, id, NULL, "stopped", 100));

  publisher = rs_publisher_start ("flvmux", KBPS, GOP, sink, &error);
  fail_unless (publisher != NULL, "%s", error ? error->message : "");
  {
    g_autofree gchar *p = g_strdup_printf ("%s/activate", path);
    g_autoptr (ApiReply) r = api_request (s, "POST", p, ALICE, NULL);

    fail_unless_equals_int (r->status, 200);
    fail_unless (json_object_get_boolean_member (api_object (r), "active"));
  }
  fail_unless (api_wait_state (s, id, "out", "live", 15000));
  out_url = g_strdup_printf ("rtmp://127.0.0.1:%u/live/brief-out-key",
      nginx->rtmp_port);
  api_assert_decodes (out_url, 30);
  api_service_stop (s);
  api_service_free (s);
  rs_process_free (publisher);
  rs_nginx_stop (nginx);
}

GST_END_TEST;

static Suite *
api_state_suite (void)
{
  Suite *s = suite_create ("api_state");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 180);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_api_forced_stop);
  return s;
}

GST_CHECK_MAIN (api_state);
