/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * targetvalidator's sliding-window measures on given times and sizes:
 * bitrate average, peak and last second, the variation rules built on
 * them, the longest keyframe interval, and how the window slides, starts
 * over and copes with out-of-order times.
 */

#include <gst/check/gstcheck.h>
#include <math.h>

#include "gstvalidatorwindow.h"

#define MS GST_MSECOND
#define WINDOW (10 * GST_SECOND)

/* 30 buffers a second of @bytes each, from @from for @count buffers, a
 * keyframe every @gop (0 = none). */
static void
add_frames (GstValidatorWindow * window, GstClockTime from, guint count,
    gsize bytes, guint gop)
{
  guint i;

  for (i = 0; i < count; i++)
    fail_if (gst_validator_window_add (window, from + i * GST_SECOND / 30,
            bytes, gop > 0 && i % gop == 0, WINDOW));
}

GST_START_TEST (test_empty_window)
{
  GstValidatorWindow window;
  gdouble average = -1, peak = -1, last = -1, ratio = -1, share = -1;

  gst_validator_window_init (&window);
  fail_if (gst_validator_window_bitrate (&window, 0, &average, &peak, &last));
  fail_if (gst_validator_window_variation (&window, 0, &ratio, &share));
  fail_unless (average == -1 && peak == -1 && last == -1);
  fail_unless (!GST_CLOCK_TIME_IS_VALID (window.first_time));
  fail_unless (!GST_CLOCK_TIME_IS_VALID (window.last_time));
  gst_validator_window_free (&window);
}

GST_END_TEST;

GST_START_TEST (test_one_sample)
{
  GstValidatorWindow window;
  gdouble average, peak, last;

  gst_validator_window_init (&window);
  fail_if (gst_validator_window_add (&window, 5 * GST_SECOND, 1000, TRUE,
          WINDOW));
  fail_unless_equals_uint64 (window.first_time, 5 * GST_SECOND);
  fail_unless_equals_uint64 (window.last_time, 5 * GST_SECOND);
  /* No span yet: no bitrate, unless no span is asked for... */
  fail_if (gst_validator_window_bitrate (&window, MS, &average, &peak, &last));
  /* ...and then a zero-length window has no rate but its own bytes. */
  fail_unless (gst_validator_window_bitrate (&window, 0, &average, &peak,
          &last));
  fail_unless (isinf (average));
  fail_unless (peak == 0);
  fail_unless (isinf (last));
  /* A lone keyframe has no interval behind it. */
  fail_unless (gst_validator_window_keyframe_interval (&window) == 0);
  gst_validator_window_free (&window);
}

GST_END_TEST;

GST_START_TEST (test_constant_bitrate)
{
  GstValidatorWindow window;
  gdouble average, peak, last, ratio, share;

  gst_validator_window_init (&window);
  /* 5 s of 30 buffers of 4000 bytes a second: 960 kbit/s. */
  add_frames (&window, 0, 151, 4000, 60);
  fail_unless (gst_validator_window_bitrate (&window, 3 * GST_SECOND,
          &average, &peak, &last));
  fail_unless (fabs (average - 151 * 4000 * 8.0 / 5 / 1000) < 0.01,
      "average %f", average);
  fail_unless (fabs (peak - 960) < 0.01, "peak %f", peak);
  fail_unless (fabs (last - 960) < 0.01, "last second %f", last);
  fail_unless (gst_validator_window_variation (&window, 5 * GST_SECOND,
          &ratio, &share));
  fail_unless (fabs (ratio - 960 / average * 100) < 0.01, "ratio %f", ratio);
  fail_unless (fabs (share - 960 / average * 100) < 0.01, "share %f", share);
  /* Not yet 6 s in the window. */
  fail_if (gst_validator_window_variation (&window, 6 * GST_SECOND, &ratio,
          &share));
  gst_validator_window_free (&window);
}

GST_END_TEST;

GST_START_TEST (test_peak_and_drop)
{
  GstValidatorWindow window;
  gdouble average, peak, last, ratio, share;

  gst_validator_window_init (&window);
  /* Second 1 carries six times as much; the last complete second (4)
   * a tenth. */
  add_frames (&window, 0, 30, 4000, 0);
  add_frames (&window, GST_SECOND, 30, 24000, 0);
  add_frames (&window, 2 * GST_SECOND, 60, 4000, 0);
  add_frames (&window, 4 * GST_SECOND, 30, 400, 0);
  add_frames (&window, 5 * GST_SECOND, 1, 4000, 0);
  fail_unless (gst_validator_window_bitrate (&window, 0, &average, &peak,
          &last));
  fail_unless (fabs (peak - 24000 * 30 * 8.0 / 1000) < 0.01, "peak %f", peak);
  fail_unless (fabs (last - 400 * 30 * 8.0 / 1000) < 0.01, "last %f", last);
  fail_unless (gst_validator_window_variation (&window, 0, &ratio, &share));
  fail_unless (fabs (ratio - peak / average * 100) < 0.01);
  fail_unless (fabs (share - last / average * 100) < 0.01);
  fail_unless (ratio > 200 && share < 50, "ratio %f, share %f", ratio, share);
  gst_validator_window_free (&window);
}

