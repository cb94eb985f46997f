/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* What the control API refuses: missing and wrong tokens, another
 * account's restreams, quotas, conflicts and malformed requests, each with
 * its status and error code, and nothing changed by any of them. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "apiclient.h"

/* Tokens, isolation between accounts, quota, and bad requests: each gets
 * its status and code, and nothing changes. */
GST_START_TEST (test_api_refusals)
{
  ApiService *s = api_service_new ();
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
    g_autoptr (ApiReply) r =
        api_request (s, "POST", "/v1/restreams", ALICE, valid);

    fail_unless_equals_int (r->status, 201);
    id = g_strdup (json_object_get_string_member (api_object (r), "id"));
  }
  path = g_strdup_printf ("/v1/restreams/%s", id);

  /* Tokens. */
  {
    g_autoptr (ApiReply) r =
        api_request (s, "GET", "/v1/restreams", NULL, NULL);

    api_assert_error (r, 401, "unauthorized");
  }
  {
    g_autoptr (ApiReply) r =
        api_request (s, "GET", path, "wrong-token-0123456789", NULL);

    api_assert_error (r, 401, "unauthorized");
  }
  {
    g_autoptr (ApiReply) r = api_request (s, "DELETE", path, ALICE "x", NULL);

    api_assert_error (r, 401, "unauthorized");
  }
  {
    g_autoptr (ApiReply) r = api_request (s, "GET", "/metrics", NULL, NULL);

    api_assert_error (r, 401, "unauthorized");
  }
  /* Another account's restream does not exist for bob. */
  {
    g_autoptr (ApiReply) r = api_request (s, "GET", path, BOB, NULL);

    api_assert_error (r, 404, "not-found");
  }
  {
    g_autoptr (ApiReply) r = api_request (s, "DELETE", path, BOB, NULL);

    api_assert_error (r, 404, "not-found");
  }
  other = g_strdup_printf ("%s/deactivate", path);
  {
    g_autoptr (ApiReply) r = api_request (s, "POST", other, BOB, NULL);

    api_assert_error (r, 404, "not-found");
  }
  {
    g_autoptr (ApiReply) r = api_request (s, "GET", "/v1/restreams", BOB, NULL);

    fail_unless_equals_int (r->status, 200);
    fail_unless_equals_int (json_array_get_length
        (json_object_get_array_member (api_object (r), "restreams")), 0);
  }
  {
    g_autoptr (ApiReply) r = api_request (s, "GET", "/metrics", BOB, NULL);

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
    g_autoptr (ApiReply) r = api_request (s, "POST", "/v1/restreams", BOB, two);

    api_assert_error (r, 403, "quota-exceeded");
  }
  /* The same name twice for one account. */
  {
    g_autoptr (ApiReply) r =
        api_request (s, "POST", "/v1/restreams", ALICE, valid);

    api_assert_error (r, 409, "conflict");
  }

  /* Bad requests. */
  {
    g_autoptr (ApiReply) r = api_request (s, "POST", "/v1/restreams", ALICE,
        "{\"name\": \"x\",");

    api_assert_error (r, 400, "invalid-json");
  }
  {
    g_autoptr (ApiReply) r = api_request (s, "POST", "/v1/restreams", ALICE,
        "\xff\xfe{}");

    api_assert_error (r, 400, "invalid-json");
  }
  for (i = 0; i < G_N_ELEMENTS (invalid); i++) {
    g_autoptr (ApiReply) r = api_request (s, "POST", "/v1/restreams", ALICE,
        invalid[i].body);

    api_assert_error (r, 422, "invalid-description");
    fail_unless_equals_string (api_problem_field (r), invalid[i].field);
  }
  huge = g_strnfill (200 * 1024, ' ');
  huge[0] = '{';
  huge[200 * 1024 - 1] = '}';
  {
    g_autoptr (ApiReply) r =
        api_request (s, "POST", "/v1/restreams", ALICE, huge);

    api_assert_error (r, 413, "body-too-large");
  }
  {
    g_autoptr (ApiReply) r =
        api_request_full (s, "POST", "/v1/restreams", ALICE, "application/json",
        valid, TRUE);

    api_assert_error (r, 411, "length-required");
  }
  {
    g_autoptr (ApiReply) r =
        api_request_full (s, "POST", "/v1/restreams", ALICE, "text/plain",
        valid, FALSE);

    api_assert_error (r, 415, "unsupported-media-type");
  }
  {
    g_autoptr (ApiReply) r = api_request (s, "PUT", path, ALICE, valid);

    api_assert_error (r, 405, "method-not-allowed");
  }
  {
    g_autoptr (ApiReply) r = api_request (s, "GET", "/v2/things", ALICE, NULL);

    api_assert_error (r, 404, "not-found");
  }
  {
    g_autofree gchar *p = g_strdup_printf ("%s/targets", path);
    g_autoptr (ApiReply) r = api_request (s, "POST", p, ALICE,
        "{\"name\": \"t\", \"url\": \"rtmp://127.0.0.1:9/live\", "
        "\"key\": \"k-9999999\"}");

    api_assert_error (r, 422, "invalid-description");
    fail_unless_equals_string (api_problem_field (r), "name");
  }
  {
    g_autofree gchar *p = g_strdup_printf ("%s/targets/t", path);
    g_autoptr (ApiReply) r = api_request (s, "DELETE", p, ALICE, NULL);

    api_assert_error (r, 409, "conflict");
  }
  {
    g_autofree gchar *p = g_strdup_printf ("%s/targets/nobody", path);
    g_autoptr (ApiReply) r = api_request (s, "DELETE", p, ALICE, NULL);

    api_assert_error (r, 404, "not-found");
  }

  /* Still running, nothing lost, nothing added. */
  {
    g_autoptr (ApiReply) r = api_request (s, "GET", "/healthz", NULL, NULL);

    fail_unless_equals_int (r->status, 200);
  }
  {
    g_autoptr (ApiReply) r =
        api_request (s, "GET", "/v1/restreams", ALICE, NULL);
    JsonArray *list =
        json_object_get_array_member (api_object (r), "restreams");

    fail_unless_equals_int (json_array_get_length (list), 1);
    fail_unless_equals_int (json_array_get_length
        (json_object_get_array_member (json_array_get_object_element (list,
                    0), "targets")), 1);
  }
  fail_unless_equals_int (api_count_state_files (s), 1);
  fail_unless (rs_process_is_running (s->proc));
  api_service_stop (s);
  api_service_check_secrets (s, secrets);
  api_service_free (s);
}

GST_END_TEST;

static Suite *
api_refusals_suite (void)
{
  Suite *s = suite_create ("api_refusals");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 180);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_api_refusals);
  return s;
}

GST_CHECK_MAIN (api_refusals);
