/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_RESTREAM_TARGET_H__
#define __GST_RESTREAM_TARGET_H__

#include <gst/gst.h>

#include "gstrestreamfinding.h"
#include "gstrestreamredact.h"

G_BEGIN_DECLS

/* Restream targets as users paste them from a platform: an RTMP(S) URL plus
 * a stream key (`URL` + "/" + `KEY`), or an SRT URL with FFmpeg-style query
 * parameters. Parsing validates everything at once, collects every problem
 * with the parameter it concerns, and keeps secrets (stream keys,
 * passphrases) out of every message: anything meant for display goes
 * through the redacted forms. Knows nothing about elements. */

typedef enum
{
  GST_RESTREAM_TARGET_RTMP,
  GST_RESTREAM_TARGET_RTMPS,
  GST_RESTREAM_TARGET_SRT,
} GstRestreamTargetKind;

typedef struct
{
  GstRestreamTargetKind kind;
  gchar *host;
  guint port;

  /* RTMP(S) */
  gchar *app;                   /* application path, e.g. "live2" */
  gchar *key;                   /* secret */

  /* SRT, in the units srtsink wants. -1 (or NULL) = not given. */
  gint latency_ms;
  gchar *passphrase;            /* secret */
  gint pbkeylen;
  gchar *streamid;
  gint payload_size;
  gint send_buffer_size;
} GstRestreamTarget;

/* Parses and validates a target. @key is the separate stream key of an
 * RTMP(S) target (NULL if the URL carries it as its last path element).
 * Every problem is appended to @findings (GstRestreamFinding, owned by the
 * array: create it with gst_restream_findings_new()). Returns NULL if any
 * problem is an error. */
GstRestreamTarget *gst_restream_target_parse (const gchar * url,
    const gchar * key, GPtrArray * findings);

void gst_restream_target_free (GstRestreamTarget * target);

/* The rtmp2sink `location` (URL + "/" + key): carries the key, never to be
 * shown. */
gchar *gst_restream_target_rtmp_location (const GstRestreamTarget * target);

/* Parses the `location` of an RTMP sink element (rtmp2sink's form, URL +
 * "/" + key): the last path element, with any query, is the stream key,
 * taken literally and in any shape (the key rules are for keys pasted
 * into a description). Returns NULL and sets @error as
 * gst_restream_findings_to_error() does if it is no usable RTMP(S) target;
 * warnings are dropped. */
GstRestreamTarget *gst_restream_target_parse_rtmp_location (const gchar *
    location, GError ** error);

/* The tcUrl of the RTMP connect command: the URL of the application, no
 * key. */
gchar *gst_restream_target_rtmp_tc_url (const GstRestreamTarget * target);

/* The srtsink `uri`: always mode=caller, latency in milliseconds, pkt_size
 * as payloadsize, send_buffer_size as sndbuf, streamid percent-encoded.
 * Carries the passphrase, never to be shown. */
gchar *gst_restream_target_srt_uri (const GstRestreamTarget * target);

/* The target for display: as given to the sink (srtsink's parameter names
 * and units for SRT), with the key and the passphrase redacted. */
gchar *gst_restream_target_to_display (const GstRestreamTarget * target);

G_END_DECLS

#endif /* __GST_RESTREAM_TARGET_H__ */
