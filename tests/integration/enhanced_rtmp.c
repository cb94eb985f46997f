/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* HEVC from an SRT input: restream-launch pushes it to Node-Media-Server
 * v4 as Enhanced RTMP and to an SRT listener as MPEG-TS. What NMS relays
 * (HTTP-FLV) and what it records are read back by our FLV parser and
 * decoded by h265parse ! avdec_h265; the SRT recording by ffprobe. The
 * same input with a Twitch target is refused by --check-input. */

#include <string.h>

#include <gst/check/gstcheck.h>
#include <glib/gstdio.h>
#include <sys/wait.h>

#include "launchclient.h"

#define WIDTH 480
#define HEIGHT 270
#define FPS 25
#define GOP_FRAMES 50
#define KEY "hevc-secret-key"
#define TWITCH_KEY "twitch-hevc-key"
#define TLS_KEY "tls-hevc-key"

/* gst-launch-1.0 publishing HEVC + AAC in MPEG-TS to our SRT listener,
 * with the parameter sets before every keyframe, as live encoders send
 * them in MPEG-TS (x265 alone sends them once, at the start). */
static RsProcess *
publish_hevc (guint port)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *uri = g_strdup_printf ("uri=srt://127.0.0.1:%u?"
      "mode=caller", port);
  g_autofree gchar *caps = g_strdup_printf ("video/x-raw,width=%d,height=%d,"
      "framerate=%d/1", WIDTH, HEIGHT, FPS);
  g_autofree gchar *gop = g_strdup_printf ("key-int-max=%d", GOP_FRAMES);
  const gchar *argv[] = { "gst-launch-1.0", "-q", "videotestsrc",
    "is-live=true", "!", caps, "!", "x265enc", "speed-preset=ultrafast",
    "tune=zerolatency", gop, "bitrate=500", "!", "h265parse",
    "config-interval=-1", "!",
    "mpegtsmux", "name=m", "alignment=7", "!", "srtsink", uri,
    "wait-for-connection=false", "audiotestsrc", "is-live=true", "!",
    "audioconvert", "!", "avenc_aac", "!", "aacparse", "!", "m.", NULL
  };
  RsProcess *proc = rs_process_spawn (argv, NULL, NULL, &error);

  fail_unless (proc != NULL, "%s", error ? error->message : "");
  return proc;
}

/* @seconds of what NMS relays for @stream over HTTP-FLV. */
static GByteArray *
fetch_flv (RsNms * nms, const gchar * stream, guint seconds)
{
  g_autofree gchar *url = rs_nms_flv_url (nms, stream);
  g_autofree gchar *limit = g_strdup_printf ("%u", seconds);
  g_autofree gchar *path = g_build_filename (g_get_tmp_dir (),
      "rs-nms-http.flv", NULL);
  const gchar *argv[] = { "curl", "-s", "-m", limit, "-o", path, url, NULL };
  g_autoptr (GError) error = NULL;
  gchar *contents = NULL;
  gsize length;
  gint status;

  /* curl ends on its time limit (exit 28): the stream does not end */
  fail_unless (g_spawn_sync (NULL, (gchar **) argv, NULL,
          G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
          G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
          &error), "curl: %s", error ? error->message : "");
  fail_unless (g_file_get_contents (path, &contents, &length, NULL),
      "nothing fetched from %s", url);
  g_unlink (path);
  return g_byte_array_new_take ((guint8 *) contents, length);
}

static void
assert_hevc (const RsFlvReport * r, const gchar * what, guint min_frames)
{
  g_print ("%s: %s, %u frames (%u keyframes), %u decoded, %dx%d, %u audio "
      "frames, %u configuration records, longest gap %" G_GUINT64_FORMAT
      " ms\n", what, r->video_codec, r->video_frames, r->keyframes,
      r->decoded_frames, r->width, r->height, r->audio_frames, r->configs,
      r->max_gap_ms);
  fail_unless_equals_string (r->video_codec, "h265");
  fail_unless (r->enhanced, "%s: no Enhanced RTMP video tags", what);
  fail_unless (r->video_frames >= min_frames, "%s: %u video frames", what,
      r->video_frames);
  fail_unless (r->first_is_keyframe, "%s: starts with a delta frame", what);
  fail_unless_equals_int (r->decoded_frames, r->video_frames);
  fail_if (r->dts_went_back, "%s: DTS went back: frame %u of %u at %u ms "
      "after %u ms", what, r->back_index, r->video_frames, r->back_at,
      r->back_from);
  fail_unless (r->width == WIDTH && r->height == HEIGHT, "%s: %dx%d", what,
      r->width, r->height);
  fail_unless_equals_string (r->audio_codec, "aac");
  fail_unless (r->audio_frames > 0, "%s: no audio", what);
}

