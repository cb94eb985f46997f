/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * The target library, table by table: what parses, what it turns into for
 * rtmp2sink and srtsink, every rule that refuses or warns, and that no
 * secret ever shows in a message or a display string.
 */

#include <gst/check/gstcheck.h>
#include <string.h>

#include "gstrestreamtarget.h"
#include "gstrestreamplatform.h"

#define YT_KEY "ab123-cde4-f56g-hi78-90j"
#define FB_KEY "FB-1234567890123456-0-AbCdEfGhIjKlMnOp?s_bl=1&s_ps=1&a=Ab12"
#define PASSPHRASE "correct-horse-battery"
#define LONG_STREAMID \
  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
  "x"

/* Secrets used anywhere in the tables: none may appear in a message. */
static const gchar *const secrets[] = { YT_KEY, FB_KEY, PASSPHRASE,
  "0123456789ab", "showkey12345", "has space key", NULL
};

static void
assert_no_secret (const gchar * text)
{
  guint i;

  for (i = 0; secrets[i]; i++)
    fail_if (strstr (text, secrets[i]) != NULL, "secret '%.4s…' shown in: %s",
        secrets[i], text);
}

static void
assert_findings_clean (GPtrArray * findings)
{
  g_autoptr (GError) error = NULL;
  guint i;

  for (i = 0; i < findings->len; i++) {
    GstRestreamFinding *f = g_ptr_array_index (findings, i);
    assert_no_secret (f->message);
    assert_no_secret (f->key);
  }
  if (gst_restream_findings_to_error (findings, &error))
    assert_no_secret (error->message);
}

/* Valid targets and what the sinks get */

typedef struct
{
  const gchar *url;
  const gchar *key;
  GstRestreamTargetKind kind;
  const gchar *sink;            /* rtmp2sink location or srtsink uri */
  const gchar *display;
  const gchar *warning;         /* the one warning rule expected, or NULL */
} ValidCase;

