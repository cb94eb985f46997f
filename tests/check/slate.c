/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The supervisor's side of the outage slate, through the restream's real
 * bus: failoversrc-slate holds the restreamtee pads of the targets with
 * slate = false before the message is posted (in the posting thread),
 * holds a pad built while the slate is on air at once, leaves the other
 * targets alone, and becomes a "slate" event and the status fields
 * "slate" and "slate-seconds". The pads here are stand-ins with
 * restreamtee's `hold` property, so that no input or target runs. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <gst/check/gstcheck.h>

#include "rsrestream-private.h"
#include "rsjson.h"
#include "gstrestreammessages.h"

#define DEADLINE (5 * G_USEC_PER_SEC)

/* A src pad with restreamtee's `hold` property, counting how often it is
 * set. */
typedef struct
{
  GstPad parent;
  gboolean hold;
  guint sets;
} TestPad;

typedef struct
{
  GstPadClass parent_class;
} TestPadClass;

GType test_pad_get_type (void);
G_DEFINE_TYPE (TestPad, test_pad, GST_TYPE_PAD);

enum
{
  PROP_0,
  PROP_HOLD,
};

static void
test_pad_set_property (GObject * object, guint id, const GValue * value,
    GParamSpec * pspec)
{
  TestPad *pad = (TestPad *) object;

  GST_OBJECT_LOCK (pad);
  pad->hold = g_value_get_boolean (value);
  pad->sets++;
  GST_OBJECT_UNLOCK (pad);
}

static void
test_pad_get_property (GObject * object, guint id, GValue * value,
    GParamSpec * pspec)
{
  TestPad *pad = (TestPad *) object;

  GST_OBJECT_LOCK (pad);
  g_value_set_boolean (value, pad->hold);
  GST_OBJECT_UNLOCK (pad);
}

