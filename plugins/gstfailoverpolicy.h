/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_FAILOVER_POLICY_H__
#define __GST_FAILOVER_POLICY_H__

#include <gst/gst.h>

#include "gstfailoversrc.h"

G_BEGIN_DECLS

/* The wait before the second attempt; it doubles from there. */
#define GST_FAILOVER_POLICY_FIRST_BACKOFF (500 * GST_MSECOND)

/* How long a caller connected to a listening input (SRT mode=listener)
 * keeps its attempt from being replaced while nothing arrives yet. */
#define GST_FAILOVER_POLICY_PEER_GRACE (10 * GST_SECOND)

/* One change of state, with what the failoversrc-state message reports. */
typedef struct
{
  gboolean changed;
  GstFailoverSrcState state, previous;
  GstClockTime outage;          /* how long the input has been down, in ns */
  GstClockTime deadline;        /* retry time left before failed, in ns */
} GstFailoverTransition;

/* What one tick of the control thread decided. */
typedef struct
{
  GstFailoverTransition retrying;       /* the input went silent */
  GstFailoverTransition failed; /* fatal, or retried for too long */
  gint64 idle;                  /* µs without data, when it went silent */
  gboolean restart;             /* pull the input again now */
  gboolean finish;              /* failed: end the output */
} GstFailoverDecision;

/**
 * GstFailoverPolicy:
 *
 * failoversrc's outage and retry policy: when the input counts as down,
 * when it is pulled again, when retrying gives up. Kept apart from the
 * element because it is decisions on times (monotonic µs) and counts
 * only; the caller serializes access.
 */
typedef struct
{
  /* Limits, in ns, from the element's settings. */
  GstClockTime outage_threshold;
  GstClockTime retry_timeout;
  GstClockTime retry_backoff_max;

  GstFailoverSrcState current;
  gboolean chain_lost;          /* the input ended or failed */
  gboolean fatal;               /* retrying cannot fix it */
  gint64 last_data;             /* 0 = none yet */
  gint64 chain_started;         /* when the element started pulling */
  gint64 outage_started;        /* 0 = no outage */
  gint64 retrying_started;      /* 0 = not retrying */
  gint64 next_attempt;
  gint64 attempt_pacing;        /* µs the last attempt is given */
  gint64 peer_since;            /* a caller connected to the listening
                                 * attempt then; 0 = none */
  GstClockTime backoff;

  /* Stats */
  guint64 restarts;
  guint64 outages;
  GstClockTime total_outage;
  GstClockTime last_outage;
} GstFailoverPolicy;

void gst_failover_policy_reset (GstFailoverPolicy * policy,
    GstClockTime outage_threshold, GstClockTime retry_timeout,
    GstClockTime retry_backoff_max, gint64 now);

gboolean gst_failover_policy_note_data (GstFailoverPolicy * policy,
    gint64 now, GstFailoverTransition * transition);

/* The attempt that decide() asked for has started at @now. Stopping the
 * previous one can take seconds (a stock source blocked in a TLS connect):
 * the new attempt's time counts from its real start, not from the decision,
 * or it would be cut before it could connect. */
void gst_failover_policy_attempt_started (GstFailoverPolicy * policy,
    gint64 now);

/* A caller connected to (@connected) or left the current attempt, which
 * listens. Re-pulling a listener closes its socket, and with it the caller
 * that has just connected, which would lose the start of its stream (the
 * parameter sets an HEVC encoder may send only once): while a caller is
 * connected and has not delivered yet, the attempt is not replaced for
 * being silent, for up to GST_FAILOVER_POLICY_PEER_GRACE. A caller that
 * has delivered counts no more (data clears it): when it goes silent, the
 * attempt is replaced as before, without waiting for SRT to notice that it
 * is gone (its peer idle timeout, 5 s). */
void gst_failover_policy_note_peer (GstFailoverPolicy * policy,
    gboolean connected, gint64 now);

void gst_failover_policy_decide (GstFailoverPolicy * policy, gint64 now,
    GstFailoverDecision * decision);

G_END_DECLS

#endif /* __GST_FAILOVER_POLICY_H__ */
