/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_TEE_BACKLOG_H__
#define __GST_TEE_BACKLOG_H__

#include <gst/gst.h>
#include <gst/base/gstqueuearray.h>

#include "gstcontainerscan.h"

G_BEGIN_DECLS

/* One queued item: a buffer or a serialized event, with what the scanner
 * said about it and when it arrived. */
typedef struct
{
  GstMiniObject *object;
  GstClockTime position;        /* stream position at the input, in ns */
  gint64 arrival;               /* monotonic, in µs */
  gsize size;
  guint8 klass;                 /* GstScanClass, for buffers */
} GstTeeBacklogItem;

/**
 * GstTeeBacklog:
 *
 * What one restreamtee target has yet to push, and how far behind the
 * input that leaves it. The caller serializes access (the pad's lock).
 */
typedef struct
{
  GstQueueArray *items;         /* GstTeeBacklogItem */
  gsize bytes;
  /* The newest buffer queued: the lag is measured up to it. */
  GstClockTime newest_position;
  gint64 newest_arrival;
} GstTeeBacklog;

/* What one GOP-aligned cut dropped. */
typedef struct
{
  guint64 buffers;
  guint64 bytes;
  GstClockTime duration;
  /* No keyframe to cut at: the backlog was emptied and the target waits
   * for the next one. */
  gboolean wait_keyframe;
} GstTeeBacklogDrop;

void gst_tee_backlog_init (GstTeeBacklog * backlog);
void gst_tee_backlog_free (GstTeeBacklog * backlog);

void gst_tee_backlog_push (GstTeeBacklog * backlog, GstMiniObject * object,
    GstScanClass klass, GstClockTime position, gint64 arrival, gsize size);

GstTeeBacklogItem *gst_tee_backlog_peek (GstTeeBacklog * backlog);
gboolean gst_tee_backlog_pop (GstTeeBacklog * backlog,
    GstTeeBacklogItem * item);
guint gst_tee_backlog_length (GstTeeBacklog * backlog);

void gst_tee_backlog_clear (GstTeeBacklog * backlog, GstPad * sticky_pad);

GstClockTime gst_tee_backlog_lag (GstTeeBacklog * backlog,
    const GstTeeBacklogItem * in_flight, gint64 now);

gboolean gst_tee_backlog_drop_gops (GstTeeBacklog * backlog,
    gboolean over_bytes, GstTeeBacklogDrop * drop);

G_END_DECLS

#endif /* __GST_TEE_BACKLOG_H__ */
