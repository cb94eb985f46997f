/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * failoversrc's outage and retry policy on given times: when the input
 * counts as down, when it is pulled again, when retrying gives up.
 */

#include <gst/check/gstcheck.h>

#include "gstfailoverpolicy.h"

/* Times are monotonic µs, as the element gives them. */
#define MS G_TIME_SPAN_MILLISECOND
#define S G_TIME_SPAN_SECOND
#define START (1000 * S)

#define THRESHOLD (3 * GST_SECOND)
#define TIMEOUT (60 * GST_SECOND)
#define BACKOFF_MAX (5 * GST_SECOND)

static void
policy_start (GstFailoverPolicy * policy)
{
  gst_failover_policy_reset (policy, THRESHOLD, TIMEOUT, BACKOFF_MAX, START);
}

/* Runs the first tick, which pulls the input, and data coming in. */
static void
policy_start_active (GstFailoverPolicy * policy, gint64 now)
{
  GstFailoverDecision decision;
  GstFailoverTransition transition;

  policy_start (policy);
  gst_failover_policy_decide (policy, START + 100 * MS, &decision);
  fail_unless (decision.restart);
  fail_unless (gst_failover_policy_note_data (policy, now, &transition));
  fail_unless_equals_int (transition.previous,
      GST_FAILOVER_SRC_STATE_CONNECTING);
  fail_unless_equals_int (transition.state, GST_FAILOVER_SRC_STATE_ACTIVE);
}

GST_START_TEST (test_first_tick_pulls_the_input)
{
  GstFailoverPolicy policy;
  GstFailoverDecision decision;

  policy_start (&policy);
  fail_unless_equals_int (policy.current, GST_FAILOVER_SRC_STATE_CONNECTING);
  gst_failover_policy_decide (&policy, START + 100 * MS, &decision);
  fail_unless (decision.restart);
  fail_if (decision.finish);
  fail_if (decision.retrying.changed);
  fail_if (decision.failed.changed);
  fail_unless_equals_uint64 (policy.restarts, 1);
  /* Not lost again, not silent yet: nothing more to do. */
  gst_failover_policy_decide (&policy, START + 200 * MS, &decision);
  fail_if (decision.restart);
}

GST_END_TEST;

GST_START_TEST (test_data_within_threshold_stays_active)
{
  GstFailoverPolicy policy;
  GstFailoverDecision decision;
  GstFailoverTransition transition;
  gint64 now;

  policy_start_active (&policy, START + S);
  /* Data every 2.9 s, silence always under the 3 s threshold. */
  for (now = START + S; now < START + 30 * S; now += 2900 * MS) {
    gst_failover_policy_decide (&policy, now + 2900 * MS - MS, &decision);
    fail_if (decision.retrying.changed);
    fail_if (decision.restart);
    fail_if (gst_failover_policy_note_data (&policy, now + 2900 * MS,
            &transition));
  }
  fail_unless_equals_int (policy.current, GST_FAILOVER_SRC_STATE_ACTIVE);
  fail_unless_equals_uint64 (policy.outages, 0);
  fail_unless_equals_uint64 (policy.restarts, 1);
}

GST_END_TEST;

GST_START_TEST (test_silence_past_threshold_retries)
{
  GstFailoverPolicy policy;
  GstFailoverDecision decision;
  gint64 last = START + S;

  policy_start_active (&policy, last);
  gst_failover_policy_decide (&policy, last + 3 * S, &decision);
  fail_if (decision.retrying.changed);
  gst_failover_policy_decide (&policy, last + 3 * S + 100 * MS, &decision);
  fail_unless (decision.retrying.changed);
  fail_unless_equals_int (decision.retrying.previous,
      GST_FAILOVER_SRC_STATE_ACTIVE);
  fail_unless_equals_int (decision.retrying.state,
      GST_FAILOVER_SRC_STATE_RETRYING);
  fail_unless_equals_int64 (decision.idle, 3 * S + 100 * MS);
  /* The outage started with the last data; the retry time, now. */
  fail_unless_equals_uint64 (decision.retrying.outage,
      3 * GST_SECOND + 100 * GST_MSECOND);
  fail_unless_equals_uint64 (decision.retrying.deadline, TIMEOUT);
  fail_if (decision.failed.changed);
  fail_if (decision.finish);
  fail_unless (decision.restart);
  fail_unless_equals_uint64 (policy.outages, 1);
  fail_unless_equals_int (policy.current, GST_FAILOVER_SRC_STATE_RETRYING);
}

