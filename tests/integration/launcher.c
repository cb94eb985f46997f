/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* restream-launch end to end: a publisher (x264 + AAC) into a real
 * origin, the launcher binary with --json, real targets (nginx-rtmp, its
 * TLS front, srt-live-transmit), and receivers that decode what arrived.
 * Covers the five combinations, a refused key, a target whose server is
 * down at start or killed mid-stream, and the input stopping for good and
 * being activated again. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <gst/check/gstcheck.h>
#include <json-glib/json-glib.h>

#include "launchclient.h"

#define KBPS 1500
#define GOP 60

static RsProcess *
publish_rtmp (const gchar * url)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *sink = g_strdup_printf ("rtmp2sink location=%s "
      "tls-validation-flags=0", url);
  RsProcess *proc = rs_publisher_start ("flvmux", KBPS, GOP, sink, &error);

  fail_unless (proc != NULL, "%s", error ? error->message : "");
  return proc;
}

/* An SRT origin that takes callers again and again: the publisher sends
 * MPEG-TS over UDP to srt-live-transmit listening for SRT. */
typedef struct
{
  RsProcess *relay;
  RsProcess *publisher;
  guint srt_port;
} SrtOrigin;

static void
srt_origin_start (SrtOrigin * o)
{
  guint udp_port = rs_free_port (TRUE);
  g_autofree gchar *udp = g_strdup_printf ("udp://127.0.0.1:%u", udp_port);
  g_autofree gchar *listen = NULL;
  g_autofree gchar *sink = g_strdup_printf ("udpsink host=127.0.0.1 port=%u",
      udp_port);
  g_autoptr (GError) error = NULL;

  o->srt_port = rs_free_port (TRUE);
  listen = g_strdup_printf ("srt://:%u?mode=listener", o->srt_port);
  {
    const gchar *argv[] = { "srt-live-transmit", "-q", "-a", "yes", udp,
      listen, NULL
    };
    o->relay = rs_process_spawn (argv, NULL, NULL, &error);
  }
  fail_unless (o->relay != NULL, "%s", error ? error->message : "");
  o->publisher = rs_publisher_start ("mpegtsmux", KBPS, GOP, sink, &error);
  fail_unless (o->publisher != NULL, "%s", error ? error->message : "");
}

static void
srt_origin_stop (SrtOrigin * o)
{
  rs_process_free (o->publisher);
  rs_process_free (o->relay);
}

/* What a target received decodes as H.264 (and AAC where it can be
 * checked): frames through a real receiver. */
static void
assert_receives (const gchar * url, guint frames)
{
  g_autoptr (GError) error = NULL;
  RsReceiver *receiver = rs_receiver_start_decoding (url, frames, 15000,
      &error);

  fail_unless (receiver != NULL, "%s", error ? error->message : "");
  /* The receiver decodes with avdec_h264 and avdec_aac: both codecs. */
  g_mutex_lock (&receiver->lock);
  fail_unless (receiver->audio_frames > 0, "%s: no AAC decoded", url);
  g_mutex_unlock (&receiver->lock);
  fail_if (receiver->pts_went_back);
  rs_receiver_stop (receiver);
}

