/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * The outage slate end to end: restream-launch pulls a 640x360 25 fps
 * H.264 + AAC input from nginx-rtmp and pushes it to an RTMP target, an
 * RTMPS target (nginx behind a TLS front) and an SRT target
 * (srt-live-transmit) with the slate, and to an RTMP target with
 * slate=false. The publisher is stopped for RS_SLATE_CUT seconds (8
 * by default) and started again. What the targets recorded is read back
 * with ffprobe: with the slate, no gap between video frames longer than
 * one GOP + 0.5 s, one size throughout, DTS never going back, audio all
 * along, and the slate's frames decode; without it, the gap of old.
 */

#include <stdio.h>
#include <string.h>

#include <gst/check/gstcheck.h>
#include <gst/app/gstappsink.h>

#include "launchclient.h"

#define GOP_FRAMES 50
#define FPS 25
#define GOP_SECONDS ((gdouble) GOP_FRAMES / FPS)
#define WIDTH 640
#define HEIGHT 360

/* What ffprobe reads from a recording. */
typedef struct
{
  guint video, audio, frames;
  gdouble first, last;          /* video DTS, s */
  gdouble max_gap, max_gap_at;  /* between video frames */
  gdouble max_audio_gap;
  gboolean went_back;
  gboolean size_changed;
  gint width, height;
  gchar *codecs;
} Probe;

