/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_TEE_HEADERS_H__
#define __GST_TEE_HEADERS_H__

#include <gst/gst.h>

#include "gstcontainerscan.h"

G_BEGIN_DECLS

/**
 * GstTeeHeaders:
 *
 * Where the stream headers that restreamtee replays to a target joining
 * late come from: the caps' `streamheader` when the caps carry one, else
 * the FLV header, metadata and codec configuration, or the MPEG-TS
 * PAT/PMT, that the container scanner found in the data. The caller
 * serializes access.
 */
typedef struct
{
  GstCaps *caps;
  gboolean caps_have_streamheader;
} GstTeeHeaders;

void gst_tee_headers_set_caps (GstTeeHeaders * headers, GstCaps * caps);
void gst_tee_headers_clear (GstTeeHeaders * headers);

void gst_tee_headers_collect (const GstTeeHeaders * headers,
    GstContainerScanner * scanner, GPtrArray * buffers);

G_END_DECLS

#endif /* __GST_TEE_HEADERS_H__ */
