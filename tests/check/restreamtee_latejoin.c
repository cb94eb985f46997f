/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * restreamtee's lagging and late targets: GOP-aligned drops by time and by
 * bytes, interleaved timestamps that are not lag, and targets that join
 * late getting the headers and then a keyframe. Streams are FLV tags built
 * in restreamtee_common.c (one tag per buffer, no flags, as rtmp2src
 * delivers them), MPEG-TS from mpegtsmux, and real H.264 + AAC from x264enc
 * and flvmux for the decoding check.
 */

#include "restreamtee_common.h"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include "gstrestreammessages.h"

GST_START_TEST (test_gop_aligned_drops)
{
  GstElement *tee;
  GstHarness *h = new_input_harness (&tee);
  GstBus *bus = attach_bus (tee);
  TestTarget *slow = target_new (tee);
  GstMessage *msg;
  const GstStructure *s;
  guint64 drops, dropped_buffers, expected = 0, dropped_in_msg;
  guint i, n;

  g_object_set (tee, "max-lag", 2 * GST_SECOND, NULL);
  push_flv_headers (h);
  push_flv_frames (h, 0, 15, 30);
  fail_unless_equals_int (target_wait_buffers (slow, 4 + 15), 4 + 15);
  /* 10 s of stream, 1 s GOPs, while the target is stuck on frame 15. */
  target_set_gate (slow, TRUE);
  push_flv_frames (h, 15, 285, 30);
  target_wait_in_chain (slow);

  msg = wait_element_message (bus, GST_RESTREAM_TEE_MSG_DROP, "src_0", 5000);
  fail_unless (msg != NULL, "no restreamtee-drop message");
  s = gst_message_get_structure (msg);
  fail_unless (gst_structure_get_uint64 (s, "dropped-buffers",
          &dropped_in_msg));
  fail_unless (dropped_in_msg > 0);
  fail_unless (gst_structure_has_field_typed (s, "lag", G_TYPE_UINT64));
  fail_unless (gst_structure_has_field_typed (s, "dropped-duration",
          G_TYPE_UINT64));
  gst_message_unref (msg);

  target_set_gate (slow, FALSE);
  target_wait_idle (slow, 200);

  g_object_get (slow->teepad, "drops", &drops, "dropped-buffers",
      &dropped_buffers, NULL);
  fail_unless (drops >= 1);

  /* Every frame is either received or counted as dropped. */
  n = target_wait_buffers (slow, 0);
  for (i = 0; i < n; i++)
    if (!flv_is_header (target_buffer (slow, i)))
      expected++;
  fail_unless_equals_uint64 (expected + dropped_buffers, 300);

  /* What arrived is whole GOPs: wherever frames are missing, the next one
   * is a keyframe flagged DISCONT, and the backlog never exceeded the
   * lag by more than one GOP. */
  {
    guint64 next = 0, previous = 0;
    guint gaps = 0;

    for (i = 0; i < n; i++) {
      GstBuffer *buffer = target_buffer (slow, i);
      guint64 index = GST_BUFFER_OFFSET (buffer);

      if (flv_is_header (buffer))
        continue;
      if (index != next) {
        gaps++;
        fail_unless (index > next);
        fail_unless (flv_is_keyframe (buffer),
            "frame %" G_GUINT64_FORMAT " after a gap is no keyframe", index);
        fail_unless (GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DISCONT));
      }
      previous = index;
      next = index + 1;
    }
    fail_unless (gaps >= 1);
    /* The newest frames all arrived (nothing is lost at the end). */
    fail_unless_equals_uint64 (previous, 299);
    /* At most max-lag plus a GOP was kept after the stuck frame: 3 s of
     * 30 fps. */
    fail_unless (n <= 4 + 16 + 90, "kept %u buffers", n);
  }

  target_free (slow, tee);
  gst_element_set_bus (tee, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Audio and video interleaved with audio half a second behind: timestamps
 * go back and forth, but only 1.5 s of stream is queued, below max-lag. */
GST_START_TEST (test_interleaved_timestamps_are_not_lag)
{
  GstElement *tee;
  GstHarness *h = new_input_harness (&tee);
  TestTarget *slow = target_new (tee);
  static const guint8 audio_body[] = { 0xaf, 0x01, 0x21, 0x10, 0x04 };
  guint64 drops;
  guint i;

  g_object_set (tee, "max-lag", 2 * GST_SECOND, NULL);
  push_flv_headers (h);
  push_flv_frames (h, 0, 1, 30);
  fail_unless_equals_int (target_wait_buffers (slow, 5), 5);
  target_set_gate (slow, TRUE);
  for (i = 1; i < 45; i++) {
    GstClockTime audio_pts = i * FRAME_DURATION;

    fail_unless_equals_int (gst_harness_push (h, flv_video_frame (i,
                i % 30 == 0)), GST_FLOW_OK);
    audio_pts = audio_pts > GST_SECOND / 2 ? audio_pts - GST_SECOND / 2 : 0;
    fail_unless_equals_int (gst_harness_push (h, flv_tag (8, audio_pts,
                audio_body, sizeof (audio_body), G_MAXUINT64)), GST_FLOW_OK);
  }
  target_wait_in_chain (slow);
  g_object_get (slow->teepad, "drops", &drops, NULL);
  fail_unless_equals_uint64 (drops, 0);

  target_free (slow, tee);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_byte_bound_without_timestamps)
{
  GstElement *tee;
  GstHarness *h = new_input_harness (&tee);
  TestTarget *slow = target_new (tee);
  guint64 dropped_bytes;
  guint i;

  /* No usable timestamps and a fast input: only the byte bound applies. */
  g_object_set (tee, "max-lag", G_GUINT64_CONSTANT (0), "max-backlog-bytes",
      G_GUINT64_CONSTANT (10000), NULL);
  target_set_gate (slow, TRUE);
  push_flv_headers (h);
  for (i = 0; i < 1000; i++) {
    GstBuffer *frame = flv_video_frame (i, i % 30 == 0);
    GST_BUFFER_PTS (frame) = GST_BUFFER_DTS (frame) = GST_CLOCK_TIME_NONE;
    fail_unless_equals_int (gst_harness_push (h, frame), GST_FLOW_OK);
  }
  target_wait_in_chain (slow);
  g_object_get (slow->teepad, "dropped-bytes", &dropped_bytes, NULL);
  fail_unless (dropped_bytes > 0);
  target_free (slow, tee);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_late_target_gets_headers_then_keyframe)
{
  GstElement *tee;
  GstHarness *h = new_input_harness (&tee);
  TestTarget *early = target_new (tee);
  TestTarget *late;
  guint i;

  push_flv_headers (h);
  push_flv_frames (h, 0, 45, 30);

  /* Joins in the middle of the second GOP. */
  late = target_new (tee);
  push_flv_frames (h, 45, 60, 30);

  fail_unless_equals_int (target_wait_buffers (late, 4 + 45), 4 + 45);
  target_wait_idle (late, 100);
  fail_unless_equals_int (target_wait_buffers (late, 0), 4 + 45);
  /* FLV header, metadata, AVC and AAC configuration, in that order. */
  fail_unless (gst_buffer_memcmp (target_buffer (late, 0), 0, "FLV", 3) == 0);
  for (i = 1; i < 4; i++)
    fail_unless (flv_is_header (target_buffer (late, i)));
  fail_unless (flv_is_keyframe (target_buffer (late, 4)));
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET (target_buffer (late, 4)), 60);
  for (i = 5; i < 4 + 45; i++)
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (target_buffer (late, i)),
        60 + i - 4);

  /* The early target saw everything. */
  fail_unless_equals_int (target_wait_buffers (early, 4 + 105), 4 + 105);

  target_free (late, tee);
  target_free (early, tee);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Runs @desc, a muxing pipeline ending in "appsink name=sink", and pushes
 * its buffers with their flags removed (as rtmp2src and srtsrc deliver
 * them) into a new restreamtee with input @caps; a target joins before
 * buffer @late_at. Returns the input harness. */
