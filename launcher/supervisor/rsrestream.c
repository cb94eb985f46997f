/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The restream supervisor: one restream's lifecycle (built and started,
 * activated again, stopped with an EOS to every target, freed), its events
 * and its state, which follows the input's.
 *
 * The pipeline holds failoversrc, the muxers and the restreamtees
 * (rsbuilder.c); every target is a bin of its own with a state machine of
 * its own (rstarget.c). The bus (rsbus.c) hands each message to the one it
 * concerns; rsstatus.c polls the targets and sends the status. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "rsrestream-private.h"
#include "gstrestreammessages.h"

#define INPUT_FAILED_STOP_TIMEOUT_S 5

const gchar *
rs_restream_state_name (RsRestreamState state)
{
  static const gchar *names[] = { RS_RESTREAM_STATE_IDLE,
    RS_RESTREAM_STATE_STARTING, RS_RESTREAM_STATE_LIVE,
    RS_RESTREAM_STATE_OUTAGE, RS_RESTREAM_STATE_STOPPING,
    RS_RESTREAM_STATE_STOPPED
  };
  return state <= RS_RESTREAM_STOPPED ? names[state] : "unknown";
}

const gchar *
rs_target_state_name (RsTargetState state)
{
  static const gchar *names[] = { RS_TARGET_STATE_IDLE,
    RS_TARGET_STATE_CONNECTING, RS_TARGET_STATE_LIVE,
    RS_TARGET_STATE_RECONNECTING, RS_TARGET_STATE_REFUSED,
    RS_TARGET_STATE_GAVE_UP, RS_TARGET_STATE_STOPPED, RS_TARGET_STATE_DISABLED,
    RS_TARGET_STATE_STALLED
  };
  return state <= RS_TARGET_STALLED ? names[state] : "unknown";
}

/* Secrets */

void
rs_restream_add_secrets (RsRestream * self, RsDescriptionTarget * desc)
{
  gst_restream_secrets_add (self->secrets, desc->key);
  if (desc->target) {
    gst_restream_secrets_add (self->secrets, desc->target->key);
    gst_restream_secrets_add (self->secrets, desc->target->passphrase);
  }
}

static void
collect_secrets (RsRestream * self)
{
  RsDescription *d = self->description;
  guint i;

  for (i = 0; i < d->targets->len; i++)
    rs_restream_add_secrets (self, g_ptr_array_index (d->targets, i));
  /* The input: an RTMP stream name is its key; SRT may carry a passphrase. */
  gst_restream_secrets_add_url (self->secrets, d->input);
}

gchar *
rs_restream_redact (RsRestream * self, const gchar * text)
{
  return gst_restream_secrets_redact (self->secrets, text);
}

/* Events */

void
rs_restream_emit (RsRestream * self, GstStructure * event)
{
  if (self->func)
    self->func (self, event, self->user_data);
  gst_structure_free (event);
}

static void
set_state (RsRestream * self, RsRestreamState state, const gchar * reason)
{
  RsRestreamState previous = self->state;
  gchar *text = g_strdup (reason ? reason : "");

  g_free (self->state_reason);
  self->state_reason = text;
  if (state == previous)
    return;
  self->state = state;
  rs_restream_emit (self, gst_structure_new (RS_EVENT_RESTREAM,
          "restream", G_TYPE_STRING, self->description->name,
          "state", G_TYPE_STRING, rs_restream_state_name (state),
          "previous", G_TYPE_STRING, rs_restream_state_name (previous),
          "reason", G_TYPE_STRING, self->state_reason, NULL));
}

/* Stopping */

static void
restream_teardown (RsRestream * self)
{
  guint i;

  g_clear_handle_id (&self->status_timer, g_source_remove);
  g_clear_handle_id (&self->stop_timer, g_source_remove);
  for (i = 0; i < self->targets->len; i++)
    rs_target_teardown (g_ptr_array_index (self->targets, i));
  if (self->pipeline) {
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
    rs_restream_unwatch_bus (self);
    gst_clear_object (&self->pipeline);
  }
  rs_restream_slate_reset (self);
  self->source = NULL;
  memset (self->stream_tees, 0, sizeof (self->stream_tees));
  memset (self->tees, 0, sizeof (self->tees));
}

