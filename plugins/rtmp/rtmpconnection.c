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
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "rtmpconnection.h"
#include "rtmperror.h"
#include "rtmpflv.h"

#define HANDSHAKE_SIZE 1536
#define RTMP_VERSION 3
/* A publisher gets only answers to its commands: nothing big. */
#define MAX_IN_MESSAGE (1 << 20)

struct _RtmpConnection
{
  GCancellable *cancellable;
  GTlsCertificateFlags tls_validation_flags;

  GSocketConnection *socket_connection;
  GIOStream *stream;            /* the socket connection, or TLS over it */
  RtmpChunkWriter *writer;
  RtmpChunkReader *reader;      /* NULL when not open */
  RtmpFlvPacker *packer;
  guint32 window;               /* acknowledgement window, 0 = none */
  guint64 acked;                /* bytes read when we last acknowledged */
  /* The server's acknowledgements of what we sent */
  guint64 server_acked;         /* bytes, 32-bit sequence numbers unwrapped */
  guint32 server_sequence;
  guint64 server_acks;
};

RtmpConnection *
rtmp_connection_new (GCancellable * cancellable)
{
  RtmpConnection *connection = g_new0 (RtmpConnection, 1);

  connection->cancellable = g_object_ref (cancellable);
  connection->writer = rtmp_chunk_writer_new ();
  connection->packer = rtmp_flv_packer_new ();
  return connection;
}

void
rtmp_connection_free (RtmpConnection * connection)
{
  rtmp_connection_close (connection);
  rtmp_chunk_writer_free (connection->writer);
  rtmp_flv_packer_free (connection->packer);
  g_object_unref (connection->cancellable);
  g_free (connection);
}

void
rtmp_connection_close (RtmpConnection * connection)
{
  if (connection->stream)
    g_io_stream_close (connection->stream, NULL, NULL);
  g_clear_object (&connection->stream);
  g_clear_object (&connection->socket_connection);
  g_clear_pointer (&connection->reader, rtmp_chunk_reader_free);
  rtmp_chunk_writer_set_output (connection->writer, NULL, NULL);
  rtmp_flv_packer_reset (connection->packer);
  connection->window = 0;
  connection->acked = 0;
  connection->server_acked = connection->server_acks = 0;
  connection->server_sequence = 0;
}

/* Connecting */

static gboolean
accept_certificate (GTlsConnection * tls, GTlsCertificate * certificate,
    GTlsCertificateFlags errors, gpointer data)
{
  RtmpConnection *connection = data;

  return (errors & connection->tls_validation_flags) == 0;
}

static gboolean
start_tls (RtmpConnection * connection, const RtmpServer * server,
    GError ** error)
{
  g_autoptr (GSocketConnectable) identity =
      g_network_address_new (server->host, server->port);
  GIOStream *tls = g_tls_client_connection_new (G_IO_STREAM
      (connection->socket_connection), identity, error);

  if (!tls)
    return FALSE;
  g_signal_connect (tls, "accept-certificate",
      G_CALLBACK (accept_certificate), connection);
  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls),
          connection->cancellable, error)) {
    g_object_unref (tls);
    return FALSE;
  }
  connection->stream = tls;
  return TRUE;
}

/* C0+C1, S0+S1+S2, C2 (S1 echoed); the random bytes are not checked by
 * any server we know, nor by us. */
static gboolean
handshake (RtmpConnection * connection, GError ** error)
{
  GOutputStream *out = g_io_stream_get_output_stream (connection->stream);
  guint8 c01[1 + HANDSHAKE_SIZE], s01[1 + HANDSHAKE_SIZE];
  guint8 s2[HANDSHAKE_SIZE];
  guint i;

  c01[0] = RTMP_VERSION;
  memset (c01 + 1, 0, 8);
  for (i = 9; i < sizeof (c01); i++)
    c01[i] = g_random_int () & 0xff;
  if (!g_output_stream_write_all (out, c01, sizeof (c01), NULL,
          connection->cancellable, error)
      || !rtmp_chunk_reader_read_bytes (connection->reader, s01,
          sizeof (s01), error)
      || !rtmp_chunk_reader_read_bytes (connection->reader, s2, sizeof (s2),
          error))
    return FALSE;
  if (s01[0] != RTMP_VERSION) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
        "the server does not speak RTMP (version %u)", s01[0]);
    return FALSE;
  }
  return g_output_stream_write_all (out, s01 + 1, HANDSHAKE_SIZE, NULL,
      connection->cancellable, error);
}

