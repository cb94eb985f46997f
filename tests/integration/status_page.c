/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The status page in a real browser: Debian's Chromium, headless, driven
 * over the DevTools protocol on a pipe (--remote-debugging-pipe: JSON
 * messages ended by a NUL byte, fd 3 into the browser, fd 4 out of it).
 * restream-launch --serve runs a restream from an nginx-rtmp origin to an
 * nginx-rtmp target, a second nginx-rtmp and an SRT listener. The test
 * signs in through the page's form, sees the targets live, stops the second
 * nginx (SIGSTOP) and kills the SRT listener, and sees both targets stalled
 * with their cause (the frozen server acknowledges nothing; srtsink takes
 * nothing), the first still live; the frozen server back, its target is
 * live again. Then it clicks Deactivate and sees the restream stop, on the
 * page and in the API. A screenshot of the page is
 * saved (RS_SCREENSHOT, or status-page.png in the test's directory). */

#include <string.h>
#include <poll.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "apiclient.h"

#define SECRET_KEY "page-target-key-5678"
#define SECRETS { ALICE, SECRET_KEY, NULL }

typedef struct
{
  GSubprocess *proc;
  gchar *profile;
  gint to_browser, from_browser;
  GString *in;                  /* bytes read, not yet a whole message */
  gint next_id;
  gchar *session;
} Browser;

static const gchar *
chromium_binary (void)
{
  static const gchar *names[] = { "chromium", "chromium-browser", NULL };
  guint i;

  for (i = 0; names[i]; i++) {
    g_autofree gchar *path = g_find_program_in_path (names[i]);
    if (path)
      return names[i];
  }
  return NULL;
}

/* The next whole message from the browser, within @timeout_ms. */
static JsonObject *
browser_read (Browser * b, gint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  for (;;) {
    gchar *nul = memchr (b->in->str, '\0', b->in->len);
    struct pollfd pfd = { b->from_browser, POLLIN, 0 };
    gchar chunk[65536];
    gssize n;
    gint left;

    if (nul) {
      gsize len = nul - b->in->str;
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonObject *o = NULL;

      if (json_parser_load_from_data (parser, b->in->str, len, NULL)
          && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        o = json_object_ref (json_node_get_object (json_parser_get_root
                (parser)));
      g_string_erase (b->in, 0, len + 1);
      if (o)
        return o;
      continue;
    }
    left = (end - g_get_monotonic_time ()) / 1000;
    fail_unless (left > 0, "the browser did not answer within %d ms",
        timeout_ms);
    if (poll (&pfd, 1, left) <= 0)
      continue;
    n = read (b->from_browser, chunk, sizeof (chunk));
    fail_unless (n > 0, "the browser closed its DevTools pipe");
    g_string_append_len (b->in, chunk, n);
  }
}

/* Calls @method with @params (JSON text or NULL) in the page's session or,
 * before there is one, the browser's. Returns the "result". */
static JsonObject *
browser_call (Browser * b, const gchar * method, const gchar * params)
{
  gint id = ++b->next_id;
  g_autofree gchar *session = b->session ?
      g_strdup_printf (",\"sessionId\":\"%s\"", b->session) : g_strdup ("");
  g_autofree gchar *msg = g_strdup_printf ("{\"id\":%d,\"method\":\"%s\","
      "\"params\":%s%s}", id, method, params ? params : "{}", session);

  fail_unless (write (b->to_browser, msg, strlen (msg) + 1) ==
      (gssize) strlen (msg) + 1, "writing to the browser");
  for (;;) {
    JsonObject *o = browser_read (b, 20000);
    JsonObject *result;

    if (!json_object_has_member (o, "id")
        || json_object_get_int_member (o, "id") != id) {
      json_object_unref (o);    /* an event */
      continue;
    }
    if (json_object_has_member (o, "error")) {
      JsonObject *e = json_object_get_object_member (o, "error");
      fail ("%s: %s", method, json_object_get_string_member (e, "message"));
    }
    result = json_object_ref (json_object_get_object_member (o, "result"));
    json_object_unref (o);
    return result;
  }
}

static Browser *
browser_open (const gchar * url)
{
  Browser *b = g_new0 (Browser, 1);
  g_autoptr (GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
      G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *profile_arg = NULL, *params = NULL;
  const gchar *binary = chromium_binary ();
  gint in_pipe[2], out_pipe[2];
  JsonObject *r;

  fail_unless (binary != NULL, "Chromium is not installed (apt-get install "
      "chromium)");
  b->profile = g_dir_make_tmp ("rs-chromium-XXXXXX", &error);
  fail_unless (b->profile != NULL);
  profile_arg = g_strdup_printf ("--user-data-dir=%s", b->profile);
  fail_unless (pipe (in_pipe) == 0 && pipe (out_pipe) == 0);
  g_subprocess_launcher_take_fd (launcher, in_pipe[0], 3);
  g_subprocess_launcher_take_fd (launcher, out_pipe[1], 4);
  b->to_browser = in_pipe[1];
  b->from_browser = out_pipe[0];
  b->in = g_string_new (NULL);
  /* --no-sandbox: the suite runs as root in CI. */
  b->proc = g_subprocess_launcher_spawn (launcher, &error, binary,
      "--headless=new", "--no-sandbox", "--disable-gpu",
      "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
      "--remote-debugging-pipe", "--window-size=1280,720", profile_arg,
      "about:blank", NULL);
  fail_unless (b->proc != NULL, "%s", error ? error->message : "");

  params = g_strdup_printf ("{\"url\":\"%s\"}", url);
  r = browser_call (b, "Target.createTarget", params);
  g_free (params);
  params = g_strdup_printf ("{\"targetId\":\"%s\",\"flatten\":true}",
      json_object_get_string_member (r, "targetId"));
  json_object_unref (r);
  r = browser_call (b, "Target.attachToTarget", params);
  b->session = g_strdup (json_object_get_string_member (r, "sessionId"));
  json_object_unref (r);
  return b;
}

static void
browser_close (Browser * b)
{
  g_free (b->session);
  b->session = NULL;
  json_object_unref (browser_call (b, "Browser.close", NULL));
  if (!g_subprocess_wait_check (b->proc, NULL, NULL))
    g_subprocess_force_exit (b->proc);
  g_object_unref (b->proc);
  close (b->to_browser);
  close (b->from_browser);
  g_string_free (b->in, TRUE);
  rs_remove_tree (b->profile);
  g_free (b->profile);
  g_free (b);
}

/* The value of @expression in the page, as JSON text; if it throws, NULL
 * with @may_throw, else a failure. */
static gchar *
browser_eval_full (Browser * b, const gchar * expression, gboolean may_throw)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree gchar *params = NULL;
  JsonObject *r, *value;
  gchar *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "expression");
  json_builder_add_string_value (builder, expression);
  json_builder_set_member_name (builder, "returnByValue");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "awaitPromise");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
  params = json_to_string (json_builder_get_root (builder), FALSE);
  r = browser_call (b, "Runtime.evaluate", params);
  if (json_object_has_member (r, "exceptionDetails")) {
    json_object_unref (r);
    fail_unless (may_throw, "%s threw", expression);
    return NULL;
  }
  value = json_object_get_object_member (r, "result");
  text = json_object_has_member (value, "value") ?
      json_to_string (json_object_get_member (value, "value"), FALSE) :
      g_strdup ("undefined");
  json_object_unref (r);
  return text;
}

