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
#include "gstcontainerscan.h"
#include "gstrestreamplatform.h"
#include "gstrestreamtarget.h"
#include "gstvalidatorrules.h"
#include "gstvalidatorwindow.h"
#include "gstvalidatorreport.h"
#include "gstvalidatorsettings.h"
#include "gstrestreammessages.h"

#include <string.h>

GST_DEBUG_CATEGORY_STATIC (targetvalidator_debug);
#define GST_CAT_DEFAULT targetvalidator_debug

/* Evaluate the rules every this much stream time. */
#define EVALUATION_INTERVAL (500 * GST_MSECOND)

/* After the settings' properties (gstvalidatorsettings.h). */
enum
{
  PROP_REPORT = GST_VALIDATOR_SETTINGS_N_PROPS,
};

/* What the stream has shown so far; reset at start and stop. */
typedef struct
{
  GstContainerScanner scanner;
  gboolean parsed_caps;         /* elementary stream caps, no container */
  GstValidatorStream stream;
  GstValidatorWindow window;
  GstClockTime next_evaluation;
  GstValidatorResults results;
  gboolean stopped;             /* action=error fired */
} State;

struct _GstTargetValidator
{
  GstBaseTransform parent;

  GstValidatorSettings settings;        /* protected by the object lock */

  /* Protected by lock (the streaming thread and property reads). Lock
   * order: lock before the object lock. */
  GMutex lock;
  State state;
  GPtrArray *static_findings;   /* GstRestreamFinding */
};

#define gst_target_validator_parent_class parent_class
G_DEFINE_TYPE_WITH_CODE (GstTargetValidator, gst_target_validator,
    GST_TYPE_BASE_TRANSFORM,
    GST_DEBUG_CATEGORY_INIT (targetvalidator_debug, "targetvalidator", 0,
        "Checks a target's stream against its platform's rules"));
GST_ELEMENT_REGISTER_DEFINE (targetvalidator, "targetvalidator",
    GST_RANK_NONE, GST_TYPE_TARGET_VALIDATOR);

/* *INDENT-OFF* */
static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);
/* *INDENT-ON* */

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
install_properties (GObjectClass * gobject_class)
{
  gst_validator_settings_install_properties (gobject_class);
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
}

static void
gst_target_validator_class_init (GstTargetValidatorClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);

  gobject_class->finalize = gst_target_validator_finalize;
  gobject_class->set_property = gst_target_validator_set_property;
  gobject_class->get_property = gst_target_validator_get_property;

  install_properties (gobject_class);

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

/* Call with lock. */
static void
reset_state (GstTargetValidator * self)
{
  State *state = &self->state;

  gst_container_scanner_clear (&state->scanner);
  state->parsed_caps = FALSE;
  state->stream.video_codec = state->stream.audio_codec = NULL;
  state->stream.h264_profile = 0;
  gst_validator_window_reset (&state->window);
  state->next_evaluation = 0;
  gst_validator_results_reset (&state->results);
  state->stopped = FALSE;
}

