/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * One frozen RTMP server must not starve the others. A 720p30 H.264 + AAC
 * stream (x264enc, 2 s GOP, about 6 Mb/s) goes through flvmux and
 * restreamtee to three rtmp2sink targets, each on its own nginx-rtmp. The
 * third server is stopped (SIGSTOP) for 20 s, long enough to fill every
 * socket buffer on the way; its rtmp2sink has a long timeout so that it
 * blocks instead of erroring. Measured at the servers, the two healthy
 * targets keep receiving the whole input; decoding receivers on them see
 * no gap longer than one GOP; the frozen target resumes after the thaw and
 * decodes again.
 */

#include <gst/check/gstcheck.h>

#include "rsfixture.h"
#include "gstrestreammessages.h"

#define N_TARGETS 3
#define FROZEN 2
#define FREEZE_SECONDS 20
#define GOP_FRAMES 60
#define GOP_DURATION_US (2 * G_TIME_SPAN_SECOND)

static guint64
tee_input_bytes (GstElement * tee)
{
  GstStructure *stats;
  guint64 bytes = 0;

  g_object_get (tee, "stats", &stats, NULL);
  gst_structure_get_uint64 (stats, "input-bytes", &bytes);
  gst_structure_free (stats);
  return bytes;
}

/* Pops bus messages for @seconds: fails on an ERROR, counts the
 * restreamtee-drop messages of @pad. */
static guint
watch_bus (GstBus * bus, guint seconds, const gchar * pad)
{
  gint64 end = g_get_monotonic_time () + seconds * G_TIME_SPAN_SECOND;
  guint drops = 0;

  while (g_get_monotonic_time () < end) {
    GstMessage *msg = gst_bus_timed_pop_filtered (bus, 100 * GST_MSECOND,
        GST_MESSAGE_ERROR | GST_MESSAGE_ELEMENT);

    if (!msg)
      continue;
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
      g_autoptr (GError) err = NULL;
      g_autofree gchar *debug = NULL;

      gst_message_parse_error (msg, &err, &debug);
      fail ("ERROR from %s: %s (%s)", GST_OBJECT_NAME (msg->src),
          err->message, debug);
    } else {
      const GstStructure *s = gst_message_get_structure (msg);
      if (gst_structure_has_name (s, GST_RESTREAM_TEE_MSG_DROP)
          && g_strcmp0 (gst_structure_get_string (s, "pad"), pad) == 0)
        drops++;
    }
    gst_message_unref (msg);
  }
  return drops;
}

