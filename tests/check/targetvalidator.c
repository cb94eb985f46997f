/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * targetvalidator on generated streams: for each rule a stream that breaks
 * it and one that keeps it (x264enc with long GOPs, high bitrates, another
 * profile, another audio codec), asserting the exact reports; the target
 * URL checks; action=error; and that data passes unchanged.
 */

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <math.h>
#include <string.h>
#include "gstrestreammessages.h"

/* Runs "VIDEO ! h264parse ! MUX ! targetvalidator PROPS ! fakesink" to EOS
 * (10 s of 320x240 at 30 fps, not live, so it runs fast) and returns the
 * targetvalidator-report structures, in order. *error gets the first ERROR
 * message, if any. */
static GPtrArray *
run_stream (const gchar * video, const gchar * audio, const gchar * mux,
    const gchar * props, gchar ** error)
{
  g_autofree gchar *desc = NULL;
  GstElement *pipeline;
  GstBus *bus;
  GPtrArray *reports = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_structure_free);
  gboolean done = FALSE;

  desc = g_strdup_printf ("videotestsrc num-buffers=300 %s%s "
      "! %s name=m ! targetvalidator name=v %s ! fakesink %s%s", video,
      strstr (video, "x264enc") ? " ! h264parse" : "", mux, props,
      audio ? audio : "", audio ? " ! m." : "");
  pipeline = gst_parse_launch (desc, NULL);
  fail_unless (pipeline != NULL, "cannot build %s", desc);
  bus = gst_element_get_bus (pipeline);
  if (error)
    *error = NULL;
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  while (!done) {
    GstMessage *msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
        GST_MESSAGE_ELEMENT | GST_MESSAGE_EOS | GST_MESSAGE_ERROR);

    fail_unless (msg != NULL, "no EOS after 60 s");
    switch (GST_MESSAGE_TYPE (msg)) {
      case GST_MESSAGE_ELEMENT:
        if (gst_message_has_name (msg, GST_TARGET_VALIDATOR_MSG_REPORT))
          g_ptr_array_add (reports,
              gst_structure_copy (gst_message_get_structure (msg)));
        break;
      case GST_MESSAGE_ERROR:{
        g_autoptr (GError) err = NULL;
        gst_message_parse_error (msg, &err, NULL);
        fail_unless (error != NULL, "unexpected error: %s", err->message);
        *error = g_strdup (err->message);
        done = TRUE;
        break;
      }
      default:
        done = TRUE;
        break;
    }
    gst_message_unref (msg);
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
  return reports;
}

#define H264(gop, kbps) \
  "pattern=snow ! video/x-raw,width=320,height=240,framerate=30/1,format=I420 ! " \
  "x264enc speed-preset=ultrafast pass=cbr vbv-buf-capacity=1000 " \
  "key-int-max=" #gop " bitrate=" #kbps
#define AAC "audiotestsrc num-buffers=400 ! audioconvert ! avenc_aac ! aacparse"

/* Asserts that @reports are exactly the rules of @expected ("rule=severity"
 * strings, in order). */
static void
assert_reports (GPtrArray * reports, const gchar * const *expected)
{
  guint i, n = g_strv_length ((gchar **) expected);
  g_autoptr (GString) got = g_string_new (NULL);

  for (i = 0; i < reports->len; i++) {
    const GstStructure *s = g_ptr_array_index (reports, i);
    g_string_append_printf (got, "%s%s=%s", i ? " " : "",
        gst_structure_get_string (s, "rule"),
        gst_structure_get_string (s, "severity"));
  }
  fail_unless (reports->len == n, "%u reports, %u expected: %s",
      reports->len, n, got->str);
  for (i = 0; i < n; i++) {
    const GstStructure *s = g_ptr_array_index (reports, i);
    g_autofree gchar *pair = g_strdup_printf ("%s=%s",
        gst_structure_get_string (s, "rule"),
        gst_structure_get_string (s, "severity"));
    fail_unless_equals_string (pair, expected[i]);
    fail_unless (strlen (gst_structure_get_string (s, "advice")) > 10);
  }
}

static const GstStructure *
find_report (GPtrArray * reports, const gchar * rule)
{
  guint i;

  for (i = 0; i < reports->len; i++) {
    const GstStructure *s = g_ptr_array_index (reports, i);
    if (g_str_equal (gst_structure_get_string (s, "rule"), rule))
      return s;
  }
  fail ("no %s report", rule);
  return NULL;
}

