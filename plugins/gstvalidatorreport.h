/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_VALIDATOR_REPORT_H__
#define __GST_VALIDATOR_REPORT_H__

#include <gst/gst.h>

#include "gstrestreamfinding.h"
#include "gstrestreamplatform.h"
#include "gstvalidatorrules.h"

G_BEGIN_DECLS

/* targetvalidator's findings as the structures of its messages and of its
 * report property, apart from the element: the field names and values are
 * public API (docs/targetvalidator.md), built in one place. @target is
 * always the redacted URL. */

const gchar *gst_validator_report_severity (const GstRestreamRule * rule,
    gboolean violated);

gdouble gst_validator_report_limit (const GstRestreamRule * rule,
    guint max_bitrate);

GstStructure *gst_validator_report_rule (const gchar * name,
    const GstRestreamRule * rule, const gchar * severity, gdouble measured,
    gdouble limit, const gchar * value, const gchar * target);

GstStructure *gst_validator_report_finding (const gchar * name,
    GstRestreamPlatform platform, const GstRestreamFinding * finding,
    const gchar * target);

GstStructure *gst_validator_report_build (GstRestreamPlatform platform,
    guint max_bitrate, const gchar * target, const GPtrArray * static_findings,
    const GstValidatorStream * stream, const GstValidatorResults * results);

G_END_DECLS

#endif /* __GST_VALIDATOR_REPORT_H__ */
