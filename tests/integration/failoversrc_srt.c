/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * failoversrc with an SRT input through an 8 s outage, both ways round:
 * as caller to an SRT listener (srt-live-transmit, fed over UDP by a
 * publisher the test stops and starts again), and as listener accepting a
 * caller publisher. Retrying comes about 3 s after the cut, active again
 * soon after the publisher returns, and the output timeline never goes
 * back.
 */

#include <gst/check/gstcheck.h>
#include <gst/app/gstappsink.h>

#include "rsfixture.h"

typedef struct
{
  GstElement *pipeline;
  GstElement *video;
  GstBus *bus;
  GMutex lock;
  GstClockTime last;
  gboolean went_back;
  guint frames;
} Output;

static GstFlowReturn
on_video (GstAppSink * sink, gpointer user_data)
{
  Output *out = user_data;
  GstSample *sample = gst_app_sink_pull_sample (sink);
  GstClockTime t = GST_BUFFER_DTS_OR_PTS (gst_sample_get_buffer (sample));

  g_mutex_lock (&out->lock);
  if (GST_CLOCK_TIME_IS_VALID (out->last) && t <= out->last)
    out->went_back = TRUE;
  out->last = t;
  out->frames++;
  g_mutex_unlock (&out->lock);
  gst_sample_unref (sample);
  return GST_FLOW_OK;
}

static void
output_start (Output * out, const gchar * uri)
{
  g_autofree gchar *desc = g_strdup_printf ("failoversrc name=src uri=\"%s\" "
      "src.video ! queue ! appsink name=v sync=false "
      "src.audio ! queue ! fakesink sync=false", uri);
  GstAppSinkCallbacks callbacks = { NULL, NULL, on_video, NULL, {NULL} };

  g_mutex_init (&out->lock);
  out->last = GST_CLOCK_TIME_NONE;
  out->went_back = FALSE;
  out->frames = 0;
  out->pipeline = gst_parse_launch (desc, NULL);
  fail_unless (out->pipeline != NULL);
  out->video = gst_bin_get_by_name (GST_BIN (out->pipeline), "v");
  gst_app_sink_set_callbacks (GST_APP_SINK (out->video), &callbacks, out, NULL);
  out->bus = gst_element_get_bus (out->pipeline);
  fail_if (gst_element_set_state (out->pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
}

static void
output_stop (Output * out)
{
  gst_element_set_state (out->pipeline, GST_STATE_NULL);
  gst_object_unref (out->bus);
  gst_object_unref (out->video);
  gst_object_unref (out->pipeline);
  g_mutex_clear (&out->lock);
}

static guint
output_frames (Output * out)
{
  guint frames;

  g_mutex_lock (&out->lock);
  frames = out->frames;
  g_mutex_unlock (&out->lock);
  return frames;
}

static gint64
wait_state (Output * out, const gchar * state, guint timeout_ms)
{
  g_autofree gchar *error = NULL;
  gint64 at = rs_wait_failover_state (out->bus, state, timeout_ms, NULL,
      &error);

  fail_if (error != NULL, "ERROR from %s", error);
  return at;
}

static void
run_outage (Output * out, RsProcess ** publisher,
    RsProcess * (*start) (gpointer), gpointer data)
{
  gint64 cut, retrying, back, active;
  guint frames;

  fail_unless (wait_state (out, "active", 20000) != 0, "never active");
  g_usleep (2 * G_USEC_PER_SEC);
  fail_unless (output_frames (out) > 30);

  g_clear_pointer (publisher, rs_process_free);
  cut = g_get_monotonic_time ();
  retrying = wait_state (out, "retrying", 8000);
  fail_unless (retrying != 0, "no retrying after the cut");
  GST_INFO ("retrying %.2f s after the cut", (retrying - cut) / 1e6);
  fail_unless (retrying - cut > 2500 * 1000 && retrying - cut < 4500 * 1000);

  g_usleep (8 * G_USEC_PER_SEC - (g_get_monotonic_time () - cut));
  frames = output_frames (out);
  *publisher = start (data);
  back = g_get_monotonic_time ();
  active = wait_state (out, "active", 15000);
  fail_unless (active != 0, "never active again");
  GST_INFO ("active %.2f s after the publisher started", (active - back) / 1e6);
  fail_unless (active - back < 5 * G_USEC_PER_SEC);
  g_usleep (G_USEC_PER_SEC);
  fail_unless (output_frames (out) > frames + 10);
  g_mutex_lock (&out->lock);
  fail_if (out->went_back, "output time went back");
  g_mutex_unlock (&out->lock);
}

/* Caller to a listener: srt-live-transmit listens, fed over UDP. */

typedef struct
{
  guint udp_port;
} UdpFeed;

static RsProcess *
start_udp_publisher (gpointer data)
{
  UdpFeed *feed = data;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *sink = g_strdup_printf ("udpsink host=127.0.0.1 port=%u",
      feed->udp_port);
  RsProcess *proc = rs_publisher_start ("mpegtsmux", 1500, 60, sink, &error);

  fail_unless (proc != NULL, "%s", error ? error->message : "");
  return proc;
}

GST_START_TEST (test_srt_caller_outage)
{
  UdpFeed feed = { rs_free_port (TRUE) };
  guint srt_port = rs_free_port (TRUE);
  g_autofree gchar *udp = g_strdup_printf ("udp://127.0.0.1:%u",
      feed.udp_port);
  g_autofree gchar *listen = g_strdup_printf ("srt://:%u?mode=listener",
      srt_port);
  g_autofree gchar *uri = g_strdup_printf ("srt://127.0.0.1:%u?mode=caller",
      srt_port);
  const gchar *argv[] = { "srt-live-transmit", "-q", "-a", "yes", udp, listen,
    NULL
  };
  g_autoptr (GError) error = NULL;
  RsProcess *relay, *publisher;
  Output out;

  relay = rs_process_spawn (argv, NULL, NULL, &error);
  fail_unless (relay != NULL, "%s", error ? error->message : "");
  publisher = start_udp_publisher (&feed);
  output_start (&out, uri);
  run_outage (&out, &publisher, start_udp_publisher, &feed);
  output_stop (&out);
  rs_process_free (publisher);
  rs_process_free (relay);
}

GST_END_TEST;

/* Listener accepting a caller publisher. */

typedef struct
{
  guint srt_port;
} SrtFeed;

static RsProcess *
start_srt_publisher (gpointer data)
{
  SrtFeed *feed = data;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *sink = g_strdup_printf ("srtsink "
      "uri=srt://127.0.0.1:%u?mode=caller poll-timeout=1000", feed->srt_port);
  RsProcess *proc = rs_publisher_start ("mpegtsmux", 1500, 60, sink, &error);

  fail_unless (proc != NULL, "%s", error ? error->message : "");
  return proc;
}

GST_START_TEST (test_srt_listener_outage)
{
  SrtFeed feed = { rs_free_port (TRUE) };
  g_autofree gchar *uri = g_strdup_printf ("srt://:%u?mode=listener",
      feed.srt_port);
  RsProcess *publisher;
  Output out;

  output_start (&out, uri);
  publisher = start_srt_publisher (&feed);
  run_outage (&out, &publisher, start_srt_publisher, &feed);
  output_stop (&out);
  rs_process_free (publisher);
}

GST_END_TEST;

static Suite *
failoversrc_srt_suite (void)
{
  Suite *s = suite_create ("failoversrc_srt");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_srt_caller_outage);
  tcase_add_test (tc, test_srt_listener_outage);
  return s;
}

GST_CHECK_MAIN (failoversrc_srt);
