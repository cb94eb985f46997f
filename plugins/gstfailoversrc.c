/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-failoversrc
 * @title: failoversrc
 *
 * Pulls the original stream of a restream and never lets an outage reach
 * downstream as an error. The input (`rtmp://`, `rtmps://`, `srt://` or
 * `file://`) is pulled by a private inner pipeline; its ERRORs and EOS are
 * the element's business, not the application's. The `video` and `audio`
 * pads carry parsed H.264 (avc, with codec data) or H.265, and raw AAC.
 *
 * - Input lost (ERROR or EOS of the inner pipeline) or silent: the input is
 *   pulled again at once, then with a doubling backoff capped at
 *   #GstFailoverSrc:retry-backoff-max.
 * - No data for longer than #GstFailoverSrc:outage-threshold (3 s): state
 *   `retrying`. Shorter outages are absorbed without a state change.
 * - Data again: state `active`, the retry timer goes back to zero; nothing
 *   downstream is restarted.
 * - Still down after #GstFailoverSrc:retry-timeout (1 h): state `failed`,
 *   EOS on both pads. Setting the element to READY and back to PLAYING
 *   activates it again.
 *
 * Output timestamps are running time: each pulled chain is placed on the
 * element's timeline at the running time its first keyframe arrived (never
 * before the end of the previous output), keeping the chain's own spacing
 * and audio/video alignment. So running time never goes backwards across
 * restarts, and rtmp2src's stream-absolute timestamps never reach
 * downstream. Each chain starts with a video keyframe flagged DISCONT; caps
 * follow the chain's codec data. While no data flows, GAP events on both
 * pads keep muxers and sinks moving.
 *
 * ## Messages
 *
 * `failoversrc-state` (element message) on every state change:
 * - `state`, `previous-state` (strings)
 * - `outage-duration` (guint64, ns): how long the input has been down
 * - `retry-deadline` (guint64, ns): retry time left before `failed`
 * - `reason` (string)
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 failoversrc name=in uri=rtmp://127.0.0.1:1935/live/in \
 *     in.video ! queue ! flvmux name=mux streamable=true ! \
 *     rtmp2sink location=rtmp://127.0.0.1:1935/live/out \
 *     in.audio ! queue ! mux.
 * ]|
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstrestreamelements.h"
#include "gstfailoversrc.h"
#include "gstrestreamtarget.h"
#include "gstrestreamdefaults.h"

#include <gst/app/gstappsink.h>
#include <string.h>

GST_DEBUG_CATEGORY_STATIC (failoversrc_debug);
#define GST_CAT_DEFAULT failoversrc_debug

#define DEFAULT_OUTAGE_THRESHOLD GST_RESTREAM_DEFAULT_OUTAGE_THRESHOLD
#define DEFAULT_RETRY_TIMEOUT GST_RESTREAM_DEFAULT_RETRY_TIMEOUT
#define DEFAULT_RETRY_BACKOFF_MAX (5 * GST_SECOND)
#define DEFAULT_TLS_VALIDATION GST_RESTREAM_DEFAULT_TLS_VALIDATION

#define FIRST_BACKOFF (500 * GST_MSECOND)
#define TICK_US (100 * G_TIME_SPAN_MILLISECOND)
/* A new chain starts at least this long after the previous output. */
#define MIN_STEP (40 * GST_MSECOND)

enum
{
  PROP_0,
  PROP_URI,
  PROP_OUTAGE_THRESHOLD,
  PROP_RETRY_TIMEOUT,
  PROP_RETRY_BACKOFF_MAX,
  PROP_TLS_VALIDATION,
  PROP_STATE,
  PROP_STATS,
};

static GstStaticPadTemplate video_template = GST_STATIC_PAD_TEMPLATE ("video",
    GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("video/x-h264, stream-format=avc, alignment=au; "
        "video/x-h265, stream-format=hvc1, alignment=au"));
static GstStaticPadTemplate audio_template = GST_STATIC_PAD_TEMPLATE ("audio",
    GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("audio/mpeg, mpegversion=4, stream-format=raw"));

GType
gst_failover_src_state_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_FAILOVER_SRC_STATE_CONNECTING, "No data yet", "connecting"},
    {GST_FAILOVER_SRC_STATE_ACTIVE, "Data flowing", "active"},
    {GST_FAILOVER_SRC_STATE_RETRYING, "Input down, re-pulling it",
        "retrying"},
    {GST_FAILOVER_SRC_STATE_FAILED, "Stopped for good", "failed"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType new_type = g_enum_register_static ("GstFailoverSrcState", values);
    g_once_init_leave (&type, new_type);
  }
  return type;
}

static const gchar *
state_name (GstFailoverSrcState state)
{
  GEnumValue *value =
      g_enum_get_value (g_type_class_peek (GST_TYPE_FAILOVER_SRC_STATE),
      state);
  return value ? value->value_nick : "unknown";
}

#define gst_failover_src_parent_class parent_class
G_DEFINE_TYPE_WITH_CODE (GstFailoverSrc, gst_failover_src, GST_TYPE_ELEMENT,
    GST_DEBUG_CATEGORY_INIT (failoversrc_debug, "failoversrc", 0,
        "Pulls a live input and survives its outages"));
