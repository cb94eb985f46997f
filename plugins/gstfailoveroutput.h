/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_FAILOVER_OUTPUT_H__
#define __GST_FAILOVER_OUTPUT_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/**
 * GstFailoverOutput:
 *
 * What one of failoversrc's source pads has been sent: every chain of
 * the input ends up on the same pad, so stream-start and the segment go
 * out once and caps only when a chain brings other ones. The fields are
 * guarded by the element's lock, except @started and @ended, which only
 * the pad's stream lock holder touches.
 */
typedef struct
{
  GstCaps *caps;                /* caps to push before the next buffer */
  gboolean caps_pending;
  gboolean started;             /* stream-start and segment pushed */
  gboolean ended;               /* EOS pushed: nothing goes out after it */
  gint64 last_push;             /* monotonic µs of the last buffer or gap */
} GstFailoverOutput;

void gst_failover_output_reset (GstFailoverOutput * output);

void gst_failover_output_set_caps (GstFailoverOutput * output,
    GstCaps * caps);

gboolean gst_failover_output_idle (const GstFailoverOutput * output,
    gint64 now, gint64 interval);

void gst_failover_output_push (GstFailoverOutput * output, GstPad * pad,
    GstElement * element, GMutex * lock, GstMiniObject * object);

G_END_DECLS

#endif /* __GST_FAILOVER_OUTPUT_H__ */
