/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_FAILOVER_SETTINGS_H__
#define __GST_FAILOVER_SETTINGS_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/* failoversrc's properties that configure the input; the element's own
 * (state, stats) are numbered from GST_FAILOVER_SETTINGS_N_PROPS on. */
enum
{
  GST_FAILOVER_SETTINGS_PROP_0,
  GST_FAILOVER_SETTINGS_PROP_URI,
  GST_FAILOVER_SETTINGS_PROP_OUTAGE_THRESHOLD,
  GST_FAILOVER_SETTINGS_PROP_RETRY_TIMEOUT,
  GST_FAILOVER_SETTINGS_PROP_RETRY_BACKOFF_MAX,
  GST_FAILOVER_SETTINGS_PROP_TLS_VALIDATION,
  GST_FAILOVER_SETTINGS_PROP_SLATE,
  GST_FAILOVER_SETTINGS_PROP_SLATE_IMAGE,
  GST_FAILOVER_SETTINGS_PROP_SLATE_TITLE,
  GST_FAILOVER_SETTINGS_PROP_SLATE_TEXT,
  GST_FAILOVER_SETTINGS_N_PROPS,
};

/**
 * GstFailoverSettings:
 *
 * failoversrc's property values, kept apart from its running state (as
 * gst-plugins-rs' fallbacksrc keeps Settings and State): the element
 * copies them once when it starts pulling. The caller serializes access
 * (the element's object lock), as srtobject's property helpers do.
 */
typedef struct
{
  gchar *uri;                   /* may carry secrets: never shown */
  GstClockTime outage_threshold;
  GstClockTime retry_timeout;
  GstClockTime retry_backoff_max;
  gboolean tls_validation;
  gboolean slate;               /* encode a slate while retrying */
  gchar *slate_image;           /* NULL: the card */
  gchar *slate_title;
  gchar *slate_text;
} GstFailoverSettings;

void gst_failover_settings_init (GstFailoverSettings * settings);

void gst_failover_settings_copy (GstFailoverSettings * dest,
    const GstFailoverSettings * src);

void gst_failover_settings_clear (GstFailoverSettings * settings);

void gst_failover_settings_install_properties (GObjectClass * gobject_class);

gboolean gst_failover_settings_set_property (GstFailoverSettings * settings,
    guint prop_id, const GValue * value);

gboolean gst_failover_settings_get_property (const GstFailoverSettings *
    settings, guint prop_id, GValue * value);

G_END_DECLS

#endif /* __GST_FAILOVER_SETTINGS_H__ */
