/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* targetvalidator's settings: their defaults, the registered enums of
 * the platform and action properties, the properties that set them, and
 * the target read back redacted. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstvalidatorsettings.h"
#include "gstrestreamredact.h"

#define DEFAULT_PLATFORM GST_RESTREAM_PLATFORM_GENERIC_RTMP
#define DEFAULT_ACTION GST_TARGET_VALIDATOR_ACTION_WARN
#define DEFAULT_WINDOW (10 * GST_SECOND)
#define DEFAULT_MAX_BITRATE 0

GType
gst_target_validator_action_get_type (void)
{
  static GType type = 0;
  /* *INDENT-OFF* */
  static const GEnumValue values[] = {
    {GST_TARGET_VALIDATOR_ACTION_WARN, "Report findings only", "warn"},
    {GST_TARGET_VALIDATOR_ACTION_ERROR,
      "Post an error and stop on an error-severity finding", "error"},
    {0, NULL, NULL},
  };
  /* *INDENT-ON* */

  if (g_once_init_enter (&type)) {
    GType new_type = g_enum_register_static ("GstTargetValidatorAction",
        values);
    g_once_init_leave (&type, new_type);
  }
  return type;
}

GType
gst_target_validator_platform_get_type (void)
{
  static GType type = 0;
  /* *INDENT-OFF* */
  static const GEnumValue values[] = {
    {GST_RESTREAM_PLATFORM_GENERIC_RTMP, "Any RTMP(S) server", "generic-rtmp"},
    {GST_RESTREAM_PLATFORM_YOUTUBE, "YouTube Live", "youtube"},
    {GST_RESTREAM_PLATFORM_FACEBOOK, "Facebook Live", "facebook"},
    {GST_RESTREAM_PLATFORM_TWITCH, "Twitch", "twitch"},
    {GST_RESTREAM_PLATFORM_SRT, "Any SRT listener", "srt"},
    {0, NULL, NULL},
  };
  /* *INDENT-ON* */

  if (g_once_init_enter (&type)) {
    GType new_type = g_enum_register_static ("GstTargetValidatorPlatform",
        values);
    g_once_init_leave (&type, new_type);
  }
  return type;
}

void
gst_validator_settings_init (GstValidatorSettings * settings)
{
  settings->platform = DEFAULT_PLATFORM;
  settings->target_uri = NULL;
  settings->action = DEFAULT_ACTION;
  settings->window = DEFAULT_WINDOW;
  settings->max_bitrate = DEFAULT_MAX_BITRATE;
}

void
gst_validator_settings_clear (GstValidatorSettings * settings)
{
  g_clear_pointer (&settings->target_uri, g_free);
}

/* Properties, messages and the report end up in logs and dot files: the
 * target is only ever shown redacted ("" while not set). */
gchar *
gst_validator_settings_redacted_target (const GstValidatorSettings * settings)
{
  return settings->target_uri ?
      gst_restream_redact_url (settings->target_uri) : g_strdup ("");
}

void
gst_validator_settings_install_properties (GObjectClass * gobject_class)
{
  g_object_class_install_property (gobject_class,
      GST_VALIDATOR_SETTINGS_PROP_PLATFORM,
      g_param_spec_enum ("platform", "Platform",
          "Whose rules the stream is checked against",
          GST_TYPE_TARGET_VALIDATOR_PLATFORM, DEFAULT_PLATFORM,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class,
      GST_VALIDATOR_SETTINGS_PROP_TARGET_URI,
      g_param_spec_string ("target-uri", "Target URI",
          "The target's URL (RTMP URL with the stream key, or SRT URL), "
          "checked at start; read back redacted", NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class,
      GST_VALIDATOR_SETTINGS_PROP_ACTION,
      g_param_spec_enum ("action", "Action",
          "What an error-severity finding does",
          GST_TYPE_TARGET_VALIDATOR_ACTION, DEFAULT_ACTION,
          G_PARAM_READWRITE | GST_PARAM_MUTABLE_PLAYING |
          G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class,
      GST_VALIDATOR_SETTINGS_PROP_WINDOW,
      g_param_spec_uint64 ("window", "Window",
          "Stream time over which bitrate and keyframe interval are "
          "measured, in nanoseconds", GST_SECOND, 600 * GST_SECOND,
          DEFAULT_WINDOW, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class,
      GST_VALIDATOR_SETTINGS_PROP_MAX_BITRATE,
      g_param_spec_uint ("max-bitrate", "Maximum bitrate",
          "The target's bandwidth, in kbit/s (0 = not known): the source's "
          "average bitrate must stay below it", 0, G_MAXUINT,
          DEFAULT_MAX_BITRATE, G_PARAM_READWRITE | GST_PARAM_MUTABLE_PLAYING
          | G_PARAM_STATIC_STRINGS));
}

/* FALSE if @prop_id is not one of the settings. */
gboolean
gst_validator_settings_set_property (GstValidatorSettings * settings,
    guint prop_id, const GValue * value)
{
  switch (prop_id) {
    case GST_VALIDATOR_SETTINGS_PROP_PLATFORM:
      settings->platform = g_value_get_enum (value);
      break;
    case GST_VALIDATOR_SETTINGS_PROP_TARGET_URI:
      g_free (settings->target_uri);
      settings->target_uri = g_value_dup_string (value);
      break;
    case GST_VALIDATOR_SETTINGS_PROP_ACTION:
      settings->action = g_value_get_enum (value);
      break;
    case GST_VALIDATOR_SETTINGS_PROP_WINDOW:
      settings->window = g_value_get_uint64 (value);
      break;
    case GST_VALIDATOR_SETTINGS_PROP_MAX_BITRATE:
      settings->max_bitrate = g_value_get_uint (value);
      break;
    default:
      return FALSE;
  }
  return TRUE;
}

/* FALSE if @prop_id is not one of the settings. */
gboolean
gst_validator_settings_get_property (const GstValidatorSettings * settings,
    guint prop_id, GValue * value)
{
  switch (prop_id) {
    case GST_VALIDATOR_SETTINGS_PROP_PLATFORM:
      g_value_set_enum (value, settings->platform);
      break;
    case GST_VALIDATOR_SETTINGS_PROP_TARGET_URI:
      g_value_take_string (value,
          gst_validator_settings_redacted_target (settings));
      break;
    case GST_VALIDATOR_SETTINGS_PROP_ACTION:
      g_value_set_enum (value, settings->action);
      break;
    case GST_VALIDATOR_SETTINGS_PROP_WINDOW:
      g_value_set_uint64 (value, settings->window);
      break;
    case GST_VALIDATOR_SETTINGS_PROP_MAX_BITRATE:
      g_value_set_uint (value, settings->max_bitrate);
      break;
    default:
      return FALSE;
  }
  return TRUE;
}
