/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * restreamtee behaviour, element by element: the input goes through a
 * GstHarness; targets are harnesses, or test pads that can block, fail or
 * flush on demand. Streams are FLV tags built here (one tag per buffer, no
 * flags, as rtmp2src delivers them), MPEG-TS from mpegtsmux, and real
 * H.264 + AAC from x264enc and flvmux for the decoding check.
 */

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <string.h>

#define FRAME_DURATION (GST_SECOND / 30)

/* FLV tags */

static GstBuffer *
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

static GstBuffer *
flv_video_frame (guint64 index, gboolean keyframe)
{
  guint8 body[64] = { keyframe ? 0x17 : 0x27, 0x01, 0, 0, 0 };

  memset (body + 5, (guint8) index, sizeof (body) - 5);
  return flv_tag (9, index * FRAME_DURATION, body, sizeof (body), index);
}

static gboolean
flv_is_keyframe (GstBuffer * buffer)
{
  guint8 head[13];

  return gst_buffer_extract (buffer, 0, head, 13) == 13 && head[0] == 9
      && (head[11] >> 4) == 1 && head[12] == 1;
}

static gboolean
flv_is_header (GstBuffer * buffer)
{
  guint8 head[13];

  if (gst_buffer_extract (buffer, 0, head, 13) < 4)
    return FALSE;
  return memcmp (head, "FLV", 3) == 0 || head[0] == 18
      || ((head[0] == 9 || head[0] == 8) && head[12] == 0);
}

static GstHarness *
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

static void
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
static void
push_flv_frames (GstHarness * h, guint64 first_frame, guint count, guint gop)
{
  guint64 i;

  for (i = first_frame; i < first_frame + count; i++)
    fail_unless_equals_int (gst_harness_push (h, flv_video_frame (i,
                i % gop == 0)), GST_FLOW_OK);
}

/* A target that records what reaches it and can block, fail or flush. */

typedef struct
{
  GstPad *sinkpad;
  GstPad *teepad;
  GMutex lock;
  GCond cond;
  GPtrArray *buffers;
  gboolean gate_closed;
  gboolean in_chain;
  GstFlowReturn flow;           /* returned from the Nth buffer on */
  guint fail_after;
  guint pushes;                 /* chain and chain_list calls */
  guint longest_list;
} TestTarget;

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

static TestTarget *
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

static TestTarget *
target_new (GstElement * tee)
{
  return target_new_full (tee, TRUE);
}

static void
target_set_gate (TestTarget * target, gboolean closed)
{
  g_mutex_lock (&target->lock);
  target->gate_closed = closed;
  g_cond_broadcast (&target->cond);
  g_mutex_unlock (&target->lock);
}

static void
target_set_flow (TestTarget * target, GstFlowReturn flow, guint after)
{
  g_mutex_lock (&target->lock);
  target->flow = flow;
  target->fail_after = after;
  g_mutex_unlock (&target->lock);
}

/* Waits until the target has @count buffers (or 10 s pass). */
static guint
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

static void
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
static void
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

static GstBuffer *
target_buffer (TestTarget * target, guint i)
{
  GstBuffer *buffer;

  g_mutex_lock (&target->lock);
  fail_unless (i < target->buffers->len);
  buffer = g_ptr_array_index (target->buffers, i);
  g_mutex_unlock (&target->lock);
  return buffer;
}

static void
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

static gchar *
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

static GstMessage *
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

static GstBus *
attach_bus (GstElement * element)
{
  GstBus *bus = gst_bus_new ();

  gst_element_set_bus (element, bus);
  return bus;
}

/* Tests */