static gdouble
get_double (const GstStructure * s, const gchar * field)
{
  gdouble value = NAN;

  fail_unless (gst_structure_get_double (s, field, &value));
  return value;
}

GST_START_TEST (test_facebook_keyframe_interval)
{
  static const gchar *const none[] = { NULL };
  static const gchar *const gop3[] = { "keyframe-interval=warning", NULL };
  static const gchar *const gop5[] = { "keyframe-interval=warning",
    "keyframe-interval-max=error", NULL
  };
  g_autoptr (GPtrArray) ok = run_stream (H264 (60, 2000), AAC, "flvmux",
      "platform=facebook", NULL);
  g_autoptr (GPtrArray) three = run_stream (H264 (90, 2000), AAC, "flvmux",
      "platform=facebook", NULL);
  g_autoptr (GPtrArray) five = run_stream (H264 (150, 2000), AAC, "flvmux",
      "platform=facebook", NULL);
  const GstStructure *max;

  assert_reports (ok, none);
  assert_reports (three, gop3);
  assert_reports (five, gop5);
  max = find_report (five, "keyframe-interval-max");
  fail_unless_equals_float (get_double (max, "limit"), 4.0);
  fail_unless (get_double (max, "measured") > 4.0);
  fail_unless_equals_string (gst_structure_get_string (max, "unit"), "s");
  fail_unless_equals_string (gst_structure_get_string (max, "platform"),
      "facebook");
}

GST_END_TEST;

GST_START_TEST (test_twitch_bitrate)
{
  static const gchar *const none[] = { NULL };
  static const gchar *const high[] = { "bitrate-max=error",
    "bitrate-rtmp-risk=warning", NULL
  };
  g_autoptr (GPtrArray) ok = run_stream (H264 (60, 3000), AAC, "flvmux",
      "platform=twitch", NULL);
  g_autoptr (GPtrArray) over = run_stream (H264 (60, 8000), AAC, "flvmux",
      "platform=twitch", NULL);
  const GstStructure *max;

  assert_reports (ok, none);
  assert_reports (over, high);
  max = find_report (over, "bitrate-max");
  fail_unless_equals_float (get_double (max, "limit"), 6000);
  fail_unless (get_double (max, "measured") > 6000);
  fail_unless_equals_string (gst_structure_get_string (max, "unit"), "kbit/s");
}

GST_END_TEST;

GST_START_TEST (test_twitch_keyframe_interval)
{
  static const gchar *const gop4[] = { "keyframe-interval-max=error", NULL };
  g_autoptr (GPtrArray) four = run_stream (H264 (120, 3000), AAC, "flvmux",
      "platform=twitch", NULL);

  assert_reports (four, gop4);
}

GST_END_TEST;

GST_START_TEST (test_youtube_profile_and_codecs)
{
  static const gchar *const none[] = { NULL };
  static const gchar *const profile[] = { "h264-profile=error", NULL };
  static const gchar *const audio[] = { "audio-codec=error", NULL };
  g_autoptr (GPtrArray) main_profile = run_stream (H264 (60, 2000)
      " ! video/x-h264,profile=main", AAC, "flvmux", "platform=youtube", NULL);
  g_autoptr (GPtrArray) high444 =
      run_stream ("pattern=snow ! video/x-raw,width=320,height=240,"
      "framerate=30/1,format=Y444 ! x264enc speed-preset=ultrafast key-int-max=60 "
      "bitrate=2000", AAC, "flvmux", "platform=youtube", NULL);
  g_autoptr (GPtrArray) mp3 = run_stream (H264 (60, 2000),
      "audiotestsrc num-buffers=400 ! audioconvert ! lamemp3enc ! "
      "mpegaudioparse", "flvmux", "platform=youtube", NULL);
  const GstStructure *s;

  assert_reports (main_profile, none);
  assert_reports (high444, profile);
  s = find_report (high444, "h264-profile");
  fail_unless_equals_string (gst_structure_get_string (s, "value"),
      "high-4:4:4");
  assert_reports (mp3, audio);
  s = find_report (mp3, "audio-codec");
  fail_unless_equals_string (gst_structure_get_string (s, "value"), "mp3");
}

GST_END_TEST;