GST_ELEMENT_REGISTER_DEFINE (failoversrc, "failoversrc", GST_RANK_NONE,
    GST_TYPE_FAILOVER_SRC);

static void gst_failover_src_finalize (GObject * object);
static void gst_failover_src_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_failover_src_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static gboolean gst_failover_src_send_event (GstElement * element,
    GstEvent * event);
static GstStateChangeReturn gst_failover_src_change_state (GstElement *
    element, GstStateChange transition);

static void
gst_failover_src_class_init (GstFailoverSrcClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gobject_class->finalize = gst_failover_src_finalize;
  gobject_class->set_property = gst_failover_src_set_property;
  gobject_class->get_property = gst_failover_src_get_property;

  g_object_class_install_property (gobject_class, PROP_URI,
      g_param_spec_string ("uri", "URI",
          "The input: rtmp://, rtmps://, srt:// (caller or listener, as its "
          "query says) or file://; read back redacted", NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_OUTAGE_THRESHOLD,
      g_param_spec_uint64 ("outage-threshold", "Outage threshold",
          "No data for this long means the input is down, in nanoseconds",
          100 * GST_MSECOND, G_MAXUINT64, DEFAULT_OUTAGE_THRESHOLD,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_RETRY_TIMEOUT,
      g_param_spec_uint64 ("retry-timeout", "Retry timeout",
          "How long to keep re-pulling a down input before failing, in "
          "nanoseconds", GST_SECOND, G_MAXUINT64, DEFAULT_RETRY_TIMEOUT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_RETRY_BACKOFF_MAX,
      g_param_spec_uint64 ("retry-backoff-max", "Retry backoff maximum",
          "Longest wait between two attempts to pull the input, in "
          "nanoseconds", 100 * GST_MSECOND, 600 * GST_SECOND,
          DEFAULT_RETRY_BACKOFF_MAX,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_TLS_VALIDATION,
      g_param_spec_boolean ("tls-validation", "TLS validation",
          "Validate the certificate of an rtmps:// input (FALSE is an "
          "explicit insecure opt-in)", DEFAULT_TLS_VALIDATION,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_STATE,
      g_param_spec_enum ("state", "State", "What the input is doing",
          GST_TYPE_FAILOVER_SRC_STATE, GST_FAILOVER_SRC_STATE_CONNECTING,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /**
   * GstFailoverSrc:stats:
   *
   * An `application/x-failoversrc-stats` structure: `state` (string),
   * `restarts`, `outages`, `bytes-in` (guint64), `total-outage-time` and
   * `last-outage-duration` (guint64, ns).
   */
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics", "Input statistics",
          GST_TYPE_STRUCTURE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_element_class_set_static_metadata (element_class,
      "Failover source", "Source/Network",
      "Pulls a live RTMP, RTMPS or SRT input and survives its outages: "
      "re-pulls it with backoff, keeps time monotonic and downstream alive",
      "gst-restream contributors");
  gst_element_class_add_metadata (element_class, "documentation",
      "docs/failoversrc.md");
  gst_element_class_add_static_pad_template (element_class, &video_template);
  gst_element_class_add_static_pad_template (element_class, &audio_template);
  element_class->send_event = gst_failover_src_send_event;
  element_class->change_state =
      GST_DEBUG_FUNCPTR (gst_failover_src_change_state);

  gst_type_mark_as_plugin_api (GST_TYPE_FAILOVER_SRC_STATE, 0);
}

static void
gst_failover_src_init (GstFailoverSrc * self)
{
  guint i;

  self->outage_threshold = DEFAULT_OUTAGE_THRESHOLD;
  self->retry_timeout = DEFAULT_RETRY_TIMEOUT;
  self->retry_backoff_max = DEFAULT_RETRY_BACKOFF_MAX;
  self->tls_validation = DEFAULT_TLS_VALIDATION;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);

  self->outputs[GST_FAILOVER_SRC_VIDEO].pad =
      gst_pad_new_from_static_template (&video_template, "video");
  self->outputs[GST_FAILOVER_SRC_AUDIO].pad =
      gst_pad_new_from_static_template (&audio_template, "audio");
  for (i = 0; i < GST_FAILOVER_SRC_N_PADS; i++) {
    gst_pad_use_fixed_caps (self->outputs[i].pad);
    gst_element_add_pad (GST_ELEMENT (self), self->outputs[i].pad);
  }
  /* A source to the bins it is in: EOS sent to a pipeline reaches it. */
  GST_OBJECT_FLAG_SET (self, GST_ELEMENT_FLAG_SOURCE);
}

static void
gst_failover_src_finalize (GObject * object)
{
  GstFailoverSrc *self = GST_FAILOVER_SRC (object);
  guint i;

  for (i = 0; i < GST_FAILOVER_SRC_N_PADS; i++)
    gst_clear_caps (&self->outputs[i].caps);
  g_free (self->uri);
  g_free (self->chain_lost_reason);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_failover_src_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstFailoverSrc *self = GST_FAILOVER_SRC (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_URI:
      g_free (self->uri);
      self->uri = g_value_dup_string (value);
      break;
    case PROP_OUTAGE_THRESHOLD:
      self->outage_threshold = g_value_get_uint64 (value);
      break;
    case PROP_RETRY_TIMEOUT:
      self->retry_timeout = g_value_get_uint64 (value);
      break;
    case PROP_RETRY_BACKOFF_MAX:
      self->retry_backoff_max = g_value_get_uint64 (value);
      break;
    case PROP_TLS_VALIDATION:
      self->tls_validation = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static GstStructure *
gst_failover_src_stats (GstFailoverSrc * self)
{
  GstStructure *s;

  g_mutex_lock (&self->lock);
  s = gst_structure_new ("application/x-failoversrc-stats",
      "state", G_TYPE_STRING, state_name (self->state),
      "restarts", G_TYPE_UINT64, self->restarts,
      "outages", G_TYPE_UINT64, self->outages,
      "bytes-in", G_TYPE_UINT64, self->bytes_in,
      "total-outage-time", G_TYPE_UINT64, self->total_outage,
      "last-outage-duration", G_TYPE_UINT64, self->last_outage, NULL);
  g_mutex_unlock (&self->lock);
  return s;
}

static void
gst_failover_src_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstFailoverSrc *self = GST_FAILOVER_SRC (object);

  switch (prop_id) {
    case PROP_URI:
      GST_OBJECT_LOCK (self);
      g_value_take_string (value, self->uri ?
          gst_restream_redact_url (self->uri) : NULL);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_OUTAGE_THRESHOLD:
      GST_OBJECT_LOCK (self);
      g_value_set_uint64 (value, self->outage_threshold);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_RETRY_TIMEOUT:
      GST_OBJECT_LOCK (self);
      g_value_set_uint64 (value, self->retry_timeout);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_RETRY_BACKOFF_MAX:
      GST_OBJECT_LOCK (self);
      g_value_set_uint64 (value, self->retry_backoff_max);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_TLS_VALIDATION:
      GST_OBJECT_LOCK (self);
      g_value_set_boolean (value, self->tls_validation);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_STATE:
      g_mutex_lock (&self->lock);
      g_value_set_enum (value, self->state);
      g_mutex_unlock (&self->lock);
      break;
    case PROP_STATS:
      g_value_take_boxed (value, gst_failover_src_stats (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

/* Messages */

typedef struct
{
  GstFailoverSrcState state, previous;
  GstClockTime outage, deadline;
  gchar *reason;
} StateChange;

/* Call with lock. Returns the change to post after unlocking. */
static StateChange *
set_state (GstFailoverSrc * self, GstFailoverSrcState state,
    const gchar * reason, gint64 now)
{
  StateChange *change;
  GstClockTime outage = self->outage_started ?
      (now - self->outage_started) * GST_USECOND : 0;
  GstClockTime retried = self->retrying_started ?
      (now - self->retrying_started) * GST_USECOND : 0;
  GstClockTime timeout;

  if (self->state == state)
    return NULL;
  GST_OBJECT_LOCK (self);
  timeout = self->retry_timeout;
  GST_OBJECT_UNLOCK (self);
  change = g_new0 (StateChange, 1);
  change->previous = self->state;
  change->state = state;
  change->outage = outage;
  change->deadline = state == GST_FAILOVER_SRC_STATE_RETRYING ?
      (timeout > retried ? timeout - retried : 0) : 0;
  change->reason = g_strdup (reason);
  self->state = state;
  return change;
}

static void
post_state_change (GstFailoverSrc * self, StateChange * change)
{
  GstStructure *s;

  if (!change)
    return;
  GST_INFO_OBJECT (self, "%s -> %s: %s", state_name (change->previous),
      state_name (change->state), change->reason);
  s = gst_structure_new ("failoversrc-state",
      "state", G_TYPE_STRING, state_name (change->state),
      "previous-state", G_TYPE_STRING, state_name (change->previous),
      "outage-duration", G_TYPE_UINT64, change->outage,
      "retry-deadline", G_TYPE_UINT64, change->deadline,
      "reason", G_TYPE_STRING, change->reason, NULL);
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self), s));
  g_free (change->reason);
  g_free (change);
}

/* Output */

static GstClockTime
running_time_now (GstFailoverSrc * self)
{
  GstClock *clock = gst_element_get_clock (GST_ELEMENT (self));
  GstClockTime now, base;

  if (!clock)
    return GST_CLOCK_TIME_NONE;
  now = gst_clock_get_time (clock);
  base = gst_element_get_base_time (GST_ELEMENT (self));
  gst_object_unref (clock);
  return now > base ? now - base : 0;
}

/* Pushes stream-start, segment and pending caps; then @object (a buffer or
 * an event, consumed). Serialized by the pad's stream lock. */
static void
output_push (GstFailoverSrc * self, guint index, GstMiniObject * object)
{
  GstFailoverSrcOutput *out = &self->outputs[index];
  GstCaps *caps = NULL;

  GST_PAD_STREAM_LOCK (out->pad);
  g_mutex_lock (&self->lock);
  if (out->caps_pending) {
    caps = gst_caps_ref (out->caps);
    out->caps_pending = FALSE;
  }
  g_mutex_unlock (&self->lock);
  if (!out->started) {
    g_autofree gchar *id = gst_pad_create_stream_id (out->pad,
        GST_ELEMENT (self), GST_PAD_NAME (out->pad));
    GstSegment segment;

    gst_pad_push_event (out->pad, gst_event_new_stream_start (id));
    if (caps)
      gst_pad_push_event (out->pad, gst_event_new_caps (caps));
    gst_segment_init (&segment, GST_FORMAT_TIME);
    gst_pad_push_event (out->pad, gst_event_new_segment (&segment));
    out->started = TRUE;
  } else if (caps) {
    gst_pad_push_event (out->pad, gst_event_new_caps (caps));
  }
  gst_clear_caps (&caps);
  if (GST_IS_BUFFER (object))
    gst_pad_push (out->pad, GST_BUFFER_CAST (object));
  else
    gst_pad_push_event (out->pad, GST_EVENT_CAST (object));
  GST_PAD_STREAM_UNLOCK (out->pad);
}

static GstFlowReturn
on_sample (GstAppSink * sink, gpointer user_data)
{
  GstFailoverSrc *self = GST_FAILOVER_SRC (user_data);
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (sink),
          "failoversrc-index"));
  guint generation = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (sink),
          "failoversrc-generation"));
  GstSample *sample = gst_app_sink_pull_sample (sink);
  GstFailoverSrcOutput *out = &self->outputs[index];
  StateChange *change = NULL;
  GstBuffer *buffer;
  GstClockTime in, offset_in, pts, dts;
  GstCaps *caps;
  gint64 now = g_get_monotonic_time ();
  gboolean end_audio = FALSE;
  guint i;

  if (!sample)
    return GST_FLOW_EOS;
  buffer = gst_sample_get_buffer (sample);
  caps = gst_sample_get_caps (sample);

  g_mutex_lock (&self->lock);
  if (generation != self->generation || !self->running
      || self->state == GST_FAILOVER_SRC_STATE_FAILED || self->eos_sent)
    goto drop;
  self->last_data = now;
  self->bytes_in += gst_buffer_get_size (buffer);
  if (self->state != GST_FAILOVER_SRC_STATE_ACTIVE) {
    if (self->outage_started) {
      self->last_outage = (now - self->outage_started) * GST_USECOND;
      self->total_outage += self->last_outage;
    }
    change = set_state (self, GST_FAILOVER_SRC_STATE_ACTIVE, "input back", now);
    self->outage_started = 0;
    self->retrying_started = 0;
    self->backoff = FIRST_BACKOFF;
  }

  if (index == GST_FAILOVER_SRC_AUDIO && self->audio_ended)
    goto drop;

  /* Each chain starts at a video keyframe. */
  if (self->need_keyframe) {
    if (index != GST_FAILOVER_SRC_VIDEO
        || GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT))
      goto drop;
    self->need_keyframe = FALSE;
  }

  in = GST_BUFFER_DTS_OR_PTS (buffer);
  /* A publisher replaced behind the same connection restarts its
   * timestamps: place it on the timeline afresh. */
  if (self->synced && GST_CLOCK_TIME_IS_VALID (in)
      && GST_CLOCK_TIME_IS_VALID (self->chain_last_in)
      && (in + GST_SECOND < self->chain_last_in
          || in > self->chain_last_in + 2 * GST_SECOND)) {
    GST_INFO_OBJECT (self, "input time jumped, placing it anew");
    self->synced = FALSE;
  }
  if (GST_CLOCK_TIME_IS_VALID (in)
      && (!GST_CLOCK_TIME_IS_VALID (self->chain_last_in) || !self->synced
          || in > self->chain_last_in))
    self->chain_last_in = in;
  if (!self->synced) {
    GstClockTime start = running_time_now (self);
    GstClockTime floor = 0;

    for (i = 0; i < GST_FAILOVER_SRC_N_PADS; i++)
      if (GST_CLOCK_TIME_IS_VALID (self->outputs[i].last_end))
        floor = MAX (floor, self->outputs[i].last_end + MIN_STEP);
    if (!GST_CLOCK_TIME_IS_VALID (start) || start < floor)
      start = floor;
    self->chain_first_in = GST_CLOCK_TIME_IS_VALID (in) ? in : 0;
    self->chain_first_out = start;
    self->synced = TRUE;
    for (i = 0; i < GST_FAILOVER_SRC_N_PADS; i++)
      self->outputs[i].discont = TRUE;
  }
  if (!out->caps || !gst_caps_is_equal (out->caps, caps)) {
    gst_caps_replace (&out->caps, caps);
    out->caps_pending = TRUE;
  }

  buffer = gst_buffer_copy (buffer);    /* metadata only; memory shared */
  offset_in = self->chain_first_in;
  pts = GST_BUFFER_PTS (buffer);
  dts = GST_BUFFER_DTS (buffer);
  if (GST_CLOCK_TIME_IS_VALID (pts))
    GST_BUFFER_PTS (buffer) = self->chain_first_out +
        (pts > offset_in ? pts - offset_in : 0);
  if (GST_CLOCK_TIME_IS_VALID (dts))
    GST_BUFFER_DTS (buffer) = self->chain_first_out +
        (dts > offset_in ? dts - offset_in : 0);
  if (out->discont) {
    GST_BUFFER_FLAG_SET (buffer, GST_BUFFER_FLAG_DISCONT);
    out->discont = FALSE;
  }
  {
    GstClockTime t = GST_BUFFER_DTS_OR_PTS (buffer);
    GstClockTime end = t + (GST_BUFFER_DURATION_IS_VALID (buffer) ?
        GST_BUFFER_DURATION (buffer) : 0);
    if (GST_CLOCK_TIME_IS_VALID (t) && (!GST_CLOCK_TIME_IS_VALID
            (out->last_end) || end > out->last_end))
      out->last_end = end;
  }
  out->last_push = now;
  /* A second of video and no audio stream: the input has no audio. The
   * audio pad ends, so that muxers go on with video alone. */
  if (index == GST_FAILOVER_SRC_VIDEO && !self->chain_has_audio
      && !self->audio_ended && ++self->chain_video_frames >= 30) {
    self->audio_ended = TRUE;
    end_audio = TRUE;
  }
  g_mutex_unlock (&self->lock);

  post_state_change (self, change);
  if (end_audio) {
    GST_INFO_OBJECT (self, "the input has no audio");
    output_push (self, GST_FAILOVER_SRC_AUDIO,
        GST_MINI_OBJECT_CAST (gst_event_new_eos ()));
  }
  output_push (self, index, GST_MINI_OBJECT_CAST (buffer));
  gst_sample_unref (sample);
  return GST_FLOW_OK;

drop:
  g_mutex_unlock (&self->lock);
  post_state_change (self, change);
  gst_sample_unref (sample);
  return GST_FLOW_OK;
}

/* The inner pipeline */

static void
fail_fatal (GstFailoverSrc * self, const gchar * reason)
{
  g_mutex_lock (&self->lock);
  self->fatal = TRUE;
  self->chain_lost = TRUE;
  g_free (self->chain_lost_reason);
  self->chain_lost_reason = g_strdup (reason);
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}

static void
on_parsed_pad (GstElement * parsebin, GstPad * pad, gpointer user_data)
{
  GstFailoverSrc *self = GST_FAILOVER_SRC (user_data);
  GstElement *chain = GST_ELEMENT (gst_element_get_parent (parsebin));
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  const gchar *name;
  const gchar *parser, *filter;
  GstElement *parse, *capsfilter, *sink;
  guint index;
  g_autoptr (GstPad) sinkpad = NULL;
  g_autoptr (GstCaps) filter_caps = NULL;
  GstAppSinkCallbacks callbacks = { NULL, NULL, on_sample, NULL, {NULL} };

  if (!caps)
    caps = gst_pad_query_caps (pad, NULL);
  name = gst_structure_get_name (gst_caps_get_structure (caps, 0));
  if (g_str_equal (name, "video/x-h264")) {
    index = GST_FAILOVER_SRC_VIDEO;
    parser = "h264parse";
    filter = "video/x-h264,stream-format=avc,alignment=au";
  } else if (g_str_equal (name, "video/x-h265")) {
    index = GST_FAILOVER_SRC_VIDEO;
    parser = "h265parse";
    filter = "video/x-h265,stream-format=hvc1,alignment=au";
  } else if (g_str_equal (name, "audio/mpeg")
      && gst_structure_has_field (gst_caps_get_structure (caps, 0),
          "mpegversion")
      && !gst_structure_has_field_typed (gst_caps_get_structure (caps, 0),
          "layer", G_TYPE_INT)) {
    index = GST_FAILOVER_SRC_AUDIO;
    parser = "aacparse";
    filter = "audio/mpeg,mpegversion=4,stream-format=raw";
  } else {
    g_autofree gchar *reason = g_strdup_printf ("the input carries %s, which "
        "cannot be restreamed (H.264, H.265 and AAC can)", name);
    GST_ELEMENT_ERROR (self, STREAM, CODEC_NOT_FOUND,
        ("Unsupported codec in the input: %s", name), ("%s", reason));
    fail_fatal (self, reason);
    gst_object_unref (chain);
    return;
  }

  if (index == GST_FAILOVER_SRC_AUDIO) {
    g_mutex_lock (&self->lock);
    self->chain_has_audio = TRUE;
    g_mutex_unlock (&self->lock);
  }
  parse = gst_element_factory_make (parser, NULL);
  capsfilter = gst_element_factory_make ("capsfilter", NULL);
  sink = gst_element_factory_make ("appsink", NULL);
  filter_caps = gst_caps_from_string (filter);
  g_object_set (capsfilter, "caps", filter_caps, NULL);
  g_object_set (sink, "sync", FALSE, "async", FALSE, "max-buffers", 0,
      "enable-last-sample", FALSE, NULL);
  g_object_set_data (G_OBJECT (sink), "failoversrc-index",
      GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (sink), "failoversrc-generation",
      g_object_get_data (G_OBJECT (chain), "failoversrc-generation"));
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);
  gst_bin_add_many (GST_BIN (chain), parse, capsfilter, sink, NULL);
  gst_element_link_many (parse, capsfilter, sink, NULL);
  /* The inner pipeline only ever runs PLAYING; a branch synced to its
   * state while that is still changing would wait for preroll. */
  gst_element_set_state (sink, GST_STATE_PLAYING);
  gst_element_set_state (capsfilter, GST_STATE_PLAYING);
  gst_element_set_state (parse, GST_STATE_PLAYING);
  sinkpad = gst_element_get_static_pad (parse, "sink");
  if (gst_pad_link (pad, sinkpad) != GST_PAD_LINK_OK)
    GST_WARNING_OBJECT (self, "could not link the %s stream", name);
  gst_object_unref (chain);
}

static GstBusSyncReply
on_chain_message (GstBus * bus, GstMessage * message, gpointer user_data)
{
  GstFailoverSrc *self = GST_FAILOVER_SRC (user_data);
  guint generation = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (bus),
          "failoversrc-generation"));
  g_autofree gchar *reason = NULL;

  switch (GST_MESSAGE_TYPE (message)) {
    case GST_MESSAGE_EOS:
      reason = g_strdup ("input EOS");
      break;
    case GST_MESSAGE_ERROR:{
      g_autoptr (GError) err = NULL;
      gst_message_parse_error (message, &err, NULL);
      /* Inner error texts do not carry the URL. */
      reason = g_strdup_printf ("input error: %s", err->message);
      break;
    }
    default:
      return GST_BUS_DROP;
  }
  g_mutex_lock (&self->lock);
  if (generation == self->generation && !self->chain_lost) {
    GST_INFO_OBJECT (self, "chain %u lost: %s", generation, reason);
    self->chain_lost = TRUE;
    g_free (self->chain_lost_reason);
    self->chain_lost_reason = g_steal_pointer (&reason);
    g_cond_signal (&self->cond);
  }
  g_mutex_unlock (&self->lock);
  return GST_BUS_DROP;
}

