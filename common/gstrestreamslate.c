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

#include <gio/gio.h>
#include <gst/base/gsttypefindhelper.h>

#include "gstrestreamslate.h"

/* Enough for every typefinder of an image format. */
#define SNIFF_SIZE 4096

gboolean
gst_restream_slate_image_check (const gchar * path, GError ** error)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFileInputStream) stream = NULL;
  g_autoptr (GError) local = NULL;
  g_autoptr (GstCaps) caps = NULL;
  guint8 data[SNIFF_SIZE];
  gsize size = 0;
  const gchar *type;

  if (!path || !*path) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        "the slate image path is empty");
    return FALSE;
  }
  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, &local);
  if (!stream) {
    g_set_error (error, G_IO_ERROR, local->code,
        "slate image %s cannot be read: %s", path, local->message);
    return FALSE;
  }
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), data, sizeof data,
          &size, NULL, &local)) {
    g_set_error (error, G_IO_ERROR, local->code,
        "slate image %s cannot be read: %s", path, local->message);
    return FALSE;
  }
  if (size == 0) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
        "slate image %s is empty", path);
    return FALSE;
  }
  caps = gst_type_find_helper_for_data (NULL, data, size, NULL);
  type = caps && !gst_caps_is_empty (caps) && !gst_caps_is_any (caps) ?
      gst_structure_get_name (gst_caps_get_structure (caps, 0)) : NULL;
  if (!type || (!g_str_equal (type, "image/png")
          && !g_str_equal (type, "image/jpeg"))) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
        "slate image %s is not a PNG or JPEG image (%s)", path,
        type ? type : "its type is unknown");
    return FALSE;
  }
  return TRUE;
}
