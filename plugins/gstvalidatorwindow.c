/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The sliding window targetvalidator measures the stream over: what a
 * platform would see of the bitrate and the keyframe interval. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstvalidatorwindow.h"

typedef struct
{
  GstClockTime time;
  gsize bytes;
} Sample;

void
gst_validator_window_init (GstValidatorWindow * window)
{
  window->samples = gst_queue_array_new_for_struct (sizeof (Sample), 256);
  window->keyframes = gst_queue_array_new_for_struct (sizeof (GstClockTime),
      16);
  window->first_time = window->last_time = GST_CLOCK_TIME_NONE;
}

void
gst_validator_window_free (GstValidatorWindow * window)
{
  gst_queue_array_free (window->samples);
  gst_queue_array_free (window->keyframes);
}

void
gst_validator_window_reset (GstValidatorWindow * window)
{
  while (!gst_queue_array_is_empty (window->samples))
    gst_queue_array_pop_head_struct (window->samples);
  while (!gst_queue_array_is_empty (window->keyframes))
    gst_queue_array_pop_head_struct (window->keyframes);
  window->first_time = window->last_time = GST_CLOCK_TIME_NONE;
}

/* Forgets what is older than @length before the newest time. */
static void
slide (GstValidatorWindow * window, GstClockTime length)
{
  while (!gst_queue_array_is_empty (window->samples)) {
    Sample *oldest = gst_queue_array_peek_head_struct (window->samples);
    if (oldest->time + length >= window->last_time)
      break;
    gst_queue_array_pop_head_struct (window->samples);
  }
  /* Keep the newest keyframe before the window: it opens the first
   * interval inside it. */
  while (gst_queue_array_get_length (window->keyframes) > 1) {
    GstClockTime *second =
        gst_queue_array_peek_nth_struct (window->keyframes, 1);
    if (*second + length >= window->last_time)
      break;
    gst_queue_array_pop_head_struct (window->keyframes);
  }
  if (GST_CLOCK_TIME_IS_VALID (window->first_time)
      && window->first_time + length < window->last_time)
    window->first_time = window->last_time - length;
}

/* Adds a buffer of @bytes at stream time @time to a window @length long.
 * Returns TRUE if time stepped back further than
 * GST_VALIDATOR_WINDOW_MAX_STEP_BACK (a restarted source): the window
 * then starts over from this buffer. Buffers a little out of order (DTS
 * of interleaved streams) are kept and measured. */
gboolean
gst_validator_window_add (GstValidatorWindow * window, GstClockTime time,
    gsize bytes, gboolean keyframe, GstClockTime length)
{
  Sample sample = { time, bytes };
  gboolean restarted = FALSE;

  if (GST_CLOCK_TIME_IS_VALID (window->last_time)
      && time + GST_VALIDATOR_WINDOW_MAX_STEP_BACK < window->last_time) {
    gst_validator_window_reset (window);
    restarted = TRUE;
  }
  if (!GST_CLOCK_TIME_IS_VALID (window->first_time))
    window->first_time = time;
  if (!GST_CLOCK_TIME_IS_VALID (window->last_time) || time > window->last_time)
    window->last_time = time;
  gst_queue_array_push_tail_struct (window->samples, &sample);
  if (keyframe)
    gst_queue_array_push_tail_struct (window->keyframes, &time);
  slide (window, length);
  return restarted;
}

/* The longest keyframe interval in the window, the open one included, in
 * s; without a keyframe, the whole window. */
gdouble
gst_validator_window_keyframe_interval (GstValidatorWindow * window)
{
  guint i, n = gst_queue_array_get_length (window->keyframes);
  GstClockTime previous = GST_CLOCK_TIME_NONE, longest = 0;

  if (n == 0)
    return (window->last_time - window->first_time) / (gdouble) GST_SECOND;
  for (i = 0; i < n; i++) {
    GstClockTime t = *(GstClockTime *)
        gst_queue_array_peek_nth_struct (window->keyframes, i);
    if (GST_CLOCK_TIME_IS_VALID (previous) && t > previous)
      longest = MAX (longest, t - previous);
    previous = t;
  }
  if (window->last_time > previous)
    longest = MAX (longest, window->last_time - previous);
  return longest / (gdouble) GST_SECOND;
}

/* Average, peak (1 s) and last complete second, in kbit/s; FALSE until
 * the window holds @min_span of stream. */
gboolean
gst_validator_window_bitrate (GstValidatorWindow * window,
    GstClockTime min_span, gdouble * average, gdouble * peak,
    gdouble * last_second)
{
  guint i, n = gst_queue_array_get_length (window->samples);
  Sample *oldest;
  GstClockTime span;
  guint buckets;
  guint64 total = 0;
  g_autofree guint64 *bucket = NULL;

  if (n == 0)
    return FALSE;
  oldest = gst_queue_array_peek_head_struct (window->samples);
  span = window->last_time - oldest->time;
  if (span < min_span)
    return FALSE;
  buckets = span / GST_SECOND;
  bucket = g_new0 (guint64, buckets + 1);
  for (i = 0; i < n; i++) {
    Sample *sample = gst_queue_array_peek_nth_struct (window->samples, i);
    guint b = sample->time > oldest->time ?
        (sample->time - oldest->time) / GST_SECOND : 0;

    total += sample->bytes;
    bucket[MIN (b, buckets)] += sample->bytes;
  }
  *average = total * 8.0 / (span / (gdouble) GST_SECOND) / 1000.0;
  *peak = 0;
  for (i = 0; i < buckets; i++)
    *peak = MAX (*peak, bucket[i] * 8.0 / 1000.0);
  *last_second = buckets > 0 ? bucket[buckets - 1] * 8.0 / 1000.0 : *average;
  return TRUE;
}

/* How steady the bitrate is, in %: the peak second against the average,
 * and the last complete second against the average (a sudden drop);
 * FALSE until the window holds @min_span of stream. */
gboolean
gst_validator_window_variation (GstValidatorWindow * window,
    GstClockTime min_span, gdouble * peak_ratio, gdouble * last_share)
{
  gdouble average, peak, last_second;

  if (!gst_validator_window_bitrate (window, min_span, &average, &peak,
          &last_second))
    return FALSE;
  *peak_ratio = average > 0 ? peak / average * 100 : 0;
  *last_share = average > 0 ? last_second / average * 100 : 100;
  return TRUE;
}