GST_START_TEST (test_youtube_video_codec_and_gop)
{
  static const gchar *const video[] = { "video-codec=error", NULL };
  static const gchar *const gop[] = { "keyframe-interval=warning", NULL };
  /* Sorenson H.263, the other video codec flvmux takes */
  g_autoptr (GPtrArray) sorenson =
      run_stream ("pattern=ball ! video/x-raw,width=320,height=240,"
      "framerate=30/1 ! avenc_flv", AAC, "flvmux", "platform=youtube", NULL);
  g_autoptr (GPtrArray) three = run_stream (H264 (90, 2000), AAC, "flvmux",
      "platform=youtube", NULL);

  assert_reports (sorenson, video);
  fail_unless_equals_string (gst_structure_get_string (find_report (sorenson,
              "video-codec"), "value"), "sorenson-h263");
  assert_reports (three, gop);
}

GST_END_TEST;

#define H265(gop, kbps) \
  "pattern=snow ! video/x-raw,width=320,height=240,framerate=30/1,format=I420 ! " \
  "x265enc speed-preset=ultrafast key-int-max=" #gop " bitrate=" #kbps \
  " option-string=vbv-maxrate=" #kbps ":vbv-bufsize=" #kbps " ! h265parse"

/* HEVC in Enhanced RTMP (eflvmux): YouTube takes it, Twitch refuses it
 * (Facebook's rule is the same table entry), a generic RTMP server gets it with the warning that it must
 * speak Enhanced RTMP; over SRT (MPEG-TS) it passes. */
GST_START_TEST (test_hevc_per_platform)
{
  static const gchar *const none[] = { NULL };
  static const gchar *const refused[] = { "video-codec=error", NULL };
  static const gchar *const enhanced[] = { "enhanced-rtmp=warning", NULL };
  g_autoptr (GPtrArray) youtube = run_stream (H265 (60, 800), AAC, "eflvmux",
      "platform=youtube", NULL);
  g_autoptr (GPtrArray) twitch = run_stream (H265 (60, 800), AAC, "eflvmux",
      "platform=twitch", NULL);
  g_autoptr (GPtrArray) generic = run_stream (H265 (60, 800), AAC, "eflvmux",
      "platform=generic-rtmp", NULL);
  g_autoptr (GPtrArray) srt = run_stream (H265 (60, 800), AAC, "mpegtsmux",
      "platform=srt", NULL);
  /* H.264 through eflvmux: legacy tags, the same reports as flvmux's */
  g_autoptr (GPtrArray) h264 = run_stream (H264 (60, 2000), AAC, "eflvmux",
      "platform=twitch", NULL);

  assert_reports (youtube, none);
  assert_reports (twitch, refused);
  fail_unless_equals_string (gst_structure_get_string (find_report (twitch,
              "video-codec"), "value"), "h265");
  assert_reports (generic, enhanced);
  assert_reports (srt, none);
  assert_reports (h264, none);
}

GST_END_TEST;

GST_START_TEST (test_rtmp_risk_line)
{
  static const gchar *const none[] = { NULL };
  static const gchar *const risk[] = { "bitrate-rtmp-risk=warning", NULL };
  g_autoptr (GPtrArray) ok = run_stream (H264 (60, 3000), AAC, "flvmux",
      "platform=generic-rtmp", NULL);
  g_autoptr (GPtrArray) over = run_stream (H264 (60, 7000), AAC, "flvmux",
      "platform=generic-rtmp", NULL);

  assert_reports (ok, none);
  assert_reports (over, risk);
  fail_unless_equals_float (get_double (find_report (over,
              "bitrate-rtmp-risk"), "limit"), 5000);
}

GST_END_TEST;

/* The same rules read from MPEG-TS, as in front of srtsink. */
GST_START_TEST (test_mpegts_input)
{
  static const gchar *const gop5[] = { "keyframe-interval=warning",
    "keyframe-interval-max=error", NULL
  };
  static const gchar *const bandwidth[] = { "srt-bandwidth=error", NULL };
  static const gchar *const none[] = { NULL };
  g_autoptr (GPtrArray) five = run_stream (H264 (150, 2000), AAC,
      "mpegtsmux", "platform=facebook", NULL);
  g_autoptr (GPtrArray) over = run_stream (H264 (60, 3000), AAC,
      "mpegtsmux", "platform=srt max-bitrate=1500", NULL);
  g_autoptr (GPtrArray) under = run_stream (H264 (60, 1000), AAC,
      "mpegtsmux", "platform=srt max-bitrate=1500", NULL);

  assert_reports (five, gop5);
  assert_reports (over, bandwidth);
  fail_unless_equals_float (get_double (find_report (over, "srt-bandwidth"),
          "limit"), 1500);
  assert_reports (under, none);
}