GST_START_TEST (test_buffers_shared_not_copied)
{
  GstElement *tee;
  GstHarness *h = new_input_harness (&tee);
  GstHarness *h1 = gst_harness_new_with_element (tee, NULL, "src_%u");
  GstHarness *h2 = gst_harness_new_with_element (tee, NULL, "src_%u");
  GstBuffer *in, *out1, *out2;

  push_flv_headers (h);
  in = flv_video_frame (0, TRUE);
  gst_buffer_ref (in);
  fail_unless_equals_int (gst_harness_push (h, in), GST_FLOW_OK);

  /* Each target first gets the four replayed headers. */
  for (guint i = 0; i < 4; i++) {
    gst_buffer_unref (gst_harness_pull (h1));
    gst_buffer_unref (gst_harness_pull (h2));
  }
  out1 = gst_harness_pull (h1);
  out2 = gst_harness_pull (h2);
  fail_unless (out1 == in, "target 1 got a copy");
  fail_unless (out2 == in, "target 2 got a copy");
  fail_unless (gst_buffer_peek_memory (out1, 0) == gst_buffer_peek_memory (in,
          0));

  gst_buffer_unref (out1);
  gst_buffer_unref (out2);
  gst_buffer_unref (in);
  gst_harness_teardown (h2);
  gst_harness_teardown (h1);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_blocked_target_blocks_nobody)
{
  GstElement *tee;
  GstHarness *h = new_input_harness (&tee);
  TestTarget *blocked = target_new (tee);
  GstHarness *healthy = gst_harness_new_with_element (tee, NULL, "src_%u");
  gint64 longest_push = 0;
  guint i, received = 0;
  GstBuffer *buffer;

  target_set_gate (blocked, TRUE);
  push_flv_headers (h);
  /* 20 s of stream while one target never returns from its first push. */
  for (i = 0; i < 600; i++) {
    gint64 before = g_get_monotonic_time ();
    fail_unless_equals_int (gst_harness_push (h, flv_video_frame (i,
                i % 60 == 0)), GST_FLOW_OK);
    longest_push = MAX (longest_push, g_get_monotonic_time () - before);
    if (i == 0)
      target_wait_in_chain (blocked);
  }
  GST_INFO ("longest input push with a blocked target: %" G_GINT64_FORMAT
      " µs", longest_push);
  /* A push only takes locks that nobody holds across a downstream call. */
  fail_unless (longest_push < 250 * 1000, "input push took %" G_GINT64_FORMAT
      " µs", longest_push);

  /* The healthy target gets everything: 4 headers and 600 frames. */
  while ((buffer = gst_harness_pull (healthy))) {
    received++;
    gst_buffer_unref (buffer);
    if (received == 604)
      break;
  }
  fail_unless_equals_int (received, 604);

  target_free (blocked, tee);
  gst_harness_teardown (healthy);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_gop_aligned_drops)
{
  GstElement *tee;
  GstHarness *h = new_input_harness (&tee);
  GstBus *bus = attach_bus (tee);
  TestTarget *slow = target_new (tee);
  GstMessage *msg;
  const GstStructure *s;
  guint64 drops, dropped_buffers, expected = 0, dropped_in_msg;
  guint i, n;

  g_object_set (tee, "max-lag", 2 * GST_SECOND, NULL);
  push_flv_headers (h);
  push_flv_frames (h, 0, 15, 30);
  fail_unless_equals_int (target_wait_buffers (slow, 4 + 15), 4 + 15);
  /* 10 s of stream, 1 s GOPs, while the target is stuck on frame 15. */
  target_set_gate (slow, TRUE);
  push_flv_frames (h, 15, 285, 30);
  target_wait_in_chain (slow);

  msg = wait_element_message (bus, "restreamtee-drop", "src_0", 5000);
  fail_unless (msg != NULL, "no restreamtee-drop message");
  s = gst_message_get_structure (msg);
  fail_unless (gst_structure_get_uint64 (s, "dropped-buffers",
          &dropped_in_msg));
  fail_unless (dropped_in_msg > 0);
  fail_unless (gst_structure_has_field_typed (s, "lag", G_TYPE_UINT64));
  fail_unless (gst_structure_has_field_typed (s, "dropped-duration",
          G_TYPE_UINT64));
  gst_message_unref (msg);

  target_set_gate (slow, FALSE);
  target_wait_idle (slow, 200);

  g_object_get (slow->teepad, "drops", &drops, "dropped-buffers",
      &dropped_buffers, NULL);
  fail_unless (drops >= 1);

  /* Every frame is either received or counted as dropped. */
  n = target_wait_buffers (slow, 0);
  for (i = 0; i < n; i++)
    if (!flv_is_header (target_buffer (slow, i)))
      expected++;
  fail_unless_equals_uint64 (expected + dropped_buffers, 300);

  /* What arrived is whole GOPs: wherever frames are missing, the next one
   * is a keyframe flagged DISCONT, and the backlog never exceeded the
   * lag by more than one GOP. */
  {
    guint64 next = 0, previous = 0;
    guint gaps = 0;

    for (i = 0; i < n; i++) {
      GstBuffer *buffer = target_buffer (slow, i);
      guint64 index = GST_BUFFER_OFFSET (buffer);

      if (flv_is_header (buffer))
        continue;
      if (index != next) {
        gaps++;
        fail_unless (index > next);
        fail_unless (flv_is_keyframe (buffer),
            "frame %" G_GUINT64_FORMAT " after a gap is no keyframe", index);
        fail_unless (GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DISCONT));
      }
      previous = index;
      next = index + 1;
    }
    fail_unless (gaps >= 1);
    /* The newest frames all arrived (nothing is lost at the end). */
    fail_unless_equals_uint64 (previous, 299);
    /* At most max-lag plus a GOP was kept after the stuck frame: 3 s of
     * 30 fps. */
    fail_unless (n <= 4 + 16 + 90, "kept %u buffers", n);
  }

  target_free (slow, tee);
  gst_element_set_bus (tee, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Audio and video interleaved with audio half a second behind: timestamps
 * go back and forth, but only 1.5 s of stream is queued, below max-lag. */
GST_START_TEST (test_interleaved_timestamps_are_not_lag)
{
  GstElement *tee;
  GstHarness *h = new_input_harness (&tee);
  TestTarget *slow = target_new (tee);
  static const guint8 audio_body[] = { 0xaf, 0x01, 0x21, 0x10, 0x04 };
  guint64 drops;
  guint i;

  g_object_set (tee, "max-lag", 2 * GST_SECOND, NULL);
  push_flv_headers (h);
  push_flv_frames (h, 0, 1, 30);
  fail_unless_equals_int (target_wait_buffers (slow, 5), 5);
  target_set_gate (slow, TRUE);
  for (i = 1; i < 45; i++) {
    GstClockTime audio_pts = i * FRAME_DURATION;

    fail_unless_equals_int (gst_harness_push (h, flv_video_frame (i,
                i % 30 == 0)), GST_FLOW_OK);
    audio_pts = audio_pts > GST_SECOND / 2 ? audio_pts - GST_SECOND / 2 : 0;
    fail_unless_equals_int (gst_harness_push (h, flv_tag (8, audio_pts,
                audio_body, sizeof (audio_body), G_MAXUINT64)), GST_FLOW_OK);
  }
  target_wait_in_chain (slow);
  g_object_get (slow->teepad, "drops", &drops, NULL);
  fail_unless_equals_uint64 (drops, 0);

  target_free (slow, tee);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_byte_bound_without_timestamps)
{
  GstElement *tee;
  GstHarness *h = new_input_harness (&tee);
  TestTarget *slow = target_new (tee);
  guint64 dropped_bytes;
  guint i;

  /* No usable timestamps and a fast input: only the byte bound applies. */
  g_object_set (tee, "max-lag", G_GUINT64_CONSTANT (0), "max-backlog-bytes",
      G_GUINT64_CONSTANT (10000), NULL);
  target_set_gate (slow, TRUE);
  push_flv_headers (h);
  for (i = 0; i < 1000; i++) {
    GstBuffer *frame = flv_video_frame (i, i % 30 == 0);
    GST_BUFFER_PTS (frame) = GST_BUFFER_DTS (frame) = GST_CLOCK_TIME_NONE;
    fail_unless_equals_int (gst_harness_push (h, frame), GST_FLOW_OK);
  }
  target_wait_in_chain (slow);
  g_object_get (slow->teepad, "dropped-bytes", &dropped_bytes, NULL);
  fail_unless (dropped_bytes > 0);
  target_free (slow, tee);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_late_target_gets_headers_then_keyframe)
{
  GstElement *tee;
  GstHarness *h = new_input_harness (&tee);
  TestTarget *early = target_new (tee);
  TestTarget *late;
  guint i;

  push_flv_headers (h);
  push_flv_frames (h, 0, 45, 30);

  /* Joins in the middle of the second GOP. */
  late = target_new (tee);
  push_flv_frames (h, 45, 60, 30);

  fail_unless_equals_int (target_wait_buffers (late, 4 + 45), 4 + 45);
  target_wait_idle (late, 100);
  fail_unless_equals_int (target_wait_buffers (late, 0), 4 + 45);
  /* FLV header, metadata, AVC and AAC configuration, in that order. */
  fail_unless (gst_buffer_memcmp (target_buffer (late, 0), 0, "FLV", 3) == 0);
  for (i = 1; i < 4; i++)
    fail_unless (flv_is_header (target_buffer (late, i)));
  fail_unless (flv_is_keyframe (target_buffer (late, 4)));
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET (target_buffer (late, 4)), 60);
  for (i = 5; i < 4 + 45; i++)
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (target_buffer (late, i)),
        60 + i - 4);

  /* The early target saw everything. */
  fail_unless_equals_int (target_wait_buffers (early, 4 + 105), 4 + 105);

  target_free (late, tee);
  target_free (early, tee);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Runs @desc, a muxing pipeline ending in "appsink name=sink", and pushes
 * its buffers with their flags removed (as rtmp2src and srtsrc deliver
 * them) into a new restreamtee with input @caps; a target joins before
 * buffer @late_at. Returns the input harness. */
