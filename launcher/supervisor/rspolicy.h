/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __RS_POLICY_H__
#define __RS_POLICY_H__

#include <gst/gst.h>

#include "gstrestreamtarget.h"
#include "gstrestreamplatform.h"

G_BEGIN_DECLS
/* How a target reconnects: exponential backoff from @initial to @max with
 * jitter, at most @max_attempts attempts in a row without a stable
 * connection (0 = no limit). */
    typedef struct
{
  GstClockTime initial;
  GstClockTime max;
  guint max_attempts;
  GstClockTime stable;          /* live this long resets the attempts */
} RsReconnectPolicy;

const RsReconnectPolicy *rs_reconnect_policy (GstRestreamPlatform platform);

/* The delay before attempt @attempt (1 = the first reconnect): initial *
 * 2^(attempt-1), capped at max, then spread by +-20 % with @jitter in
 * [0, 1). */
GstClockTime rs_reconnect_delay (const RsReconnectPolicy * policy,
    guint attempt, gdouble jitter);

/* Why a target failed, named as the platforms' troubleshooting guides
 * name it. */
typedef enum
{
  RS_FAILURE_PUBLISH_REJECTED,
  RS_FAILURE_STREAM_BUSY,
  RS_FAILURE_APP_REJECTED,
  RS_FAILURE_RTMP_UNREACHABLE,
  RS_FAILURE_TLS,
  RS_FAILURE_RTMP_STALLED,
  RS_FAILURE_RTMP_LOST,
  RS_FAILURE_SRT_REJECTED,
  RS_FAILURE_SRT_UNREACHABLE,
  RS_FAILURE_SRT_LOST,
  RS_FAILURE_STREAM_REFUSED,
  RS_FAILURE_CODEC_REFUSED,
  RS_FAILURE_OTHER,
} RsFailure;

typedef struct
{
  gint id;                      /* RsFailure or RsWarning */
  const gchar *cause;           /* stable id, e.g. "publish-rejected" */
  const gchar *summary;         /* what happened, one line */
  const gchar *advice;          /* one sentence: what to do */
  gboolean retry;               /* FALSE: a refusal; do not hammer */
} RsFailureInfo;

/* What the sink's ERROR means. @message is the error's text and @details
 * its details structure (or NULL): rtmppushsink's `rtmp-cause` there
 * decides, the text only for sinks without it (rtmp2sink, srtsink);
 * @sent_bytes how many bytes the target took since the branch started;
 * @elapsed the time from the branch's start to the error; @has_passphrase
 * whether the SRT target encrypts. */
const RsFailureInfo *rs_failure_classify (GstRestreamTargetKind kind,
    const gchar * message, const GstStructure * details, guint64 sent_bytes,
    GstClockTime elapsed, gboolean has_passphrase);

const RsFailureInfo *rs_failure_info (RsFailure failure);

/* Warnings about a running target, with their advice. */
typedef enum
{
  RS_WARNING_SLOW_TARGET,
  RS_WARNING_SRT_LATENCY,
  RS_WARNING_SRT_RECONNECTING,
  RS_WARNING_STALLED,
} RsWarning;

/* A live target that takes nothing for this long while the input flows
 * is stalled. */
#define RS_TARGET_STALL_AFTER (5 * G_USEC_PER_SEC)

const RsFailureInfo *rs_warning_info (RsWarning warning);

G_END_DECLS
#endif /* __RS_POLICY_H__ */