GST_END_TEST;

GST_START_TEST (test_input_back_resets_retry_timer)
{
  GstFailoverPolicy policy;
  GstFailoverDecision decision;
  GstFailoverTransition transition;
  gint64 last = START + S;
  gint64 silent = last + 4 * S;

  policy_start_active (&policy, last);
  gst_failover_policy_decide (&policy, silent, &decision);
  fail_unless (decision.retrying.changed);
  gst_failover_policy_decide (&policy, silent + 10 * S, &decision);
  fail_unless (decision.restart);

  fail_unless (gst_failover_policy_note_data (&policy, silent + 20 * S,
          &transition));
  fail_unless_equals_int (transition.previous, GST_FAILOVER_SRC_STATE_RETRYING);
  fail_unless_equals_int (transition.state, GST_FAILOVER_SRC_STATE_ACTIVE);
  fail_unless_equals_uint64 (transition.outage, 24 * GST_SECOND);
  fail_unless_equals_uint64 (transition.deadline, 0);
  fail_unless_equals_uint64 (policy.last_outage, 24 * GST_SECOND);
  fail_unless_equals_uint64 (policy.total_outage, 24 * GST_SECOND);
  fail_unless_equals_int64 (policy.retrying_started, 0);
  fail_unless_equals_int64 (policy.outage_started, 0);
  fail_unless_equals_uint64 (policy.backoff, GST_FAILOVER_POLICY_FIRST_BACKOFF);

  /* The next outage has the whole retry timeout again. */
  last = silent + 20 * S;
  gst_failover_policy_decide (&policy, last + 4 * S, &decision);
  fail_unless (decision.retrying.changed);
  fail_unless_equals_uint64 (decision.retrying.deadline, TIMEOUT);
  gst_failover_policy_decide (&policy, last + 4 * S + TIMEOUT / GST_USECOND,
      &decision);
  fail_if (decision.failed.changed);
  fail_unless_equals_uint64 (policy.outages, 2);
}

GST_END_TEST;

GST_START_TEST (test_retry_timeout_fails)
{
  GstFailoverPolicy policy;
  GstFailoverDecision decision;
  gint64 last = START + S;
  gint64 retrying = last + 4 * S;
  gint64 timeout_us = TIMEOUT / GST_USECOND;

  policy_start_active (&policy, last);
  gst_failover_policy_decide (&policy, retrying, &decision);
  fail_unless (decision.retrying.changed);
  /* The retry period is counted from retrying, not from the last data. */
  gst_failover_policy_decide (&policy, retrying + timeout_us, &decision);
  fail_if (decision.failed.changed);
  fail_if (decision.finish);
  gst_failover_policy_decide (&policy, retrying + timeout_us + 100 * MS,
      &decision);
  fail_unless (decision.failed.changed);
  fail_unless_equals_int (decision.failed.previous,
      GST_FAILOVER_SRC_STATE_RETRYING);
  fail_unless_equals_int (decision.failed.state, GST_FAILOVER_SRC_STATE_FAILED);
  fail_unless_equals_uint64 (decision.failed.outage,
      TIMEOUT + 4 * GST_SECOND + 100 * GST_MSECOND);
  fail_unless_equals_uint64 (decision.failed.deadline, 0);
  fail_unless (decision.finish);
  fail_if (decision.restart);
  fail_unless_equals_int (policy.current, GST_FAILOVER_SRC_STATE_FAILED);
}