static GstHarness *
replay_without_flags (const gchar * desc, const gchar * caps, guint late_at,
    TestTarget ** late)
{
  GstElement *pipeline = gst_parse_launch (desc, NULL);
  GstElement *sink, *tee;
  GstHarness *h;
  GstSample *sample;
  guint pushed = 0;

  fail_unless (pipeline != NULL, "cannot build %s", desc);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);

  h = gst_harness_new_with_padnames ("restreamtee", "sink", NULL);
  gst_harness_set_src_caps_str (h, caps);
  gst_harness_play (h);
  tee = h->element;
  g_object_set (tee, "max-lag", G_GUINT64_CONSTANT (0), NULL);
  *late = NULL;
  while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink),
              10 * GST_SECOND))) {
    GstBuffer *buffer = gst_buffer_copy (gst_sample_get_buffer (sample));

    GST_BUFFER_FLAGS (buffer) = 0;
    gst_sample_unref (sample);
    if (pushed == late_at)
      *late = target_new (tee);
    fail_unless_equals_int (gst_harness_push (h, buffer), GST_FLOW_OK);
    pushed++;
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  fail_unless (*late != NULL, "only %u buffers", pushed);
  target_wait_idle (*late, 100);
  return h;
}

/* Late join on MPEG-TS without streamheader: PAT and PMT, then the packets
 * of a keyframe. */
