/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* failoversrc's decisions on times and counts: silence past the outage
 * threshold is an outage, a lost or silent input is pulled again with a
 * doubling backoff, and retrying for longer than the retry timeout fails
 * for good. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstfailoverpolicy.h"

#include <string.h>

void
gst_failover_policy_reset (GstFailoverPolicy * policy,
    GstClockTime outage_threshold, GstClockTime retry_timeout,
    GstClockTime retry_backoff_max, gint64 now)
{
  policy->outage_threshold = outage_threshold;
  policy->retry_timeout = retry_timeout;
  policy->retry_backoff_max = retry_backoff_max;
  policy->current = GST_FAILOVER_SRC_STATE_CONNECTING;
  policy->chain_lost = TRUE;    /* the first pull happens at the first tick */
  policy->fatal = FALSE;
  policy->last_data = 0;
  policy->chain_started = now;
  policy->outage_started = 0;
  policy->retrying_started = 0;
  policy->next_attempt = 0;
  policy->peer_since = 0;
  policy->backoff = GST_FAILOVER_POLICY_FIRST_BACKOFF;
  policy->restarts = policy->outages = 0;
  policy->total_outage = policy->last_outage = 0;
}

/* Moves to @current; fills @transition unless it is the state already. */
static void
enter (GstFailoverPolicy * policy, GstFailoverSrcState current, gint64 now,
    GstFailoverTransition * transition)
{
  GstClockTime retried = policy->retrying_started ?
      (now - policy->retrying_started) * GST_USECOND : 0;
  GstClockTime timeout = policy->retry_timeout;

  if (policy->current == current)
    return;
  transition->changed = TRUE;
  transition->previous = policy->current;
  transition->state = current;
  transition->outage = policy->outage_started ?
      (now - policy->outage_started) * GST_USECOND : 0;
  transition->deadline = current == GST_FAILOVER_SRC_STATE_RETRYING ?
      (timeout > retried ? timeout - retried : 0) : 0;
  policy->current = current;
}

/* Data arrived: the input is active again and the retry timer goes back
 * to zero. TRUE if that is a change of state, described in @transition. */
gboolean
gst_failover_policy_note_data (GstFailoverPolicy * policy, gint64 now,
    GstFailoverTransition * transition)
{
  memset (transition, 0, sizeof (*transition));
  policy->last_data = now;
  /* The caller delivers: no longer one waited for. */
  policy->peer_since = 0;
  if (policy->current == GST_FAILOVER_SRC_STATE_ACTIVE)
    return FALSE;
  if (policy->outage_started) {
    policy->last_outage = (now - policy->outage_started) * GST_USECOND;
    policy->total_outage += policy->last_outage;
  }
  enter (policy, GST_FAILOVER_SRC_STATE_ACTIVE, now, transition);
  policy->outage_started = 0;
  policy->retrying_started = 0;
  policy->backoff = GST_FAILOVER_POLICY_FIRST_BACKOFF;
  return TRUE;
}

/* The chain is to be pulled again: paces the attempt after this one. */
static void
restart (GstFailoverPolicy * policy, gint64 now)
{
  policy->chain_lost = FALSE;
  policy->restarts++;
  policy->peer_since = 0;
  policy->attempt_pacing = policy->backoff / GST_USECOND;
  policy->next_attempt = now + policy->attempt_pacing;
  policy->backoff = MIN (policy->backoff * 2, policy->retry_backoff_max);
}

void
gst_failover_policy_attempt_started (GstFailoverPolicy * policy, gint64 now)
{
  policy->next_attempt = MAX (policy->next_attempt,
      now + policy->attempt_pacing);
}

void
gst_failover_policy_note_peer (GstFailoverPolicy * policy,
    gboolean connected, gint64 now)
{
  policy->peer_since = connected ? now : 0;
}

/* Whether a caller connected to the listening attempt less than
 * GST_FAILOVER_POLICY_PEER_GRACE ago. */
static gboolean
peer_waiting (const GstFailoverPolicy * policy, gint64 now)
{
  return policy->peer_since != 0
      && (GstClockTime) (now - policy->peer_since) * GST_USECOND <
      GST_FAILOVER_POLICY_PEER_GRACE;
}

/* One tick: whether the input went silent, is to be pulled again, or
 * retrying gives up. Not called once failed. */
void
gst_failover_policy_decide (GstFailoverPolicy * policy, gint64 now,
    GstFailoverDecision * decision)
{
  gint64 idle = now - (policy->last_data ? policy->last_data :
      policy->chain_started);
  gboolean silent =
      (GstClockTime) idle * GST_USECOND > policy->outage_threshold;

  memset (decision, 0, sizeof (*decision));
  if (policy->fatal) {
    enter (policy, GST_FAILOVER_SRC_STATE_FAILED, now, &decision->failed);
    decision->finish = TRUE;
    return;
  }
  if (silent && policy->current != GST_FAILOVER_SRC_STATE_RETRYING) {
    policy->outage_started = now - idle;
    policy->retrying_started = now;
    policy->outages++;
    decision->idle = idle;
    enter (policy, GST_FAILOVER_SRC_STATE_RETRYING, now, &decision->retrying);
  }
  /* The retry period starts when retrying does, as the service's
   * algorithm has it: after the outage threshold. */
  if (policy->current == GST_FAILOVER_SRC_STATE_RETRYING
      && (GstClockTime) (now - policy->retrying_started) * GST_USECOND >
      policy->retry_timeout) {
    enter (policy, GST_FAILOVER_SRC_STATE_FAILED, now, &decision->failed);
    decision->finish = TRUE;
  } else if ((policy->chain_lost || (silent && !peer_waiting (policy, now)))
      && now >= policy->next_attempt) {
    /* Pull again: at once after a loss, then with backoff. */
    decision->restart = TRUE;
    restart (policy, now);
  }
}
