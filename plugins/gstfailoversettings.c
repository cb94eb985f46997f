/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* failoversrc's input settings: their defaults (shared with the
 * launcher's description), the properties that set them, and the URI read
 * back redacted. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstfailoversettings.h"
#include "gstrestreamdefaults.h"
#include "gstrestreamredact.h"
#include "gstrestreamslate.h"

#define DEFAULT_OUTAGE_THRESHOLD GST_RESTREAM_DEFAULT_OUTAGE_THRESHOLD
#define DEFAULT_RETRY_TIMEOUT GST_RESTREAM_DEFAULT_RETRY_TIMEOUT
#define DEFAULT_RETRY_BACKOFF_MAX (5 * GST_SECOND)
#define DEFAULT_TLS_VALIDATION GST_RESTREAM_DEFAULT_TLS_VALIDATION
/* An element on its own sends GAP events, as stock sources would; the
 * launcher turns the slate on ([restream] slate). */
#define DEFAULT_SLATE FALSE
#define DEFAULT_SLATE_TEXT GST_RESTREAM_SLATE_DEFAULT_TEXT

void
gst_failover_settings_init (GstFailoverSettings * settings)
{
  settings->uri = NULL;
  settings->outage_threshold = DEFAULT_OUTAGE_THRESHOLD;
  settings->retry_timeout = DEFAULT_RETRY_TIMEOUT;
  settings->retry_backoff_max = DEFAULT_RETRY_BACKOFF_MAX;
  settings->tls_validation = DEFAULT_TLS_VALIDATION;
  settings->slate = DEFAULT_SLATE;
  settings->slate_image = NULL;
  settings->slate_title = NULL;
  settings->slate_text = g_strdup (DEFAULT_SLATE_TEXT);
}

/* @dest owns its own copy of the strings. */
void
gst_failover_settings_copy (GstFailoverSettings * dest,
    const GstFailoverSettings * src)
{
  gst_failover_settings_clear (dest);
  *dest = *src;
  dest->uri = g_strdup (src->uri);
  dest->slate_image = g_strdup (src->slate_image);
  dest->slate_title = g_strdup (src->slate_title);
  dest->slate_text = g_strdup (src->slate_text);
}

void
gst_failover_settings_clear (GstFailoverSettings * settings)
{
  g_clear_pointer (&settings->uri, g_free);
  g_clear_pointer (&settings->slate_image, g_free);
  g_clear_pointer (&settings->slate_title, g_free);
  g_clear_pointer (&settings->slate_text, g_free);
}

