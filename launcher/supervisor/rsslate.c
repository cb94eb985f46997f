/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The restream's outage slate. While its input is down failoversrc sends a
 * still picture and silence instead of the gap, and says so with a
 * failoversrc-slate message when the slate goes on and off air.
 *
 * A target with slate = false sees the gap instead: its restreamtee pad is
 * put on hold while the slate is on air, so that not a byte of the slate
 * reaches it, and released when the input is back (the pad then starts
 * again at the next keyframe, after the stream headers). The hold is set
 * by the bus's sync handler, in the streaming thread that posts the
 * message right before the slate's first buffer, so it is in place before
 * any of that buffer reaches a muxer. Pads are added and removed in the
 * main context; both sides meet under slate_lock.
 *
 * In the main context the message becomes a "slate" event, and the time on
 * air goes into the status. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "rsrestream-private.h"
#include "gstrestreammessages.h"

#define PAD_HOLD "hold"

void
rs_restream_slate_init (RsRestream * self)
{
  g_mutex_init (&self->slate_lock);
  self->slate_held_pads = g_ptr_array_new_with_free_func (gst_object_unref);
}

void
rs_restream_slate_clear (RsRestream * self)
{
  g_clear_pointer (&self->slate_held_pads, g_ptr_array_unref);
  g_mutex_clear (&self->slate_lock);
}

void
rs_restream_slate_add_pad (RsRestream * self, RsTarget * target)
{
  if (target->desc->slate || !target->tee_pad)
    return;
  g_mutex_lock (&self->slate_lock);
  g_ptr_array_add (self->slate_held_pads, gst_object_ref (target->tee_pad));
  /* Built while the slate is on air: held from its first buffer on. */
  if (self->slate_holding)
    g_object_set (target->tee_pad, PAD_HOLD, TRUE, NULL);
  g_mutex_unlock (&self->slate_lock);
}

void
rs_restream_slate_remove_pad (RsRestream * self, RsTarget * target)
{
  if (!target->tee_pad)
    return;
  g_mutex_lock (&self->slate_lock);
  g_ptr_array_remove (self->slate_held_pads, target->tee_pad);
  g_mutex_unlock (&self->slate_lock);
}

void
rs_restream_slate_sync (RsRestream * self, GstMessage * message)
{
  const GstStructure *s = gst_message_get_structure (message);
  gboolean on_air;
  guint i;

  if (!gst_structure_get_boolean (s, GST_FAILOVER_SRC_FIELD_ON_AIR, &on_air))
    return;
  g_mutex_lock (&self->slate_lock);
  self->slate_holding = on_air;
  for (i = 0; i < self->slate_held_pads->len; i++)
    g_object_set (g_ptr_array_index (self->slate_held_pads, i), PAD_HOLD,
        on_air, NULL);
  g_mutex_unlock (&self->slate_lock);
}

void
rs_restream_handle_slate (RsRestream * self, const GstStructure * s)
{
  const gchar *source = gst_structure_get_string (s,
      GST_FAILOVER_SRC_FIELD_SLATE_SOURCE);
  const gchar *format = gst_structure_get_string (s,
      GST_FAILOVER_SRC_FIELD_SLATE_FORMAT);
  gint64 now = g_get_monotonic_time ();
  gboolean on_air = FALSE;
  guint64 duration = 0;

  gst_structure_get_boolean (s, GST_FAILOVER_SRC_FIELD_ON_AIR, &on_air);
  if (on_air) {
    if (!self->slate_on_air)
      self->slate_since = now;
  } else {
    /* The element's own count of the time on air, if it gives one. */
    if (!gst_structure_get_uint64 (s, GST_FAILOVER_SRC_FIELD_SLATE_DURATION,
            &duration) && self->slate_on_air)
      duration = (now - self->slate_since) * GST_USECOND;
    if (self->slate_on_air)
      self->slate_time += duration;
  }
  self->slate_on_air = on_air;
  rs_restream_emit (self, gst_structure_new (RS_EVENT_SLATE,
          RS_EVENT_FIELD_RESTREAM, G_TYPE_STRING, self->description->name,
          RS_EVENT_FIELD_ON_AIR, G_TYPE_BOOLEAN, on_air,
          "source", G_TYPE_STRING, source ? source : "",
          "format", G_TYPE_STRING, format ? format : "",
          "duration", G_TYPE_DOUBLE, (gdouble) duration / GST_SECOND, NULL));
}

void
rs_restream_slate_reset (RsRestream * self)
{
  g_mutex_lock (&self->slate_lock);
  g_ptr_array_set_size (self->slate_held_pads, 0);
  self->slate_holding = FALSE;
  g_mutex_unlock (&self->slate_lock);
  if (self->slate_on_air)
    self->slate_time += (g_get_monotonic_time () - self->slate_since) *
        GST_USECOND;
  self->slate_on_air = FALSE;
}

gdouble
rs_restream_slate_seconds (RsRestream * self, gint64 now)
{
  GstClockTime total = self->slate_time;

  if (self->slate_on_air && now > self->slate_since)
    total += (now - self->slate_since) * GST_USECOND;
  return (gdouble) total / GST_SECOND;
}
