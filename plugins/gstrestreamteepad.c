/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The src pads of restreamtee: each one a target with a backlog and a
 * streaming thread of its own, so that a slow, stalled or dead target
 * never blocks the input or another target. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstrestreamteepad.h"
#include "gstteebacklog.h"
#include "gstrestreammessages.h"

GST_DEBUG_CATEGORY_EXTERN (restreamtee_debug);
#define GST_CAT_DEFAULT restreamtee_debug

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
  PROP_PAD_HOLD,
};

struct _GstRestreamTeePad
{
  GstPad parent;

  guint index;

  /* Everything below is protected by lock; the streaming thread waits on
   * cond. Lock order: the element's lock before a pad's lock. */
  GMutex lock;
  GCond cond;
  GstTeeBacklog backlog;
  gboolean thread_waiting;
  gboolean flushing;
  gboolean stopping;            /* the streaming thread must end */
  GstRestreamTeePadState state;
  gboolean replay_headers;      /* with WAITING: send headers first */
  gboolean hold;                /* discard everything until released */
  gboolean discont;             /* mark the next pushed buffer */
  GstClockTime batch_time;      /* copy of the element's setting */

  /* The buffer being pushed: the lag is measured from it while a push
   * lasts. */
  gboolean pushing;
  GstTeeBacklogItem in_flight;

  /* Stats */
  guint64 bytes;
  guint64 buffers;
  guint64 drops;
  guint64 dropped_buffers;
  guint64 dropped_bytes;
  guint64 failures;
  GstFlowReturn last_flow;

  GstTask *task;
  GRecMutex task_lock;
};

GType
gst_restream_tee_pad_state_get_type (void)
{
  static GType type = 0;
  /* *INDENT-OFF* */
  static const GEnumValue values[] = {
    {GST_RESTREAM_TEE_PAD_STATE_WAITING, "Waiting for a keyframe", "waiting"},
    {GST_RESTREAM_TEE_PAD_STATE_RUNNING, "Pushing data", "running"},
    {GST_RESTREAM_TEE_PAD_STATE_FAILED, "Downstream failed", "failed"},
    {0, NULL, NULL},
  };
  /* *INDENT-ON* */

  if (g_once_init_enter (&type)) {
    GType new_type = g_enum_register_static ("GstRestreamTeePadState", values);
    g_once_init_leave (&type, new_type);
  }
  return type;
}

G_DEFINE_TYPE (GstRestreamTeePad, gst_restream_tee_pad, GST_TYPE_PAD);

static void gst_restream_tee_pad_get_property (GObject * object,
    guint prop_id, GValue * value, GParamSpec * pspec);
static void gst_restream_tee_pad_set_property (GObject * object,
    guint prop_id, const GValue * value, GParamSpec * pspec);
static void gst_restream_tee_pad_finalize (GObject * object);

static void
gst_restream_tee_pad_class_init (GstRestreamTeePadClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);

  gobject_class->get_property = gst_restream_tee_pad_get_property;
  gobject_class->set_property = gst_restream_tee_pad_set_property;
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
  /**
   * GstRestreamTeePad:hold:
   *
   * While TRUE the pad discards everything it is given (what it queued
   * before still goes out); set back to FALSE, it starts again at the next
   * keyframe, after the stream headers. The launcher holds the targets
   * that must not see failoversrc's slate while it is on air.
   */
  g_object_class_install_property (gobject_class, PROP_PAD_HOLD,
      g_param_spec_boolean ("hold", "Hold",
          "Discard the input; when released, start again at a keyframe "
          "after the stream headers", FALSE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
}

static void
gst_restream_tee_pad_init (GstRestreamTeePad * pad)
{
  g_mutex_init (&pad->lock);
  g_cond_init (&pad->cond);
  g_rec_mutex_init (&pad->task_lock);
  gst_tee_backlog_init (&pad->backlog);
  pad->state = GST_RESTREAM_TEE_PAD_STATE_WAITING;
  pad->replay_headers = TRUE;
  pad->last_flow = GST_FLOW_OK;
}

static void
gst_restream_tee_pad_finalize (GObject * object)
{
  GstRestreamTeePad *pad = GST_RESTREAM_TEE_PAD (object);

  gst_tee_backlog_free (&pad->backlog);
  g_mutex_clear (&pad->lock);
  g_cond_clear (&pad->cond);
  g_rec_mutex_clear (&pad->task_lock);

  G_OBJECT_CLASS (gst_restream_tee_pad_parent_class)->finalize (object);
}

/* Call with pad->lock. */
static GstClockTime
pad_current_lag (GstRestreamTeePad * pad, gint64 now)
{
  return gst_tee_backlog_lag (&pad->backlog,
      pad->pushing ? &pad->in_flight : NULL, now);
}

GstStructure *
gst_restream_tee_pad_stats (GstRestreamTeePad * pad)
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
    case PROP_PAD_HOLD:
      g_value_set_boolean (value, pad->hold);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  g_mutex_unlock (&pad->lock);
}