GST_END_TEST;

GST_START_TEST (test_action_error_stops_branch)
{
  g_autofree gchar *error = NULL;
  g_autoptr (GPtrArray) reports = run_stream (H264 (60, 8000), AAC,
      "flvmux", "platform=twitch action=error", &error);

  fail_unless (error != NULL, "no ERROR with action=error");
  fail_unless (strstr (error, "twitch") != NULL, "%s", error);
  fail_unless (strstr (error, "bitrate-max") != NULL, "%s", error);
  fail_unless (strstr (error, "6000") != NULL, "%s", error);
  find_report (reports, "bitrate-max");
}

GST_END_TEST;

/* FLV tags built here, to shape the bitrate exactly. */
static GstBuffer *
flv_video_tag (GstClockTime pts, gsize body_size, gboolean keyframe)
{
  gsize size = 11 + body_size + 4;
  guint8 *data = g_malloc0 (size);
  guint32 ms = pts / GST_MSECOND;

  data[0] = 9;
  GST_WRITE_UINT24_BE (data + 1, body_size);
  GST_WRITE_UINT24_BE (data + 4, ms & 0xffffff);
  data[7] = ms >> 24;
  data[11] = keyframe ? 0x17 : 0x27;
  data[12] = 1;
  return gst_buffer_new_wrapped (data, size);
}

/* Pushes @frames FLV video tags at 30 fps with a 2 s GOP, frame i being
 * size_of (i) bytes, through targetvalidator platform=@platform; returns
 * the reports about @rule, in order. */
static GPtrArray *
push_shaped_flv (const gchar * platform, guint frames,
    gsize (*size_of) (guint frame), const gchar * rule)
{
  GstHarness *h = gst_harness_new ("targetvalidator");
  GstBus *bus = gst_bus_new ();
  GPtrArray *reports = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_structure_free);
  GstMessage *msg;
  guint i;

  gst_element_set_bus (h->element, bus);
  gst_util_set_object_arg (G_OBJECT (h->element), "platform", platform);
  gst_harness_set_src_caps_str (h, "video/x-flv");
  for (i = 0; i < frames; i++) {
    fail_unless_equals_int (gst_harness_push (h, flv_video_tag (i *
                GST_SECOND / 30, size_of (i), i % 60 == 0)), GST_FLOW_OK);
    gst_buffer_unref (gst_harness_pull (h));
  }
  while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT))) {
    const GstStructure *s = gst_message_get_structure (msg);
    if (gst_structure_has_name (s, GST_TARGET_VALIDATOR_MSG_REPORT)
        && g_str_equal (gst_structure_get_string (s, "rule"), rule))
      g_ptr_array_add (reports, gst_structure_copy (s));
    gst_message_unref (msg);
  }
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
  return reports;
}

/* 8 s at 2.4 Mb/s, 2 s at 0.24 Mb/s, 6 s at 2.4 Mb/s */
static gsize
dropping_size (guint frame)
{
  return frame >= 240 && frame < 300 ? 1000 : 10000;
}

/* 1 Mb/s, but second 4 carries six times as much */
static gsize
bursty_size (guint frame)
{
  return frame >= 120 && frame < 150 ? 24000 : 4000;
}

static gsize
constant_size (guint frame)
{
  return 4000;
}

GST_START_TEST (test_bitrate_drop_and_recovery)
{
  g_autoptr (GPtrArray) drop = push_shaped_flv ("youtube", 480,
      dropping_size, "bitrate-drop");
  g_autoptr (GPtrArray) steady = push_shaped_flv ("youtube", 480,
      constant_size, "bitrate-drop");

  fail_unless_equals_int (drop->len, 2);
  fail_unless_equals_string (gst_structure_get_string (g_ptr_array_index
          (drop, 0), "severity"), "warning");
  fail_unless (get_double (g_ptr_array_index (drop, 0), "measured") < 50);
  fail_unless_equals_string (gst_structure_get_string (g_ptr_array_index
          (drop, 1), "severity"), "ok");
  fail_unless_equals_int (steady->len, 0);
}

