/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_EFLV_MUX_H__
#define __GST_EFLV_MUX_H__

#include <gst/gst.h>
#include <gst/base/gstaggregator.h>

G_BEGIN_DECLS
#define GST_TYPE_EFLV_MUX_PAD (gst_eflv_mux_pad_get_type ())
G_DECLARE_FINAL_TYPE (GstEFlvMuxPad, gst_eflv_mux_pad, GST, EFLV_MUX_PAD,
    GstAggregatorPad);

#define GST_TYPE_EFLV_MUX (gst_eflv_mux_get_type ())
G_DECLARE_FINAL_TYPE (GstEFlvMux, gst_eflv_mux, GST, EFLV_MUX, GstAggregator);

G_END_DECLS
#endif /* __GST_EFLV_MUX_H__ */
