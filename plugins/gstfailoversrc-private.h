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
#include "gstfailoverslate.h"

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

  /* The slate (gstfailoveronair.c): started and stopped by the control
   * thread, on air from its first keyframe until the input's first
   * keyframe after it returns. */
  GstFailoverSlate *slate;
  guint slate_generation;       /* of slate; samples of others dropped */
  gboolean slate_on_air;
  gboolean slate_key_asked;     /* a keyframe asked for, for going on air */
  gboolean slate_done;          /* the input took over: stop the slate */
  gboolean slate_card_only;     /* the image could not be shown */
  gboolean slate_broken;        /* the card could not be made either */
  GstFailoverRetime slate_retime;
  gint64 slate_since;           /* monotonic µs it went on air */
  /* What the live input looks like, measured while it is on air. */
  guint64 live_bytes;
  guint live_frames;
  GstClockTime live_span;
  GstClockTime live_last_dts;

  guint64 bytes_in;             /* stats; the others are the policy's */
  guint64 slates;
  GstClockTime slate_time;      /* on air in all, not counting the current */
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

/* gstfailoveronair.c: which source is on air. Call with lock: whether the
 * input's buffer may go out (FALSE while the slate is on air, until the
 * input's first keyframe); *@message is set to post after unlocking. */
gboolean gst_failover_src_live_admit (GstFailoverSrc * self, guint index,
    GstBuffer * buffer, gint64 now, GstStructure ** message);
/* Call with lock: the live buffer @buffer (on the output timeline) went
 * out. */
void gst_failover_src_live_measure (GstFailoverSrc * self, guint index,
    GstBuffer * buffer);
/* Call without lock, from the control thread: starts the slate when the
 * input is retrying, stops it once it is no longer needed. */
void gst_failover_src_slate_tick (GstFailoverSrc * self);
/* Call without lock, from the control thread: stops the slate now. */
void gst_failover_src_slate_end (GstFailoverSrc * self);
/* Call with lock: the slate's stats fields. */
void gst_failover_src_slate_stats (GstFailoverSrc * self, GstStructure * s);
/* Call with lock: the timeline of what is on air. */
GstFailoverRetime *gst_failover_src_on_air_retime (GstFailoverSrc * self);

/* Start the control thread with the settings copied once; stop it and the
 * input. */
void gst_failover_src_control_start (GstFailoverSrc * self);
void gst_failover_src_control_stop (GstFailoverSrc * self);

G_END_DECLS
#endif /* __GST_FAILOVER_SRC_PRIVATE_H__ */
