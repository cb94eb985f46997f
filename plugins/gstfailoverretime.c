/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* failoversrc's timeline. Each pulled chain is placed at the running time
 * its first keyframe arrived, never before the end of the previous output,
 * and keeps its own spacing from there: rtmp2src's stream-absolute
 * timestamps never reach downstream. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstfailoverretime.h"

/* Input time going back more than this, or forward more than
 * JUMP_FORWARD, is a new timeline behind the same connection. */
#define JUMP_BACK GST_SECOND
#define JUMP_FORWARD (2 * GST_SECOND)

void
gst_failover_retime_init (GstFailoverRetime * retime)
{
  guint i;

  gst_failover_retime_new_chain (retime);
  retime->chain_first_in = retime->chain_first_out = 0;
  for (i = 0; i < GST_FAILOVER_RETIME_N_OUTPUTS; i++) {
    retime->last_end[i] = GST_CLOCK_TIME_NONE;
    retime->discont[i] = FALSE;
  }
}

/* A chain pulled anew: placed again at its first keyframe. */
void
gst_failover_retime_new_chain (GstFailoverRetime * retime)
{
  retime->need_keyframe = TRUE;
  retime->synced = FALSE;
  retime->chain_last_in = GST_CLOCK_TIME_NONE;
}

/* Another source goes on air (the slate, or the input after it): @to
 * continues where @from's outputs ended, placed again at its next
 * keyframe. */
void
gst_failover_retime_handover (GstFailoverRetime * to,
    const GstFailoverRetime * from)
{
  guint i;

  gst_failover_retime_new_chain (to);
  for (i = 0; i < GST_FAILOVER_RETIME_N_OUTPUTS; i++) {
    to->last_end[i] = from->last_end[i];
    to->discont[i] = FALSE;
  }
}

/* Whether a buffer may be output: until the chain's first video keyframe,
 * nothing is. */
gboolean
gst_failover_retime_admit (GstFailoverRetime * retime, gboolean video,
    gboolean delta_unit)
{
  if (!retime->need_keyframe)
    return TRUE;
  if (!video || delta_unit)
    return FALSE;
  retime->need_keyframe = FALSE;
  return TRUE;
}

/* Notes the input time @in of a buffer. Returns TRUE if it jumped: a
 * publisher replaced behind the same connection restarts its timestamps,
 * and the chain must be placed afresh. */
gboolean
gst_failover_retime_observe (GstFailoverRetime * retime, GstClockTime in)
{
  gboolean jumped = FALSE;

  if (retime->synced && GST_CLOCK_TIME_IS_VALID (in)
      && GST_CLOCK_TIME_IS_VALID (retime->chain_last_in)
      && (in + JUMP_BACK < retime->chain_last_in
          || in > retime->chain_last_in + JUMP_FORWARD)) {
    retime->synced = FALSE;
    jumped = TRUE;
  }
  if (GST_CLOCK_TIME_IS_VALID (in)
      && (!GST_CLOCK_TIME_IS_VALID (retime->chain_last_in) || !retime->synced
          || in > retime->chain_last_in))
    retime->chain_last_in = in;
  return jumped;
}

/* Places the chain whose first buffer has input time @in at
 * @running_time (GST_CLOCK_TIME_NONE without a clock), but no earlier than
 * GST_FAILOVER_RETIME_MIN_STEP after the end of any output. Every output's
 * next buffer is then flagged DISCONT. */
void
gst_failover_retime_place (GstFailoverRetime * retime, GstClockTime in,
    GstClockTime running_time)
{
  GstClockTime start = running_time, floor = 0;
  guint i;

  for (i = 0; i < GST_FAILOVER_RETIME_N_OUTPUTS; i++)
    if (GST_CLOCK_TIME_IS_VALID (retime->last_end[i]))
      floor = MAX (floor, retime->last_end[i] + GST_FAILOVER_RETIME_MIN_STEP);
  if (!GST_CLOCK_TIME_IS_VALID (start) || start < floor)
    start = floor;
  retime->chain_first_in = GST_CLOCK_TIME_IS_VALID (in) ? in : 0;
  retime->chain_first_out = start;
  retime->synced = TRUE;
  for (i = 0; i < GST_FAILOVER_RETIME_N_OUTPUTS; i++)
    retime->discont[i] = TRUE;
}

/* Input time @in on the output timeline; times before the chain's first
 * buffer map to its start. */
GstClockTime
gst_failover_retime_map (const GstFailoverRetime * retime, GstClockTime in)
{
  if (!GST_CLOCK_TIME_IS_VALID (in))
    return GST_CLOCK_TIME_NONE;
  return retime->chain_first_out +
      (in > retime->chain_first_in ? in - retime->chain_first_in : 0);
}

/* Moves the writable @buffer of @output onto the output timeline, flags it
 * DISCONT if it is the first since the chain was placed, and advances the
 * end of that output. */
void
gst_failover_retime_buffer (GstFailoverRetime * retime, guint output,
    GstBuffer * buffer)
{
  GstClockTime time, end;

  GST_BUFFER_PTS (buffer) =
      gst_failover_retime_map (retime, GST_BUFFER_PTS (buffer));
  GST_BUFFER_DTS (buffer) =
      gst_failover_retime_map (retime, GST_BUFFER_DTS (buffer));
  if (retime->discont[output]) {
    GST_BUFFER_FLAG_SET (buffer, GST_BUFFER_FLAG_DISCONT);
    retime->discont[output] = FALSE;
  }
  time = GST_BUFFER_DTS_OR_PTS (buffer);
  if (!GST_CLOCK_TIME_IS_VALID (time))
    return;
  end = time + (GST_BUFFER_DURATION_IS_VALID (buffer) ?
      GST_BUFFER_DURATION (buffer) : 0);
  if (!GST_CLOCK_TIME_IS_VALID (retime->last_end[output])
      || end > retime->last_end[output])
    retime->last_end[output] = end;
}

/* The gap from the end of @output to @running_time, while no data flows.
 * Returns FALSE if there is none (nothing output yet, or no time passed);
 * otherwise the output ends at @running_time from now on. */
gboolean
gst_failover_retime_gap (GstFailoverRetime * retime, guint output,
    GstClockTime running_time, GstClockTime * position, GstClockTime * duration)
{
  GstClockTime last_end = retime->last_end[output];

  if (!GST_CLOCK_TIME_IS_VALID (last_end)
      || !GST_CLOCK_TIME_IS_VALID (running_time) || running_time <= last_end)
    return FALSE;
  *position = last_end;
  *duration = running_time - last_end;
  retime->last_end[output] = running_time;
  return TRUE;
}
