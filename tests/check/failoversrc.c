/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * failoversrc without a network: a file:// input ends (EOS) and is pulled
 * again and again, which exercises the restart path; every restart must
 * continue the output timeline, start with a keyframe flagged DISCONT and
 * keep audio with video. Inputs that retrying cannot fix fail at once.
 */

#include <gst/check/gstcheck.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <glib/gstdio.h>
#include <string.h>
#include "gstrestreammessages.h"

static gchar *
make_file_full (const gchar * video, const gchar * name, gboolean audio)
{
  g_autofree gchar *dir = g_dir_make_tmp ("rs-failover-XXXXXX", NULL);
  gchar *path = g_build_filename (dir, name, NULL);
  g_autofree gchar *desc = g_strdup_printf ("videotestsrc num-buffers=60 ! "
      "video/x-raw,width=160,height=120,framerate=30/1 ! %s ! "
      "flvmux name=m ! filesink location=%s %s", video, path, audio ?
      "audiotestsrc num-buffers=90 ! audioconvert ! avenc_aac ! aacparse ! m."
      : "");
  GstElement *pipeline = gst_parse_launch (desc, NULL);
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg;

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
  return path;
}

static gchar *
make_file (const gchar * video, const gchar * name)
{
  return make_file_full (video, name, TRUE);
}

static void
remove_file (gchar * path)
{
  g_autofree gchar *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
}

GST_START_TEST (test_restarts_continue_the_timeline)
{
  gchar *path = make_file ("x264enc speed-preset=ultrafast key-int-max=15 ! "
      "h264parse", "in.flv");
  g_autofree gchar *uri = g_filename_to_uri (path, NULL, NULL);
  g_autofree gchar *desc = g_strdup_printf ("failoversrc name=src uri=%s "
      "src.video ! queue ! appsink name=v sync=false src.audio ! queue ! appsink name=a "
      "sync=false", uri);
  GstElement *pipeline = gst_parse_launch (desc, NULL);
  GstElement *video = gst_bin_get_by_name (GST_BIN (pipeline), "v");
  GstElement *audio = gst_bin_get_by_name (GST_BIN (pipeline), "a");
  GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  GstClockTime last = GST_CLOCK_TIME_NONE;
  guint frames = 0, disconts = 0, audio_frames = 0;
  GstStructure *stats;
  guint64 restarts = 0;
  GstSample *sample;

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  /* The 2 s file ends and is pulled again: read across three pulls. */
  while (frames < 150 && (sample = gst_app_sink_try_pull_sample
          (GST_APP_SINK (video), 10 * GST_SECOND))) {
    GstBuffer *buffer = gst_sample_get_buffer (sample);
    GstClockTime t = GST_BUFFER_DTS_OR_PTS (buffer);

    fail_unless (GST_CLOCK_TIME_IS_VALID (t));
    if (GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DISCONT)) {
      disconts++;
      fail_if (GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT),
          "a pull starts with a delta frame");
    }
    if (GST_CLOCK_TIME_IS_VALID (last))
      fail_unless (t > last, "time went back: %" GST_TIME_FORMAT " after %"
          GST_TIME_FORMAT, GST_TIME_ARGS (t), GST_TIME_ARGS (last));
    last = t;
    frames++;
    gst_sample_unref (sample);
  }
  fail_unless_equals_int (frames, 150);
  fail_unless (disconts >= 2, "%u pulls", disconts);
  while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (audio), 0))) {
    audio_frames++;
    gst_sample_unref (sample);
  }
  fail_unless (audio_frames > 0);
  g_object_get (src, "stats", &stats, NULL);
  fail_unless (gst_structure_get_uint64 (stats, "restarts", &restarts));
  fail_unless (restarts >= 3);
  gst_structure_free (stats);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (src);
  gst_object_unref (video);
  gst_object_unref (audio);
  gst_object_unref (pipeline);
  remove_file (path);
}

GST_END_TEST;

/* Without audio in the input, a muxer linked to both pads still gets
 * going: the audio pad ends. */
