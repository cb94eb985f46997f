/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_VALIDATOR_RULES_H__
#define __GST_VALIDATOR_RULES_H__

#include <gst/gst.h>

#include "gstrestreamplatform.h"
#include "gstvalidatorwindow.h"

G_BEGIN_DECLS

/* What the stream carries, as far as seen: codec names ("h264", "h265",
 * "aac", "mp3", "opus", "unknown"; NULL = not seen) and the H.264
 * profile_idc (0 = not known). */
typedef struct
{
  const gchar *video_codec;
  const gchar *audio_codec;
  guint h264_profile;
} GstValidatorStream;

/* Every rule as last evaluated, and the measures behind them. */
typedef struct
{
  gboolean violated[GST_RESTREAM_N_RULES];
  gdouble measured[GST_RESTREAM_N_RULES];
  gchar *value[GST_RESTREAM_N_RULES];
  gdouble bitrate_average, bitrate_peak;        /* kbit/s */
  gdouble keyframe_interval;    /* s, the longest in the window */
} GstValidatorResults;

/* A rule that started or stopped being violated. */
typedef struct
{
  GstRestreamRuleId id;
  gboolean violated;
} GstValidatorTransition;

void gst_validator_stream_read_caps (GstValidatorStream * stream,
    const GstCaps * caps);

void gst_validator_results_reset (GstValidatorResults * results);

void gst_validator_evaluate (GstValidatorResults * results,
    const GstValidatorStream * stream, GstValidatorWindow * window,
    GstRestreamPlatform platform, guint max_bitrate, GArray * transitions);

G_END_DECLS

#endif /* __GST_VALIDATOR_RULES_H__ */
