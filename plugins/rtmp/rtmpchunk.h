/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __RTMP_CHUNK_H__
#define __RTMP_CHUNK_H__

#include <gio/gio.h>

#include "rtmpmessage.h"

G_BEGIN_DECLS

/* The RTMP chunk stream: messages cut into chunks on the way out, chunks
 * of interleaved chunk streams put back together on the way in. */

/* What a chunk header says about its message. */
typedef struct
{
  guint chunk_stream_id;        /* 2 to 63: we send on RtmpChunkStreamId */
  guint8 type;                  /* RtmpMessageType */
  guint32 stream_id;
  guint32 timestamp;            /* ms; 0xffffff and above go extended */
} RtmpChunkHeader;

/* Chunks are gathered as pieces and go out with one writev per flush:
 * headers (and data that does not outlive the call) are copied into the
 * writer, data marked stable is only referenced and must stay valid until
 * the next flush. A batch of very many pieces is written as it goes, and
 * a failure then is returned by the next flush. */
typedef struct _RtmpChunkWriter RtmpChunkWriter;

typedef struct
{
  guint64 bytes;                /* written */
  guint64 messages;             /* queued */
  guint64 writes;               /* writev calls */
} RtmpChunkWriterStats;

RtmpChunkWriter *rtmp_chunk_writer_new (void);
void rtmp_chunk_writer_free (RtmpChunkWriter * writer);

/* Where flushes write to (NULL: nowhere); drops what is queued. */
void rtmp_chunk_writer_set_output (RtmpChunkWriter * writer,
    GOutputStream * out, GCancellable * cancellable);
void rtmp_chunk_writer_set_chunk_size (RtmpChunkWriter * writer,
    guint chunk_size);

/* Queues one message: @prefix (stable, may be NULL) then @data. */
void rtmp_chunk_writer_add (RtmpChunkWriter * writer,
    const RtmpChunkHeader * header, const guint8 * prefix, gsize prefix_size,
    const guint8 * data, gsize size, gboolean stable);
gboolean rtmp_chunk_writer_flush (RtmpChunkWriter * writer, GError ** error);

/* Safe from any thread. */
void rtmp_chunk_writer_get_stats (RtmpChunkWriter * writer,
    RtmpChunkWriterStats * stats);

/* Reads from a blocking input stream; a message longer than @max_message
 * bytes is refused (G_IO_ERROR_INVALID_DATA). */
typedef struct _RtmpChunkReader RtmpChunkReader;

RtmpChunkReader *rtmp_chunk_reader_new (GInputStream * in,
    GCancellable * cancellable, gsize max_message);
void rtmp_chunk_reader_free (RtmpChunkReader * reader);

void rtmp_chunk_reader_set_chunk_size (RtmpChunkReader * reader,
    guint32 chunk_size);
/* Every byte read so far, chunk headers included (what acknowledgements
 * count). */
guint64 rtmp_chunk_reader_get_bytes_read (RtmpChunkReader * reader);

/* Bytes the owner read from the stream itself (without blocking), to be
 * read before the stream's. */
void rtmp_chunk_reader_push_back (RtmpChunkReader * reader,
    const guint8 * data, gsize size);
gsize rtmp_chunk_reader_get_pending (RtmpChunkReader * reader);

/* Exactly @size bytes outside the chunk stream (the handshake). */
gboolean rtmp_chunk_reader_read_bytes (RtmpChunkReader * reader, guint8 * to,
    gsize size, GError ** error);

/* Reads chunks until a message is whole; its payload is the caller's. */
gboolean rtmp_chunk_reader_read_message (RtmpChunkReader * reader,
    RtmpMessage * message, GError ** error);

G_END_DECLS

#endif /* __RTMP_CHUNK_H__ */