static gboolean
has_enhanced_finding (Launch * l, const gchar * target)
{
  guint i;

  for (i = 0; i < l->events->len; i++) {
    JsonObject *e = g_ptr_array_index (l->events, i);
    JsonNode *node;
    g_autofree gchar *text = NULL;

    if (!launch_event_matches (e, "finding", target, NULL))
      continue;
    node = json_node_init_object (json_node_alloc (), e);
    text = json_to_string (node, FALSE);
    json_node_unref (node);
    if (strstr (text, "enhanced-rtmp"))
      return TRUE;
  }
  return FALSE;
}

GST_START_TEST (test_hevc_srt_to_nms_and_srt)
{
  g_autoptr (GError) error = NULL;
  RsNms *nms = rs_nms_start (TRUE, &error);
  g_autofree gchar *ts_path = g_build_filename (g_get_tmp_dir (),
      "rs-hevc-srt.ts", NULL);
  RsSrtListener *srt;
  guint port = rs_free_port (TRUE);
  g_autofree gchar *ini = NULL, *recording = NULL, *probe = NULL;
  const gchar *const secrets[] = { KEY, TWITCH_KEY, TLS_KEY, NULL };
  g_autofree gchar *nms_log = NULL, *log_path = NULL;
  JsonObject *refused;
  guint index;
  RsFlvReport report;
  GByteArray *relayed;
  RsProcess *pub;
  gint64 t;
  Launch *l;

  fail_unless (nms != NULL, "%s", error ? error->message : "");
  srt = rs_srt_listener_start (NULL, ts_path, &error);
  fail_unless (srt != NULL, "%s", error ? error->message : "");
  /* The Twitch target's rules apply though it points at NMS. */
  ini = g_strdup_printf ("[restream]\nname=hevc\n"
      "input=srt://127.0.0.1:%u?mode=listener\nmax-targets=4\n"
      "outage-threshold=1\n"
      "[target nms]\nurl=rtmp://127.0.0.1:%u/live\nkey=" KEY "\n"
      "[target nms-tls]\nurl=rtmps://127.0.0.1:%u/live\nkey=" TLS_KEY "\n"
      "tls-validation=false\n"
      "[target srt]\nurl=srt://127.0.0.1:%u?mode=caller&latency=500000\n"
      "[target twitch]\nurl=rtmp://127.0.0.1:%u/live\nkey=" TWITCH_KEY "\n"
      "platform=twitch\n", port, nms->rtmp_port, nms->rtmps_port, srt->port,
      nms->rtmp_port);
  l = launch_start (ini);
  pub = publish_hevc (port);
  launch_wait_live (l, "nms");
  launch_wait_live (l, "nms-tls");
  launch_wait_live (l, "srt");
  /* Twitch takes H.264 only: stopped before it connects, not retried. */
  refused = launch_wait (l, 0, "target", "twitch", "refused", 10000, NULL);
  fail_unless (refused != NULL, "the Twitch target was not refused");
  fail_unless_equals_string (json_object_get_string_member (refused, "cause"),
      "codec-refused");
  fail_unless (strstr (json_object_get_string_member_with_default (refused,
              "detail", ""), "HEVC") != NULL, "%s",
      json_object_get_string_member_with_default (refused, "detail", ""));

  /* What a player of NMS gets: its GOP cache, then live. */
  relayed = fetch_flv (nms, KEY, 5);
  fail_unless (rs_flv_read_back (relayed->data, relayed->len, &report,
          &error), "%s", error ? error->message : "");
  assert_hevc (&report, "NMS HTTP-FLV", 3 * FPS);
  rs_flv_report_clear (&report);
  g_byte_array_unref (relayed);
  relayed = fetch_flv (nms, TLS_KEY, 3);
  fail_unless (rs_flv_read_back (relayed->data, relayed->len, &report,
          &error), "%s", error ? error->message : "");
  assert_hevc (&report, "NMS HTTP-FLV of the RTMPS target", 2 * FPS);
  rs_flv_report_clear (&report);
  g_byte_array_unref (relayed);
  fail_unless (has_enhanced_finding (l, "nms"),
      "no enhanced-rtmp finding for the generic RTMP target");

  /* An outage: the slate is HEVC too (x265 at the input's size), with its
   * own configuration record, and the live stream's again after it. */
  rs_process_free (pub);
  t = g_get_monotonic_time ();
  fail_unless (launch_wait_slate (l, TRUE, 8000, &index) != NULL,
      "the slate did not go on air");
  g_print ("slate on air %" G_GINT64_FORMAT " ms after the cut\n",
      (g_get_monotonic_time () - t) / 1000);
  g_usleep (2 * G_USEC_PER_SEC);
  pub = publish_hevc (port);
  t = g_get_monotonic_time ();
  fail_unless (launch_wait_slate (l, FALSE, 20000, &index) != NULL,
      "the slate did not go off air");
  g_print ("slate off air %" G_GINT64_FORMAT " ms after the publisher's "
      "start\n", (g_get_monotonic_time () - t) / 1000);
  g_usleep (2 * G_USEC_PER_SEC);

  fail_unless_equals_int (launch_count (l, "target", "twitch", "connecting"),
      1);
  launch_stop (l, secrets);
  launch_free (l);
  rs_process_free (pub);
  /* NMS never saw a publish with the Twitch target's key. */
  log_path = g_build_filename (nms->dir, "nms.log", NULL);
  fail_unless (g_file_get_contents (log_path, &nms_log, NULL, NULL));
  fail_unless (strstr (nms_log, "start push /live/" KEY) != NULL,
      "the NMS log does not show the publish: %s", nms_log);
  fail_if (strstr (nms_log, TWITCH_KEY) != NULL,
      "the Twitch target connected: %s", nms_log);

  /* NMS closes its recording when the publish ends. */
  recording = rs_nms_recording (nms, KEY);
  fail_unless (recording != NULL, "NMS recorded nothing");
  g_usleep (G_USEC_PER_SEC / 2);
  fail_unless (rs_flv_read_back_file (recording, &report, &error), "%s",
      error ? error->message : "");
  assert_hevc (&report, "NMS recording", 8 * FPS);
  /* live, slate, live: each with its configuration, all HEVC */
  fail_unless (report.configs >= 3, "%u configuration records", report.configs);
  fail_unless_equals_int (report.codec_changes, 0);
  /* at most one GOP (2 s) + 0.5 s between frames, outage included */
  fail_unless (report.max_gap_ms <= GOP_FRAMES * 1000 / FPS + 500,
      "a gap of %" G_GUINT64_FORMAT " ms", report.max_gap_ms);
  rs_flv_report_clear (&report);

  rs_srt_listener_stop (srt);
  probe = rs_ffprobe (ts_path, 30000);
  fail_unless (probe != NULL, "ffprobe read nothing from the SRT target");
  fail_unless (strstr (probe, "\"codec_name\": \"hevc\"") != NULL,
      "the SRT target got no HEVC: %s", probe);
  fail_unless (strstr (probe, "\"codec_name\": \"aac\"") != NULL,
      "the SRT target got no AAC");
  g_unlink (ts_path);
  rs_nms_stop (nms);
}

