/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The elements' public message contract: the names of the element messages
 * and error details they post, the fields of those structures that other
 * code reads, and the state names carried in them. The elements post with
 * these names, the launcher and the tests match on them; docs/ describes
 * them (failoversrc.md, restreamtee.md, targetvalidator.md,
 * rtmppushsink.md). A name here never changes silently. */

#ifndef __GST_RESTREAM_MESSAGES_H__
#define __GST_RESTREAM_MESSAGES_H__

/* failoversrc: one message per state change. */
#define GST_FAILOVER_SRC_MSG_STATE "failoversrc-state"
#define GST_FAILOVER_SRC_FIELD_STATE "state"
#define GST_FAILOVER_SRC_FIELD_PREVIOUS_STATE "previous-state"
#define GST_FAILOVER_SRC_FIELD_OUTAGE_DURATION "outage-duration"
#define GST_FAILOVER_SRC_FIELD_RETRY_DEADLINE "retry-deadline"
#define GST_FAILOVER_SRC_FIELD_REASON "reason"

/* The values of its "state" field (the nicks of GstFailoverSrcState). */
#define GST_FAILOVER_SRC_STATE_NAME_CONNECTING "connecting"
#define GST_FAILOVER_SRC_STATE_NAME_ACTIVE "active"
#define GST_FAILOVER_SRC_STATE_NAME_RETRYING "retrying"
#define GST_FAILOVER_SRC_STATE_NAME_FAILED "failed"

/* failoversrc's slate (property `slate`): one message when the slate goes
 * on air and one when the live input takes over again. Posted from the
 * streaming thread that pushes the first buffer of the new source, before
 * that buffer: a bus sync handler sees it before any of that data reaches
 * a muxer. */
#define GST_FAILOVER_SRC_MSG_SLATE "failoversrc-slate"
#define GST_FAILOVER_SRC_FIELD_ON_AIR "on-air"
#define GST_FAILOVER_SRC_FIELD_SLATE_SOURCE "source"
#define GST_FAILOVER_SRC_FIELD_SLATE_DURATION "duration"
#define GST_FAILOVER_SRC_FIELD_SLATE_FORMAT "format"
#define GST_FAILOVER_SRC_SLATE_SOURCE_CARD "card"
#define GST_FAILOVER_SRC_SLATE_SOURCE_IMAGE "image"

/* restreamtee: a pad cut whole GOPs, a pad's downstream failed. */
#define GST_RESTREAM_TEE_MSG_DROP "restreamtee-drop"
#define GST_RESTREAM_TEE_MSG_TARGET_FAILED "restreamtee-target-failed"
#define GST_RESTREAM_TEE_FIELD_PAD "pad"
#define GST_RESTREAM_TEE_FIELD_DROPPED_BUFFERS "dropped-buffers"
#define GST_RESTREAM_TEE_FIELD_DROPPED_BYTES "dropped-bytes"
#define GST_RESTREAM_TEE_FIELD_DROPPED_DURATION "dropped-duration"
#define GST_RESTREAM_TEE_FIELD_LAG "lag"
#define GST_RESTREAM_TEE_FIELD_TOTAL_DROPS "total-drops"
#define GST_RESTREAM_TEE_FIELD_FLOW "flow"
#define GST_RESTREAM_TEE_FIELD_FLOW_RETURN "flow-return"
#define GST_RESTREAM_TEE_FIELD_REASON "reason"

/* targetvalidator: one message per rule transition; its `report` property
 * holds the list of findings. */
#define GST_TARGET_VALIDATOR_MSG_REPORT "targetvalidator-report"
#define GST_TARGET_VALIDATOR_FIELD_FINDINGS "findings"
#define GST_TARGET_VALIDATOR_FIELD_RULE "rule"
#define GST_TARGET_VALIDATOR_FIELD_SEVERITY "severity"

/* rtmppushsink: the details structure of every ERROR it posts carries the
 * cause of the failure, one of the values below. */
#define GST_RTMP_PUSH_SINK_FIELD_CAUSE "rtmp-cause"
#define GST_RTMP_PUSH_SINK_CAUSE_UNREACHABLE "unreachable"
#define GST_RTMP_PUSH_SINK_CAUSE_TLS "tls"
#define GST_RTMP_PUSH_SINK_CAUSE_CONNECT_REFUSED "connect-refused"
#define GST_RTMP_PUSH_SINK_CAUSE_STREAM_BUSY "stream-busy"
#define GST_RTMP_PUSH_SINK_CAUSE_PUBLISH_REFUSED "publish-refused"
#define GST_RTMP_PUSH_SINK_CAUSE_CLOSED "closed"
#define GST_RTMP_PUSH_SINK_CAUSE_TIMEOUT "timeout"
#define GST_RTMP_PUSH_SINK_CAUSE_PROTOCOL "protocol"
#define GST_RTMP_PUSH_SINK_CAUSE_IO "io"

#endif /* __GST_RESTREAM_MESSAGES_H__ */
