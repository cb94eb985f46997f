/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* One target of a restream: its state machine (connecting, live, then
 * reconnecting with backoff after a failure, or refused or out of attempts
 * for good), its failures and its reconnects.
 *
 * Every target is a bin of its own (targetvalidator ! rtmppushsink or
 * srtsink) with a locked state: the pipeline's state changes never reach
 * it, so one target failing to start, or being restarted, touches nothing
 * else. Its state changes run off the main context (a sink may block while
 * it connects) and report back here.
 *
 * A target's ERROR is stamped, in the bus's sync handler, with the
 * generation of the branch that posted it; errors of a branch that was
 * already torn down are ignored. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "rsrestream-private.h"
#include "gstrestreammessages.h"

#define STATE_CHANGE_WATCHDOG (10 * GST_SECOND)
#define WARNING_REPEAT (10 * G_USEC_PER_SEC)

typedef struct
{
  RsTarget *target;
  GstState state;
  GstStateChangeReturn result;
} StateOp;

static GQuark generation_quark;

static void target_fail (RsTarget * target, const RsFailureInfo * info,
    const gchar * text);

static void
target_set_state (RsTarget * target, RsTargetState state,
    const RsFailureInfo * info, const gchar * detail, GstClockTime retry_in)
{
  RsRestream *self = target->restream;
  RsTargetState previous = target->state;
  GstStructure *event;

  target->state = state;
  if (state == RS_TARGET_LIVE)
    target->live_since = g_get_monotonic_time ();
  if (!self)
    return;
  event = gst_structure_new (RS_EVENT_TARGET,
      "restream", G_TYPE_STRING, self->description->name,
      "target", G_TYPE_STRING, target->desc->name,
      "state", G_TYPE_STRING, rs_target_state_name (state),
      "previous", G_TYPE_STRING, rs_target_state_name (previous),
      "url", G_TYPE_STRING, target->display,
      "attempt", G_TYPE_UINT, target->attempts, NULL);
  if (info)
    gst_structure_set (event,
        "cause", G_TYPE_STRING, info->cause,
        "summary", G_TYPE_STRING, info->summary,
        "advice", G_TYPE_STRING, info->advice, NULL);
  if (detail)
    gst_structure_set (event, "detail", G_TYPE_STRING, detail, NULL);
  if (GST_CLOCK_TIME_IS_VALID (retry_in))
    gst_structure_set (event, "retry-in", G_TYPE_DOUBLE,
        (gdouble) retry_in / GST_SECOND, NULL);
  rs_restream_emit (self, event);
}

static void
target_warn (RsTarget * target, RsWarning warning, const gchar * detail)
{
  RsRestream *self = target->restream;
  const RsFailureInfo *info = rs_warning_info (warning);
  gint64 now = g_get_monotonic_time ();

  if (target->last_warning[warning]
      && now - target->last_warning[warning] < WARNING_REPEAT)
    return;
  target->last_warning[warning] = now;
  rs_restream_emit (self, gst_structure_new (RS_EVENT_WARNING,
          "restream", G_TYPE_STRING, self->description->name,
          "target", G_TYPE_STRING, target->desc->name,
          "cause", G_TYPE_STRING, info->cause,
          "summary", G_TYPE_STRING, info->summary,
          "advice", G_TYPE_STRING, info->advice,
          "detail", G_TYPE_STRING, detail ? detail : "", NULL));
}

static void
target_clear (RsTarget * target)
{
  g_clear_handle_id (&target->timer, g_source_remove);
  g_free (target->display);
  g_free (target->error);
  g_free (target->deferred_text);
  gst_clear_object (&target->tee_pad);
  gst_clear_object (&target->bin);
}

static RsTarget *
target_ref (RsTarget * target)
{
  return g_rc_box_acquire (target);
}

void
rs_target_unref (RsTarget * target)
{
  g_rc_box_release_full (target, (GDestroyNotify) target_clear);
}