GST_START_TEST (test_video_only_input)
{
  gchar *path = make_file_full ("x264enc speed-preset=ultrafast "
      "key-int-max=15 ! h264parse", "video.flv", FALSE);
  g_autofree gchar *uri = g_filename_to_uri (path, NULL, NULL);
  g_autofree gchar *desc = g_strdup_printf ("failoversrc name=src uri=%s "
      "src.video ! queue ! flvmux name=m streamable=true ! "
      "appsink name=out sync=false src.audio ! queue ! m.", uri);
  GstElement *pipeline = gst_parse_launch (desc, NULL);
  GstElement *out = gst_bin_get_by_name (GST_BIN (pipeline), "out");
  guint video_tags = 0, audio_tags = 0;
  GstSample *sample;

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  while (video_tags < 60 && (sample = gst_app_sink_try_pull_sample
          (GST_APP_SINK (out), 10 * GST_SECOND))) {
    guint8 type = 0;

    gst_buffer_extract (gst_sample_get_buffer (sample), 0, &type, 1);
    video_tags += type == 9;
    audio_tags += type == 8;
    gst_sample_unref (sample);
  }
  fail_unless (video_tags >= 60, "flvmux produced %u video tags", video_tags);
  fail_unless_equals_int (audio_tags, 0);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (out);
  gst_object_unref (pipeline);
  remove_file (path);
}

GST_END_TEST;

GST_START_TEST (test_bad_uri_fails_at_once)
{
  const gchar *const uris[] = { "http://example.com/live", "not a uri",
    "file://relative/path"
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (uris); i++) {
    GstElement *src = gst_element_factory_make ("failoversrc", NULL);
    GstBus *bus = gst_bus_new ();
    GstMessage *msg;
    g_autoptr (GError) err = NULL;

    gst_element_set_bus (src, bus);
    g_object_set (src, "uri", uris[i], NULL);
    fail_unless_equals_int (gst_element_set_state (src, GST_STATE_PAUSED),
        GST_STATE_CHANGE_FAILURE);
    msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
    fail_unless (msg != NULL, "no error for %s", uris[i]);
    gst_message_parse_error (msg, &err, NULL);
    fail_unless (strstr (err->message, "Cannot read the input") != NULL);
    gst_message_unref (msg);
    gst_element_set_state (src, GST_STATE_NULL);
    gst_element_set_bus (src, NULL);
    gst_object_unref (bus);
    gst_object_unref (src);
  }
}

GST_END_TEST;

/* Sorenson video cannot be restreamed: failed at once, not retried. */
GST_START_TEST (test_unsupported_codec_fails_at_once)
{
  gchar *path = make_file ("avenc_flv", "sorenson.flv");
  g_autofree gchar *uri = g_filename_to_uri (path, NULL, NULL);
  g_autofree gchar *desc = g_strdup_printf ("failoversrc name=src uri=%s "
      "src.video ! queue ! fakesink src.audio ! queue ! fakesink",
      uri);
  GstElement *pipeline = gst_parse_launch (desc, NULL);
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg;
  g_autoptr (GError) err = NULL;
  gboolean failed = FALSE;
  gint64 start = g_get_monotonic_time ();

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL, "no error for an unsupported codec");
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (g_error_matches (err, GST_STREAM_ERROR,
          GST_STREAM_ERROR_CODEC_NOT_FOUND));
  fail_unless (strstr (err->message, "video/x-flash-video") != NULL, "%s",
      err->message);
  gst_message_unref (msg);
  while (!failed && (msg = gst_bus_timed_pop_filtered (bus, 5 * GST_SECOND,
              GST_MESSAGE_ELEMENT))) {
    const GstStructure *s = gst_message_get_structure (msg);
    failed = gst_structure_has_name (s, GST_FAILOVER_SRC_MSG_STATE)
        && g_str_equal (gst_structure_get_string (s, "state"), "failed");
    gst_message_unref (msg);
  }
  fail_unless (failed, "not failed");
  fail_unless (g_get_monotonic_time () - start < 3 * G_USEC_PER_SEC);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
  remove_file (path);
}

GST_END_TEST;

/* The slate */

/* An input that never answers: nothing is known of it. */
#define DEAD_INPUT "rtmp://127.0.0.1:1/live/none"