GST_END_TEST;

/* Twitch recommends CBR: a peak second over twice the average is flagged,
 * a constant bitrate is not. */
GST_START_TEST (test_twitch_bitrate_stability)
{
  g_autoptr (GPtrArray) bursty = push_shaped_flv ("twitch", 300,
      bursty_size, "bitrate-stability");
  g_autoptr (GPtrArray) steady = push_shaped_flv ("twitch", 300,
      constant_size, "bitrate-stability");

  fail_unless (bursty->len >= 1);
  fail_unless_equals_string (gst_structure_get_string (g_ptr_array_index
          (bursty, 0), "severity"), "warning");
  fail_unless (get_double (g_ptr_array_index (bursty, 0), "measured") > 200);
  fail_unless_equals_int (steady->len, 0);
}

GST_END_TEST;

GST_START_TEST (test_passes_data_unchanged)
{
  GstHarness *h = gst_harness_new ("targetvalidator");
  GstBuffer *in, *out;
  guint i;

  gst_util_set_object_arg (G_OBJECT (h->element), "platform", "twitch");
  gst_harness_set_src_caps_str (h, "video/x-flv");
  for (i = 0; i < 100; i++) {
    in = flv_video_tag (i * GST_SECOND / 30, 5000, i % 60 == 0);
    gst_buffer_ref (in);
    fail_unless_equals_int (gst_harness_push (h, in), GST_FLOW_OK);
    out = gst_harness_pull (h);
    fail_unless (out == in, "buffer %u was replaced", i);
    fail_unless (gst_buffer_peek_memory (out, 0) == gst_buffer_peek_memory (in,
            0));
    gst_buffer_unref (out);
    gst_buffer_unref (in);
  }
  gst_harness_teardown (h);
}

GST_END_TEST;

static GPtrArray *
start_with_target (const gchar * platform, const gchar * uri,
    const gchar * action, GstStateChangeReturn * result)
{
  GstElement *pipeline = gst_pipeline_new (NULL);
  GstElement *src = gst_element_factory_make ("fakesrc", NULL);
  GstElement *validator = gst_element_factory_make ("targetvalidator", NULL);
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  GstBus *bus = gst_element_get_bus (pipeline);
  GPtrArray *reports = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_structure_free);
  GstMessage *msg;

  gst_bin_add_many (GST_BIN (pipeline), src, validator, sink, NULL);
  gst_element_link_many (src, validator, sink, NULL);
  gst_util_set_object_arg (G_OBJECT (validator), "platform", platform);
  gst_util_set_object_arg (G_OBJECT (validator), "action", action);
  g_object_set (validator, "target-uri", uri, NULL);
  *result = gst_element_set_state (pipeline, GST_STATE_PAUSED);
  while ((msg = gst_bus_pop (bus))) {
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ELEMENT
        && gst_message_has_name (msg, GST_TARGET_VALIDATOR_MSG_REPORT))
      g_ptr_array_add (reports,
          gst_structure_copy (gst_message_get_structure (msg)));
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
      g_autoptr (GError) err = NULL;
      gst_message_parse_error (msg, &err, NULL);
      fail_if (strstr (err->message, "supersecret123") != NULL);
      g_ptr_array_add (reports, gst_structure_new ("error", "message",
              G_TYPE_STRING, err->message, NULL));
    }
    gst_message_unref (msg);
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
  return reports;
}

