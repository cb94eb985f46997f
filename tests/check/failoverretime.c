/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * failoversrc's timeline on given timestamps: where a chain is placed,
 * how its buffers are moved, that running time never goes backwards
 * across restarts, the keyframe and DISCONT rules, and the gaps.
 */

#include <gst/check/gstcheck.h>

#include "gstfailoverretime.h"

#define MS GST_MSECOND

static GstBuffer *
make_buffer (GstClockTime pts, GstClockTime dts, GstClockTime duration)
{
  GstBuffer *buffer = gst_buffer_new ();

  GST_BUFFER_PTS (buffer) = pts;
  GST_BUFFER_DTS (buffer) = dts;
  GST_BUFFER_DURATION (buffer) = duration;
  return buffer;
}

/* Feeds one buffer as failoversrc does and returns it retimed, or NULL
 * if it is not output. */
static GstBuffer *
feed (GstFailoverRetime * retime, guint output, GstClockTime pts,
    GstClockTime dts, GstClockTime duration, gboolean delta,
    GstClockTime running_time)
{
  GstBuffer *buffer = make_buffer (pts, dts, duration);
  GstClockTime in = GST_BUFFER_DTS_OR_PTS (buffer);

  if (!gst_failover_retime_admit (retime,
          output == GST_FAILOVER_RETIME_VIDEO, delta)) {
    gst_buffer_unref (buffer);
    return NULL;
  }
  gst_failover_retime_observe (retime, in);
  if (!retime->synced)
    gst_failover_retime_place (retime, in, running_time);
  gst_failover_retime_buffer (retime, output, buffer);
  return buffer;
}

GST_START_TEST (test_first_chain_starts_at_running_time)
{
  GstFailoverRetime retime;
  GstBuffer *buffer;

  gst_failover_retime_init (&retime);
  /* rtmp2src's stream-absolute time: an hour in. */
  buffer =
      feed (&retime, GST_FAILOVER_RETIME_VIDEO, 3600 * GST_SECOND + 80 * MS,
      3600 * GST_SECOND, 40 * MS, FALSE, 500 * MS);
  fail_unless (buffer);
  fail_unless_equals_uint64 (GST_BUFFER_DTS (buffer), 500 * MS);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (buffer), 580 * MS);
  fail_unless (GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DISCONT));
  fail_unless_equals_uint64 (retime.last_end[GST_FAILOVER_RETIME_VIDEO],
      540 * MS);
  gst_buffer_unref (buffer);

  /* The chain keeps its own spacing; only the first buffer is DISCONT. */
  buffer = feed (&retime, GST_FAILOVER_RETIME_VIDEO,
      3600 * GST_SECOND + 120 * MS, 3600 * GST_SECOND + 40 * MS, 40 * MS,
      TRUE, 9 * GST_SECOND);
  fail_unless (buffer);
  fail_unless_equals_uint64 (GST_BUFFER_DTS (buffer), 540 * MS);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (buffer), 620 * MS);
  fail_if (GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DISCONT));
  gst_buffer_unref (buffer);
}

GST_END_TEST;

GST_START_TEST (test_chain_waits_for_a_video_keyframe)
{
  GstFailoverRetime retime;
  GstBuffer *buffer;

  gst_failover_retime_init (&retime);
  fail_if (feed (&retime, GST_FAILOVER_RETIME_AUDIO, 0, GST_CLOCK_TIME_NONE,
          21 * MS, FALSE, 0));
  fail_if (feed (&retime, GST_FAILOVER_RETIME_VIDEO, 0, 0, 40 * MS, TRUE, 0));
  fail_unless (retime.need_keyframe);
  fail_unless (!retime.synced);

  buffer = feed (&retime, GST_FAILOVER_RETIME_VIDEO, 40 * MS, 40 * MS,
      40 * MS, FALSE, GST_SECOND);
  fail_unless (buffer);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (buffer), GST_SECOND);
  gst_buffer_unref (buffer);

  /* Once started, audio and delta frames pass; audio is DISCONT too. */
  buffer = feed (&retime, GST_FAILOVER_RETIME_AUDIO, 60 * MS,
      GST_CLOCK_TIME_NONE, 21 * MS, FALSE, GST_SECOND);
  fail_unless (buffer);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (buffer), GST_SECOND + 20 * MS);
  fail_unless (!GST_BUFFER_DTS_IS_VALID (buffer));
  fail_unless (GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DISCONT));
  fail_unless_equals_uint64 (retime.last_end[GST_FAILOVER_RETIME_AUDIO],
      GST_SECOND + 41 * MS);
  gst_buffer_unref (buffer);

  /* Audio ahead of the chain's first keyframe maps to its start. */
  buffer = feed (&retime, GST_FAILOVER_RETIME_AUDIO, 10 * MS,
      GST_CLOCK_TIME_NONE, 21 * MS, FALSE, GST_SECOND);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (buffer), GST_SECOND);
  fail_unless_equals_uint64 (retime.last_end[GST_FAILOVER_RETIME_AUDIO],
      GST_SECOND + 41 * MS);
  gst_buffer_unref (buffer);
}

