/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* targetvalidator's findings as structures: one shape for a rule of the
 * stream and a finding about the target URL, so that a reader of the
 * messages or the report handles both alike. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstvalidatorreport.h"
#include "gstrestreammessages.h"

#include <math.h>

/* "ok" for a rule kept again, else the rule's own severity. */
const gchar *
gst_validator_report_severity (const GstRestreamRule * rule, gboolean violated)
{
  if (!violated)
    return "ok";
  return rule->severity == GST_RESTREAM_SEVERITY_ERROR ? "error" : "warning";
}

/* The target's own bandwidth is the limit of the SRT bandwidth rule. */
gdouble
gst_validator_report_limit (const GstRestreamRule * rule, guint max_bitrate)
{
  if (rule->id == GST_RESTREAM_RULE_SRT_BANDWIDTH)
    return max_bitrate;
  return rule->limit;
}

GstStructure *
gst_validator_report_rule (const gchar * name, const GstRestreamRule * rule,
    const gchar * severity, gdouble measured, gdouble limit,
    const gchar * value, const gchar * target)
{
  return gst_structure_new (name,
      GST_TARGET_VALIDATOR_FIELD_RULE, G_TYPE_STRING, rule->name,
      "platform", G_TYPE_STRING, gst_restream_platform_name (rule->platform),
      GST_TARGET_VALIDATOR_FIELD_SEVERITY, G_TYPE_STRING, severity,
      "measured", G_TYPE_DOUBLE, measured,
      "limit", G_TYPE_DOUBLE, limit,
      "unit", G_TYPE_STRING, rule->unit,
      "value", G_TYPE_STRING, value ? value : "",
      "advice", G_TYPE_STRING, rule->advice,
      "param", G_TYPE_STRING, "", "target", G_TYPE_STRING, target, NULL);
}

GstStructure *
gst_validator_report_finding (const gchar * name,
    GstRestreamPlatform platform, const GstRestreamFinding * finding,
    const gchar * target)
{
  return gst_structure_new (name,
      GST_TARGET_VALIDATOR_FIELD_RULE, G_TYPE_STRING, finding->rule,
      "platform", G_TYPE_STRING, gst_restream_platform_name (platform),
      GST_TARGET_VALIDATOR_FIELD_SEVERITY, G_TYPE_STRING,
      gst_restream_finding_severity_name (finding->severity),
      "measured", G_TYPE_DOUBLE, NAN,
      "limit", G_TYPE_DOUBLE, NAN,
      "unit", G_TYPE_STRING, "",
      "value", G_TYPE_STRING, "",
      "advice", G_TYPE_STRING, finding->message,
      "param", G_TYPE_STRING, finding->key,
      "target", G_TYPE_STRING, target, NULL);
}

static void
append_structure (GValue * array, GstStructure * structure)
{
  GValue v = G_VALUE_INIT;

  g_value_init (&v, GST_TYPE_STRUCTURE);
  g_value_take_boxed (&v, structure);
  gst_value_array_append_and_take_value (array, &v);
}

/* The report property: what the stream carries, its measures, and every
 * finding that holds now, the target URL's first. */
GstStructure *
gst_validator_report_build (GstRestreamPlatform platform, guint max_bitrate,
    const gchar * target, const GPtrArray * static_findings,
    const GstValidatorStream * stream, const GstValidatorResults * results)
{
  GValue findings = G_VALUE_INIT;
  GstStructure *report;
  guint i;

  g_value_init (&findings, GST_TYPE_ARRAY);
  for (i = 0; i < static_findings->len; i++)
    append_structure (&findings, gst_validator_report_finding ("finding",
            platform, g_ptr_array_index (static_findings, i), target));
  for (i = 0; i < GST_RESTREAM_N_RULES; i++) {
    const GstRestreamRule *rule = gst_restream_platform_rule (platform, i);

    if (!rule || !results->violated[i])
      continue;
    append_structure (&findings, gst_validator_report_rule ("finding", rule,
            gst_validator_report_severity (rule, TRUE), results->measured[i],
            gst_validator_report_limit (rule, max_bitrate), results->value[i],
            target));
  }
  report = gst_structure_new ("application/x-targetvalidator-report",
      "platform", G_TYPE_STRING, gst_restream_platform_name (platform),
      "target", G_TYPE_STRING, target,
      "video-codec", G_TYPE_STRING,
      stream->video_codec ? stream->video_codec : "",
      "h264-profile", G_TYPE_STRING, stream->h264_profile ?
      gst_restream_h264_profile_name (stream->h264_profile) : "",
      "audio-codec", G_TYPE_STRING,
      stream->audio_codec ? stream->audio_codec : "",
      "bitrate-average", G_TYPE_DOUBLE, results->bitrate_average,
      "bitrate-peak", G_TYPE_DOUBLE, results->bitrate_peak,
      "keyframe-interval", G_TYPE_DOUBLE, results->keyframe_interval, NULL);
  gst_structure_take_value (report, GST_TARGET_VALIDATOR_FIELD_FINDINGS,
      &findings);
  return report;
}