GST_START_TEST (test_static_target_checks)
{
  static const gchar *const srt[] = { "srt-mode=error",
    "srt-latency-unit=warning", NULL
  };
  GstStateChangeReturn result;
  g_autoptr (GPtrArray) reports = NULL;
  g_autoptr (GPtrArray) refused = NULL;
  g_autoptr (GPtrArray) wrong_platform = NULL;
  GstElement *validator;
  gchar *shown;
  guint i;

  reports = start_with_target ("srt", "srt://example.com:9000?mode=listener"
      "&passphrase=supersecret123&latency=2500", "warn", &result);
  fail_unless (result != GST_STATE_CHANGE_FAILURE);
  assert_reports (reports, srt);
  for (i = 0; i < reports->len; i++) {
    g_autofree gchar *text = gst_structure_to_string (g_ptr_array_index
        (reports, i));
    fail_if (strstr (text, "supersecret123") != NULL, "secret in %s", text);
    fail_unless (strstr (gst_structure_get_string (g_ptr_array_index (reports,
                    i), "target"), "passphrase=*****") != NULL, "%s", text);
  }
  fail_unless_equals_string (gst_structure_get_string (find_report (reports,
              "srt-mode"), "param"), "mode");

  /* With action=error the branch does not start. */
  refused = start_with_target ("srt", "srt://example.com:9000?mode=listener"
      "&passphrase=supersecret123", "error", &result);
  fail_unless_equals_int (result, GST_STATE_CHANGE_FAILURE);
  fail_unless (gst_structure_has_name (g_ptr_array_index (refused,
              refused->len - 1), "error"));

  /* An SRT URL where an RTMP platform is expected. */
  wrong_platform = start_with_target ("youtube",
      "srt://example.com:9000?latency=2000000", "warn", &result);
  find_report (wrong_platform, "platform-scheme");

  /* The property reads back redacted. */
  validator = gst_element_factory_make ("targetvalidator", NULL);
  g_object_set (validator, "target-uri",
      "rtmp://a.rtmp.youtube.com/live2/ab123-cde4-f56g-hi78-90j", NULL);
  g_object_get (validator, "target-uri", &shown, NULL);
  fail_unless_equals_string (shown, "rtmp://a.rtmp.youtube.com/live2/ab12****");
  g_free (shown);
  gst_object_unref (validator);
}

GST_END_TEST;

GST_START_TEST (test_report_property)
{
  GstElement *pipeline, *validator;
  GstBus *bus;
  GstMessage *msg;
  GstStructure *report;
  const GValue *findings;
  gdouble average, interval;

  pipeline = gst_parse_launch ("videotestsrc num-buffers=300 "
      H264 (150, 2000) " ! h264parse ! flvmux name=m ! "
      "targetvalidator name=v platform=facebook ! fakesink " AAC " ! m.", NULL);
  validator = gst_bin_get_by_name (GST_BIN (pipeline), "v");
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND, GST_MESSAGE_EOS);
  fail_unless (msg != NULL);
  gst_message_unref (msg);

  g_object_get (validator, "report", &report, NULL);
  fail_unless (gst_structure_has_name (report,
          "application/x-targetvalidator-report"));
  fail_unless_equals_string (gst_structure_get_string (report, "video-codec"),
      "h264");
  fail_unless_equals_string (gst_structure_get_string (report, "audio-codec"),
      "aac");
  /* x264's ultrafast preset makes Baseline streams */
  fail_unless_equals_string (gst_structure_get_string (report,
          "h264-profile"), "baseline");
  fail_unless (gst_structure_get_double (report, "bitrate-average", &average));
  fail_unless (average > 1000 && average < 4000, "average %f", average);
  fail_unless (gst_structure_get_double (report, "keyframe-interval",
          &interval));
  fail_unless (interval > 4.5 && interval < 5.5, "interval %f", interval);
  findings = gst_structure_get_value (report, "findings");
  fail_unless_equals_int (gst_value_array_get_size (findings), 2);
  gst_structure_free (report);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (validator);
  gst_object_unref (pipeline);
}

GST_END_TEST;

static Suite *
targetvalidator_suite (void)
{
  Suite *s = suite_create ("targetvalidator");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_facebook_keyframe_interval);
  tcase_add_test (tc, test_twitch_bitrate);
  tcase_add_test (tc, test_twitch_keyframe_interval);
  tcase_add_test (tc, test_youtube_profile_and_codecs);
  tcase_add_test (tc, test_youtube_video_codec_and_gop);
  tcase_add_test (tc, test_twitch_bitrate_stability);
  tcase_add_test (tc, test_rtmp_risk_line);
  tcase_add_test (tc, test_mpegts_input);
  tcase_add_test (tc, test_action_error_stops_branch);
  tcase_add_test (tc, test_bitrate_drop_and_recovery);
  tcase_add_test (tc, test_passes_data_unchanged);
  tcase_add_test (tc, test_static_target_checks);
  tcase_add_test (tc, test_report_property);
  tcase_add_test (tc, test_hevc_per_platform);
  return s;
}

GST_CHECK_MAIN (targetvalidator);