static void
gst_restream_tee_pad_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstRestreamTeePad *pad = GST_RESTREAM_TEE_PAD (object);
  gboolean hold;

  switch (prop_id) {
    case PROP_PAD_HOLD:
      hold = g_value_get_boolean (value);
      g_mutex_lock (&pad->lock);
      if (pad->hold && !hold
          && pad->state == GST_RESTREAM_TEE_PAD_STATE_RUNNING) {
        /* What it gets next may be another stream than what it had. */
        pad->state = GST_RESTREAM_TEE_PAD_STATE_WAITING;
        pad->replay_headers = TRUE;
      }
      pad->hold = hold;
      g_mutex_unlock (&pad->lock);
      GST_DEBUG_OBJECT (pad, "%s", hold ? "held" : "released");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

guint
gst_restream_tee_pad_get_index (GstRestreamTeePad * pad)
{
  return pad->index;
}

void
gst_restream_tee_pad_set_batch_time (GstRestreamTeePad * pad,
    GstClockTime batch_time)
{
  g_mutex_lock (&pad->lock);
  pad->batch_time = batch_time;
  g_mutex_unlock (&pad->lock);
}

/* The input side. Helpers here expect pad->lock held. */

static void
pad_queue_headers (GstRestreamTeePad * pad, const GstRestreamTeeInput * input)
{
  g_autoptr (GPtrArray) headers =
      g_ptr_array_new_with_free_func ((GDestroyNotify) gst_buffer_unref);
  guint i;

  gst_tee_headers_collect (input->headers, input->scanner, headers);
  for (i = 0; i < headers->len; i++) {
    GstBuffer *header = g_ptr_array_index (headers, i);
    gst_tee_backlog_push (&pad->backlog,
        GST_MINI_OBJECT_CAST (gst_buffer_ref (header)), GST_SCAN_HEADER,
        input->position, input->arrival, gst_buffer_get_size (header));
  }
  GST_DEBUG_OBJECT (pad, "replaying %u stream headers", headers->len);
}

/* Whether the buffer is queued: a waiting pad starts at a keyframe, after
 * the stream headers if it has not had them. */
static gboolean
pad_accepts (GstRestreamTeePad * pad, const GstRestreamTeeInput * input)
{
  if (pad->hold)
    return FALSE;
  switch (pad->state) {
    case GST_RESTREAM_TEE_PAD_STATE_FAILED:
      return FALSE;
    case GST_RESTREAM_TEE_PAD_STATE_WAITING:
      if (input->klass == GST_SCAN_HEADER && !pad->replay_headers) {
        /* Waiting after a drop: the target has the older headers, so a
         * new one (updated metadata, codec change) must reach it. */
        return TRUE;
      }
      if (input->klass != GST_SCAN_KEYFRAME) {
        if (!pad->replay_headers) {
          pad->dropped_buffers++;
          pad->dropped_bytes += input->size;
        }
        return FALSE;
      }
      if (pad->replay_headers)
        pad_queue_headers (pad, input);
      pad->replay_headers = FALSE;
      pad->state = GST_RESTREAM_TEE_PAD_STATE_RUNNING;
      pad->discont = TRUE;
      return TRUE;
    case GST_RESTREAM_TEE_PAD_STATE_RUNNING:
      return TRUE;
  }
  return FALSE;
}

static gboolean
pad_drop_gops (GstRestreamTeePad * pad, GstClockTime lag, gboolean over_bytes,
    GstRestreamTeeDrop * report)
{
  GstTeeBacklogDrop drop;

  if (!gst_tee_backlog_drop_gops (&pad->backlog, over_bytes, &drop))
    return FALSE;
  if (drop.wait_keyframe) {
    pad->state = GST_RESTREAM_TEE_PAD_STATE_WAITING;
    pad->replay_headers = FALSE;
  }
  pad->discont = TRUE;
  pad->drops++;
  pad->dropped_buffers += drop.buffers;
  pad->dropped_bytes += drop.bytes;
  report->pad = gst_object_ref (pad);
  report->buffers = drop.buffers;
  report->bytes = drop.bytes;
  report->duration = drop.duration;
  report->lag = lag;
  report->total = pad->drops;
  return TRUE;
}

/* Returns TRUE if @report was filled: post it with
 * gst_restream_tee_post_drop() once no lock is held. */
gboolean
gst_restream_tee_pad_enqueue_buffer (GstRestreamTeePad * pad,
    const GstRestreamTeeInput * input, GstRestreamTeeDrop * report)
{
  GstClockTime lag;
  gboolean over_bytes, dropped = FALSE;

  g_mutex_lock (&pad->lock);
  if (G_UNLIKELY (pad->flushing || pad->stopping) || !pad_accepts (pad, input))
    goto done;

  gst_tee_backlog_push (&pad->backlog,
      GST_MINI_OBJECT_CAST (gst_buffer_ref (input->buffer)), input->klass,
      input->position, input->arrival, input->size);

  lag = pad_current_lag (pad, input->arrival);
  over_bytes = input->max_bytes > 0 && pad->backlog.bytes > input->max_bytes;
  if (G_UNLIKELY ((input->max_lag > 0 && lag > input->max_lag) || over_bytes))
    dropped = pad_drop_gops (pad, lag, over_bytes, report);

  if (pad->thread_waiting)
    g_cond_signal (&pad->cond);
done:
  g_mutex_unlock (&pad->lock);
  return dropped;
}

/* A serialized event in stream order; a failed or stopping pad only keeps
 * it if sticky, for when it starts again. */
void
gst_restream_tee_pad_enqueue_event (GstRestreamTeePad * pad, GstEvent * event,
    GstClockTime position, gint64 arrival)
{
  g_mutex_lock (&pad->lock);
  if (pad->state == GST_RESTREAM_TEE_PAD_STATE_FAILED || pad->stopping) {
    if (GST_EVENT_IS_STICKY (event))
      gst_pad_store_sticky_event (GST_PAD (pad), event);
  } else {
    gst_tee_backlog_push (&pad->backlog,
        GST_MINI_OBJECT_CAST (gst_event_ref (event)), GST_SCAN_HEADER,
        position, arrival, 0);
    if (pad->thread_waiting)
      g_cond_signal (&pad->cond);
  }
  g_mutex_unlock (&pad->lock);
}

void
gst_restream_tee_post_drop (GstElement * element, GstRestreamTeeDrop * report)
{
  GstStructure *s;

  GST_INFO_OBJECT (report->pad, "target lags %" GST_TIME_FORMAT
      ", dropped %" G_GUINT64_FORMAT " buffers (%" G_GUINT64_FORMAT
      " bytes, %" GST_TIME_FORMAT ")", GST_TIME_ARGS (report->lag),
      report->buffers, report->bytes, GST_TIME_ARGS (report->duration));
  s = gst_structure_new (GST_RESTREAM_TEE_MSG_DROP,
      GST_RESTREAM_TEE_FIELD_PAD, G_TYPE_STRING, GST_PAD_NAME (report->pad),
      GST_RESTREAM_TEE_FIELD_DROPPED_BUFFERS, G_TYPE_UINT64, report->buffers,
      GST_RESTREAM_TEE_FIELD_DROPPED_BYTES, G_TYPE_UINT64, report->bytes,
      GST_RESTREAM_TEE_FIELD_DROPPED_DURATION, G_TYPE_UINT64, report->duration,
      GST_RESTREAM_TEE_FIELD_LAG, G_TYPE_UINT64, report->lag,
      GST_RESTREAM_TEE_FIELD_TOTAL_DROPS, G_TYPE_UINT64, report->total, NULL);
  gst_element_post_message (element,
      gst_message_new_element (GST_OBJECT_CAST (element), s));
  gst_object_unref (report->pad);
}

/* The streaming thread */

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
  s = gst_structure_new (GST_RESTREAM_TEE_MSG_TARGET_FAILED,
      GST_RESTREAM_TEE_FIELD_PAD, G_TYPE_STRING, GST_PAD_NAME (pad),
      GST_RESTREAM_TEE_FIELD_FLOW, G_TYPE_STRING, gst_flow_get_name (flow),
      GST_RESTREAM_TEE_FIELD_FLOW_RETURN, G_TYPE_INT, flow,
      GST_RESTREAM_TEE_FIELD_REASON, G_TYPE_STRING, flow_reason (flow), NULL);
  gst_element_post_message (element,
      gst_message_new_element (GST_OBJECT_CAST (element), s));
}

