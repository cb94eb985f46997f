/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* restream-launch's command line (the binary itself: exit codes, messages
 * naming the spot, no secret in any output) and the reconnect and failure
 * naming rules. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>

#include "rspolicy.h"
#include "gstrestreammessages.h"

typedef struct
{
  gint code;
  gchar *out;
  gchar *err;
} Run;

static void
run_clear (Run * run)
{
  g_free (run->out);
  g_free (run->err);
}

static Run
run_argv (const gchar * const *argv)
{
  g_autoptr (GError) error = NULL;
  Run run = { 0 };
  gint status;

  fail_unless (argv[0] != NULL, "RS_LAUNCHER is not set");
  fail_unless (g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_DEFAULT,
          NULL, NULL, &run.out, &run.err, &status, &error), "%s",
      error ? error->message : "");
  /* Under the sanitizers a leak or an error report ends the child with
   * SIGABRT: show what it printed. */
  fail_unless (WIFEXITED (status), "the launcher did not exit (status %d): "
      "%s", status, run.err);
  run.code = WEXITSTATUS (status);
  return run;
}

static Run
run_launcher (const gchar * ini, const gchar * option)
{
  g_autofree gchar *dir = g_dir_make_tmp ("rs-cli-XXXXXX", NULL);
  g_autofree gchar *path = g_build_filename (dir, "show.ini", NULL);
  g_autofree gchar *pid = g_build_filename (dir, "none.pid", NULL);
  const gchar *argv[] = { g_getenv ("RS_LAUNCHER"), option ? option :
        "--check", "--pid-file", pid, path, NULL
  };
  Run run;

  fail_unless (g_file_set_contents (path, ini, -1, NULL));
  run = run_argv (argv);
  g_unlink (path);
  g_rmdir (dir);
  return run;
}

#define VALID_HEAD "[restream]\nname=show\ninput=rtmp://127.0.0.1:1935/live/in\n"

/* --version: ours and GStreamer's, exit 0 */
GST_START_TEST (test_version)
{
  const gchar *argv[] = { g_getenv ("RS_LAUNCHER"), "--version", NULL };
  Run run = run_argv (argv);
  g_autofree gchar *want = g_strdup_printf ("restream-launch (gst-restream) "
      "%s, GStreamer ", VERSION);

  fail_unless_equals_int (run.code, 0);
  fail_unless (g_str_has_prefix (run.out, want), "%s", run.out);
  run_clear (&run);
}

GST_END_TEST;

/* The minimal form loads as written. */
GST_START_TEST (test_minimal_form_checks)
{
  Run run = run_launcher (VALID_HEAD "\n"
      "[target youtube]\nurl=rtmp://a.rtmp.youtube.com/live2\n"
      "key=ab123-cde4-f56g-hi78-90j\nplatform=youtube\n\n"
      "[target backup]\n"
      "url=srt://192.0.2.10:9000?mode=caller&latency=2500000&streamid=show\n",
      NULL);

  fail_unless_equals_int (run.code, 0);
  fail_unless (strstr (run.out,
          "youtube: rtmp://a.rtmp.youtube.com:1935/live2/"));
  /* The latency shown in srtsink's unit. */
  fail_unless (strstr (run.out, "latency=2500&"), "%s", run.out);
  fail_if (strstr (run.out, "ab123-cde4-f56g-hi78-90j"));
  run_clear (&run);
}

GST_END_TEST;

typedef struct
{
  const gchar *ini;
  const gchar *expect;          /* in stderr: the spot and the reason */
} Bad;