/* Builds the source of the inner pipeline for @uri, or NULL. */
static GstElement *
make_source (const gchar * uri, gboolean tls_validation, GError ** error)
{
  g_autofree gchar *scheme = g_uri_parse_scheme (uri);
  GstElement *source = NULL;

  if (!scheme) {
    g_set_error (error, GST_URI_ERROR, GST_URI_ERROR_BAD_URI,
        "not a URI (expected rtmp://, rtmps://, srt:// or file://)");
  } else if (g_ascii_strcasecmp (scheme, "rtmp") == 0
      || g_ascii_strcasecmp (scheme, "rtmps") == 0) {
    source = gst_element_factory_make ("rtmp2src", NULL);
    if (source) {
      g_object_set (source, "location", uri, NULL);
      if (!tls_validation)
        g_object_set (source, "tls-validation-flags", 0, NULL);
    }
  } else if (g_ascii_strcasecmp (scheme, "srt") == 0) {
    source = gst_element_factory_make ("srtsrc", NULL);
    if (source)
      g_object_set (source, "uri", uri, "poll-timeout", 1000, NULL);
  } else if (g_ascii_strcasecmp (scheme, "file") == 0) {
    g_autofree gchar *host = NULL;
    g_autofree gchar *path = g_filename_from_uri (uri, &host, NULL);
    if (!path || (host && g_ascii_strcasecmp (host, "localhost") != 0)) {
      g_set_error (error, GST_URI_ERROR, GST_URI_ERROR_BAD_URI,
          "not a file:// URI of an absolute path");
      return NULL;
    }
    source = gst_element_factory_make ("filesrc", NULL);
    if (source)
      g_object_set (source, "location", path, NULL);
  } else {
    g_set_error (error, GST_URI_ERROR, GST_URI_ERROR_UNSUPPORTED_PROTOCOL,
        "'%s://' inputs are not supported (rtmp://, rtmps://, srt://, "
        "file://)", scheme);
    return NULL;
  }
  if (!source && error && !*error)
    g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
        "the element that reads %s:// inputs is not installed", scheme);
  return source;
}