static gchar *
run_ffprobe (const gchar * const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  gchar *out = NULL;
  gint status = 0;
  guint i;

  g_ptr_array_add (argv, (gpointer) "timeout");
  g_ptr_array_add (argv, (gpointer) "60");
  g_ptr_array_add (argv, (gpointer) "ffprobe");
  g_ptr_array_add (argv, (gpointer) "-v");
  g_ptr_array_add (argv, (gpointer) "quiet");
  for (i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  fail_unless (g_spawn_sync (NULL, (gchar **) argv->pdata, NULL,
          G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
          NULL, &status, &error), "ffprobe: %s", error ? error->message : "");
  fail_unless (g_spawn_check_wait_status (status, NULL), "ffprobe failed");
  return out;
}

static void
probe_read (Probe * p, const gchar * path)
{
  const gchar *packets_args[] = { "-show_entries",
    "packet=codec_type,dts_time", "-of", "csv=p=0", path, NULL
  };
  const gchar *frames_args[] = { "-select_streams", "v", "-show_entries",
    "frame=width,height", "-of", "csv=p=0", path, NULL
  };
  const gchar *streams_args[] = { "-show_entries", "stream=codec_name",
    "-of", "csv=p=0", path, NULL
  };
  g_autofree gchar *packets = run_ffprobe (packets_args);
  g_autofree gchar *frames = run_ffprobe (frames_args);
  g_auto (GStrv) lines = g_strsplit (packets, "\n", -1);
  g_auto (GStrv) sizes = g_strsplit (frames, "\n", -1);
  gdouble last_video = -1, last_audio = -1;
  guint i;

  memset (p, 0, sizeof *p);
  p->codecs = g_strstrip (run_ffprobe (streams_args));
  g_strdelimit (p->codecs, "\n", ' ');
  for (i = 0; lines[i]; i++) {
    g_auto (GStrv) f = g_strsplit (lines[i], ",", -1);
    gdouble dts;

    if (g_strv_length (f) < 2 || !g_ascii_isdigit (f[1][0]))
      continue;
    dts = g_ascii_strtod (f[1], NULL);
    if (g_str_equal (f[0], "video")) {
      if (last_video >= 0) {
        if (dts <= last_video)
          p->went_back = TRUE;
        if (dts - last_video > p->max_gap) {
          p->max_gap = dts - last_video;
          p->max_gap_at = last_video;
        }
      } else {
        p->first = dts;
      }
      last_video = p->last = dts;
      p->video++;
    } else if (g_str_equal (f[0], "audio")) {
      if (last_audio >= 0 && dts - last_audio > p->max_audio_gap)
        p->max_audio_gap = dts - last_audio;
      if (last_audio >= 0 && dts < last_audio)
        p->went_back = TRUE;
      last_audio = dts;
      p->audio++;
    }
  }
  for (i = 0; sizes[i]; i++) {
    gint w, h;

    if (sscanf (sizes[i], "%d,%d", &w, &h) != 2)
      continue;
    if (p->frames && (w != p->width || h != p->height))
      p->size_changed = TRUE;
    p->width = w;
    p->height = h;
    p->frames++;
  }
  g_print ("%s: %s, %u video packets (%.2f-%.2f s, longest gap %.2f s at "
      "%.2f), %u decoded, %dx%d%s, %u audio (longest gap %.2f s)%s\n", path,
      p->codecs, p->video, p->first, p->last, p->max_gap, p->max_gap_at,
      p->frames, p->width, p->height, p->size_changed ? " CHANGED" : "",
      p->audio, p->max_audio_gap, p->went_back ? ", DTS went back" : "");
}

/* A recording of the target with the slate: continuous through the
 * outage. */
static void
assert_continuous (const gchar * path, gdouble cut)
{
  Probe p;

  probe_read (&p, path);
  fail_unless (strstr (p.codecs, "h264") && strstr (p.codecs, "aac"),
      "%s: codecs %s", path, p.codecs);
  /* Before, during and after the outage. */
  fail_unless (p.last - p.first > cut + 8, "%s: %.2f s of video only",
      path, p.last - p.first);
  fail_unless (p.max_gap <= GOP_SECONDS + 0.5,
      "%s: a gap of %.2f s between video frames at %.2f s", path, p.max_gap,
      p.max_gap_at);
  fail_if (p.went_back, "%s: DTS went back", path);
  fail_unless (p.max_audio_gap <= GOP_SECONDS + 0.5,
      "%s: a gap of %.2f s in the audio", path, p.max_audio_gap);
  fail_if (p.size_changed, "%s: the picture size changed", path);
  fail_unless (p.width == WIDTH && p.height == HEIGHT, "%s: %dx%d", path,
      p.width, p.height);
  /* Every frame decodes, the slate's too (a recording may start on a few
   * frames before its first keyframe). */
  fail_unless (p.frames + GOP_FRAMES >= p.video,
      "%s: %u of %u video frames decoded", path, p.frames, p.video);
  g_free (p.codecs);
}

/* A recording of the target with slate=false: the gap of old. */
static void
assert_gap (const gchar * path, gdouble cut)
{
  Probe p;

  probe_read (&p, path);
  fail_unless (p.max_gap >= cut - 1,
      "%s: the longest gap is %.2f s, the outage %.0f s", path, p.max_gap, cut);
  fail_if (p.went_back, "%s: DTS went back", path);
  fail_unless (p.width == WIDTH && p.height == HEIGHT, "%s: %dx%d", path,
      p.width, p.height);
  /* Live after the outage. */
  fail_unless (p.last - p.max_gap_at - p.max_gap > 3,
      "%s: %.2f s of video after the gap", path,
      p.last - p.max_gap_at - p.max_gap);
  g_free (p.codecs);
}

static RsProcess *
publish (RsNginx * nginx)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *url = rs_nginx_url (nginx, "in");
  g_autofree gchar *source = rs_av_source_description ("flvmux", WIDTH,
      HEIGHT, FPS, 800, GOP_FRAMES, TRUE);
  g_autofree gchar *line = g_strdup_printf ("%s mux. ! rtmp2sink "
      "location=%s", source, url);
  g_auto (GStrv) words = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  RsProcess *proc;
  guint i;

  fail_unless (g_shell_parse_argv (line, NULL, &words, NULL));
  g_ptr_array_add (argv, (gpointer) "gst-launch-1.0");
  g_ptr_array_add (argv, (gpointer) "-q");
  for (i = 0; words[i]; i++)
    g_ptr_array_add (argv, words[i]);
  g_ptr_array_add (argv, NULL);
  proc = rs_process_spawn ((const gchar * const *) argv->pdata, NULL, NULL,
      &error);
  fail_unless (proc != NULL, "%s", error ? error->message : "");
  return proc;
}

