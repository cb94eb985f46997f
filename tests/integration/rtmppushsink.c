/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* rtmppushsink against a real nginx-rtmp: what it publishes decodes (plain
 * and through the TLS front), buffer lists from restreamtee, EOS ends the
 * broadcast, and failures are errors that name the server, never the key. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>

#include "rsfixture.h"
#include "gstrestreammessages.h"

#define KEY "push-key-8c1f0e"

static GstElement *
start_pipeline (const gchar * sink)
{
  g_autofree gchar *source = rs_av_source_description ("flvmux", 640, 360,
      30, 800, 30, TRUE);
  g_autofree gchar *desc = g_strdup_printf ("%s mux. ! %s", source, sink);
  g_autoptr (GError) error = NULL;
  GstElement *pipeline = gst_parse_launch (desc, &error);

  fail_unless (pipeline != NULL, "%s", error ? error->message : "");
  fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  return pipeline;
}

static void
assert_no_error (GstElement * pipeline)
{
  GstMessage *msg = gst_bus_pop_filtered (GST_ELEMENT_BUS (pipeline),
      GST_MESSAGE_ERROR);

  if (msg) {
    g_autoptr (GError) err = NULL;

    gst_message_parse_error (msg, &err, NULL);
    gst_message_unref (msg);
    fail ("ERROR: %s", err->message);
  }
}

static void
assert_decodes (const gchar * url, guint frames)
{
  g_autoptr (GError) error = NULL;
  RsReceiver *receiver = rs_receiver_start (url, &error);

  fail_unless (receiver != NULL, "%s", error ? error->message : "");
  fail_unless (rs_receiver_wait_frames (receiver, frames, 15000),
      "%u video frames decoded, wanted %u (%s)",
      rs_receiver_video_frames (receiver), frames,
      receiver->error ? receiver->error : "no error");
  g_mutex_lock (&receiver->lock);
  fail_unless (receiver->audio_frames > 0, "no AAC decoded");
  g_mutex_unlock (&receiver->lock);
  fail_if (receiver->pts_went_back);
  rs_receiver_stop (receiver);
}

/* Published, decoded, then EOS unpublishes the stream. */
GST_START_TEST (test_publish_and_eos)
{
  g_autoptr (GError) error = NULL;
  RsNginx *nginx = rs_nginx_start (TRUE, &error);
  g_autofree gchar *location = NULL, *sink = NULL, *url = NULL;
  GstElement *pipeline;
  GstMessage *msg;
  gint64 deadline;

  fail_unless (nginx != NULL, "%s", error ? error->message : "");
  location = g_strdup_printf ("rtmp://127.0.0.1:%u/live/" KEY,
      nginx->rtmp_port);
  sink = g_strdup_printf ("rtmppushsink name=sink location=%s", location);
  pipeline = start_pipeline (sink);
  url = rs_nginx_url (nginx, KEY);
  assert_decodes (url, 60);
  assert_no_error (pipeline);
  {
    GstElement *s = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
    GstStructure *stats = NULL;
    guint64 bytes = 0, messages = 0, writes = 0;

    g_object_get (s, "stats", &stats, NULL);
    gst_structure_get (stats, "out-bytes-total", G_TYPE_UINT64, &bytes,
        "messages", G_TYPE_UINT64, &messages, "writes", G_TYPE_UINT64,
        &writes, NULL);
    gst_structure_free (stats);
    gst_object_unref (s);
    fail_unless (bytes > 100000 && messages > 60 && writes > 0);
  }

  gst_element_send_event (pipeline, gst_event_new_eos ());
  msg = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (pipeline),
      5 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);
  /* The server no longer lists the stream as published. */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (rs_nginx_stream_bytes_in (nginx, KEY) >= 0
      && g_get_monotonic_time () < deadline)
    g_usleep (100 * 1000);
  fail_unless (rs_nginx_stream_bytes_in (nginx, KEY) < 0,
      "still published after EOS");
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);

  /* RTMPS through the TLS front (self-signed: validation off). */
  g_free (sink);
  sink = g_strdup_printf ("rtmppushsink location=rtmps://127.0.0.1:%u/live/"
      KEY "-tls tls-validation-flags=0", nginx->rtmps_port);
  pipeline = start_pipeline (sink);
  g_free (url);
  url = rs_nginx_url (nginx, KEY "-tls");
  assert_decodes (url, 60);
  assert_no_error (pipeline);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
  rs_nginx_stop (nginx);
}

GST_END_TEST;