/* Call without lock, from the control thread only. */
static void
chain_stop (GstElement * chain)
{
  if (!chain)
    return;
  gst_element_set_state (chain, GST_STATE_NULL);
  gst_object_unref (chain);
}

static GstElement *
chain_start (GstFailoverSrc * self, guint generation)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *uri = NULL;
  GstElement *chain, *source, *parsebin;
  GstBus *bus;
  gboolean tls_validation;

  GST_OBJECT_LOCK (self);
  uri = g_strdup (self->uri);
  tls_validation = self->tls_validation;
  GST_OBJECT_UNLOCK (self);

  source = make_source (uri, tls_validation, &error);
  parsebin = gst_element_factory_make ("parsebin", NULL);
  if (!source || !parsebin) {
    gst_clear_object (&source);
    gst_clear_object (&parsebin);
    return NULL;
  }
  chain = gst_pipeline_new (NULL);
  g_object_set_data (G_OBJECT (chain), "failoversrc-generation",
      GUINT_TO_POINTER (generation));
  /* The inner pipeline runs on its own clock: its timestamps are only
   * read, never synchronised against. */
  gst_bin_add_many (GST_BIN (chain), source, parsebin, NULL);
  gst_element_link (source, parsebin);
  g_signal_connect (parsebin, "pad-added", G_CALLBACK (on_parsed_pad), self);
  bus = gst_element_get_bus (chain);
  g_object_set_data (G_OBJECT (bus), "failoversrc-generation",
      GUINT_TO_POINTER (generation));
  gst_bus_set_sync_handler (bus, on_chain_message, self, NULL);
  gst_object_unref (bus);
  if (gst_element_set_state (chain, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE) {
    g_mutex_lock (&self->lock);
    if (!self->chain_lost) {
      self->chain_lost = TRUE;
      g_free (self->chain_lost_reason);
      self->chain_lost_reason = g_strdup ("input did not start");
    }
    g_mutex_unlock (&self->lock);
  }
  return chain;
}

