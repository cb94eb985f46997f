/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* failoversrc's two sources and which of them is on air: the live input
 * or, while it is down, the slate (gstfailoverslate.c). Each switch
 * happens on a keyframe of the source that takes over, continues the
 * timeline where the other left it (gst_failover_retime_handover) and
 * carries that source's caps, so muxers send its codec data again. The
 * control thread starts and stops the slate's encoder; the switches
 * happen in the streaming thread of the source that takes over, which
 * posts failoversrc-slate before it pushes. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstfailoversrc-private.h"
#include "gstrestreammessages.h"

#define GST_CAT_DEFAULT failoversrc_debug

/* Gaps between frames longer than this are outages, not frame spacing. */
#define MEASURE_MAX_STEP GST_SECOND

GstFailoverRetime *
gst_failover_src_on_air_retime (GstFailoverSrc * self)
{
  return self->state.slate_on_air ? &self->state.slate_retime :
      &self->state.retime;
}

static GstStructure *
slate_message (GstFailoverSrc * self, gboolean on_air, GstClockTime duration)
{
  State *state = &self->state;
  GstStructure *s = gst_structure_new (GST_FAILOVER_SRC_MSG_SLATE,
      GST_FAILOVER_SRC_FIELD_ON_AIR, G_TYPE_BOOLEAN, on_air,
      GST_FAILOVER_SRC_FIELD_SLATE_SOURCE, G_TYPE_STRING,
      state->slate ? gst_failover_slate_source (state->slate) :
      GST_FAILOVER_SRC_SLATE_SOURCE_CARD,
      GST_FAILOVER_SRC_FIELD_SLATE_FORMAT, G_TYPE_STRING,
      state->slate ? gst_failover_slate_format (state->slate) : "", NULL);

  if (!on_air)
    gst_structure_set (s, GST_FAILOVER_SRC_FIELD_SLATE_DURATION,
        G_TYPE_UINT64, duration, NULL);
  return s;
}

/* Call with lock. The slate leaves the air; the input's timeline goes on
 * from where the slate's ended. */
static GstStructure *
slate_off_air (GstFailoverSrc * self, gint64 now)
{
  State *state = &self->state;
  GstClockTime duration = (now - state->slate_since) * GST_USECOND;

  gst_failover_retime_handover (&state->retime, &state->slate_retime);
  state->slate_on_air = FALSE;
  state->slate_time += duration;
  state->slate_done = TRUE;
  state->live_bytes = state->live_frames = 0;
  state->live_span = 0;
  state->live_last_dts = GST_CLOCK_TIME_NONE;
  g_cond_signal (&self->cond);
  GST_INFO_OBJECT (self, "slate off air after %.1f s",
      (gdouble) duration / GST_SECOND);
  return slate_message (self, FALSE, duration);
}

gboolean
gst_failover_src_live_admit (GstFailoverSrc * self, guint index,
    GstBuffer * buffer, gint64 now, GstStructure ** message)
{
  if (!self->state.slate_on_air)
    return TRUE;
  /* The input takes over at its first keyframe. */
  if (index != GST_FAILOVER_SRC_VIDEO
      || GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT))
    return FALSE;
  *message = slate_off_air (self, now);
  return TRUE;
}

void
gst_failover_src_live_measure (GstFailoverSrc * self, guint index,
    GstBuffer * buffer)
{
  State *state = &self->state;
  GstClockTime dts = GST_BUFFER_DTS_OR_PTS (buffer);

  if (index != GST_FAILOVER_SRC_VIDEO || !GST_CLOCK_TIME_IS_VALID (dts))
    return;
  if (GST_CLOCK_TIME_IS_VALID (state->live_last_dts)
      && dts > state->live_last_dts
      && dts - state->live_last_dts < MEASURE_MAX_STEP) {
    state->live_span += dts - state->live_last_dts;
    state->live_frames++;
    state->live_bytes += gst_buffer_get_size (buffer);
  }
  state->live_last_dts = dts;
}

/* Call with lock. The frame rate of the measured input, as the nearest
 * whole or NTSC (×1000/1001) rate. */
static void
measured_fps (const State * state, gint * n, gint * d)
{
  gdouble fps, whole, ntsc;

  *n = *d = 0;
  if (state->live_frames < 10 || state->live_span == 0)
    return;
  fps = state->live_frames * (gdouble) GST_SECOND / state->live_span;
  whole = (gint) (fps + 0.5);
  ntsc = (gint) (fps * 1.001 + 0.5);
  if (whole >= 1 && ABS (fps - whole) < 0.02 * whole) {
    *n = whole;
    *d = 1;
  } else if (ntsc >= 1 && ABS (fps - ntsc / 1.001) < 0.02 * ntsc) {
    *n = ntsc * 1000;
    *d = 1001;
  }
}

