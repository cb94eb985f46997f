/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_RESTREAM_TEE_PAD_H__
#define __GST_RESTREAM_TEE_PAD_H__

#include <gst/gst.h>

#include "gstcontainerscan.h"
#include "gstteeheaders.h"

G_BEGIN_DECLS

#define GST_TYPE_RESTREAM_TEE_PAD (gst_restream_tee_pad_get_type ())
G_DECLARE_FINAL_TYPE (GstRestreamTeePad, gst_restream_tee_pad, GST,
    RESTREAM_TEE_PAD, GstPad);

/**
 * GstRestreamTeePadState:
 * @GST_RESTREAM_TEE_PAD_STATE_WAITING: waiting for a keyframe to start from
 *     (new pads, pads whose downstream was unlinked or flushing)
 * @GST_RESTREAM_TEE_PAD_STATE_RUNNING: pushing data
 * @GST_RESTREAM_TEE_PAD_STATE_FAILED: downstream returned an error flow; data
 *     is discarded until downstream asks for it again with a RECONFIGURE event
 */
typedef enum
{
  GST_RESTREAM_TEE_PAD_STATE_WAITING,
  GST_RESTREAM_TEE_PAD_STATE_RUNNING,
  GST_RESTREAM_TEE_PAD_STATE_FAILED,
} GstRestreamTeePadState;

#define GST_TYPE_RESTREAM_TEE_PAD_STATE (gst_restream_tee_pad_state_get_type ())
GType gst_restream_tee_pad_state_get_type (void);

/* One buffer of the input, as restreamtee hands it to each of its pads,
 * with the limits of the backlog and where a late pad's headers are. */
typedef struct
{
  GstBuffer *buffer;
  GstScanClass klass;
  GstClockTime position;        /* stream position at the input, in ns */
  gint64 arrival;               /* monotonic, in µs */
  gsize size;
  GstClockTime max_lag;
  guint64 max_bytes;
  const GstTeeHeaders *headers;
  GstContainerScanner *scanner;
} GstRestreamTeeInput;

/* A GOP-aligned drop to announce once no lock is held. */
typedef struct
{
  GstRestreamTeePad *pad;
  guint64 buffers;
  guint64 bytes;
  GstClockTime duration;
  GstClockTime lag;
  guint64 total;
} GstRestreamTeeDrop;

GstRestreamTeePad *gst_restream_tee_pad_new (GstPadTemplate * templ,
    guint index, GstClockTime batch_time);
guint gst_restream_tee_pad_get_index (GstRestreamTeePad * pad);
void gst_restream_tee_pad_set_batch_time (GstRestreamTeePad * pad,
    GstClockTime batch_time);
GstStructure *gst_restream_tee_pad_stats (GstRestreamTeePad * pad);

gboolean gst_restream_tee_pad_enqueue_buffer (GstRestreamTeePad * pad,
    const GstRestreamTeeInput * input, GstRestreamTeeDrop * drop);
void gst_restream_tee_pad_enqueue_event (GstRestreamTeePad * pad,
    GstEvent * event, GstClockTime position, gint64 arrival);
void gst_restream_tee_pad_flush (GstRestreamTeePad * pad, gboolean start);
void gst_restream_tee_pad_stop (GstRestreamTeePad * pad, gboolean join);

void gst_restream_tee_post_drop (GstElement * element,
    GstRestreamTeeDrop * drop);

G_END_DECLS

#endif /* __GST_RESTREAM_TEE_PAD_H__ */