/* The control thread: outage detection, retries, gaps */

static void
push_gaps (GstFailoverSrc * self, gint64 now)
{
  guint i;

  for (i = 0; i < GST_FAILOVER_SRC_N_PADS; i++) {
    GstFailoverSrcOutput *out = &self->outputs[i];
    GstClockTime position, end;
    gboolean push;

    g_mutex_lock (&self->lock);
    /* Only once a pad has caps, and while it gets no data. */
    push = out->started && out->caps && now - out->last_push > TICK_US
        && !(i == GST_FAILOVER_SRC_AUDIO && self->audio_ended)
        && GST_CLOCK_TIME_IS_VALID (out->last_end)
        && self->state != GST_FAILOVER_SRC_STATE_FAILED && !self->eos_sent;
    position = out->last_end;
    end = running_time_now (self);
    if (push && GST_CLOCK_TIME_IS_VALID (end) && end > position) {
      out->last_end = end;
      out->last_push = now;
    } else {
      push = FALSE;
    }
    g_mutex_unlock (&self->lock);
    if (push)
      output_push (self, i, GST_MINI_OBJECT_CAST (gst_event_new_gap (position,
                  end - position)));
  }
}

static gpointer
control_thread (gpointer user_data)
{
  GstFailoverSrc *self = GST_FAILOVER_SRC (user_data);
  GstElement *old_chain = NULL, *new_chain = NULL;

  g_mutex_lock (&self->lock);
  while (self->running) {
    gint64 now = g_get_monotonic_time (), idle;
    GstClockTime threshold, timeout, backoff_max;
    StateChange *change = NULL;
    gboolean restart = FALSE, finish = FALSE;
    guint generation = 0;

    g_cond_wait_until (&self->cond, &self->lock, now + TICK_US);
    if (!self->running)
      break;
    now = g_get_monotonic_time ();
    GST_OBJECT_LOCK (self);
    threshold = self->outage_threshold;
    timeout = self->retry_timeout;
    backoff_max = self->retry_backoff_max;
    GST_OBJECT_UNLOCK (self);

    if (self->state == GST_FAILOVER_SRC_STATE_FAILED)
      continue;
    idle = now - (self->last_data ? self->last_data : self->chain_started);

    if (self->fatal) {
      change = set_state (self, GST_FAILOVER_SRC_STATE_FAILED,
          self->chain_lost_reason, now);
      finish = TRUE;
    } else {
      if ((GstClockTime) idle * GST_USECOND > threshold
          && self->state != GST_FAILOVER_SRC_STATE_RETRYING) {
        g_autofree gchar *reason = g_strdup_printf ("no data for %.1f s%s%s",
            idle / 1e6, self->chain_lost_reason ? ": " : "",
            self->chain_lost_reason ? self->chain_lost_reason : "");
        self->outage_started = now - idle;
        self->retrying_started = now;
        self->outages++;
        change = set_state (self, GST_FAILOVER_SRC_STATE_RETRYING, reason, now);
      }
      /* The retry period starts when retrying does, as the service's
       * algorithm has it: after the outage threshold. */
      if (self->state == GST_FAILOVER_SRC_STATE_RETRYING
          && (GstClockTime) (now - self->retrying_started) * GST_USECOND >
          timeout) {
        post_state_change (self, change);
        change = set_state (self, GST_FAILOVER_SRC_STATE_FAILED,
            "retry timeout reached", now);
        finish = TRUE;
      } else if ((self->chain_lost
              || (GstClockTime) idle * GST_USECOND > threshold)
          && now >= self->next_attempt) {
        /* Pull again: at once after a loss, then with backoff. */
        restart = TRUE;
        generation = ++self->generation;
        old_chain = g_steal_pointer (&self->chain);
        self->chain_lost = FALSE;
        self->synced = FALSE;
        self->chain_last_in = GST_CLOCK_TIME_NONE;
        self->chain_has_audio = FALSE;
        self->chain_video_frames = 0;
        self->need_keyframe = TRUE;
        self->restarts++;
        self->next_attempt = now + self->backoff / GST_USECOND;
        self->backoff = MIN (self->backoff * 2, backoff_max);
      }
    }
    if (finish) {
      self->generation++;
      old_chain = g_steal_pointer (&self->chain);
    }
    g_mutex_unlock (&self->lock);

    post_state_change (self, change);
    chain_stop (g_steal_pointer (&old_chain));
    if (restart) {
      GST_DEBUG_OBJECT (self, "pulling the input again (attempt %u)",
          generation);
      new_chain = chain_start (self, generation);
    }
    if (finish) {
      guint i;
      for (i = 0; i < GST_FAILOVER_SRC_N_PADS; i++)
        output_push (self, i, GST_MINI_OBJECT_CAST (gst_event_new_eos ()));
    } else {
      push_gaps (self, now);
    }

    g_mutex_lock (&self->lock);
    if (new_chain) {
      if (generation == self->generation && self->running)
        self->chain = g_steal_pointer (&new_chain);
      else
        old_chain = g_steal_pointer (&new_chain);
    }
    if (old_chain) {
      g_mutex_unlock (&self->lock);
      chain_stop (g_steal_pointer (&old_chain));
      g_mutex_lock (&self->lock);
    }
  }
  old_chain = g_steal_pointer (&self->chain);
  self->generation++;
  g_mutex_unlock (&self->lock);
  chain_stop (old_chain);
  return NULL;
}

