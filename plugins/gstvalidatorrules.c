/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* targetvalidator's rules applied to what the stream carries and to the
 * window's measures: which of a platform's rules the stream breaks now. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstvalidatorrules.h"

#include <math.h>

/* Bitrate rules need this much stream in the window... */
#define MIN_BITRATE_SPAN (3 * GST_SECOND)
/* ...and the drop and stability rules a little more. */
#define MIN_VARIATION_SPAN (5 * GST_SECOND)
/* Keyframe intervals may exceed a limit by this much (timestamp jitter). */
#define KEYFRAME_TOLERANCE 0.1

static guint
profile_idc_from_name (const gchar * profile)
{
  /* *INDENT-OFF* */
  static const struct {
    const gchar *name;
    guint idc;
  } profiles[] = {
    {"constrained-baseline", 66}, {"baseline", 66}, {"main", 77},
    {"extended", 88}, {"high", 100}, {"progressive-high", 100},
    {"constrained-high", 100}, {"high-10", 110}, {"high-10-intra", 110},
    {"high-4:2:2", 122}, {"high-4:2:2-intra", 122}, {"high-4:4:4", 244},
    {"high-4:4:4-intra", 244}, {"cavlc-4:4:4-intra", 44},
  };
  /* *INDENT-ON* */
  guint i;

  for (i = 0; profile && i < G_N_ELEMENTS (profiles); i++)
    if (g_str_equal (profile, profiles[i].name))
      return profiles[i].idc;
  return 0;
}


/* What elementary stream caps (no container) say about the stream. */
void
gst_validator_stream_read_caps (GstValidatorStream * stream,
    const GstCaps * caps)
{
  GstStructure *s = gst_caps_get_structure (caps, 0);
  const gchar *name = gst_structure_get_name (s);
  gint mpegversion = 0, layer = 0;

  if (g_str_equal (name, "video/x-h264")) {
    stream->video_codec = "h264";
    stream->h264_profile =
        profile_idc_from_name (gst_structure_get_string (s, "profile"));
  } else if (g_str_equal (name, "video/x-h265")) {
    stream->video_codec = "h265";
  } else if (g_str_has_prefix (name, "video/")) {
    stream->video_codec = "unknown";
  } else if (g_str_equal (name, "audio/mpeg")) {
    gst_structure_get_int (s, "mpegversion", &mpegversion);
    gst_structure_get_int (s, "layer", &layer);
    stream->audio_codec = mpegversion == 4 || mpegversion == 2 ? "aac" :
        layer == 3 ? "mp3" : "unknown";
  } else if (g_str_equal (name, "audio/x-opus")) {
    stream->audio_codec = "opus";
  } else if (g_str_has_prefix (name, "audio/")) {
    stream->audio_codec = "unknown";
  }
}

void
gst_validator_results_reset (GstValidatorResults * results)
{
  guint i;

  for (i = 0; i < GST_RESTREAM_N_RULES; i++) {
    results->violated[i] = FALSE;
    results->measured[i] = NAN;
    g_clear_pointer (&results->value[i], g_free);
  }
  results->bitrate_average = results->bitrate_peak = NAN;
  results->keyframe_interval = NAN;
}

static void
set_result (GstValidatorResults * results, GArray * transitions,
    GstRestreamRuleId id, gboolean violated, gdouble measured,
    const gchar * value)
{
  results->measured[id] = measured;
  g_free (results->value[id]);
  results->value[id] = g_strdup (value);
  if (violated != results->violated[id]) {
    GstValidatorTransition t = { id, violated };
    results->violated[id] = violated;
    g_array_append_val (transitions, t);
  }
}

