/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * failoversrc against a real nginx-rtmp origin whose publisher process the
 * test kills and starts again: a short gap is absorbed, a long one goes
 * through retrying and back to active while a downstream flvmux !
 * rtmp2sink to a second nginx stays connected and its stream decodes with
 * monotonic timestamps, and a gap longer than the retry timeout ends in
 * failed and EOS.
 */

#include <gst/check/gstcheck.h>

#include <string.h>

#include "rsfixture.h"

#define GOP_FRAMES 60

typedef struct
{
  RsNginx *origin;
  RsNginx *target;
  RsProcess *publisher;
  gchar *in_url;
  gchar *out_url;
  GstElement *pipeline;
  GstBus *bus;
} Setup;

static void
publisher_start (Setup * s)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *sink = g_strdup_printf ("rtmp2sink location=%s",
      s->in_url);

  s->publisher = rs_publisher_start ("flvmux", 1500, GOP_FRAMES, sink, &error);
  fail_unless (s->publisher != NULL, "%s", error ? error->message : "");
}

/* Kills the publisher; returns the monotonic time of the cut. */
static gint64
publisher_kill (Setup * s)
{
  g_clear_pointer (&s->publisher, rs_process_free);
  return g_get_monotonic_time ();
}

static void
setup (Setup * s, gboolean with_target, const gchar * props)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *desc = NULL;

  memset (s, 0, sizeof (*s));
  s->origin = rs_nginx_start (FALSE, &error);
  fail_unless (s->origin != NULL, "%s", error ? error->message : "");
  s->in_url = rs_nginx_url (s->origin, "in");
  if (with_target) {
    s->target = rs_nginx_start (FALSE, &error);
    fail_unless (s->target != NULL, "%s", error ? error->message : "");
    s->out_url = rs_nginx_url (s->target, "out");
    desc = g_strdup_printf ("failoversrc name=src uri=%s %s "
        "src.video ! queue ! flvmux name=mux streamable=true "
        "latency=100000000 ! rtmp2sink location=%s chunk-size=4096 "
        "src.audio ! queue ! mux.", s->in_url, props, s->out_url);
  } else {
    desc = g_strdup_printf ("failoversrc name=src uri=%s %s "
        "src.video ! fakesink sync=false async=false "
        "src.audio ! fakesink sync=false async=false", s->in_url, props);
  }
  publisher_start (s);
  s->pipeline = gst_parse_launch (desc, &error);
  fail_unless (s->pipeline != NULL, "%s", error ? error->message : "");
  s->bus = gst_element_get_bus (s->pipeline);
  fail_if (gst_element_set_state (s->pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
}

static void
teardown (Setup * s)
{
  gst_element_set_state (s->pipeline, GST_STATE_NULL);
  gst_object_unref (s->bus);
  gst_object_unref (s->pipeline);
  g_clear_pointer (&s->publisher, rs_process_free);
  rs_nginx_stop (s->target);
  rs_nginx_stop (s->origin);
  g_free (s->in_url);
  g_free (s->out_url);
}

static gint64
wait_state (Setup * s, const gchar * state, guint timeout_ms, GString * seen)
{
  g_autofree gchar *error = NULL;
  gint64 at = rs_wait_failover_state (s->bus, state, timeout_ms, seen,
      &error);

  fail_if (error != NULL, "ERROR from %s", error);
  return at;
}

GST_START_TEST (test_short_gap_is_absorbed)
{
  Setup s;
  g_autoptr (GString) seen = g_string_new (NULL);

  setup (&s, FALSE, "");
  fail_unless (wait_state (&s, "active", 20000, seen) != 0, "never active");
  wait_state (&s, NULL, 2000, seen);
  publisher_kill (&s);
  g_usleep (1500 * 1000);       /* the gap itself */
  publisher_start (&s);
  wait_state (&s, NULL, 6000, seen);
  GST_INFO ("states: %s", seen->str);
  fail_unless (strstr (seen->str, "retrying") == NULL,
      "a 1.5 s gap caused: %s", seen->str);
  teardown (&s);
}

GST_END_TEST;

GST_START_TEST (test_long_gap_retries_and_restores)
{
  Setup s;
  g_autoptr (GString) seen = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  RsReceiver *receiver;
  gint64 cut, retrying, back, active;
  guint frames_before;
  gint64 bytes_before;

  setup (&s, TRUE, "");
  fail_unless (wait_state (&s, "active", 20000, seen) != 0, "never active");
  receiver = rs_receiver_start (s.out_url, &error);
  fail_unless (receiver != NULL);
  fail_unless (rs_receiver_wait_frames (receiver, 60, 20000),
      "the target decoded %u frames before the gap",
      rs_receiver_video_frames (receiver));
  frames_before = rs_receiver_video_frames (receiver);

  cut = publisher_kill (&s);
  retrying = wait_state (&s, "retrying", 8000, seen);
  fail_unless (retrying != 0, "no retrying after the cut: %s", seen->str);
  GST_INFO ("retrying %.2f s after the cut", (retrying - cut) / 1e6);
  fail_unless (retrying - cut > 2500 * 1000 && retrying - cut < 4500 * 1000,
      "retrying %.2f s after the cut", (retrying - cut) / 1e6);
  /* The target's connection is still up during the outage. */
  bytes_before = rs_nginx_stream_bytes_in (s.target, "out");
  fail_unless (bytes_before > 0, "the target stream was unpublished");

  g_usleep (8 * G_USEC_PER_SEC - (g_get_monotonic_time () - cut));
  publisher_start (&s);
  back = g_get_monotonic_time ();
  active = wait_state (&s, "active", 10000, seen);
  fail_unless (active != 0, "never active again: %s", seen->str);
  GST_INFO ("active %.2f s after the publisher started", (active - back) / 1e6);
  /* 2 s plus one GOP (2 s) */
  fail_unless (active - back < 4 * G_USEC_PER_SEC,
      "active %.2f s after the publisher came back", (active - back) / 1e6);

  /* The same target session goes on and decodes after the gap, with
   * timestamps that never went back. */
  fail_unless (rs_receiver_wait_frames (receiver, frames_before + 60, 15000),
      "the target decoded %u frames after the gap",
      rs_receiver_video_frames (receiver) - frames_before);
  fail_unless (rs_nginx_stream_bytes_in (s.target, "out") > bytes_before);
  fail_if (receiver->pts_went_back, "timestamps went back at the target");
  fail_unless (receiver->error == NULL, "%s", receiver->error);
  wait_state (&s, NULL, 500, seen);

  rs_receiver_stop (receiver);
  teardown (&s);
}

GST_END_TEST;

GST_START_TEST (test_retry_timeout_fails_with_eos)
{
  Setup s;
  g_autoptr (GString) seen = g_string_new (NULL);
  gint64 cut, failed;
  GstMessage *eos;
  guint state;

  setup (&s, FALSE, "retry-timeout=10000000000");
  fail_unless (wait_state (&s, "active", 20000, seen) != 0, "never active");
  cut = publisher_kill (&s);
  fail_unless (wait_state (&s, "retrying", 8000, seen) != 0);
  failed = wait_state (&s, "failed", 20000, seen);
  fail_unless (failed != 0, "not failed 20 s after the cut: %s", seen->str);
  GST_INFO ("failed %.2f s after the cut", (failed - cut) / 1e6);
  /* threshold (3 s) + retry timeout (10 s) */
  fail_unless (failed - cut > 12 * G_USEC_PER_SEC
      && failed - cut < 15 * G_USEC_PER_SEC);
  eos = gst_bus_timed_pop_filtered (s.bus, 5 * GST_SECOND, GST_MESSAGE_EOS);
  fail_unless (eos != NULL, "no EOS after failed");
  gst_message_unref (eos);
  {
    GstElement *src = gst_bin_get_by_name (GST_BIN (s.pipeline), "src");
    g_object_get (src, "state", &state, NULL);
    fail_unless_equals_int (state, 3);  /* failed */
    gst_object_unref (src);
  }
  teardown (&s);
}

GST_END_TEST;

/* rtmps:// through a TLS front with a self-signed certificate: pulled
 * only when validation is turned off, refused (and retried) otherwise. */
GST_START_TEST (test_rtmps_input)
{
  g_autoptr (GError) error = NULL;
  Setup s;
  g_autoptr (GString) seen = g_string_new (NULL);
  g_autofree gchar *tls_url = NULL;
  guint i;

  memset (&s, 0, sizeof (s));
  s.origin = rs_nginx_start (TRUE, &error);
  fail_unless (s.origin != NULL, "%s", error ? error->message : "");
  s.in_url = rs_nginx_url (s.origin, "in");
  tls_url = rs_nginx_tls_url (s.origin, "in");
  publisher_start (&s);

  for (i = 0; i < 2; i++) {
    gboolean validate = i == 1;
    g_autofree gchar *desc = g_strdup_printf ("failoversrc name=src uri=%s "
        "tls-validation=%s src.video ! fakesink sync=false async=false "
        "src.audio ! fakesink sync=false async=false", tls_url,
        validate ? "true" : "false");

    g_string_truncate (seen, 0);
    s.pipeline = gst_parse_launch (desc, &error);
    fail_unless (s.pipeline != NULL);
    s.bus = gst_element_get_bus (s.pipeline);
    gst_element_set_state (s.pipeline, GST_STATE_PLAYING);
    if (validate) {
      fail_unless (wait_state (&s, "retrying", 8000, seen) != 0,
          "an unvalidated certificate was not refused: %s", seen->str);
      wait_state (&s, NULL, 1000, seen);
      fail_unless (strstr (seen->str, "active") == NULL, "%s", seen->str);
    } else {
      fail_unless (wait_state (&s, "active", 20000, seen) != 0,
          "never active over rtmps: %s", seen->str);
    }
    gst_element_set_state (s.pipeline, GST_STATE_NULL);
    gst_clear_object (&s.bus);
    gst_clear_object (&s.pipeline);
  }
  g_clear_pointer (&s.publisher, rs_process_free);
  rs_nginx_stop (s.origin);
  g_free (s.in_url);
}

GST_END_TEST;

static Suite *
failoversrc_rtmp_suite (void)
{
  Suite *s = suite_create ("failoversrc_rtmp");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_short_gap_is_absorbed);
  tcase_add_test (tc, test_long_gap_retries_and_restores);
  tcase_add_test (tc, test_retry_timeout_fails_with_eos);
  tcase_add_test (tc, test_rtmps_input);
  return s;
}

GST_CHECK_MAIN (failoversrc_rtmp);
