/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_RTMP_PUSH_SINK_H__
#define __GST_RTMP_PUSH_SINK_H__

#include <gst/gst.h>
#include <gst/base/gstbasesink.h>

G_BEGIN_DECLS
#define GST_TYPE_RTMP_PUSH_SINK (gst_rtmp_push_sink_get_type ())
G_DECLARE_FINAL_TYPE (GstRtmpPushSink, gst_rtmp_push_sink, GST,
    RTMP_PUSH_SINK, GstBaseSink);

G_END_DECLS
#endif /* __GST_RTMP_PUSH_SINK_H__ */
