/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The backlog of one restreamtee target and its GOP-aligned drops: a
 * target that lags loses whole GOPs, never part of a frame, and never the
 * stream headers or events that what follows depends on. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstteebacklog.h"

void
gst_tee_backlog_init (GstTeeBacklog * backlog)
{
  backlog->items = gst_queue_array_new_for_struct (sizeof (GstTeeBacklogItem),
      64);
  backlog->bytes = 0;
  backlog->newest_position = 0;
  backlog->newest_arrival = 0;
}

void
gst_tee_backlog_free (GstTeeBacklog * backlog)
{
  gst_tee_backlog_clear (backlog, NULL);
  gst_queue_array_free (backlog->items);
  backlog->items = NULL;
}

void
gst_tee_backlog_push (GstTeeBacklog * backlog, GstMiniObject * object,
    GstScanClass klass, GstClockTime position, gint64 arrival, gsize size)
{
  GstTeeBacklogItem item = { object, position, arrival, size, klass };

  gst_queue_array_push_tail_struct (backlog->items, &item);
  backlog->bytes += size;
  if (GST_IS_BUFFER (object)) {
    backlog->newest_position = position;
    backlog->newest_arrival = arrival;
  }
}

GstTeeBacklogItem *
gst_tee_backlog_peek (GstTeeBacklog * backlog)
{
  return gst_queue_array_peek_head_struct (backlog->items);
}

/* Moves the oldest item, and its reference, into @item. */
gboolean
gst_tee_backlog_pop (GstTeeBacklog * backlog, GstTeeBacklogItem * item)
{
  GstTeeBacklogItem *head = gst_queue_array_pop_head_struct (backlog->items);

  if (!head)
    return FALSE;
  *item = *head;
  backlog->bytes -= item->size;
  return TRUE;
}

guint
gst_tee_backlog_length (GstTeeBacklog * backlog)
{
  return gst_queue_array_get_length (backlog->items);
}

/* Empties the backlog. Sticky events are kept on @sticky_pad (if not
 * NULL), so that the next buffer, whenever it comes, is preceded by the
 * right caps. */
void
gst_tee_backlog_clear (GstTeeBacklog * backlog, GstPad * sticky_pad)
{
  GstTeeBacklogItem *item;

  while ((item = gst_queue_array_pop_head_struct (backlog->items))) {
    if (sticky_pad && GST_IS_EVENT (item->object)
        && GST_EVENT_IS_STICKY (GST_EVENT_CAST (item->object))
        && GST_EVENT_TYPE (item->object) != GST_EVENT_EOS)
      gst_pad_store_sticky_event (sticky_pad, GST_EVENT_CAST (item->object));
    gst_mini_object_unref (item->object);
  }
  backlog->bytes = 0;
}

/* How far the target is behind the input: from @in_flight (the buffer
 * being pushed, or NULL) or else the oldest item, to the newest buffer,
 * in stream time or in time waited, whichever is more. */
GstClockTime
gst_tee_backlog_lag (GstTeeBacklog * backlog,
    const GstTeeBacklogItem * in_flight, gint64 now)
{
  const GstTeeBacklogItem *oldest = in_flight;
  GstClockTime by_stream, by_clock;

  if (!oldest)
    oldest = gst_queue_array_peek_head_struct (backlog->items);
  if (!oldest)
    return 0;
  by_stream = backlog->newest_position > oldest->position ?
      backlog->newest_position - oldest->position : 0;
  by_clock = now > oldest->arrival ? (now - oldest->arrival) * GST_USECOND : 0;
  return MAX (by_stream, by_clock);
}

static gboolean
item_is_droppable (const GstTeeBacklogItem * item)
{
  return GST_IS_BUFFER (item->object) && item->klass != GST_SCAN_HEADER;
}

/* Where to cut: the newest keyframe, or the whole length with
 * *wait_keyframe set. Returns FALSE if nothing should be cut. */
static gboolean
find_cut (GstTeeBacklog * backlog, gboolean over_bytes, guint * cut,
    gboolean * wait_keyframe)
{
  guint length = gst_queue_array_get_length (backlog->items);
  GstTeeBacklogItem *item;
  guint i, droppable = 0;

  for (*cut = length - 1; *cut > 0; (*cut)--) {
    item = gst_queue_array_peek_nth_struct (backlog->items, *cut);
    if (GST_IS_BUFFER (item->object) && item->klass == GST_SCAN_KEYFRAME)
      break;
  }
  *wait_keyframe = FALSE;
  if (*cut == 0) {
    item = gst_queue_array_peek_head_struct (backlog->items);
    if (item && GST_IS_BUFFER (item->object)
        && item->klass == GST_SCAN_KEYFRAME && !over_bytes)
      return FALSE;
    *cut = length;
    *wait_keyframe = TRUE;
  }

  /* While a push is stuck, this runs for every new buffer: leave the
   * backlog alone unless there is something to drop. */
  for (i = 0; i < *cut; i++)
    if (item_is_droppable (gst_queue_array_peek_nth_struct (backlog->items, i)))
      droppable++;
  return droppable > 0;
}

/* Cuts the backlog at its newest keyframe, keeping events and headers in
 * order. Without a keyframe to cut at, empties it and waits for the next
 * one, unless the backlog already starts with a keyframe and is within the
 * byte bound (the next keyframe will be the cut). Returns TRUE if anything
 * was dropped. */
gboolean
gst_tee_backlog_drop_gops (GstTeeBacklog * backlog, gboolean over_bytes,
    GstTeeBacklogDrop * drop)
{
  guint length = gst_queue_array_get_length (backlog->items);
  GstClockTime first_position = GST_CLOCK_TIME_NONE, last_position = 0;
  GstQueueArray *kept;
  guint cut, i;

  if (!find_cut (backlog, over_bytes, &cut, &drop->wait_keyframe))
    return FALSE;

  drop->buffers = drop->bytes = 0;
  kept = gst_queue_array_new_for_struct (sizeof (GstTeeBacklogItem),
      MAX (length, 16));
  for (i = 0; i < length; i++) {
    GstTeeBacklogItem *item = gst_queue_array_pop_head_struct (backlog->items);

    if (i >= cut || !item_is_droppable (item)) {
      gst_queue_array_push_tail_struct (kept, item);
      continue;
    }
    if (!GST_CLOCK_TIME_IS_VALID (first_position))
      first_position = item->position;
    last_position = item->position;
    drop->buffers++;
    drop->bytes += item->size;
    backlog->bytes -= item->size;
    gst_mini_object_unref (item->object);
  }
  gst_queue_array_free (backlog->items);
  backlog->items = kept;
  drop->duration = last_position - first_position;
  return drop->buffers > 0;
}
