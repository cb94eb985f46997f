/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __RS_RESTREAM_PRIVATE_H__
#define __RS_RESTREAM_PRIVATE_H__

#include "rsrestream.h"
#include "rspolicy.h"
#include "gstrestreamredact.h"

G_BEGIN_DECLS
/* What the files of the supervisor share, and nothing outside it sees:
 *   rsrestream.c  lifecycle (new, start, activate, stop, free), events,
 *                 the input's state
 *   rstarget.c    one target: its state machine, failures and reconnects
 *   rstargetlist.c  targets added and removed while the restream runs
 *   rsbuilder.c   the model made into a pipeline: failoversrc, muxers,
 *                 restreamtees, one bin per target
 *   rsbus.c       the pipeline's bus: which message goes to whom
 *   rsslate.c     the outage slate: targets held, its event, its time
 *   rsstatus.c    the status structures and their periodic poll
 * Every function runs in the restream's main context unless it says
 * otherwise. */
    typedef enum
{
  CONTAINER_FLV,
  CONTAINER_TS,
  N_CONTAINERS,
} Container;

#define TS_PACKET_SIZE 188

typedef enum
{
  STREAM_VIDEO,
  STREAM_AUDIO,
  N_STREAMS,
} Stream;

typedef struct _RsTarget RsTarget;

struct _RsRestream
{
  RsDescription *description;
  RsRestreamEventFunc func;
  gpointer user_data;
  GMainContext *context;

  RsRestreamState state;
  gchar *state_reason;
  gchar *input_state;
  GstRestreamSecrets *secrets;  /* removed from any output */

  GstElement *pipeline;
  GstElement *source;
  GstElement *stream_tees[N_STREAMS];
  GstElement *tees[N_CONTAINERS];       /* restreamtee per container kind */
  guint bus_watch;
  guint status_timer;
  gint64 started_at;
  gint64 live_since;

  GPtrArray *targets;           /* RsTarget, owned refs */

  /* The slate (rsslate.c). Shared with the streaming thread that posts
   * failoversrc-slate, under slate_lock: the tee pads of the targets that
   * get no slate, and whether that thread last put the slate on air.
   * slate_lock comes before the pads' own locks. */
  GMutex slate_lock;
  GPtrArray *slate_held_pads;   /* GstPad, owned refs */
  gboolean slate_holding;
  /* In the main context: the slate as the status reports it. */
  gboolean slate_on_air;
  gint64 slate_since;           /* monotonic, µs */
  GstClockTime slate_time;      /* on air before slate_since, in total */

  /* stop */
  guint stop_timer;
  GCallback stop_done;
  gpointer stop_data;
  gboolean deactivated;
};

struct _RsTarget
{
  RsRestream *restream;         /* NULL once the restream is gone */
  RsDescriptionTarget *desc;
  Container container;
  gchar *display;               /* the URL, redacted */
  const RsReconnectPolicy *policy;

  GstElement *bin;
  GstElement *validator;
  GstElement *sink;
  GstPad *tee_pad;
  /* The codec gate on the validator's sink pad (rsbuilder.c), freed with
   * its probe. */
  struct _RsCodecGate *gate;

  RsTargetState state;
  gint generation;              /* atomic; bumped when a branch ends */
  gboolean op_pending;          /* a state change runs in another thread */
  gchar *deferred_text;         /* a failure that came during it */
  const RsFailureInfo *deferred_info;
  guint timer;
  guint attempts;               /* failures in a row */
  guint reconnects;
  gint64 branch_started;
  gint64 live_since;
  guint64 pad_base;             /* the tee pad's byte count at the start */
  guint64 sent;                 /* bytes taken by the target, this branch */
  guint64 sent_before;          /* ... by earlier branches */
  guint64 rate_bytes;
  gint64 rate_time;
  gint64 progress_at;           /* the last poll that saw data move, or
                                 * that the input was not live */
  gdouble bitrate;              /* kbit/s */
  guint64 drops;
  gint srt_dropped;
  /* What an RTMP server acknowledged (rtmppushsink's stats): bytes it
   * received on this connection, in how many acknowledgements, against
   * what the sink wrote; acked_before for earlier branches. */
  guint64 acked, acks, written, acked_before;
  guint64 ack_step;             /* the most acknowledged between polls */
  guint ack_window;             /* what the sink asked the server for */
  gint64 last_warning[3];
  gboolean eos;
  const RsFailureInfo *failure;
  gchar *error;
};