void
rs_restream_stop_finish (RsRestream * self)
{
  GCallback done = self->stop_done;

  restream_teardown (self);
  set_state (self, RS_RESTREAM_STOPPED, self->state_reason);
  self->stop_done = NULL;
  if (done)
    ((void (*)(RsRestream *, gpointer)) done) (self, self->stop_data);
}

static gboolean
stop_timeout_cb (gpointer data)
{
  RsRestream *self = data;

  self->stop_timer = 0;
  rs_restream_stop_finish (self);
  return G_SOURCE_REMOVE;
}

void
rs_restream_stop_check (RsRestream * self)
{
  guint i;

  if (self->state != RS_RESTREAM_STOPPING)
    return;
  for (i = 0; i < self->targets->len; i++) {
    RsTarget *target = g_ptr_array_index (self->targets, i);

    if ((target->state == RS_TARGET_LIVE || target->state == RS_TARGET_STALLED
            || target->state == RS_TARGET_CONNECTING) && !target->eos)
      return;
  }
  rs_restream_stop_finish (self);
}

/* The input */

void
rs_restream_handle_input_state (RsRestream * self, const GstStructure * s)
{
  const gchar *state = gst_structure_get_string (s,
      GST_FAILOVER_SRC_FIELD_STATE);
  const gchar *reason = gst_structure_get_string (s,
      GST_FAILOVER_SRC_FIELD_REASON);
  guint64 outage = 0, deadline = 0;
  g_autofree gchar *text = rs_restream_redact (self, reason);

  gst_structure_get_uint64 (s, GST_FAILOVER_SRC_FIELD_OUTAGE_DURATION, &outage);
  gst_structure_get_uint64 (s, GST_FAILOVER_SRC_FIELD_RETRY_DEADLINE,
      &deadline);
  g_free (self->input_state);
  self->input_state = g_strdup (state);
  rs_restream_emit (self, gst_structure_new (RS_EVENT_INPUT,
          "restream", G_TYPE_STRING, self->description->name,
          "state", G_TYPE_STRING, state,
          "outage", G_TYPE_DOUBLE, (gdouble) outage / GST_SECOND,
          "reason", G_TYPE_STRING, text ? text : "", NULL));

  if (self->state == RS_RESTREAM_STOPPING || self->state == RS_RESTREAM_STOPPED)
    return;
  if (g_str_equal (state, GST_FAILOVER_SRC_STATE_NAME_ACTIVE)) {
    self->live_since = g_get_monotonic_time ();
    set_state (self, RS_RESTREAM_LIVE, self->state == RS_RESTREAM_OUTAGE ?
        "the input is back; every target continues" : "the input is active");
  } else if (g_str_equal (state, GST_FAILOVER_SRC_STATE_NAME_RETRYING)) {
    set_state (self, RS_RESTREAM_OUTAGE, "the input is down; retrying it");
  } else if (g_str_equal (state, GST_FAILOVER_SRC_STATE_NAME_FAILED)) {
    /* failoversrc sends EOS: the targets end their broadcasts. */
    g_free (self->state_reason);
    self->state_reason = g_strdup ("the input did not come back within "
        "retry-timeout; activate the restream to start it again");
    set_state (self, RS_RESTREAM_STOPPING, self->state_reason);
    self->stop_timer = g_timeout_add_seconds (INPUT_FAILED_STOP_TIMEOUT_S,
        stop_timeout_cb, self);
    rs_restream_stop_check (self);
  }
}

/* Lifecycle */

RsRestream *
rs_restream_new (RsDescription * description, RsRestreamEventFunc func,
    gpointer user_data)
{
  RsRestream *self = g_new0 (RsRestream, 1);
  guint i;

  self->description = description;
  self->func = func;
  self->user_data = user_data;
  self->context = g_main_context_ref_thread_default ();
  self->secrets = gst_restream_secrets_new ();
  self->targets = g_ptr_array_new_with_free_func ((GDestroyNotify)
      rs_target_unref);
  rs_restream_slate_init (self);
  collect_secrets (self);
  for (i = 0; i < description->targets->len; i++)
    g_ptr_array_add (self->targets, rs_target_new (self,
            g_ptr_array_index (description->targets, i)));
  return self;
}

const RsDescription *
rs_restream_get_description (RsRestream * self)
{
  return self->description;
}

