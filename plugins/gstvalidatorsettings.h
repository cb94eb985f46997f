/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_VALIDATOR_SETTINGS_H__
#define __GST_VALIDATOR_SETTINGS_H__

#include <gst/gst.h>

#include "gsttargetvalidator.h"
#include "gstrestreamplatform.h"

G_BEGIN_DECLS

/* targetvalidator's properties that configure the checks; the element's
 * own (report) are numbered from GST_VALIDATOR_SETTINGS_N_PROPS on. */
enum
{
  GST_VALIDATOR_SETTINGS_PROP_0,
  GST_VALIDATOR_SETTINGS_PROP_PLATFORM,
  GST_VALIDATOR_SETTINGS_PROP_TARGET_URI,
  GST_VALIDATOR_SETTINGS_PROP_ACTION,
  GST_VALIDATOR_SETTINGS_PROP_WINDOW,
  GST_VALIDATOR_SETTINGS_PROP_MAX_BITRATE,
  GST_VALIDATOR_SETTINGS_N_PROPS,
};

/**
 * GstValidatorSettings:
 *
 * targetvalidator's property values, kept apart from what the stream has
 * shown. The target URI is checked once, at start; the others are read
 * for every buffer, so that a change reaches the running stream (a
 * GstHarness, for one, starts the element before they are set). The
 * caller serializes access (the element's object lock).
 */
typedef struct
{
  GstRestreamPlatform platform;
  gchar *target_uri;            /* carries secrets: never shown */
  GstTargetValidatorAction action;
  GstClockTime window;
  guint max_bitrate;            /* kbit/s, 0 = none */
} GstValidatorSettings;

void gst_validator_settings_init (GstValidatorSettings * settings);

void gst_validator_settings_clear (GstValidatorSettings * settings);

gchar *gst_validator_settings_redacted_target (const GstValidatorSettings *
    settings);

void gst_validator_settings_install_properties (GObjectClass * gobject_class);

gboolean gst_validator_settings_set_property (GstValidatorSettings *
    settings, guint prop_id, const GValue * value);

gboolean gst_validator_settings_get_property (const GstValidatorSettings *
    settings, guint prop_id, GValue * value);

G_END_DECLS

#endif /* __GST_VALIDATOR_SETTINGS_H__ */
