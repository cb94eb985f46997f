/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_RESTREAM_TEE_H__
#define __GST_RESTREAM_TEE_H__

#include <gst/gst.h>
#include <gst/base/gstqueuearray.h>

#include "gstcontainerscan.h"

G_BEGIN_DECLS

#define GST_TYPE_RESTREAM_TEE (gst_restream_tee_get_type ())
G_DECLARE_FINAL_TYPE (GstRestreamTee, gst_restream_tee, GST, RESTREAM_TEE,
    GstElement);

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

/* One queued item: a buffer or a serialized event, with what the scanner
 * said about it and when it arrived. */
typedef struct
{
  GstMiniObject *object;
  GstClockTime position;        /* stream position at the input, in ns */
  gint64 arrival;               /* monotonic, in µs */
  gsize size;
  guint8 klass;                 /* GstScanClass, for buffers */
} GstRestreamTeeItem;

struct _GstRestreamTeePad
{
  GstPad parent;

  /*< private >*/
  guint index;

  /* Everything below is protected by lock; the streaming thread waits on
   * cond. Lock order: the element's lock before a pad's lock. */
  GMutex lock;
  GCond cond;
  GstQueueArray *backlog;       /* GstRestreamTeeItem */
  gsize backlog_bytes;
  gboolean thread_waiting;
  gboolean flushing;
  gboolean stopping;            /* the streaming thread must end */
  GstRestreamTeePadState state;
  gboolean replay_headers;      /* with WAITING: send headers first */
  gboolean discont;             /* mark the next pushed buffer */
  GstClockTime batch_time;      /* copy of the element's setting */

  /* The buffer being pushed and the newest one queued: the lag is what
   * lies between them. */
  gboolean pushing;
  GstClockTime pushing_position;
  gint64 pushing_arrival;
  GstClockTime newest_position;
  gint64 newest_arrival;

  /* Stats */
  guint64 bytes;
  guint64 buffers;
  guint64 drops;
  guint64 dropped_buffers;
  guint64 dropped_bytes;
  guint64 failures;
  GstFlowReturn last_flow;

  GstTask *task;
  GRecMutex task_lock;
};

struct _GstRestreamTee
{
  GstElement parent;

  /*< private >*/
  GstPad *sinkpad;

  /* Settings, protected by the object lock. */
  GstClockTime max_lag;
  guint64 max_backlog_bytes;
  guint max_targets;
  GstClockTime batch_time;

  /* Runtime state, protected by lock. */
  GMutex lock;
  GList *srcpads;
  guint next_pad_index;
  GstContainerScanner scanner;
  GstCaps *caps;
  gboolean caps_have_streamheader;
  guint64 input_bytes;
  guint64 input_buffers;
  /* Stream time seen at the input, without timestamp jumps. */
  GstClockTime position;
  GstClockTime highest_input_timestamp;
};

G_END_DECLS

#endif /* __GST_RESTREAM_TEE_H__ */