RsRestreamState
rs_restream_get_state (RsRestream * self)
{
  return self->state;
}

gboolean
rs_restream_start (RsRestream * self, GError ** error)
{
  guint i;

  g_return_val_if_fail (self->pipeline == NULL, FALSE);
  if (!rs_restream_build (self, error)) {
    restream_teardown (self);
    return FALSE;
  }
  rs_restream_watch_bus (self);
  self->started_at = g_get_monotonic_time ();
  self->deactivated = FALSE;
  g_free (self->input_state);
  self->input_state = g_strdup (GST_FAILOVER_SRC_STATE_NAME_CONNECTING);
  set_state (self, RS_RESTREAM_STARTING, "connecting to the input");
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED,
        "the pipeline could not start (see the error above)");
    restream_teardown (self);
    set_state (self, RS_RESTREAM_STOPPED, "the pipeline could not start");
    return FALSE;
  }
  for (i = 0; i < self->targets->len; i++) {
    RsTarget *target = g_ptr_array_index (self->targets, i);

    target->attempts = 0;
    if (target->desc->enabled)
      rs_target_start (target);
    else
      rs_target_disable (target);
  }
  rs_restream_status_start (self);
  return TRUE;
}

void
rs_restream_activate (RsRestream * self)
{
  guint i;

  if (self->state == RS_RESTREAM_STOPPED || self->state == RS_RESTREAM_IDLE) {
    g_autoptr (GError) error = NULL;

    if (!rs_restream_start (self, &error))
      rs_restream_emit (self, gst_structure_new (RS_EVENT_ERROR,
              "restream", G_TYPE_STRING, self->description->name,
              "element", G_TYPE_STRING, "",
              "message", G_TYPE_STRING, error->message, NULL));
    return;
  }
  if (self->state == RS_RESTREAM_STOPPING)
    return;
  for (i = 0; i < self->targets->len; i++)
    rs_target_reactivate (g_ptr_array_index (self->targets, i));
}

void
rs_restream_stop (RsRestream * self, GstClockTime timeout, GCallback done,
    gpointer user_data)
{
  guint i;

  self->stop_done = done;
  self->stop_data = user_data;
  if (!self->pipeline || self->state == RS_RESTREAM_STOPPED) {
    rs_restream_stop_finish (self);
    return;
  }
  g_free (self->state_reason);
  self->state_reason = g_strdup ("stopped by hand");
  if (self->state != RS_RESTREAM_STOPPING) {
    set_state (self, RS_RESTREAM_STOPPING, self->state_reason);
    for (i = 0; i < self->targets->len; i++) {
      RsTarget *target = g_ptr_array_index (self->targets, i);

      g_clear_handle_id (&target->timer, g_source_remove);
    }
    /* EOS straight into the fan-out: every target ends its broadcast. */
    for (i = 0; i < N_CONTAINERS; i++) {
      if (self->tees[i]) {
        GstPad *sink = gst_element_get_static_pad (self->tees[i], "sink");

        gst_pad_send_event (sink, gst_event_new_eos ());
        gst_object_unref (sink);
      }
    }
  }
  g_clear_handle_id (&self->stop_timer, g_source_remove);
  self->stop_timer = g_timeout_add (MAX (timeout / GST_MSECOND, 1),
      stop_timeout_cb, self);
  rs_restream_stop_check (self);
}

gchar *
rs_restream_dot (RsRestream * self)
{
  g_autofree gchar *dot = NULL;

  if (!self->pipeline)
    return NULL;
  dot = gst_debug_bin_to_dot_data (GST_BIN (self->pipeline),
      GST_DEBUG_GRAPH_SHOW_ALL);
  return rs_restream_redact (self, dot);
}

void
rs_restream_free (RsRestream * self)
{
  guint i;

  if (!self)
    return;
  restream_teardown (self);
  for (i = 0; i < self->targets->len; i++)
    ((RsTarget *) g_ptr_array_index (self->targets, i))->restream = NULL;
  g_ptr_array_unref (self->targets);
  rs_restream_slate_clear (self);
  gst_restream_secrets_free (self->secrets);
  g_free (self->state_reason);
  g_free (self->input_state);
  g_main_context_unref (self->context);
  rs_description_free (self->description);
  g_free (self);
}