gboolean
rtmp_connection_open (RtmpConnection * connection, const RtmpServer * server,
    GError ** error)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  GSocket *socket;

  rtmp_connection_close (connection);
  connection->tls_validation_flags = server->tls_validation_flags;
  g_socket_client_set_timeout (client, server->timeout);
  connection->socket_connection = g_socket_client_connect_to_host (client,
      server->host, server->port, connection->cancellable, error);
  if (!connection->socket_connection) {
    rtmp_error_classify (error, RTMP_ERROR_UNREACHABLE);
    return FALSE;
  }
  socket = g_socket_connection_get_socket (connection->socket_connection);
  g_socket_set_timeout (socket, server->timeout);
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  if (!server->tls)
    connection->stream = g_object_ref (G_IO_STREAM
        (connection->socket_connection));
  else if (!start_tls (connection, server, error)) {
    rtmp_error_classify (error, RTMP_ERROR_TLS);
    return FALSE;
  }
  connection->reader =
      rtmp_chunk_reader_new (g_io_stream_get_input_stream
      (connection->stream), connection->cancellable, MAX_IN_MESSAGE);
  rtmp_chunk_writer_set_output (connection->writer,
      g_io_stream_get_output_stream (connection->stream),
      connection->cancellable);
  if (!handshake (connection, error)) {
    rtmp_error_classify (error, RTMP_ERROR_IO);
    return FALSE;
  }
  return TRUE;
}

/* Messages */

static void
queue_control (RtmpConnection * connection, guint8 type,
    const guint8 * data, gsize size)
{
  RtmpChunkHeader header = { RTMP_CHUNK_STREAM_CONTROL, type, 0, 0 };

  rtmp_chunk_writer_add (connection->writer, &header, NULL, 0, data, size,
      FALSE);
}

void
rtmp_connection_set_chunk_size (RtmpConnection * connection, guint chunk_size)
{
  guint8 size[4];

  GST_WRITE_UINT32_BE (size, chunk_size);
  rtmp_chunk_writer_set_chunk_size (connection->writer, chunk_size);
  queue_control (connection, RTMP_MESSAGE_SET_CHUNK_SIZE, size, 4);
}

void
rtmp_connection_queue_command (RtmpConnection * connection,
    guint32 stream_id, GByteArray * amf)
{
  RtmpChunkHeader header = { RTMP_CHUNK_STREAM_COMMAND,
    RTMP_MESSAGE_COMMAND_AMF0, stream_id, 0
  };

  rtmp_chunk_writer_add (connection->writer, &header, NULL, 0, amf->data,
      amf->len, FALSE);
  g_byte_array_unref (amf);
}

gboolean
rtmp_connection_flush (RtmpConnection * connection, GError ** error)
{
  if (rtmp_chunk_writer_flush (connection->writer, error))
    return TRUE;
  rtmp_error_classify (error, RTMP_ERROR_IO);
  return FALSE;
}

/* An acknowledgement once the server's window is half used. */
static void
queue_pending_ack (RtmpConnection * connection)
{
  guint64 received = rtmp_chunk_reader_get_bytes_read (connection->reader);
  guint8 count[4];

  if (!connection->window || received - connection->acked <
      connection->window / 2)
    return;
  connection->acked = received;
  GST_WRITE_UINT32_BE (count, (guint32) received);
  queue_control (connection, RTMP_MESSAGE_ACKNOWLEDGEMENT, count, 4);
}

/* Obeys or answers a control message; FALSE for anything else. */
static gboolean
handle_control (RtmpConnection * connection, const RtmpMessage * message)
{
  const guint8 *data = message->payload->data;
  guint size = message->payload->len;

  switch (message->type) {
    case RTMP_MESSAGE_SET_CHUNK_SIZE:
      if (size >= 4)
        rtmp_chunk_reader_set_chunk_size (connection->reader,
            GST_READ_UINT32_BE (data));
      return TRUE;
    case RTMP_MESSAGE_WINDOW_ACK_SIZE:
      if (size >= 4)
        connection->window = GST_READ_UINT32_BE (data);
      return TRUE;
    case RTMP_MESSAGE_ACKNOWLEDGEMENT:
      if (size >= 4) {
        guint32 sequence = GST_READ_UINT32_BE (data);

        connection->server_acked += (guint32) (sequence -
            connection->server_sequence);
        connection->server_sequence = sequence;
        connection->server_acks++;
      }
      return TRUE;
    case RTMP_MESSAGE_USER_CONTROL:
      if (size >= 6 && GST_READ_UINT16_BE (data) ==
          RTMP_USER_CONTROL_PING_REQUEST) {
        guint8 pong[6];

        memcpy (pong, data, 6);
        GST_WRITE_UINT16_BE (pong, RTMP_USER_CONTROL_PING_RESPONSE);
        queue_control (connection, RTMP_MESSAGE_USER_CONTROL, pong, 6);
      }
      return TRUE;
    default:
      return FALSE;
  }
}