/* rsbuilder.c: a start of the target's branch lets the gate say again
 * that the codec is refused. */
void rs_codec_gate_rearm (struct _RsCodecGate *gate);
#define RS_MSG_CODEC_REFUSED "restream-codec-refused"

/* rsrestream.c */
void rs_restream_emit (RsRestream * self, GstStructure * event);
void rs_restream_add_secrets (RsRestream * self, RsDescriptionTarget * desc);
void rs_restream_handle_input_state (RsRestream * self, const GstStructure * s);
/* Stops for good once every target has taken its EOS. */
void rs_restream_stop_check (RsRestream * self);
void rs_restream_stop_finish (RsRestream * self);

/* rstarget.c */
RsTarget *rs_target_new (RsRestream * self, RsDescriptionTarget * desc);
void rs_target_unref (RsTarget * target);
/* The target whose bin holds @object, or NULL. Any thread: the bin is
 * alive while its elements post. */
RsTarget *rs_target_for_object (GstObject * object);
void rs_target_start (RsTarget * target);
/* A target that was refused, gave up or waits for its next attempt
 * starts again at once, with its attempts counted from zero. */
void rs_target_reactivate (RsTarget * target);
void rs_target_disable (RsTarget * target);
/* Stamps an ERROR with the generation of the branch that posts it; from
 * the bus's sync handler, in the posting thread. */
void rs_target_stamp_error (RsTarget * target, GstMessage * message);
/* An ERROR or WARNING posted by an element of the target's bin. */
void rs_target_handle_message (RsTarget * target, GstMessage * message);
/* restreamtee's messages about the target's pad. */
void rs_target_handle_drop (RsTarget * target, const GstStructure * s);
void rs_target_handle_tee_failure (RsTarget * target, const GstStructure * s);
void rs_target_handle_codec_refused (RsTarget * target, const GstStructure * s);
/* Once a status interval: bytes sent, the bitrate, live once data flows. */
void rs_target_poll (RsTarget * target, gint64 now);
/* The branch to NULL and the target STOPPED, for a pipeline torn down. */
void rs_target_teardown (RsTarget * target);
/* Ends the target for good, the restream running on: its branch goes to
 * NULL in another thread and leaves the pipeline; the target forgets its
 * restream. */
void rs_target_remove (RsTarget * target);

/* rsbuilder.c */
gboolean rs_restream_build (RsRestream * self, GError ** error);
/* The muxer and restreamtee of @container, unless they are there. */
gboolean rs_restream_ensure_container (RsRestream * self, Container container,
    GError ** error);
gboolean rs_restream_build_target (RsRestream * self, RsTarget * target,
    GError ** error);
/* Undoes rs_restream_build_target, for a target that could not be added. */
void rs_restream_unbuild_target (RsRestream * self, RsTarget * target);
/* TS packets per buffer of the running mpegtsmux (7 without one). */
gint rs_restream_running_ts_alignment (RsRestream * self);

/* rsbus.c */
void rs_restream_watch_bus (RsRestream * self);
void rs_restream_unwatch_bus (RsRestream * self);

/* rsslate.c */
void rs_restream_slate_init (RsRestream * self);
void rs_restream_slate_clear (RsRestream * self);
/* The tee pad of @target, just requested and not yet linked: kept, to be
 * held while the slate is on air, if the target gets no slate; held at
 * once if the slate is on air now. */
void rs_restream_slate_add_pad (RsRestream * self, RsTarget * target);
/* Before the tee pad of @target is released. */
void rs_restream_slate_remove_pad (RsRestream * self, RsTarget * target);
/* failoversrc-slate, from the bus's sync handler in the posting thread:
 * holds or releases the pads. Takes slate_lock. */
void rs_restream_slate_sync (RsRestream * self, GstMessage * message);
/* failoversrc-slate in the main context: the state and the event. */
void rs_restream_handle_slate (RsRestream * self, const GstStructure * s);
/* The pipeline is down and its bus no longer watched: no pad is held, and
 * the slate is off air. */
void rs_restream_slate_reset (RsRestream * self);
/* Seconds on air in total, up to @now (monotonic µs). */
gdouble rs_restream_slate_seconds (RsRestream * self, gint64 now);

/* rsstatus.c */
void rs_restream_status_start (RsRestream * self);

G_END_DECLS
#endif /* __RS_RESTREAM_PRIVATE_H__ */
