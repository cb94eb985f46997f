/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_RESTREAM_PLATFORM_H__
#define __GST_RESTREAM_PLATFORM_H__

#include <glib.h>

G_BEGIN_DECLS
/* What each platform accepts, in one table. docs/platform-rules.md is
 * written from it and cites the source of every rule. */
    typedef enum
{
  GST_RESTREAM_PLATFORM_GENERIC_RTMP,
  GST_RESTREAM_PLATFORM_YOUTUBE,
  GST_RESTREAM_PLATFORM_FACEBOOK,
  GST_RESTREAM_PLATFORM_TWITCH,
  GST_RESTREAM_PLATFORM_SRT,
  GST_RESTREAM_N_PLATFORMS,
} GstRestreamPlatform;

typedef enum
{
  GST_RESTREAM_RULE_VIDEO_CODEC,
  GST_RESTREAM_RULE_AUDIO_CODEC,
  GST_RESTREAM_RULE_H264_PROFILE,
  GST_RESTREAM_RULE_KEYFRAME_INTERVAL_MAX,
  GST_RESTREAM_RULE_KEYFRAME_INTERVAL_RECOMMENDED,
  GST_RESTREAM_RULE_BITRATE_MAX,
  GST_RESTREAM_RULE_BITRATE_RTMP_RISK,
  GST_RESTREAM_RULE_BITRATE_DROP,
  GST_RESTREAM_RULE_BITRATE_STABILITY,
  GST_RESTREAM_RULE_SRT_BANDWIDTH,
  GST_RESTREAM_RULE_ENHANCED_RTMP,
  GST_RESTREAM_N_RULES,
} GstRestreamRuleId;

typedef enum
{
  GST_RESTREAM_SEVERITY_WARNING,
  GST_RESTREAM_SEVERITY_ERROR,
} GstRestreamSeverity;

typedef struct
{
  GstRestreamRuleId id;
  GstRestreamPlatform platform;
  const gchar *name;            /* stable id in messages, e.g. "bitrate-max" */
  GstRestreamSeverity severity;
  gdouble limit;                /* in unit; NaN where the rule is a set */
  const gchar *unit;
  const gchar *advice;          /* one sentence */
  const gchar *source;          /* where the rule comes from */
} GstRestreamRule;

const gchar *gst_restream_platform_name (GstRestreamPlatform platform);
gboolean gst_restream_platform_from_name (const gchar * name,
    GstRestreamPlatform * platform);
gboolean gst_restream_platform_is_rtmp (GstRestreamPlatform platform);

/* The rule of @id for @platform, or NULL when the platform has none. */
const GstRestreamRule *gst_restream_platform_rule (GstRestreamPlatform
    platform, GstRestreamRuleId id);

/* Every rule, for documentation: terminated by a rule with a NULL name. */
const GstRestreamRule *gst_restream_platform_rules (void);

/* The video codecs (as the validator names them: "h264", "h265", "av1")
 * that @platform's ingest takes: over RTMP, H.264 in legacy FLV tags and
 * the others as Enhanced RTMP; over SRT, what MPEG-TS carries and
 * restream-launch passes through. NULL-terminated. */
const gchar *const *gst_restream_platform_video_codecs (GstRestreamPlatform
    platform);
gboolean gst_restream_platform_takes_video_codec (GstRestreamPlatform
    platform, const gchar * codec);
/* Whether @codec goes over RTMP as Enhanced RTMP (FourCC video tags). */
gboolean gst_restream_video_codec_is_enhanced (const gchar * codec);

/* H.264 profile_idc values YouTube takes: Baseline, Main, High. */
gboolean gst_restream_h264_profile_is_basic (guint profile_idc);
const gchar *gst_restream_h264_profile_name (guint profile_idc);

G_END_DECLS
#endif /* __GST_RESTREAM_PLATFORM_H__ */
