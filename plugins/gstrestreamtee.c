/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-restreamtee
 * @title: restreamtee
 *
 * A tee built for restreaming targets that fail independently. One sink
 * pad takes a muxed live stream (FLV for RTMP targets, MPEG-TS for SRT
 * targets, or anything else); every requested `src_%u` pad gets the same
 * buffers by reference, from a bounded backlog of its own, on a streaming
 * thread of its own.
 *
 * - The input never waits for a target. A target that blocks forever delays
 *   neither the input nor any other target: its backlog grows instead.
 * - When a backlog holds more than #GstRestreamTee:max-lag of stream (or more
 *   than #GstRestreamTee:max-backlog-bytes), whole GOPs are dropped: the
 *   backlog is cut at its newest keyframe, or emptied and the pad waits for
 *   the next keyframe. A target sees a clean skip, never a broken frame. The
 *   first buffer after a skip is flagged DISCONT.
 * - A pad requested while PLAYING first gets the sticky events, then the
 *   stream headers (the caps `streamheader`, or the FLV header, metadata and
 *   codec configuration, or the MPEG-TS PAT/PMT found in the data), and then
 *   the stream from the next keyframe, so a late target decodes from its
 *   first byte. Keyframes and headers are read from the FLV tags and MPEG-TS
 *   packets themselves: rtmp2src sets neither DELTA_UNIT nor HEADER flags.
 * - A pad whose downstream returns an error flow (or EOS) is marked failed;
 *   the input and the other pads never see that flow. Its data is discarded
 *   until downstream sends a RECONFIGURE event (relinking does), after which
 *   it starts again with headers and a keyframe. A pad whose downstream is
 *   unlinked or flushing (a branch being restarted) waits for a keyframe and
 *   starts again with headers on its own.
 * - Releasing a pad never waits for its downstream, even a frozen one.
 *
 * ## Messages
 *
 * `restreamtee-drop` (element message), on every GOP-aligned drop:
 * - `pad` (string): the src pad name
 * - `dropped-buffers`, `dropped-bytes` (guint64): dropped by this cut
 * - `dropped-duration` (guint64, ns): stream time dropped by this cut
 * - `lag` (guint64, ns): the backlog's lag that caused it
 * - `total-drops` (guint64): cuts on this pad so far
 *
 * `restreamtee-target-failed` (element message), when a pad fails:
 * - `pad` (string), `flow` (string, e.g. "error"), `flow-return` (gint),
 *   `reason` (string, one sentence)
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 videotestsrc is-live=true ! x264enc tune=zerolatency \
 *     key-int-max=60 ! h264parse ! flvmux streamable=true ! \
 *     restreamtee name=t \
 *     t. ! rtmp2sink location=rtmp://127.0.0.1:1935/live/a chunk-size=4096 \
 *     t. ! rtmp2sink location=rtmp://127.0.0.1:1935/live/b chunk-size=4096
 * ]| Pushes one encoded stream to two RTMP targets; either can stall
 * without affecting the other.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstrestreamelements.h"
#include "gstrestreamtee.h"
#include "gstrestreamteepad.h"
#include "gstteeheaders.h"

#include <stdio.h>

/* Shared with the pads (gstrestreamteepad.c). */
GST_DEBUG_CATEGORY (restreamtee_debug);
#define GST_CAT_DEFAULT restreamtee_debug

#define DEFAULT_MAX_LAG (2 * GST_SECOND)
#define DEFAULT_MAX_BACKLOG_BYTES (32 * 1024 * 1024)
#define DEFAULT_MAX_TARGETS 0
#define DEFAULT_BATCH_TIME 0

/* Timestamp steps larger than this are discontinuities, not stream time. */
#define MAX_TIMESTAMP_STEP GST_SECOND

enum
{
  PROP_0,
  PROP_MAX_LAG,
  PROP_MAX_BACKLOG_BYTES,
  PROP_MAX_TARGETS,
  PROP_BATCH_TIME,
  PROP_NUM_SRC_PADS,
  PROP_STATS,
};

struct _GstRestreamTee
{
  GstElement parent;

  GstPad *sinkpad;