static GstHarness *
replay_without_flags (const gchar * desc, const gchar * caps, guint late_at,
    TestTarget ** late)
{
  GstElement *pipeline = gst_parse_launch (desc, NULL);
  GstElement *sink, *tee;
  GstHarness *h;
  GstSample *sample;
  guint pushed = 0;

  fail_unless (pipeline != NULL, "cannot build %s", desc);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);

  h = gst_harness_new_with_padnames ("restreamtee", "sink", NULL);
  gst_harness_set_src_caps_str (h, caps);
  gst_harness_play (h);
  tee = h->element;
  g_object_set (tee, "max-lag", G_GUINT64_CONSTANT (0), NULL);
  *late = NULL;
  while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink),
              10 * GST_SECOND))) {
    GstBuffer *buffer = gst_buffer_copy (gst_sample_get_buffer (sample));

    GST_BUFFER_FLAGS (buffer) = 0;
    gst_sample_unref (sample);
    if (pushed == late_at)
      *late = target_new (tee);
    fail_unless_equals_int (gst_harness_push (h, buffer), GST_FLOW_OK);
    pushed++;
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  fail_unless (*late != NULL, "only %u buffers", pushed);
  target_wait_idle (*late, 100);
  return h;
}

/* Late join on MPEG-TS without streamheader: PAT and PMT, then the packets
 * of a keyframe. */
