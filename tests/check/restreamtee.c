/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * restreamtee fan-out and isolation: buffers shared by reference, targets
 * that block, fail, flush or are unlinked never affect the input or each
 * other, pads released and requested while playing, batches, the target
 * limit and the stats. The input goes through a GstHarness; targets are
 * test pads (restreamtee_common.c). Late join and drops are in
 * restreamtee_latejoin.c.
 */

#include "restreamtee_common.h"
#include "gstrestreammessages.h"

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

  msg =
      wait_element_message (bus, GST_RESTREAM_TEE_MSG_TARGET_FAILED, "src_1",
      5000);
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
  msg =
      wait_element_message (bus, GST_RESTREAM_TEE_MSG_TARGET_FAILED, NULL, 200);
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

static Suite *
restreamtee_suite (void)
{
  Suite *s = suite_create ("restreamtee");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_buffers_shared_not_copied);
  tcase_add_test (tc, test_blocked_target_blocks_nobody);
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