RsTarget *
rs_target_for_object (GstObject * object)
{
  GstObject *o;

  for (o = object; o; o = GST_OBJECT_PARENT (o)) {
    RsTarget *target = g_object_get_data (G_OBJECT (o), "rs-target");

    if (target)
      return target;
  }
  return NULL;
}

static guint64
structure_get_u64 (const GstStructure * s, const gchar * field)
{
  const GValue *v = s ? gst_structure_get_value (s, field) : NULL;
  GValue u = G_VALUE_INIT;
  guint64 result = 0;

  if (!v)
    return 0;
  g_value_init (&u, G_TYPE_DOUBLE);
  if (g_value_transform (v, &u))
    result = MAX (g_value_get_double (&u), 0);
  g_value_unset (&u);
  return result;
}

/* Bytes the target has taken in this branch: what restreamtee pushed into
 * it. The sink takes nothing before the server accepted the publish, and
 * nginx-rtmp acknowledges only every 5 MB, so its own counters say less. */
static guint64
target_pad_bytes (RsTarget * target)
{
  guint64 bytes = 0;

  if (target->tee_pad)
    g_object_get (target->tee_pad, "bytes", &bytes, NULL);
  return bytes;
}

static void
target_poll_sink (RsTarget * target, guint64 * sent, gint * srt_dropped)
{
  GstStructure *stats = NULL;
  guint64 bytes = target_pad_bytes (target);

  *sent = bytes > target->pad_base ? bytes - target->pad_base : 0;
  *srt_dropped = 0;
  g_object_get (target->sink, "stats", &stats, NULL);
  if (!stats)
    return;
  if (target->container == CONTAINER_TS) {
    *srt_dropped = structure_get_u64 (stats, "packets-sent-dropped");
  } else if (gst_structure_has_field (stats, "acks")) {
    /* rtmppushsink; rtmp2sink does not count acknowledgements */
    target->acked = structure_get_u64 (stats, "acked-bytes");
    target->acks = structure_get_u64 (stats, "acks");
    target->written = structure_get_u64 (stats, "out-bytes-total");
    target->ack_window = structure_get_u64 (stats, "window");
  }
  gst_structure_free (stats);
}

static void
state_op_done (StateOp * op)
{
  RsTarget *target = op->target;

  target->op_pending = FALSE;
  if (!target->restream)
    return;

  if (op->state == GST_STATE_PLAYING) {
    if (op->result == GST_STATE_CHANGE_FAILURE) {
      target_fail (target, rs_failure_info (RS_FAILURE_OTHER),
          "the target's elements could not start");
      return;
    }
    /* A pad that had failed resumes on RECONFIGURE, with the headers and
     * from the next keyframe. */
    if (target->tee_pad)
      gst_pad_send_event (target->tee_pad, gst_event_new_reconfigure ());
  }
  if (target->deferred_info) {
    const RsFailureInfo *info = target->deferred_info;
    g_autofree gchar *text = g_steal_pointer (&target->deferred_text);

    target->deferred_info = NULL;
    target_fail (target, info, text);
  }
}

static gboolean
state_op_done_in_context (gpointer data)
{
  state_op_done (data);
  return G_SOURCE_REMOVE;
}

static void
state_op_free (StateOp * op)
{
  rs_target_unref (op->target);
  g_free (op);
}

static void
state_op_run (GstElement * bin, gpointer data)
{
  StateOp *op = data;
  GMainContext *context = g_object_get_data (G_OBJECT (bin), "rs-context");

  op->result = gst_element_set_state (bin, op->state);
  if (op->result == GST_STATE_CHANGE_ASYNC)
    op->result = gst_element_get_state (bin, NULL, NULL, STATE_CHANGE_WATCHDOG);
  g_main_context_invoke_full (context, G_PRIORITY_DEFAULT,
      state_op_done_in_context, op, (GDestroyNotify) state_op_free);
}

static void
target_set_bin_state (RsTarget * target, GstState state)
{
  StateOp *op = g_new0 (StateOp, 1);

  op->target = target_ref (target);
  op->state = state;
  target->op_pending = TRUE;
  gst_element_call_async (target->bin, state_op_run, op, NULL);
}

