/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* failoversrc's source pads: the sticky events a pad needs before its
 * first data, and caps that change between chains. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstfailoveroutput.h"

/* Call with the element's lock, while no push runs. */
void
gst_failover_output_reset (GstFailoverOutput * output)
{
  output->last_push = 0;
  output->started = FALSE;
  output->ended = FALSE;
  output->caps_pending = FALSE;
  gst_clear_caps (&output->caps);
}

/* Call with the element's lock. The caps go out before the next push. */
void
gst_failover_output_set_caps (GstFailoverOutput * output, GstCaps * caps)
{
  if (!output->caps || !gst_caps_is_equal (output->caps, caps)) {
    gst_caps_replace (&output->caps, caps);
    output->caps_pending = TRUE;
  }
}

/* Call with the element's lock. Whether the pad has had caps and then
 * nothing for longer than @interval (µs): it is due a gap. */
gboolean
gst_failover_output_idle (const GstFailoverOutput * output, gint64 now,
    gint64 interval)
{
  return output->started && output->caps && now - output->last_push > interval;
}

/* Pushes stream-start, segment and pending caps; then @object (a buffer or
 * an event, consumed). Call without @lock (the element's); serialized by
 * the pad's stream lock. */
void
gst_failover_output_push (GstFailoverOutput * output, GstPad * pad,
    GstElement * element, GMutex * lock, GstMiniObject * object)
{
  GstCaps *caps = NULL;

  GST_PAD_STREAM_LOCK (pad);
  /* Two threads push (the input's and the slate's): what one of them had
   * ready when the other ended the stream is dropped. */
  if (output->ended) {
    GST_PAD_STREAM_UNLOCK (pad);
    gst_mini_object_unref (object);
    return;
  }
  g_mutex_lock (lock);
  if (output->caps_pending) {
    caps = gst_caps_ref (output->caps);
    output->caps_pending = FALSE;
  }
  g_mutex_unlock (lock);
  if (!output->started) {
    g_autofree gchar *id = gst_pad_create_stream_id (pad, element,
        GST_PAD_NAME (pad));
    GstSegment segment;

    gst_pad_push_event (pad, gst_event_new_stream_start (id));
    if (caps)
      gst_pad_push_event (pad, gst_event_new_caps (caps));
    gst_segment_init (&segment, GST_FORMAT_TIME);
    gst_pad_push_event (pad, gst_event_new_segment (&segment));
    output->started = TRUE;
  } else if (caps) {
    gst_pad_push_event (pad, gst_event_new_caps (caps));
  }
  gst_clear_caps (&caps);
  if (GST_IS_BUFFER (object)) {
    gst_pad_push (pad, GST_BUFFER_CAST (object));
  } else {
    if (GST_EVENT_TYPE (object) == GST_EVENT_EOS)
      output->ended = TRUE;
    gst_pad_push_event (pad, GST_EVENT_CAST (object));
  }
  GST_PAD_STREAM_UNLOCK (pad);
}
