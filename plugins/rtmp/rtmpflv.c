/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstcontainerscan.h"
#include "rtmpflv.h"

/* "FLV", version, flags, then the 32-bit size of the header. */
#define FLV_FILE_HEADER_MIN 9

typedef struct
{
  GstBuffer *buffer;
  GstMapInfo map;
} Mapped;

struct _RtmpFlvPacker
{
  GByteArray *partial;          /* FLV bytes not yet sent as messages */
  GArray *maps;                 /* Mapped: the buffers referenced */
};

RtmpFlvPacker *
rtmp_flv_packer_new (void)
{
  RtmpFlvPacker *packer = g_new0 (RtmpFlvPacker, 1);

  packer->partial = g_byte_array_new ();
  packer->maps = g_array_new (FALSE, FALSE, sizeof (Mapped));
  return packer;
}

void
rtmp_flv_packer_free (RtmpFlvPacker * packer)
{
  rtmp_flv_packer_release (packer);
  g_byte_array_unref (packer->partial);
  g_array_unref (packer->maps);
  g_free (packer);
}

void
rtmp_flv_packer_reset (RtmpFlvPacker * packer)
{
  g_byte_array_set_size (packer->partial, 0);
}

static void
queue_tag (RtmpChunkWriter * writer, guint32 stream_id,
    const GstFlvTagHeader * tag, const guint8 * body, gboolean stable)
{
  /* Metadata is published with @setDataFrame, as encoders do. */
  static const guint8 set_data_frame[] = { 0x02, 0x00, 0x0d, '@', 's', 'e',
    't', 'D', 'a', 't', 'a', 'F', 'r', 'a', 'm', 'e'
  };
  RtmpChunkHeader header = { 0, tag->type, stream_id, tag->timestamp };

  switch (tag->type) {
    case GST_FLV_TAG_AUDIO:
      header.chunk_stream_id = RTMP_CHUNK_STREAM_AUDIO;
      rtmp_chunk_writer_add (writer, &header, NULL, 0, body, tag->body_size,
          stable);
      break;
    case GST_FLV_TAG_VIDEO:
      header.chunk_stream_id = RTMP_CHUNK_STREAM_VIDEO;
      rtmp_chunk_writer_add (writer, &header, NULL, 0, body, tag->body_size,
          stable);
      break;
    case GST_FLV_TAG_SCRIPT:
      header.chunk_stream_id = RTMP_CHUNK_STREAM_DATA;
      rtmp_chunk_writer_add (writer, &header, set_data_frame,
          sizeof (set_data_frame), body, tag->body_size, stable);
      break;
    default:
      break;
  }
}

/* Queues the whole FLV tags at @data; returns the bytes used. */
static gsize
queue_tags (RtmpFlvPacker * packer, RtmpChunkWriter * writer,
    guint32 stream_id, const guint8 * data, gsize size, gboolean stable)
{
  GstFlvTagHeader tag;
  gsize pos = 0;

  /* The FLV file header, first and again wherever restreamtee replays the
   * stream headers to a pad that already runs (a target released from
   * hold): no tag starts with 'F' (tags are 8, 9 and 18). */
  if (size >= 3 && memcmp (data, "FLV", 3) == 0) {
    if (size < FLV_FILE_HEADER_MIN + GST_FLV_TAG_TRAILER_SIZE)
      return 0;
    pos = GST_READ_UINT32_BE (data + 5) + GST_FLV_TAG_TRAILER_SIZE;
    if (pos > size)
      return 0;
  }
  while (gst_flv_tag_header_read (data + pos, size - pos, &tag)) {
    gsize tag_size = GST_FLV_TAG_HEADER_SIZE + (gsize) tag.body_size +
        GST_FLV_TAG_TRAILER_SIZE;

    if (size - pos < tag_size)
      break;
    queue_tag (writer, stream_id, &tag, data + pos + GST_FLV_TAG_HEADER_SIZE,
        stable);
    pos += tag_size;
  }
  return pos;
}

void
rtmp_flv_packer_add (RtmpFlvPacker * packer, RtmpChunkWriter * writer,
    guint32 stream_id, GstBuffer ** buffers, guint n_buffers)
{
  guint i;

  for (i = 0; i < n_buffers; i++) {
    Mapped mapped = { buffers[i] };
    gsize used;

    if (!gst_buffer_map (buffers[i], &mapped.map, GST_MAP_READ))
      continue;
    if (packer->partial->len == 0) {
      used = queue_tags (packer, writer, stream_id, mapped.map.data,
          mapped.map.size, TRUE);
      if (used < mapped.map.size)
        g_byte_array_append (packer->partial, mapped.map.data + used,
            mapped.map.size - used);
    } else {
      g_byte_array_append (packer->partial, mapped.map.data, mapped.map.size);
      used = queue_tags (packer, writer, stream_id, packer->partial->data,
          packer->partial->len, FALSE);
      g_byte_array_remove_range (packer->partial, 0, used);
    }
    g_array_append_val (packer->maps, mapped);
  }
}

void
rtmp_flv_packer_release (RtmpFlvPacker * packer)
{
  guint i;

  for (i = 0; i < packer->maps->len; i++) {
    Mapped *mapped = &g_array_index (packer->maps, Mapped, i);

    gst_buffer_unmap (mapped->buffer, &mapped->map);
  }
  g_array_set_size (packer->maps, 0);
}