/* An SRT listener's recording: H.264 and AAC, at least @seconds long. */
static void
assert_ts_file (const gchar * path, gdouble seconds)
{
  g_autofree gchar *probe = rs_ffprobe (path, 15000);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root, *format;
  JsonArray *streams;
  gboolean h264 = FALSE, aac = FALSE;
  guint i;

  fail_unless (probe != NULL, "ffprobe failed on %s", path);
  fail_unless (json_parser_load_from_data (parser, probe, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  streams = json_object_get_array_member (root, "streams");
  for (i = 0; i < json_array_get_length (streams); i++) {
    const gchar *codec =
        json_object_get_string_member_with_default
        (json_array_get_object_element (streams, i), "codec_name", "");

    h264 |= g_str_equal (codec, "h264");
    aac |= g_str_equal (codec, "aac");
  }
  fail_unless (h264 && aac, "streams in %s: %s", path, probe);
  format = json_object_get_object_member (root, "format");
  fail_unless (g_ascii_strtod (json_object_get_string_member_with_default
          (format, "duration", "0"), NULL) >= seconds, "%s: %s", path, probe);
}

/* A decode of the recording with the stock elements: frames and errors. */
static void
assert_ts_decodes (const gchar * path, guint min_frames)
{
  g_autofree gchar *desc = g_strdup_printf ("filesrc location=%s ! tsdemux ! "
      "h264parse ! avdec_h264 ! fakesink name=sink signal-handoffs=false",
      path);
  g_autoptr (GError) error = NULL;
  GstElement *pipeline = gst_parse_launch (desc, &error);
  GstMessage *msg;
  GstElement *sink;
  guint64 rendered = 0;

  fail_unless (pipeline != NULL, "%s", error ? error->message : "");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (pipeline),
      20 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS,
      "decoding %s did not end cleanly", path);
  gst_message_unref (msg);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  {
    GstStructure *stats = NULL;

    g_object_get (sink, "stats", &stats, NULL);
    gst_structure_get_uint64 (stats, "rendered", &rendered);
    gst_structure_free (stats);
  }
  gst_object_unref (sink);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
  fail_unless (rendered >= min_frames, "%s: %" G_GUINT64_FORMAT
      " frames decoded, wanted %u", path, rendered, min_frames);
}

/* RTMP -> RTMP and RTMP -> SRT from one input, plus a target whose key the
 * server refuses: reported as such, tried once, and the others run. */
GST_START_TEST (test_rtmp_to_rtmp_and_srt)
{
  g_autoptr (GError) error = NULL;
  RsNginx *origin = rs_nginx_start (FALSE, &error);
  g_autofree gchar *ts_path = NULL;
  g_autofree gchar *in_url = NULL, *live_base = NULL, *ini = NULL;
  g_autofree gchar *out_url = NULL, *locked = NULL;
  RsSrtListener *srt;
  RsProcess *publisher;
  JsonObject *refused;
  Launch *l;
  const gchar *secrets[] = { "outa-secret-41", "lockedkey-77", NULL };

  fail_unless (origin != NULL, "%s", error ? error->message : "");
  ts_path = g_build_filename (g_get_tmp_dir (), "rs-launch-srt-XXXXXX.ts",
      NULL);
  g_close (g_mkstemp (ts_path), NULL);
  srt = rs_srt_listener_start (NULL, ts_path, &error);
  fail_unless (srt != NULL, "%s", error ? error->message : "");
  in_url = rs_nginx_url (origin, "in");
  publisher = publish_rtmp (in_url);
  ini = g_strdup_printf ("[restream]\nname=mixed\ninput=%s\n\n"
      "[target rtmp]\nurl=rtmp://127.0.0.1:%u/live\nkey=outa-secret-41\n"
      "platform=youtube\n\n"
      "[target locked]\nurl=rtmp://127.0.0.1:%u/locked\nkey=lockedkey-77\n\n"
      "[target srt]\nurl=srt://127.0.0.1:%u?mode=caller&latency=400000&"
      "pkt_size=1316&send_buffer_size=2000000&streamid=mixed\n",
      in_url, origin->rtmp_port, origin->rtmp_port, srt->port);
  l = launch_start_full (ini, TRUE);

  launch_wait_live (l, "rtmp");
  launch_wait_live (l, "srt");
  refused = launch_wait (l, 0, "target", "locked", "refused", 10000, NULL);
  fail_unless (refused != NULL, "the refused key was not reported");
  fail_unless_equals_string (json_object_get_string_member (refused, "cause"),
      "publish-rejected");
  fail_unless (launch_wait (l, 0, "restream", NULL, "live", 5000, NULL));

  /* --dot: a graph when the restream went live, one more on SIGUSR1; the
   * whole pipeline, with no key in it. */
  rs_process_signal (l->proc, SIGUSR1);
  {
    g_autoptr (GHashTable) dots = launch_dots (l, 2, 5000);
    GHashTableIter iter;
    gpointer name, text;
    gboolean live = FALSE, requested = FALSE;

    g_hash_table_iter_init (&iter, dots);
    while (g_hash_table_iter_next (&iter, &name, &text)) {
      guint i;

      fail_unless (g_str_has_prefix (name, "mixed-")
          && g_str_has_suffix (name, ".dot"), "%s", (gchar *) name);
      live |= strstr (name, "-live.dot") != NULL;
      requested |= strstr (name, "-requested.dot") != NULL;
      fail_unless (g_str_has_prefix (text, "digraph"), "%s", (gchar *) name);
      fail_unless (strstr (text, "GstFailoverSrc") && strstr (text,
              "GstEFlvMux") && strstr (text, "GstMpegTsMux")
          && strstr (text, "GstRestreamTee") && strstr (text,
              "GstTargetValidator") && strstr (text, "GstRtmpPushSink")
          && strstr (text, "GstSRTSink"), "%s does not show the whole "
          "pipeline", (gchar *) name);
      for (i = 0; secrets[i]; i++)
        fail_if (strstr (text, secrets[i]), "%s shows a key", (gchar *) name);
    }
    fail_unless (live && requested, "--dot wrote %u graphs, not the live "
        "and the requested ones", g_hash_table_size (dots));
  }

  out_url = g_strdup_printf ("rtmp://127.0.0.1:%u/live/outa-secret-41",
      origin->rtmp_port);
  assert_receives (out_url, 90);
  g_usleep (2 * G_USEC_PER_SEC);
  /* Not hammered: one attempt in the whole run. */
  fail_unless_equals_int (launch_count (l, "target", "locked", "connecting"),
      1);
  launch_stop (l, secrets);
  fail_unless (launch_count (l, "target", "rtmp", "reconnecting") == 0);

  rs_srt_listener_stop (srt);
  assert_ts_file (ts_path, 3.0);
  assert_ts_decodes (ts_path, 90);
  g_unlink (ts_path);
  launch_free (l);
  rs_process_free (publisher);
  rs_nginx_stop (origin);
}

GST_END_TEST;

/* RTMPS -> RTMPS through nginx's TLS front with a self-signed certificate
 * (validation off, by the description's explicit opt-in). */
GST_START_TEST (test_rtmps_to_rtmps)
{
  g_autoptr (GError) error = NULL;
  RsNginx *nginx = rs_nginx_start (TRUE, &error);
  g_autofree gchar *in_url = NULL, *ini = NULL, *out_url = NULL;
  RsProcess *publisher;
  Launch *l;
  const gchar *secrets[] = { "tls-secret-key-9", NULL };

  fail_unless (nginx != NULL, "%s", error ? error->message : "");
  in_url = rs_nginx_tls_url (nginx, "in");
  publisher = publish_rtmp (in_url);
  ini = g_strdup_printf ("[restream]\nname=tls\ninput=%s\n"
      "input-tls-validation=false\n\n"
      "[target out]\nurl=rtmps://127.0.0.1:%u/live\nkey=tls-secret-key-9\n"
      "tls-validation=false\n", in_url, nginx->rtmps_port);
  l = launch_start (ini);
  launch_wait_live (l, "out");
  /* Read back from the server behind the TLS front. */
  out_url = rs_nginx_url (nginx, "tls-secret-key-9");
  assert_receives (out_url, 60);
  launch_stop (l, secrets);
  launch_free (l);
  rs_process_free (publisher);
  rs_nginx_stop (nginx);
}

GST_END_TEST;

/* SIGHUP reads the description again: a target whose key changed
 * reconnects with the new key, a new one starts, a removed one stops, and
 * the unchanged one is not touched (no event, its viewer sees no gap). */
GST_START_TEST (test_sighup_reloads)
{
  g_autoptr (GError) error = NULL;
  RsNginx *nginx = rs_nginx_start (FALSE, &error);
  g_autofree gchar *in_url = NULL, *ini = NULL, *ini2 = NULL;
  g_autofree gchar *a_url = NULL, *b2_url = NULL, *c_url = NULL;
  const gchar *secrets[] = { "hup-key-a1", "hup-key-b1", "hup-key-b2",
    "hup-key-c1", "hup-key-d1", NULL
  };
  RsProcess *publisher;
  RsReceiver *watch;
  JsonObject *reload;
  guint from, index;
  Launch *l;

  fail_unless (nginx != NULL, "%s", error ? error->message : "");
  in_url = rs_nginx_url (nginx, "in");
  publisher = publish_rtmp (in_url);
  ini = g_strdup_printf ("[restream]\nname=hup\ninput=%s\nmax-targets=3\n"
      "[target a]\nurl=rtmp://127.0.0.1:%u/live\nkey=hup-key-a1\n"
      "[target b]\nurl=rtmp://127.0.0.1:%u/live\nkey=hup-key-b1\n"
      "[target d]\nurl=rtmp://127.0.0.1:%u/live\nkey=hup-key-d1\n", in_url,
      nginx->rtmp_port, nginx->rtmp_port, nginx->rtmp_port);
  l = launch_start (ini);
  launch_wait_live (l, "a");
  launch_wait_live (l, "b");
  launch_wait_live (l, "d");
  a_url = rs_nginx_url (nginx, "hup-key-a1");
  watch = rs_receiver_start (a_url, &error);
  fail_unless (watch != NULL, "%s", error ? error->message : "");
  fail_unless (rs_receiver_wait_frames (watch, 30, 15000));
  rs_receiver_reset_gap (watch);

  /* b gets a new key, c is new, d is gone; a stays as it was. */
  ini2 = g_strdup_printf ("[restream]\nname=hup\ninput=%s\nmax-targets=3\n"
      "[target a]\nurl=rtmp://127.0.0.1:%u/live\nkey=hup-key-a1\n"
      "[target b]\nurl=rtmp://127.0.0.1:%u/live\nkey=hup-key-b2\n"
      "[target c]\nurl=rtmp://127.0.0.1:%u/live\nkey=hup-key-c1\n", in_url,
      nginx->rtmp_port, nginx->rtmp_port, nginx->rtmp_port);
  fail_unless (g_file_set_contents (l->ini_path, ini2, -1, NULL));
  from = l->events->len;
  rs_process_signal (l->proc, SIGHUP);
  reload = launch_wait (l, from, "reload", NULL, NULL, 5000, &index);
  fail_unless (reload != NULL, "no reload event");
  fail_unless_equals_string (json_object_get_string_member (reload, "added"),
      "c");
  fail_unless_equals_string (json_object_get_string_member (reload,
          "changed"), "b");
  fail_unless_equals_string (json_object_get_string_member (reload,
          "removed"), "d");
  fail_unless (launch_wait (l, index, "target", "b", "live", 15000, NULL));
  fail_unless (launch_wait (l, index, "target", "c", "live", 15000, NULL));
  fail_unless (launch_wait (l, from, "target", "d", "stopped", 5000, NULL));
  b2_url = rs_nginx_url (nginx, "hup-key-b2");
  c_url = rs_nginx_url (nginx, "hup-key-c1");
  assert_receives (b2_url, 30);
  assert_receives (c_url, 30);
  g_print ("target a's longest gap between decoded frames through the "
      "reload: %.0f ms\n", rs_receiver_max_gap (watch) / 1e3);
  fail_unless (rs_receiver_max_gap (watch) < 500 * G_TIME_SPAN_MILLISECOND,
      "a's stream stopped for %" G_GINT64_FORMAT " ms",
      rs_receiver_max_gap (watch) / 1000);
  {
    guint i, touched = 0;

    for (i = from; i < l->events->len; i++)
      touched += launch_event_matches (g_ptr_array_index (l->events, i),
          "target", "a", NULL);
    fail_unless_equals_int (touched, 0);
  }
  rs_receiver_stop (watch);

  /* A broken file changes nothing. */
  fail_unless (g_file_set_contents (l->ini_path, "[restream]\nname=hup\n",
          -1, NULL));
  from = l->events->len;
  rs_process_signal (l->proc, SIGHUP);
  g_usleep (G_USEC_PER_SEC);
  fail_if (launch_wait (l, from, "reload", NULL, NULL, 500, NULL));
  fail_unless (rs_process_is_running (l->proc));

  launch_stop (l, secrets);
  launch_free (l);
  rs_process_free (publisher);
  rs_nginx_stop (nginx);
}

GST_END_TEST;

/* SRT -> SRT and SRT -> RTMP from one SRT origin. */
GST_START_TEST (test_srt_to_srt_and_rtmp)
{
  g_autoptr (GError) error = NULL;
  RsNginx *target = rs_nginx_start (FALSE, &error);
  g_autofree gchar *ts_path = NULL, *ini = NULL, *out_url = NULL;
  RsSrtListener *srt;
  SrtOrigin origin;
  Launch *l;
  const gchar *secrets[] = { "srt-rtmp-key-5", "a-long-passphrase", NULL };

  fail_unless (target != NULL, "%s", error ? error->message : "");
  ts_path = g_build_filename (g_get_tmp_dir (), "rs-launch-srt-XXXXXX.ts",
      NULL);
  g_close (g_mkstemp (ts_path), NULL);
  srt = rs_srt_listener_start ("passphrase=a-long-passphrase&pbkeylen=16",
      ts_path, &error);
  fail_unless (srt != NULL, "%s", error ? error->message : "");
  srt_origin_start (&origin);
  ini = g_strdup_printf ("[restream]\nname=srt\n"
      "input=srt://127.0.0.1:%u?mode=caller\n\n"
      "[target srt]\nurl=srt://127.0.0.1:%u?mode=caller&latency=500000&"
      "passphrase=a-long-passphrase&pbkeylen=16\n\n"
      "[target rtmp]\nurl=rtmp://127.0.0.1:%u/live\nkey=srt-rtmp-key-5\n",
      origin.srt_port, srt->port, target->rtmp_port);
  l = launch_start (ini);
  launch_wait_live (l, "srt");
  launch_wait_live (l, "rtmp");
  out_url = rs_nginx_url (target, "srt-rtmp-key-5");
  assert_receives (out_url, 90);
  launch_stop (l, secrets);
  rs_srt_listener_stop (srt);
  assert_ts_file (ts_path, 3.0);
  assert_ts_decodes (ts_path, 90);
  g_unlink (ts_path);
  launch_free (l);
  srt_origin_stop (&origin);
  rs_nginx_stop (target);
}

GST_END_TEST;

/* One target's server is down at start: the other runs; the down one
 * connects within one backoff step of its server coming up. Then that
 * server is killed mid-stream: only its target reconnects. */
GST_START_TEST (test_target_down_then_killed)
{
  g_autoptr (GError) error = NULL;
  RsNginx *origin = rs_nginx_start (FALSE, &error);
  RsNginx *late = rs_nginx_start (FALSE, &error);
  g_autofree gchar *in_url = NULL, *ini = NULL, *ok_url = NULL;
  RsProcess *publisher;
  RsReceiver *receiver;
  JsonObject *e;
  gdouble step = 0;
  gint64 up;
  guint i, index;
  Launch *l;

  fail_unless (origin && late, "%s", error ? error->message : "");
  rs_nginx_kill (late);
  in_url = rs_nginx_url (origin, "in");
  publisher = publish_rtmp (in_url);
  ini = g_strdup_printf ("[restream]\nname=down\ninput=%s\n\n"
      "[target ok]\nurl=rtmp://127.0.0.1:%u/live\nkey=ok-key-123\n\n"
      "[target late]\nurl=rtmp://127.0.0.1:%u/live\nkey=late-key-456\n",
      in_url, origin->rtmp_port, late->rtmp_port);
  l = launch_start (ini);
  launch_wait_live (l, "ok");
  e = launch_wait (l, 0, "target", "late", "reconnecting", 5000, NULL);
  fail_unless (e != NULL);
  fail_unless_equals_string (json_object_get_string_member (e, "cause"),
      "rtmp-unreachable");
  ok_url = rs_nginx_url (origin, "ok-key-123");
  receiver = rs_receiver_start (ok_url, &error);
  fail_unless (receiver != NULL);
  fail_unless (rs_receiver_wait_frames (receiver, 30, 15000));

  g_usleep (3 * G_USEC_PER_SEC);
  fail_unless (rs_nginx_restart (late, &error), "%s",
      error ? error->message : "");
  up = g_get_monotonic_time ();
  fail_unless (launch_wait (l, 0, "target", "late", "live", 40000, &index));
  /* The last backoff step before the attempt that succeeded (an attempt
   * that failed just as the server came up starts one more step). */
  for (i = 0; i < index; i++)
    if (launch_event_matches (g_ptr_array_index (l->events, i), "target",
            "late", "reconnecting"))
      step =
          json_object_get_double_member (g_ptr_array_index (l->events, i),
          "retry-in");
  /* Beyond the step: the connect, handshake and publish, the wait for the
   * next keyframe (GOP 2 s), and "live" is seen at the next 1 s status
   * poll; 1.5 s for the rest (slower under the sanitizers). */
  fail_unless (launch_time (l, index) - up <= (step + 4.5) * G_USEC_PER_SEC,
      "late target live %.2f s after its server came up; backoff step %.2f s",
      (launch_time (l, index) - up) / 1e6, step);
  {
    g_autofree gchar *late_url = rs_nginx_url (late, "late-key-456");

    assert_receives (late_url, 30);
  }

  /* Killed mid-stream: only that target reconnects; the other one keeps
   * decoding without a gap. */
  rs_receiver_reset_gap (receiver);
  rs_nginx_kill (late);
  e = launch_wait (l, index, "target", "late", "reconnecting", 15000, NULL);
  fail_unless (e != NULL, "the killed target was not reported");
  fail_unless_equals_string (json_object_get_string_member (e, "cause"),
      "rtmp-connection-lost");
  fail_unless (rs_nginx_restart (late, &error));
  fail_unless (launch_wait (l, index + 1, "target", "late", "live", 40000,
          NULL));
  fail_unless (rs_receiver_max_gap (receiver) < G_USEC_PER_SEC,
      "the healthy target stalled for %" G_GINT64_FORMAT " us",
      rs_receiver_max_gap (receiver));
  fail_unless_equals_int (launch_count (l, "target", "ok", "reconnecting"), 0);
  rs_receiver_stop (receiver);
  launch_stop (l, NULL);
  launch_free (l);
  rs_process_free (publisher);
  rs_nginx_stop (late);
  rs_nginx_stop (origin);
}

GST_END_TEST;

/* The input stops for good after its retry timeout; the restream waits
 * until it is activated again (--reactivate), then every target runs. */
GST_START_TEST (test_input_stops_and_reactivates)
{
  g_autoptr (GError) error = NULL;
  RsNginx *origin = rs_nginx_start (FALSE, &error);
  g_autofree gchar *in_url = NULL, *ini = NULL;
  RsProcess *publisher;
  guint index;
  gint status;
  Launch *l;

  fail_unless (origin != NULL, "%s", error ? error->message : "");
  in_url = rs_nginx_url (origin, "in");
  publisher = publish_rtmp (in_url);
  ini = g_strdup_printf ("[restream]\nname=stop\ninput=%s\n"
      "outage-threshold=1\nretry-timeout=2\n\n"
      "[target out]\nurl=rtmp://127.0.0.1:%u/live\nkey=out-key-77\n",
      in_url, origin->rtmp_port);
  l = launch_start (ini);
  launch_wait_live (l, "out");
  rs_process_free (publisher);
  fail_unless (launch_wait (l, 0, "restream", NULL, "outage", 10000, NULL));
  fail_unless (launch_wait (l, 0, "restream", NULL, "stopped", 15000,
          &index), "the restream did not stop for good");
  g_usleep (G_USEC_PER_SEC);
  fail_unless_equals_int (launch_count (l, "restream", NULL, "starting"), 1);

  publisher = publish_rtmp (in_url);
  {
    const gchar *argv[] = { g_getenv ("RS_LAUNCHER"), "--reactivate",
      "--pid-file", l->pid_path, l->ini_path, NULL
    };
    fail_unless (g_spawn_sync (NULL, (gchar **) argv, NULL,
            G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
            NULL, NULL, NULL, &status, NULL));
    fail_unless (g_spawn_check_wait_status (status, NULL));
  }
  fail_unless (launch_wait (l, index, "restream", NULL, "live", 20000, NULL));
  fail_unless (launch_wait (l, index, "target", "out", "live", 20000, NULL));
  {
    g_autofree gchar *out_url = rs_nginx_url (origin, "out-key-77");

    assert_receives (out_url, 30);
  }
  launch_stop (l, NULL);
  launch_free (l);
  rs_process_free (publisher);
  rs_nginx_stop (origin);
}

GST_END_TEST;

static Suite *
launcher_suite (void)
{
  Suite *s = suite_create ("launcher");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_rtmp_to_rtmp_and_srt);
  tcase_add_test (tc, test_rtmps_to_rtmps);
  tcase_add_test (tc, test_sighup_reloads);
  tcase_add_test (tc, test_srt_to_srt_and_rtmp);
  tcase_add_test (tc, test_target_down_then_killed);
  tcase_add_test (tc, test_input_stops_and_reactivates);
  return s;
}

GST_CHECK_MAIN (launcher);
