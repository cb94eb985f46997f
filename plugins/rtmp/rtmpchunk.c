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

#include <gst/gst.h>

#include "rtmpchunk.h"

/* writev takes at most IOV_MAX (1024) vectors on Linux. */
#define MAX_PIECES 1000
#define EXTENDED_TIMESTAMP 0xffffff

/* Writing */

typedef struct
{
  gboolean copied;              /* in writer->copies at offset, or at data */
  gsize offset;
  const guint8 *data;
  gsize size;
} Piece;

struct _RtmpChunkWriter
{
  GOutputStream *out;
  GCancellable *cancellable;
  guint chunk_size;
  GArray *pieces;               /* Piece */
  GByteArray *copies;
  GError *deferred_error;       /* of a flush in the middle of a batch */

  GMutex stats_lock;
  RtmpChunkWriterStats stats;
};

RtmpChunkWriter *
rtmp_chunk_writer_new (void)
{
  RtmpChunkWriter *writer = g_new0 (RtmpChunkWriter, 1);

  writer->chunk_size = RTMP_DEFAULT_CHUNK_SIZE;
  writer->pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  writer->copies = g_byte_array_new ();
  g_mutex_init (&writer->stats_lock);
  return writer;
}

void
rtmp_chunk_writer_free (RtmpChunkWriter * writer)
{
  rtmp_chunk_writer_set_output (writer, NULL, NULL);
  g_array_unref (writer->pieces);
  g_byte_array_unref (writer->copies);
  g_mutex_clear (&writer->stats_lock);
  g_free (writer);
}

void
rtmp_chunk_writer_set_output (RtmpChunkWriter * writer, GOutputStream * out,
    GCancellable * cancellable)
{
  g_set_object (&writer->out, out);
  g_set_object (&writer->cancellable, cancellable);
  g_array_set_size (writer->pieces, 0);
  g_byte_array_set_size (writer->copies, 0);
  g_clear_error (&writer->deferred_error);
}

void
rtmp_chunk_writer_set_chunk_size (RtmpChunkWriter * writer, guint chunk_size)
{
  writer->chunk_size = MAX (chunk_size, 1);
}

static gboolean
write_pieces (RtmpChunkWriter * writer, GError ** error)
{
  guint n = writer->pieces->len, i;
  g_autofree GOutputVector *vectors = NULL;
  gsize written = 0;
  gboolean ok;

  if (n == 0)
    return TRUE;
  if (!writer->out) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "Not connected");
    return FALSE;
  }
  vectors = g_new (GOutputVector, n);
  for (i = 0; i < n; i++) {
    Piece *piece = &g_array_index (writer->pieces, Piece, i);

    vectors[i].buffer = piece->copied ? writer->copies->data + piece->offset :
        piece->data;
    vectors[i].size = piece->size;
  }
  ok = g_output_stream_writev_all (writer->out, vectors, n, &written,
      writer->cancellable, error);
  g_array_set_size (writer->pieces, 0);
  g_byte_array_set_size (writer->copies, 0);
  g_mutex_lock (&writer->stats_lock);
  writer->stats.bytes += written;
  writer->stats.writes++;
  g_mutex_unlock (&writer->stats_lock);
  return ok;
}

static void
add_bytes (RtmpChunkWriter * writer, const guint8 * data, gsize size,
    gboolean stable)
{
  Piece piece = { FALSE, 0, data, size };

  if (size == 0 || writer->deferred_error)
    return;
  if (!stable) {
    Piece *last = writer->pieces->len ? &g_array_index (writer->pieces,
        Piece, writer->pieces->len - 1) : NULL;

    g_byte_array_append (writer->copies, data, size);
    if (last && last->copied
        && last->offset + last->size == writer->copies->len - size) {
      last->size += size;
      return;
    }
    piece.copied = TRUE;
    piece.offset = writer->copies->len - size;
    piece.data = NULL;
  }
  g_array_append_val (writer->pieces, piece);
  if (writer->pieces->len >= MAX_PIECES)
    write_pieces (writer, &writer->deferred_error);
}