GST_END_TEST;

/* restream-launch --check --check-input=SECONDS on @ini: exit status,
 * stdout and stderr. */
static gint
check_input (const gchar * ini, gchar ** out, gchar ** err)
{
  g_autofree gchar *path = g_build_filename (g_get_tmp_dir (),
      "rs-hevc-check.ini", NULL);
  const gchar *argv[] = { g_getenv ("RS_LAUNCHER"), "--check",
    "--check-input=10", path, NULL
  };
  g_autoptr (GError) error = NULL;
  gint status = 0;

  fail_unless (g_file_set_contents (path, ini, -1, NULL));
  fail_unless (g_spawn_sync (NULL, (gchar **) argv, NULL, 0, NULL, NULL, out,
          err, &status, &error), "%s", error ? error->message : "");
  g_unlink (path);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

GST_START_TEST (test_hevc_twitch_refused_by_check)
{
  guint port = rs_free_port (TRUE);
  g_autofree gchar *ini = g_strdup_printf ("[restream]\nname=hevc-check\n"
      "input=srt://127.0.0.1:%u?mode=listener\nmax-targets=2\n"
      "[target twitch]\nurl=rtmp://127.0.0.1:1/app\nkey=" KEY "\n"
      "platform=twitch\n"
      "[target youtube]\nurl=rtmp://127.0.0.1:1/live2\nkey=" KEY "\n"
      "platform=youtube\n", port);
  g_autofree gchar *out = NULL, *err = NULL;
  RsProcess *pub = publish_hevc (port);
  gint code = check_input (ini, &out, &err);

  g_print ("--check-input: exit %d\n%s%s", code, out, err);
  fail_unless_equals_int (code, 2);
  fail_unless (strstr (out, "input: video HEVC (H.265) 480x270, audio aac"),
      "%s", out);
  fail_unless (strstr (err, "target twitch (twitch) refuses the input's "
          "HEVC (H.265) video [video-codec]: Twitch takes H.264 video only"),
      "%s", err);
  fail_unless (strstr (out, "  youtube: takes HEVC (H.265)"), "%s", out);
  fail_if (strstr (out, KEY) || strstr (err, KEY), "the key was printed");
  rs_process_free (pub);
}

GST_END_TEST;

static Suite *
enhanced_rtmp_suite (void)
{
  Suite *s = suite_create ("enhanced_rtmp");
  TCase *tc = tcase_create ("hevc");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_hevc_srt_to_nms_and_srt);
  tcase_add_test (tc, test_hevc_twitch_refused_by_check);
  suite_add_tcase (s, tc);
  return s;
}

GST_CHECK_MAIN (enhanced_rtmp);