GST_END_TEST;

GST_START_TEST (test_restart_never_goes_back)
{
  GstFailoverRetime retime;
  GstBuffer *buffer;

  gst_failover_retime_init (&retime);
  buffer = feed (&retime, GST_FAILOVER_RETIME_VIDEO, 0, 0, 40 * MS, FALSE,
      10 * GST_SECOND);
  gst_buffer_unref (buffer);
  buffer = feed (&retime, GST_FAILOVER_RETIME_AUDIO, 2 * GST_SECOND,
      GST_CLOCK_TIME_NONE, 21 * MS, FALSE, 0);
  gst_buffer_unref (buffer);
  /* Audio ends furthest: 12.021 s. */
  fail_unless_equals_uint64 (retime.last_end[GST_FAILOVER_RETIME_AUDIO],
      12 * GST_SECOND + 21 * MS);

  /* A new chain whose keyframe arrives when the clock says 11 s (output
   * ran ahead of the clock): it starts after the furthest end. */
  gst_failover_retime_new_chain (&retime);
  fail_unless (retime.need_keyframe);
  fail_if (feed (&retime, GST_FAILOVER_RETIME_VIDEO, 0, 0, 40 * MS, TRUE,
          11 * GST_SECOND));
  buffer = feed (&retime, GST_FAILOVER_RETIME_VIDEO, 500 * MS, 500 * MS,
      40 * MS, FALSE, 11 * GST_SECOND);
  fail_unless_equals_uint64 (GST_BUFFER_DTS (buffer),
      12 * GST_SECOND + 21 * MS + GST_FAILOVER_RETIME_MIN_STEP);
  fail_unless (GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DISCONT));
  gst_buffer_unref (buffer);

  /* Later than the floor, the clock wins. */
  gst_failover_retime_new_chain (&retime);
  buffer = feed (&retime, GST_FAILOVER_RETIME_VIDEO, 7 * MS, 7 * MS, 40 * MS,
      FALSE, 20 * GST_SECOND);
  fail_unless_equals_uint64 (GST_BUFFER_DTS (buffer), 20 * GST_SECOND);
  gst_buffer_unref (buffer);
}

GST_END_TEST;

GST_START_TEST (test_no_clock_places_at_the_floor)
{
  GstFailoverRetime retime;

  gst_failover_retime_init (&retime);
  gst_failover_retime_place (&retime, 5 * GST_SECOND, GST_CLOCK_TIME_NONE);
  fail_unless_equals_uint64 (retime.chain_first_out, 0);
  fail_unless_equals_uint64 (retime.chain_first_in, 5 * GST_SECOND);
  fail_unless_equals_uint64 (gst_failover_retime_map (&retime,
          6 * GST_SECOND), GST_SECOND);
  fail_unless_equals_uint64 (gst_failover_retime_map (&retime,
          GST_CLOCK_TIME_NONE), GST_CLOCK_TIME_NONE);

  /* A buffer without a timestamp places the chain at input time 0. */
  retime.last_end[GST_FAILOVER_RETIME_VIDEO] = 3 * GST_SECOND;
  gst_failover_retime_new_chain (&retime);
  gst_failover_retime_place (&retime, GST_CLOCK_TIME_NONE, GST_CLOCK_TIME_NONE);
  fail_unless_equals_uint64 (retime.chain_first_in, 0);
  fail_unless_equals_uint64 (retime.chain_first_out,
      3 * GST_SECOND + GST_FAILOVER_RETIME_MIN_STEP);
}