static gboolean
check_uri (GstFailoverSrc * self)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *uri = NULL;
  GstElement *probe;

  GST_OBJECT_LOCK (self);
  uri = g_strdup (self->uri);
  GST_OBJECT_UNLOCK (self);
  if (!uri) {
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND, ("No input URI set."),
        ("set the uri property"));
    return FALSE;
  }
  probe = make_source (uri, TRUE, &error);
  if (!probe) {
    g_autofree gchar *shown = gst_restream_redact_url (uri);
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
        ("Cannot read the input %s: %s", shown, error->message), (NULL));
    return FALSE;
  }
  gst_object_unref (probe);
  return TRUE;
}

static void
start (GstFailoverSrc * self)
{
  guint i;

  g_mutex_lock (&self->lock);
  if (self->running) {
    /* Paused and playing again: the input kept running. */
    g_mutex_unlock (&self->lock);
    return;
  }
  self->state = GST_FAILOVER_SRC_STATE_CONNECTING;
  self->last_data = 0;
  self->chain_started = g_get_monotonic_time ();
  self->outage_started = 0;
  self->retrying_started = 0;
  self->next_attempt = 0;
  self->backoff = FIRST_BACKOFF;
  self->fatal = FALSE;
  self->eos_sent = FALSE;
  self->chain_lost = TRUE;      /* the first pull happens at the first tick */
  g_clear_pointer (&self->chain_lost_reason, g_free);
  self->synced = FALSE;
  self->need_keyframe = TRUE;
  self->audio_ended = FALSE;
  self->restarts = self->outages = self->bytes_in = 0;
  self->total_outage = self->last_outage = 0;
  for (i = 0; i < GST_FAILOVER_SRC_N_PADS; i++) {
    self->outputs[i].last_end = GST_CLOCK_TIME_NONE;
    self->outputs[i].last_push = 0;
    self->outputs[i].started = FALSE;
    self->outputs[i].caps_pending = FALSE;
    gst_clear_caps (&self->outputs[i].caps);
  }
  self->running = TRUE;
  self->control = g_thread_new ("failoversrc", control_thread, self);
  g_mutex_unlock (&self->lock);
}

