/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * The container scanner on real muxer output: FLV from flvmux and MPEG-TS
 * from mpegtsmux, with the buffer flags removed (as rtmp2src and srtsrc
 * deliver them), must give the same keyframes and headers that the muxers
 * flagged.
 */

#include <gst/check/gstcheck.h>
#include <gst/app/gstappsink.h>

#include "gstcontainerscan.h"

/* Encodes @frames of video (keyframe every @gop) and, with @audio, AAC,
 * muxes them with @mux and returns the muxed muxed. */
static GPtrArray *
mux_test_stream (const gchar * mux, guint frames, guint gop, gboolean audio,
    GstCaps ** caps)
{
  g_autofree gchar *desc = NULL;
  GstElement *pipeline, *sink;
  GPtrArray *muxed = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_buffer_unref);
  GstSample *sample;

  desc = g_strdup_printf ("videotestsrc num-buffers=%u ! "
      "video/x-raw,width=320,height=240,framerate=30/1 ! "
      "x264enc speed-preset=ultrafast key-int-max=%u ! h264parse ! %s name=m "
      "! appsink name=sink sync=false %s",
      frames, gop, mux, audio ? "audiotestsrc num-buffers=40 ! "
      "audioconvert ! avenc_aac ! aacparse ! m." : "");
  pipeline = gst_parse_launch (desc, NULL);
  fail_unless (pipeline != NULL);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  *caps = NULL;
  while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink),
              10 * GST_SECOND))) {
    if (!*caps)
      *caps = gst_caps_ref (gst_sample_get_caps (sample));
    g_ptr_array_add (muxed, gst_buffer_ref (gst_sample_get_buffer (sample)));
    gst_sample_unref (sample);
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  return muxed;
}

static gboolean
is_streamheader (GstCaps * caps, GstBuffer * buffer)
{
  const GValue *array = gst_structure_get_value (gst_caps_get_structure (caps,
          0), "streamheader");
  guint i;

  for (i = 0; array && i < gst_value_array_get_size (array); i++) {
    GstBuffer *header =
        gst_value_get_buffer (gst_value_array_get_value (array, i));
    GstMapInfo map;
    gboolean same;

    gst_buffer_map (header, &map, GST_MAP_READ);
    same = gst_buffer_get_size (buffer) == map.size
        && gst_buffer_memcmp (buffer, 0, map.data, map.size) == 0;
    gst_buffer_unmap (header, &map);
    if (same)
      return TRUE;
  }
  return FALSE;
}

static GstBuffer *
without_flags (GstBuffer * buffer)
{
  GstBuffer *copy = gst_buffer_copy (buffer);

  GST_BUFFER_FLAGS (copy) = 0;
  return copy;
}

GST_START_TEST (test_flv_keyframes_without_flags)
{
  GstCaps *caps;
  g_autoptr (GPtrArray) muxed = mux_test_stream ("flvmux", 90, 30, TRUE, &caps);
  GstContainerScanner scanner;
  guint i, keyframes = 0, headers = 0, flagged_keyframes = 0;
  g_autoptr (GPtrArray) replay =
      g_ptr_array_new_with_free_func ((GDestroyNotify) gst_buffer_unref);

  fail_unless (muxed->len > 90);
  gst_container_scanner_init (&scanner);
  gst_container_scanner_set_caps (&scanner, caps);
  fail_unless_equals_int (scanner.kind, GST_CONTAINER_KIND_FLV);

  for (i = 0; i < muxed->len; i++) {
    GstBuffer *original = g_ptr_array_index (muxed, i);
    g_autoptr (GstBuffer) bare = without_flags (original);
    GstScanClass klass = gst_container_scanner_classify (&scanner, bare);
    GstMapInfo map;
    gboolean video_key, script_tag;

    gst_buffer_map (original, &map, GST_MAP_READ);
    /* flvmux marks video keyframes and headers; audio is DELTA_UNIT once
     * there is video. */
    video_key = map.size > 12 && map.data[0] == 9 && (map.data[11] >> 4) == 1
        && map.data[12] == 1;
    script_tag = map.size > 11 && map.data[0] == 18;
    gst_buffer_unmap (original, &map);
    if (video_key)
      flagged_keyframes++;

    if (klass == GST_SCAN_KEYFRAME) {
      keyframes++;
      fail_unless (video_key, "buffer %u is not a video keyframe", i);
      fail_if (GST_BUFFER_FLAG_IS_SET (original, GST_BUFFER_FLAG_DELTA_UNIT));
    } else if (klass == GST_SCAN_HEADER) {
      headers++;
      /* flvmux sends updated metadata (script tags) mid-stream too. */
      fail_unless (is_streamheader (caps, original) || script_tag,
          "buffer %u is not a stream header", i);
    }
  }
  fail_unless_equals_int (keyframes, 3);
  fail_unless_equals_int (keyframes, flagged_keyframes);
  /* FLV header, metadata, AVC and AAC configuration */
  fail_unless (headers >= 4);

  gst_container_scanner_collect_headers (&scanner, replay);
  fail_unless_equals_int (replay->len, 4);
  fail_unless_equals_string (scanner.video_codec, "h264");
  fail_unless_equals_string (scanner.audio_codec, "aac");
  /* x264enc on videotestsrc's default 4:4:4 input: High 4:4:4 Predictive */
  fail_unless_equals_int (scanner.h264_profile, 244);
  /* 90 frames at 30 fps: the last tag is near 3 s */
  fail_unless (scanner.timestamp >= 2900 * GST_MSECOND
      && scanner.timestamp <= 3100 * GST_MSECOND);

  gst_container_scanner_clear (&scanner);
  gst_caps_unref (caps);
}

