/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The pipeline's bus: every message goes to the one it concerns. Errors
 * and warnings of a target's elements, and restreamtee's messages about a
 * target's pad, to that target; the input's state, its slate and the end
 * of the stream to the restream; an error anywhere else ends the
 * restream, since nothing then flows to any target.
 *
 * Two messages are also seen in the thread that posts them: a target's
 * ERROR, stamped with the generation of its branch, and the slate going on
 * or off air, which holds or releases the targets without a slate before
 * the slate's first buffer (or the input's) is pushed. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "rsrestream-private.h"
#include "gstrestreammessages.h"

static GstBusSyncReply
bus_sync_cb (GstBus * bus, GstMessage * message, gpointer data)
{
  RsRestream *self = data;
  RsTarget *target;

  if (!GST_MESSAGE_SRC (message))
    return GST_BUS_PASS;
  switch (GST_MESSAGE_TYPE (message)) {
    case GST_MESSAGE_ERROR:
      /* The target's bin is alive while its elements post. */
      target = rs_target_for_object (GST_MESSAGE_SRC (message));
      if (target)
        rs_target_stamp_error (target, message);
      break;
    case GST_MESSAGE_ELEMENT:
      if (gst_message_has_name (message, GST_FAILOVER_SRC_MSG_SLATE))
        rs_restream_slate_sync (self, message);
      break;
    default:
      break;
  }
  return GST_BUS_PASS;
}

static RsTarget *
target_for_pad_name (RsRestream * self, GstObject * tee, const gchar * name)
{
  guint i;

  for (i = 0; i < self->targets->len; i++) {
    RsTarget *target = g_ptr_array_index (self->targets, i);

    if (target->tee_pad && GST_OBJECT_PARENT (target->tee_pad) == tee
        && g_str_equal (GST_PAD_NAME (target->tee_pad), name))
      return target;
  }
  return NULL;
}

/* targetvalidator's report, as a "finding" event of the target. */
static void
emit_finding (RsRestream * self, RsTarget * target, const GstStructure * s)
{
  GstStructure *event = gst_structure_copy (s);

  gst_structure_set_name (event, RS_EVENT_FINDING);
  gst_structure_set (event,
      "restream", G_TYPE_STRING, self->description->name,
      "target", G_TYPE_STRING, target->desc->name, NULL);
  rs_restream_emit (self, event);
}

/* The pipeline forwards its children's EOS: a target has taken its
 * last buffer. */
static void
handle_forwarded (RsRestream * self, const GstStructure * s)
{
  GstMessage *inner = NULL;

  gst_structure_get (s, "message", GST_TYPE_MESSAGE, &inner, NULL);
  if (inner && GST_MESSAGE_TYPE (inner) == GST_MESSAGE_EOS) {
    RsTarget *target = rs_target_for_object (GST_MESSAGE_SRC (inner));

    if (target) {
      target->eos = TRUE;
      rs_restream_stop_check (self);
    }
  }
  gst_clear_message (&inner);
}

static void
handle_element (RsRestream * self, GstMessage * message)
{
  const GstStructure *s = gst_message_get_structure (message);
  const gchar *name = gst_structure_get_name (s);
  GstObject *src = GST_MESSAGE_SRC (message);
  RsTarget *target;

  if (g_str_equal (name, GST_FAILOVER_SRC_MSG_STATE)) {
    rs_restream_handle_input_state (self, s);
  } else if (g_str_equal (name, GST_FAILOVER_SRC_MSG_SLATE)) {
    rs_restream_handle_slate (self, s);
  } else if (g_str_equal (name, GST_RESTREAM_TEE_MSG_DROP)) {
    target = target_for_pad_name (self, src,
        gst_structure_get_string (s, GST_RESTREAM_TEE_FIELD_PAD));
    if (target)
      rs_target_handle_drop (target, s);
  } else if (g_str_equal (name, GST_RESTREAM_TEE_MSG_TARGET_FAILED)) {
    target = target_for_pad_name (self, src,
        gst_structure_get_string (s, GST_RESTREAM_TEE_FIELD_PAD));
    if (target)
      rs_target_handle_tee_failure (target, s);
  } else if (g_str_equal (name, RS_MSG_CODEC_REFUSED)) {
    target = rs_target_for_object (src);
    if (target)
      rs_target_handle_codec_refused (target, s);
  } else if (g_str_equal (name, GST_TARGET_VALIDATOR_MSG_REPORT)) {
    target = rs_target_for_object (src);
    if (target)
      emit_finding (self, target, s);
  } else if (g_str_equal (name, "GstBinForwarded")) {
    handle_forwarded (self, s);
  }
}

