/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_FAILOVER_SRC_H__
#define __GST_FAILOVER_SRC_H__

#include <gst/gst.h>

G_BEGIN_DECLS

#define GST_TYPE_FAILOVER_SRC (gst_failover_src_get_type ())
G_DECLARE_FINAL_TYPE (GstFailoverSrc, gst_failover_src, GST, FAILOVER_SRC,
    GstElement);

/**
 * GstFailoverSrcState:
 * @GST_FAILOVER_SRC_STATE_CONNECTING: no data received yet
 * @GST_FAILOVER_SRC_STATE_ACTIVE: data flowing
 * @GST_FAILOVER_SRC_STATE_RETRYING: input down for longer than the outage
 *     threshold; re-pulling it
 * @GST_FAILOVER_SRC_STATE_FAILED: still down after the retry timeout, or an
 *     error retrying cannot fix; EOS was sent
 */
typedef enum
{
  GST_FAILOVER_SRC_STATE_CONNECTING,
  GST_FAILOVER_SRC_STATE_ACTIVE,
  GST_FAILOVER_SRC_STATE_RETRYING,
  GST_FAILOVER_SRC_STATE_FAILED,
} GstFailoverSrcState;

#define GST_TYPE_FAILOVER_SRC_STATE (gst_failover_src_state_get_type ())
GType gst_failover_src_state_get_type (void);

G_END_DECLS

#endif /* __GST_FAILOVER_SRC_H__ */