static GstElement *
slate_pipeline (const gchar * extra, GstElement ** video, GstElement ** audio,
    GstElement ** src)
{
  g_autofree gchar *desc = g_strdup_printf ("failoversrc name=src uri=%s "
      "outage-threshold=500000000 slate=true %s "
      "src.video ! queue ! appsink name=v sync=false "
      "src.audio ! queue ! appsink name=a sync=false", DEAD_INPUT, extra);
  GstElement *pipeline = gst_parse_launch (desc, NULL);

  fail_unless (pipeline != NULL);
  *video = gst_bin_get_by_name (GST_BIN (pipeline), "v");
  *audio = gst_bin_get_by_name (GST_BIN (pipeline), "a");
  *src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  return pipeline;
}

/* The failoversrc-slate message that says @on_air, within @seconds. */
static GstStructure *
wait_slate_message (GstElement * pipeline, gboolean on_air, guint seconds)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstStructure *found = NULL;
  GstMessage *msg;

  while (!found && (msg = gst_bus_timed_pop_filtered (bus,
              seconds * GST_SECOND, GST_MESSAGE_ELEMENT | GST_MESSAGE_ERROR))) {
    const GstStructure *s = gst_message_get_structure (msg);
    gboolean value = !on_air;

    fail_if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR, "an error");
    if (gst_structure_has_name (s, GST_FAILOVER_SRC_MSG_SLATE)
        && gst_structure_get_boolean (s, GST_FAILOVER_SRC_FIELD_ON_AIR,
            &value) && value == on_air)
      found = gst_structure_copy (s);
    gst_message_unref (msg);
  }
  gst_object_unref (bus);
  return found;
}

/* Nothing known of the input: 1280x720 30 fps H.264 Main and AAC 48 kHz
 * stereo, a keyframe first and every 2 s, time going forward. */
GST_START_TEST (test_slate_defaults)
{
  GstElement *video, *audio, *src;
  GstElement *pipeline = slate_pipeline ("slate-title=Demo", &video, &audio,
      &src);
  GstStructure *on_air, *stats;
  GstClockTime last = GST_CLOCK_TIME_NONE;
  guint frames = 0, keyframes = 0, last_key = 0, gop = 0;
  gboolean slate_on_air = FALSE;
  GstSample *sample;
  const GstStructure *caps;
  gint width = 0, height = 0, fps_n = 0, fps_d = 0, rate = 0, channels = 0;

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  on_air = wait_slate_message (pipeline, TRUE, 10);
  fail_unless (on_air != NULL, "the slate did not go on air");
  fail_unless_equals_string (gst_structure_get_string (on_air,
          GST_FAILOVER_SRC_FIELD_SLATE_SOURCE), "card");
  gst_structure_free (on_air);

  while (frames < 130 && (sample = gst_app_sink_try_pull_sample
          (GST_APP_SINK (video), 5 * GST_SECOND))) {
    GstBuffer *buffer = gst_sample_get_buffer (sample);
    GstClockTime t = GST_BUFFER_DTS_OR_PTS (buffer);

    if (frames == 0) {
      caps = gst_caps_get_structure (gst_sample_get_caps (sample), 0);
      fail_unless (gst_structure_has_name (caps, "video/x-h264"));
      fail_unless_equals_string (gst_structure_get_string (caps, "profile"),
          "main");
      gst_structure_get_int (caps, "width", &width);
      gst_structure_get_int (caps, "height", &height);
      gst_structure_get_fraction (caps, "framerate", &fps_n, &fps_d);
      fail_if (GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT),
          "the slate starts with a delta frame");
    }
    if (!GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT)) {
      if (keyframes > 0)
        gop = frames - last_key;
      last_key = frames;
      keyframes++;
    }
    if (GST_CLOCK_TIME_IS_VALID (last))
      fail_unless (t > last, "time went back");
    last = t;
    frames++;
    gst_sample_unref (sample);
  }
  fail_unless_equals_int (frames, 130);
  fail_unless_equals_int (width, 1280);
  fail_unless_equals_int (height, 720);
  fail_unless (fps_n == 30 && fps_d == 1, "%d/%d fps", fps_n, fps_d);
  fail_unless_equals_int (gop, 60);

  sample = gst_app_sink_try_pull_sample (GST_APP_SINK (audio), 5 * GST_SECOND);
  fail_unless (sample != NULL, "no audio");
  caps = gst_caps_get_structure (gst_sample_get_caps (sample), 0);
  gst_structure_get_int (caps, "rate", &rate);
  gst_structure_get_int (caps, "channels", &channels);
  fail_unless_equals_int (rate, 48000);
  fail_unless_equals_int (channels, 2);
  gst_sample_unref (sample);

  g_object_get (src, "stats", &stats, NULL);
  gst_structure_get_boolean (stats, "slate-on-air", &slate_on_air);
  fail_unless (slate_on_air);
  gst_structure_free (stats);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (src);
  gst_object_unref (video);
  gst_object_unref (audio);
  gst_object_unref (pipeline);
}