static void
test_pad_class_init (TestPadClass * klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = test_pad_set_property;
  object_class->get_property = test_pad_get_property;
  g_object_class_install_property (object_class, PROP_HOLD,
      g_param_spec_boolean ("hold", "Hold", "Discard everything", FALSE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
}

static void
test_pad_init (TestPad * pad)
{
}

static gboolean
pad_hold (RsTarget * target)
{
  gboolean hold;

  g_object_get (target->tee_pad, "hold", &hold, NULL);
  return hold;
}

static guint
pad_sets (RsTarget * target)
{
  TestPad *pad = (TestPad *) target->tee_pad;
  guint sets;

  GST_OBJECT_LOCK (pad);
  sets = pad->sets;
  GST_OBJECT_UNLOCK (pad);
  return sets;
}

/* The events of the restream, in order. */
static void
on_event (RsRestream * restream, const GstStructure * event, gpointer data)
{
  g_ptr_array_add (data, gst_structure_copy (event));
}

/* The next "slate" event from @from on, waiting for it on the bus. */
static const GstStructure *
wait_slate_event (GPtrArray * events, guint * from)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE;

  while (g_get_monotonic_time () < deadline) {
    for (; *from < events->len; (*from)++) {
      const GstStructure *e = g_ptr_array_index (events, *from);

      if (gst_structure_has_name (e, RS_EVENT_SLATE)) {
        (*from)++;
        return e;
      }
    }
    g_main_context_iteration (NULL, FALSE);
    g_usleep (1000);
  }
  fail ("no slate event within %d s", DEADLINE / G_USEC_PER_SEC);
  return NULL;
}

typedef struct
{
  GstElement *source;
  GstMessage *message;
  RsTarget *watched;
  gboolean hold_after_post;     /* @watched's, when the post returned */
} Post;

/* As failoversrc does: from a streaming thread, right before it pushes. */
static gpointer
post_thread (gpointer data)
{
  Post *post = data;

  gst_element_post_message (post->source, post->message);
  post->hold_after_post = pad_hold (post->watched);
  return NULL;
}

static gboolean
post_slate (GstElement * source, RsTarget * watched, gboolean on_air,
    GstClockTime duration)
{
  GstStructure *s = gst_structure_new (GST_FAILOVER_SRC_MSG_SLATE,
      GST_FAILOVER_SRC_FIELD_ON_AIR, G_TYPE_BOOLEAN, on_air,
      GST_FAILOVER_SRC_FIELD_SLATE_SOURCE, G_TYPE_STRING,
      GST_FAILOVER_SRC_SLATE_SOURCE_CARD,
      GST_FAILOVER_SRC_FIELD_SLATE_FORMAT, G_TYPE_STRING,
      "h264 1280x720 30/1 main 3.1, aac 48000 Hz 2 ch", NULL);
  Post post = { source, NULL, watched, FALSE };
  GThread *thread;

  if (!on_air)
    gst_structure_set (s, GST_FAILOVER_SRC_FIELD_SLATE_DURATION,
        G_TYPE_UINT64, (guint64) duration, NULL);
  post.message = gst_message_new_element (GST_OBJECT (source), s);
  thread = g_thread_new ("streaming", post_thread, &post);
  g_thread_join (thread);
  return post.hold_after_post;
}

static void
check_status (RsRestream * restream, gboolean on_air, gdouble min_seconds,
    gdouble max_seconds)
{
  GstStructure *status = rs_restream_status (restream);
  gboolean slate = !on_air;
  gdouble seconds = -1;

  fail_unless (gst_structure_get_boolean (status, RS_EVENT_FIELD_SLATE,
          &slate));
  fail_unless (gst_structure_get_double (status,
          RS_EVENT_FIELD_SLATE_SECONDS, &seconds));
  fail_unless_equals_int (slate, on_air);
  fail_unless (seconds >= min_seconds && seconds <= max_seconds,
      "slate-seconds %f, not in [%f, %f]", seconds, min_seconds, max_seconds);
  gst_structure_free (status);
}

static const gchar description_text[] =
    "[restream]\nname=show\ninput=file:///nonexistent/input.flv\n"
    "[target live]\nurl=rtmp://127.0.0.1:1/live/key-live-0001\n"
    "[target archive]\nurl=rtmp://127.0.0.1:1/live/key-archive-01\n"
    "slate=false\n"
    "[target late]\nurl=rtmp://127.0.0.1:1/live/key-late-00001\n"
    "slate=false\n";

GST_START_TEST (test_targets_without_slate_are_held)
{
  g_autoptr (GPtrArray) problems = gst_restream_findings_new ();
  g_autoptr (GPtrArray) events =
      g_ptr_array_new_with_free_func ((GDestroyNotify) gst_structure_free);
  RsDescription *d = rs_description_load_data (description_text, -1,
      problems);
  RsRestream *restream;
  RsTarget *live, *archive, *late;
  const GstStructure *e;
  g_autofree gchar *line = NULL;
  gboolean on_air = FALSE;
  gdouble duration = -1;
  guint seen = 0, archive_sets, i;

  fail_unless (d != NULL);
  restream = rs_restream_new (d, on_event, events);
  /* The pipeline as far as the slate needs it: the input that posts, and
   * the bus watched as a running restream watches it. */
  restream->pipeline = gst_pipeline_new ("show");
  restream->source = gst_element_factory_make ("fakesrc", "input");
  gst_bin_add (GST_BIN (restream->pipeline), restream->source);
  rs_restream_watch_bus (restream);
  for (i = 0; i < restream->targets->len; i++) {
    RsTarget *target = g_ptr_array_index (restream->targets, i);

    target->tee_pad = g_object_new (test_pad_get_type (), "name",
        target->desc->name, "direction", GST_PAD_SRC, NULL);
    gst_object_ref_sink (target->tee_pad);
  }
  live = g_ptr_array_index (restream->targets, 0);
  archive = g_ptr_array_index (restream->targets, 1);
  late = g_ptr_array_index (restream->targets, 2);
  rs_restream_slate_add_pad (restream, live);
  rs_restream_slate_add_pad (restream, archive);
  fail_if (pad_hold (archive));
  check_status (restream, FALSE, 0, 0);

  /* On air: the target without a slate is held before the post returns. */
  fail_unless (post_slate (restream->source, archive, TRUE, 0));
  fail_unless (pad_hold (archive));
  fail_unless_equals_int (pad_sets (live), 0);
  e = wait_slate_event (events, &seen);
  fail_unless (gst_structure_get_boolean (e, RS_EVENT_FIELD_ON_AIR,
          &on_air) && on_air);
  fail_unless_equals_string (gst_structure_get_string (e,
          RS_EVENT_FIELD_RESTREAM), "show");
  fail_unless_equals_string (gst_structure_get_string (e, "source"), "card");
  fail_unless_equals_string (gst_structure_get_string (e, "format"),
      "h264 1280x720 30/1 main 3.1, aac 48000 Hz 2 ch");
  line = rs_event_line (e);
  fail_unless (strstr (line, "slate: on air (card: h264 1280x720") != NULL,
      "%s", line);
  g_clear_pointer (&line, g_free);
  check_status (restream, TRUE, 0, DEADLINE / G_USEC_PER_SEC);

  /* A target built now starts held; one removed is left alone. */
  rs_restream_slate_add_pad (restream, late);
  fail_unless (pad_hold (late));
  rs_restream_slate_remove_pad (restream, archive);
  archive_sets = pad_sets (archive);

  /* Off air: released, the element's duration counted. */
  fail_if (post_slate (restream->source, late, FALSE, 2 * GST_SECOND));
  fail_unless_equals_int (pad_sets (archive), archive_sets);
  fail_unless_equals_int (pad_sets (live), 0);
  e = wait_slate_event (events, &seen);
  fail_unless (gst_structure_get_boolean (e, RS_EVENT_FIELD_ON_AIR,
          &on_air) && !on_air);
  fail_unless (gst_structure_get_double (e, "duration", &duration));
  fail_unless (G_APPROX_VALUE (duration, 2.0, 1e-9), "duration %f", duration);
  line = rs_event_line (e);
  fail_unless (strstr (line, "slate: off air after 2.0 s") != NULL, "%s", line);
  check_status (restream, FALSE, 2.0, 2.0);

  /* On air again, then the pipeline goes down: the time on air so far
   * counts, and nothing is held any more. */
  fail_unless (post_slate (restream->source, late, TRUE, 0));
  wait_slate_event (events, &seen);
  g_usleep (20 * 1000);
  rs_restream_stop (restream, GST_SECOND, NULL, NULL);
  fail_unless (restream->pipeline == NULL);
  check_status (restream, FALSE, 2.02, 2.0 + DEADLINE / G_USEC_PER_SEC);
  fail_unless_equals_int (restream->slate_held_pads->len, 0);
  fail_if (restream->slate_holding);

  rs_restream_free (restream);
}

GST_END_TEST;

static Suite *
slate_suite (void)
{
  Suite *s = suite_create ("slate");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_targets_without_slate_are_held);
  return s;
}

GST_CHECK_MAIN (slate);
