/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_FAILOVER_RETIME_H__
#define __GST_FAILOVER_RETIME_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/* The outputs whose timelines are kept together. */
enum
{
  GST_FAILOVER_RETIME_VIDEO,
  GST_FAILOVER_RETIME_AUDIO,
  GST_FAILOVER_RETIME_N_OUTPUTS,
};

/* A new chain starts at least this long after the previous output. */
#define GST_FAILOVER_RETIME_MIN_STEP (40 * GST_MSECOND)

/**
 * GstFailoverRetime:
 *
 * failoversrc's timeline: where each pulled chain is placed in running
 * time, so that running time never goes backwards across restarts. Kept
 * apart from the element because it is arithmetic on timestamps only; the
 * caller serializes access.
 */
typedef struct
{
  /* Each chain starts at a video keyframe. */
  gboolean need_keyframe;
  /* Whether the current chain has been placed on the timeline. */
  gboolean synced;
  GstClockTime chain_first_in;  /* input time of the chain's first buffer */
  GstClockTime chain_first_out; /* the running time it was placed at */
  GstClockTime chain_last_in;   /* highest input time of the chain */
  /* Per output: end of the last output, in running time, and whether the
   * next buffer is flagged DISCONT. */
  GstClockTime last_end[GST_FAILOVER_RETIME_N_OUTPUTS];
  gboolean discont[GST_FAILOVER_RETIME_N_OUTPUTS];
} GstFailoverRetime;

void gst_failover_retime_init (GstFailoverRetime * retime);

void gst_failover_retime_new_chain (GstFailoverRetime * retime);

void gst_failover_retime_handover (GstFailoverRetime * to,
    const GstFailoverRetime * from);

gboolean gst_failover_retime_admit (GstFailoverRetime * retime,
    gboolean video, gboolean delta_unit);

gboolean gst_failover_retime_observe (GstFailoverRetime * retime,
    GstClockTime in);

void gst_failover_retime_place (GstFailoverRetime * retime, GstClockTime in,
    GstClockTime running_time);

GstClockTime gst_failover_retime_map (const GstFailoverRetime * retime,
    GstClockTime in);

void gst_failover_retime_buffer (GstFailoverRetime * retime, guint output,
    GstBuffer * buffer);

gboolean gst_failover_retime_gap (GstFailoverRetime * retime, guint output,
    GstClockTime running_time, GstClockTime * position,
    GstClockTime * duration);

G_END_DECLS

#endif /* __GST_FAILOVER_RETIME_H__ */
