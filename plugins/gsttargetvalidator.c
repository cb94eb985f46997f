/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-targetvalidator
 * @title: targetvalidator
 *
 * Tells the user, before the platform does, why a target would reject the
 * stream. A pass-through placed in front of a target's sink: it never
 * alters data. It reads FLV (in front of rtmp2sink), MPEG-TS (in front of
 * srtsink) or parsed H.264/AAC, and checks, over a sliding #window of
 * stream time, what the chosen #platform requires: video and audio codecs,
 * H.264 profile, keyframe interval, average and peak bitrate, sudden
 * bitrate drops. With #target-uri set it also checks the target URL itself
 * (RTMP URL + key shape, SRT parameters and their units) when it starts.
 *
 * The rules come from one table (docs/platform-rules.md lists them with
 * their sources).
 *
 * ## Messages
 *
 * `targetvalidator-report` (element message), when a rule changes state (a
 * violation starts, or ends with severity "ok"), and once per static
 * finding about the target URL at start:
 * - `rule` (string): e.g. "keyframe-interval-max", "srt-latency-unit"
 * - `platform` (string)
 * - `severity` (string): "warning", "error", or "ok" when a rule is kept
 *   again
 * - `measured`, `limit` (gdouble, in `unit`; NaN where not a number)
 * - `unit` (string): "s", "kbit/s", "%" or ""
 * - `value` (string): the codec or profile found, for codec rules
 * - `advice` (string): one sentence
 * - `param` (string): the URL parameter, for static findings
 * - `target` (string): the target, redacted
 *
 * With #action=error, an error-severity finding also posts an ERROR and
 * stops the branch (the element returns a flow error from then on).
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 -m videotestsrc num-buffers=300 ! x264enc key-int-max=150 \
 *     ! h264parse ! flvmux ! targetvalidator platform=facebook ! fakesink
 * ]| Reports that a keyframe every 5 s exceeds Facebook's 4 s maximum.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstrestreamelements.h"
#include "gsttargetvalidator.h"
#include "gstrestreamtarget.h"

#include <math.h>
#include <string.h>

GST_DEBUG_CATEGORY_STATIC (targetvalidator_debug);
#define GST_CAT_DEFAULT targetvalidator_debug

#define DEFAULT_PLATFORM GST_RESTREAM_PLATFORM_GENERIC_RTMP
#define DEFAULT_ACTION GST_TARGET_VALIDATOR_ACTION_WARN
#define DEFAULT_WINDOW (10 * GST_SECOND)
#define DEFAULT_MAX_BITRATE 0

/* Evaluate the rules every this much stream time. */
#define EVALUATION_INTERVAL (500 * GST_MSECOND)
/* Bitrate rules need this much stream in the window... */
#define MIN_BITRATE_SPAN (3 * GST_SECOND)
/* ...and the drop and stability rules a little more. */
#define MIN_VARIATION_SPAN (5 * GST_SECOND)
/* Keyframe intervals may exceed a limit by this much (timestamp jitter). */
#define KEYFRAME_TOLERANCE 0.1
/* A step back in time larger than this starts the measurement over. */
#define MAX_TIME_STEP_BACK GST_SECOND

enum
{
  PROP_0,
  PROP_PLATFORM,
  PROP_TARGET_URI,
  PROP_ACTION,
  PROP_WINDOW,
  PROP_MAX_BITRATE,
  PROP_REPORT,
};

GType
gst_target_validator_action_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_TARGET_VALIDATOR_ACTION_WARN, "Report findings only", "warn"},
    {GST_TARGET_VALIDATOR_ACTION_ERROR,
        "Post an error and stop on an error-severity finding", "error"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType new_type = g_enum_register_static ("GstTargetValidatorAction",
        values);
    g_once_init_leave (&type, new_type);
  }
  return type;
}

GType
gst_target_validator_platform_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_RESTREAM_PLATFORM_GENERIC_RTMP, "Any RTMP(S) server",
        "generic-rtmp"},
    {GST_RESTREAM_PLATFORM_YOUTUBE, "YouTube Live", "youtube"},
    {GST_RESTREAM_PLATFORM_FACEBOOK, "Facebook Live", "facebook"},
    {GST_RESTREAM_PLATFORM_TWITCH, "Twitch", "twitch"},
    {GST_RESTREAM_PLATFORM_SRT, "Any SRT listener", "srt"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType new_type = g_enum_register_static ("GstTargetValidatorPlatform",
        values);
    g_once_init_leave (&type, new_type);
  }
  return type;
}

#define gst_target_validator_parent_class parent_class
G_DEFINE_TYPE_WITH_CODE (GstTargetValidator, gst_target_validator,
    GST_TYPE_BASE_TRANSFORM,
    GST_DEBUG_CATEGORY_INIT (targetvalidator_debug, "targetvalidator", 0,
        "Checks a target's stream against its platform's rules"));
