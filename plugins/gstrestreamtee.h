/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_RESTREAM_TEE_H__
#define __GST_RESTREAM_TEE_H__

#include <gst/gst.h>

G_BEGIN_DECLS

#define GST_TYPE_RESTREAM_TEE (gst_restream_tee_get_type ())
G_DECLARE_FINAL_TYPE (GstRestreamTee, gst_restream_tee, GST, RESTREAM_TEE,
    GstElement);

G_END_DECLS

#endif /* __GST_RESTREAM_TEE_H__ */