GST_START_TEST (test_late_target_mpegts)
{
  GstHarness *h;
  TestTarget *late;
  GstBuffer *pat;
  guint8 packet[188];
  guint n, i;

  /* srtsrc caps: no streamheader */
  h = replay_without_flags ("videotestsrc num-buffers=120 ! "
      "video/x-raw,width=160,height=120,framerate=30/1 ! "
      "x264enc speed-preset=ultrafast key-int-max=30 ! h264parse ! "
      "mpegtsmux alignment=7 ! appsink name=sink sync=false",
      "video/mpegts, systemstream=(boolean)true", 40, &late);
  n = target_wait_buffers (late, 0);
  fail_unless (n > 3);
  /* PAT, PMT */
  pat = target_buffer (late, 0);
  fail_unless_equals_int (gst_buffer_get_size (pat), 188);
  gst_buffer_extract (pat, 0, packet, 188);
  fail_unless_equals_int (packet[0], 0x47);
  fail_unless_equals_int (GST_READ_UINT16_BE (packet + 1) & 0x1fff, 0);
  gst_buffer_extract (target_buffer (late, 1), 0, packet, 188);
  fail_unless_equals_int (packet[0], 0x47);
  fail_unless (packet[1] & 0x40);       /* a section starts: the PMT */
  /* Then a buffer holding a random access point of the video. */
  {
    GstBuffer *key = target_buffer (late, 2);
    GstMapInfo map;
    gboolean random_access = FALSE;

    gst_buffer_map (key, &map, GST_MAP_READ);
    for (i = 0; i + 188 <= map.size; i += 188)
      if ((map.data[i + 3] & 0x20) && map.data[i + 4] > 0
          && (map.data[i + 5] & 0x40))
        random_access = TRUE;
    gst_buffer_unmap (key, &map);
    fail_unless (random_access, "first data buffer holds no keyframe");
  }

  target_free (late, h->element);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_failing_target_isolated)
{
  GstElement *tee;
  GstHarness *h = new_input_harness (&tee);
  GstBus *bus = attach_bus (tee);
  TestTarget *good = target_new (tee);
  TestTarget *bad = target_new (tee);
  GstMessage *msg;
  const GstStructure *s;
  gchar *state;
  guint before, after;
  gint flow_return;

  target_set_flow (bad, GST_FLOW_ERROR, 10);
  push_flv_headers (h);
  /* The input never sees the error. */
  push_flv_frames (h, 0, 60, 30);

  msg = wait_element_message (bus, "restreamtee-target-failed", "src_1", 5000);
  fail_unless (msg != NULL, "no restreamtee-target-failed message");
  s = gst_message_get_structure (msg);
  fail_unless_equals_string (gst_structure_get_string (s, "flow"), "error");
  fail_unless (gst_structure_get_int (s, "flow-return", &flow_return));
  fail_unless_equals_int (flow_return, GST_FLOW_ERROR);
  fail_unless (gst_structure_get_string (s, "reason") != NULL);
  gst_message_unref (msg);

  state = pad_state (bad->teepad);
  fail_unless_equals_string (state, "failed");
  g_free (state);
  fail_unless_equals_int (target_wait_buffers (good, 64), 64);

  /* A failed target gets nothing more... */
  before = target_wait_buffers (bad, 0);
  push_flv_frames (h, 60, 30, 30);
  fail_unless_equals_int (target_wait_buffers (good, 94), 94);
  fail_unless_equals_int (target_wait_buffers (bad, 0), before);

  /* ...until its downstream asks again: then headers and a keyframe. */
  target_set_flow (bad, GST_FLOW_OK, 0);
  fail_unless (gst_pad_push_event (bad->sinkpad, gst_event_new_reconfigure ()));
  state = pad_state (bad->teepad);
  fail_unless_equals_string (state, "waiting");
  g_free (state);
  push_flv_frames (h, 90, 45, 30);
  after = target_wait_buffers (bad, before + 4 + 45);
  fail_unless_equals_int (after, before + 4 + 45);
  fail_unless (gst_buffer_memcmp (target_buffer (bad, before), 0, "FLV",
          3) == 0);
  fail_unless (flv_is_keyframe (target_buffer (bad, before + 4)));
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET (target_buffer (bad,
              before + 4)), 90);

  target_free (bad, tee);
  target_free (good, tee);
  gst_element_set_bus (tee, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_flushing_target_restarts_cleanly)
{
  GstElement *tee;
  GstHarness *h = new_input_harness (&tee);
  GstBus *bus = attach_bus (tee);
  TestTarget *target = target_new (tee);
  GstMessage *msg;
  guint before;

  push_flv_headers (h);
  push_flv_frames (h, 0, 20, 30);
  fail_unless_equals_int (target_wait_buffers (target, 24), 24);

  /* A branch being restarted answers FLUSHING: not a failure. */
  target_set_flow (target, GST_FLOW_FLUSHING, 0);
  push_flv_frames (h, 20, 5, 30);
  target_wait_idle (target, 100);
  before = target_wait_buffers (target, 0);
  target_set_flow (target, GST_FLOW_OK, 0);
  push_flv_frames (h, 25, 40, 30);

  /* It restarts with headers at the next keyframe (frame 30). */
  fail_unless_equals_int (target_wait_buffers (target, before + 4 + 35),
      before + 4 + 35);
  fail_unless (gst_buffer_memcmp (target_buffer (target, before), 0, "FLV",
          3) == 0);
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET (target_buffer (target,
              before + 4)), 30);
  msg = wait_element_message (bus, "restreamtee-target-failed", NULL, 200);
  fail_unless (msg == NULL, "a flushing target was reported as failed");

  target_free (target, tee);
  gst_element_set_bus (tee, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_unlinked_target_joins_when_linked)
{
  GstElement *tee;
  GstHarness *h = new_input_harness (&tee);
  TestTarget *target = target_new_full (tee, FALSE);
  guint64 first_index;
  guint i, n;

  push_flv_headers (h);
  push_flv_frames (h, 0, 40, 30);
  fail_unless_equals_int (target_wait_buffers (target, 0), 0);

  /* Linked in the middle of a GOP: headers, then a keyframe (the one its
   * thread had queued when the link came, or the next), then every frame
   * up to the newest. */
  fail_unless_equals_int (gst_pad_link (target->teepad, target->sinkpad),
      GST_PAD_LINK_OK);
  push_flv_frames (h, 40, 30, 30);
  target_wait_idle (target, 200);
  n = target_wait_buffers (target, 0);
  fail_unless (n >= 4 + 10);
  fail_unless (gst_buffer_memcmp (target_buffer (target, 0), 0, "FLV", 3) == 0);
  for (i = 1; i < 4; i++)
    fail_unless (flv_is_header (target_buffer (target, i)));
  fail_unless (flv_is_keyframe (target_buffer (target, 4)));
  first_index = GST_BUFFER_OFFSET (target_buffer (target, 4));
  fail_unless (first_index % 30 == 0 && first_index <= 60);
  fail_unless_equals_int (n, 4 + 70 - first_index);
  for (i = 4; i < n; i++)
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (target_buffer (target, i)),
        first_index + i - 4);

  target_free (target, tee);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_release_and_rerequest_while_playing)
{
  GstElement *tee;
  GstHarness *h = new_input_harness (&tee);
  TestTarget *stuck = target_new (tee);
  TestTarget *other = target_new (tee);
  TestTarget *again;
  gint64 before, took;
  guint num_pads;

  target_set_gate (stuck, TRUE);
  push_flv_headers (h);
  push_flv_frames (h, 0, 30, 30);
  target_wait_in_chain (stuck);

  /* Releasing a target stuck in a push returns at once. */
  before = g_get_monotonic_time ();
  gst_element_release_request_pad (tee, stuck->teepad);
  took = g_get_monotonic_time () - before;
  fail_unless (took < G_TIME_SPAN_SECOND, "release took %" G_GINT64_FORMAT
      " µs", took);
  g_object_get (tee, "num-src-pads", &num_pads, NULL);
  fail_unless_equals_int (num_pads, 1);

  push_flv_frames (h, 30, 30, 30);
  fail_unless_equals_int (target_wait_buffers (other, 64), 64);

  /* A new request while playing joins at the next keyframe. */
  again = target_new (tee);
  push_flv_frames (h, 60, 31, 30);
  fail_unless_equals_int (target_wait_buffers (again, 4 + 31), 4 + 31);
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET (target_buffer (again, 4)), 60);

  /* Let the stuck thread return; it must not touch the released pad's
   * former element. */
  target_set_gate (stuck, FALSE);
  target_free (stuck, NULL);
  target_free (again, tee);
  target_free (other, tee);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* With a batch time, a target's thread pushes what arrived meanwhile as
 * one list: same buffers, same order, far fewer pushes. */