GST_START_TEST (test_frozen_target_does_not_starve_others)
{
  RsNginx *servers[N_TARGETS];
  RsReceiver *receivers[N_TARGETS];
  g_autofree gchar *source = NULL;
  g_autofree gchar *description = NULL;
  g_autoptr (GString) branches = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  GstElement *pipeline, *tee;
  GstBus *bus;
  gint64 bytes_before[N_TARGETS], bytes_after[N_TARGETS];
  guint64 input_before, input_after;
  gint64 freeze_started, freeze_ended;
  gdouble input_mbps;
  guint i, drops, frozen_frames;

  for (i = 0; i < N_TARGETS; i++) {
    g_autofree gchar *url = NULL;

    servers[i] = rs_nginx_start (FALSE, &error);
    fail_unless (servers[i] != NULL, "nginx: %s", error ? error->message : "");
    url = rs_nginx_url (servers[i], "show");
    /* A long timeout: a frozen server blocks the sink instead of making it
     * post an ERROR (errors are the launcher's business). */
    g_string_append_printf (branches,
        " t. ! rtmp2sink name=target%u location=%s chunk-size=4096 timeout=60",
        i, url);
  }

  source = rs_av_source_description ("flvmux", 1280, 720, 30, 6000,
      GOP_FRAMES, TRUE);
  description = g_strdup_printf ("%s mux. ! restreamtee name=t%s", source,
      branches->str);
  pipeline = gst_parse_launch (description, &error);
  fail_unless (pipeline != NULL, "%s", error ? error->message : "");
  tee = gst_bin_get_by_name (GST_BIN (pipeline), "t");
  bus = gst_element_get_bus (pipeline);
  fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);

  for (i = 0; i < N_TARGETS; i++) {
    g_autofree gchar *url = rs_nginx_url (servers[i], "show");

    receivers[i] = rs_receiver_start (url, &error);
    fail_unless (receivers[i] != NULL, "%s", error ? error->message : "");
  }

  /* Every target decodes before anything is frozen. */
  for (i = 0; i < N_TARGETS; i++) {
    fail_unless (rs_receiver_wait_frames (receivers[i], 45, 30000),
        "target %u decoded only %u frames", i,
        rs_receiver_video_frames (receivers[i]));
  }
  watch_bus (bus, 1, NULL);

  input_before = tee_input_bytes (tee);
  for (i = 0; i < N_TARGETS; i++) {
    if (i == FROZEN)
      continue;
    bytes_before[i] = rs_nginx_stream_bytes_in (servers[i], "show");
    fail_unless (bytes_before[i] > 0);
    rs_receiver_reset_gap (receivers[i]);
  }
  frozen_frames = rs_receiver_video_frames (receivers[FROZEN]);

  rs_nginx_freeze (servers[FROZEN]);
  freeze_started = g_get_monotonic_time ();
  drops = watch_bus (bus, FREEZE_SECONDS, "src_2");
  freeze_ended = g_get_monotonic_time ();

  input_after = tee_input_bytes (tee);
  input_mbps = (input_after - input_before) * 8.0 /
      ((freeze_ended - freeze_started) / 1e6) / 1e6;
  GST_INFO ("input %.2f Mb/s during the freeze, %u drops on the frozen "
      "target", input_mbps, drops);
  /* Enough data to fill the socket buffers of the frozen path. */
  fail_unless (input_mbps > 4.0, "input only %.2f Mb/s", input_mbps);
  fail_unless (drops >= 1, "the frozen target's backlog was never cut");

  for (i = 0; i < N_TARGETS; i++) {
    gdouble share;
    gint64 gap;

    if (i == FROZEN)
      continue;
    bytes_after[i] = rs_nginx_stream_bytes_in (servers[i], "show");
    share = (gdouble) (bytes_after[i] - bytes_before[i]) /
        (input_after - input_before);
    gap = rs_receiver_max_gap (receivers[i]);
    GST_INFO ("target %u received %.1f %% of the input, longest gap "
        "between decoded frames %" G_GINT64_FORMAT " ms", i, share * 100,
        gap / 1000);
    fail_unless (share > 0.95 && share < 1.05,
        "healthy target %u received %.1f %% of the input rate", i, share * 100);
    fail_unless (gap < GOP_DURATION_US,
        "healthy target %u had a %" G_GINT64_FORMAT " ms gap", i, gap / 1000);
  }

  /* After the thaw the frozen target decodes again, from a keyframe: its
   * receiver's decoder posts no error and keeps producing pictures. */
  rs_nginx_thaw (servers[FROZEN]);
  fail_unless (rs_receiver_wait_frames (receivers[FROZEN],
          frozen_frames + 60, 20000),
      "the frozen target decoded %u frames after the thaw",
      rs_receiver_video_frames (receivers[FROZEN]) - frozen_frames);
  watch_bus (bus, 1, NULL);
  for (i = 0; i < N_TARGETS; i++)
    fail_unless (receivers[i]->error == NULL, "receiver %u: %s", i,
        receivers[i]->error);

  for (i = 0; i < N_TARGETS; i++)
    rs_receiver_stop (receivers[i]);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (tee);
  gst_object_unref (pipeline);
  for (i = 0; i < N_TARGETS; i++)
    rs_nginx_stop (servers[i]);
}

GST_END_TEST;

static Suite *
restreamtee_freeze_suite (void)
{
  Suite *s = suite_create ("restreamtee_freeze");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_frozen_target_does_not_starve_others);
  return s;
}

GST_CHECK_MAIN (restreamtee_freeze);