/* The codec, profile and keyframe rules. */
static void
evaluate_stream (GstValidatorResults * results,
    const GstValidatorStream * stream, GstRestreamPlatform platform,
    gdouble interval, GArray * transitions)
{
  const GstRestreamRule *rule;
  guint id;

  for (id = 0; id < GST_RESTREAM_N_RULES; id++) {
    rule = gst_restream_platform_rule (platform, id);
    if (!rule)
      continue;
    switch (id) {
      case GST_RESTREAM_RULE_VIDEO_CODEC:
        if (stream->video_codec)
          set_result (results, transitions, id,
              !gst_restream_platform_takes_video_codec (platform,
                  stream->video_codec), NAN, stream->video_codec);
        break;
      case GST_RESTREAM_RULE_ENHANCED_RTMP:
        if (stream->video_codec)
          set_result (results, transitions, id,
              gst_restream_platform_takes_video_codec (platform,
                  stream->video_codec)
              && gst_restream_video_codec_is_enhanced (stream->video_codec),
              NAN, stream->video_codec);
        break;
      case GST_RESTREAM_RULE_AUDIO_CODEC:
        if (stream->audio_codec)
          set_result (results, transitions, id,
              !g_str_equal (stream->audio_codec, "aac"), NAN,
              stream->audio_codec);
        break;
      case GST_RESTREAM_RULE_H264_PROFILE:
        if (stream->h264_profile)
          set_result (results, transitions, id,
              !gst_restream_h264_profile_is_basic (stream->h264_profile),
              stream->h264_profile,
              gst_restream_h264_profile_name (stream->h264_profile));
        break;
      case GST_RESTREAM_RULE_KEYFRAME_INTERVAL_MAX:
      case GST_RESTREAM_RULE_KEYFRAME_INTERVAL_RECOMMENDED:
        if (!isnan (interval))
          set_result (results, transitions, id,
              interval > rule->limit + KEYFRAME_TOLERANCE, interval, NULL);
        break;
      default:
        break;
    }
  }
}

/* Sets the result of the rule @id of @platform, if it has one, to
 * @measured above (or with @below, under) its limit. */
static void
check_limit (GstValidatorResults * results, GArray * transitions,
    GstRestreamPlatform platform, GstRestreamRuleId id, gdouble measured,
    gboolean below)
{
  const GstRestreamRule *rule = gst_restream_platform_rule (platform, id);

  if (rule)
    set_result (results, transitions, rule->id, below ? measured < rule->limit :
        measured > rule->limit, measured, NULL);
}

/* The bitrate rules. */
static void
evaluate_bitrate (GstValidatorResults * results,
    GstValidatorWindow * window, GstRestreamPlatform platform,
    guint max_bitrate, GArray * transitions)
{
  gdouble average, peak, last_second, ratio, share;

  if (gst_validator_window_bitrate (window, MIN_BITRATE_SPAN,
          &average, &peak, &last_second)) {
    results->bitrate_average = average;
    results->bitrate_peak = peak;
    check_limit (results, transitions, platform, GST_RESTREAM_RULE_BITRATE_MAX,
        average, FALSE);
    check_limit (results, transitions, platform,
        GST_RESTREAM_RULE_BITRATE_RTMP_RISK, average, FALSE);
    if (gst_restream_platform_rule (platform, GST_RESTREAM_RULE_SRT_BANDWIDTH)
        && max_bitrate > 0)
      set_result (results, transitions, GST_RESTREAM_RULE_SRT_BANDWIDTH,
          average > max_bitrate, average, NULL);
  }
  if (gst_validator_window_variation (window, MIN_VARIATION_SPAN,
          &ratio, &share)) {
    check_limit (results, transitions, platform,
        GST_RESTREAM_RULE_BITRATE_STABILITY, ratio, FALSE);
    check_limit (results, transitions, platform, GST_RESTREAM_RULE_BITRATE_DROP,
        share, TRUE);
  }
}

/* Evaluates every rule of @platform, appending the rules whose state
 * changed to @transitions (of GstValidatorTransition). */
void
gst_validator_evaluate (GstValidatorResults * results,
    const GstValidatorStream * stream, GstValidatorWindow * window,
    GstRestreamPlatform platform, guint max_bitrate, GArray * transitions)
{
  /* The longest keyframe interval; NaN without video. */
  gdouble interval = stream->video_codec ?
      gst_validator_window_keyframe_interval (window) : NAN;

  evaluate_stream (results, stream, platform, interval, transitions);
  results->keyframe_interval = interval;
  evaluate_bitrate (results, window, platform, max_bitrate, transitions);
}
