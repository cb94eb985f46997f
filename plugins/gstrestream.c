/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstrestreamelements.h"

static gboolean
plugin_init (GstPlugin * plugin)
{
  gboolean ret = FALSE;

  ret |= GST_ELEMENT_REGISTER (restreamtee, plugin);
  ret |= GST_ELEMENT_REGISTER (targetvalidator, plugin);
  ret |= GST_ELEMENT_REGISTER (failoversrc, plugin);
  ret |= GST_ELEMENT_REGISTER (rtmppushsink, plugin);
  ret |= GST_ELEMENT_REGISTER (eflvmux, plugin);

  return ret;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR,
    GST_VERSION_MINOR,
    restream,
    "Restreaming: one live input pushed unchanged to many targets",
    plugin_init, VERSION, GST_LICENSE, GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