static const Bad bad_cases[] = {
  {"[target a]\nurl=rtmp://h/live\nkey=abcd1234\n", "[restream] missing"},
  {"[restream]\ninput=rtmp://h/live/in\n[target a]\nurl=rtmp://h/live\n"
        "key=abcd1234\n", "[restream] name: missing"},
  {"[restream]\nname=show\n[target a]\nurl=rtmp://h/live\nkey=abcd1234\n",
      "[restream] input: missing"},
  {"[restream]\nname=bad name!\ninput=rtmp://h/live/in\n[target a]\n"
        "url=rtmp://h/live\nkey=abcd1234\n", "[restream] name:"},
  {"[restream]\nname=show\ninput=http://h/in\n[target a]\nurl=rtmp://h/live\n"
        "key=abcd1234\n", "[restream] input:"},
  {VALID_HEAD, "no target"},
  {VALID_HEAD "[target a]\nkey=abcd1234\n", "[target a] url: missing"},
  {VALID_HEAD "[target a]\nurl=ftp://h/live\nkey=abcd1234\n", "[target a] url"},
  {VALID_HEAD "[target a]\nurl=rtmp://h/live\n", "[target a]"},
  {VALID_HEAD "[target a]\nurl=rtmp://h:99999/live\nkey=abcd1234\n",
      "[target a] url"},
  {VALID_HEAD "[target a]\nurl=rtmp://h/live\nkey=abcd1234\n"
        "[target a]\nurl=rtmp://h/live\nkey=efgh5678\n", "[target a] this "
        "group appears twice"},
  {VALID_HEAD "[target a]\nurl=rtmp://h/live\nkey=abcd1234\n"
        "[target  a]\nurl=rtmp://h/live\nkey=efgh5678\n", "two targets are "
        "named 'a'"},
  {VALID_HEAD "[target a]\nurl=srt://h:9000?mode=caller&latency=abc\n",
      "[target a] url: latency"},
  {VALID_HEAD "[target a]\nurl=srt://h:9000?mode=listener\n",
      "[target a] url: mode"},
  {VALID_HEAD "[target a]\nurl=srt://h:9000?passphrase=short\n",
      "[target a] url: passphrase"},
  {VALID_HEAD "[target a]\nurl=srt://h:9000?pbkeylen=16\n",
      "[target a] url: pbkeylen"},
  {VALID_HEAD "[target a]\nurl=srt://h:9000?pkt_size=5000\n",
      "[target a] url: pkt_size"},
  {VALID_HEAD "[target a]\nurl=srt://h:9000?maxbw=100\n",
      "[target a] url: maxbw"},
  {VALID_HEAD "[target a]\nurl=srt://h:9000?latency=200000&latency=300000\n",
      "[target a] url: latency"},
  /* Secrets in the wrong place. */
  {VALID_HEAD "[target a]\nurl=srt://h:9000\nkey=secret-key-1\n",
      "[target a] key:"},
  {VALID_HEAD "[target a]\nurl=rtmp://h/live?passphrase=secret-pass-22\n"
        "key=abcd1234\n", "[target a]"},
  {VALID_HEAD "[target a]\nurl=rtmp://h/live\nkey=abcd1234\nplatform=srt\n",
      "[target a] platform:"},
  {VALID_HEAD "[target a]\nurl=rtmp://h/live\nkey=abcd1234\nplatform=tiktok\n",
      "[target a] platform:"},
  {VALID_HEAD "[target a]\nurl=rtmp://h/live\nkey=abcd1234\n"
        "tls-validation=false\n", "[target a] tls-validation:"},
  {VALID_HEAD "[target a]\nurl=rtmp://h/live\nkey=abcd1234\n"
        "max-reconnects=many\n", "[target a] max-reconnects:"},
  {VALID_HEAD "[target a]\nurl=rtmp://h/live\nkey=abcd1234\ncolour=red\n",
      "[target a] colour: unknown key"},
  {VALID_HEAD "[output a]\nurl=rtmp://h/live\nkey=abcd1234\n",
      "[output a] unknown group"},
  {VALID_HEAD "retry-timeout=-5\n[target a]\nurl=rtmp://h/live\nkey=abcd1234\n",
      "[restream] retry-timeout:"},
  {VALID_HEAD "max-targets=1\n[target a]\nurl=rtmp://h/live\nkey=abcd1234\n"
        "[target b]\nurl=rtmp://h/live\nkey=efgh5678\n",
      "[restream] max-targets: 2 targets"},
  {"this is not an ini file\n", "not a valid .ini"},
};