static const ValidCase valid_cases[] = {
  {"rtmp://a.rtmp.youtube.com/live2", YT_KEY, GST_RESTREAM_TARGET_RTMP,
        "rtmp://a.rtmp.youtube.com:1935/live2/" YT_KEY,
      "rtmp://a.rtmp.youtube.com:1935/live2/ab12****", NULL},
  {"rtmp://a.rtmp.youtube.com/live2/", YT_KEY, GST_RESTREAM_TARGET_RTMP,
        "rtmp://a.rtmp.youtube.com:1935/live2/" YT_KEY,
      "rtmp://a.rtmp.youtube.com:1935/live2/ab12****", NULL},
  {"rtmps://live-api-s.facebook.com:443/rtmp/", FB_KEY,
        GST_RESTREAM_TARGET_RTMPS,
        "rtmps://live-api-s.facebook.com:443/rtmp/" FB_KEY,
      "rtmps://live-api-s.facebook.com:443/rtmp/FB-1****", NULL},
  {"rtmp://127.0.0.1:1935/live/showkey12345", NULL, GST_RESTREAM_TARGET_RTMP,
        "rtmp://127.0.0.1:1935/live/showkey12345",
      "rtmp://127.0.0.1:1935/live/sho****", "rtmp-key-in-url"},
  {"rtmp://[::1]:1936/app/inst", YT_KEY, GST_RESTREAM_TARGET_RTMP,
        "rtmp://[::1]:1936/app/inst/" YT_KEY,
      "rtmp://[::1]:1936/app/inst/ab12****", NULL},
  {"rtmps://ingest.example.com:1935/app", YT_KEY, GST_RESTREAM_TARGET_RTMPS,
        "rtmps://ingest.example.com:1935/app/" YT_KEY,
      "rtmps://ingest.example.com:1935/app/ab12****", "rtmp-port-scheme"},
  {"rtmp://ingest.example.com:443/app", YT_KEY, GST_RESTREAM_TARGET_RTMP,
        "rtmp://ingest.example.com:443/app/" YT_KEY,
      "rtmp://ingest.example.com:443/app/ab12****", "rtmp-port-scheme"},
  {"rtmp://ingest.example.com/app", "k1234", GST_RESTREAM_TARGET_RTMP,
        "rtmp://ingest.example.com:1935/app/k1234",
      "rtmp://ingest.example.com:1935/app/****", "rtmp-key-short"},
  {"srt://192.0.2.10:9000?mode=caller&latency=2500000&streamid=show", NULL,
        GST_RESTREAM_TARGET_SRT,
        "srt://192.0.2.10:9000?mode=caller&latency=2500&streamid=show",
      "srt://192.0.2.10:9000?mode=caller&latency=2500&streamid=show", NULL},
  {"srt://127.0.0.1:9000?latency=200000&pkt_size=1316"
        "&send_buffer_size=1048576&passphrase=" PASSPHRASE
        "&pbkeylen=16&streamid=a%23b", NULL, GST_RESTREAM_TARGET_SRT,
        "srt://127.0.0.1:9000?mode=caller&latency=200&passphrase=" PASSPHRASE
        "&pbkeylen=16&streamid=a%23b&payloadsize=1316&sndbuf=1048576",
        "srt://127.0.0.1:9000?mode=caller&latency=200&passphrase=*****"
        "&pbkeylen=16&streamid=a%23b&payloadsize=1316&sndbuf=1048576",
      NULL},
  {"srt://[2001:db8::1]:9000?mode=caller&latency=3000000", NULL,
        GST_RESTREAM_TARGET_SRT,
        "srt://[2001:db8::1]:9000?mode=caller&latency=3000",
      "srt://[2001:db8::1]:9000?mode=caller&latency=3000", NULL},
  {"srt://ingest.example.com:9000?latency=2500", NULL,
        GST_RESTREAM_TARGET_SRT,
        "srt://ingest.example.com:9000?mode=caller&latency=3",
        "srt://ingest.example.com:9000?mode=caller&latency=3",
      "srt-latency-unit"},
  {"srt://ingest.example.com:9000?latency=500000", NULL,
        GST_RESTREAM_TARGET_SRT,
        "srt://ingest.example.com:9000?mode=caller&latency=500",
        "srt://ingest.example.com:9000?mode=caller&latency=500",
      "srt-latency-low"},
  {"srt://10.1.2.3:9000?latency=500000", NULL, GST_RESTREAM_TARGET_SRT,
        "srt://10.1.2.3:9000?mode=caller&latency=500",
      "srt://10.1.2.3:9000?mode=caller&latency=500", NULL},
  {"srt://ingest.example.com:9000?pkt_size=1000&latency=2000000", NULL,
        GST_RESTREAM_TARGET_SRT,
        "srt://ingest.example.com:9000?mode=caller&latency=2000"
        "&payloadsize=1000",
      "srt://ingest.example.com:9000?mode=caller&latency=2000"
        "&payloadsize=1000", "srt-pkt-size"},
};

GST_START_TEST (test_valid_targets)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (valid_cases); i++) {
    const ValidCase *c = &valid_cases[i];
    g_autoptr (GPtrArray) findings = gst_restream_findings_new ();
    GstRestreamTarget *target;
    g_autofree gchar *sink = NULL;
    g_autofree gchar *display = NULL;

    target = gst_restream_target_parse (c->url, c->key, findings);
    fail_unless (target != NULL, "case %u refused: %s", i, findings->len ?
        ((GstRestreamFinding *) g_ptr_array_index (findings, 0))->message : "");
    fail_unless_equals_int (target->kind, c->kind);
    sink = c->kind == GST_RESTREAM_TARGET_SRT ?
        gst_restream_target_srt_uri (target) :
        gst_restream_target_rtmp_location (target);
    fail_unless_equals_string (sink, c->sink);
    display = gst_restream_target_to_display (target);
    fail_unless_equals_string (display, c->display);
    assert_no_secret (display);
    if (c->warning) {
      GstRestreamFinding *f;

      fail_unless_equals_int (findings->len, 1);
      f = g_ptr_array_index (findings, 0);
      fail_unless_equals_int (f->severity, GST_RESTREAM_FINDING_WARNING);
      fail_unless_equals_string (f->rule, c->warning);
    } else {
      fail_unless_equals_int (findings->len, 0);
    }
    assert_findings_clean (findings);
    gst_restream_target_free (target);
  }
}