GST_ELEMENT_REGISTER_DEFINE (targetvalidator, "targetvalidator",
    GST_RANK_NONE, GST_TYPE_TARGET_VALIDATOR);

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

static void gst_target_validator_finalize (GObject * object);
static void gst_target_validator_set_property (GObject * object,
    guint prop_id, const GValue * value, GParamSpec * pspec);
static void gst_target_validator_get_property (GObject * object,
    guint prop_id, GValue * value, GParamSpec * pspec);
static gboolean gst_target_validator_start (GstBaseTransform * trans);
static gboolean gst_target_validator_stop (GstBaseTransform * trans);
static gboolean gst_target_validator_set_caps (GstBaseTransform * trans,
    GstCaps * incaps, GstCaps * outcaps);
static gboolean gst_target_validator_sink_event (GstBaseTransform * trans,
    GstEvent * event);
static GstFlowReturn gst_target_validator_transform_ip (GstBaseTransform *
    trans, GstBuffer * buffer);
static GstFlowReturn gst_target_validator_chain_list (GstPad * pad,
    GstObject * parent, GstBufferList * list);

static void
gst_target_validator_class_init (GstTargetValidatorClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);

  gobject_class->finalize = gst_target_validator_finalize;
  gobject_class->set_property = gst_target_validator_set_property;
  gobject_class->get_property = gst_target_validator_get_property;

  g_object_class_install_property (gobject_class, PROP_PLATFORM,
      g_param_spec_enum ("platform", "Platform",
          "Whose rules the stream is checked against",
          GST_TYPE_TARGET_VALIDATOR_PLATFORM, DEFAULT_PLATFORM,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_TARGET_URI,
      g_param_spec_string ("target-uri", "Target URI",
          "The target's URL (RTMP URL with the stream key, or SRT URL), "
          "checked at start; read back redacted", NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_ACTION,
      g_param_spec_enum ("action", "Action",
          "What an error-severity finding does",
          GST_TYPE_TARGET_VALIDATOR_ACTION, DEFAULT_ACTION,
          G_PARAM_READWRITE | GST_PARAM_MUTABLE_PLAYING |
          G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_WINDOW,
      g_param_spec_uint64 ("window", "Window",
          "Stream time over which bitrate and keyframe interval are "
          "measured, in nanoseconds", GST_SECOND, 600 * GST_SECOND,
          DEFAULT_WINDOW, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_MAX_BITRATE,
      g_param_spec_uint ("max-bitrate", "Maximum bitrate",
          "The target's bandwidth, in kbit/s (0 = not known): the source's "
          "average bitrate must stay below it", 0, G_MAXUINT,
          DEFAULT_MAX_BITRATE, G_PARAM_READWRITE | GST_PARAM_MUTABLE_PLAYING
          | G_PARAM_STATIC_STRINGS));
  /**
   * GstTargetValidator:report:
   *
   * An `application/x-targetvalidator-report` structure: `platform`,
   * `target` (redacted), `video-codec`, `h264-profile`, `audio-codec`
   * (strings, "" while unknown), `bitrate-average`, `bitrate-peak`
   * (gdouble, kbit/s), `keyframe-interval` (gdouble, s, the longest in the
   * window) and `findings`, an array of `finding` structures (the fields
   * of the message) for every rule violated now and every static finding.
   */
  g_object_class_install_property (gobject_class, PROP_REPORT,
      g_param_spec_boxed ("report", "Report", "The current findings",
          GST_TYPE_STRUCTURE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_element_class_set_static_metadata (element_class,
      "Restream target validator", "Filter/Analyzer",
      "Checks a target's stream (FLV, MPEG-TS, H.264/AAC) and URL against its "
      "platform's rules and reports why it would be rejected; passes data "
      "unchanged", "gst-restream contributors");
  gst_element_class_add_metadata (element_class, "example",
      "gst-launch-1.0 -m videotestsrc num-buffers=300 ! x264enc "
      "key-int-max=150 ! h264parse ! flvmux ! targetvalidator "
      "platform=facebook ! fakesink");
  gst_element_class_add_metadata (element_class, "documentation",
      "docs/targetvalidator.md, docs/platform-rules.md");
  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);

  trans_class->start = GST_DEBUG_FUNCPTR (gst_target_validator_start);
  trans_class->stop = GST_DEBUG_FUNCPTR (gst_target_validator_stop);
  trans_class->set_caps = GST_DEBUG_FUNCPTR (gst_target_validator_set_caps);
  trans_class->sink_event = GST_DEBUG_FUNCPTR (gst_target_validator_sink_event);
  trans_class->transform_ip =
      GST_DEBUG_FUNCPTR (gst_target_validator_transform_ip);
  trans_class->transform_ip_on_passthrough = TRUE;
  trans_class->passthrough_on_same_caps = TRUE;

  gst_type_mark_as_plugin_api (GST_TYPE_TARGET_VALIDATOR_ACTION, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_TARGET_VALIDATOR_PLATFORM, 0);
}

static void
reset_state (GstTargetValidator * self)
{
  guint i;

  gst_container_scanner_clear (&self->scanner);
  self->parsed_caps = FALSE;
  self->video_codec = self->audio_codec = NULL;
  self->h264_profile = 0;
  while (!gst_queue_array_is_empty (self->samples))
    gst_queue_array_pop_head_struct (self->samples);
  while (!gst_queue_array_is_empty (self->keyframes))
    gst_queue_array_pop_head_struct (self->keyframes);
  self->first_time = self->last_time = GST_CLOCK_TIME_NONE;
  self->next_evaluation = 0;
  for (i = 0; i < GST_RESTREAM_N_RULES; i++) {
    self->violated[i] = FALSE;
    self->measured[i] = NAN;
    g_clear_pointer (&self->value[i], g_free);
  }
  self->stopped = FALSE;
  self->bitrate_average = self->bitrate_peak = NAN;
  self->keyframe_interval = NAN;
}

static void
gst_target_validator_init (GstTargetValidator * self)
{
  self->platform = DEFAULT_PLATFORM;
  self->action = DEFAULT_ACTION;
  self->window = DEFAULT_WINDOW;
  self->max_bitrate = DEFAULT_MAX_BITRATE;

  g_mutex_init (&self->lock);
  gst_container_scanner_init (&self->scanner);
  self->samples = gst_queue_array_new_for_struct (sizeof
      (GstTargetValidatorSample), 256);
  self->keyframes = gst_queue_array_new_for_struct (sizeof (GstClockTime), 16);
  self->static_findings = gst_restream_findings_new ();
  reset_state (self);
  gst_base_transform_set_passthrough (GST_BASE_TRANSFORM (self), TRUE);
  gst_pad_set_chain_list_function (GST_BASE_TRANSFORM_SINK_PAD (self),
      GST_DEBUG_FUNCPTR (gst_target_validator_chain_list));
}

static void
gst_target_validator_finalize (GObject * object)
{
  GstTargetValidator *self = GST_TARGET_VALIDATOR (object);

  reset_state (self);
  gst_queue_array_free (self->samples);
  gst_queue_array_free (self->keyframes);
  g_ptr_array_unref (self->static_findings);
  g_free (self->target_uri);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_target_validator_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstTargetValidator *self = GST_TARGET_VALIDATOR (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_PLATFORM:
      self->platform = g_value_get_enum (value);
      break;
    case PROP_TARGET_URI:
      g_free (self->target_uri);
      self->target_uri = g_value_dup_string (value);
      break;
    case PROP_ACTION:
      self->action = g_value_get_enum (value);
      break;
    case PROP_WINDOW:
      self->window = g_value_get_uint64 (value);
      break;
    case PROP_MAX_BITRATE:
      self->max_bitrate = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

/* Findings as structures, for messages and the report */

static gchar *
redacted_target (GstTargetValidator * self)
{
  gchar *target;

  GST_OBJECT_LOCK (self);
  target = self->target_uri ? gst_restream_redact_url (self->target_uri) :
      g_strdup ("");
  GST_OBJECT_UNLOCK (self);
  return target;
}

static GstStructure *
rule_structure (const gchar * name, const GstRestreamRule * rule,
    const gchar * severity, gdouble measured, gdouble limit,
    const gchar * value, const gchar * target)
{
  return gst_structure_new (name,
      "rule", G_TYPE_STRING, rule->name,
      "platform", G_TYPE_STRING, gst_restream_platform_name (rule->platform),
      "severity", G_TYPE_STRING, severity,
      "measured", G_TYPE_DOUBLE, measured,
      "limit", G_TYPE_DOUBLE, limit,
      "unit", G_TYPE_STRING, rule->unit,
      "value", G_TYPE_STRING, value ? value : "",
      "advice", G_TYPE_STRING, rule->advice,
      "param", G_TYPE_STRING, "", "target", G_TYPE_STRING, target, NULL);
}

static GstStructure *
finding_structure (const gchar * name, GstRestreamPlatform platform,
    const GstRestreamFinding * finding, const gchar * target)
{
  return gst_structure_new (name,
      "rule", G_TYPE_STRING, finding->rule,
      "platform", G_TYPE_STRING, gst_restream_platform_name (platform),
      "severity", G_TYPE_STRING,
      gst_restream_finding_severity_name (finding->severity),
      "measured", G_TYPE_DOUBLE, NAN,
      "limit", G_TYPE_DOUBLE, NAN,
      "unit", G_TYPE_STRING, "",
      "value", G_TYPE_STRING, "",
      "advice", G_TYPE_STRING, finding->message,
      "param", G_TYPE_STRING, finding->key,
      "target", G_TYPE_STRING, target, NULL);
}

static gdouble
rule_limit (GstTargetValidator * self, const GstRestreamRule * rule)
{
  if (rule->id == GST_RESTREAM_RULE_SRT_BANDWIDTH)
    return self->max_bitrate;
  return rule->limit;
}

static GstStructure *
gst_target_validator_report (GstTargetValidator * self)
{
  g_autofree gchar *target = redacted_target (self);
  GValue findings = G_VALUE_INIT;
  GstStructure *report;
  GstRestreamPlatform platform;
  guint i;

  GST_OBJECT_LOCK (self);
  platform = self->platform;
  GST_OBJECT_UNLOCK (self);

  g_value_init (&findings, GST_TYPE_ARRAY);
  g_mutex_lock (&self->lock);
  for (i = 0; i < self->static_findings->len; i++) {
    GValue v = G_VALUE_INIT;

    g_value_init (&v, GST_TYPE_STRUCTURE);
    g_value_take_boxed (&v, finding_structure ("finding", platform,
            g_ptr_array_index (self->static_findings, i), target));
    gst_value_array_append_and_take_value (&findings, &v);
  }
  for (i = 0; i < GST_RESTREAM_N_RULES; i++) {
    const GstRestreamRule *rule = gst_restream_platform_rule (platform, i);
    GValue v = G_VALUE_INIT;

    if (!rule || !self->violated[i])
      continue;
    g_value_init (&v, GST_TYPE_STRUCTURE);
    g_value_take_boxed (&v, rule_structure ("finding", rule,
            rule->severity == GST_RESTREAM_SEVERITY_ERROR ? "error" :
            "warning", self->measured[i], rule_limit (self, rule),
            self->value[i], target));
    gst_value_array_append_and_take_value (&findings, &v);
  }
  report = gst_structure_new ("application/x-targetvalidator-report",
      "platform", G_TYPE_STRING, gst_restream_platform_name (platform),
      "target", G_TYPE_STRING, target,
      "video-codec", G_TYPE_STRING, self->video_codec ? self->video_codec : "",
      "h264-profile", G_TYPE_STRING, self->h264_profile ?
      gst_restream_h264_profile_name (self->h264_profile) : "",
      "audio-codec", G_TYPE_STRING, self->audio_codec ? self->audio_codec : "",
      "bitrate-average", G_TYPE_DOUBLE, self->bitrate_average,
      "bitrate-peak", G_TYPE_DOUBLE, self->bitrate_peak,
      "keyframe-interval", G_TYPE_DOUBLE, self->keyframe_interval, NULL);
  g_mutex_unlock (&self->lock);
  gst_structure_take_value (report, "findings", &findings);
  return report;
}

static void
gst_target_validator_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstTargetValidator *self = GST_TARGET_VALIDATOR (object);

  switch (prop_id) {
    case PROP_PLATFORM:
      GST_OBJECT_LOCK (self);
      g_value_set_enum (value, self->platform);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_TARGET_URI:
      /* Read back redacted: properties end up in logs and dot files. */
      g_value_take_string (value, redacted_target (self));
      break;
    case PROP_ACTION:
      GST_OBJECT_LOCK (self);
      g_value_set_enum (value, self->action);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_WINDOW:
      GST_OBJECT_LOCK (self);
      g_value_set_uint64 (value, self->window);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_MAX_BITRATE:
      GST_OBJECT_LOCK (self);
      g_value_set_uint (value, self->max_bitrate);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_REPORT:
      g_value_take_boxed (value, gst_target_validator_report (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

/* Start: the static checks of the target URL */

static gboolean
gst_target_validator_start (GstBaseTransform * trans)
{
  GstTargetValidator *self = GST_TARGET_VALIDATOR (trans);
  g_autoptr (GPtrArray) findings = gst_restream_findings_new ();
  g_autofree gchar *uri = NULL;
  g_autofree gchar *target = NULL;
  g_autoptr (GError) error = NULL;
  GstRestreamTarget *parsed = NULL;
  GstRestreamPlatform platform;
  GstTargetValidatorAction action;
  guint i;

  GST_OBJECT_LOCK (self);
  uri = g_strdup (self->target_uri);
  platform = self->platform;
  action = self->action;
  GST_OBJECT_UNLOCK (self);

  g_mutex_lock (&self->lock);
  reset_state (self);
  g_ptr_array_set_size (self->static_findings, 0);
  g_mutex_unlock (&self->lock);
  if (!uri)
    return TRUE;

  target = gst_restream_redact_url (uri);
  parsed = gst_restream_target_parse (uri, NULL, findings);
  if (parsed) {
    gboolean srt = parsed->kind == GST_RESTREAM_TARGET_SRT;

    if (srt != (platform == GST_RESTREAM_PLATFORM_SRT))
      gst_restream_finding_add (findings, GST_RESTREAM_FINDING_ERROR, NULL,
          "url", "platform-scheme", "platform %s takes %s targets, and this "
          "is an %s URL.", gst_restream_platform_name (platform),
          srt ? "RTMP(S)" : "SRT", srt ? "SRT" : "RTMP(S)");
    gst_restream_target_free (parsed);
  }

  g_mutex_lock (&self->lock);
  while (findings->len > 0) {
    GstRestreamFinding *finding = g_ptr_array_steal_index (findings, 0);

    /* Here the URL is the sink's location: the key belongs in it. */
    if (g_str_equal (finding->rule, "rtmp-key-in-url"))
      gst_restream_finding_free (finding);
    else
      g_ptr_array_add (self->static_findings, finding);
  }
  g_mutex_unlock (&self->lock);

  for (i = 0; i < self->static_findings->len; i++) {
    GstRestreamFinding *finding = g_ptr_array_index (self->static_findings, i);

    GST_INFO_OBJECT (self, "%s: %s: %s", target, finding->key,
        finding->message);
    gst_element_post_message (GST_ELEMENT (self),
        gst_message_new_element (GST_OBJECT (self),
            finding_structure ("targetvalidator-report", platform, finding,
                target)));
  }

  if (action == GST_TARGET_VALIDATOR_ACTION_ERROR
      && gst_restream_findings_to_error (self->static_findings, &error)) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        ("The target %s would be refused: %s", target, error->message),
        ("static checks of the target URL failed"));
    return FALSE;
  }
  return TRUE;
}

static gboolean
gst_target_validator_stop (GstBaseTransform * trans)
{
  GstTargetValidator *self = GST_TARGET_VALIDATOR (trans);

  g_mutex_lock (&self->lock);
  reset_state (self);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/* Caps: containers are scanned; elementary streams are read from caps */

static guint
profile_idc_from_name (const gchar * profile)
{
  static const struct
  {
    const gchar *name;
    guint idc;
  } profiles[] = {
    {"constrained-baseline", 66}, {"baseline", 66}, {"main", 77},
    {"extended", 88}, {"high", 100}, {"progressive-high", 100},
    {"constrained-high", 100}, {"high-10", 110}, {"high-10-intra", 110},
    {"high-4:2:2", 122}, {"high-4:2:2-intra", 122}, {"high-4:4:4", 244},
    {"high-4:4:4-intra", 244}, {"cavlc-4:4:4-intra", 44},
  };
  guint i;

  for (i = 0; profile && i < G_N_ELEMENTS (profiles); i++)
    if (g_str_equal (profile, profiles[i].name))
      return profiles[i].idc;
  return 0;
}

static gboolean
gst_target_validator_set_caps (GstBaseTransform * trans, GstCaps * incaps,
    GstCaps * outcaps)
{
  GstTargetValidator *self = GST_TARGET_VALIDATOR (trans);
  GstStructure *s = gst_caps_get_structure (incaps, 0);
  const gchar *name = gst_structure_get_name (s);
  gint mpegversion = 0, layer = 0;

  g_mutex_lock (&self->lock);
  gst_container_scanner_set_caps (&self->scanner, incaps);
  self->parsed_caps = self->scanner.kind == GST_CONTAINER_KIND_UNKNOWN;
  if (self->parsed_caps) {
    if (g_str_equal (name, "video/x-h264")) {
      self->video_codec = "h264";
      self->h264_profile =
          profile_idc_from_name (gst_structure_get_string (s, "profile"));
    } else if (g_str_equal (name, "video/x-h265")) {
      self->video_codec = "h265";
    } else if (g_str_has_prefix (name, "video/")) {
      self->video_codec = "unknown";
    } else if (g_str_equal (name, "audio/mpeg")) {
      gst_structure_get_int (s, "mpegversion", &mpegversion);
      gst_structure_get_int (s, "layer", &layer);
      self->audio_codec = mpegversion == 4 || mpegversion == 2 ? "aac" :
          layer == 3 ? "mp3" : "unknown";
    } else if (g_str_equal (name, "audio/x-opus")) {
      self->audio_codec = "opus";
    } else if (g_str_has_prefix (name, "audio/")) {
      self->audio_codec = "unknown";
    }
  }
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/* Measurement. Helpers below expect self->lock held. */

typedef struct
{
  GstRestreamRuleId id;
  gboolean violated;
} Transition;

/* Longest keyframe interval in the window, the open one included, in s;
 * NaN without video. */
static gdouble
measure_keyframe_interval (GstTargetValidator * self)
{
  guint i, n = gst_queue_array_get_length (self->keyframes);
  GstClockTime previous = GST_CLOCK_TIME_NONE, longest = 0, oldest;

  if (!self->video_codec)
    return NAN;
  if (n == 0) {
    oldest = self->first_time;
    return (self->last_time - oldest) / (gdouble) GST_SECOND;
  }
  for (i = 0; i < n; i++) {
    GstClockTime t = *(GstClockTime *)
        gst_queue_array_peek_nth_struct (self->keyframes, i);
    if (GST_CLOCK_TIME_IS_VALID (previous) && t > previous)
      longest = MAX (longest, t - previous);
    previous = t;
  }
  if (self->last_time > previous)
    longest = MAX (longest, self->last_time - previous);
  return longest / (gdouble) GST_SECOND;
}

/* Average, peak (1 s) and last complete second, in kbit/s; FALSE until
 * the window holds enough stream. */
static gboolean
measure_bitrate (GstTargetValidator * self, GstClockTime min_span,
    gdouble * average, gdouble * peak, gdouble * last_second)
{
  guint i, n = gst_queue_array_get_length (self->samples);
  GstTargetValidatorSample *oldest;
  GstClockTime span;
  guint buckets;
  guint64 total = 0;
  g_autofree guint64 *bucket = NULL;

  if (n == 0)
    return FALSE;
  oldest = gst_queue_array_peek_head_struct (self->samples);
  span = self->last_time - oldest->time;
  if (span < min_span)
    return FALSE;
  buckets = span / GST_SECOND;
  bucket = g_new0 (guint64, buckets + 1);
  for (i = 0; i < n; i++) {
    GstTargetValidatorSample *sample =
        gst_queue_array_peek_nth_struct (self->samples, i);
    guint b = sample->time > oldest->time ?
        (sample->time - oldest->time) / GST_SECOND : 0;

    total += sample->bytes;
    bucket[MIN (b, buckets)] += sample->bytes;
  }
  *average = total * 8.0 / (span / (gdouble) GST_SECOND) / 1000.0;
  *peak = 0;
  for (i = 0; i < buckets; i++)
    *peak = MAX (*peak, bucket[i] * 8.0 / 1000.0);
  *last_second = buckets > 0 ? bucket[buckets - 1] * 8.0 / 1000.0 : *average;
  return TRUE;
}

static void
set_result (GstTargetValidator * self, GArray * transitions,
    GstRestreamRuleId id, gboolean violated, gdouble measured,
    const gchar * value)
{
  self->measured[id] = measured;
  g_free (self->value[id]);
  self->value[id] = g_strdup (value);
  if (violated != self->violated[id]) {
    Transition t = { id, violated };
    self->violated[id] = violated;
    g_array_append_val (transitions, t);
  }
}

static void
evaluate (GstTargetValidator * self, GstRestreamPlatform platform,
    guint max_bitrate, GArray * transitions)
{
  gdouble interval = measure_keyframe_interval (self);
  gdouble average, peak, last_second;
  const GstRestreamRule *rule;
  guint id;

  for (id = 0; id < GST_RESTREAM_N_RULES; id++) {
    rule = gst_restream_platform_rule (platform, id);
    if (!rule)
      continue;
    switch (id) {
      case GST_RESTREAM_RULE_VIDEO_CODEC:
        if (self->video_codec)
          set_result (self, transitions, id,
              !g_str_equal (self->video_codec, "h264"), NAN, self->video_codec);
        break;
      case GST_RESTREAM_RULE_AUDIO_CODEC:
        if (self->audio_codec)
          set_result (self, transitions, id,
              !g_str_equal (self->audio_codec, "aac"), NAN, self->audio_codec);
        break;
      case GST_RESTREAM_RULE_H264_PROFILE:
        if (self->h264_profile)
          set_result (self, transitions, id,
              !gst_restream_h264_profile_is_basic (self->h264_profile),
              self->h264_profile,
              gst_restream_h264_profile_name (self->h264_profile));
        break;
      case GST_RESTREAM_RULE_KEYFRAME_INTERVAL_MAX:
      case GST_RESTREAM_RULE_KEYFRAME_INTERVAL_RECOMMENDED:
        if (!isnan (interval))
          set_result (self, transitions, id,
              interval > rule->limit + KEYFRAME_TOLERANCE, interval, NULL);
        break;
      default:
        break;
    }
  }

  self->keyframe_interval = interval;
  if (measure_bitrate (self, MIN_BITRATE_SPAN, &average, &peak, &last_second)) {
    self->bitrate_average = average;
    self->bitrate_peak = peak;
    if ((rule = gst_restream_platform_rule (platform,
                GST_RESTREAM_RULE_BITRATE_MAX)))
      set_result (self, transitions, rule->id, average > rule->limit, average,
          NULL);
    if ((rule = gst_restream_platform_rule (platform,
                GST_RESTREAM_RULE_BITRATE_RTMP_RISK)))
      set_result (self, transitions, rule->id, average > rule->limit, average,
          NULL);
    if ((rule = gst_restream_platform_rule (platform,
                GST_RESTREAM_RULE_SRT_BANDWIDTH)) && max_bitrate > 0)
      set_result (self, transitions, rule->id, average > max_bitrate, average,
          NULL);
  }
  if (measure_bitrate (self, MIN_VARIATION_SPAN, &average, &peak, &last_second)) {
    gdouble ratio = average > 0 ? peak / average * 100 : 0;
    gdouble share = average > 0 ? last_second / average * 100 : 100;

    if ((rule = gst_restream_platform_rule (platform,
                GST_RESTREAM_RULE_BITRATE_STABILITY)))
      set_result (self, transitions, rule->id, ratio > rule->limit, ratio,
          NULL);
    if ((rule = gst_restream_platform_rule (platform,
                GST_RESTREAM_RULE_BITRATE_DROP)))
      set_result (self, transitions, rule->id, share < rule->limit, share,
          NULL);
  }
}

/* Posts the transitions (no lock held); TRUE if the branch must stop. */
static gboolean
post_transitions (GstTargetValidator * self, GstRestreamPlatform platform,
    GstTargetValidatorAction action, GArray * transitions)
{
  g_autofree gchar *target = NULL;
  gboolean stop = FALSE;
  guint i;

  if (transitions->len == 0)
    return FALSE;
  target = redacted_target (self);
  for (i = 0; i < transitions->len; i++) {
    Transition *t = &g_array_index (transitions, Transition, i);
    const GstRestreamRule *rule = gst_restream_platform_rule (platform, t->id);
    const gchar *severity;
    gdouble measured, limit;
    g_autofree gchar *value = NULL;

    g_mutex_lock (&self->lock);
    measured = self->measured[t->id];
    limit = rule_limit (self, rule);
    value = g_strdup (self->value[t->id]);
    g_mutex_unlock (&self->lock);

    severity = !t->violated ? "ok" :
        rule->severity == GST_RESTREAM_SEVERITY_ERROR ? "error" : "warning";
    GST_INFO_OBJECT (self, "%s %s: %s (measured %.2f %s, limit %.2f)",
        rule->name, severity, value ? value : "", measured, rule->unit, limit);
    gst_element_post_message (GST_ELEMENT (self),
        gst_message_new_element (GST_OBJECT (self),
            rule_structure ("targetvalidator-report", rule, severity,
                measured, limit, value, target)));

    if (t->violated && rule->severity == GST_RESTREAM_SEVERITY_ERROR
        && action == GST_TARGET_VALIDATOR_ACTION_ERROR && !stop) {
      GST_ELEMENT_ERROR (self, STREAM, FORMAT,
          ("%s would refuse this stream (%s): %s",
              gst_restream_platform_name (platform), rule->name,
              rule->advice), ("measured %.2f %s, limit %.2f %s, %s",
              measured, rule->unit, limit, rule->unit, value ? value : ""));
      stop = TRUE;
    }
  }
  return stop;
}

static void
add_sample (GstTargetValidator * self, GstClockTime time, gsize bytes,
    gboolean keyframe, GstClockTime window)
{
  GstTargetValidatorSample sample = { time, bytes };

  if (GST_CLOCK_TIME_IS_VALID (self->last_time)
      && time + MAX_TIME_STEP_BACK < self->last_time) {
    /* A new timeline (restarted source): measure afresh. */
    while (!gst_queue_array_is_empty (self->samples))
      gst_queue_array_pop_head_struct (self->samples);
    while (!gst_queue_array_is_empty (self->keyframes))
      gst_queue_array_pop_head_struct (self->keyframes);
    self->first_time = self->last_time = GST_CLOCK_TIME_NONE;
    self->next_evaluation = 0;
  }
  if (!GST_CLOCK_TIME_IS_VALID (self->first_time))
    self->first_time = time;
  if (!GST_CLOCK_TIME_IS_VALID (self->last_time) || time > self->last_time)
    self->last_time = time;
  gst_queue_array_push_tail_struct (self->samples, &sample);
  if (keyframe)
    gst_queue_array_push_tail_struct (self->keyframes, &time);

  while (!gst_queue_array_is_empty (self->samples)) {
    GstTargetValidatorSample *oldest =
        gst_queue_array_peek_head_struct (self->samples);
    if (oldest->time + window >= self->last_time)
      break;
    gst_queue_array_pop_head_struct (self->samples);
  }
  /* Keep the newest keyframe before the window: it opens the first
   * interval inside it. */
  while (gst_queue_array_get_length (self->keyframes) > 1) {
    GstClockTime *second = gst_queue_array_peek_nth_struct (self->keyframes,
        1);
    if (*second + window >= self->last_time)
      break;
    gst_queue_array_pop_head_struct (self->keyframes);
  }
  if (GST_CLOCK_TIME_IS_VALID (self->first_time)
      && self->first_time + window < self->last_time)
    self->first_time = self->last_time - window;
}

static GstFlowReturn
gst_target_validator_transform_ip (GstBaseTransform * trans, GstBuffer * buffer)
{
  GstTargetValidator *self = GST_TARGET_VALIDATOR (trans);
  GstRestreamPlatform platform;
  GstTargetValidatorAction action;
  GstClockTime window, time;
  guint max_bitrate;
  GstScanClass klass;
  gboolean keyframe, stop = FALSE;
  g_autoptr (GArray) transitions = NULL;

  GST_OBJECT_LOCK (self);
  platform = self->platform;
  action = self->action;
  window = self->window;
  max_bitrate = self->max_bitrate;
  GST_OBJECT_UNLOCK (self);

  g_mutex_lock (&self->lock);
  if (G_UNLIKELY (self->stopped)) {
    g_mutex_unlock (&self->lock);
    return GST_FLOW_ERROR;
  }
  klass = gst_container_scanner_classify (&self->scanner, buffer);
  if (self->parsed_caps) {
    time = GST_BUFFER_DTS_OR_PTS (buffer);
    keyframe = self->video_codec && klass == GST_SCAN_KEYFRAME;
  } else {
    if (self->scanner.video_codec)
      self->video_codec = self->scanner.video_codec;
    if (self->scanner.audio_codec)
      self->audio_codec = self->scanner.audio_codec;
    if (self->scanner.h264_profile)
      self->h264_profile = self->scanner.h264_profile;
    time = self->scanner.timestamp;
    /* Audio frames are starting points only in streams without video. */
    keyframe = klass == GST_SCAN_KEYFRAME && self->scanner.video_codec;
  }
  if (!GST_CLOCK_TIME_IS_VALID (time))
    time = self->last_time;

  if (GST_CLOCK_TIME_IS_VALID (time)) {
    add_sample (self, time, gst_buffer_get_size (buffer), keyframe, window);
    if (self->last_time >= self->next_evaluation) {
      transitions = g_array_new (FALSE, FALSE, sizeof (Transition));
      evaluate (self, platform, max_bitrate, transitions);
      self->next_evaluation = self->last_time + EVALUATION_INTERVAL;
    }
  }
  g_mutex_unlock (&self->lock);

  if (transitions)
    stop = post_transitions (self, platform, action, transitions);
  if (G_UNLIKELY (stop)) {
    g_mutex_lock (&self->lock);
    self->stopped = TRUE;
    g_mutex_unlock (&self->lock);
    return GST_FLOW_ERROR;
  }
  return GST_FLOW_OK;
}

/* A buffer list (restreamtee's batches) is looked at buffer by buffer and
 * passed on whole, so that the sink can write it at once; GstBaseTransform
 * would split it. The element is always in passthrough. */
static GstFlowReturn
gst_target_validator_chain_list (GstPad * pad, GstObject * parent,
    GstBufferList * list)
{
  GstBaseTransform *trans = GST_BASE_TRANSFORM (parent);
  guint i, n = gst_buffer_list_length (list);

  for (i = 0; i < n; i++) {
    GstFlowReturn ret = gst_target_validator_transform_ip (trans,
        gst_buffer_list_get (list, i));

    if (ret != GST_FLOW_OK) {
      gst_buffer_list_unref (list);
      return ret;
    }
  }
  return gst_pad_push_list (GST_BASE_TRANSFORM_SRC_PAD (trans), list);
}

static gboolean
gst_target_validator_sink_event (GstBaseTransform * trans, GstEvent * event)
{
  GstTargetValidator *self = GST_TARGET_VALIDATOR (trans);

  if (GST_EVENT_TYPE (event) == GST_EVENT_EOS) {
    g_autoptr (GArray) transitions = g_array_new (FALSE, FALSE,
        sizeof (Transition));
    GstRestreamPlatform platform;
    GstTargetValidatorAction action;
    guint max_bitrate;

    GST_OBJECT_LOCK (self);
    platform = self->platform;
    action = self->action;
    max_bitrate = self->max_bitrate;
    GST_OBJECT_UNLOCK (self);

    /* The end of the stream is measured too. */
    g_mutex_lock (&self->lock);
    if (GST_CLOCK_TIME_IS_VALID (self->last_time) && !self->stopped)
      evaluate (self, platform, max_bitrate, transitions);
    g_mutex_unlock (&self->lock);
    post_transitions (self, platform, action, transitions);
  }
  return GST_BASE_TRANSFORM_CLASS (parent_class)->sink_event (trans, event);
}