GST_END_TEST;

GST_START_TEST (test_fatal_fails_at_once)
{
  GstFailoverPolicy policy;
  GstFailoverDecision decision;

  policy_start_active (&policy, START + S);
  policy.fatal = TRUE;
  policy.chain_lost = TRUE;
  gst_failover_policy_decide (&policy, START + S + 100 * MS, &decision);
  fail_unless (decision.failed.changed);
  fail_unless_equals_int (decision.failed.previous,
      GST_FAILOVER_SRC_STATE_ACTIVE);
  fail_unless (decision.finish);
  fail_if (decision.restart);
  fail_if (decision.retrying.changed);
}

GST_END_TEST;

GST_START_TEST (test_backoff_doubles_to_cap)
{
  GstFailoverPolicy policy;
  GstFailoverDecision decision;
  /* The waits between attempts while the input stays silent. */
  const gint64 waits[] = { 500 * MS, 1 * S, 2 * S, 4 * S, 5 * S, 5 * S };
  gint64 now = START + S + 4 * S;
  guint i;

  policy_start_active (&policy, START + S);
  gst_failover_policy_decide (&policy, now, &decision);
  fail_unless (decision.retrying.changed);
  fail_unless (decision.restart);
  for (i = 0; i < G_N_ELEMENTS (waits); i++) {
    gst_failover_policy_decide (&policy, now + waits[i] - MS, &decision);
    fail_if (decision.restart, "attempt %u too early", i);
    now += waits[i];
    gst_failover_policy_decide (&policy, now, &decision);
    fail_unless (decision.restart, "attempt %u not made", i);
  }
  fail_unless_equals_uint64 (policy.backoff, BACKOFF_MAX);
  fail_unless_equals_uint64 (policy.restarts, 2 + G_N_ELEMENTS (waits));
}

GST_END_TEST;

GST_START_TEST (test_lost_chain_pulled_again_once_paced)
{
  GstFailoverPolicy policy;
  GstFailoverDecision decision;
  gint64 now = START + S;

  policy_start_active (&policy, now);
  /* Lost while active: pulled again at once, without a state change. */
  policy.chain_lost = TRUE;
  gst_failover_policy_decide (&policy, now + 100 * MS, &decision);
  fail_unless (decision.restart);
  fail_if (decision.retrying.changed);
  fail_unless_equals_int (policy.current, GST_FAILOVER_SRC_STATE_ACTIVE);
  /* Lost again at once: the next attempt waits for the backoff. */
  policy.chain_lost = TRUE;
  gst_failover_policy_decide (&policy, now + 200 * MS, &decision);
  fail_if (decision.restart);
  gst_failover_policy_decide (&policy, now + 100 * MS + 500 * MS, &decision);
  fail_unless (decision.restart);
}

GST_END_TEST;

/* A slow stop of the previous attempt does not eat the next one's time:
 * pacing counts from when the attempt really started. */
GST_START_TEST (test_attempt_paced_from_its_start)
{
  GstFailoverPolicy policy;
  GstFailoverDecision decision;
  gint64 now = START + S + 4 * S;

  policy_start_active (&policy, START + S);
  gst_failover_policy_decide (&policy, now, &decision);
  fail_unless (decision.restart);
  /* The old input took 8 s to stop; the new one starts then. */
  now += 8 * S;
  gst_failover_policy_attempt_started (&policy, now);
  gst_failover_policy_decide (&policy, now + 100 * MS, &decision);
  fail_if (decision.restart, "the new attempt was cut at once");
  gst_failover_policy_decide (&policy, now + 500 * MS - MS, &decision);
  fail_if (decision.restart, "the new attempt was cut before its pacing");
  gst_failover_policy_decide (&policy, now + 500 * MS, &decision);
  fail_unless (decision.restart, "no attempt after the pacing");
}