GST_START_TEST (test_bad_descriptions)
{
  Run run = run_launcher (bad_cases[__i__].ini, NULL);

  fail_unless_equals_int (run.code, 2);
  fail_unless (strstr (run.err, bad_cases[__i__].expect) != NULL,
      "case %d: '%s' not in: %s", __i__, bad_cases[__i__].expect, run.err);
  fail_unless (strstr (run.err, "nothing was started"));
  fail_if (strstr (run.err, "abcd1234") || strstr (run.err, "efgh5678")
      || strstr (run.err, "secret-"), "case %d: secret shown: %s", __i__,
      run.err);
  fail_unless (run.out == NULL || *run.out == '\0');
  run_clear (&run);
}

GST_END_TEST;

/* Every problem at once: three spots, three messages. */
GST_START_TEST (test_all_problems_at_once)
{
  Run run = run_launcher ("[restream]\nname=show\ninput=gopher://x\n"
      "[target a]\nurl=rtmp://h/live\n[target b]\nurl=srt://h:1?latency=x\n",
      NULL);

  fail_unless_equals_int (run.code, 2);
  fail_unless (strstr (run.err, "[restream] input:"));
  fail_unless (strstr (run.err, "[target a]"));
  fail_unless (strstr (run.err, "[target b] url: latency"));
  run_clear (&run);
}

GST_END_TEST;

/* A 1x1 PNG, as pngenc writes it. */
static const guint8 png_1x1[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
  0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
  0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00,
  0x0c, 0x49, 0x44, 0x41, 0x54, 0x08, 0x99, 0x63, 0x60, 0x60, 0x60, 0x00,
  0x00, 0x00, 0x04, 0x00, 0x01, 0xa3, 0x0a, 0x15, 0xe3, 0x00, 0x00, 0x00,
  0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82
};

/* --check opens the slate image: a missing one or a text file is an
 * invalid description (exit 2) naming the key and the path; a PNG is
 * shown as the slate, and a target without a slate says so. */
GST_START_TEST (test_slate_image_check)
{
  g_autofree gchar *dir = g_dir_make_tmp ("rs-cli-slate-XXXXXX", NULL);
  g_autofree gchar *png = g_build_filename (dir, "break.png", NULL);
  g_autofree gchar *text = g_build_filename (dir, "break.txt", NULL);
  g_autofree gchar *missing = g_build_filename (dir, "gone.png", NULL);
  const gchar *refused[] = { missing, text };
  g_autofree gchar *ini = NULL;
  Run run;
  guint i;

  fail_unless (g_file_set_contents (png, (const gchar *) png_1x1,
          sizeof (png_1x1), NULL));
  fail_unless (g_file_set_contents (text, "back in five minutes\n", -1, NULL));
  for (i = 0; i < G_N_ELEMENTS (refused); i++) {
    g_autofree gchar *expect = g_strdup_printf ("error: [restream] "
        "slate-image: slate image %s ", refused[i]);

    ini = g_strdup_printf (VALID_HEAD "slate-image=%s\n[target a]\n"
        "url=rtmp://h/live\nkey=abcd1234\n", refused[i]);
    run = run_launcher (ini, NULL);
    fail_unless_equals_int (run.code, 2);
    fail_unless (strstr (run.err, expect) != NULL, "'%s' not in: %s", expect,
        run.err);
    fail_unless (strstr (run.err, "nothing was started"));
    fail_if (strstr (run.err, "abcd1234"), "secret shown: %s", run.err);
    run_clear (&run);
    g_clear_pointer (&ini, g_free);
  }

  ini = g_strdup_printf (VALID_HEAD "slate-image=%s\n[target a]\n"
      "url=rtmp://h/live\nkey=abcd1234\n[target b]\nurl=rtmp://h/live\n"
      "key=efgh5678\nslate=false\n", png);
  run = run_launcher (ini, NULL);
  fail_unless_equals_int (run.code, 0);
  fail_unless (strstr (run.out, png), "%s", run.out);
  /* Target b only. */
  fail_unless (strstr (run.out, "b: ") && strstr (strstr (run.out, "b: "),
          "(generic-rtmp, no slate"), "%s", run.out);
  fail_unless (strstr (strstr (run.out, "no slate") + 1, "no slate") ==
      NULL, "%s", run.out);
  run_clear (&run);

  g_unlink (png);
  g_unlink (text);
  g_rmdir (dir);
}

GST_END_TEST;

