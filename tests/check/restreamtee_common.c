/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* What the restreamtee tests share: FLV tags built here, an input
 * harness, test targets that record what reaches them and can block, fail
 * or flush on demand, and bus helpers. */

#include "restreamtee_common.h"

#include <string.h>

/* FLV tags */

GstBuffer *
flv_tag (guint8 type, GstClockTime pts, const guint8 * body, gsize body_size,
    guint64 index)
{
  gsize size = 11 + body_size + 4;
  guint8 *data = g_malloc0 (size);
  guint32 ms = pts / GST_MSECOND;
  GstBuffer *buffer;

  data[0] = type;
  GST_WRITE_UINT24_BE (data + 1, body_size);
  GST_WRITE_UINT24_BE (data + 4, ms & 0xffffff);
  data[7] = ms >> 24;
  memcpy (data + 11, body, body_size);
  GST_WRITE_UINT32_BE (data + 11 + body_size, 11 + body_size);
  buffer = gst_buffer_new_wrapped (data, size);
  GST_BUFFER_PTS (buffer) = GST_BUFFER_DTS (buffer) = pts;
  GST_BUFFER_OFFSET (buffer) = index;
  return buffer;
}

static GstBuffer *
flv_file_header (void)
{
  static const guint8 header[] = { 'F', 'L', 'V', 1, 5, 0, 0, 0, 9, 0, 0, 0,
    0
  };
  GstBuffer *buffer = gst_buffer_new_memdup (header, sizeof (header));

  GST_BUFFER_OFFSET (buffer) = G_MAXUINT64;
  return buffer;
}

static GstBuffer *
flv_metadata (void)
{
  static const guint8 body[] = { 0x02, 0x00, 0x0a, 'o', 'n', 'M', 'e', 't',
    'a', 'D', 'a', 't', 'a', 0x08, 0, 0, 0, 0, 0, 0, 9
  };
  return flv_tag (18, 0, body, sizeof (body), G_MAXUINT64);
}

static GstBuffer *
flv_video_config (void)
{
  static const guint8 body[] = { 0x17, 0x00, 0, 0, 0, 0x01, 0x64, 0x00, 0x1f,
    0xff, 0xe1, 0x00, 0x00, 0x01, 0x00, 0x00
  };
  return flv_tag (9, 0, body, sizeof (body), G_MAXUINT64);
}

static GstBuffer *
flv_audio_config (void)
{
  static const guint8 body[] = { 0xaf, 0x00, 0x11, 0x90 };
  return flv_tag (8, 0, body, sizeof (body), G_MAXUINT64);
}

GstBuffer *
flv_video_frame (guint64 index, gboolean keyframe)
{
  guint8 body[64] = { keyframe ? 0x17 : 0x27, 0x01, 0, 0, 0 };

  memset (body + 5, (guint8) index, sizeof (body) - 5);
  return flv_tag (9, index * FRAME_DURATION, body, sizeof (body), index);
}

gboolean
flv_is_keyframe (GstBuffer * buffer)
{
  guint8 head[13];

  return gst_buffer_extract (buffer, 0, head, 13) == 13 && head[0] == 9
      && (head[11] >> 4) == 1 && head[12] == 1;
}

gboolean
flv_is_header (GstBuffer * buffer)
{
  guint8 head[13];

  if (gst_buffer_extract (buffer, 0, head, 13) < 4)
    return FALSE;
  return memcmp (head, "FLV", 3) == 0 || head[0] == 18
      || ((head[0] == 9 || head[0] == 8) && head[12] == 0);
}

GstHarness *
new_input_harness (GstElement ** tee)
{
  GstHarness *h = gst_harness_new_with_padnames ("restreamtee", "sink", NULL);

  gst_harness_set_src_caps_str (h, "video/x-flv");
  gst_harness_play (h);
  *tee = h->element;
  /* Tests push stream time far faster than real time, which a target's
   * thread cannot follow: only the tests of dropping set a time bound. */
  g_object_set (*tee, "max-lag", G_GUINT64_CONSTANT (0), NULL);
  return h;
}

void
push_flv_headers (GstHarness * h)
{
  fail_unless_equals_int (gst_harness_push (h, flv_file_header ()),
      GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_push (h, flv_metadata ()), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_push (h, flv_video_config ()),
      GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_push (h, flv_audio_config ()),
      GST_FLOW_OK);
}

/* Pushes frames [first_frame, first_frame + count) with a keyframe every @gop. */
void
push_flv_frames (GstHarness * h, guint64 first_frame, guint count, guint gop)
{
  guint64 i;

  for (i = first_frame; i < first_frame + count; i++)
    fail_unless_equals_int (gst_harness_push (h, flv_video_frame (i,
                i % gop == 0)), GST_FLOW_OK);
}

/* Targets */


static GstFlowReturn
target_chain (GstPad * pad, GstObject * parent, GstBuffer * buffer)
{
  TestTarget *target = g_object_get_data (G_OBJECT (pad), "target");
  GstFlowReturn flow = GST_FLOW_OK;

  g_mutex_lock (&target->lock);
  target->pushes++;
  target->in_chain = TRUE;
  g_cond_broadcast (&target->cond);
  while (target->gate_closed)
    g_cond_wait (&target->cond, &target->lock);
  target->in_chain = FALSE;
  if (target->flow != GST_FLOW_OK && target->buffers->len >= target->fail_after) {
    flow = target->flow;
    gst_buffer_unref (buffer);
  } else {
    g_ptr_array_add (target->buffers, buffer);
  }
  g_cond_broadcast (&target->cond);
  g_mutex_unlock (&target->lock);
  return flow;
}