GST_START_TEST (test_batch_time_pushes_lists)
{
  GstElement *tee;
  GstHarness *h = new_input_harness (&tee);
  TestTarget *target;
  guint i, pushes, longest;

  g_object_set (tee, "batch-time", 200 * GST_MSECOND, NULL);
  target = target_new (tee);
  push_flv_headers (h);
  push_flv_frames (h, 0, 60, 30);
  fail_unless_equals_int (target_wait_buffers (target, 64), 64);
  target_wait_idle (target, 100);
  for (i = 4; i < 64; i++)
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (target_buffer (target, i)),
        i - 4);
  g_mutex_lock (&target->lock);
  pushes = target->pushes;
  longest = target->longest_list;
  g_mutex_unlock (&target->lock);
  GST_INFO ("64 buffers in %u pushes, longest list %u", pushes, longest);
  /* Pushed in well under 200 ms: one or two lists, not 64 pushes. */
  fail_unless (pushes <= 4, "%u pushes for 64 buffers", pushes);
  fail_unless (longest >= 30, "longest list %u", longest);

  /* Without a batch time, every buffer is a push of its own. */
  g_object_set (tee, "batch-time", G_GUINT64_CONSTANT (0), NULL);
  g_mutex_lock (&target->lock);
  target->pushes = 0;
  g_mutex_unlock (&target->lock);
  push_flv_frames (h, 60, 10, 30);
  fail_unless_equals_int (target_wait_buffers (target, 74), 74);
  g_mutex_lock (&target->lock);
  fail_unless_equals_int (target->pushes, 10);
  g_mutex_unlock (&target->lock);

  target_free (target, tee);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_max_targets)
{
  GstElement *tee;
  GstHarness *h = new_input_harness (&tee);
  GstBus *bus = attach_bus (tee);
  GstPad *a, *b, *c;
  GstMessage *msg;
  g_autoptr (GError) err = NULL;
  g_autofree gchar *debug = NULL;

  g_object_set (tee, "max-targets", 2, NULL);
  a = gst_element_request_pad_simple (tee, "src_%u");
  b = gst_element_request_pad_simple (tee, "src_%u");
  fail_unless (a && b);
  c = gst_element_request_pad_simple (tee, "src_%u");
  fail_unless (c == NULL);

  msg = gst_bus_timed_pop_filtered (bus, GST_SECOND, GST_MESSAGE_WARNING);
  fail_unless (msg != NULL, "no warning for a refused target");
  gst_message_parse_warning (msg, &err, &debug);
  fail_unless (strstr (err->message, "Target limit reached") != NULL);
  fail_unless (strstr (err->message, "2 of 2") != NULL);
  fail_unless (strstr (debug, "max-targets") != NULL);
  gst_message_unref (msg);

  /* Releasing one frees a place. */
  gst_element_release_request_pad (tee, b);
  gst_object_unref (b);
  c = gst_element_request_pad_simple (tee, "src_%u");
  fail_unless (c != NULL);

  gst_element_release_request_pad (tee, a);
  gst_element_release_request_pad (tee, c);
  gst_object_unref (a);
  gst_object_unref (c);
  gst_element_set_bus (tee, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_stats)
{
  GstElement *tee;
  GstHarness *h = new_input_harness (&tee);
  TestTarget *a = target_new (tee);
  TestTarget *b = target_new (tee);
  GstStructure *stats;
  const GValue *targets;
  guint64 bytes, pushed, input_buffers, pad_bytes;
  gsize expected_bytes = 0;
  guint i;

  push_flv_headers (h);
  push_flv_frames (h, 0, 30, 30);
  fail_unless_equals_int (target_wait_buffers (a, 34), 34);
  fail_unless_equals_int (target_wait_buffers (b, 34), 34);
  target_wait_idle (a, 50);
  for (i = 0; i < 34; i++)
    expected_bytes += gst_buffer_get_size (target_buffer (a, i));

  g_object_get (tee, "stats", &stats, NULL);
  fail_unless (gst_structure_has_name (stats,
          "application/x-restreamtee-stats"));
  fail_unless (gst_structure_get_uint64 (stats, "input-buffers",
          &input_buffers));
  fail_unless_equals_uint64 (input_buffers, 34);
  targets = gst_structure_get_value (stats, "targets");
  fail_unless_equals_int (gst_value_array_get_size (targets), 2);
  for (i = 0; i < 2; i++) {
    const GstStructure *t =
        gst_value_get_structure (gst_value_array_get_value (targets, i));
    const GValue *state = gst_structure_get_value (t, "state");
    GEnumValue *nick;

    fail_unless (gst_structure_get_uint64 (t, "bytes", &bytes));
    fail_unless (gst_structure_get_uint64 (t, "buffers", &pushed));
    fail_unless (state != NULL && G_VALUE_HOLDS_ENUM (state));
    nick = g_enum_get_value (g_type_class_peek (G_VALUE_TYPE (state)),
        g_value_get_enum (state));
    fail_unless_equals_uint64 (bytes, expected_bytes);
    fail_unless_equals_uint64 (pushed, 34);
    fail_unless_equals_string (nick->value_nick, "running");
  }
  gst_structure_free (stats);

  g_object_get (a->teepad, "bytes", &pad_bytes, NULL);
  fail_unless_equals_uint64 (pad_bytes, expected_bytes);

  target_free (a, tee);
  target_free (b, tee);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* A late target of a real H.264 + AAC stream decodes from its first byte:
 * every video tag it gets decodes into a picture. */
GST_START_TEST (test_late_target_decodes)
{
  GstElement *decoder, *appsrc, *decoded;
  GstHarness *h;
  TestTarget *late;
  GstSample *sample;
  guint i, n, video_tags = 0, pictures = 0;

  /* As rtmp2src delivers it: no streamheader, no flags. */
  h = replay_without_flags ("videotestsrc num-buffers=150 ! "
      "video/x-raw,width=320,height=240,framerate=30/1 ! "
      "x264enc speed-preset=ultrafast tune=zerolatency key-int-max=30 ! "
      "h264parse ! flvmux name=m streamable=true ! appsink name=sink "
      "sync=false audiotestsrc num-buffers=200 ! audioconvert ! avenc_aac ! "
      "aacparse ! m.", "video/x-flv", 70, &late);

  decoder = gst_parse_launch ("appsrc name=in caps=video/x-flv format=time ! "
      "flvdemux name=d d.video ! h264parse ! avdec_h264 ! "
      "appsink name=out sync=false", NULL);
  appsrc = gst_bin_get_by_name (GST_BIN (decoder), "in");
  decoded = gst_bin_get_by_name (GST_BIN (decoder), "out");
  gst_element_set_state (decoder, GST_STATE_PLAYING);
  n = target_wait_buffers (late, 0);
  for (i = 0; i < n; i++) {
    GstBuffer *buffer = target_buffer (late, i);
    guint8 head[13];

    /* Video tags that carry a picture (AVC packet type 1, NALUs). */
    if (gst_buffer_extract (buffer, 0, head, 13) == 13 && head[0] == 9
        && head[12] == 1)
      video_tags++;
    gst_app_src_push_buffer (GST_APP_SRC (appsrc), gst_buffer_ref (buffer));
  }
  gst_app_src_end_of_stream (GST_APP_SRC (appsrc));
  while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (decoded),
              10 * GST_SECOND))) {
    pictures++;
    gst_sample_unref (sample);
  }
  fail_unless (video_tags > 30);
  fail_unless_equals_int (pictures, video_tags);

  gst_element_set_state (decoder, GST_STATE_NULL);
  gst_object_unref (appsrc);
  gst_object_unref (decoded);
  gst_object_unref (decoder);
  target_free (late, h->element);
  gst_harness_teardown (h);
}

GST_END_TEST;

static Suite *
restreamtee_suite (void)
{
  Suite *s = suite_create ("restreamtee");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_buffers_shared_not_copied);
  tcase_add_test (tc, test_blocked_target_blocks_nobody);
  tcase_add_test (tc, test_gop_aligned_drops);
  tcase_add_test (tc, test_interleaved_timestamps_are_not_lag);
  tcase_add_test (tc, test_byte_bound_without_timestamps);
  tcase_add_test (tc, test_late_target_gets_headers_then_keyframe);
  tcase_add_test (tc, test_late_target_mpegts);
  tcase_add_test (tc, test_late_target_decodes);
  tcase_add_test (tc, test_failing_target_isolated);
  tcase_add_test (tc, test_flushing_target_restarts_cleanly);
  tcase_add_test (tc, test_unlinked_target_joins_when_linked);
  tcase_add_test (tc, test_release_and_rerequest_while_playing);
  tcase_add_test (tc, test_batch_time_pushes_lists);
  tcase_add_test (tc, test_max_targets);
  tcase_add_test (tc, test_stats);
  return s;
}

GST_CHECK_MAIN (restreamtee);