GST_END_TEST;

/* A red PNG as the slate image: the slate's first frame decodes to red. */
GST_START_TEST (test_slate_image)
{
  g_autofree gchar *dir = g_dir_make_tmp ("rs-slate-XXXXXX", NULL);
  g_autofree gchar *png = g_build_filename (dir, "red.png", NULL);
  g_autofree gchar *make = g_strdup_printf ("videotestsrc num-buffers=1 "
      "pattern=red ! video/x-raw,width=320,height=180 ! pngenc ! "
      "filesink location=%s", png);
  g_autofree gchar *extra = g_strdup_printf ("slate-image=%s", png);
  GstElement *video, *audio, *src, *pipeline, *decode, *in, *out;
  GstStructure *on_air;
  GstSample *sample, *picture;
  GstMapInfo map;
  GstMessage *msg;
  guint8 *px;
  gint width = 0;

  pipeline = gst_parse_launch (make, NULL);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (pipeline),
      10 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);

  pipeline = slate_pipeline (extra, &video, &audio, &src);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  on_air = wait_slate_message (pipeline, TRUE, 10);
  fail_unless (on_air != NULL, "the slate did not go on air");
  fail_unless_equals_string (gst_structure_get_string (on_air,
          GST_FAILOVER_SRC_FIELD_SLATE_SOURCE), "image");
  gst_structure_free (on_air);
  sample = gst_app_sink_try_pull_sample (GST_APP_SINK (video), 5 * GST_SECOND);
  fail_unless (sample != NULL);
  gst_structure_get_int (gst_caps_get_structure (gst_sample_get_caps
          (sample), 0), "width", &width);
  fail_unless_equals_int (width, 1280);

  /* Decode it. */
  decode = gst_parse_launch ("appsrc name=in format=time ! h264parse ! "
      "avdec_h264 ! videoconvert ! video/x-raw,format=RGB ! "
      "appsink name=out sync=false", NULL);
  in = gst_bin_get_by_name (GST_BIN (decode), "in");
  out = gst_bin_get_by_name (GST_BIN (decode), "out");
  g_object_set (in, "caps", gst_sample_get_caps (sample), NULL);
  gst_element_set_state (decode, GST_STATE_PLAYING);
  gst_app_src_push_buffer (GST_APP_SRC (in),
      gst_buffer_ref (gst_sample_get_buffer (sample)));
  gst_app_src_end_of_stream (GST_APP_SRC (in));
  picture = gst_app_sink_try_pull_sample (GST_APP_SINK (out), 10 * GST_SECOND);
  fail_unless (picture != NULL, "the slate's keyframe does not decode");
  gst_buffer_map (gst_sample_get_buffer (picture), &map, GST_MAP_READ);
  /* The middle of the frame: 1280x720 RGB, rows of 3840 bytes. */
  px = map.data + 360 * 3840 + 640 * 3;
  fail_unless (px[0] > 200 && px[1] < 60 && px[2] < 60,
      "the middle is %u,%u,%u, not red", px[0], px[1], px[2]);
  gst_buffer_unmap (gst_sample_get_buffer (picture), &map);
  gst_sample_unref (picture);
  gst_sample_unref (sample);
  gst_element_set_state (decode, GST_STATE_NULL);
  gst_object_unref (in);
  gst_object_unref (out);
  gst_object_unref (decode);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (src);
  gst_object_unref (video);
  gst_object_unref (audio);
  gst_object_unref (pipeline);
  g_unlink (png);
  g_rmdir (dir);
}