GST_END_TEST;

/* Refused targets: the rule, the parameter, and words of the message */

typedef struct
{
  const gchar *url;
  const gchar *key;
  const gchar *rule;
  const gchar *param;
  const gchar *says;
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  {"rtmp://a.rtmp.youtube.com/live2", NULL, "rtmp-key-missing", "key",
      "no stream key"},
  {"rtmp://a.rtmp.youtube.com/live2", "", "rtmp-key-missing", "key",
      "URL + \"/\" + KEY"},
  {"rtmp://a.rtmp.youtube.com", YT_KEY, "rtmp-app-missing", "url",
      "no application"},
  {"rtmp://a.rtmp.youtube.com/live2", "has space key", "rtmp-key-shape",
      "key", "space"},
  {"rtmp://a.rtmp.youtube.com/live2", "rtmp://x.example.com/live",
      "rtmp-key-shape", "key", "looks like a URL"},
  {"rtmp://a.rtmp.youtube.com/live2", "abc", "rtmp-key-shape", "key",
      "3 characters"},
  {"rtmp://a.rtmp.youtube.com/live2?token=1", YT_KEY, "rtmp-query", "url",
      "move them to key="},
  {"http://example.com/live", YT_KEY, "url-scheme", "url", "'http://'"},
  {"not a url", YT_KEY, "url-syntax", "url", "scheme://host"},
  {"", YT_KEY, "url-missing", "url", "no target URL"},
  {"rtmp://user:pw@example.com/live", YT_KEY, "url-userinfo", "url",
      "user:password"},
  {"srt://example.com:9000?mode=listener", NULL, "srt-mode", "mode",
      "must listen"},
  {"srt://example.com:9000?mode=rendezvous", NULL, "srt-mode", "mode",
      "mode=caller"},
  {"srt://example.com:9000?mode=push", NULL, "srt-mode", "mode",
      "not an SRT mode"},
  {"srt://:9000?mode=caller", NULL, "srt-host", "url", "needs the target's"},
  {"srt://example.com?mode=caller", NULL, "srt-port", "url",
      "no default port"},
  {"srt://example.com:9000/live?mode=caller", NULL, "srt-path", "url",
      "no path"},
  {"srt://example.com:9000?passphrase=0123456789ab&pbkeylen=20", NULL,
      "srt-pbkeylen", "pbkeylen", "16, 24 or 32"},
  {"srt://example.com:9000?passphrase=short", NULL, "srt-passphrase",
      "passphrase", "10 to 79"},
  {"srt://example.com:9000?pbkeylen=16", NULL,
      "srt-pbkeylen-without-passphrase", "pbkeylen", "needs a passphrase"},
  {"srt://example.com:9000?streamid=" LONG_STREAMID, NULL, "srt-streamid",
      "streamid", "at most 512"},
  {"srt://example.com:9000?pkt_size=1500", NULL, "srt-pkt-size", "pkt_size",
      "1456"},
  {"srt://example.com:9000?send_buffer_size=-5", NULL,
      "srt-send-buffer-size", "send_buffer_size", "positive"},
  {"srt://example.com:9000?latency=2.5s", NULL, "srt-latency", "latency",
      "microseconds"},
  {"srt://example.com:9000?latency=90000000", NULL, "srt-latency", "latency",
      "60 s"},
  {"srt://example.com:9000?mode=caller&maxbw=100", NULL,
      "srt-unknown-parameter", "maxbw", "unknown SRT parameter 'maxbw'"},
  {"srt://example.com:9000?latency=1&latency=2", NULL,
      "srt-duplicate-parameter", "latency", "twice"},
  {"srt://example.com:9000?streamid=a#b", NULL, "url-fragment", "url", "%23"},
  {"srt://example.com:9000?mode=caller", "somekey123", "srt-key", "key",
      "no stream key"},
};

