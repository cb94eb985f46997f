/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* failoversrc's control thread: every tick it asks the policy what to do
 * (gstfailoverpolicy.c), posts state changes, stops and starts the inner
 * pipeline and keeps downstream alive with GAP events while the input is
 * down. Nothing here runs on a streaming thread. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstfailoversrc-private.h"
#include "gstfailoverinput.h"

#define GST_CAT_DEFAULT failoversrc_debug

/* The control thread: outage detection, retries, gaps */

static void
push_gaps (GstFailoverSrc * self, gint64 now)
{
  State *state = &self->state;
  guint i;

  for (i = 0; i < GST_FAILOVER_SRC_N_PADS; i++) {
    GstFailoverOutput *out = &state->outputs[i];
    GstClockTime position, duration;
    gboolean push;

    g_mutex_lock (&self->lock);
    /* Only once a pad has caps, and while it gets no data. */
    push = gst_failover_output_idle (out, now, TICK_US)
        && !(i == GST_FAILOVER_SRC_AUDIO && state->audio_ended)
        && state->policy.current != GST_FAILOVER_SRC_STATE_FAILED
        && !state->eos_sent
        && gst_failover_retime_gap (gst_failover_src_on_air_retime (self), i,
        gst_failover_src_running_time_now (self), &position, &duration);
    if (push)
      out->last_push = now;
    g_mutex_unlock (&self->lock);
    if (push)
      gst_failover_src_output_push (self, i,
          GST_MINI_OBJECT_CAST (gst_event_new_gap (position, duration)));
  }
}

/* What one tick of the control thread does once it lets go of the lock. */
typedef struct
{
  GstStructure *changes[2];
  gboolean restart;
  gboolean finish;
  guint generation;             /* of the chain to start */
  GstElement *old_chain;        /* to stop */
} Tick;

/* Call with lock. Forgets the current chain; returns the generation of
 * the chain to start. */
static guint
prepare_restart (GstFailoverSrc * self, GstElement ** old_chain)
{
  State *state = &self->state;

  *old_chain = g_steal_pointer (&state->chain);
  gst_failover_retime_new_chain (&state->retime);
  state->chain_has_audio = FALSE;
  state->chain_video_frames = 0;
  return ++state->generation;
}

/* Call with lock. */
static void
control_decide (GstFailoverSrc * self, gint64 now, Tick * tick)
{
  State *state = &self->state;
  GstFailoverDecision decision;

  gst_failover_policy_decide (&state->policy, now, &decision);
  if (decision.retrying.changed) {
    g_autofree gchar *reason = g_strdup_printf ("no data for %.1f s%s%s",
        decision.idle / 1e6, state->chain_lost_reason ? ": " : "",
        state->chain_lost_reason ? state->chain_lost_reason : "");
    tick->changes[0] =
        gst_failover_src_state_change_new (self, &decision.retrying, reason);
  }
  tick->changes[1] = gst_failover_src_state_change_new (self, &decision.failed,
      state->policy.fatal ? state->chain_lost_reason : "retry timeout reached");
  tick->finish = decision.finish;
  tick->restart = decision.restart;
  if (decision.restart)
    tick->generation = prepare_restart (self, &tick->old_chain);
}

/* Call without lock. Returns the chain it started, if any. */
static GstElement *
control_act (GstFailoverSrc * self, Tick * tick, gint64 now)
{
  GstElement *new_chain = NULL;
  guint i;

  gst_failover_src_post_state_change (self, tick->changes[0]);
  gst_failover_src_post_state_change (self, tick->changes[1]);
  /* Before the input is pulled again: that can take seconds. */
  if (!tick->finish)
    gst_failover_src_slate_tick (self);
  gst_failover_input_stop (g_steal_pointer (&tick->old_chain));
  if (tick->restart) {
    GST_DEBUG_OBJECT (self, "pulling the input again (attempt %u)",
        tick->generation);
    new_chain = gst_failover_src_chain_start (self, tick->generation);
  }
  if (tick->finish) {
    /* The slate's encoder is not needed any more. */
    gst_failover_src_slate_end (self);
    for (i = 0; i < GST_FAILOVER_SRC_N_PADS; i++)
      gst_failover_src_output_push (self, i,
          GST_MINI_OBJECT_CAST (gst_event_new_eos ()));
  } else {
    push_gaps (self, now);
  }
  return new_chain;
}

static gpointer
control_thread (gpointer user_data)
{
  GstFailoverSrc *self = GST_FAILOVER_SRC (user_data);
  State *state = &self->state;
  GstElement *chain;

  g_mutex_lock (&self->lock);
  while (self->running) {
    Tick tick = { {NULL, NULL}, FALSE, FALSE, 0, NULL };
    gint64 now = g_get_monotonic_time ();

    g_cond_wait_until (&self->cond, &self->lock, now + TICK_US);
    if (!self->running)
      break;
    now = g_get_monotonic_time ();
    if (state->policy.current == GST_FAILOVER_SRC_STATE_FAILED)
      continue;
    control_decide (self, now, &tick);
    if (tick.finish) {
      state->generation++;
      tick.old_chain = g_steal_pointer (&state->chain);
    }
    g_mutex_unlock (&self->lock);

    chain = control_act (self, &tick, now);

    g_mutex_lock (&self->lock);
    if (chain && tick.generation == state->generation && self->running) {
      gst_failover_policy_attempt_started (&state->policy,
          g_get_monotonic_time ());
      state->chain = g_steal_pointer (&chain);
    }
    if (chain) {
      /* Given up meanwhile: that chain is not wanted any more. */
      g_mutex_unlock (&self->lock);
      gst_failover_input_stop (g_steal_pointer (&chain));
      g_mutex_lock (&self->lock);
    }
  }
  chain = g_steal_pointer (&state->chain);
  state->generation++;
  g_mutex_unlock (&self->lock);
  gst_failover_src_slate_end (self);
  gst_failover_input_stop (chain);
  return NULL;
}

void
gst_failover_src_control_start (GstFailoverSrc * self)
{
  g_mutex_lock (&self->lock);
  if (self->running) {
    /* Paused and playing again: the input kept running. */
    g_mutex_unlock (&self->lock);
    return;
  }
  GST_OBJECT_LOCK (self);
  gst_failover_settings_copy (&self->in_use, &self->settings);
  GST_OBJECT_UNLOCK (self);
  gst_failover_src_reset_state (self);
  self->running = TRUE;
  self->control = g_thread_new ("failoversrc", control_thread, self);
  g_mutex_unlock (&self->lock);
}

void
gst_failover_src_control_stop (GstFailoverSrc * self)
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
