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

#include <stdio.h>

GST_DEBUG_CATEGORY_STATIC (restreamtee_debug);
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

enum
{
  PROP_PAD_0,
  PROP_PAD_STATE,
  PROP_PAD_BYTES,
  PROP_PAD_BUFFERS,
  PROP_PAD_DROPS,
  PROP_PAD_DROPPED_BUFFERS,
  PROP_PAD_DROPPED_BYTES,
  PROP_PAD_LAG,
  PROP_PAD_FAILURES,
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src_%u",
    GST_PAD_SRC, GST_PAD_REQUEST, GST_STATIC_CAPS_ANY);

GType
gst_restream_tee_pad_state_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_RESTREAM_TEE_PAD_STATE_WAITING, "Waiting for a keyframe", "waiting"},
    {GST_RESTREAM_TEE_PAD_STATE_RUNNING, "Pushing data", "running"},
    {GST_RESTREAM_TEE_PAD_STATE_FAILED, "Downstream failed", "failed"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType new_type = g_enum_register_static ("GstRestreamTeePadState", values);
    g_once_init_leave (&type, new_type);
  }
  return type;
}

/* GstRestreamTeePad */

G_DEFINE_TYPE (GstRestreamTeePad, gst_restream_tee_pad, GST_TYPE_PAD);

static void gst_restream_tee_pad_get_property (GObject * object,
    guint prop_id, GValue * value, GParamSpec * pspec);
static void gst_restream_tee_pad_finalize (GObject * object);
static GstClockTime pad_current_lag (GstRestreamTeePad * pad, gint64 now);