/* The input or a muxer failed: nothing flows to any target. */
static void
handle_pipeline_error (RsRestream * self, GstMessage * message)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *text = NULL;
  g_autofree gchar *source = NULL;

  gst_message_parse_error (message, &error, NULL);
  text = rs_restream_redact (self, error->message);
  source = GST_MESSAGE_SRC (message) ?
      gst_object_get_name (GST_MESSAGE_SRC (message)) : NULL;
  rs_restream_emit (self, gst_structure_new (RS_EVENT_ERROR,
          "restream", G_TYPE_STRING, self->description->name,
          "element", G_TYPE_STRING, source ? source : "",
          "message", G_TYPE_STRING, text, NULL));
  g_free (self->state_reason);
  self->state_reason = g_strdup_printf ("%s: %s", source ? source :
      "pipeline", text);
  rs_restream_stop_finish (self);
}

/* A WARNING of the input (failoversrc: the slate could not start, or its
 * image could not be shown): the restream runs on; the user is told. */
static void
handle_input_warning (RsRestream * self, GstMessage * message)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *text = NULL;

  gst_message_parse_warning (message, &error, NULL);
  text = rs_restream_redact (self, error->message);
  rs_restream_emit (self, gst_structure_new (RS_EVENT_WARNING,
          "restream", G_TYPE_STRING, self->description->name,
          "target", G_TYPE_STRING, "",
          "cause", G_TYPE_STRING, "input",
          "summary", G_TYPE_STRING, text,
          "advice", G_TYPE_STRING, "", "detail", G_TYPE_STRING, "", NULL));
}

static gboolean
bus_cb (GstBus * bus, GstMessage * message, gpointer data)
{
  RsRestream *self = data;
  RsTarget *target = GST_MESSAGE_SRC (message) ?
      rs_target_for_object (GST_MESSAGE_SRC (message)) : NULL;

  switch (GST_MESSAGE_TYPE (message)) {
    case GST_MESSAGE_ERROR:
      if (!target) {
        handle_pipeline_error (self, message);
        return G_SOURCE_REMOVE;
      }
      rs_target_handle_message (target, message);
      break;
    case GST_MESSAGE_WARNING:
      if (target)
        rs_target_handle_message (target, message);
      else if (self->source && GST_MESSAGE_SRC (message)
          == GST_OBJECT (self->source))
        handle_input_warning (self, message);
      break;
    case GST_MESSAGE_ELEMENT:
      handle_element (self, message);
      break;
    case GST_MESSAGE_EOS:
      rs_restream_stop_check (self);
      break;
    default:
      break;
  }
  return G_SOURCE_CONTINUE;
}

void
rs_restream_watch_bus (RsRestream * self)
{
  g_autoptr (GstBus) bus = gst_element_get_bus (self->pipeline);

  gst_bus_set_sync_handler (bus, bus_sync_cb, self, NULL);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
}

void
rs_restream_unwatch_bus (RsRestream * self)
{
  g_autoptr (GstBus) bus = gst_element_get_bus (self->pipeline);

  g_clear_handle_id (&self->bus_watch, g_source_remove);
  gst_bus_set_sync_handler (bus, NULL, NULL, NULL);
}
