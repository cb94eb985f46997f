/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_RESTREAM_DEFAULTS_H__
#define __GST_RESTREAM_DEFAULTS_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/* Defaults that an element and the restream description both hold: a
 * description that leaves a key out gets what the element would do
 * unconfigured, and the two can only change together. */

/* failoversrc outage-threshold, [restream] outage-threshold */
#define GST_RESTREAM_DEFAULT_OUTAGE_THRESHOLD (3 * GST_SECOND)

/* failoversrc retry-timeout, [restream] retry-timeout */
#define GST_RESTREAM_DEFAULT_RETRY_TIMEOUT (3600 * GST_SECOND)

/* failoversrc tls-validation, [restream] input-tls-validation and
 * [target NAME] tls-validation */
#define GST_RESTREAM_DEFAULT_TLS_VALIDATION TRUE

G_END_DECLS

#endif /* __GST_RESTREAM_DEFAULTS_H__ */