static void
gst_restream_tee_pad_class_init (GstRestreamTeePadClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);

  gobject_class->get_property = gst_restream_tee_pad_get_property;
  gobject_class->finalize = gst_restream_tee_pad_finalize;

  g_object_class_install_property (gobject_class, PROP_PAD_STATE,
      g_param_spec_enum ("state", "State", "What the pad is doing",
          GST_TYPE_RESTREAM_TEE_PAD_STATE, GST_RESTREAM_TEE_PAD_STATE_WAITING,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_PAD_BYTES,
      g_param_spec_uint64 ("bytes", "Bytes", "Bytes pushed downstream",
          0, G_MAXUINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_PAD_BUFFERS,
      g_param_spec_uint64 ("buffers", "Buffers", "Buffers pushed downstream",
          0, G_MAXUINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_PAD_DROPS,
      g_param_spec_uint64 ("drops", "Drops",
          "GOP-aligned cuts of the backlog so far",
          0, G_MAXUINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_PAD_DROPPED_BUFFERS,
      g_param_spec_uint64 ("dropped-buffers", "Dropped buffers",
          "Buffers dropped because the target lagged",
          0, G_MAXUINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_PAD_DROPPED_BYTES,
      g_param_spec_uint64 ("dropped-bytes", "Dropped bytes",
          "Bytes dropped because the target lagged",
          0, G_MAXUINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_PAD_LAG,
      g_param_spec_uint64 ("lag", "Lag",
          "How far the target is behind the input, in nanoseconds",
          0, G_MAXUINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_PAD_FAILURES,
      g_param_spec_uint64 ("failures", "Failures",
          "Times downstream returned an error flow",
          0, G_MAXUINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
}

static void
gst_restream_tee_pad_init (GstRestreamTeePad * pad)
{
  g_mutex_init (&pad->lock);
  g_cond_init (&pad->cond);
  g_rec_mutex_init (&pad->task_lock);
  pad->backlog = gst_queue_array_new_for_struct (sizeof (GstRestreamTeeItem),
      64);
  pad->state = GST_RESTREAM_TEE_PAD_STATE_WAITING;
  pad->replay_headers = TRUE;
  pad->last_flow = GST_FLOW_OK;
}

static void
item_clear (GstRestreamTeeItem * item)
{
  gst_mini_object_unref (item->object);
}

/* Call with pad->lock. Sticky events are kept on the pad, so that the
 * next buffer, whenever it comes, is preceded by the right caps. */
static void
pad_clear_backlog (GstRestreamTeePad * pad)
{
  GstRestreamTeeItem *item;

  while ((item = gst_queue_array_pop_head_struct (pad->backlog))) {
    if (GST_IS_EVENT (item->object)
        && GST_EVENT_IS_STICKY (GST_EVENT_CAST (item->object))
        && GST_EVENT_TYPE (item->object) != GST_EVENT_EOS)
      gst_pad_store_sticky_event (GST_PAD (pad), GST_EVENT_CAST (item->object));
    item_clear (item);
  }
  pad->backlog_bytes = 0;
}

static void
gst_restream_tee_pad_finalize (GObject * object)
{
  GstRestreamTeePad *pad = GST_RESTREAM_TEE_PAD (object);
  GstRestreamTeeItem *item;

  while ((item = gst_queue_array_pop_head_struct (pad->backlog)))
    item_clear (item);
  gst_queue_array_free (pad->backlog);
  g_mutex_clear (&pad->lock);
  g_cond_clear (&pad->cond);
  g_rec_mutex_clear (&pad->task_lock);

  G_OBJECT_CLASS (gst_restream_tee_pad_parent_class)->finalize (object);
}

static GstStructure *
pad_stats (GstRestreamTeePad * pad)
{
  GstStructure *s;
  gint64 now = g_get_monotonic_time ();

  g_mutex_lock (&pad->lock);
  s = gst_structure_new ("target",
      "pad", G_TYPE_STRING, GST_PAD_NAME (pad),
      "state", GST_TYPE_RESTREAM_TEE_PAD_STATE, pad->state,
      "bytes", G_TYPE_UINT64, pad->bytes,
      "buffers", G_TYPE_UINT64, pad->buffers,
      "drops", G_TYPE_UINT64, pad->drops,
      "dropped-buffers", G_TYPE_UINT64, pad->dropped_buffers,
      "dropped-bytes", G_TYPE_UINT64, pad->dropped_bytes,
      "lag", G_TYPE_UINT64, pad_current_lag (pad, now),
      "failures", G_TYPE_UINT64, pad->failures,
      "flow", G_TYPE_STRING, gst_flow_get_name (pad->last_flow), NULL);
  g_mutex_unlock (&pad->lock);
  return s;
}

static void
gst_restream_tee_pad_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstRestreamTeePad *pad = GST_RESTREAM_TEE_PAD (object);

  g_mutex_lock (&pad->lock);
  switch (prop_id) {
    case PROP_PAD_STATE:
      g_value_set_enum (value, pad->state);
      break;
    case PROP_PAD_BYTES:
      g_value_set_uint64 (value, pad->bytes);
      break;
    case PROP_PAD_BUFFERS:
      g_value_set_uint64 (value, pad->buffers);
      break;
    case PROP_PAD_DROPS:
      g_value_set_uint64 (value, pad->drops);
      break;
    case PROP_PAD_DROPPED_BUFFERS:
      g_value_set_uint64 (value, pad->dropped_buffers);
      break;
    case PROP_PAD_DROPPED_BYTES:
      g_value_set_uint64 (value, pad->dropped_bytes);
      break;
    case PROP_PAD_LAG:
      g_value_set_uint64 (value, pad_current_lag (pad,
              g_get_monotonic_time ()));
      break;
    case PROP_PAD_FAILURES:
      g_value_set_uint64 (value, pad->failures);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  g_mutex_unlock (&pad->lock);
}

/* GstRestreamTee */

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
static gboolean gst_restream_tee_src_event (GstPad * pad, GstObject * parent,
    GstEvent * event);
static gboolean gst_restream_tee_src_query (GstPad * pad, GstObject * parent,
    GstQuery * query);
static gboolean gst_restream_tee_src_activate_mode (GstPad * pad,
    GstObject * parent, GstPadMode mode, gboolean active);

static void
gst_restream_tee_class_init (GstRestreamTeeClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gobject_class->finalize = gst_restream_tee_finalize;
  gobject_class->set_property = gst_restream_tee_set_property;
  gobject_class->get_property = gst_restream_tee_get_property;

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
  gst_clear_caps (&self->caps);
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
      for (l = self->srcpads; l; l = l->next) {
        GstRestreamTeePad *pad = l->data;
        g_mutex_lock (&pad->lock);
        pad->batch_time = g_value_get_uint64 (value);
        g_mutex_unlock (&pad->lock);
      }
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
    g_value_take_boxed (&target, pad_stats (l->data));
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

/* Backlog handling. All helpers here expect pad->lock held. */

static GstClockTime
pad_current_lag (GstRestreamTeePad * pad, gint64 now)
{
  GstRestreamTeeItem *oldest;
  GstClockTime position, by_stream, by_clock;
  gint64 arrival;

  if (pad->pushing) {
    position = pad->pushing_position;
    arrival = pad->pushing_arrival;
  } else {
    oldest = gst_queue_array_peek_head_struct (pad->backlog);
    if (!oldest)
      return 0;
    position = oldest->position;
    arrival = oldest->arrival;
  }
  by_stream = pad->newest_position > position ?
      pad->newest_position - position : 0;
  by_clock = now > arrival ? (now - arrival) * GST_USECOND : 0;
  return MAX (by_stream, by_clock);
}

static void
pad_push_item (GstRestreamTeePad * pad, GstMiniObject * object,
    GstScanClass klass, GstClockTime position, gint64 arrival, gsize size)
{
  GstRestreamTeeItem item = { object, position, arrival, size, klass };

  gst_queue_array_push_tail_struct (pad->backlog, &item);
  pad->backlog_bytes += size;
  if (GST_IS_BUFFER (object)) {
    pad->newest_position = position;
    pad->newest_arrival = arrival;
  }
}

typedef struct
{
  GstRestreamTeePad *pad;
  guint64 buffers;
  guint64 bytes;
  GstClockTime duration;
  GstClockTime lag;
  guint64 total;
} DropReport;

/* Cuts the backlog at its newest keyframe, keeping events and headers in
 * order. Without a keyframe to cut at, empties it and waits for the next
 * one, unless the backlog already starts with a keyframe and is within the
 * byte bound (the next keyframe will be the cut). Returns TRUE if anything
 * was dropped. */
static gboolean
pad_drop_gops (GstRestreamTeePad * pad, GstClockTime lag, gboolean over_bytes,
    DropReport * report)
{
  guint length = gst_queue_array_get_length (pad->backlog);
  GstQueueArray *kept;
  GstRestreamTeeItem *head, *item;
  GstClockTime first_position = GST_CLOCK_TIME_NONE, last_position = 0;
  guint cut, i, droppable = 0;
  gboolean wait_keyframe = FALSE;

  for (cut = length - 1; cut > 0; cut--) {
    item = gst_queue_array_peek_nth_struct (pad->backlog, cut);
    if (GST_IS_BUFFER (item->object) && item->klass == GST_SCAN_KEYFRAME)
      break;
  }
  if (cut == 0) {
    head = gst_queue_array_peek_head_struct (pad->backlog);
    if (head && GST_IS_BUFFER (head->object)
        && head->klass == GST_SCAN_KEYFRAME && !over_bytes)
      return FALSE;
    cut = length;
    wait_keyframe = TRUE;
  }

  /* While a push is stuck, this runs for every new buffer: leave the
   * backlog alone unless there is something to drop. */
  for (i = 0; i < cut; i++) {
    item = gst_queue_array_peek_nth_struct (pad->backlog, i);
    if (GST_IS_BUFFER (item->object) && item->klass != GST_SCAN_HEADER)
      droppable++;
  }
  if (droppable == 0)
    return FALSE;

  report->buffers = report->bytes = 0;
  kept = gst_queue_array_new_for_struct (sizeof (GstRestreamTeeItem),
      MAX (length, 16));
  for (i = 0; i < length; i++) {
    GstRestreamTeeItem dropped;

    item = gst_queue_array_pop_head_struct (pad->backlog);
    if (i >= cut || !GST_IS_BUFFER (item->object)
        || item->klass == GST_SCAN_HEADER) {
      gst_queue_array_push_tail_struct (kept, item);
      continue;
    }
    dropped = *item;
    if (!GST_CLOCK_TIME_IS_VALID (first_position))
      first_position = dropped.position;
    last_position = dropped.position;
    report->buffers++;
    report->bytes += dropped.size;
    pad->backlog_bytes -= dropped.size;
    item_clear (&dropped);
  }
  gst_queue_array_free (pad->backlog);
  pad->backlog = kept;

  if (report->buffers == 0)
    return FALSE;

  if (wait_keyframe) {
    pad->state = GST_RESTREAM_TEE_PAD_STATE_WAITING;
    pad->replay_headers = FALSE;
  }
  pad->discont = TRUE;
  pad->drops++;
  pad->dropped_buffers += report->buffers;
  pad->dropped_bytes += report->bytes;
  report->pad = gst_object_ref (pad);
  report->duration = last_position - first_position;
  report->lag = lag;
  report->total = pad->drops;
  return TRUE;
}

static void
pad_queue_headers (GstRestreamTee * self, GstRestreamTeePad * pad,
    GstClockTime position, gint64 arrival)
{
  g_autoptr (GPtrArray) headers =
      g_ptr_array_new_with_free_func ((GDestroyNotify) gst_buffer_unref);
  guint i;

  if (self->caps_have_streamheader) {
    const GValue *array = gst_structure_get_value (gst_caps_get_structure
        (self->caps, 0), "streamheader");

    for (i = 0; i < gst_value_array_get_size (array); i++) {
      const GValue *value = gst_value_array_get_value (array, i);
      if (GST_VALUE_HOLDS_BUFFER (value))
        g_ptr_array_add (headers, gst_buffer_ref (gst_value_get_buffer
                (value)));
    }
  } else {
    gst_container_scanner_collect_headers (&self->scanner, headers);
  }

  for (i = 0; i < headers->len; i++) {
    GstBuffer *header = g_ptr_array_index (headers, i);
    pad_push_item (pad, GST_MINI_OBJECT_CAST (gst_buffer_ref (header)),
        GST_SCAN_HEADER, position, arrival, gst_buffer_get_size (header));
  }
  GST_DEBUG_OBJECT (pad, "replaying %u stream headers", headers->len);
}

/* Returns TRUE if a drop report was filled. */
static gboolean
pad_enqueue_buffer (GstRestreamTee * self, GstRestreamTeePad * pad,
    GstBuffer * buffer, GstScanClass klass, GstClockTime position,
    gint64 arrival, gsize size, GstClockTime max_lag, guint64 max_bytes,
    DropReport * report)
{
  GstClockTime lag;
  gboolean over_bytes, dropped = FALSE;

  if (G_UNLIKELY (pad->flushing || pad->stopping))
    return FALSE;

  switch (pad->state) {
    case GST_RESTREAM_TEE_PAD_STATE_FAILED:
      return FALSE;
    case GST_RESTREAM_TEE_PAD_STATE_WAITING:
      if (klass == GST_SCAN_HEADER && !pad->replay_headers) {
        /* Waiting after a drop: the target has the older headers, so a
         * new one (updated metadata, codec change) must reach it. */
        break;
      }
      if (klass != GST_SCAN_KEYFRAME) {
        if (!pad->replay_headers) {
          pad->dropped_buffers++;
          pad->dropped_bytes += size;
        }
        return FALSE;
      }
      if (pad->replay_headers)
        pad_queue_headers (self, pad, position, arrival);
      pad->replay_headers = FALSE;
      pad->state = GST_RESTREAM_TEE_PAD_STATE_RUNNING;
      pad->discont = TRUE;
      break;
    case GST_RESTREAM_TEE_PAD_STATE_RUNNING:
      break;
  }

  pad_push_item (pad, GST_MINI_OBJECT_CAST (gst_buffer_ref (buffer)), klass,
      position, arrival, size);

  lag = pad_current_lag (pad, arrival);
  over_bytes = max_bytes > 0 && pad->backlog_bytes > max_bytes;
  if (G_UNLIKELY ((max_lag > 0 && lag > max_lag) || over_bytes))
    dropped = pad_drop_gops (pad, lag, over_bytes, report);

  if (pad->thread_waiting)
    g_cond_signal (&pad->cond);
  return dropped;
}

static void
post_drop_report (GstRestreamTee * self, DropReport * report)
{
  GstStructure *s;

  GST_INFO_OBJECT (report->pad, "target lags %" GST_TIME_FORMAT
      ", dropped %" G_GUINT64_FORMAT " buffers (%" G_GUINT64_FORMAT
      " bytes, %" GST_TIME_FORMAT ")", GST_TIME_ARGS (report->lag),
      report->buffers, report->bytes, GST_TIME_ARGS (report->duration));
  s = gst_structure_new ("restreamtee-drop",
      "pad", G_TYPE_STRING, GST_PAD_NAME (report->pad),
      "dropped-buffers", G_TYPE_UINT64, report->buffers,
      "dropped-bytes", G_TYPE_UINT64, report->bytes,
      "dropped-duration", G_TYPE_UINT64, report->duration,
      "lag", G_TYPE_UINT64, report->lag,
      "total-drops", G_TYPE_UINT64, report->total, NULL);
  gst_element_post_message (GST_ELEMENT_CAST (self),
      gst_message_new_element (GST_OBJECT_CAST (self), s));
  gst_object_unref (report->pad);
}

static GstFlowReturn
gst_restream_tee_chain (GstPad * sinkpad, GstObject * parent,
    GstBuffer * buffer)
{
  GstRestreamTee *self = GST_RESTREAM_TEE (parent);
  GstClockTime timestamp, max_lag;
  guint64 max_bytes;
  gint64 arrival = g_get_monotonic_time ();
  gsize size = gst_buffer_get_size (buffer);
  GstScanClass klass;
  GArray *reports = NULL;
  GList *l;
  guint i;

  GST_OBJECT_LOCK (self);
  max_lag = self->max_lag;
  max_bytes = self->max_backlog_bytes;
  GST_OBJECT_UNLOCK (self);

  timestamp = GST_BUFFER_DTS_OR_PTS (buffer);

  g_mutex_lock (&self->lock);
  klass = gst_container_scanner_classify (&self->scanner, buffer);
  self->input_bytes += size;
  self->input_buffers++;
  /* Stream position advances with the highest timestamp seen, so that
   * interleaved streams whose timestamps go back and forth (audio behind
   * video) count once. Jumps forward (absolute RTMP timestamps) and far
   * back (a restarted source) are discontinuities and count as nothing. */
  if (GST_CLOCK_TIME_IS_VALID (timestamp)) {
    GstClockTime highest = self->highest_input_timestamp;

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

  for (l = self->srcpads; l; l = l->next) {
    GstRestreamTeePad *pad = l->data;
    DropReport report;
    gboolean dropped;

    g_mutex_lock (&pad->lock);
    dropped = pad_enqueue_buffer (self, pad, buffer, klass, self->position,
        arrival, size, max_lag, max_bytes, &report);
    g_mutex_unlock (&pad->lock);
    if (G_UNLIKELY (dropped)) {
      if (!reports)
        reports = g_array_new (FALSE, FALSE, sizeof (DropReport));
      g_array_append_val (reports, report);
    }
  }
  g_mutex_unlock (&self->lock);

  if (G_UNLIKELY (reports)) {
    for (i = 0; i < reports->len; i++)
      post_drop_report (self, &g_array_index (reports, DropReport, i));
    g_array_free (reports, TRUE);
  }

  gst_buffer_unref (buffer);
  /* The input never sees a target's flow: targets fail on their own. */
  return GST_FLOW_OK;
}

/* Streaming thread of each src pad */

static const gchar *
flow_reason (GstFlowReturn flow)
{
  switch (flow) {
    case GST_FLOW_EOS:
      return "Downstream stopped accepting data (EOS).";
    case GST_FLOW_NOT_NEGOTIATED:
      return "Downstream refused the stream format.";
    case GST_FLOW_ERROR:
      return "Downstream failed; its ERROR message on the bus has the cause.";
    default:
      return "Downstream returned an unexpected flow.";
  }
}

static void
pad_post_failed (GstRestreamTeePad * pad, GstFlowReturn flow)
{
  g_autoptr (GstElement) element = gst_pad_get_parent_element (GST_PAD (pad));
  GstStructure *s;

  if (!element)
    return;
  GST_WARNING_OBJECT (pad, "target failed: %s", gst_flow_get_name (flow));
  s = gst_structure_new ("restreamtee-target-failed",
      "pad", G_TYPE_STRING, GST_PAD_NAME (pad),
      "flow", G_TYPE_STRING, gst_flow_get_name (flow),
      "flow-return", G_TYPE_INT, flow,
      "reason", G_TYPE_STRING, flow_reason (flow), NULL);
  gst_element_post_message (element,
      gst_message_new_element (GST_OBJECT_CAST (element), s));
}

static void
gst_restream_tee_pad_loop (gpointer user_data)
{
  GstRestreamTeePad *pad = user_data;
  GstRestreamTeeItem item, *head;
  GstBufferList *list = NULL;
  GstBuffer *single = NULL;
  GstFlowReturn flow;
  gsize batch_bytes = 0;
  guint batch_buffers = 0;
  gboolean failed = FALSE;

  g_mutex_lock (&pad->lock);
  while (!pad->stopping && (pad->flushing
          || gst_queue_array_is_empty (pad->backlog))) {
    pad->thread_waiting = TRUE;
    g_cond_wait (&pad->cond, &pad->lock);
    pad->thread_waiting = FALSE;
  }
  if (pad->stopping)
    goto done;

  /* With a batch time, gather what arrives until the oldest buffer has
   * waited that long: one wake-up of this thread (and of the sink's own
   * threads downstream) then carries many buffers. The input does not
   * signal meanwhile, since thread_waiting is not set. */
  head = gst_queue_array_peek_head_struct (pad->backlog);
  if (pad->batch_time > 0 && GST_IS_BUFFER (head->object)) {
    gint64 deadline = head->arrival + pad->batch_time / GST_USECOND;

    while (!pad->stopping && !pad->flushing
        && g_cond_wait_until (&pad->cond, &pad->lock, deadline));
    if (pad->stopping || pad->flushing
        || gst_queue_array_is_empty (pad->backlog))
      goto done;
    head = gst_queue_array_peek_head_struct (pad->backlog);
  }

  if (GST_IS_EVENT (head->object)) {
    item = *(GstRestreamTeeItem *) gst_queue_array_pop_head_struct
        (pad->backlog);
    g_mutex_unlock (&pad->lock);
    gst_pad_push_event (GST_PAD (pad), GST_EVENT_CAST (item.object));
    return;
  }

  /* The buffers up to the next event, or only the first without a batch
   * time. */
  while ((head = gst_queue_array_peek_head_struct (pad->backlog))
      && GST_IS_BUFFER (head->object)) {
    item = *(GstRestreamTeeItem *) gst_queue_array_pop_head_struct
        (pad->backlog);
    pad->backlog_bytes -= item.size;
    if (batch_buffers == 0) {
      pad->pushing_position = item.position;
      pad->pushing_arrival = item.arrival;
      if (G_UNLIKELY (pad->discont)) {
        /* Only the metadata is copied; the memory stays shared. */
        item.object = GST_MINI_OBJECT_CAST (gst_buffer_make_writable
            (GST_BUFFER_CAST (item.object)));
        GST_BUFFER_FLAG_SET (item.object, GST_BUFFER_FLAG_DISCONT);
        pad->discont = FALSE;
      }
      single = GST_BUFFER_CAST (item.object);
    } else {
      if (!list) {
        list = gst_buffer_list_new_sized (gst_queue_array_get_length
            (pad->backlog) + 2);
        gst_buffer_list_add (list, single);
        single = NULL;
      }
      gst_buffer_list_add (list, GST_BUFFER_CAST (item.object));
    }
    batch_buffers++;
    batch_bytes += item.size;
    if (pad->batch_time == 0)
      break;
  }
  pad->pushing = TRUE;
  g_mutex_unlock (&pad->lock);

  if (list)
    flow = gst_pad_push_list (GST_PAD (pad), list);
  else
    flow = gst_pad_push (GST_PAD (pad), single);

  g_mutex_lock (&pad->lock);
  pad->pushing = FALSE;
  if (G_LIKELY (flow == GST_FLOW_OK)) {
    pad->bytes += batch_bytes;
    pad->buffers += batch_buffers;
  } else if (pad->stopping || pad->flushing) {
    /* Our own shutdown or flush. */
  } else if (flow == GST_FLOW_NOT_LINKED || flow == GST_FLOW_FLUSHING) {
    /* Not linked yet, or a branch being restarted: start again cleanly
     * once it takes data. */
    GST_DEBUG_OBJECT (pad, "downstream %s, waiting for a keyframe",
        gst_flow_get_name (flow));
    pad_clear_backlog (pad);
    pad->state = GST_RESTREAM_TEE_PAD_STATE_WAITING;
    pad->replay_headers = TRUE;
  } else if (pad->state != GST_RESTREAM_TEE_PAD_STATE_FAILED) {
    pad_clear_backlog (pad);
    pad->state = GST_RESTREAM_TEE_PAD_STATE_FAILED;
    pad->failures++;
    pad->last_flow = flow;
    failed = TRUE;
  }
  g_mutex_unlock (&pad->lock);

  if (failed)
    pad_post_failed (pad, flow);
  return;

done:
  g_mutex_unlock (&pad->lock);
}

static gboolean
pad_start_thread (GstRestreamTeePad * pad)
{
  g_autofree gchar *name = NULL;
  GstTask *task;

  g_mutex_lock (&pad->lock);
  pad->stopping = FALSE;
  pad->flushing = FALSE;
  pad->state = GST_RESTREAM_TEE_PAD_STATE_WAITING;
  pad->replay_headers = TRUE;
  g_mutex_unlock (&pad->lock);

  /* The task runs on a lock of its own, not the pad's stream lock, so that
   * deactivating or releasing the pad never waits for a blocked push. */
  task = gst_task_new (gst_restream_tee_pad_loop, gst_object_ref (pad),
      gst_object_unref);
  gst_task_set_lock (task, &pad->task_lock);
  /* Thread names are cut to 15 characters: keep the pad name visible. */
  name = g_strdup_printf ("rstee:%s", GST_PAD_NAME (pad));
  gst_object_set_name (GST_OBJECT (task), name);

  g_mutex_lock (&pad->lock);
  pad->task = task;
  g_mutex_unlock (&pad->lock);
  return gst_task_start (task);
}

/* With @join, waits for the streaming thread to end: right when the whole
 * element goes down (downstream elements were unblocked before us), wrong
 * for a pad released while its downstream may be frozen. */
static void
pad_stop_thread (GstRestreamTeePad * pad, gboolean join)
{
  GstTask *task;

  g_mutex_lock (&pad->lock);
  task = g_steal_pointer (&pad->task);
  g_mutex_unlock (&pad->lock);

  if (task)
    gst_task_stop (task);

  g_mutex_lock (&pad->lock);
  pad->stopping = TRUE;
  pad_clear_backlog (pad);
  g_cond_broadcast (&pad->cond);
  g_mutex_unlock (&pad->lock);

  if (task) {
    if (join)
      gst_task_join (task);
    gst_object_unref (task);
  }
}

static gboolean
gst_restream_tee_src_activate_mode (GstPad * pad, GstObject * parent,
    GstPadMode mode, gboolean active)
{
  GstRestreamTeePad *tee_pad = GST_RESTREAM_TEE_PAD (pad);

  /* Called before the pad has a parent when requested while running. */
  if (mode != GST_PAD_MODE_PUSH)
    return FALSE;
  if (active)
    return pad_start_thread (tee_pad);
  pad_stop_thread (tee_pad, TRUE);
  return TRUE;
}

/* Events and queries */

static void
pad_flush (GstRestreamTeePad * pad, gboolean start)
{
  g_mutex_lock (&pad->lock);
  pad->flushing = start;
  if (start) {
    pad_clear_backlog (pad);
    g_cond_broadcast (&pad->cond);
  } else if (pad->state != GST_RESTREAM_TEE_PAD_STATE_FAILED) {
    pad->state = GST_RESTREAM_TEE_PAD_STATE_WAITING;
    pad->replay_headers = TRUE;
  }
  g_mutex_unlock (&pad->lock);
}

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
      GstStructure *s;

      gst_event_parse_caps (event, &caps);
      s = gst_caps_get_structure (caps, 0);
      g_mutex_lock (&self->lock);
      gst_caps_replace (&self->caps, caps);
      self->caps_have_streamheader = s
          && gst_structure_has_field_typed (s, "streamheader", GST_TYPE_ARRAY);
      gst_container_scanner_set_caps (&self->scanner, caps);
      g_mutex_unlock (&self->lock);
      break;
    }
    case GST_EVENT_FLUSH_START:
    case GST_EVENT_FLUSH_STOP:{
      gboolean start = GST_EVENT_TYPE (event) == GST_EVENT_FLUSH_START;

      g_mutex_lock (&self->lock);
      for (l = self->srcpads; l; l = l->next)
        pad_flush (l->data, start);
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
  for (l = self->srcpads; l; l = l->next) {
    GstRestreamTeePad *pad = l->data;

    g_mutex_lock (&pad->lock);
    if (pad->state == GST_RESTREAM_TEE_PAD_STATE_FAILED || pad->stopping) {
      if (GST_EVENT_IS_STICKY (event))
        gst_pad_store_sticky_event (GST_PAD (pad), event);
    } else {
      pad_push_item (pad, GST_MINI_OBJECT_CAST (gst_event_ref (event)),
          GST_SCAN_HEADER, self->position, arrival, 0);
      if (pad->thread_waiting)
        g_cond_signal (&pad->cond);
    }
    g_mutex_unlock (&pad->lock);
  }
  g_mutex_unlock (&self->lock);

  gst_event_unref (event);
  return TRUE;
}

static gboolean
gst_restream_tee_src_event (GstPad * pad, GstObject * parent, GstEvent * event)
{
  GstRestreamTeePad *tee_pad = GST_RESTREAM_TEE_PAD (pad);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_RECONFIGURE:
      /* Downstream was relinked or restarted and asks for data again. */
      g_mutex_lock (&tee_pad->lock);
      if (tee_pad->state == GST_RESTREAM_TEE_PAD_STATE_FAILED) {
        GST_INFO_OBJECT (pad, "downstream reconfigured, restarting target");
        tee_pad->state = GST_RESTREAM_TEE_PAD_STATE_WAITING;
        tee_pad->replay_headers = TRUE;
        tee_pad->last_flow = GST_FLOW_OK;
      }
      g_mutex_unlock (&tee_pad->lock);
      gst_event_unref (event);
      return TRUE;
    case GST_EVENT_SEEK:
      /* A target cannot move a live input. */
      gst_event_unref (event);
      return FALSE;
    default:
      /* QoS and the like concern one target, never the input. */
      gst_event_unref (event);
      return TRUE;
  }
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

static GstPad *
gst_restream_tee_request_new_pad (GstElement * element, GstPadTemplate * templ,
    const gchar * name, const GstCaps * caps)
{
  GstRestreamTee *self = GST_RESTREAM_TEE (element);
  GstRestreamTeePad *pad;
  g_autofree gchar *pad_name = NULL;
  guint max_targets, index, count;

  GST_OBJECT_LOCK (self);
  max_targets = self->max_targets;
  GST_OBJECT_UNLOCK (self);

  g_mutex_lock (&self->lock);
  count = g_list_length (self->srcpads);
  if (max_targets > 0 && count >= max_targets) {
    g_mutex_unlock (&self->lock);
    goto too_many_targets;
  }
  if (name && sscanf (name, "src_%u", &index) == 1) {
    GList *l;
    for (l = self->srcpads; l; l = l->next)
      if (GST_RESTREAM_TEE_PAD (l->data)->index == index) {
        g_mutex_unlock (&self->lock);
        goto name_taken;
      }
    if (index >= self->next_pad_index)
      self->next_pad_index = index + 1;
  } else {
    index = self->next_pad_index++;
  }
  pad_name = g_strdup_printf ("src_%u", index);
  g_mutex_unlock (&self->lock);

  pad = g_object_new (GST_TYPE_RESTREAM_TEE_PAD, "name", pad_name,
      "direction", GST_PAD_SRC, "template", templ, NULL);
  pad->index = index;
  GST_OBJECT_LOCK (self);
  pad->batch_time = self->batch_time;
  GST_OBJECT_UNLOCK (self);
  gst_pad_set_event_function (GST_PAD (pad),
      GST_DEBUG_FUNCPTR (gst_restream_tee_src_event));
  gst_pad_set_query_function (GST_PAD (pad),
      GST_DEBUG_FUNCPTR (gst_restream_tee_src_query));
  gst_pad_set_activatemode_function (GST_PAD (pad),
      GST_DEBUG_FUNCPTR (gst_restream_tee_src_activate_mode));

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
  GST_DEBUG_OBJECT (self, "requested %s", pad_name);
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
  GstRestreamTeePad *tee_pad = GST_RESTREAM_TEE_PAD (pad);
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
  pad_stop_thread (tee_pad, FALSE);
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
      gst_clear_caps (&self->caps);
      self->caps_have_streamheader = FALSE;
      self->highest_input_timestamp = GST_CLOCK_TIME_NONE;
      self->position = 0;
      g_mutex_unlock (&self->lock);
      break;
    default:
      break;
  }
  return ret;
}