static gchar *
browser_eval (Browser * b, const gchar * expression)
{
  return browser_eval_full (b, expression, FALSE);
}

/* Polls @expression until it is true; the milliseconds that took, or -1. */
static gint64
browser_wait (Browser * b, const gchar * expression, guint timeout_ms)
{
  gint64 start = g_get_monotonic_time ();

  while (g_get_monotonic_time () < start + timeout_ms * 1000) {
    g_autofree gchar *v = browser_eval_full (b, expression, TRUE);

    if (g_strcmp0 (v, "true") == 0)
      return (g_get_monotonic_time () - start) / 1000;
    g_usleep (100 * 1000);
  }
  return -1;
}

static void
browser_screenshot (Browser * b, const gchar * path)
{
  JsonObject *r = browser_call (b, "Page.captureScreenshot",
      "{\"format\":\"png\"}");
  gsize size;
  g_autofree guchar *png = g_base64_decode (json_object_get_string_member (r,
          "data"), &size);

  json_object_unref (r);
  fail_unless (size > 1000, "a screenshot of %" G_GSIZE_FORMAT " bytes", size);
  fail_unless (g_file_set_contents (path, (gchar *) png, size, NULL));
  g_print ("screenshot: %s (%" G_GSIZE_FORMAT " bytes)\n", path, size);
}