GST_END_TEST;

/* A PNG that does not decode: a WARNING, and the card instead. */
GST_START_TEST (test_slate_broken_image)
{
  static const guint8 broken[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a,
    '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0xde, 0xad, 0xbe, 0xef, 1, 2, 3
  };
  g_autofree gchar *dir = g_dir_make_tmp ("rs-slate-XXXXXX", NULL);
  g_autofree gchar *png = g_build_filename (dir, "broken.png", NULL);
  g_autofree gchar *extra = g_strdup_printf ("slate-image=%s", png);
  GstElement *video, *audio, *src, *pipeline;
  g_autoptr (GError) err = NULL;
  GstStructure *on_air;
  GstMessage *msg;
  GstBus *bus;

  fail_unless (g_file_set_contents (png, (const gchar *) broken,
          sizeof broken, NULL));
  pipeline = slate_pipeline (extra, &video, &audio, &src);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND, GST_MESSAGE_WARNING);
  fail_unless (msg != NULL, "no warning for an image that does not decode");
  gst_message_parse_warning (msg, &err, NULL);
  fail_unless (strstr (err->message, "card is shown instead") != NULL, "%s",
      err->message);
  gst_message_unref (msg);
  on_air = wait_slate_message (pipeline, TRUE, 10);
  fail_unless (on_air != NULL, "the card did not go on air");
  fail_unless_equals_string (gst_structure_get_string (on_air,
          GST_FAILOVER_SRC_FIELD_SLATE_SOURCE), "card");
  gst_structure_free (on_air);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (src);
  gst_object_unref (video);
  gst_object_unref (audio);
  gst_object_unref (pipeline);
  g_unlink (png);
  g_rmdir (dir);
}

GST_END_TEST;

/* A slate image that is missing or no image fails at once, naming it. */
GST_START_TEST (test_slate_image_refused)
{
  g_autofree gchar *dir = g_dir_make_tmp ("rs-slate-XXXXXX", NULL);
  g_autofree gchar *text = g_build_filename (dir, "notes.txt", NULL);
  g_autofree gchar *missing = g_build_filename (dir, "gone.png", NULL);
  const gchar *paths[] = { missing, text };
  guint i;

  fail_unless (g_file_set_contents (text, "not a picture\n", -1, NULL));
  for (i = 0; i < G_N_ELEMENTS (paths); i++) {
    GstElement *src = gst_element_factory_make ("failoversrc", NULL);
    GstBus *bus = gst_bus_new ();
    GstMessage *msg;
    g_autoptr (GError) err = NULL;

    gst_element_set_bus (src, bus);
    g_object_set (src, "uri", DEAD_INPUT, "slate", TRUE, "slate-image",
        paths[i], NULL);
    fail_unless_equals_int (gst_element_set_state (src, GST_STATE_PAUSED),
        GST_STATE_CHANGE_FAILURE);
    msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
    fail_unless (msg != NULL, "no error for %s", paths[i]);
    gst_message_parse_error (msg, &err, NULL);
    fail_unless (strstr (err->message, "slate image") != NULL
        && strstr (err->message, paths[i]) != NULL, "%s", err->message);
    gst_message_unref (msg);
    gst_element_set_state (src, GST_STATE_NULL);
    gst_element_set_bus (src, NULL);
    gst_object_unref (bus);
    gst_object_unref (src);
  }
  g_unlink (text);
  g_rmdir (dir);
}

GST_END_TEST;

static Suite *
failoversrc_suite (void)
{
  Suite *s = suite_create ("failoversrc");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_restarts_continue_the_timeline);
  tcase_add_test (tc, test_video_only_input);
  tcase_add_test (tc, test_bad_uri_fails_at_once);
  tcase_add_test (tc, test_unsupported_codec_fails_at_once);
  tcase_add_test (tc, test_slate_defaults);
  tcase_add_test (tc, test_slate_image);
  tcase_add_test (tc, test_slate_image_refused);
  tcase_add_test (tc, test_slate_broken_image);
  return s;
}

GST_CHECK_MAIN (failoversrc);
