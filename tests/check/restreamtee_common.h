/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __RESTREAMTEE_COMMON_H__
#define __RESTREAMTEE_COMMON_H__

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>

G_BEGIN_DECLS

#define FRAME_DURATION (GST_SECOND / 30)

/* FLV tags, one per buffer and without flags, as rtmp2src delivers them. */
GstBuffer *flv_tag (guint8 type, GstClockTime pts, const guint8 * body,
    gsize body_size, guint64 index);
GstBuffer *flv_video_frame (guint64 index, gboolean keyframe);
gboolean flv_is_keyframe (GstBuffer * buffer);
gboolean flv_is_header (GstBuffer * buffer);

/* The input: a harness on the tee's sink pad. */
GstHarness *new_input_harness (GstElement ** tee);
void push_flv_headers (GstHarness * h);
void push_flv_frames (GstHarness * h, guint64 first_frame, guint count,
    guint gop);

/* A target that records what reaches it and can block, fail or flush. */
typedef struct
{
  GstPad *sinkpad;
  GstPad *teepad;
  GMutex lock;
  GCond cond;
  GPtrArray *buffers;
  gboolean gate_closed;
  gboolean in_chain;
  GstFlowReturn flow;           /* returned from the Nth buffer on */
  guint fail_after;
  guint pushes;                 /* chain and chain_list calls */
  guint longest_list;
} TestTarget;

TestTarget *target_new_full (GstElement * tee, gboolean link);
TestTarget *target_new (GstElement * tee);
void target_set_gate (TestTarget * target, gboolean closed);
void target_set_flow (TestTarget * target, GstFlowReturn flow, guint after);
guint target_wait_buffers (TestTarget * target, guint count);
void target_wait_in_chain (TestTarget * target);
void target_wait_idle (TestTarget * target, guint stable_ms);
GstBuffer *target_buffer (TestTarget * target, guint i);
void target_free (TestTarget * target, GstElement * tee);
gchar *pad_state (GstPad * pad);

/* Bus */
GstMessage *wait_element_message (GstBus * bus, const gchar * name,
    const gchar * pad, guint timeout_ms);
GstBus *attach_bus (GstElement * element);

G_END_DECLS

#endif /* __RESTREAMTEE_COMMON_H__ */