GST_START_TEST (test_invalid_targets)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (invalid_cases); i++) {
    const InvalidCase *c = &invalid_cases[i];
    g_autoptr (GPtrArray) findings = gst_restream_findings_new ();
    g_autoptr (GError) error = NULL;
    GstRestreamTarget *target;
    GstRestreamFinding *found = NULL;
    guint j;

    target = gst_restream_target_parse (c->url, c->key, findings);
    fail_unless (target == NULL, "case %u (%s) accepted", i, c->rule);
    for (j = 0; j < findings->len; j++) {
      GstRestreamFinding *f = g_ptr_array_index (findings, j);
      if (f->severity == GST_RESTREAM_FINDING_ERROR
          && g_str_equal (f->rule, c->rule))
        found = f;
    }
    fail_unless (found != NULL, "case %u: no %s error", i, c->rule);
    fail_unless_equals_string (found->key, c->param);
    fail_unless (strstr (found->message, c->says) != NULL,
        "case %u: '%s' does not say '%s'", i, found->message, c->says);
    fail_unless (gst_restream_findings_to_error (findings, &error));
    fail_unless (strstr (error->message, found->message) != NULL);
    assert_findings_clean (findings);
  }
}

GST_END_TEST;

/* All problems of one URL are reported at once. */
GST_START_TEST (test_every_problem_reported)
{
  g_autoptr (GPtrArray) findings = gst_restream_findings_new ();
  g_autoptr (GError) error = NULL;

  fail_unless (gst_restream_target_parse ("srt://example.com:9000?"
          "mode=listener&passphrase=short&pkt_size=9999&foo=1", NULL,
          findings) == NULL);
  fail_unless_equals_int (findings->len, 4);
  fail_unless (gst_restream_findings_to_error (findings, &error));
  fail_unless (g_error_matches (error, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_SETTINGS));
  fail_unless (strstr (error->message, "mode: ") != NULL);
  fail_unless (strstr (error->message, "passphrase: ") != NULL);
  fail_unless (strstr (error->message, "pkt_size: ") != NULL);
  fail_unless (strstr (error->message, "foo: ") != NULL);
}

GST_END_TEST;

/* An element's location: the key (with its query) taken literally. */
GST_START_TEST (test_rtmp_location)
{
  static const struct
  {
    const gchar *location;
    const gchar *host;
    guint port;
    const gchar *app;
    const gchar *key;
    const gchar *tc_url;
  } cases[] = {
    {"rtmp://127.0.0.1:1936/live/" YT_KEY, "127.0.0.1", 1936, "live", YT_KEY,
        "rtmp://127.0.0.1:1936/live"},
    {"rtmps://live-api-s.facebook.com/rtmp/" FB_KEY,
          "live-api-s.facebook.com", 443, "rtmp", FB_KEY,
        "rtmps://live-api-s.facebook.com:443/rtmp"},
    {"RTMP://[::1]/app/inst/key%2541x", "::1", 1935, "app/inst",
        "key%2541x", "rtmp://[::1]:1935/app/inst"},
    /* a key of any shape: the element's user chose it */
    {"rtmp://127.0.0.1/live/a", "127.0.0.1", 1935, "live", "a",
        "rtmp://127.0.0.1:1935/live"},
  };
  static const gchar *const refused[] = { NULL, "", "rtmp://host",
    "rtmp://host/" YT_KEY, "http://host/app/" YT_KEY,
    "srt://host:9000/app/" YT_KEY, "not a url"
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GError) error = NULL;
    GstRestreamTarget *target =
        gst_restream_target_parse_rtmp_location (cases[i].location, &error);
    g_autofree gchar *tc_url = NULL;
    g_autofree gchar *location = NULL;

    fail_unless (target != NULL, "%s: %s", cases[i].location,
        error ? error->message : "");
    fail_unless_equals_string (target->host, cases[i].host);
    fail_unless_equals_int (target->port, cases[i].port);
    fail_unless_equals_string (target->app, cases[i].app);
    fail_unless_equals_string (target->key, cases[i].key);
    tc_url = gst_restream_target_rtmp_tc_url (target);
    fail_unless_equals_string (tc_url, cases[i].tc_url);
    /* what the launcher gives the sink parses back to the same target */
    location = gst_restream_target_rtmp_location (target);
    gst_restream_target_free (target);
    target = gst_restream_target_parse_rtmp_location (location, NULL);
    fail_unless (target != NULL);
    fail_unless_equals_string (target->key, cases[i].key);
    gst_restream_target_free (target);
  }
  for (i = 0; i < G_N_ELEMENTS (refused); i++) {
    g_autoptr (GError) error = NULL;

    fail_unless (gst_restream_target_parse_rtmp_location (refused[i],
            &error) == NULL, "%s parsed", refused[i]);
    /* a URL problem, or a missing key (a settings problem) */
    fail_unless (error != NULL && (error->domain == GST_URI_ERROR
            || error->domain == GST_RESOURCE_ERROR), "%s", refused[i]);
    assert_no_secret (error->message);
  }
}

