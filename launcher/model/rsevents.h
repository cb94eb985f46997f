/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The launcher's event contract: every event is a GstStructure named after
 * its type, shown as one JSON object per line (`--json`) with the type in
 * "event", and read by the terminal view and the control API. The names of
 * the types, of the fields that other layers read, and of the restream and
 * target states are here; docs/launcher.md describes them. */

#ifndef __RS_EVENTS_H__
#define __RS_EVENTS_H__

#define RS_EVENT_RESTREAM "restream"
#define RS_EVENT_INPUT "input"
#define RS_EVENT_TARGET "target"
#define RS_EVENT_WARNING "warning"
#define RS_EVENT_FINDING "finding"
#define RS_EVENT_ERROR "error"
#define RS_EVENT_STATUS "status"
#define RS_EVENT_SLATE "slate"
#define RS_EVENT_RELOAD "reload"

#define RS_EVENT_FIELD_RESTREAM "restream"
#define RS_EVENT_FIELD_TARGET "target"
#define RS_EVENT_FIELD_STATE "state"
#define RS_EVENT_FIELD_PREVIOUS "previous"
#define RS_EVENT_FIELD_REASON "reason"
#define RS_EVENT_FIELD_INPUT "input"
#define RS_EVENT_FIELD_TARGETS "targets"
/* The slate: on air or not (a "slate" event), and in the status whether it
 * is on air and its time on air in total. */
#define RS_EVENT_FIELD_ON_AIR "on-air"
#define RS_EVENT_FIELD_SLATE "slate"
#define RS_EVENT_FIELD_SLATE_SECONDS "slate-seconds"
#define RS_EVENT_FIELD_ADDED "added"
#define RS_EVENT_FIELD_CHANGED "changed"
#define RS_EVENT_FIELD_REMOVED "removed"
#define RS_EVENT_FIELD_IGNORED "ignored"

/* A restream's states (RsRestreamState, in that order). */
#define RS_RESTREAM_STATE_IDLE "idle"
#define RS_RESTREAM_STATE_STARTING "starting"
#define RS_RESTREAM_STATE_LIVE "live"
#define RS_RESTREAM_STATE_OUTAGE "outage"
#define RS_RESTREAM_STATE_STOPPING "stopping"
#define RS_RESTREAM_STATE_STOPPED "stopped"

/* A target's states (RsTargetState, in that order). */
#define RS_TARGET_STATE_IDLE "idle"
#define RS_TARGET_STATE_CONNECTING "connecting"
#define RS_TARGET_STATE_LIVE "live"
#define RS_TARGET_STATE_RECONNECTING "reconnecting"
#define RS_TARGET_STATE_REFUSED "refused"
#define RS_TARGET_STATE_GAVE_UP "gave-up"
#define RS_TARGET_STATE_STOPPED "stopped"
#define RS_TARGET_STATE_DISABLED "disabled"
#define RS_TARGET_STATE_STALLED "stalled"

#endif /* __RS_EVENTS_H__ */