void
rs_target_start (RsTarget * target)
{
  target->timer = 0;
  target->branch_started = g_get_monotonic_time ();
  target->pad_base = target_pad_bytes (target);
  target->sent = 0;
  target->rate_bytes = 0;
  target->rate_time = target->branch_started;
  target->progress_at = 0;
  target->acked_before += target->acked;
  target->acked = target->acks = target->written = target->ack_step = 0;
  target->srt_dropped = 0;
  target->eos = FALSE;
  if (target->gate)
    rs_codec_gate_rearm (target->gate);
  target_set_state (target, RS_TARGET_CONNECTING, NULL, NULL,
      GST_CLOCK_TIME_NONE);
  target_set_bin_state (target, GST_STATE_PLAYING);
}

static gboolean
target_retry_cb (gpointer data)
{
  RsTarget *target = data;

  target->timer = 0;
  target->reconnects++;
  rs_target_start (target);
  return G_SOURCE_REMOVE;
}

/* After the branch has gone to NULL: reconnect, or stay down. */
static void
target_after_stop (RsTarget * target, const RsFailureInfo * info,
    const gchar * text)
{
  RsRestream *self = target->restream;
  guint max_attempts;
  GstClockTime delay;

  if (!self || self->state == RS_RESTREAM_STOPPING
      || self->state == RS_RESTREAM_STOPPED)
    return;
  if (!info->retry) {
    target_set_state (target, RS_TARGET_REFUSED, info, text,
        GST_CLOCK_TIME_NONE);
    return;
  }
  target->attempts++;
  max_attempts = target->desc->max_reconnects >= 0 ?
      (guint) target->desc->max_reconnects : target->policy->max_attempts;
  if (max_attempts > 0 && target->attempts > max_attempts) {
    target_set_state (target, RS_TARGET_GAVE_UP, info, text,
        GST_CLOCK_TIME_NONE);
    return;
  }
  delay = rs_reconnect_delay (target->policy, target->attempts,
      g_random_double ());
  target_set_state (target, RS_TARGET_RECONNECTING, info, text, delay);
  target->timer = g_timeout_add (delay / GST_MSECOND, target_retry_cb, target);
}

static void
target_fail (RsTarget * target, const RsFailureInfo * info, const gchar * text)
{
  RsRestream *self = target->restream;

  if (!self || target->state == RS_TARGET_RECONNECTING
      || target->state == RS_TARGET_REFUSED
      || target->state == RS_TARGET_GAVE_UP
      || target->state == RS_TARGET_STOPPED || target->state == RS_TARGET_IDLE)
    return;
  if (target->op_pending) {
    if (!target->deferred_info) {
      target->deferred_info = info;
      target->deferred_text = g_strdup (text);
    }
    return;
  }

  target->failure = info;
  g_free (target->error);
  target->error = g_strdup (text);
  target->sent_before += target->sent;
  target->sent = 0;
  target->bitrate = 0;
  /* Torn down at once, in this thread: rtmppushsink and srtsink leave
   * NULL without waiting for their peer. What the branch posts on its
   * way down belongs to neither the old nor the next generation. */
  g_atomic_int_inc (&target->generation);
  gst_element_set_state (target->bin, GST_STATE_NULL);
  g_atomic_int_inc (&target->generation);
  target_after_stop (target, info, text);
}