GST_START_TEST (test_command_line)
{
  Run run = run_launcher (VALID_HEAD "[target a]\nurl=rtmp://h/live\n"
      "key=abcd1234\n", "--reactivate");

  /* No restream of that name runs. */
  fail_unless_equals_int (run.code, 3);
  fail_unless (strstr (run.err, "no running restream"));
  run_clear (&run);

  run = run_launcher (VALID_HEAD, "--no-such-option");
  fail_unless_equals_int (run.code, 2);
  run_clear (&run);
}

GST_END_TEST;

/* --serve: what it needs, and refused accounts files (no token shown). */
GST_START_TEST (test_serve_command_line)
{
  g_autofree gchar *dir = g_dir_make_tmp ("rs-cli-XXXXXX", NULL);
  g_autofree gchar *accounts = g_build_filename (dir, "accounts.ini", NULL);
  g_autofree gchar *state = g_build_filename (dir, "state", NULL);
  const gchar *launcher = g_getenv ("RS_LAUNCHER");
  const struct
  {
    const gchar *args[8];
    const gchar *accounts;
    gint code;
    const gchar *says;
  } cases[] = {
    {{"--serve", NULL}, NULL, 2, "--accounts"},
    {{"--serve", "--accounts", "ACCOUNTS", "--state-dir", "STATE", NULL},
        "[account a]\ntoken=tooshort-secret\n", 2, "16 to 256"},
    {{"--serve", "--accounts", "ACCOUNTS", "--state-dir", "STATE", NULL},
        "[account a]\ntoken=long-enough-secret-0001\nmax-targets=none\n", 2,
        "max-targets"},
    {{"--serve", "--accounts", "ACCOUNTS", "--listen", "localhost",
            "--state-dir", "STATE", NULL},
        "[account a]\ntoken=long-enough-secret-0001\n", 2, "HOST:PORT"},
    {{"--serve", "--accounts", "ACCOUNTS", "--listen", "example:80",
            "--state-dir", "STATE", NULL},
        "[account a]\ntoken=long-enough-secret-0001\n", 2, "IP address"},
    {{"--serve", "--accounts", "/nonexistent/accounts.ini", NULL}, NULL, 2,
        "/nonexistent/accounts.ini"},
    {{"--listen", "127.0.0.1:8080", "show.ini", NULL}, NULL, 2,
        "go with --serve"},
  };
  guint i, j;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    const gchar *argv[10] = { launcher };
    Run run;

    for (j = 0; cases[i].args[j]; j++)
      argv[j + 1] = g_str_equal (cases[i].args[j], "ACCOUNTS") ? accounts :
          g_str_equal (cases[i].args[j], "STATE") ? state : cases[i].args[j];
    if (cases[i].accounts)
      fail_unless (g_file_set_contents (accounts, cases[i].accounts, -1, NULL));
    run = run_argv (argv);
    fail_unless_equals_int (run.code, cases[i].code);
    fail_unless (strstr (run.err, cases[i].says) != NULL, "case %u: %s", i,
        run.err);
    fail_if (strstr (run.err, "-secret") != NULL, "a token shown: %s", run.err);
    run_clear (&run);
  }
  g_unlink (accounts);
  {
    g_autofree gchar *restreams = g_build_filename (state, "restreams", NULL);

    g_rmdir (restreams);
  }
  g_rmdir (state);
  g_rmdir (dir);
}

GST_END_TEST;

GST_START_TEST (test_reconnect_policy)
{
  const RsReconnectPolicy *generic =
      rs_reconnect_policy (GST_RESTREAM_PLATFORM_GENERIC_RTMP);
  const RsReconnectPolicy *twitch =
      rs_reconnect_policy (GST_RESTREAM_PLATFORM_TWITCH);
  guint i;

  /* Doubling from the first step, capped; jitter within +-20 %. */
  fail_unless_equals_uint64 (rs_reconnect_delay (generic, 1, 0.5),
      generic->initial);
  fail_unless_equals_uint64 (rs_reconnect_delay (generic, 3, 0.5),
      4 * generic->initial);
  fail_unless_equals_uint64 (rs_reconnect_delay (generic, 60, 0.5),
      generic->max);
  fail_unless_equals_uint64 (rs_reconnect_delay (generic, 1, 0.0),
      generic->initial * 8 / 10);
  fail_unless_equals_uint64 (rs_reconnect_delay (generic, 1, 1.0),
      generic->initial * 12 / 10);
  for (i = 1; i < 20; i++)
    fail_unless (rs_reconnect_delay (generic, i + 1, 0.5) >=
        rs_reconnect_delay (generic, i, 0.5));
  /* Twitch: few attempts, far apart. */
  fail_unless (twitch->max_attempts > 0 && twitch->max_attempts <= 5);
  fail_unless (twitch->initial > generic->initial);
  fail_unless_equals_int (generic->max_attempts, 0);
}