/* Records what nginx relays for @stream, FLV as it comes. */
static GstElement *
record (RsNginx * nginx, const gchar * stream, const gchar * path)
{
  g_autofree gchar *url = rs_nginx_url (nginx, stream);
  g_autofree gchar *desc = g_strdup_printf ("rtmp2src location=%s ! "
      "filesink location=%s", url, path);
  GstElement *pipeline = gst_parse_launch (desc, NULL);

  fail_unless (pipeline != NULL);
  fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  return pipeline;
}

static void
record_stop (GstElement * pipeline)
{
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
}

/* For the log: what the targets went through. */
static void
log_target_events (Launch * l)
{
  guint i;

  for (i = 0; i < l->events->len; i++) {
    JsonObject *e = g_ptr_array_index (l->events, i);

    if (launch_event_matches (e, "target", NULL, NULL)
        || launch_event_matches (e, "slate", NULL, NULL))
      GST_INFO ("%.2f s: %s %s %s %s", (launch_time (l, i) - launch_time (l,
                  0)) / 1e6, json_object_get_string_member (e, "event"),
          json_object_get_string_member_with_default (e, "target", ""),
          json_object_get_string_member_with_default (e, "state", ""),
          json_object_get_string_member_with_default (e, "cause", ""));
  }
}

GST_START_TEST (test_slate_through_outage)
{
  const gchar *cut_env = g_getenv ("RS_SLATE_CUT");
  gdouble cut = cut_env ? g_ascii_strtod (cut_env, NULL) : 8;
  g_autoptr (GError) error = NULL;
  RsNginx *nginx = rs_nginx_start (TRUE, &error);
  g_autofree gchar *dir = g_dir_make_tmp ("rs-slate-XXXXXX", NULL);
  g_autofree gchar *ts_path = g_build_filename (dir, "srt.ts", NULL);
  g_autofree gchar *slated = g_build_filename (dir, "slated.flv", NULL);
  g_autofree gchar *gapped = g_build_filename (dir, "gapped.flv", NULL);
  g_autofree gchar *tls = g_build_filename (dir, "tls.flv", NULL);
  g_autofree gchar *in_url = NULL, *ini = NULL;
  RsSrtListener *srt;
  RsProcess *publisher;
  Launch *l;
  GstElement *rec_slated, *rec_gapped, *rec_tls;
  JsonObject *on, *off;
  guint on_index = 0, off_index = 0, back_index = 0;
  gint64 cut_at, back_at;
  const gchar *const secrets[] = { "slated-key-31", "gapped-key-32",
    "tls-key-33", NULL
  };

  fail_unless (nginx != NULL, "%s", error ? error->message : "");
  srt = rs_srt_listener_start (NULL, ts_path, &error);
  fail_unless (srt != NULL, "%s", error ? error->message : "");
  publisher = publish (nginx);
  in_url = rs_nginx_url (nginx, "in");
  /* A threshold no longer than the GOP: the slate takes over before the
   * targets have waited more than one GOP + 0.5 s. */
  ini = g_strdup_printf ("[restream]\nname=slate-test\ninput=%s\n"
      "outage-threshold=2\n\n"
      "[target slated]\nurl=rtmp://127.0.0.1:%u/live\nkey=slated-key-31\n\n"
      "[target gapped]\nurl=rtmp://127.0.0.1:%u/live\nkey=gapped-key-32\n"
      "slate=false\n\n"
      "[target tls]\nurl=rtmps://127.0.0.1:%u/live\nkey=tls-key-33\n"
      "tls-validation=false\n\n"
      "[target srt]\nurl=srt://127.0.0.1:%u?mode=caller&latency=200000\n",
      in_url, nginx->rtmp_port, nginx->rtmp_port, nginx->rtmps_port, srt->port);
  l = launch_start (ini);

  launch_wait_live (l, "slated");
  launch_wait_live (l, "gapped");
  launch_wait_live (l, "tls");
  launch_wait_live (l, "srt");
  rec_slated = record (nginx, "slated-key-31", slated);
  rec_gapped = record (nginx, "gapped-key-32", gapped);
  rec_tls = record (nginx, "tls-key-33", tls);
  g_usleep (5 * G_USEC_PER_SEC);

  g_clear_pointer (&publisher, rs_process_free);
  cut_at = g_get_monotonic_time ();
  on = launch_wait_slate (l, TRUE, 6000, &on_index);
  fail_unless (on != NULL, "no slate on air after the cut");
  g_print ("slate on air %.2f s after the cut: %s\n",
      (launch_time (l, on_index) - cut_at) / 1e6,
      json_object_get_string_member_with_default (on, "format", ""));
  fail_unless (strstr (json_object_get_string_member_with_default (on,
              "format", ""), "640x360 25/1") != NULL,
      "the slate is not made like the input: %s",
      json_object_get_string_member_with_default (on, "format", ""));

  g_usleep (cut * G_USEC_PER_SEC - (g_get_monotonic_time () - cut_at));
  publisher = publish (nginx);
  back_at = g_get_monotonic_time ();
  fail_unless (launch_wait (l, on_index, "input", NULL, "active", 20000,
          &back_index) != NULL, "the input did not come back");
  off = launch_wait_slate (l, FALSE, 10000, &off_index);
  fail_unless (off != NULL, "the slate stayed on air");
  g_print ("input back: active %.2f s and live at the targets %.2f s after "
      "the publisher started again\n", (launch_time (l, back_index) - back_at)
      / 1e6, (launch_time (l, off_index) - back_at) / 1e6);
  g_usleep (8 * G_USEC_PER_SEC);

  record_stop (rec_slated);
  record_stop (rec_gapped);
  record_stop (rec_tls);
  log_target_events (l);
  launch_stop (l, secrets);
  launch_free (l);
  rs_srt_listener_stop (srt);
  rs_process_free (publisher);
  rs_nginx_stop (nginx);

  assert_continuous (slated, cut);
  assert_continuous (tls, cut);
  assert_continuous (ts_path, cut);
  assert_gap (gapped, cut);
  rs_remove_tree (dir);
}

