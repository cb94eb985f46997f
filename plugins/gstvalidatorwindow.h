/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_VALIDATOR_WINDOW_H__
#define __GST_VALIDATOR_WINDOW_H__

#include <gst/gst.h>
#include <gst/base/gstqueuearray.h>

G_BEGIN_DECLS

/* A step back in time larger than this starts the measurement over. */
#define GST_VALIDATOR_WINDOW_MAX_STEP_BACK GST_SECOND

/**
 * GstValidatorWindow:
 *
 * targetvalidator's measures over a sliding window of stream time:
 * bitrate (average, peak, last second), how steady it is, and the longest
 * keyframe interval. Arithmetic on the times and sizes it is given, kept
 * apart from the element so that it can be tested on numbers; the caller
 * serializes access.
 */
typedef struct
{
  GstQueueArray *samples;       /* time and size of each buffer in the window */
  GstQueueArray *keyframes;     /* GstClockTime in the window */
  GstClockTime first_time;      /* start of the window */
  GstClockTime last_time;       /* newest time seen */
} GstValidatorWindow;

void gst_validator_window_init (GstValidatorWindow * window);
void gst_validator_window_free (GstValidatorWindow * window);
void gst_validator_window_reset (GstValidatorWindow * window);

gboolean gst_validator_window_add (GstValidatorWindow * window,
    GstClockTime time, gsize bytes, gboolean keyframe, GstClockTime length);

gdouble gst_validator_window_keyframe_interval (GstValidatorWindow * window);

gboolean gst_validator_window_bitrate (GstValidatorWindow * window,
    GstClockTime min_span, gdouble * average, gdouble * peak,
    gdouble * last_second);

gboolean gst_validator_window_variation (GstValidatorWindow * window,
    GstClockTime min_span, gdouble * peak_ratio, gdouble * last_share);

G_END_DECLS

#endif /* __GST_VALIDATOR_WINDOW_H__ */