GST_END_TEST;

GST_START_TEST (test_input_time_jumps)
{
  GstFailoverRetime retime;

  gst_failover_retime_init (&retime);
  fail_if (gst_failover_retime_observe (&retime, 10 * GST_SECOND));
  gst_failover_retime_place (&retime, 10 * GST_SECOND, GST_SECOND);

  /* Within a second back and two forward: the same timeline (audio
   * behind video, a short hole). */
  fail_if (gst_failover_retime_observe (&retime, 9 * GST_SECOND + 1));
  fail_unless_equals_uint64 (retime.chain_last_in, 10 * GST_SECOND);
  fail_if (gst_failover_retime_observe (&retime, 12 * GST_SECOND));
  fail_unless_equals_uint64 (retime.chain_last_in, 12 * GST_SECOND);
  fail_if (gst_failover_retime_observe (&retime, GST_CLOCK_TIME_NONE));
  fail_unless (retime.synced);

  /* A publisher replaced behind the same connection restarts at 0. */
  fail_unless (gst_failover_retime_observe (&retime, 0));
  fail_unless (!retime.synced);
  fail_unless_equals_uint64 (retime.chain_last_in, 0);

  /* Far forward is a jump too. */
  gst_failover_retime_place (&retime, 0, 20 * GST_SECOND);
  fail_unless (gst_failover_retime_observe (&retime, 2 * GST_SECOND + 1));
  fail_unless_equals_uint64 (retime.chain_last_in, 2 * GST_SECOND + 1);
}

GST_END_TEST;

GST_START_TEST (test_gaps)
{
  GstFailoverRetime retime;
  GstClockTime position = 0, duration = 0;

  gst_failover_retime_init (&retime);
  /* Nothing output yet: no gap. */
  fail_if (gst_failover_retime_gap (&retime, GST_FAILOVER_RETIME_VIDEO,
          GST_SECOND, &position, &duration));

  retime.last_end[GST_FAILOVER_RETIME_VIDEO] = GST_SECOND;
  fail_if (gst_failover_retime_gap (&retime, GST_FAILOVER_RETIME_VIDEO,
          GST_CLOCK_TIME_NONE, &position, &duration));
  fail_if (gst_failover_retime_gap (&retime, GST_FAILOVER_RETIME_VIDEO,
          GST_SECOND, &position, &duration));
  fail_unless (gst_failover_retime_gap (&retime, GST_FAILOVER_RETIME_VIDEO,
          GST_SECOND + 300 * MS, &position, &duration));
  fail_unless_equals_uint64 (position, GST_SECOND);
  fail_unless_equals_uint64 (duration, 300 * MS);
  fail_unless_equals_uint64 (retime.last_end[GST_FAILOVER_RETIME_VIDEO],
      GST_SECOND + 300 * MS);
  /* The next gap continues from there; the other output is untouched. */
  fail_unless (gst_failover_retime_gap (&retime, GST_FAILOVER_RETIME_VIDEO,
          GST_SECOND + 400 * MS, &position, &duration));
  fail_unless_equals_uint64 (position, GST_SECOND + 300 * MS);
  fail_unless_equals_uint64 (duration, 100 * MS);
  fail_unless (!GST_CLOCK_TIME_IS_VALID
      (retime.last_end[GST_FAILOVER_RETIME_AUDIO]));
}

GST_END_TEST;

static Suite *
failoverretime_suite (void)
{
  Suite *s = suite_create ("failoverretime");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_first_chain_starts_at_running_time);
  tcase_add_test (tc, test_chain_waits_for_a_video_keyframe);
  tcase_add_test (tc, test_restart_never_goes_back);
  tcase_add_test (tc, test_no_clock_places_at_the_floor);
  tcase_add_test (tc, test_input_time_jumps);
  tcase_add_test (tc, test_gaps);
  return s;
}

GST_CHECK_MAIN (failoverretime);