/* Polls the API until @target's server has acknowledged bytes. */
static gboolean
api_wait_acked (ApiService * s, const gchar * id, const gchar * target,
    guint timeout_ms)
{
  g_autofree gchar *path = g_strdup_printf ("/v1/restreams/%s", id);
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (g_get_monotonic_time () < end) {
    g_autoptr (ApiReply) r = api_request (s, "GET", path, ALICE, NULL);
    JsonObject *t = api_find_target (api_object (r), target);

    if (t && json_object_get_int_member (t, "acked") > 0) {
      g_print ("%s: %" G_GINT64_FORMAT " bytes acknowledged of %"
          G_GINT64_FORMAT " taken\n", target, json_object_get_int_member (t,
              "acked"), json_object_get_int_member (t, "bytes"));
      return TRUE;
    }
    g_usleep (200 * 1000);
  }
  return FALSE;
}

#define TARGET_STATE(name) \
  "document.querySelector('tr[data-target=\"" name "\"] .state')" \
  "?.dataset.state"

GST_START_TEST (test_status_page)
{
  const gchar *const secrets[] = SECRETS;
  g_autoptr (GError) error = NULL;
  RsNginx *nginx = rs_nginx_start (FALSE, &error);
  RsNginx *edge = rs_nginx_start (FALSE, &error);
  g_autofree gchar *in_url = NULL, *body = NULL, *id = NULL, *url = NULL;
  g_autofree gchar *shot = NULL, *html = NULL, *text = NULL;
  RsProcess *publisher = api_publish_input (nginx, &in_url);
  ApiService *s = api_service_new ();
  g_autofree gchar *ts_path = g_build_filename (s->dir, "backup.ts", NULL);
  RsSrtListener *srt = rs_srt_listener_start (NULL, ts_path, &error);
  gint64 took;
  Browser *b;

  fail_unless (srt != NULL && edge != NULL, "%s", error ? error->message : "");
  body = g_strdup_printf ("{\"name\": \"show\", \"input\": \"%s\", "
      "\"targets\": [{\"name\": \"main\", \"url\": "
      "\"rtmp://127.0.0.1:%u/live\", \"key\": \"" SECRET_KEY "\"}, "
      "{\"name\": \"edge\", \"url\": \"rtmp://127.0.0.1:%u/live\", "
      "\"key\": \"" SECRET_KEY "\"}, "
      "{\"name\": \"backup\", \"url\": \"srt://127.0.0.1:%u?mode=caller\"}]}",
      in_url, nginx->rtmp_port, edge->rtmp_port, srt->port);
  {
    g_autoptr (ApiReply) r =
        api_request (s, "POST", "/v1/restreams", ALICE, body);

    fail_unless_equals_int (r->status, 201);
    id = g_strdup (json_object_get_string_member (api_object (r), "id"));
  }

  url = g_strdup_printf ("http://127.0.0.1:%u/", s->port);
  b = browser_open (url);
  fail_unless (browser_wait (b, "!document.getElementById('login').hidden",
          10000) >= 0, "no sign-in form");
  /* Signing in through the form, as a user does. */
  g_free (browser_eval (b, "document.getElementById('token').value = '"
          ALICE "'; document.getElementById('signin').click(); true"));
  took = browser_wait (b, TARGET_STATE ("main") " === 'live' && "
      TARGET_STATE ("edge") " === 'live' && "
      TARGET_STATE ("backup") " === 'live'", 20000);
  fail_unless (took >= 0, "the page does not show the targets live: %s",
      (text = browser_eval (b, "document.body.innerText")));
  g_print ("the targets live on the page after %" G_GINT64_FORMAT " ms\n",
      took);
  /* nginx-rtmp acknowledges with the window rtmppushsink asks for. */
  fail_unless (api_wait_acked (s, id, "edge", 10000),
      "the RTMP server acknowledged nothing");
  fail_unless (browser_wait (b, "document.querySelector("
          "'section[data-restream=\"show\"]') !== null && document.body."
          "innerText.includes('rtmp://127.0.0.1:')", 2000) >= 0);

  /* The SRT listener goes away: srtsink blocks, reconnecting, and takes
   * nothing: that target shows stalled with its cause; the other stays
   * live. */
  rs_srt_listener_stop (srt);
  rs_nginx_freeze (edge);
  took = browser_wait (b, TARGET_STATE ("edge") " === 'stalled' && "
      TARGET_STATE ("backup") " === 'stalled' && "
      "document.querySelector('tr[data-target=\"backup\"] .cause') !== null",
      15000);
  g_free (text);
  fail_unless (took >= 0, "the page does not show the targets stalled: "
      "%s", (text = browser_eval (b, "document.body.innerText")));
  g_free (text);
  text = browser_eval (b, "document.querySelector('tr[data-target=\"backup\"]"
      " .cause').innerText");
  g_print ("both targets stalled on the page %" G_GINT64_FORMAT " ms after "
      "the RTMP server froze and the SRT listener stopped: %s\n", took, text);
  fail_unless (g_str_has_prefix (text, "\"stalled:"), "no cause: %s", text);
  g_free (text);
  text = browser_eval (b, TARGET_STATE ("main"));
  fail_unless_equals_string (text, "\"live\"");

  /* The same truth in the metrics. */
  {
    g_autoptr (ApiReply) r = api_request (s, "GET", "/metrics", ALICE, NULL);
    g_autofree gchar *state = g_strdup_printf ("restream_target_state{id="
        "\"%s\",restream=\"show\",target=\"backup\",state=\"stalled\"} 1\n",
        id);
    g_autofree gchar *failure = g_strdup_printf ("restream_target_last_"
        "failure{id=\"%s\",restream=\"show\",target=\"backup\",cause="
        "\"stalled\"} 1\n", id);

    fail_unless_equals_int (r->status, 200);
    fail_unless (strstr (r->body, state) != NULL, "%s", r->body);
    fail_unless (strstr (r->body, failure) != NULL, "%s", r->body);
    fail_if (strstr (r->body, "target=\"main\",cause="), "%s", r->body);
  }

  shot = g_strdup (g_getenv ("RS_SCREENSHOT"));
  if (!shot)
    shot = g_build_filename (s->dir, "status-page.png", NULL);
  browser_screenshot (b, shot);

  /* The frozen server back: that target is live again, same connection. */
  rs_nginx_thaw (edge);
  took = browser_wait (b, TARGET_STATE ("edge") " === 'live'", 15000);
  fail_unless (took >= 0, "the thawed RTMP target is not live again");
  g_print ("RTMP target live again %" G_GINT64_FORMAT " ms after its server "
      "was thawed\n", took);

  /* No secret anywhere on the page. */
  html = browser_eval (b, "document.documentElement.outerHTML + "
      "JSON.stringify(localStorage)");
  fail_if (strstr (html, SECRET_KEY) != NULL, "the stream key is shown");
  fail_if (strstr (html, ALICE) != NULL, "the token is in the page");

  /* Deactivate, clicked. */
  g_free (browser_eval (b, "document.querySelector('section[data-restream="
          "\"show\"] button[data-action=\"deactivate\"]').click(); true"));
  fail_unless (browser_wait (b, "document.querySelector('section"
          "[data-restream=\"show\"]')?.dataset.state === 'stopped'", 10000)
      >= 0, "the page does not show the restream stopped");
  fail_unless (api_wait_state (s, id, NULL, "stopped", 1000),
      "the API does not say stopped");
  fail_unless (browser_wait (b, "document.querySelector('section"
          "[data-restream=\"show\"] button[data-action=\"activate\"]') "
          "!== null", 3000) >= 0, "no Activate button once stopped");

  /* Signing out forgets the token. */
  g_free (browser_eval (b, "document.getElementById('logout').click(); true"));
  g_free (text);
  text = browser_eval (b, "sessionStorage.getItem('restream-token')");
  fail_unless_equals_string (text, "null");
  browser_close (b);

  api_service_stop (s);
  api_service_check_secrets (s, secrets);
  api_service_free (s);
  rs_process_free (publisher);
  rs_nginx_stop (edge);
  rs_nginx_stop (nginx);
}

GST_END_TEST;

static Suite *
status_page_suite (void)
{
  Suite *s = suite_create ("status_page");
  TCase *tc = tcase_create ("browser");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_status_page);
  suite_add_tcase (s, tc);
  return s;
}

GST_CHECK_MAIN (status_page);