GST_END_TEST;

typedef struct
{
  GstRestreamTargetKind kind;
  const gchar *message;
  const gchar *rtmp_cause;      /* rtmppushsink's, NULL for stock sinks */
  guint64 sent;
  GstClockTime elapsed;
  gboolean passphrase;
  const gchar *cause;
  gboolean retry;
} Classify;

/* Error texts as GStreamer 1.22.0's rtmp2sink and srtsink post them
 * (measured against nginx-rtmp and srt-live-transmit), then rtmppushsink's
 * errors with their rtmp-cause, whose texts mislead on purpose. */
static const Classify classify_cases[] = {
  {GST_RESTREAM_TARGET_RTMP, "Connection refused: Could not connect to "
        "127.0.0.1: Connection refused", NULL, 0, GST_SECOND / 100, FALSE,
      "rtmp-unreachable", TRUE},
  {GST_RESTREAM_TARGET_RTMP, "Connection error: Error receiving data: "
        "Connection reset by peer", NULL, 0, GST_SECOND / 10, FALSE,
      "publish-rejected", FALSE},
  {GST_RESTREAM_TARGET_RTMP, "Connection error: Error receiving data: "
        "Connection reset by peer", NULL, 500000, 20 * GST_SECOND, FALSE,
      "rtmp-connection-lost", TRUE},
  {GST_RESTREAM_TARGET_RTMP, "Failed to connect: publish denied; stream "
        "already exists: { \"level\": \"error\", \"code\": "
        "\"NetStream.Publish.BadName\", \"description\": \"Already "
        "publishing\" }", NULL, 0, GST_SECOND / 10, FALSE, "stream-busy",
      TRUE},
  {GST_RESTREAM_TARGET_RTMP, "Failed to connect: 'connect' cmd failed: "
        "connection closed remotely", NULL, 0, GST_SECOND / 10, FALSE,
      "app-rejected", FALSE},
  {GST_RESTREAM_TARGET_RTMP, "Connection error: Socket I/O timed out", NULL,
      9000000, 30 * GST_SECOND, FALSE, "rtmp-stalled", TRUE},
  {GST_RESTREAM_TARGET_RTMPS, "Failed to connect: Unacceptable TLS "
        "certificate", NULL, 0, GST_SECOND / 10, FALSE, "tls-failed", FALSE},
  {GST_RESTREAM_TARGET_SRT, "Failed to write to SRT socket: Connection does "
        "not exist", NULL, 0, 120 * GST_MSECOND, TRUE, "srt-rejected", FALSE},
  {GST_RESTREAM_TARGET_SRT, "Failed to write to SRT socket: Connection does "
        "not exist", NULL, 0, 3 * GST_SECOND, FALSE, "srt-unreachable", TRUE},
  {GST_RESTREAM_TARGET_SRT, "Failed to write to SRT socket: Connection does "
        "not exist", NULL, 200000, 40 * GST_SECOND, FALSE,
      "srt-connection-lost", TRUE},
  /* rtmppushsink: the rtmp-cause decides, whatever the text says. */
  {GST_RESTREAM_TARGET_RTMP, "Could not publish to 127.0.0.1:1935: a TLS "
        "text", "unreachable", 0, GST_SECOND / 100, FALSE,
      "rtmp-unreachable", TRUE},
  {GST_RESTREAM_TARGET_RTMPS, "Could not publish to tls.example.com:443: "
        "Connection reset by peer", "tls", 0, GST_SECOND / 10, FALSE,
      "tls-failed", FALSE},
  {GST_RESTREAM_TARGET_RTMPS, "Connection error with tls.example.com:443: "
        "Error reading data from TLS socket: Connection reset by peer",
        "closed", 800000, 20 * GST_SECOND, FALSE, "rtmp-connection-lost",
      TRUE},
  {GST_RESTREAM_TARGET_RTMP, "Could not publish to 127.0.0.1:1935: "
        "NetConnection.Connect.Rejected", "connect-refused", 0,
      GST_SECOND / 10, FALSE, "app-rejected", FALSE},
  {GST_RESTREAM_TARGET_RTMP, "Could not publish to 127.0.0.1:1935: publish "
        "failed: NetStream.Publish.Rejected", "stream-busy", 0,
      GST_SECOND / 10, FALSE, "stream-busy", TRUE},
  {GST_RESTREAM_TARGET_RTMP, "Could not publish to 127.0.0.1:1935: "
        "Connection refused", "publish-refused", 0, GST_SECOND / 10, FALSE,
      "publish-rejected", FALSE},
  {GST_RESTREAM_TARGET_RTMP, "Could not publish to 127.0.0.1:1935: "
        "Connection closed by the server", "closed", 0, GST_SECOND / 10,
      FALSE, "publish-rejected", FALSE},
  {GST_RESTREAM_TARGET_RTMP, "Connection error with 127.0.0.1:1935: "
        "Connection closed by the server", "closed", 500000, 20 * GST_SECOND,
      FALSE, "rtmp-connection-lost", TRUE},
  {GST_RESTREAM_TARGET_RTMP, "Connection error with 127.0.0.1:1935: Socket "
        "I/O timed out", "timeout", 9000000, 30 * GST_SECOND, FALSE,
      "rtmp-stalled", TRUE},
  {GST_RESTREAM_TARGET_RTMP, "Could not publish to 127.0.0.1:1935: Socket "
        "I/O timed out", "timeout", 0, 5 * GST_SECOND, FALSE,
      "rtmp-unreachable", TRUE},
  {GST_RESTREAM_TARGET_RTMP, "Could not publish to 127.0.0.1:1935: the "
        "server does not speak RTMP (version 22)", "protocol", 0,
      GST_SECOND / 10, FALSE, "target-error", TRUE},
  {GST_RESTREAM_TARGET_RTMP, "Connection error with 127.0.0.1:1935: Error "
        "sending data: Message too long", "io", 500000, 20 * GST_SECOND,
      FALSE, "rtmp-connection-lost", TRUE},
  /* An unknown cause falls back to the text. */
  {GST_RESTREAM_TARGET_RTMP, "Could not publish to 127.0.0.1:1935: Could "
        "not connect to 127.0.0.1: Connection refused", "from-the-future", 0,
      GST_SECOND / 100, FALSE, "rtmp-unreachable", TRUE},
};

