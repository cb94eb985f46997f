/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __RTMP_CONNECTION_H__
#define __RTMP_CONNECTION_H__

#include <gst/gst.h>
#include <gio/gio.h>

#include "rtmpchunk.h"

G_BEGIN_DECLS

/* One RTMP connection to a server, used from one thread at a time (only
 * the stats may be read from any thread): the socket or TLS stream, the
 * handshake, the chunk streams both ways, and the control messages the
 * server expects answered (acknowledgements, pings). Every call blocks at
 * most the server's timeout and returns at once when the cancellable given
 * at creation is cancelled (G_IO_ERROR_CANCELLED); every other error is in
 * the RTMP_ERROR domain (rtmperror.h). The object outlives its
 * connections: open, close, open again. */
typedef struct _RtmpConnection RtmpConnection;

typedef struct
{
  const gchar *host;
  guint port;
  gboolean tls;
  GTlsCertificateFlags tls_validation_flags;    /* that refuse the server */
  guint timeout;                /* seconds a connect, read or write may take */
} RtmpServer;

RtmpConnection *rtmp_connection_new (GCancellable * cancellable);
void rtmp_connection_free (RtmpConnection * connection);

/* TCP (TLS for rtmps) and the RTMP handshake. */
gboolean rtmp_connection_open (RtmpConnection * connection,
    const RtmpServer * server, GError ** error);
/* Closes without a word to the server; safe when not open. */
void rtmp_connection_close (RtmpConnection * connection);

/* The size of the chunks we send, announced to the server. */
void rtmp_connection_set_chunk_size (RtmpConnection * connection,
    guint chunk_size);

/* Queues an AMF0 command (takes @amf) on message stream @stream_id. */
void rtmp_connection_queue_command (RtmpConnection * connection,
    guint32 stream_id, GByteArray * amf);
/* Writes what is queued. */
gboolean rtmp_connection_flush (RtmpConnection * connection, GError ** error);

/* Reads until the server sends a command; control messages on the way
 * are obeyed and answered. The payload is the caller's. */
gboolean rtmp_connection_read_command (RtmpConnection * connection,
    GByteArray ** payload, GError ** error);

/* Reads what the server sent, after waiting up to @wait for it to send
 * something (0: not at all): control messages are obeyed and answered
 * (acknowledgements counted, see rtmp_connection_get_acks()), the rest
 * dropped. It starts with a non-blocking read, so a TLS record without
 * data never stalls the caller; only the rest of a message that has begun
 * is waited for. FALSE with RTMP_ERROR_CLOSED if the server closed the
 * connection. */
gboolean rtmp_connection_read_input (RtmpConnection * connection,
    GTimeSpan wait, GError ** error);

/* Asks the server to acknowledge every @window bytes it receives (Window
 * Acknowledgement Size); queued, sent with the next flush. */
void rtmp_connection_set_window (RtmpConnection * connection,
    guint32 window);

/* What the server acknowledged: @bytes received (as it counts them: all
 * bytes of the connection, handshake included) in @acks messages. */
void rtmp_connection_get_acks (RtmpConnection * connection, guint64 * bytes,
    guint64 * acks);

/* Sends the FLV tags in @buffers as media messages of stream @stream_id,
 * all in one writev (tags split over buffers, or over calls, are
 * gathered), then drops what the server sent meanwhile. */
gboolean rtmp_connection_write_flv (RtmpConnection * connection,
    guint32 stream_id, GstBuffer ** buffers, guint n_buffers,
    GError ** error);

/* What was sent, over every connection of this object. */
void rtmp_connection_get_stats (RtmpConnection * connection,
    RtmpChunkWriterStats * stats);

G_END_DECLS

#endif /* __RTMP_CONNECTION_H__ */