void
gst_failover_settings_install_properties (GObjectClass * gobject_class)
{
  g_object_class_install_property (gobject_class,
      GST_FAILOVER_SETTINGS_PROP_URI, g_param_spec_string ("uri", "URI",
          "The input: rtmp://, rtmps://, srt:// (caller or listener, as its "
          "query says) or file://; read back redacted", NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class,
      GST_FAILOVER_SETTINGS_PROP_OUTAGE_THRESHOLD,
      g_param_spec_uint64 ("outage-threshold", "Outage threshold",
          "No data for this long means the input is down, in nanoseconds",
          100 * GST_MSECOND, G_MAXUINT64, DEFAULT_OUTAGE_THRESHOLD,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class,
      GST_FAILOVER_SETTINGS_PROP_RETRY_TIMEOUT,
      g_param_spec_uint64 ("retry-timeout", "Retry timeout",
          "How long to keep re-pulling a down input before failing, in "
          "nanoseconds", GST_SECOND, G_MAXUINT64, DEFAULT_RETRY_TIMEOUT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class,
      GST_FAILOVER_SETTINGS_PROP_RETRY_BACKOFF_MAX,
      g_param_spec_uint64 ("retry-backoff-max", "Retry backoff maximum",
          "Longest wait between two attempts to pull the input, in "
          "nanoseconds", 100 * GST_MSECOND, 600 * GST_SECOND,
          DEFAULT_RETRY_BACKOFF_MAX,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class,
      GST_FAILOVER_SETTINGS_PROP_TLS_VALIDATION,
      g_param_spec_boolean ("tls-validation", "TLS validation",
          "Validate the certificate of an rtmps:// input (FALSE is an "
          "explicit insecure opt-in)", DEFAULT_TLS_VALIDATION,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class,
      GST_FAILOVER_SETTINGS_PROP_SLATE,
      g_param_spec_boolean ("slate", "Slate",
          "While the input is down, send a still picture and silence "
          "encoded like the input, instead of GAP events",
          DEFAULT_SLATE, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class,
      GST_FAILOVER_SETTINGS_PROP_SLATE_IMAGE,
      g_param_spec_string ("slate-image", "Slate image",
          "PNG or JPEG file shown by the slate, scaled to the input's size "
          "(NULL: a card with slate-title and slate-text)", NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class,
      GST_FAILOVER_SETTINGS_PROP_SLATE_TITLE,
      g_param_spec_string ("slate-title", "Slate title",
          "First line of the slate's card, e.g. the stream's name", NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class,
      GST_FAILOVER_SETTINGS_PROP_SLATE_TEXT,
      g_param_spec_string ("slate-text", "Slate text",
          "Second line of the slate's card", DEFAULT_SLATE_TEXT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
}

/* FALSE if @prop_id is not one of the settings. */
gboolean
gst_failover_settings_set_property (GstFailoverSettings * settings,
    guint prop_id, const GValue * value)
{
  switch (prop_id) {
    case GST_FAILOVER_SETTINGS_PROP_URI:
      g_free (settings->uri);
      settings->uri = g_value_dup_string (value);
      break;
    case GST_FAILOVER_SETTINGS_PROP_OUTAGE_THRESHOLD:
      settings->outage_threshold = g_value_get_uint64 (value);
      break;
    case GST_FAILOVER_SETTINGS_PROP_RETRY_TIMEOUT:
      settings->retry_timeout = g_value_get_uint64 (value);
      break;
    case GST_FAILOVER_SETTINGS_PROP_RETRY_BACKOFF_MAX:
      settings->retry_backoff_max = g_value_get_uint64 (value);
      break;
    case GST_FAILOVER_SETTINGS_PROP_TLS_VALIDATION:
      settings->tls_validation = g_value_get_boolean (value);
      break;
    case GST_FAILOVER_SETTINGS_PROP_SLATE:
      settings->slate = g_value_get_boolean (value);
      break;
    case GST_FAILOVER_SETTINGS_PROP_SLATE_IMAGE:
      g_free (settings->slate_image);
      settings->slate_image = g_value_dup_string (value);
      break;
    case GST_FAILOVER_SETTINGS_PROP_SLATE_TITLE:
      g_free (settings->slate_title);
      settings->slate_title = g_value_dup_string (value);
      break;
    case GST_FAILOVER_SETTINGS_PROP_SLATE_TEXT:
      g_free (settings->slate_text);
      settings->slate_text = g_value_dup_string (value);
      break;
    default:
      return FALSE;
  }
  return TRUE;
}

/* FALSE if @prop_id is not one of the settings. */
gboolean
gst_failover_settings_get_property (const GstFailoverSettings * settings,
    guint prop_id, GValue * value)
{
  switch (prop_id) {
    case GST_FAILOVER_SETTINGS_PROP_URI:
      g_value_take_string (value, settings->uri ?
          gst_restream_redact_url (settings->uri) : NULL);
      break;
    case GST_FAILOVER_SETTINGS_PROP_OUTAGE_THRESHOLD:
      g_value_set_uint64 (value, settings->outage_threshold);
      break;
    case GST_FAILOVER_SETTINGS_PROP_RETRY_TIMEOUT:
      g_value_set_uint64 (value, settings->retry_timeout);
      break;
    case GST_FAILOVER_SETTINGS_PROP_RETRY_BACKOFF_MAX:
      g_value_set_uint64 (value, settings->retry_backoff_max);
      break;
    case GST_FAILOVER_SETTINGS_PROP_TLS_VALIDATION:
      g_value_set_boolean (value, settings->tls_validation);
      break;
    case GST_FAILOVER_SETTINGS_PROP_SLATE:
      g_value_set_boolean (value, settings->slate);
      break;
    case GST_FAILOVER_SETTINGS_PROP_SLATE_IMAGE:
      g_value_set_string (value, settings->slate_image);
      break;
    case GST_FAILOVER_SETTINGS_PROP_SLATE_TITLE:
      g_value_set_string (value, settings->slate_title);
      break;
    case GST_FAILOVER_SETTINGS_PROP_SLATE_TEXT:
      g_value_set_string (value, settings->slate_text);
      break;
    default:
      return FALSE;
  }
  return TRUE;
}