GST_END_TEST;

GST_START_TEST (test_old_samples_leave_the_window)
{
  GstValidatorWindow window;
  gdouble average, peak, last;

  gst_validator_window_init (&window);
  /* 5 s of heavy buffers, then 15 s of light ones: after 20 s only the
   * last 10 s count. */
  add_frames (&window, 0, 150, 40000, 0);
  add_frames (&window, 5 * GST_SECOND, 450, 4000, 0);
  fail_unless_equals_uint64 (window.last_time,
      5 * GST_SECOND + 449 * GST_SECOND / 30);
  fail_unless_equals_uint64 (window.first_time, window.last_time - WINDOW);
  fail_unless (gst_validator_window_bitrate (&window, 0, &average, &peak,
          &last));
  fail_unless (fabs (peak - 960) < 0.01, "peak %f", peak);
  fail_unless (fabs (average - 960) < 10, "average %f", average);
  gst_validator_window_free (&window);
}

GST_END_TEST;

GST_START_TEST (test_keyframe_interval)
{
  GstValidatorWindow window;

  gst_validator_window_init (&window);
  /* No keyframe at all: the whole window is one interval. */
  add_frames (&window, 0, 91, 1000, 0);
  fail_unless (fabs (gst_validator_window_keyframe_interval (&window) - 3) <
      1e-6);
  gst_validator_window_reset (&window);

  /* Keyframes every 2 s, then one 5 s apart: the longest counts. */
  add_frames (&window, 0, 120, 1000, 60);
  add_frames (&window, 4 * GST_SECOND, 150, 1000, 150);
  add_frames (&window, 9 * GST_SECOND, 30, 1000, 30);
  fail_unless (fabs (gst_validator_window_keyframe_interval (&window) - 5) <
      1e-6, "%f", gst_validator_window_keyframe_interval (&window));

  /* The open interval after the last keyframe counts too. */
  add_frames (&window, 10 * GST_SECOND, 181, 1000, 0);
  fail_unless (fabs (gst_validator_window_keyframe_interval (&window) - 7) <
      1e-6, "%f", gst_validator_window_keyframe_interval (&window));

  /* Keyframes older than the window go (0, 2 and 4 s), but the newest one
   * before it (9 s) stays: it opens the first interval inside it. */
  add_frames (&window, 16 * GST_SECOND + GST_SECOND / 30, 1, 1000, 1);
  add_frames (&window, 26 * GST_SECOND, 1, 1000, 1);
  fail_unless_equals_uint64 (window.first_time, 16 * GST_SECOND);
  fail_unless_equals_int (gst_queue_array_get_length (window.keyframes), 3);
  fail_unless_equals_uint64 (*(GstClockTime *)
      gst_queue_array_peek_head_struct (window.keyframes), 9 * GST_SECOND);
  fail_unless (fabs (gst_validator_window_keyframe_interval (&window) -
          (10 - 1.0 / 30)) < 1e-6, "%f",
      gst_validator_window_keyframe_interval (&window));
  gst_validator_window_free (&window);
}

GST_END_TEST;

GST_START_TEST (test_out_of_order_and_wrap)
{
  GstValidatorWindow window;
  gdouble average, peak, last;

  gst_validator_window_init (&window);
  add_frames (&window, 0, 91, 1000, 0);
  /* DTS of interleaved streams a little behind: kept, time stays. */
  fail_if (gst_validator_window_add (&window, 2 * GST_SECOND + 500 * MS,
          1000, FALSE, WINDOW));
  fail_unless_equals_uint64 (window.last_time, 3 * GST_SECOND);
  fail_unless_equals_int (gst_queue_array_get_length (window.samples), 92);
  fail_unless (gst_validator_window_bitrate (&window, 0, &average, &peak,
          &last));
  fail_unless (fabs (average - 92 * 1000 * 8.0 / 3 / 1000) < 0.01);

  /* Further back than a second (a restarted source, timestamps that
   * wrapped): the window starts over from that buffer. */
  fail_unless (gst_validator_window_add (&window, GST_SECOND, 500, TRUE,
          WINDOW));
  fail_unless_equals_int (gst_queue_array_get_length (window.samples), 1);
  fail_unless_equals_int (gst_queue_array_get_length (window.keyframes), 1);
  fail_unless_equals_uint64 (window.first_time, GST_SECOND);
  fail_unless_equals_uint64 (window.last_time, GST_SECOND);
  gst_validator_window_free (&window);
}

GST_END_TEST;

static Suite *
validatorwindow_suite (void)
{
  Suite *s = suite_create ("validatorwindow");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_empty_window);
  tcase_add_test (tc, test_one_sample);
  tcase_add_test (tc, test_constant_bitrate);
  tcase_add_test (tc, test_peak_and_drop);
  tcase_add_test (tc, test_old_samples_leave_the_window);
  tcase_add_test (tc, test_keyframe_interval);
  tcase_add_test (tc, test_out_of_order_and_wrap);
  return s;
}

GST_CHECK_MAIN (validatorwindow);