GST_END_TEST;

/* HEVC over SRT, failoversrc on its own: the slate is H.265 of the
 * input's size and rate, and the audio keeps the input's rate and
 * channels. */
GST_START_TEST (test_slate_hevc_srt)
{
  guint port = rs_free_port (TRUE);
  g_autofree gchar *pub_desc = g_strdup_printf ("videotestsrc is-live=true "
      "! video/x-raw,width=480,height=270,framerate=25/1 ! x265enc "
      "speed-preset=ultrafast tune=zerolatency key-int-max=50 bitrate=500 ! "
      "h265parse ! mpegtsmux name=m alignment=7 ! srtsink "
      "uri=srt://127.0.0.1:%u?mode=caller wait-for-connection=false "
      "audiotestsrc is-live=true ! audio/x-raw,rate=44100,channels=1 ! "
      "audioconvert ! avenc_aac ! aacparse ! m.", port);
  g_autofree gchar *desc = g_strdup_printf ("failoversrc name=src "
      "uri=srt://127.0.0.1:%u?mode=listener outage-threshold=1000000000 "
      "slate=true src.video ! queue ! appsink name=v sync=false "
      "src.audio ! queue ! appsink name=a sync=false", port);
  GstElement *pipeline = gst_parse_launch (desc, NULL);
  GstElement *publisher = gst_parse_launch (pub_desc, NULL);
  GstElement *video = gst_bin_get_by_name (GST_BIN (pipeline), "v");
  GstElement *audio = gst_bin_get_by_name (GST_BIN (pipeline), "a");
  GstBus *bus = gst_element_get_bus (pipeline);
  GstClockTime last = GST_CLOCK_TIME_NONE;
  gboolean on_air = FALSE;
  guint frames = 0, slate_frames = 0;
  gint width = 0, height = 0, fps_n = 0, fps_d = 0, rate = 0, channels = 0;
  GstMessage *msg;
  GstSample *sample;

  fail_unless (pipeline && publisher);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  gst_element_set_state (publisher, GST_STATE_PLAYING);
  while (frames < 25 && (sample = gst_app_sink_try_pull_sample
          (GST_APP_SINK (video), 10 * GST_SECOND))) {
    last = GST_BUFFER_DTS_OR_PTS (gst_sample_get_buffer (sample));
    frames++;
    gst_sample_unref (sample);
  }
  fail_unless_equals_int (frames, 25);
  gst_element_set_state (publisher, GST_STATE_NULL);

  while (!on_air && (msg = gst_bus_timed_pop_filtered (bus, 8 * GST_SECOND,
              GST_MESSAGE_ELEMENT))) {
    const GstStructure *s = gst_message_get_structure (msg);

    if (gst_structure_has_name (s, "failoversrc-slate"))
      gst_structure_get_boolean (s, "on-air", &on_air);
    gst_message_unref (msg);
  }
  fail_unless (on_air, "the slate did not go on air");
  while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (audio), 0)))
    gst_sample_unref (sample);

  /* Live frames still queued, then the slate's, from a keyframe on. */
  while (slate_frames < 30 && (sample = gst_app_sink_try_pull_sample
          (GST_APP_SINK (video), 5 * GST_SECOND))) {
    GstBuffer *buffer = gst_sample_get_buffer (sample);
    const GstStructure *caps =
        gst_caps_get_structure (gst_sample_get_caps (sample), 0);
    GstClockTime t = GST_BUFFER_DTS_OR_PTS (buffer);

    fail_unless (t > last, "time went back");
    last = t;
    fail_unless (gst_structure_has_name (caps, "video/x-h265"));
    if (slate_frames > 0 || GST_BUFFER_FLAG_IS_SET (buffer,
            GST_BUFFER_FLAG_DISCONT)) {
      if (slate_frames == 0)
        fail_if (GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT),
            "the slate starts with a delta frame");
      gst_structure_get_int (caps, "width", &width);
      gst_structure_get_int (caps, "height", &height);
      gst_structure_get_fraction (caps, "framerate", &fps_n, &fps_d);
      slate_frames++;
    }
    gst_sample_unref (sample);
  }
  fail_unless_equals_int (slate_frames, 30);
  fail_unless (width == 480 && height == 270, "%dx%d", width, height);
  fail_unless (fps_n == 25 && fps_d == 1, "%d/%d", fps_n, fps_d);
  sample = gst_app_sink_try_pull_sample (GST_APP_SINK (audio), 5 * GST_SECOND);
  fail_unless (sample != NULL, "no slate audio");
  gst_structure_get_int (gst_caps_get_structure (gst_sample_get_caps
          (sample), 0), "rate", &rate);
  gst_structure_get_int (gst_caps_get_structure (gst_sample_get_caps
          (sample), 0), "channels", &channels);
  fail_unless (rate == 44100 && channels == 1, "%d Hz %d ch", rate, channels);
  gst_sample_unref (sample);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (video);
  gst_object_unref (audio);
  gst_object_unref (pipeline);
  gst_object_unref (publisher);
}

GST_END_TEST;

static Suite *
slate_suite (void)
{
  Suite *s = suite_create ("slate");
  TCase *tc = tcase_create ("outage");

  tcase_set_timeout (tc, 240);
  tcase_add_test (tc, test_slate_through_outage);
  /* Not repeated by the long outage run. */
  if (!g_getenv ("RS_SLATE_CUT"))
    tcase_add_test (tc, test_slate_hevc_srt);
  suite_add_tcase (s, tc);
  return s;
}

GST_CHECK_MAIN (slate);