static void
target_handle_error (RsTarget * target, GstMessage * message)
{
  RsRestream *self = target->restream;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *debug = NULL;
  g_autofree gchar *text = NULL;
  const RsFailureInfo *info;
  gint generation = GPOINTER_TO_INT (gst_mini_object_get_qdata
      (GST_MINI_OBJECT (message), generation_quark)) - 1;
  guint64 sent;
  gint dropped;

  if (generation != g_atomic_int_get (&target->generation))
    return;                     /* from a branch already torn down */
  gst_message_parse_error (message, &error, &debug);
  text = rs_restream_redact (self, error->message);
  if (!target->op_pending) {
    target_poll_sink (target, &sent, &dropped);
    target->sent = MAX (target->sent, sent);
  }
  if (error->domain == GST_STREAM_ERROR
      && GST_MESSAGE_SRC (message) == GST_OBJECT (target->validator))
    info = rs_failure_info (RS_FAILURE_STREAM_REFUSED);
  else {
    const GstStructure *details = NULL;

    gst_message_parse_error_details (message, &details);
    info = rs_failure_classify (target->desc->target->kind, error->message,
        details, target->sent, (g_get_monotonic_time () -
            target->branch_started) * GST_USECOND,
        target->desc->target->passphrase != NULL);
  }
  target_fail (target, info, text);
}

/* srtsink warns while it reconnects to its listener. */
static void
target_handle_warning (RsTarget * target, GstMessage * message)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *text = NULL;

  if (!target->sink || GST_MESSAGE_SRC (message) != GST_OBJECT (target->sink)
      || target->container != CONTAINER_TS)
    return;
  gst_message_parse_warning (message, &error, NULL);
  text = rs_restream_redact (target->restream, error->message);
  target_warn (target, RS_WARNING_SRT_RECONNECTING, text);
}

void
rs_target_handle_message (RsTarget * target, GstMessage * message)
{
  switch (GST_MESSAGE_TYPE (message)) {
    case GST_MESSAGE_ERROR:
      target_handle_error (target, message);
      break;
    case GST_MESSAGE_WARNING:
      target_handle_warning (target, message);
      break;
    default:
      break;
  }
}

void
rs_target_stamp_error (RsTarget * target, GstMessage * message)
{
  gst_mini_object_set_qdata (GST_MINI_OBJECT (message), generation_quark,
      GINT_TO_POINTER (g_atomic_int_get (&target->generation) + 1), NULL);
}

void
rs_target_handle_drop (RsTarget * target, const GstStructure * s)
{
  guint64 total = 0, duration = 0;
  g_autofree gchar *detail = NULL;

  gst_structure_get_uint64 (s, GST_RESTREAM_TEE_FIELD_TOTAL_DROPS, &total);
  gst_structure_get_uint64 (s, GST_RESTREAM_TEE_FIELD_DROPPED_DURATION,
      &duration);
  target->drops = total;
  detail = g_strdup_printf ("%.1f s of stream dropped (%" G_GUINT64_FORMAT
      " drops so far)", (gdouble) duration / GST_SECOND, total);
  target_warn (target, RS_WARNING_SLOW_TARGET, detail);
}

void
rs_target_handle_tee_failure (RsTarget * target, const GstStructure * s)
{
  const gchar *flow = gst_structure_get_string (s,
      GST_RESTREAM_TEE_FIELD_FLOW);

  /* Errors come with their own message; a refused format does not. */
  if (flow && g_str_equal (flow, "not-negotiated"))
    target_fail (target, rs_failure_info (RS_FAILURE_STREAM_REFUSED),
        "the target's sink refused the stream's format");
}

/* The codec gate stopped the stream before it reached the sink: the
 * platform does not take the input's codec. */
void
rs_target_handle_codec_refused (RsTarget * target, const GstStructure * s)
{
  target_fail (target, rs_failure_info (RS_FAILURE_CODEC_REFUSED),
      gst_structure_get_string (s, "text"));
}

/* Live only while data moves: a target whose server acknowledges nothing
 * (RTMP acknowledgements, rtmppushsink) or, for the others, that takes
 * nothing for RS_TARGET_STALL_AFTER while the input is live is stalled (a
 * server that stopped reading, srtsink reconnecting), and live again when
 * data moves. */