  /* Settings, protected by the object lock. */
  GstClockTime max_lag;
  guint64 max_backlog_bytes;
  guint max_targets;
  GstClockTime batch_time;

  /* Runtime state, protected by lock. Lock order: lock before a pad's
   * lock. */
  GMutex lock;
  GList *srcpads;
  guint next_pad_index;
  GstContainerScanner scanner;
  GstTeeHeaders headers;
  guint64 input_bytes;
  guint64 input_buffers;
  /* Stream time seen at the input, without timestamp jumps. */
  GstClockTime position;
  GstClockTime highest_input_timestamp;
};

/* *INDENT-OFF* */
static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src_%u",
    GST_PAD_SRC, GST_PAD_REQUEST, GST_STATIC_CAPS_ANY);
/* *INDENT-ON* */

#define gst_restream_tee_parent_class parent_class
G_DEFINE_TYPE_WITH_CODE (GstRestreamTee, gst_restream_tee, GST_TYPE_ELEMENT,
    GST_DEBUG_CATEGORY_INIT (restreamtee_debug, "restreamtee", 0,
        "Fan-out to independent restream targets"));
GST_ELEMENT_REGISTER_DEFINE (restreamtee, "restreamtee", GST_RANK_NONE,
    GST_TYPE_RESTREAM_TEE);

static void gst_restream_tee_finalize (GObject * object);
static void gst_restream_tee_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_restream_tee_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static GstPad *gst_restream_tee_request_new_pad (GstElement * element,
    GstPadTemplate * templ, const gchar * name, const GstCaps * caps);
static void gst_restream_tee_release_pad (GstElement * element, GstPad * pad);
static GstStateChangeReturn gst_restream_tee_change_state (GstElement *
    element, GstStateChange transition);
static GstFlowReturn gst_restream_tee_chain (GstPad * pad, GstObject * parent,
    GstBuffer * buffer);
static gboolean gst_restream_tee_sink_event (GstPad * pad, GstObject * parent,
    GstEvent * event);
static gboolean gst_restream_tee_src_query (GstPad * pad, GstObject * parent,
    GstQuery * query);