/* The type 0 header that starts a message. */
static gsize
write_first_header (guint8 * h, const RtmpChunkHeader * header, gsize size)
{
  gboolean extended = header->timestamp >= EXTENDED_TIMESTAMP;

  h[0] = header->chunk_stream_id & 0x3f;
  GST_WRITE_UINT24_BE (h + 1, extended ? EXTENDED_TIMESTAMP :
      header->timestamp);
  GST_WRITE_UINT24_BE (h + 4, size);
  h[7] = header->type;
  /* the message stream id is the one little-endian field */
  GST_WRITE_UINT32_LE (h + 8, header->stream_id);
  if (!extended)
    return 12;
  GST_WRITE_UINT32_BE (h + 12, header->timestamp);
  return 16;
}

void
rtmp_chunk_writer_add (RtmpChunkWriter * writer,
    const RtmpChunkHeader * header, const guint8 * prefix, gsize prefix_size,
    const guint8 * data, gsize size, gboolean stable)
{
  gsize total = prefix_size + size, done = 0;
  gboolean extended = header->timestamp >= EXTENDED_TIMESTAMP;
  guint8 h[16];

  add_bytes (writer, h, write_first_header (h, header, total), FALSE);
  while (done < total) {
    gsize chunk = MIN (writer->chunk_size, total - done), from_prefix = 0;

    if (done > 0) {
      /* type 3: the same message continues */
      h[0] = 0xc0 | (header->chunk_stream_id & 0x3f);
      if (extended)
        GST_WRITE_UINT32_BE (h + 1, header->timestamp);
      add_bytes (writer, h, extended ? 5 : 1, FALSE);
    }
    if (done < prefix_size) {
      from_prefix = MIN (chunk, prefix_size - done);
      add_bytes (writer, prefix + done, from_prefix, TRUE);
    }
    if (chunk > from_prefix)
      add_bytes (writer, data + (done + from_prefix - prefix_size),
          chunk - from_prefix, stable);
    done += chunk;
  }
  g_mutex_lock (&writer->stats_lock);
  writer->stats.messages++;
  g_mutex_unlock (&writer->stats_lock);
}

gboolean
rtmp_chunk_writer_flush (RtmpChunkWriter * writer, GError ** error)
{
  if (writer->deferred_error) {
    g_array_set_size (writer->pieces, 0);
    g_byte_array_set_size (writer->copies, 0);
    g_propagate_error (error, g_steal_pointer (&writer->deferred_error));
    return FALSE;
  }
  return write_pieces (writer, error);
}

void
rtmp_chunk_writer_get_stats (RtmpChunkWriter * writer,
    RtmpChunkWriterStats * stats)
{
  g_mutex_lock (&writer->stats_lock);
  *stats = writer->stats;
  g_mutex_unlock (&writer->stats_lock);
}

/* Reading */

/* What the last chunk headers of one chunk stream said. */
typedef struct
{
  guint32 length;
  guint8 type;
  guint32 stream_id;
  gboolean extended;
  GByteArray *payload;          /* the message so far */
} InChunkStream;

struct _RtmpChunkReader
{
  GInputStream *in;
  GCancellable *cancellable;
  gsize max_message;
  guint32 chunk_size;
  guint64 bytes_read;
  GHashTable *streams;          /* chunk stream id -> InChunkStream */
  GByteArray *pending;          /* read ahead by the owner, served first */
};

static void
in_chunk_stream_free (InChunkStream * stream)
{
  g_byte_array_unref (stream->payload);
  g_free (stream);
}

RtmpChunkReader *
rtmp_chunk_reader_new (GInputStream * in, GCancellable * cancellable,
    gsize max_message)
{
  RtmpChunkReader *reader = g_new0 (RtmpChunkReader, 1);

  reader->in = g_object_ref (in);
  reader->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  reader->max_message = max_message;
  reader->chunk_size = RTMP_DEFAULT_CHUNK_SIZE;
  reader->streams = g_hash_table_new_full (NULL, NULL, NULL,
      (GDestroyNotify) in_chunk_stream_free);
  reader->pending = g_byte_array_new ();
  return reader;
}

void
rtmp_chunk_reader_free (RtmpChunkReader * reader)
{
  g_object_unref (reader->in);
  g_clear_object (&reader->cancellable);
  g_hash_table_unref (reader->streams);
  g_byte_array_unref (reader->pending);
  g_free (reader);
}