static void
target_check_stall (RsTarget * target, gint64 now)
{
  gint64 idle = now - target->progress_at;

  if (target->state == RS_TARGET_LIVE && idle >= RS_TARGET_STALL_AFTER) {
    g_autofree gchar *detail = target->acks > 0 ?
        g_strdup_printf ("nothing acknowledged by the server for %.1f s "
        "(%" G_GUINT64_FORMAT " bytes written, %" G_GUINT64_FORMAT
        " acknowledged in this connection)", (gdouble) idle / G_USEC_PER_SEC,
        target->written, target->acked) :
        g_strdup_printf ("nothing taken for %.1f s (%" G_GUINT64_FORMAT
        " bytes in this connection)", (gdouble) idle / G_USEC_PER_SEC,
        target->sent);

    target->failure = rs_warning_info (RS_WARNING_STALLED);
    target_set_state (target, RS_TARGET_STALLED, target->failure, detail,
        GST_CLOCK_TIME_NONE);
  } else if (target->state == RS_TARGET_STALLED && idle == 0) {
    gint64 since = target->live_since;  /* the same connection */

    target_set_state (target, RS_TARGET_LIVE, NULL, "data moves again",
        GST_CLOCK_TIME_NONE);
    target->live_since = since;
  }
}

/* Whether data moved since the last poll, which had seen @acked bytes
 * acknowledged; @sent is what the sink has taken now. For a server that
 * acknowledges: what it received grew, or nothing is owed (less than two
 * acknowledgement steps outstanding; a server may keep its own, larger
 * window, and the steps it acknowledges in say so). For the others: what
 * the sink took grew. Nothing is owed while the input is down. */
static gboolean
target_moved (RsTarget * target, guint64 acked, guint64 sent)
{
  if (target->acked > acked)
    target->ack_step = MAX (target->ack_step, target->acked - acked);
  if (!target->progress_at || !target->restream
      || target->restream->state != RS_RESTREAM_LIVE)
    return TRUE;
  if (target->acks == 0)
    return sent > target->sent;
  return target->acked > acked
      || target->written < target->acked + 2 * MAX (target->ack_step,
      target->ack_window);
}

void
rs_target_poll (RsTarget * target, gint64 now)
{
  guint64 sent, acked;
  gint dropped;

  if (target->op_pending || !target->sink || (target->state !=
          RS_TARGET_CONNECTING && target->state != RS_TARGET_LIVE
          && target->state != RS_TARGET_STALLED))
    return;
  acked = target->acked;
  target_poll_sink (target, &sent, &dropped);
  if (target_moved (target, acked, sent))
    target->progress_at = now;
  target->sent = MAX (target->sent, sent);
  if (now > target->rate_time) {
    target->bitrate = (gdouble) (target->sent - target->rate_bytes) * 8 *
        1000 / (now - target->rate_time);
    target->rate_bytes = target->sent;
    target->rate_time = now;
  }
  if (target->state == RS_TARGET_CONNECTING && target->sent > 0)
    target_set_state (target, RS_TARGET_LIVE, NULL, NULL, GST_CLOCK_TIME_NONE);
  target_check_stall (target, now);
  if (target->state == RS_TARGET_LIVE && target->attempts > 0
      && (GstClockTime) (now - target->live_since) * GST_USECOND >=
      target->policy->stable)
    target->attempts = 0;
  if (dropped > target->srt_dropped) {
    g_autofree gchar *detail = g_strdup_printf ("%d packets dropped as too "
        "late since the connection started", dropped);

    target_warn (target, RS_WARNING_SRT_LATENCY, detail);
  }
  target->srt_dropped = MAX (target->srt_dropped, dropped);
}

void
rs_target_teardown (RsTarget * target)
{
  g_clear_handle_id (&target->timer, g_source_remove);
  if (target->bin) {
    g_atomic_int_inc (&target->generation);
    gst_element_set_state (target->bin, GST_STATE_NULL);
    g_atomic_int_inc (&target->generation);
    g_object_set_data (G_OBJECT (target->bin), "rs-target", NULL);
  }
  if (target->state != RS_TARGET_REFUSED
      && target->state != RS_TARGET_GAVE_UP
      && target->state != RS_TARGET_STOPPED)
    target_set_state (target, RS_TARGET_STOPPED, NULL, NULL,
        GST_CLOCK_TIME_NONE);
  target->sent_before += target->sent;
  target->sent = 0;
  target->bitrate = 0;
  gst_clear_object (&target->tee_pad);
  gst_clear_object (&target->bin);
  target->validator = target->sink = NULL;
}