static GstFlowReturn
target_chain_list (GstPad * pad, GstObject * parent, GstBufferList * list)
{
  TestTarget *target = g_object_get_data (G_OBJECT (pad), "target");
  GstFlowReturn flow = GST_FLOW_OK;
  guint i, n = gst_buffer_list_length (list);

  g_mutex_lock (&target->lock);
  target->pushes++;
  target->longest_list = MAX (target->longest_list, n);
  /* target_chain counts each buffer as a push: take those back. */
  target->pushes -= n;
  g_mutex_unlock (&target->lock);
  for (i = 0; i < n && flow == GST_FLOW_OK; i++)
    flow = target_chain (pad, parent,
        gst_buffer_ref (gst_buffer_list_get (list, i)));
  gst_buffer_list_unref (list);
  return flow;
}

TestTarget *
target_new_full (GstElement * tee, gboolean link)
{
  TestTarget *target = g_new0 (TestTarget, 1);

  g_mutex_init (&target->lock);
  g_cond_init (&target->cond);
  target->buffers = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_buffer_unref);
  target->sinkpad = gst_pad_new ("sink", GST_PAD_SINK);
  g_object_set_data (G_OBJECT (target->sinkpad), "target", target);
  gst_pad_set_chain_function (target->sinkpad, target_chain);
  gst_pad_set_chain_list_function (target->sinkpad, target_chain_list);
  gst_pad_set_active (target->sinkpad, TRUE);
  target->teepad = gst_element_request_pad_simple (tee, "src_%u");
  fail_unless (target->teepad != NULL);
  if (link)
    fail_unless_equals_int (gst_pad_link (target->teepad, target->sinkpad),
        GST_PAD_LINK_OK);
  return target;
}

TestTarget *
target_new (GstElement * tee)
{
  return target_new_full (tee, TRUE);
}

void
target_set_gate (TestTarget * target, gboolean closed)
{
  g_mutex_lock (&target->lock);
  target->gate_closed = closed;
  g_cond_broadcast (&target->cond);
  g_mutex_unlock (&target->lock);
}

void
target_set_flow (TestTarget * target, GstFlowReturn flow, guint after)
{
  g_mutex_lock (&target->lock);
  target->flow = flow;
  target->fail_after = after;
  g_mutex_unlock (&target->lock);
}

/* Waits until the target has @count buffers (or 10 s pass). */
guint
target_wait_buffers (TestTarget * target, guint count)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  guint len;

  g_mutex_lock (&target->lock);
  while (target->buffers->len < count
      && g_cond_wait_until (&target->cond, &target->lock, deadline));
  len = target->buffers->len;
  g_mutex_unlock (&target->lock);
  return len;
}

void
target_wait_in_chain (TestTarget * target)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  g_mutex_lock (&target->lock);
  while (!target->in_chain
      && g_cond_wait_until (&target->cond, &target->lock, deadline));
  fail_unless (target->in_chain, "target never received a buffer");
  g_mutex_unlock (&target->lock);
}

/* Waits until the tee pad has pushed everything it holds. */
void
target_wait_idle (TestTarget * target, guint stable_ms)
{
  guint last = G_MAXUINT, now;
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  while (g_get_monotonic_time () < deadline) {
    now = target_wait_buffers (target, 0);
    if (now == last)
      return;
    last = now;
    g_usleep (stable_ms * 1000);
  }
}

GstBuffer *
target_buffer (TestTarget * target, guint i)
{
  GstBuffer *buffer;

  g_mutex_lock (&target->lock);
  fail_unless (i < target->buffers->len);
  buffer = g_ptr_array_index (target->buffers, i);
  g_mutex_unlock (&target->lock);
  return buffer;
}

void
target_free (TestTarget * target, GstElement * tee)
{
  target_set_gate (target, FALSE);
  if (tee)
    gst_element_release_request_pad (tee, target->teepad);
  /* Waits for a push in progress to leave the chain function. */
  gst_pad_set_active (target->sinkpad, FALSE);
  gst_pad_unlink (target->teepad, target->sinkpad);
  gst_object_unref (target->teepad);
  gst_object_unref (target->sinkpad);
  g_ptr_array_unref (target->buffers);
  g_mutex_clear (&target->lock);
  g_cond_clear (&target->cond);
  g_free (target);
}

gchar *
pad_state (GstPad * pad)
{
  GValue value = G_VALUE_INIT;
  GParamSpec *pspec =
      g_object_class_find_property (G_OBJECT_GET_CLASS (pad), "state");
  GEnumValue *nick;
  gchar *result;

  g_value_init (&value, pspec->value_type);
  g_object_get_property (G_OBJECT (pad), "state", &value);
  nick = g_enum_get_value (g_type_class_peek (pspec->value_type),
      g_value_get_enum (&value));
  result = g_strdup (nick->value_nick);
  g_value_unset (&value);
  return result;
}

/* Bus */

GstMessage *
wait_element_message (GstBus * bus, const gchar * name, const gchar * pad,
    guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline) {
    GstMessage *msg = gst_bus_timed_pop_filtered (bus, 50 * GST_MSECOND,
        GST_MESSAGE_ELEMENT);
    const GstStructure *s;

    if (!msg)
      continue;
    s = gst_message_get_structure (msg);
    if (gst_structure_has_name (s, name) && (!pad
            || g_strcmp0 (gst_structure_get_string (s, "pad"), pad) == 0))
      return msg;
    gst_message_unref (msg);
  }
  return NULL;
}

GstBus *
attach_bus (GstElement * element)
{
  GstBus *bus = gst_bus_new ();

  gst_element_set_bus (element, bus);
  return bus;
}
