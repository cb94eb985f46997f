/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_RESTREAM_ELEMENTS_H__
#define __GST_RESTREAM_ELEMENTS_H__

#include <gst/gst.h>

G_BEGIN_DECLS GST_ELEMENT_REGISTER_DECLARE (restreamtee);
GST_ELEMENT_REGISTER_DECLARE (targetvalidator);
GST_ELEMENT_REGISTER_DECLARE (failoversrc);
GST_ELEMENT_REGISTER_DECLARE (rtmppushsink);
GST_ELEMENT_REGISTER_DECLARE (eflvmux);

G_END_DECLS
#endif /* __GST_RESTREAM_ELEMENTS_H__ */
