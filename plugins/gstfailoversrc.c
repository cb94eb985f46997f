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
#include "gstfailoversrc-private.h"
#include "gstfailoverinput.h"
#include "gstfailoverretime.h"
#include "gstfailoverpolicy.h"
#include "gstfailoversettings.h"
#include "gstfailoverreport.h"
#include "gstfailoveroutput.h"
#include "gstrestreamtarget.h"
#include "gstrestreamslate.h"


/* Shared with the inner pipeline (gstfailoverinput.c). */
GST_DEBUG_CATEGORY (failoversrc_debug);
#define GST_CAT_DEFAULT failoversrc_debug

/* A second of video and no audio stream: the input has no audio. */
#define VIDEO_FRAMES_WITHOUT_AUDIO 30

/* After the settings' properties (gstfailoversettings.h). */
enum
{
  PROP_STATE = GST_FAILOVER_SETTINGS_N_PROPS,
  PROP_STATS,
};

/* *INDENT-OFF* */
static GstStaticPadTemplate video_template = GST_STATIC_PAD_TEMPLATE ("video",
    GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("video/x-h264, stream-format=avc, alignment=au; "
        "video/x-h265, stream-format=hvc1, alignment=au"));
static GstStaticPadTemplate audio_template = GST_STATIC_PAD_TEMPLATE ("audio",
    GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("audio/mpeg, mpegversion=4, stream-format=raw"));
/* *INDENT-ON* */

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
install_properties (GObjectClass * gobject_class)
{
  gst_failover_settings_install_properties (gobject_class);
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
}

