/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __RS_RESTREAM_H__
#define __RS_RESTREAM_H__

#include <gst/gst.h>

#include "rsdescription.h"
#include "rsevents.h"

G_BEGIN_DECLS
/* One running restream: the pipeline built from a description
 * (failoversrc, one muxer and restreamtee per container kind, and per
 * target targetvalidator + rtmp2sink or srtsink), and the supervisor that
 * keeps every target alive. Runs in the thread-default main context of
 * the thread that creates it; every call must come from that thread. */
typedef struct _RsRestream RsRestream;

typedef enum
{
  RS_RESTREAM_IDLE,
  RS_RESTREAM_STARTING,         /* pipeline up, input not yet active */
  RS_RESTREAM_LIVE,             /* input active */
  RS_RESTREAM_OUTAGE,           /* input lost, being retried */
  RS_RESTREAM_STOPPING,         /* EOS on its way to the targets */
  RS_RESTREAM_STOPPED,          /* for good, until activated again */
} RsRestreamState;

typedef enum
{
  RS_TARGET_IDLE,
  RS_TARGET_CONNECTING,
  RS_TARGET_LIVE,
  RS_TARGET_RECONNECTING,       /* waiting for the next attempt */
  RS_TARGET_REFUSED,            /* refused by the target; not retried */
  RS_TARGET_GAVE_UP,            /* out of reconnect attempts */
  RS_TARGET_STOPPED,
  RS_TARGET_DISABLED,           /* enabled = false: kept, not connected */
  RS_TARGET_STALLED,            /* connected, but taking nothing */
} RsTargetState;

const gchar *rs_restream_state_name (RsRestreamState state);
const gchar *rs_target_state_name (RsTargetState state);

/* Every event is a GstStructure whose name is the event type: "restream",
 * "input", "slate", "target", "warning", "finding", "error", "status".
 * Strings in events never carry secrets. @event is borrowed. */
typedef void (*RsRestreamEventFunc) (RsRestream * restream,
    const GstStructure * event, gpointer user_data);

/* Takes @description. */
RsRestream *rs_restream_new (RsDescription * description,
    RsRestreamEventFunc func, gpointer user_data);

const RsDescription *rs_restream_get_description (RsRestream * restream);
RsRestreamState rs_restream_get_state (RsRestream * restream);

/* Builds the pipeline and starts the input and every target. */
gboolean rs_restream_start (RsRestream * restream, GError ** error);

/* A stopped restream is built and started again; in a running one,
 * targets that were refused or ran out of attempts are tried again. */
void rs_restream_activate (RsRestream * restream);

/* Adds a target (taken; validated by the caller, see
 * rs_description_load_json) while the restream runs or not: in a running
 * restream it starts at once, from the next keyframe, and nothing else is
 * touched. Fails on a duplicate name, past the description's max-targets,
 * or for an SRT pkt_size the running muxer cannot serve. */
gboolean rs_restream_add_target (RsRestream * restream,
    RsDescriptionTarget * target, GError ** error);

/* Removes a target, ending its connection; the others are not touched.
 * The last target cannot be removed. */
gboolean rs_restream_remove_target (RsRestream * restream,
    const gchar * name, GError ** error);

/* Replaces the target of @target's name (validated by the caller) in its
 * place: in a running restream the old connection ends and the new one
 * starts at once, from the next keyframe, and the other targets are not
 * touched. @target is taken unless the error is in G_IO_ERROR (no such
 * target, an SRT pkt_size the running muxer cannot serve): then nothing
 * changed. An error in another domain (the new branch could not be built)
 * comes after the swap. */
gboolean rs_restream_replace_target (RsRestream * restream,
    RsDescriptionTarget * target, GError ** error);

/* Applies a new description of the same restream (taken) while it runs:
 * targets that are new are added, those gone are removed, those whose
 * settings changed are replaced (they alone reconnect), the others are not
 * touched; max-targets applies at once. The [restream] settings that need
 * a new pipeline (input, outage-threshold, retry-timeout,
 * input-tls-validation, the slate) are not applied: they are named in the
 * "reload" event, for the next start. Emits "reload". */
gboolean rs_restream_reload (RsRestream * restream,
    RsDescription * description, GError ** error);

/* Sends EOS to every target, waits up to @timeout for them to take it,
 * then tears the pipeline down; @done is called (from the main context)
 * when everything is stopped. Returns at once. */
void rs_restream_stop (RsRestream * restream, GstClockTime timeout,
    GCallback done, gpointer user_data);

/* The current status: a "status" structure (see docs/launcher.md). */
GstStructure *rs_restream_status (RsRestream * restream);

/* The pipeline graph in dot, secrets removed; NULL without a pipeline. */
gchar *rs_restream_dot (RsRestream * restream);

/* Replaces every secret of the description in @text. */
gchar *rs_restream_redact (RsRestream * restream, const gchar * text);

void rs_restream_free (RsRestream * restream);

G_END_DECLS
#endif /* __RS_RESTREAM_H__ */