GST_END_TEST;

GST_START_TEST (test_mpegts_keyframes_without_flags)
{
  GstCaps *caps;
  g_autoptr (GPtrArray) muxed = mux_test_stream ("mpegtsmux alignment=7",
      90, 30, TRUE, &caps);
  GstContainerScanner scanner;
  guint i, keyframes = 0, headers = 0;
  g_autoptr (GPtrArray) replay =
      g_ptr_array_new_with_free_func ((GDestroyNotify) gst_buffer_unref);

  gst_container_scanner_init (&scanner);
  gst_container_scanner_set_caps (&scanner, caps);
  fail_unless_equals_int (scanner.kind, GST_CONTAINER_KIND_MPEGTS);

  for (i = 0; i < muxed->len; i++) {
    g_autoptr (GstBuffer) bare = without_flags (g_ptr_array_index (muxed, i));
    GstScanClass klass = gst_container_scanner_classify (&scanner, bare);

    if (klass == GST_SCAN_KEYFRAME)
      keyframes++;
    else if (klass == GST_SCAN_HEADER)
      headers++;
  }
  fail_unless_equals_int (keyframes, 3);
  fail_unless_equals_int (scanner.ts_video_stream_type, 0x1b);
  fail_unless_equals_string (scanner.video_codec, "h264");
  fail_unless_equals_string (scanner.audio_codec, "aac");
  fail_unless_equals_int (scanner.h264_profile, 244);
  fail_unless (GST_CLOCK_TIME_IS_VALID (scanner.timestamp));
  gst_container_scanner_collect_headers (&scanner, replay);
  fail_unless_equals_int (replay->len, 2);      /* PAT, PMT */
  fail_unless_equals_int (gst_buffer_get_size (g_ptr_array_index (replay, 0)),
      188);

  gst_container_scanner_clear (&scanner);
  gst_caps_unref (caps);
}

GST_END_TEST;

GST_START_TEST (test_unaligned_data_falls_back_to_flags)
{
  GstContainerScanner scanner;
  g_autoptr (GstCaps) caps = gst_caps_from_string ("video/mpegts");
  g_autoptr (GstBuffer) odd = gst_buffer_new_allocate (NULL, 100, NULL);

  gst_container_scanner_init (&scanner);
  gst_container_scanner_set_caps (&scanner, caps);
  gst_buffer_memset (odd, 0, 0xff, 100);
  GST_BUFFER_FLAG_SET (odd, GST_BUFFER_FLAG_DELTA_UNIT);
  fail_unless_equals_int (gst_container_scanner_classify (&scanner, odd),
      GST_SCAN_DELTA);
  GST_BUFFER_FLAG_UNSET (odd, GST_BUFFER_FLAG_DELTA_UNIT);
  fail_unless_equals_int (gst_container_scanner_classify (&scanner, odd),
      GST_SCAN_KEYFRAME);
  gst_container_scanner_clear (&scanner);
}

GST_END_TEST;

static Suite *
containerscan_suite (void)
{
  Suite *s = suite_create ("containerscan");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_flv_keyframes_without_flags);
  tcase_add_test (tc, test_mpegts_keyframes_without_flags);
  tcase_add_test (tc, test_unaligned_data_falls_back_to_flags);
  return s;
}

GST_CHECK_MAIN (containerscan);