static void
gst_failover_src_class_init (GstFailoverSrcClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gobject_class->finalize = gst_failover_src_finalize;
  gobject_class->set_property = gst_failover_src_set_property;
  gobject_class->get_property = gst_failover_src_get_property;
  install_properties (gobject_class);

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

  gst_failover_settings_init (&self->settings);
  gst_failover_settings_init (&self->in_use);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  gst_failover_retime_init (&self->state.retime);

  self->pads[GST_FAILOVER_SRC_VIDEO] =
      gst_pad_new_from_static_template (&video_template, "video");
  self->pads[GST_FAILOVER_SRC_AUDIO] =
      gst_pad_new_from_static_template (&audio_template, "audio");
  for (i = 0; i < GST_FAILOVER_SRC_N_PADS; i++) {
    gst_pad_use_fixed_caps (self->pads[i]);
    gst_element_add_pad (GST_ELEMENT (self), self->pads[i]);
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
    gst_failover_output_reset (&self->state.outputs[i]);
  gst_failover_settings_clear (&self->settings);
  gst_failover_settings_clear (&self->in_use);
  g_free (self->state.chain_lost_reason);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_failover_src_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstFailoverSrc *self = GST_FAILOVER_SRC (object);
  gboolean known;

  GST_OBJECT_LOCK (self);
  known = gst_failover_settings_set_property (&self->settings, prop_id, value);
  GST_OBJECT_UNLOCK (self);
  if (!known)
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static GstStructure *
gst_failover_src_stats (GstFailoverSrc * self)
{
  GstStructure *s;

  g_mutex_lock (&self->lock);
  s = gst_failover_report_stats (&self->state.policy, self->state.bytes_in);
  gst_failover_src_slate_stats (self, s);
  g_mutex_unlock (&self->lock);
  return s;
}

static void
gst_failover_src_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstFailoverSrc *self = GST_FAILOVER_SRC (object);
  gboolean known;

  switch (prop_id) {
    case PROP_STATE:
      g_mutex_lock (&self->lock);
      g_value_set_enum (value, self->state.policy.current);
      g_mutex_unlock (&self->lock);
      break;
    case PROP_STATS:
      g_value_take_boxed (value, gst_failover_src_stats (self));
      break;
    default:
      GST_OBJECT_LOCK (self);
      known = gst_failover_settings_get_property (&self->settings, prop_id,
          value);
      GST_OBJECT_UNLOCK (self);
      if (!known)
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

/* Messages */

/* Call with lock. Returns the message to post after unlocking, if
 * @transition is a change of state. */
GstStructure *
gst_failover_src_state_change_new (GstFailoverSrc * self,
    const GstFailoverTransition * transition, const gchar * reason)
{
  if (!transition->changed)
    return NULL;
  GST_INFO_OBJECT (self, "%s -> %s: %s",
      gst_failover_report_state_name (transition->previous),
      gst_failover_report_state_name (transition->state), reason);
  return gst_failover_report_state (transition, reason);
}

void
gst_failover_src_post_state_change (GstFailoverSrc * self,
    GstStructure * change)
{
  if (change)
    gst_element_post_message (GST_ELEMENT (self),
        gst_message_new_element (GST_OBJECT (self), change));
}

/* Output */

GstClockTime
gst_failover_src_running_time_now (GstFailoverSrc * self)
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

/* Call without lock. */
void
gst_failover_src_output_push (GstFailoverSrc * self, guint index,
    GstMiniObject * object)
{
  gst_failover_output_push (&self->state.outputs[index], self->pads[index],
      GST_ELEMENT (self), &self->lock, object);
}

/* Call with lock. Data arrived: the input is active again. */
static GstStructure *
note_data (GstFailoverSrc * self, GstBuffer * buffer, gint64 now)
{
  GstFailoverTransition transition;

  self->state.bytes_in += gst_buffer_get_size (buffer);
  if (!gst_failover_policy_note_data (&self->state.policy, now, &transition))
    return NULL;
  return gst_failover_src_state_change_new (self, &transition, "input back");
}

/* Call with lock. Returns a copy of @buffer on the output timeline, or
 * NULL if it is not output. */
static GstBuffer *
retime_buffer (GstFailoverSrc * self, guint index, GstBuffer * buffer,
    GstCaps * caps, gint64 now, GstStructure ** slate_change)
{
  State *state = &self->state;
  GstFailoverRetime *retime = &state->retime;
  GstClockTime in;

  if (index == GST_FAILOVER_SRC_AUDIO && state->audio_ended)
    return NULL;
  if (!gst_failover_src_live_admit (self, index, buffer, now, slate_change))
    return NULL;
  if (!gst_failover_retime_admit (retime, index == GST_FAILOVER_SRC_VIDEO,
          GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT)))
    return NULL;

  in = GST_BUFFER_DTS_OR_PTS (buffer);
  if (gst_failover_retime_observe (retime, in))
    GST_INFO_OBJECT (self, "input time jumped, placing it anew");
  if (!retime->synced)
    gst_failover_retime_place (retime, in,
        gst_failover_src_running_time_now (self));
  gst_failover_output_set_caps (&state->outputs[index], caps);

  buffer = gst_buffer_copy (buffer);    /* metadata only; memory shared */
  gst_failover_retime_buffer (retime, index, buffer);
  gst_failover_src_live_measure (self, index, buffer);
  return buffer;
}

/* The inner pipeline */

static GstFlowReturn
on_sample (GstElement * owner, guint generation, guint index,
    GstSample * sample)
{
  GstFailoverSrc *self = GST_FAILOVER_SRC (owner);
  State *state = &self->state;
  GstStructure *change = NULL, *slate_change = NULL;
  GstBuffer *buffer = NULL;
  gint64 now = g_get_monotonic_time ();
  gboolean end_audio = FALSE;

  g_mutex_lock (&self->lock);
  if (generation == state->generation && self->running
      && state->policy.current != GST_FAILOVER_SRC_STATE_FAILED
      && !state->eos_sent) {
    change = note_data (self, gst_sample_get_buffer (sample), now);
    buffer = retime_buffer (self, index, gst_sample_get_buffer (sample),
        gst_sample_get_caps (sample), now, &slate_change);
  }
  if (buffer) {
    state->outputs[index].last_push = now;
    /* The audio pad ends, so that muxers go on with video alone. */
    if (index == GST_FAILOVER_SRC_VIDEO && !state->chain_has_audio
        && !state->audio_ended
        && ++state->chain_video_frames >= VIDEO_FRAMES_WITHOUT_AUDIO) {
      state->audio_ended = TRUE;
      end_audio = TRUE;
    }
  }
  g_mutex_unlock (&self->lock);

  gst_failover_src_post_state_change (self, change);
  gst_failover_src_post_state_change (self, slate_change);
  if (end_audio) {
    GST_INFO_OBJECT (self, "the input has no audio");
    gst_failover_src_output_push (self, GST_FAILOVER_SRC_AUDIO,
        GST_MINI_OBJECT_CAST (gst_event_new_eos ()));
  }
  if (buffer)
    gst_failover_src_output_push (self, index, GST_MINI_OBJECT_CAST (buffer));
  return GST_FLOW_OK;
}

/* Call with lock. */
static void
lose_chain (GstFailoverSrc * self, const gchar * reason)
{
  self->state.policy.chain_lost = TRUE;
  g_free (self->state.chain_lost_reason);
  self->state.chain_lost_reason = g_strdup (reason);
  g_cond_signal (&self->cond);
}

static void
on_stream (GstElement * owner, guint index)
{
  GstFailoverSrc *self = GST_FAILOVER_SRC (owner);

  if (index != GST_FAILOVER_SRC_AUDIO)
    return;
  g_mutex_lock (&self->lock);
  self->state.chain_has_audio = TRUE;
  g_mutex_unlock (&self->lock);
}

static void
on_lost (GstElement * owner, guint generation, const gchar * reason)
{
  GstFailoverSrc *self = GST_FAILOVER_SRC (owner);

  g_mutex_lock (&self->lock);
  if (generation == self->state.generation && !self->state.policy.chain_lost) {
    GST_INFO_OBJECT (self, "chain %u lost: %s", generation, reason);
    lose_chain (self, reason);
  }
  g_mutex_unlock (&self->lock);
}

/* A caller connected to or left the listening input of @generation. */
static void
on_peer (GstElement * owner, guint generation, gboolean connected)
{
  GstFailoverSrc *self = GST_FAILOVER_SRC (owner);

  g_mutex_lock (&self->lock);
  if (generation == self->state.generation) {
    GST_INFO_OBJECT (self, "a caller %s the input (attempt %u)",
        connected ? "connected to" : "left", generation);
    gst_failover_policy_note_peer (&self->state.policy, connected,
        g_get_monotonic_time ());
  }
  g_mutex_unlock (&self->lock);
}

/* Retrying cannot fix this: the element fails at the next tick. */
static void
on_unsupported (GstElement * owner, const gchar * codec, const gchar * reason)
{
  GstFailoverSrc *self = GST_FAILOVER_SRC (owner);

  GST_ELEMENT_ERROR (self, STREAM, CODEC_NOT_FOUND,
      ("Unsupported codec in the input: %s", codec), ("%s", reason));
  g_mutex_lock (&self->lock);
  self->state.policy.fatal = TRUE;
  lose_chain (self, reason);
  g_mutex_unlock (&self->lock);
}

/* *INDENT-OFF* */
static const GstFailoverInputCallbacks input_callbacks = {
  on_sample, on_stream, on_lost, on_unsupported, on_peer,
};
/* *INDENT-ON* */

/* Call without lock, from the control thread only. */
GstElement *
gst_failover_src_chain_start (GstFailoverSrc * self, guint generation)
{
  gboolean started;
  GstElement *chain = gst_failover_input_start (GST_ELEMENT (self),
      &input_callbacks, self->in_use.uri, self->in_use.tls_validation,
      generation, &started);

  if (!started) {
    g_mutex_lock (&self->lock);
    if (!self->state.policy.chain_lost)
      lose_chain (self, "input did not start");
    g_mutex_unlock (&self->lock);
  }
  return chain;
}

static gboolean
check_uri (GstFailoverSrc * self)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *uri = NULL;
  g_autofree gchar *slate_image = NULL;
  gboolean slate;
  GstElement *probe;

  GST_OBJECT_LOCK (self);
  uri = g_strdup (self->settings.uri);
  slate = self->settings.slate;
  slate_image = g_strdup (self->settings.slate_image);
  GST_OBJECT_UNLOCK (self);
  if (!uri) {
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND, ("No input URI set."),
        ("set the uri property"));
    return FALSE;
  }
  if (slate && slate_image
      && !gst_restream_slate_image_check (slate_image, &error)) {
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
        ("Cannot use the slate image: %s", error->message), (NULL));
    return FALSE;
  }
  probe = gst_failover_input_make_source (uri, TRUE, &error);
  if (!probe) {
    g_autofree gchar *shown = gst_restream_redact_url (uri);
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
        ("Cannot read the input %s: %s", shown, error->message), (NULL));
    return FALSE;
  }
  gst_object_unref (probe);
  return TRUE;
}