GST_START_TEST (test_late_target_mpegts)
{
  GstHarness *h;
  TestTarget *late;
  GstBuffer *pat;
  guint8 packet[188];
  guint n, i;

  /* srtsrc caps: no streamheader */
  h = replay_without_flags ("videotestsrc num-buffers=120 ! "
      "video/x-raw,width=160,height=120,framerate=30/1 ! "
      "x264enc speed-preset=ultrafast key-int-max=30 ! h264parse ! "
      "mpegtsmux alignment=7 ! appsink name=sink sync=false",
      "video/mpegts, systemstream=(boolean)true", 40, &late);
  n = target_wait_buffers (late, 0);
  fail_unless (n > 3);
  /* PAT, PMT */
  pat = target_buffer (late, 0);
  fail_unless_equals_int (gst_buffer_get_size (pat), 188);
  gst_buffer_extract (pat, 0, packet, 188);
  fail_unless_equals_int (packet[0], 0x47);
  fail_unless_equals_int (GST_READ_UINT16_BE (packet + 1) & 0x1fff, 0);
  gst_buffer_extract (target_buffer (late, 1), 0, packet, 188);
  fail_unless_equals_int (packet[0], 0x47);
  fail_unless (packet[1] & 0x40);       /* a section starts: the PMT */
  /* Then a buffer holding a random access point of the video. */
  {
    GstBuffer *key = target_buffer (late, 2);
    GstMapInfo map;
    gboolean random_access = FALSE;

    gst_buffer_map (key, &map, GST_MAP_READ);
    for (i = 0; i + 188 <= map.size; i += 188)
      if ((map.data[i + 3] & 0x20) && map.data[i + 4] > 0
          && (map.data[i + 5] & 0x40))
        random_access = TRUE;
    gst_buffer_unmap (key, &map);
    fail_unless (random_access, "first data buffer holds no keyframe");
  }

  target_free (late, h->element);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* A late target of a real H.264 + AAC stream decodes from its first byte:
 * every video tag it gets decodes into a picture. */
GST_START_TEST (test_late_target_decodes)
{
  GstElement *decoder, *appsrc, *decoded;
  GstHarness *h;
  TestTarget *late;
  GstSample *sample;
  guint i, n, video_tags = 0, pictures = 0;

  /* As rtmp2src delivers it: no streamheader, no flags. */
  h = replay_without_flags ("videotestsrc num-buffers=150 ! "
      "video/x-raw,width=320,height=240,framerate=30/1 ! "
      "x264enc speed-preset=ultrafast tune=zerolatency key-int-max=30 ! "
      "h264parse ! flvmux name=m streamable=true ! appsink name=sink "
      "sync=false audiotestsrc num-buffers=200 ! audioconvert ! avenc_aac ! "
      "aacparse ! m.", "video/x-flv", 70, &late);

  decoder = gst_parse_launch ("appsrc name=in caps=video/x-flv format=time ! "
      "flvdemux name=d d.video ! h264parse ! avdec_h264 ! "
      "appsink name=out sync=false", NULL);
  appsrc = gst_bin_get_by_name (GST_BIN (decoder), "in");
  decoded = gst_bin_get_by_name (GST_BIN (decoder), "out");
  gst_element_set_state (decoder, GST_STATE_PLAYING);
  n = target_wait_buffers (late, 0);
  for (i = 0; i < n; i++) {
    GstBuffer *buffer = target_buffer (late, i);
    guint8 head[13];

    /* Video tags that carry a picture (AVC packet type 1, NALUs). */
    if (gst_buffer_extract (buffer, 0, head, 13) == 13 && head[0] == 9
        && head[12] == 1)
      video_tags++;
    gst_app_src_push_buffer (GST_APP_SRC (appsrc), gst_buffer_ref (buffer));
  }
  gst_app_src_end_of_stream (GST_APP_SRC (appsrc));
  while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (decoded),
              10 * GST_SECOND))) {
    pictures++;
    gst_sample_unref (sample);
  }
  fail_unless (video_tags > 30);
  fail_unless_equals_int (pictures, video_tags);

  gst_element_set_state (decoder, GST_STATE_NULL);
  gst_object_unref (appsrc);
  gst_object_unref (decoded);
  gst_object_unref (decoder);
  target_free (late, h->element);
  gst_harness_teardown (h);
}

GST_END_TEST;

static Suite *
restreamtee_latejoin_suite (void)
{
  Suite *s = suite_create ("restreamtee_latejoin");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_gop_aligned_drops);
  tcase_add_test (tc, test_interleaved_timestamps_are_not_lag);
  tcase_add_test (tc, test_byte_bound_without_timestamps);
  tcase_add_test (tc, test_late_target_gets_headers_then_keyframe);
  tcase_add_test (tc, test_late_target_mpegts);
  tcase_add_test (tc, test_late_target_decodes);
  return s;
}

GST_CHECK_MAIN (restreamtee_latejoin);
