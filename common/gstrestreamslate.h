/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_RESTREAM_SLATE_H__
#define __GST_RESTREAM_SLATE_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/* The card failoversrc draws when no slate image is given. */
#define GST_RESTREAM_SLATE_DEFAULT_TEXT "Stream will resume shortly"

/* Whether @path names a readable PNG or JPEG file. Otherwise FALSE, and
 * @error says what is wrong with it, naming the path (a path is no
 * secret). failoversrc checks its `slate-image` with this before it
 * starts; the launcher checks descriptions and API requests the same way.
 * Needs gst_init(): the file type is found by GStreamer's typefinders. */
gboolean gst_restream_slate_image_check (const gchar * path,
    GError ** error);

G_END_DECLS

#endif /* __GST_RESTREAM_SLATE_H__ */