/* Call with pad->lock. Waits for something to push; with a batch time,
 * until the oldest buffer has waited that long: one wake-up of this
 * thread (and of the sink's own threads downstream) then carries many
 * buffers. The input does not signal meanwhile, since thread_waiting is
 * not set. Returns the oldest item, or NULL if the thread must not push. */
static GstTeeBacklogItem *
pad_wait (GstRestreamTeePad * pad)
{
  GstTeeBacklogItem *head;

  while (!pad->stopping && (pad->flushing
          || gst_tee_backlog_length (&pad->backlog) == 0)) {
    pad->thread_waiting = TRUE;
    g_cond_wait (&pad->cond, &pad->lock);
    pad->thread_waiting = FALSE;
  }
  if (pad->stopping)
    return NULL;

  head = gst_tee_backlog_peek (&pad->backlog);
  if (pad->batch_time > 0 && GST_IS_BUFFER (head->object)) {
    gint64 deadline = head->arrival + pad->batch_time / GST_USECOND;

    while (!pad->stopping && !pad->flushing
        && g_cond_wait_until (&pad->cond, &pad->lock, deadline));
    if (pad->stopping || pad->flushing)
      return NULL;
    head = gst_tee_backlog_peek (&pad->backlog);
  }
  return head;
}

/* Call with pad->lock. Takes the buffers up to the next event, or only
 * the first without a batch time: one buffer, or a list of them. */