/* Batches from restreamtee go out as one write each. */
GST_START_TEST (test_buffer_lists)
{
  g_autoptr (GError) error = NULL;
  RsNginx *nginx = rs_nginx_start (FALSE, &error);
  g_autofree gchar *sink = NULL, *url = NULL;
  GstElement *pipeline, *s;
  GstStructure *stats = NULL;
  guint64 messages = 0, writes = 0;

  fail_unless (nginx != NULL, "%s", error ? error->message : "");
  sink = g_strdup_printf ("restreamtee batch-time=100000000 ! "
      "rtmppushsink name=sink location=rtmp://127.0.0.1:%u/live/" KEY,
      nginx->rtmp_port);
  pipeline = start_pipeline (sink);
  url = rs_nginx_url (nginx, KEY);
  assert_decodes (url, 60);
  assert_no_error (pipeline);
  s = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_get (s, "stats", &stats, NULL);
  gst_structure_get (stats, "messages", G_TYPE_UINT64, &messages, "writes",
      G_TYPE_UINT64, &writes, NULL);
  gst_structure_free (stats);
  gst_object_unref (s);
  /* 30 fps video and AAC audio in 100 ms batches: several messages per
   * write (the connection's own exchanges are a few writes more). */
  fail_unless (messages > 3 * writes, "%" G_GUINT64_FORMAT " messages in %"
      G_GUINT64_FORMAT " writes", messages, writes);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
  rs_nginx_stop (nginx);
}

GST_END_TEST;

/* The error's text, once it is checked for the key and its rtmp-cause is
 * @cause. */
static gchar *
wait_error (GstElement * pipeline, const gchar * cause)
{
  GstMessage *msg = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (pipeline),
      15 * GST_SECOND, GST_MESSAGE_ERROR);
  g_autoptr (GError) err = NULL;
  g_autofree gchar *debug = NULL;
  const GstStructure *details = NULL;

  fail_unless (msg != NULL, "no error posted");
  gst_message_parse_error (msg, &err, &debug);
  fail_unless (err->domain == GST_RESOURCE_ERROR);
  gst_message_parse_error_details (msg, &details);
  fail_unless (details != NULL, "no details: %s", err->message);
  fail_unless_equals_string (gst_structure_get_string (details,
          GST_RTMP_PUSH_SINK_FIELD_CAUSE), cause);
  fail_if (strstr (err->message, KEY) != NULL, "key shown: %s", err->message);
  fail_if (debug && strstr (debug, KEY) != NULL, "key shown: %s", debug);
  gst_message_unref (msg);
  return g_strdup (err->message);
}

/* Nobody listening; a server that refuses the key; one that has the
 * stream already: each named by its text and its rtmp-cause, no key
 * shown. */
GST_START_TEST (test_failures_named)
{
  g_autoptr (GError) error = NULL;
  RsNginx *nginx = rs_nginx_start (FALSE, &error);
  guint port = rs_free_port (FALSE);
  g_autofree gchar *sink = NULL, *text = NULL;
  GstElement *pipeline, *first;

  fail_unless (nginx != NULL, "%s", error ? error->message : "");

  sink = g_strdup_printf ("rtmppushsink location=rtmp://127.0.0.1:%u/live/"
      KEY, port);
  pipeline = start_pipeline (sink);
  text = wait_error (pipeline, "unreachable");
  fail_unless (strstr (text, "Connection refused") != NULL, "%s", text);
  fail_unless (strstr (text, "127.0.0.1") != NULL, "%s", text);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);

  /* nginx: "deny publish all" in application "locked". */
  g_free (sink);
  g_free (text);
  sink = g_strdup_printf ("rtmppushsink location=rtmp://127.0.0.1:%u/locked/"
      KEY, nginx->rtmp_port);
  pipeline = start_pipeline (sink);
  text = wait_error (pipeline, "publish-refused");
  /* nginx confirms the publish, then closes the connection: refused
   * before any media. */
  fail_unless (strstr (text, "Could not publish") != NULL, "%s", text);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);

  /* The same stream twice. */
  g_free (sink);
  g_free (text);
  sink = g_strdup_printf ("rtmppushsink location=rtmp://127.0.0.1:%u/live/"
      KEY, nginx->rtmp_port);
  first = start_pipeline (sink);
  {
    g_autofree gchar *url = rs_nginx_url (nginx, KEY);

    assert_decodes (url, 10);
  }
  pipeline = start_pipeline (sink);
  text = wait_error (pipeline, "stream-busy");
  fail_unless (strstr (text, "Already publishing") != NULL, "%s", text);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);

  gst_element_set_state (first, GST_STATE_NULL);
  gst_object_unref (first);
  rs_nginx_stop (nginx);
}

GST_END_TEST;

static Suite *
rtmppushsink_suite (void)
{
  Suite *s = suite_create ("rtmppushsink");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 120);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_publish_and_eos);
  tcase_add_test (tc, test_buffer_lists);
  tcase_add_test (tc, test_failures_named);
  return s;
}

GST_CHECK_MAIN (rtmppushsink);