/* Call with lock, while no thread of the element runs. */
void
gst_failover_src_reset_state (GstFailoverSrc * self)
{
  State *state = &self->state;
  guint i;

  gst_failover_policy_reset (&state->policy,
      self->in_use.outage_threshold, self->in_use.retry_timeout,
      self->in_use.retry_backoff_max, g_get_monotonic_time ());
  state->eos_sent = FALSE;
  g_clear_pointer (&state->chain_lost_reason, g_free);
  gst_failover_retime_init (&state->retime);
  state->audio_ended = FALSE;
  state->bytes_in = 0;
  g_warn_if_fail (state->slate == NULL);
  gst_failover_retime_init (&state->slate_retime);
  state->slate_on_air = state->slate_done = FALSE;
  state->slate_card_only = state->slate_broken = FALSE;
  state->slates = 0;
  state->slate_time = 0;
  state->live_bytes = state->live_frames = 0;
  state->live_span = 0;
  state->live_last_dts = GST_CLOCK_TIME_NONE;
  for (i = 0; i < GST_FAILOVER_SRC_N_PADS; i++)
    gst_failover_output_reset (&state->outputs[i]);
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
  self->state.eos_sent = TRUE;
  g_mutex_unlock (&self->lock);
  for (i = 0; i < GST_FAILOVER_SRC_N_PADS; i++)
    gst_failover_src_output_push (self, i,
        GST_MINI_OBJECT_CAST (gst_event_ref (event)));
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
      gst_failover_src_control_start (self);
      break;
    case GST_STATE_CHANGE_PAUSED_TO_READY:
      /* Not when pausing: a push blocked in a paused downstream would never
       * return. Going to READY, downstream is flushing already. */
      gst_failover_src_control_stop (self);
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