GST_END_TEST;

GST_START_TEST (test_redaction)
{
  gchar *text;

  text = gst_restream_redact_secret (YT_KEY);
  fail_unless_equals_string (text, "ab12****");
  g_free (text);
  text = gst_restream_redact_secret ("short");
  fail_unless_equals_string (text, "****");
  g_free (text);
  /* Never more than a quarter of a secret. */
  text = gst_restream_redact_secret ("abcdefghijkl");
  fail_unless_equals_string (text, "abc****");
  g_free (text);

  text = gst_restream_redact_url ("rtmp://a.rtmp.youtube.com/live2/" YT_KEY);
  fail_unless_equals_string (text, "rtmp://a.rtmp.youtube.com/live2/ab12****");
  g_free (text);
  text = gst_restream_redact_url ("rtmp://a.rtmp.youtube.com/live2");
  fail_unless_equals_string (text, "rtmp://a.rtmp.youtube.com/live2");
  g_free (text);
  text = gst_restream_redact_url ("srt://h:1?streamid=s&passphrase="
      PASSPHRASE "&pbkeylen=16");
  fail_unless_equals_string (text,
      "srt://h:1?streamid=s&passphrase=*****&pbkeylen=16");
  g_free (text);
}

GST_END_TEST;

/* docs/platform-rules.md lists every rule of the compiled table, with its
 * severity and advice. */
GST_START_TEST (test_rules_documented)
{
  const gchar *top = g_getenv ("RS_SOURCE_DIR");
  g_autofree gchar *path = NULL;
  g_autofree gchar *doc = NULL;
  const GstRestreamRule *rule;

  fail_unless (top != NULL, "RS_SOURCE_DIR is not set");
  path = g_build_filename (top, "docs", "platform-rules.md", NULL);
  fail_unless (g_file_get_contents (path, &doc, NULL, NULL), "no %s", path);
  for (rule = gst_restream_platform_rules (); rule->name; rule++) {
    g_autofree gchar *row = g_strdup_printf ("| %s | `%s` | %s | ",
        gst_restream_platform_name (rule->platform), rule->name,
        rule->severity == GST_RESTREAM_SEVERITY_ERROR ? "error" : "warning");
    const gchar *at = strstr (doc, row);
    const gchar *end;

    fail_unless (at != NULL, "docs/platform-rules.md lacks %s", row);
    end = strchr (at, '\n');
    fail_unless (g_strstr_len (at, end - at, rule->advice) != NULL,
        "the advice of %s differs in the docs", row);
  }
}

GST_END_TEST;

static Suite *
target_suite (void)
{
  Suite *s = suite_create ("target");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_valid_targets);
  tcase_add_test (tc, test_invalid_targets);
  tcase_add_test (tc, test_every_problem_reported);
  tcase_add_test (tc, test_rtmp_location);
  tcase_add_test (tc, test_redaction);
  tcase_add_test (tc, test_rules_documented);
  return s;
}

GST_CHECK_MAIN (target);