static void
install_properties (GObjectClass * gobject_class)
{
  g_object_class_install_property (gobject_class, PROP_MAX_LAG,
      g_param_spec_uint64 ("max-lag", "Maximum lag",
          "Backlog a target may have before whole GOPs are dropped, "
          "in nanoseconds (0 = no time bound)", 0, G_MAXUINT64, DEFAULT_MAX_LAG,
          G_PARAM_READWRITE | GST_PARAM_MUTABLE_PLAYING |
          G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_MAX_BACKLOG_BYTES,
      g_param_spec_uint64 ("max-backlog-bytes", "Maximum backlog bytes",
          "Backlog a target may have before whole GOPs are dropped, in bytes "
          "(a memory bound for streams without usable timestamps; 0 = none)",
          0, G_MAXUINT64, DEFAULT_MAX_BACKLOG_BYTES,
          G_PARAM_READWRITE | GST_PARAM_MUTABLE_PLAYING |
          G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_MAX_TARGETS,
      g_param_spec_uint ("max-targets", "Maximum targets",
          "How many src pads may be requested (0 = unlimited)",
          0, G_MAXUINT, DEFAULT_MAX_TARGETS,
          G_PARAM_READWRITE | GST_PARAM_MUTABLE_PLAYING |
          G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_BATCH_TIME,
      g_param_spec_uint64 ("batch-time", "Batch time",
          "How long a target's thread gathers buffers before pushing them "
          "as one list, in nanoseconds (0 = push each buffer at once); "
          "fewer thread wake-ups per target for that much added latency",
          0, GST_SECOND, DEFAULT_BATCH_TIME,
          G_PARAM_READWRITE | GST_PARAM_MUTABLE_PLAYING |
          G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_NUM_SRC_PADS,
      g_param_spec_uint ("num-src-pads", "Number of src pads",
          "The number of requested src pads", 0, G_MAXUINT, 0,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /**
   * GstRestreamTee:stats:
   *
   * An `application/x-restreamtee-stats` structure: `input-bytes`,
   * `input-buffers` (guint64) and `targets`, an array with one `target`
   * structure per src pad: `pad`, `state`, `bytes`, `buffers`, `drops`,
   * `dropped-buffers`, `dropped-bytes`, `lag` (ns), `failures` and `flow`
   * (the last flow return that was not OK, or "ok").
   */
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "Input and per-target statistics", GST_TYPE_STRUCTURE,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
}

static void
gst_restream_tee_class_init (GstRestreamTeeClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gobject_class->finalize = gst_restream_tee_finalize;
  gobject_class->set_property = gst_restream_tee_set_property;
  gobject_class->get_property = gst_restream_tee_get_property;

  install_properties (gobject_class);

  gst_element_class_set_static_metadata (element_class,
      "Restream tee", "Generic",
      "Pushes one stream to many targets, each with its own bounded backlog "
      "and thread, dropping whole GOPs for targets that lag",
      "gst-restream contributors");
  /* gst-inspect-1.0 prints every metadata key. */
  gst_element_class_add_metadata (element_class, "example",
      "gst-launch-1.0 videotestsrc is-live=true ! x264enc tune=zerolatency "
      "key-int-max=60 ! h264parse ! flvmux streamable=true ! "
      "restreamtee name=t "
      "t. ! rtmp2sink location=rtmp://127.0.0.1:1935/live/a chunk-size=4096 "
      "t. ! rtmp2sink location=rtmp://127.0.0.1:1935/live/b chunk-size=4096");
  gst_element_class_add_metadata (element_class, "documentation",
      "docs/restreamtee.md: backlog and drops, late targets, failed "
      "targets, stats, the restreamtee-drop and restreamtee-target-failed "
      "messages");
  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &src_template, GST_TYPE_RESTREAM_TEE_PAD);

  element_class->request_new_pad =
      GST_DEBUG_FUNCPTR (gst_restream_tee_request_new_pad);
  element_class->release_pad = GST_DEBUG_FUNCPTR (gst_restream_tee_release_pad);
  element_class->change_state =
      GST_DEBUG_FUNCPTR (gst_restream_tee_change_state);

  gst_type_mark_as_plugin_api (GST_TYPE_RESTREAM_TEE_PAD, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_RESTREAM_TEE_PAD_STATE, 0);
}


static void
gst_restream_tee_init (GstRestreamTee * self)
{
  self->sinkpad = gst_pad_new_from_static_template (&sink_template, "sink");
  gst_pad_set_chain_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_restream_tee_chain));
  gst_pad_set_event_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_restream_tee_sink_event));
  /* Allocation queries are not proxied: muxed bytes gain nothing from a
   * target's allocator, and queries must never wait on a frozen target. */
  gst_element_add_pad (GST_ELEMENT (self), self->sinkpad);

  self->max_lag = DEFAULT_MAX_LAG;
  self->max_backlog_bytes = DEFAULT_MAX_BACKLOG_BYTES;
  self->max_targets = DEFAULT_MAX_TARGETS;
  self->batch_time = DEFAULT_BATCH_TIME;

  g_mutex_init (&self->lock);
  gst_container_scanner_init (&self->scanner);
  self->highest_input_timestamp = GST_CLOCK_TIME_NONE;
}

static void
gst_restream_tee_finalize (GObject * object)
{
  GstRestreamTee *self = GST_RESTREAM_TEE (object);

  gst_container_scanner_clear (&self->scanner);
  gst_tee_headers_clear (&self->headers);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_restream_tee_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstRestreamTee *self = GST_RESTREAM_TEE (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_MAX_LAG:
      self->max_lag = g_value_get_uint64 (value);
      break;
    case PROP_MAX_BACKLOG_BYTES:
      self->max_backlog_bytes = g_value_get_uint64 (value);
      break;
    case PROP_MAX_TARGETS:
      self->max_targets = g_value_get_uint (value);
      break;
    case PROP_BATCH_TIME:{
      GList *l;

      self->batch_time = g_value_get_uint64 (value);
      GST_OBJECT_UNLOCK (self);
      g_mutex_lock (&self->lock);
      for (l = self->srcpads; l; l = l->next)
        gst_restream_tee_pad_set_batch_time (l->data,
            g_value_get_uint64 (value));
      g_mutex_unlock (&self->lock);
      return;
    }
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static GstStructure *
gst_restream_tee_stats (GstRestreamTee * self)
{
  GstStructure *s;
  GValue targets = G_VALUE_INIT;
  GList *l;

  g_value_init (&targets, GST_TYPE_ARRAY);
  g_mutex_lock (&self->lock);
  for (l = self->srcpads; l; l = l->next) {
    GValue target = G_VALUE_INIT;

    g_value_init (&target, GST_TYPE_STRUCTURE);
    g_value_take_boxed (&target, gst_restream_tee_pad_stats (l->data));
    gst_value_array_append_and_take_value (&targets, &target);
  }
  s = gst_structure_new ("application/x-restreamtee-stats",
      "input-bytes", G_TYPE_UINT64, self->input_bytes,
      "input-buffers", G_TYPE_UINT64, self->input_buffers, NULL);
  g_mutex_unlock (&self->lock);
  gst_structure_take_value (s, "targets", &targets);
  return s;
}

static void
gst_restream_tee_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstRestreamTee *self = GST_RESTREAM_TEE (object);

  switch (prop_id) {
    case PROP_MAX_LAG:
      GST_OBJECT_LOCK (self);
      g_value_set_uint64 (value, self->max_lag);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_MAX_BACKLOG_BYTES:
      GST_OBJECT_LOCK (self);
      g_value_set_uint64 (value, self->max_backlog_bytes);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_MAX_TARGETS:
      GST_OBJECT_LOCK (self);
      g_value_set_uint (value, self->max_targets);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_BATCH_TIME:
      GST_OBJECT_LOCK (self);
      g_value_set_uint64 (value, self->batch_time);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_NUM_SRC_PADS:
      g_mutex_lock (&self->lock);
      g_value_set_uint (value, g_list_length (self->srcpads));
      g_mutex_unlock (&self->lock);
      break;
    case PROP_STATS:
      g_value_take_boxed (value, gst_restream_tee_stats (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

/* Input */

/* Call with lock. Stream position advances with the highest timestamp
 * seen, so that interleaved streams whose timestamps go back and forth
 * (audio behind video) count once. Jumps forward (absolute RTMP
 * timestamps) and far back (a restarted source) are discontinuities and
 * count as nothing. */
static void
advance_position (GstRestreamTee * self, GstClockTime timestamp)
{
  GstClockTime highest = self->highest_input_timestamp;

  if (!GST_CLOCK_TIME_IS_VALID (timestamp))
    return;
  if (!GST_CLOCK_TIME_IS_VALID (highest)) {
    self->highest_input_timestamp = timestamp;
  } else if (timestamp > highest) {
    if (timestamp - highest <= MAX_TIMESTAMP_STEP)
      self->position += timestamp - highest;
    self->highest_input_timestamp = timestamp;
  } else if (highest - timestamp > MAX_TIMESTAMP_STEP) {
    self->highest_input_timestamp = timestamp;
  }
}

static GstFlowReturn
gst_restream_tee_chain (GstPad * sinkpad, GstObject * parent,
    GstBuffer * buffer)
{
  GstRestreamTee *self = GST_RESTREAM_TEE (parent);
  GstRestreamTeeInput input = { buffer, GST_SCAN_DELTA, 0,
    g_get_monotonic_time (), gst_buffer_get_size (buffer), 0, 0,
    &self->headers, &self->scanner
  };
  GArray *reports = NULL;
  GList *l;
  guint i;

  GST_OBJECT_LOCK (self);
  input.max_lag = self->max_lag;
  input.max_bytes = self->max_backlog_bytes;
  GST_OBJECT_UNLOCK (self);

  g_mutex_lock (&self->lock);
  input.klass = gst_container_scanner_classify (&self->scanner, buffer);
  self->input_bytes += input.size;
  self->input_buffers++;
  advance_position (self, GST_BUFFER_DTS_OR_PTS (buffer));
  input.position = self->position;

  for (l = self->srcpads; l; l = l->next) {
    GstRestreamTeeDrop report;

    if (G_UNLIKELY (gst_restream_tee_pad_enqueue_buffer (l->data, &input,
                &report))) {
      if (!reports)
        reports = g_array_new (FALSE, FALSE, sizeof (GstRestreamTeeDrop));
      g_array_append_val (reports, report);
    }
  }
  g_mutex_unlock (&self->lock);

  if (G_UNLIKELY (reports)) {
    for (i = 0; i < reports->len; i++)
      gst_restream_tee_post_drop (GST_ELEMENT_CAST (self),
          &g_array_index (reports, GstRestreamTeeDrop, i));
    g_array_free (reports, TRUE);
  }

  gst_buffer_unref (buffer);
  /* The input never sees a target's flow: targets fail on their own. */
  return GST_FLOW_OK;
}

/* Events and queries */

static gboolean
gst_restream_tee_sink_event (GstPad * sinkpad, GstObject * parent,
    GstEvent * event)
{
  GstRestreamTee *self = GST_RESTREAM_TEE (parent);
  gint64 arrival = g_get_monotonic_time ();
  GList *l;

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_CAPS:{
      GstCaps *caps;

      gst_event_parse_caps (event, &caps);
      g_mutex_lock (&self->lock);
      gst_tee_headers_set_caps (&self->headers, caps);
      gst_container_scanner_set_caps (&self->scanner, caps);
      g_mutex_unlock (&self->lock);
      break;
    }
    case GST_EVENT_FLUSH_START:
    case GST_EVENT_FLUSH_STOP:{
      gboolean start = GST_EVENT_TYPE (event) == GST_EVENT_FLUSH_START;

      g_mutex_lock (&self->lock);
      for (l = self->srcpads; l; l = l->next)
        gst_restream_tee_pad_flush (l->data, start);
      if (!start)
        self->highest_input_timestamp = GST_CLOCK_TIME_NONE;
      g_mutex_unlock (&self->lock);
      break;
    }
    default:
      break;
  }

  if (!GST_EVENT_IS_SERIALIZED (event)) {
    /* Flushes and out-of-band events go straight to every target. */
    return gst_pad_event_default (sinkpad, parent, event);
  }

  g_mutex_lock (&self->lock);
  for (l = self->srcpads; l; l = l->next)
    gst_restream_tee_pad_enqueue_event (l->data, event, self->position,
        arrival);
  g_mutex_unlock (&self->lock);

  gst_event_unref (event);
  return TRUE;
}

static gboolean
gst_restream_tee_src_query (GstPad * pad, GstObject * parent, GstQuery * query)
{
  GstRestreamTee *self = GST_RESTREAM_TEE (parent);

  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_LATENCY:
    case GST_QUERY_CAPS:
    case GST_QUERY_ACCEPT_CAPS:
      return gst_pad_peer_query (self->sinkpad, query);
    default:
      return gst_pad_query_default (pad, parent, query);
  }
}

/* Pads */

static gboolean
copy_sticky_event (GstPad * sinkpad, GstEvent ** event, gpointer user_data)
{
  GstPad *srcpad = user_data;

  if (GST_EVENT_TYPE (*event) != GST_EVENT_EOS)
    gst_pad_store_sticky_event (srcpad, *event);
  return TRUE;
}

/* Call with lock. The index of the pad @name asks for (or the next free
 * one); FALSE if a pad has it. */
static gboolean
claim_pad_index (GstRestreamTee * self, const gchar * name, guint * index)
{
  GList *l;

  if (!name || sscanf (name, "src_%u", index) != 1) {
    *index = self->next_pad_index++;
    return TRUE;
  }
  for (l = self->srcpads; l; l = l->next)
    if (gst_restream_tee_pad_get_index (l->data) == *index)
      return FALSE;
  if (*index >= self->next_pad_index)
    self->next_pad_index = *index + 1;
  return TRUE;
}

static GstPad *
gst_restream_tee_request_new_pad (GstElement * element, GstPadTemplate * templ,
    const gchar * name, const GstCaps * caps)
{
  GstRestreamTee *self = GST_RESTREAM_TEE (element);
  GstRestreamTeePad *pad;
  GstClockTime batch_time;
  guint max_targets, index, count;

  GST_OBJECT_LOCK (self);
  max_targets = self->max_targets;
  batch_time = self->batch_time;
  GST_OBJECT_UNLOCK (self);

  g_mutex_lock (&self->lock);
  count = g_list_length (self->srcpads);
  if (max_targets > 0 && count >= max_targets) {
    g_mutex_unlock (&self->lock);
    goto too_many_targets;
  }
  if (!claim_pad_index (self, name, &index)) {
    g_mutex_unlock (&self->lock);
    goto name_taken;
  }
  g_mutex_unlock (&self->lock);

  pad = gst_restream_tee_pad_new (templ, index, batch_time);
  gst_pad_set_query_function (GST_PAD (pad),
      GST_DEBUG_FUNCPTR (gst_restream_tee_src_query));

  /* A flushing pad refuses sticky events: activate (and start the thread,
   * which waits for data) before copying them. */
  if (GST_PAD_IS_ACTIVE (self->sinkpad))
    gst_pad_set_active (GST_PAD (pad), TRUE);

  /* A late target gets the stream's current caps, segment and tags before
   * its first buffer. Under the lock, so that an event arriving now is
   * either copied here or queued by the event handler. */
  g_mutex_lock (&self->lock);
  gst_pad_sticky_events_foreach (self->sinkpad, copy_sticky_event, pad);
  self->srcpads = g_list_append (self->srcpads, pad);
  g_mutex_unlock (&self->lock);

  if (!gst_element_add_pad (element, GST_PAD (pad))) {
    g_mutex_lock (&self->lock);
    self->srcpads = g_list_remove (self->srcpads, pad);
    g_mutex_unlock (&self->lock);
    gst_object_unref (pad);
    return NULL;
  }
  GST_DEBUG_OBJECT (self, "requested %s", GST_PAD_NAME (pad));
  return GST_PAD (pad);

  /* ERRORS */
too_many_targets:
  {
    GST_ELEMENT_WARNING (self, RESOURCE, NO_SPACE_LEFT,
        ("Target limit reached: %u of %u targets are in use.", count,
            max_targets),
        ("Raise max-targets (0 = unlimited) to add more targets."));
    return NULL;
  }
name_taken:
  {
    GST_WARNING_OBJECT (self, "pad %s already exists", name);
    return NULL;
  }
}

static void
gst_restream_tee_release_pad (GstElement * element, GstPad * pad)
{
  GstRestreamTee *self = GST_RESTREAM_TEE (element);
  GList *link;

  g_mutex_lock (&self->lock);
  link = g_list_find (self->srcpads, pad);
  if (link)
    self->srcpads = g_list_delete_link (self->srcpads, link);
  g_mutex_unlock (&self->lock);
  if (!link)
    return;

  GST_DEBUG_OBJECT (self, "releasing %s", GST_PAD_NAME (pad));
  /* A thread blocked in a frozen downstream ends when it returns; the
   * task keeps the pad alive until then. */
  gst_restream_tee_pad_stop (GST_RESTREAM_TEE_PAD (pad), FALSE);
  gst_pad_set_active (pad, FALSE);
  gst_element_remove_pad (element, pad);
}

static GstStateChangeReturn
gst_restream_tee_change_state (GstElement * element, GstStateChange transition)
{
  GstRestreamTee *self = GST_RESTREAM_TEE (element);
  GstStateChangeReturn ret;

  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
  if (ret == GST_STATE_CHANGE_FAILURE)
    return ret;

  switch (transition) {
    case GST_STATE_CHANGE_PAUSED_TO_READY:
      g_mutex_lock (&self->lock);
      gst_container_scanner_clear (&self->scanner);
      gst_tee_headers_clear (&self->headers);
      self->highest_input_timestamp = GST_CLOCK_TIME_NONE;
      self->position = 0;
      g_mutex_unlock (&self->lock);
      break;
    default:
      break;
  }
  return ret;
}