/* Samples of the slate */

static void
on_slate_sample (GstElement * owner, guint generation, guint index,
    GstSample * sample)
{
  GstFailoverSrc *self = GST_FAILOVER_SRC (owner);
  State *state = &self->state;
  GstBuffer *in = gst_sample_get_buffer (sample), *out = NULL;
  GstStructure *message = NULL;
  gint64 now = g_get_monotonic_time ();

  g_mutex_lock (&self->lock);
  if (generation != state->slate_generation || !self->running
      || state->eos_sent || state->slate_done
      || state->policy.current == GST_FAILOVER_SRC_STATE_FAILED
      || (index == GST_FAILOVER_SRC_AUDIO && state->audio_ended))
    goto done;
  if (!state->slate_on_air) {
    /* On air at the slate's first keyframe, while the input is down. */
    if (state->policy.current != GST_FAILOVER_SRC_STATE_RETRYING
        || index != GST_FAILOVER_SRC_VIDEO
        || GST_BUFFER_FLAG_IS_SET (in, GST_BUFFER_FLAG_DELTA_UNIT))
      goto done;
    gst_failover_retime_handover (&state->slate_retime, &state->retime);
    state->slate_on_air = TRUE;
    state->slate_since = now;
    state->slates++;
    message = slate_message (self, TRUE, 0);
    GST_INFO_OBJECT (self, "slate on air");
  }
  if (!gst_failover_retime_admit (&state->slate_retime,
          index == GST_FAILOVER_SRC_VIDEO,
          GST_BUFFER_FLAG_IS_SET (in, GST_BUFFER_FLAG_DELTA_UNIT)))
    goto done;
  if (!state->slate_retime.synced)
    gst_failover_retime_place (&state->slate_retime, GST_BUFFER_DTS_OR_PTS (in),
        gst_failover_src_running_time_now (self));
  gst_failover_output_set_caps (&state->outputs[index],
      gst_sample_get_caps (sample));
  out = gst_buffer_copy (in);
  gst_failover_retime_buffer (&state->slate_retime, index, out);
  state->outputs[index].last_push = now;
done:
  g_mutex_unlock (&self->lock);
  GST_LOG_OBJECT (self, "slate %u %s %" GST_TIME_FORMAT ": %s", generation,
      index == GST_FAILOVER_SRC_VIDEO ? "video" : "audio",
      GST_TIME_ARGS (GST_BUFFER_PTS (in)), out ? "out" : "dropped");
  gst_failover_src_post_state_change (self, message);
  if (out)
    gst_failover_src_output_push (self, index, GST_MINI_OBJECT_CAST (out));
}

static void
on_slate_failed (GstElement * owner, guint generation, const gchar * reason)
{
  GstFailoverSrc *self = GST_FAILOVER_SRC (owner);
  State *state = &self->state;
  GstStructure *message = NULL;
  gboolean card = FALSE, current;

  g_mutex_lock (&self->lock);
  current = generation == state->slate_generation;
  if (current && state->slate && !state->slate_done) {
    card = g_strcmp0 (gst_failover_slate_source (state->slate),
        GST_FAILOVER_SRC_SLATE_SOURCE_IMAGE) == 0;
    if (card)
      state->slate_card_only = TRUE;
    else
      state->slate_broken = TRUE;
    /* Off air: gaps again until the card is up, or for good. */
    if (state->slate_on_air)
      message = slate_off_air (self, g_get_monotonic_time ());
    state->slate_done = TRUE;
    g_cond_signal (&self->cond);
  }
  g_mutex_unlock (&self->lock);
  gst_failover_src_post_state_change (self, message);
  if (current)
    GST_ELEMENT_WARNING (self, STREAM, ENCODE, ("The slate failed: %s%s",
            reason, card ? "; the card is shown instead of the image" : ""),
        (NULL));
}

/* *INDENT-OFF* */
static const GstFailoverSlateCallbacks slate_callbacks = {
  on_slate_sample, on_slate_failed,
};
/* *INDENT-ON* */

/* The control thread */

/* Call with lock. The encoder is started when the input has been silent
 * for half the outage threshold, so that the slate is ready to go on air
 * the moment the input counts as down: the targets' gap is the threshold,
 * not the threshold plus the encoder's start. */