GST_END_TEST;

/* A caller connected to a listening attempt that has sent nothing yet: the
 * attempt is not replaced (that would close the caller's connection) until
 * the caller leaves or the grace period ends. */
GST_START_TEST (test_connected_caller_keeps_attempt)
{
  GstFailoverPolicy policy;
  GstFailoverDecision decision;
  const gint64 grace = GST_FAILOVER_POLICY_PEER_GRACE / GST_USECOND;
  gint64 now = START + S + 4 * S;

  policy_start_active (&policy, START + S);
  gst_failover_policy_decide (&policy, now, &decision);
  fail_unless (decision.retrying.changed);
  fail_unless (decision.restart);
  gst_failover_policy_attempt_started (&policy, now);
  /* A caller connects just before the next attempt was due. */
  gst_failover_policy_note_peer (&policy, TRUE, now + 400 * MS);
  gst_failover_policy_decide (&policy, now + 500 * MS, &decision);
  fail_if (decision.restart, "the attempt with a caller was replaced");
  gst_failover_policy_decide (&policy, now + 400 * MS + grace - MS, &decision);
  fail_if (decision.restart, "replaced within the grace period");
  /* Connected but silent for the whole grace period: pulled again. */
  gst_failover_policy_decide (&policy, now + 400 * MS + grace, &decision);
  fail_unless (decision.restart, "a silent caller holds the input forever");
  fail_unless_equals_int (policy.peer_since, 0);

  /* The next attempt's caller leaves without a byte: pulled again at the
   * attempt's pacing, as without a caller. */
  now += 400 * MS + grace;
  gst_failover_policy_attempt_started (&policy, now);
  gst_failover_policy_note_peer (&policy, TRUE, now + 100 * MS);
  gst_failover_policy_note_peer (&policy, FALSE, now + 200 * MS);
  gst_failover_policy_decide (&policy, now + 300 * MS, &decision);
  fail_if (decision.restart);
  gst_failover_policy_decide (&policy, now + 1 * S, &decision);
  fail_unless (decision.restart);
  fail_unless_equals_int (policy.current, GST_FAILOVER_SRC_STATE_RETRYING);

  /* A caller that has delivered and then goes silent (killed: SRT still
   * thinks it connected) does not hold the attempt. */
  now += 1 * S;
  gst_failover_policy_attempt_started (&policy, now);
  gst_failover_policy_note_peer (&policy, TRUE, now + 100 * MS);
  {
    GstFailoverTransition transition;

    fail_unless (gst_failover_policy_note_data (&policy, now + 200 * MS,
            &transition));
  }
  fail_unless_equals_int (policy.peer_since, 0);
  now += 200 * MS + THRESHOLD / GST_USECOND + MS;
  gst_failover_policy_decide (&policy, now, &decision);
  fail_unless (decision.retrying.changed);
  fail_unless (decision.restart, "a caller that delivered held the input");
}

GST_END_TEST;

static Suite *
failoverpolicy_suite (void)
{
  Suite *s = suite_create ("failoverpolicy");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_first_tick_pulls_the_input);
  tcase_add_test (tc, test_data_within_threshold_stays_active);
  tcase_add_test (tc, test_silence_past_threshold_retries);
  tcase_add_test (tc, test_input_back_resets_retry_timer);
  tcase_add_test (tc, test_retry_timeout_fails);
  tcase_add_test (tc, test_fatal_fails_at_once);
  tcase_add_test (tc, test_backoff_doubles_to_cap);
  tcase_add_test (tc, test_lost_chain_pulled_again_once_paced);
  tcase_add_test (tc, test_attempt_paced_from_its_start);
  tcase_add_test (tc, test_connected_caller_keeps_attempt);
  return s;
}

GST_CHECK_MAIN (failoverpolicy);