void
rtmp_chunk_reader_set_chunk_size (RtmpChunkReader * reader, guint32 chunk_size)
{
  reader->chunk_size = CLAMP (chunk_size, 1, 0x7fffffff);
}

guint64
rtmp_chunk_reader_get_bytes_read (RtmpChunkReader * reader)
{
  return reader->bytes_read;
}

void
rtmp_chunk_reader_push_back (RtmpChunkReader * reader, const guint8 * data,
    gsize size)
{
  g_byte_array_append (reader->pending, data, size);
}

gsize
rtmp_chunk_reader_get_pending (RtmpChunkReader * reader)
{
  return reader->pending->len;
}

gboolean
rtmp_chunk_reader_read_bytes (RtmpChunkReader * reader, guint8 * to,
    gsize size, GError ** error)
{
  gsize got = MIN (size, reader->pending->len), more = 0;

  if (got > 0) {
    memcpy (to, reader->pending->data, got);
    g_byte_array_remove_range (reader->pending, 0, got);
  }
  if (got < size && !g_input_stream_read_all (reader->in, to + got,
          size - got, &more, reader->cancellable, error))
    return FALSE;
  got += more;
  reader->bytes_read += got;
  if (got < size) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
        "Connection closed by the server");
    return FALSE;
  }
  return TRUE;
}

/* Reads a chunk's basic and message headers; returns its chunk stream. */
static InChunkStream *
read_chunk_header (RtmpChunkReader * reader, GError ** error)
{
  static const guint header_sizes[] = { 11, 7, 3 };
  guint8 b[11];
  guint format, id;
  InChunkStream *stream;

  if (!rtmp_chunk_reader_read_bytes (reader, b, 1, error))
    return NULL;
  format = b[0] >> 6;
  id = b[0] & 0x3f;
  if (id == 0) {
    if (!rtmp_chunk_reader_read_bytes (reader, b, 1, error))
      return NULL;
    id = 64 + b[0];
  } else if (id == 1) {
    if (!rtmp_chunk_reader_read_bytes (reader, b, 2, error))
      return NULL;
    id = 64 + b[0] + b[1] * 256;
  }
  stream = g_hash_table_lookup (reader->streams, GUINT_TO_POINTER (id));
  if (!stream) {
    stream = g_new0 (InChunkStream, 1);
    stream->payload = g_byte_array_new ();
    g_hash_table_insert (reader->streams, GUINT_TO_POINTER (id), stream);
  }
  if (format <= 2) {
    if (!rtmp_chunk_reader_read_bytes (reader, b, header_sizes[format], error))
      return NULL;
    if (format <= 1) {
      stream->length = GST_READ_UINT24_BE (b + 3);
      stream->type = b[6];
    }
    if (format == 0)
      stream->stream_id = GST_READ_UINT32_LE (b + 7);
    stream->extended = GST_READ_UINT24_BE (b) == EXTENDED_TIMESTAMP;
  }
  /* The timestamps themselves are of no use to a publisher. */
  if (stream->extended && !rtmp_chunk_reader_read_bytes (reader, b, 4, error))
    return NULL;
  return stream;
}

gboolean
rtmp_chunk_reader_read_message (RtmpChunkReader * reader,
    RtmpMessage * message, GError ** error)
{
  for (;;) {
    InChunkStream *stream = read_chunk_header (reader, error);
    gsize chunk, old;

    if (!stream)
      return FALSE;
    if (stream->length > reader->max_message) {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
          "the server sent a message of %u bytes", stream->length);
      return FALSE;
    }
    old = stream->payload->len;
    chunk = MIN (reader->chunk_size, stream->length - old);
    if (chunk > 0) {
      g_byte_array_set_size (stream->payload, old + chunk);
      if (!rtmp_chunk_reader_read_bytes (reader, stream->payload->data + old,
              chunk, error))
        return FALSE;
    }
    if (stream->payload->len < stream->length)
      continue;
    message->type = stream->type;
    message->stream_id = stream->stream_id;
    message->payload = stream->payload;
    stream->payload = g_byte_array_new ();
    return TRUE;
  }
}