static gboolean
slate_wanted (const State * state, gint64 now)
{
  const GstFailoverPolicy *policy = &state->policy;

  if (policy->current == GST_FAILOVER_SRC_STATE_RETRYING)
    return TRUE;
  return policy->current == GST_FAILOVER_SRC_STATE_ACTIVE
      && policy->last_data != 0
      && (GstClockTime) (now - policy->last_data) * GST_USECOND >=
      policy->outage_threshold / 2;
}

void
gst_failover_src_slate_end (GstFailoverSrc * self)
{
  State *state = &self->state;
  GstFailoverSlate *slate;

  g_mutex_lock (&self->lock);
  slate = g_steal_pointer (&state->slate);
  state->slate_generation++;
  if (state->slate_on_air) {
    state->slate_time += (g_get_monotonic_time () - state->slate_since) *
        GST_USECOND;
    gst_failover_retime_handover (&state->retime, &state->slate_retime);
    state->slate_on_air = FALSE;
  }
  state->slate_done = FALSE;
  g_mutex_unlock (&self->lock);
  gst_failover_slate_stop (slate);
}

void
gst_failover_src_slate_tick (GstFailoverSrc * self)
{
  State *state = &self->state;
  GstFailoverSlateParams params = { 0, };
  g_autoptr (GError) error = NULL;
  GstFailoverSlate *slate;
  gboolean stop, start, wanted;
  guint generation;

  g_mutex_lock (&self->lock);
  wanted = slate_wanted (state, g_get_monotonic_time ());
  /* Not on air yet and the input is back, or taken over by the input. */
  stop = state->slate && (state->slate_done || state->eos_sent
      || (!state->slate_on_air && !wanted));
  start = !state->slate && self->in_use.slate && !state->slate_broken
      && !state->eos_sent && wanted;
  if (start) {
    params.image = state->slate_card_only ? NULL : self->in_use.slate_image;
    params.title = self->in_use.slate_title;
    params.text = self->in_use.slate_text;
    params.video = state->outputs[GST_FAILOVER_SRC_VIDEO].caps ?
        gst_caps_ref (state->outputs[GST_FAILOVER_SRC_VIDEO].caps) : NULL;
    params.audio = state->outputs[GST_FAILOVER_SRC_AUDIO].caps ?
        gst_caps_ref (state->outputs[GST_FAILOVER_SRC_AUDIO].caps) : NULL;
    params.with_audio = !state->audio_ended;
    measured_fps (state, &params.fps_n, &params.fps_d);
    params.kbps = state->live_span >= GST_SECOND ?
        state->live_bytes * 8 * GST_SECOND / state->live_span / 1000 : 0;
    generation = ++state->slate_generation;
    state->slate_done = FALSE;
    /* Its first frame is a keyframe. */
    state->slate_key_asked =
        state->policy.current == GST_FAILOVER_SRC_STATE_RETRYING;
  }

  /* Started ahead of the outage: on air at a keyframe made now. */
  slate = state->slate && !stop && !state->slate_on_air
      && !state->slate_key_asked
      && state->policy.current == GST_FAILOVER_SRC_STATE_RETRYING ?
      state->slate : NULL;
  if (slate)
    state->slate_key_asked = TRUE;
  g_mutex_unlock (&self->lock);

  /* Only this thread stops the slate: it is alive here. */
  if (slate)
    gst_failover_slate_request_keyframe (slate);
  if (stop)
    gst_failover_src_slate_end (self);
  if (!start)
    return;

  slate = gst_failover_slate_start (GST_ELEMENT (self), &slate_callbacks,
      &params, generation, &error);
  gst_clear_caps (&params.video);
  gst_clear_caps (&params.audio);
  g_mutex_lock (&self->lock);
  if (!slate) {
    state->slate_broken = TRUE;
    g_mutex_unlock (&self->lock);
    GST_ELEMENT_WARNING (self, STREAM, ENCODE,
        ("The slate could not start: %s", error->message), (NULL));
    return;
  }
  if (generation == state->slate_generation && self->running) {
    state->slate = g_steal_pointer (&slate);
  }
  g_mutex_unlock (&self->lock);
  /* Ended meanwhile. */
  gst_failover_slate_stop (slate);
}

void
gst_failover_src_slate_stats (GstFailoverSrc * self, GstStructure * s)
{
  State *state = &self->state;
  GstClockTime total = state->slate_time;

  if (state->slate_on_air)
    total += (g_get_monotonic_time () - state->slate_since) * GST_USECOND;
  gst_structure_set (s, "slate-on-air", G_TYPE_BOOLEAN, state->slate_on_air,
      "slates", G_TYPE_UINT64, state->slates,
      "slate-time", G_TYPE_UINT64, total, NULL);
}