static GstMiniObject *
pad_take_batch (GstRestreamTeePad * pad, gsize * batch_bytes,
    guint * batch_buffers)
{
  GstBufferList *list = NULL;
  GstBuffer *single = NULL;
  GstTeeBacklogItem *head, item;

  while ((head = gst_tee_backlog_peek (&pad->backlog))
      && GST_IS_BUFFER (head->object)) {
    gst_tee_backlog_pop (&pad->backlog, &item);
    if (*batch_buffers == 0) {
      pad->in_flight = item;
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
        list = gst_buffer_list_new_sized (gst_tee_backlog_length
            (&pad->backlog) + 2);
        gst_buffer_list_add (list, single);
        single = NULL;
      }
      gst_buffer_list_add (list, GST_BUFFER_CAST (item.object));
    }
    (*batch_buffers)++;
    *batch_bytes += item.size;
    if (pad->batch_time == 0)
      break;
  }
  return list ? GST_MINI_OBJECT_CAST (list) : GST_MINI_OBJECT_CAST (single);
}

/* Call with pad->lock. Returns TRUE if the target just failed. */
static gboolean
pad_pushed (GstRestreamTeePad * pad, GstFlowReturn flow, gsize batch_bytes,
    guint batch_buffers)
{
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
    gst_tee_backlog_clear (&pad->backlog, GST_PAD (pad));
    pad->state = GST_RESTREAM_TEE_PAD_STATE_WAITING;
    pad->replay_headers = TRUE;
  } else if (pad->state != GST_RESTREAM_TEE_PAD_STATE_FAILED) {
    gst_tee_backlog_clear (&pad->backlog, GST_PAD (pad));
    pad->state = GST_RESTREAM_TEE_PAD_STATE_FAILED;
    pad->failures++;
    pad->last_flow = flow;
    return TRUE;
  }
  return FALSE;
}

