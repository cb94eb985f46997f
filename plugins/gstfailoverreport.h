/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_FAILOVER_REPORT_H__
#define __GST_FAILOVER_REPORT_H__

#include <gst/gst.h>

#include "gstfailoversrc.h"
#include "gstfailoverpolicy.h"

G_BEGIN_DECLS

/* failoversrc's state as the application sees it: the failoversrc-state
 * message and the stats structure, built in one place because their names
 * and fields are public API (docs/failoversrc.md). */

const gchar *gst_failover_report_state_name (GstFailoverSrcState state);

GstStructure *gst_failover_report_state (const GstFailoverTransition *
    transition, const gchar * reason);

GstStructure *gst_failover_report_stats (const GstFailoverPolicy * policy,
    guint64 bytes_in);

G_END_DECLS

#endif /* __GST_FAILOVER_REPORT_H__ */
