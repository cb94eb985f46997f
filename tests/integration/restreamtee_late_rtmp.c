/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * A target added while PLAYING behind a bare rtmp2src, whose FLV has no
 * streamheader and no buffer flags: a publisher process sends H.264 + AAC
 * to an nginx-rtmp origin, rtmp2src pulls it into restreamtee, and a second
 * rtmp2sink is linked to a new pad half-way through a GOP. What that target
 * sends starts with the FLV headers and a keyframe, and a receiver on its
 * server decodes it. Then the first target is released while PLAYING and
 * the second keeps going.
 */

#include <gst/check/gstcheck.h>
#include <string.h>

#include "rsfixture.h"

/* Records the first buffers a pad pushes. */
typedef struct
{
  GMutex lock;
  GPtrArray *first;
} PadLog;

static GstPadProbeReturn
log_buffer (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  PadLog *log = user_data;

  g_mutex_lock (&log->lock);
  if (log->first->len < 8)
    g_ptr_array_add (log->first,
        gst_buffer_ref (GST_PAD_PROBE_INFO_BUFFER (info)));
  g_mutex_unlock (&log->lock);
  return GST_PAD_PROBE_OK;
}

static void
fail_on_error (GstBus * bus)
{
  GstMessage *msg;

  while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR))) {
    g_autoptr (GError) err = NULL;
    g_autofree gchar *debug = NULL;

    gst_message_parse_error (msg, &err, &debug);
    fail ("ERROR from %s: %s (%s)", GST_OBJECT_NAME (msg->src), err->message,
        debug);
  }
}

GST_START_TEST (test_late_target_behind_rtmp2src)
{
  g_autoptr (GError) error = NULL;
  RsNginx *origin, *targets;
  RsProcess *publisher;
  RsReceiver *early_rx, *late_rx;
  g_autofree gchar *in_url = NULL, *early_url = NULL, *late_url = NULL;
  g_autofree gchar *publish = NULL, *description = NULL;
  GstElement *pipeline, *tee, *late_sink;
  GstPad *late_pad, *sink_pad, *early_pad;
  GstBus *bus;
  PadLog log = { 0 };
  guint8 head[13];
  guint i, frames;

  origin = rs_nginx_start (FALSE, &error);
  fail_unless (origin != NULL, "%s", error ? error->message : "");
  targets = rs_nginx_start (FALSE, &error);
  fail_unless (targets != NULL, "%s", error ? error->message : "");
  in_url = rs_nginx_url (origin, "in");
  early_url = rs_nginx_url (targets, "early");
  late_url = rs_nginx_url (targets, "late");

  publish = g_strdup_printf ("rtmp2sink location=%s", in_url);
  publisher = rs_publisher_start ("flvmux", 2000, 60, publish, &error);
  fail_unless (publisher != NULL, "%s", error ? error->message : "");

  /* rtmp2src hands out stream-absolute timestamps: relays use sync=false. */
  description = g_strdup_printf ("rtmp2src location=%s ! restreamtee name=t "
      "t. ! rtmp2sink location=%s sync=false chunk-size=4096", in_url,
      early_url);
  pipeline = gst_parse_launch (description, &error);
  fail_unless (pipeline != NULL, "%s", error ? error->message : "");
  tee = gst_bin_get_by_name (GST_BIN (pipeline), "t");
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);

  early_rx = rs_receiver_start (early_url, &error);
  fail_unless (early_rx != NULL);
  late_rx = rs_receiver_start (late_url, &error);
  fail_unless (late_rx != NULL);
  /* 2.5 s: the next keyframe is a GOP away */
  fail_unless (rs_receiver_wait_frames (early_rx, 75, 30000),
      "the first target decoded %u frames",
      rs_receiver_video_frames (early_rx));
  fail_on_error (bus);

  /* A new target while PLAYING. */
  g_mutex_init (&log.lock);
  log.first = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_buffer_unref);
  late_sink = gst_element_factory_make ("rtmp2sink", NULL);
  g_object_set (late_sink, "location", late_url, "sync", FALSE, "chunk-size",
      4096, NULL);
  gst_bin_add (GST_BIN (pipeline), late_sink);
  late_pad = gst_element_request_pad_simple (tee, "src_%u");
  gst_pad_add_probe (late_pad, GST_PAD_PROBE_TYPE_BUFFER, log_buffer, &log,
      NULL);
  sink_pad = gst_element_get_static_pad (late_sink, "sink");
  fail_unless_equals_int (gst_pad_link (late_pad, sink_pad), GST_PAD_LINK_OK);
  fail_unless (gst_element_sync_state_with_parent (late_sink));

  fail_unless (rs_receiver_wait_frames (late_rx, 60, 30000),
      "the late target decoded %u frames", rs_receiver_video_frames (late_rx));
  fail_on_error (bus);
  fail_unless (late_rx->error == NULL, "%s", late_rx->error);

  /* What the late target was sent: FLV header, metadata, AVC and AAC
   * sequence headers (whatever order rtmp2src had them in), then a video
   * keyframe. */
  g_mutex_lock (&log.lock);
  fail_unless (log.first->len >= 5);
  fail_unless (gst_buffer_memcmp (g_ptr_array_index (log.first, 0), 0, "FLV",
          3) == 0);
  for (i = 1; i < log.first->len; i++) {
    gst_buffer_extract (g_ptr_array_index (log.first, i), 0, head, 13);
    if (head[0] == 9 && (head[11] >> 4) == 1 && head[12] == 1)
      break;                    /* the keyframe */
    fail_unless (head[0] == 18 || head[12] == 0,
        "buffer %u before the keyframe is no header (tag %u)", i, head[0]);
  }
  fail_unless (i < log.first->len && i >= 3,
      "no keyframe after the headers (%u)", i);
  g_mutex_unlock (&log.lock);

  /* Release the first target while PLAYING: the late one keeps going. */
  early_pad = gst_element_get_static_pad (tee, "src_0");
  fail_unless (early_pad != NULL);
  gst_element_release_request_pad (tee, early_pad);
  gst_object_unref (early_pad);
  frames = rs_receiver_video_frames (late_rx);
  fail_unless (rs_receiver_wait_frames (late_rx, frames + 60, 20000),
      "the late target stopped after the release");
  fail_on_error (bus);

  rs_receiver_stop (early_rx);
  rs_receiver_stop (late_rx);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (sink_pad);
  gst_object_unref (late_pad);
  gst_object_unref (bus);
  gst_object_unref (tee);
  gst_object_unref (pipeline);
  g_ptr_array_unref (log.first);
  g_mutex_clear (&log.lock);
  rs_process_free (publisher);
  rs_nginx_stop (targets);
  rs_nginx_stop (origin);
}

GST_END_TEST;

static Suite *
restreamtee_late_rtmp_suite (void)
{
  Suite *s = suite_create ("restreamtee_late_rtmp");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_late_target_behind_rtmp2src);
  return s;
}

GST_CHECK_MAIN (restreamtee_late_rtmp);