/* enabled = false: in the description, not connected. */
void
rs_target_disable (RsTarget * target)
{
  target_set_state (target, RS_TARGET_DISABLED, NULL, "disabled",
      GST_CLOCK_TIME_NONE);
}

void
rs_target_reactivate (RsTarget * target)
{
  if (target->state != RS_TARGET_REFUSED
      && target->state != RS_TARGET_GAVE_UP
      && target->state != RS_TARGET_RECONNECTING)
    return;
  g_clear_handle_id (&target->timer, g_source_remove);
  target->attempts = 0;
  target->reconnects++;
  rs_target_start (target);
}

RsTarget *
rs_target_new (RsRestream * self, RsDescriptionTarget * desc)
{
  RsTarget *target = g_rc_box_new0 (RsTarget);

  if (!generation_quark)
    generation_quark = g_quark_from_static_string ("rs-target-generation");
  target->restream = self;
  target->desc = desc;
  target->container = desc->target->kind == GST_RESTREAM_TARGET_SRT ?
      CONTAINER_TS : CONTAINER_FLV;
  target->display = gst_restream_target_to_display (desc->target);
  target->policy = rs_reconnect_policy (desc->platform);
  return target;
}

typedef struct
{
  GstElement *pipeline;
  GstElement *bin;
} Removal;

static gboolean
removal_done (gpointer data)
{
  Removal *removal = data;

  if (GST_OBJECT_PARENT (removal->bin) == GST_OBJECT (removal->pipeline))
    gst_bin_remove (GST_BIN (removal->pipeline), removal->bin);
  return G_SOURCE_REMOVE;
}

static void
removal_free (Removal * removal)
{
  gst_object_unref (removal->pipeline);
  gst_object_unref (removal->bin);
  g_free (removal);
}

/* In a thread of its own: the bin may be in the middle of a state change
 * (a caller still connecting), which its state lock waits for. */
static void
removal_run (GstElement * bin, gpointer data)
{
  Removal *removal = data;
  GMainContext *context = g_object_get_data (G_OBJECT (bin), "rs-context");

  gst_element_set_state (bin, GST_STATE_NULL);
  g_main_context_invoke_full (context, G_PRIORITY_DEFAULT, removal_done,
      removal, (GDestroyNotify) removal_free);
}

/* Ends the target's branch for good, from the restream's list of targets:
 * no more data, and nothing it posts from now on counts. */
void
rs_target_remove (RsTarget * target)
{
  RsRestream *self = target->restream;

  g_clear_handle_id (&target->timer, g_source_remove);
  if (target->bin) {
    Removal *removal = g_new0 (Removal, 1);

    if (target->tee_pad && self->tees[target->container]) {
      GstPad *peer = gst_pad_get_peer (target->tee_pad);

      rs_restream_slate_remove_pad (self, target);
      if (peer) {
        gst_pad_unlink (target->tee_pad, peer);
        gst_object_unref (peer);
      }
      gst_element_release_request_pad (self->tees[target->container],
          target->tee_pad);
    }
    g_atomic_int_inc (&target->generation);
    g_object_set_data (G_OBJECT (target->bin), "rs-target", NULL);
    g_object_set_data (G_OBJECT (target->bin), "rs-removed",
        GINT_TO_POINTER (TRUE));
    removal->pipeline = gst_object_ref (self->pipeline);
    removal->bin = gst_object_ref (target->bin);
    gst_element_call_async (target->bin, removal_run, removal, NULL);
  }
  target_set_state (target, RS_TARGET_STOPPED, NULL, "removed",
      GST_CLOCK_TIME_NONE);
  target->restream = NULL;
}