static void
gst_restream_tee_pad_loop (gpointer user_data)
{
  GstRestreamTeePad *pad = user_data;
  GstTeeBacklogItem *head, item;
  GstMiniObject *batch;
  GstFlowReturn flow;
  gsize batch_bytes = 0;
  guint batch_buffers = 0;
  gboolean failed;

  g_mutex_lock (&pad->lock);
  head = pad_wait (pad);
  if (!head) {
    g_mutex_unlock (&pad->lock);
    return;
  }
  if (GST_IS_EVENT (head->object)) {
    gst_tee_backlog_pop (&pad->backlog, &item);
    g_mutex_unlock (&pad->lock);
    gst_pad_push_event (GST_PAD (pad), GST_EVENT_CAST (item.object));
    return;
  }
  batch = pad_take_batch (pad, &batch_bytes, &batch_buffers);
  pad->pushing = TRUE;
  g_mutex_unlock (&pad->lock);

  if (GST_IS_BUFFER_LIST (batch))
    flow = gst_pad_push_list (GST_PAD (pad), GST_BUFFER_LIST_CAST (batch));
  else
    flow = gst_pad_push (GST_PAD (pad), GST_BUFFER_CAST (batch));

  g_mutex_lock (&pad->lock);
  failed = pad_pushed (pad, flow, batch_bytes, batch_buffers);
  g_mutex_unlock (&pad->lock);

  if (failed)
    pad_post_failed (pad, flow);
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
void
gst_restream_tee_pad_stop (GstRestreamTeePad * pad, gboolean join)
{
  GstTask *task;

  g_mutex_lock (&pad->lock);
  task = g_steal_pointer (&pad->task);
  g_mutex_unlock (&pad->lock);

  if (task)
    gst_task_stop (task);

  g_mutex_lock (&pad->lock);
  pad->stopping = TRUE;
  gst_tee_backlog_clear (&pad->backlog, GST_PAD (pad));
  g_cond_broadcast (&pad->cond);
  g_mutex_unlock (&pad->lock);

  if (task) {
    if (join)
      gst_task_join (task);
    gst_object_unref (task);
  }
}

static gboolean
gst_restream_tee_pad_activate_mode (GstPad * pad, GstObject * parent,
    GstPadMode mode, gboolean active)
{
  GstRestreamTeePad *tee_pad = GST_RESTREAM_TEE_PAD (pad);

  /* Called before the pad has a parent when requested while running. */
  if (mode != GST_PAD_MODE_PUSH)
    return FALSE;
  if (active)
    return pad_start_thread (tee_pad);
  gst_restream_tee_pad_stop (tee_pad, TRUE);
  return TRUE;
}

/* Events */

void
gst_restream_tee_pad_flush (GstRestreamTeePad * pad, gboolean start)
{
  g_mutex_lock (&pad->lock);
  pad->flushing = start;
  if (start) {
    gst_tee_backlog_clear (&pad->backlog, GST_PAD (pad));
    g_cond_broadcast (&pad->cond);
  } else if (pad->state != GST_RESTREAM_TEE_PAD_STATE_FAILED) {
    pad->state = GST_RESTREAM_TEE_PAD_STATE_WAITING;
    pad->replay_headers = TRUE;
  }
  g_mutex_unlock (&pad->lock);
}

static gboolean
gst_restream_tee_pad_event (GstPad * pad, GstObject * parent, GstEvent * event)
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

/* The element sets the query function: queries are answered upstream. */
GstRestreamTeePad *
gst_restream_tee_pad_new (GstPadTemplate * templ, guint index,
    GstClockTime batch_time)
{
  g_autofree gchar *name = g_strdup_printf ("src_%u", index);
  GstRestreamTeePad *pad = g_object_new (GST_TYPE_RESTREAM_TEE_PAD,
      "name", name, "direction", GST_PAD_SRC, "template", templ, NULL);

  pad->index = index;
  pad->batch_time = batch_time;
  gst_pad_set_event_function (GST_PAD (pad),
      GST_DEBUG_FUNCPTR (gst_restream_tee_pad_event));
  gst_pad_set_activatemode_function (GST_PAD (pad),
      GST_DEBUG_FUNCPTR (gst_restream_tee_pad_activate_mode));
  return pad;
}
