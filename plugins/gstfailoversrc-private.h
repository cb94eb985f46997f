/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* failoversrc's instance struct and the calls between the element
 * (gstfailoversrc.c: properties, the inner pipeline's callbacks, output,
 * state changes) and its control thread (gstfailovercontrol.c: outage
 * detection, retries, gaps). Private to those two files. */

#ifndef __GST_FAILOVER_SRC_PRIVATE_H__
#define __GST_FAILOVER_SRC_PRIVATE_H__

#include <gst/gst.h>

#include "gstfailoversrc.h"
#include "gstfailoverretime.h"
#include "gstfailoverpolicy.h"
#include "gstfailoversettings.h"
#include "gstfailoveroutput.h"

G_BEGIN_DECLS

GST_DEBUG_CATEGORY_EXTERN (failoversrc_debug);

#define TICK_US (100 * G_TIME_SPAN_MILLISECOND)

enum
{
  GST_FAILOVER_SRC_VIDEO = GST_FAILOVER_RETIME_VIDEO,
  GST_FAILOVER_SRC_AUDIO = GST_FAILOVER_RETIME_AUDIO,
  GST_FAILOVER_SRC_N_PADS = GST_FAILOVER_RETIME_N_OUTPUTS,
};

/* Everything that changes while the element runs; reset when it starts. */
typedef struct
{
  GstFailoverPolicy policy;
  GstElement *chain;            /* the inner pipeline pulling the input */
  guint generation;             /* of chain; callbacks of older chains are
                                 * ignored */
  gchar *chain_lost_reason;
  gboolean eos_sent;            /* the application sent EOS: output ended */

  /* Timeline of the current chain */
  GstFailoverRetime retime;
  gboolean chain_has_audio;
  guint chain_video_frames;
  gboolean audio_ended;         /* the input has no audio: EOS was sent */
  GstFailoverOutput outputs[GST_FAILOVER_SRC_N_PADS];

  guint64 bytes_in;             /* stats; the others are the policy's */
} State;

struct _GstFailoverSrc
{
  GstElement parent;

  GstPad *pads[GST_FAILOVER_SRC_N_PADS];

  /* Protected by the object lock. */
  GstFailoverSettings settings;
  /* The settings the running input was started with: written only while
   * no thread of the element runs, then read without a lock. */
  GstFailoverSettings in_use;

  /* Lock order: lock before the object lock; a pad's stream lock before
   * lock. Pushes happen without lock. */
  GMutex lock;
  GCond cond;
  GThread *control;
  gboolean running;
  State state;                  /* protected by lock */
};

/* Call with lock. Returns the message to post after unlocking, if
 * @transition is a change of state. */
GstStructure *gst_failover_src_state_change_new (GstFailoverSrc * self,
    const GstFailoverTransition * transition, const gchar * reason);
void gst_failover_src_post_state_change (GstFailoverSrc * self,
    GstStructure * change);
GstClockTime gst_failover_src_running_time_now (GstFailoverSrc * self);
/* Call without lock. */
void gst_failover_src_output_push (GstFailoverSrc * self, guint index,
    GstMiniObject * object);
/* Call without lock, from the control thread only. */
GstElement *gst_failover_src_chain_start (GstFailoverSrc * self,
    guint generation);
/* Call with lock, while no thread of the element runs. */
void gst_failover_src_reset_state (GstFailoverSrc * self);

/* Start the control thread with the settings copied once; stop it and the
 * input. */
void gst_failover_src_control_start (GstFailoverSrc * self);
void gst_failover_src_control_stop (GstFailoverSrc * self);

G_END_DECLS
#endif /* __GST_FAILOVER_SRC_PRIVATE_H__ */