gboolean
rtmp_connection_read_command (RtmpConnection * connection,
    GByteArray ** payload, GError ** error)
{
  for (;;) {
    RtmpMessage message;

    if (!rtmp_chunk_reader_read_message (connection->reader, &message, error))
      goto failed;
    queue_pending_ack (connection);
    handle_control (connection, &message);
    if (!rtmp_chunk_writer_flush (connection->writer, error)) {
      g_byte_array_unref (message.payload);
      goto failed;
    }
    if (message.type == RTMP_MESSAGE_COMMAND_AMF0) {
      *payload = message.payload;
      return TRUE;
    }
    g_byte_array_unref (message.payload);
  }

  /* ERRORS */
failed:
  rtmp_error_classify (error, RTMP_ERROR_IO);
  return FALSE;
}

gboolean
rtmp_connection_read_input (RtmpConnection * connection, GTimeSpan wait,
    GError ** error)
{
  GPollableInputStream *in =
      G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream
      (connection->stream));

  if (wait > 0 && !g_socket_condition_timed_wait
      (g_socket_connection_get_socket (connection->socket_connection),
          G_IO_IN | G_IO_HUP | G_IO_ERR, wait, connection->cancellable, NULL))
    return TRUE;
  for (;;) {
    g_autoptr (GError) read_error = NULL;
    guint8 scratch[4096];
    gssize got = g_pollable_input_stream_read_nonblocking (in, scratch,
        sizeof (scratch), connection->cancellable, &read_error);

    if (got > 0) {
      /* Whole messages from there: the rest of one that has begun is on
       * its way (a blocking read for it, not for a TLS record without
       * data). */
      rtmp_chunk_reader_push_back (connection->reader, scratch, got);
      while (rtmp_chunk_reader_get_pending (connection->reader) > 0) {
        RtmpMessage message;

        if (!rtmp_chunk_reader_read_message (connection->reader, &message,
                error)) {
          rtmp_error_classify (error, RTMP_ERROR_IO);
          return FALSE;
        }
        queue_pending_ack (connection);
        handle_control (connection, &message);
        g_byte_array_unref (message.payload);
      }
      continue;
    }
    if (got == 0) {
      g_set_error (error, RTMP_ERROR, RTMP_ERROR_CLOSED,
          "Connection closed by the server");
      return FALSE;
    }
    if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
      return rtmp_connection_flush (connection, error);
    rtmp_error_classify (&read_error, RTMP_ERROR_IO);
    g_propagate_error (error, g_steal_pointer (&read_error));
    return FALSE;
  }
}

void
rtmp_connection_set_window (RtmpConnection * connection, guint32 window)
{
  guint8 size[4];

  GST_WRITE_UINT32_BE (size, window);
  queue_control (connection, RTMP_MESSAGE_WINDOW_ACK_SIZE, size, 4);
}

void
rtmp_connection_get_acks (RtmpConnection * connection, guint64 * bytes,
    guint64 * acks)
{
  *bytes = connection->server_acked;
  *acks = connection->server_acks;
}

gboolean
rtmp_connection_write_flv (RtmpConnection * connection, guint32 stream_id,
    GstBuffer ** buffers, guint n_buffers, GError ** error)
{
  gboolean ok;

  rtmp_flv_packer_add (connection->packer, connection->writer, stream_id,
      buffers, n_buffers);
  ok = rtmp_connection_flush (connection, error);
  rtmp_flv_packer_release (connection->packer);
  return ok && rtmp_connection_read_input (connection, 0, error);
}

void
rtmp_connection_get_stats (RtmpConnection * connection,
    RtmpChunkWriterStats * stats)
{
  rtmp_chunk_writer_get_stats (connection->writer, stats);
}