static void
stop (GstFailoverSrc * self)
{
  GThread *control;

  g_mutex_lock (&self->lock);
  self->running = FALSE;
  g_cond_signal (&self->cond);
  control = g_steal_pointer (&self->control);
  g_mutex_unlock (&self->lock);
  if (control)
    g_thread_join (control);
}

/* EOS from the application (gst-launch-1.0 -e, a clean shutdown): both
 * pads end, whatever the input does; the input keeps being pulled until
 * the element leaves PAUSED. */
static gboolean
gst_failover_src_send_event (GstElement * element, GstEvent * event)
{
  GstFailoverSrc *self = GST_FAILOVER_SRC (element);
  guint i;

  if (GST_EVENT_TYPE (event) != GST_EVENT_EOS)
    return GST_ELEMENT_CLASS (parent_class)->send_event (element, event);
  g_mutex_lock (&self->lock);
  self->eos_sent = TRUE;
  g_mutex_unlock (&self->lock);
  for (i = 0; i < GST_FAILOVER_SRC_N_PADS; i++)
    output_push (self, i, GST_MINI_OBJECT_CAST (gst_event_ref (event)));
  gst_event_unref (event);
  return TRUE;
}

static GstStateChangeReturn
gst_failover_src_change_state (GstElement * element, GstStateChange transition)
{
  GstFailoverSrc *self = GST_FAILOVER_SRC (element);
  GstStateChangeReturn ret;

  switch (transition) {
    case GST_STATE_CHANGE_READY_TO_PAUSED:
      /* A URI that retrying cannot fix fails here, not in an hour. */
      if (!check_uri (self))
        return GST_STATE_CHANGE_FAILURE;
      break;
    case GST_STATE_CHANGE_PAUSED_TO_PLAYING:
      /* Output is placed on running time: it is known from here on. */
      start (self);
      break;
    case GST_STATE_CHANGE_PAUSED_TO_READY:
      /* Not when pausing: a push blocked in a paused downstream would never
       * return. Going to READY, downstream is flushing already. */
      stop (self);
      break;
    default:
      break;
  }

  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
  if (ret == GST_STATE_CHANGE_FAILURE)
    return ret;

  switch (transition) {
    case GST_STATE_CHANGE_READY_TO_PAUSED:
      /* A live source: no preroll. */
      ret = GST_STATE_CHANGE_NO_PREROLL;
      break;
    case GST_STATE_CHANGE_PLAYING_TO_PAUSED:
      ret = GST_STATE_CHANGE_NO_PREROLL;
      break;
    default:
      break;
  }
  return ret;
}