GST_START_TEST (test_failure_names)
{
  const Classify *c = &classify_cases[__i__];
  g_autoptr (GstStructure) details = c->rtmp_cause ?
      gst_structure_new ("details", GST_RTMP_PUSH_SINK_FIELD_CAUSE,
      G_TYPE_STRING, c->rtmp_cause, NULL) : NULL;
  const RsFailureInfo *info = rs_failure_classify (c->kind, c->message,
      details, c->sent, c->elapsed, c->passphrase);

  fail_unless_equals_string (info->cause, c->cause);
  fail_unless_equals_int (info->retry, c->retry);
  fail_unless (info->advice && strlen (info->advice) > 20);
}

GST_END_TEST;

static Suite *
launcher_cli_suite (void)
{
  Suite *s = suite_create ("launcher_cli");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_version);
  tcase_add_test (tc, test_minimal_form_checks);
  tcase_add_loop_test (tc, test_bad_descriptions, 0, G_N_ELEMENTS (bad_cases));
  tcase_add_test (tc, test_all_problems_at_once);
  tcase_add_test (tc, test_slate_image_check);
  tcase_add_test (tc, test_command_line);
  tcase_add_test (tc, test_serve_command_line);
  tcase_add_test (tc, test_reconnect_policy);
  tcase_add_loop_test (tc, test_failure_names, 0,
      G_N_ELEMENTS (classify_cases));
  return s;
}

GST_CHECK_MAIN (launcher_cli);
