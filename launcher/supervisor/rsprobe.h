/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __RS_PROBE_H__
#define __RS_PROBE_H__

#include <gst/gst.h>

#include "gstrestreamplatform.h"
#include "rsdescription.h"

G_BEGIN_DECLS
/* What the input carries, read by opening it the way the restream does
 * (failoversrc) until its streams' caps are known. */
    typedef struct
{
  gchar *video_codec;           /* "h264", "h265", or NULL: no video */
  gchar *audio_codec;           /* "aac", or NULL */
  gint width, height;
} RsInputProbe;

/* Opens the input of @d for up to @timeout_ms; FALSE (with the reason in
 * @error) if it did not come up. */
gboolean rs_probe_input (const RsDescription * d, guint timeout_ms,
    RsInputProbe * probe, GError ** error);
void rs_input_probe_clear (RsInputProbe * probe);

/* The rule of @platform that video of @codec breaks (video-codec: the
 * ingest refuses it; enhanced-rtmp: it must speak Enhanced RTMP), or
 * NULL when the platform takes it as is. */
const GstRestreamRule *rs_video_codec_rule (GstRestreamPlatform platform,
    const gchar * codec);

/* "H.264", "HEVC" ... for people. */
const gchar *rs_video_codec_display (const gchar * codec);

G_END_DECLS
#endif /* __RS_PROBE_H__ */