static void
gst_target_validator_init (GstTargetValidator * self)
{
  gst_validator_settings_init (&self->settings);

  g_mutex_init (&self->lock);
  gst_container_scanner_init (&self->state.scanner);
  gst_validator_window_init (&self->state.window);
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
  gst_validator_window_free (&self->state.window);
  g_ptr_array_unref (self->static_findings);
  gst_validator_settings_clear (&self->settings);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_target_validator_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstTargetValidator *self = GST_TARGET_VALIDATOR (object);
  gboolean known;

  GST_OBJECT_LOCK (self);
  known = gst_validator_settings_set_property (&self->settings, prop_id, value);
  GST_OBJECT_UNLOCK (self);
  if (!known)
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

/* The report */

static gchar *
redacted_target (GstTargetValidator * self)
{
  gchar *target;

  GST_OBJECT_LOCK (self);
  target = gst_validator_settings_redacted_target (&self->settings);
  GST_OBJECT_UNLOCK (self);
  return target;
}

/* Builds under lock what the stream has shown; the structures are
 * gstvalidatorreport.c's. */
static GstStructure *
gst_target_validator_report (GstTargetValidator * self)
{
  g_autofree gchar *target = redacted_target (self);
  GstStructure *report;
  GstRestreamPlatform platform;
  guint max_bitrate;

  GST_OBJECT_LOCK (self);
  platform = self->settings.platform;
  max_bitrate = self->settings.max_bitrate;
  GST_OBJECT_UNLOCK (self);

  g_mutex_lock (&self->lock);
  report = gst_validator_report_build (platform, max_bitrate, target,
      self->static_findings, &self->state.stream, &self->state.results);
  g_mutex_unlock (&self->lock);
  return report;
}

static void
gst_target_validator_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstTargetValidator *self = GST_TARGET_VALIDATOR (object);
  gboolean known;

  switch (prop_id) {
    case PROP_REPORT:
      g_value_take_boxed (value, gst_target_validator_report (self));
      break;
    default:
      GST_OBJECT_LOCK (self);
      known = gst_validator_settings_get_property (&self->settings, prop_id,
          value);
      GST_OBJECT_UNLOCK (self);
      if (!known)
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

/* Start: the static checks of the target URL */

/* Keeps the findings about @uri, as a target of @platform, in
 * static_findings. */
static void
collect_static_findings (GstTargetValidator * self, const gchar * uri,
    GstRestreamPlatform platform)
{
  g_autoptr (GPtrArray) findings = gst_restream_findings_new ();
  GstRestreamTarget *parsed = NULL;

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
}

static gboolean
gst_target_validator_start (GstBaseTransform * trans)
{
  GstTargetValidator *self = GST_TARGET_VALIDATOR (trans);
  g_autofree gchar *uri = NULL;
  g_autofree gchar *target = NULL;
  g_autoptr (GError) error = NULL;
  GstRestreamPlatform platform;
  GstTargetValidatorAction action;
  guint i;

  GST_OBJECT_LOCK (self);
  uri = g_strdup (self->settings.target_uri);
  platform = self->settings.platform;
  action = self->settings.action;
  GST_OBJECT_UNLOCK (self);

  g_mutex_lock (&self->lock);
  reset_state (self);
  g_ptr_array_set_size (self->static_findings, 0);
  g_mutex_unlock (&self->lock);
  if (!uri)
    return TRUE;

  target = gst_restream_redact_url (uri);
  collect_static_findings (self, uri, platform);

  for (i = 0; i < self->static_findings->len; i++) {
    GstRestreamFinding *finding = g_ptr_array_index (self->static_findings, i);

    GST_INFO_OBJECT (self, "%s: %s: %s", target, finding->key,
        finding->message);
    gst_element_post_message (GST_ELEMENT (self),
        gst_message_new_element (GST_OBJECT (self),
            gst_validator_report_finding (GST_TARGET_VALIDATOR_MSG_REPORT,
                platform, finding, target)));
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

static gboolean
gst_target_validator_set_caps (GstBaseTransform * trans, GstCaps * incaps,
    GstCaps * outcaps)
{
  GstTargetValidator *self = GST_TARGET_VALIDATOR (trans);
  State *state = &self->state;

  g_mutex_lock (&self->lock);
  gst_container_scanner_set_caps (&state->scanner, incaps);
  state->parsed_caps = state->scanner.kind == GST_CONTAINER_KIND_UNKNOWN;
  if (state->parsed_caps)
    gst_validator_stream_read_caps (&state->stream, incaps);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/* Measurement */

/* Call with lock. */
static void
evaluate (GstTargetValidator * self, GstRestreamPlatform platform,
    guint max_bitrate, GArray * transitions)
{
  gst_validator_evaluate (&self->state.results, &self->state.stream,
      &self->state.window, platform, max_bitrate, transitions);
}

/* Posts the transitions (no lock held); TRUE if the branch must stop. */
static gboolean
post_transitions (GstTargetValidator * self, GstRestreamPlatform platform,
    GstTargetValidatorAction action, guint max_bitrate, GArray * transitions)
{
  g_autofree gchar *target = NULL;
  gboolean stop = FALSE;
  guint i;

  if (transitions->len == 0)
    return FALSE;
  target = redacted_target (self);
  for (i = 0; i < transitions->len; i++) {
    GstValidatorTransition *t =
        &g_array_index (transitions, GstValidatorTransition, i);
    const GstRestreamRule *rule = gst_restream_platform_rule (platform, t->id);
    const gchar *severity;
    gdouble measured, limit;
    g_autofree gchar *value = NULL;

    g_mutex_lock (&self->lock);
    measured = self->state.results.measured[t->id];
    limit = gst_validator_report_limit (rule, max_bitrate);
    value = g_strdup (self->state.results.value[t->id]);
    g_mutex_unlock (&self->lock);

    severity = gst_validator_report_severity (rule, t->violated);
    GST_INFO_OBJECT (self, "%s %s: %s (measured %.2f %s, limit %.2f)",
        rule->name, severity, value ? value : "", measured, rule->unit, limit);
    gst_element_post_message (GST_ELEMENT (self),
        gst_message_new_element (GST_OBJECT (self),
            gst_validator_report_rule (GST_TARGET_VALIDATOR_MSG_REPORT, rule,
                severity, measured, limit, value, target)));

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

/* Call with lock. The stream time of @buffer and whether a decoder can
 * start from it: from the caps for elementary streams, else from what the
 * container scanner reads in it. */
static GstClockTime
read_buffer (GstTargetValidator * self, GstBuffer * buffer, gboolean * keyframe)
{
  State *state = &self->state;
  GstScanClass klass = gst_container_scanner_classify (&state->scanner, buffer);
  GstClockTime time;

  if (state->parsed_caps) {
    time = GST_BUFFER_DTS_OR_PTS (buffer);
    *keyframe = state->stream.video_codec && klass == GST_SCAN_KEYFRAME;
  } else {
    if (state->scanner.video_codec)
      state->stream.video_codec = state->scanner.video_codec;
    if (state->scanner.audio_codec)
      state->stream.audio_codec = state->scanner.audio_codec;
    if (state->scanner.h264_profile)
      state->stream.h264_profile = state->scanner.h264_profile;
    time = state->scanner.timestamp;
    /* Audio frames are starting points only in streams without video. */
    *keyframe = klass == GST_SCAN_KEYFRAME && state->scanner.video_codec;
  }
  if (!GST_CLOCK_TIME_IS_VALID (time))
    time = state->window.last_time;
  return time;
}

static GstFlowReturn
gst_target_validator_transform_ip (GstBaseTransform * trans, GstBuffer * buffer)
{
  GstTargetValidator *self = GST_TARGET_VALIDATOR (trans);
  State *state = &self->state;
  GstRestreamPlatform platform;
  GstTargetValidatorAction action;
  GstClockTime window, time;
  guint max_bitrate;
  gboolean keyframe, stop = FALSE;
  g_autoptr (GArray) transitions = NULL;

  GST_OBJECT_LOCK (self);
  platform = self->settings.platform;
  action = self->settings.action;
  window = self->settings.window;
  max_bitrate = self->settings.max_bitrate;
  GST_OBJECT_UNLOCK (self);

  g_mutex_lock (&self->lock);
  if (G_UNLIKELY (state->stopped)) {
    g_mutex_unlock (&self->lock);
    return GST_FLOW_ERROR;
  }
  time = read_buffer (self, buffer, &keyframe);
  if (GST_CLOCK_TIME_IS_VALID (time)) {
    /* A new timeline (restarted source) is measured afresh. */
    if (gst_validator_window_add (&state->window, time,
            gst_buffer_get_size (buffer), keyframe, window))
      state->next_evaluation = 0;
    if (state->window.last_time >= state->next_evaluation) {
      transitions = g_array_new (FALSE, FALSE, sizeof (GstValidatorTransition));
      evaluate (self, platform, max_bitrate, transitions);
      state->next_evaluation = state->window.last_time + EVALUATION_INTERVAL;
    }
  }
  g_mutex_unlock (&self->lock);

  if (transitions)
    stop = post_transitions (self, platform, action, max_bitrate, transitions);
  if (G_UNLIKELY (stop)) {
    g_mutex_lock (&self->lock);
    state->stopped = TRUE;
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
        sizeof (GstValidatorTransition));
    GstRestreamPlatform platform;
    GstTargetValidatorAction action;
    guint max_bitrate;

    GST_OBJECT_LOCK (self);
    platform = self->settings.platform;
    action = self->settings.action;
    max_bitrate = self->settings.max_bitrate;
    GST_OBJECT_UNLOCK (self);

    /* The end of the stream is measured too. */
    g_mutex_lock (&self->lock);
    if (GST_CLOCK_TIME_IS_VALID (self->state.window.last_time)
        && !self->state.stopped)
      evaluate (self, platform, max_bitrate, transitions);
    g_mutex_unlock (&self->lock);
    post_transitions (self, platform, action, max_bitrate, transitions);
  }
  return GST_BASE_TRANSFORM_CLASS (parent_class)->sink_event (trans, event);
}
