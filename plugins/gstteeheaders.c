/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The stream headers a late restreamtee target gets before its first
 * keyframe, so that it decodes from its first byte. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstteeheaders.h"

void
gst_tee_headers_set_caps (GstTeeHeaders * headers, GstCaps * caps)
{
  GstStructure *s = gst_caps_get_structure (caps, 0);

  gst_caps_replace (&headers->caps, caps);
  headers->caps_have_streamheader = s
      && gst_structure_has_field_typed (s, "streamheader", GST_TYPE_ARRAY);
}

void
gst_tee_headers_clear (GstTeeHeaders * headers)
{
  gst_clear_caps (&headers->caps);
  headers->caps_have_streamheader = FALSE;
}

/* Appends a reference to each header buffer to @buffers, in stream
 * order. */
void
gst_tee_headers_collect (const GstTeeHeaders * headers,
    GstContainerScanner * scanner, GPtrArray * buffers)
{
  const GValue *array;
  guint i;

  if (!headers->caps_have_streamheader) {
    gst_container_scanner_collect_headers (scanner, buffers);
    return;
  }
  array = gst_structure_get_value (gst_caps_get_structure (headers->caps, 0),
      "streamheader");
  for (i = 0; i < gst_value_array_get_size (array); i++) {
    const GValue *value = gst_value_array_get_value (array, i);

    if (GST_VALUE_HOLDS_BUFFER (value))
      g_ptr_array_add (buffers, gst_buffer_ref (gst_value_get_buffer (value)));
  }
}
