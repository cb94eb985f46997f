/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-rtmppushsink
 * @title: rtmppushsink
 *
 * Publishes an FLV stream to an RTMP or RTMPS server, writing from the
 * streaming thread that feeds it: no connection thread, no main loop, no
 * hand-off per message. A buffer list (restreamtee's batches) becomes one
 * write of all its RTMP chunks. Made for restreamtee, whose pads each have
 * a thread of their own: a slow server blocks that pad only.
 *
 * The location is rtmp2sink's: `rtmp[s]://HOST[:PORT]/APP/STREAM`; the last
 * path segment is the stream key and is never shown in messages or logs.
 *
 * |[
 * gst-launch-1.0 rtmp2src location=rtmp://127.0.0.1/live/in ! \
 *     restreamtee name=t batch-time=50000000 \
 *     t. ! rtmppushsink location=rtmp://127.0.0.1/live/a \
 *     t. ! rtmppushsink location=rtmp://127.0.0.1/live/b
 * ]|
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <gio/gio.h>

#include "gstrtmppushsink.h"
#include "gstrestreamelements.h"

GST_DEBUG_CATEGORY_STATIC (gst_rtmp_push_sink_debug);
#define GST_CAT_DEFAULT gst_rtmp_push_sink_debug

#define DEFAULT_CHUNK_SIZE 4096
#define DEFAULT_TIMEOUT 5
#define HANDSHAKE_SIZE 1536
#define MAX_IN_MESSAGE (1 << 20)
/* µs to wait after the publish was confirmed, see connect_and_publish */
#define PUBLISH_SETTLE (300 * G_TIME_SPAN_MILLISECOND)

/* Chunk streams of what we send. */
#define CSID_CONTROL 2
#define CSID_COMMAND 3
#define CSID_AUDIO 4
#define CSID_DATA 5
#define CSID_VIDEO 6

#define MSG_SET_CHUNK_SIZE 1
#define MSG_ACK 3
#define MSG_USER_CONTROL 4
#define MSG_WINDOW_ACK 5
#define MSG_AUDIO 8
#define MSG_VIDEO 9
#define MSG_DATA 18
#define MSG_COMMAND 20

enum
{
  PROP_0,
  PROP_LOCATION,
  PROP_CHUNK_SIZE,
  PROP_TIMEOUT,
  PROP_TLS_VALIDATION_FLAGS,
  PROP_STATS,
};

typedef struct
{
  gboolean copied;              /* in hdrs at offset, or at ptr */
  gsize offset;
  const guint8 *ptr;
  gsize len;
} Piece;

#define MAX_PIECES 1000

typedef struct
{
  GstBuffer *buffer;
  GstMapInfo map;
} Mapped;

typedef struct
{
  guint32 length;
  guint8 type;
  guint32 stream;
  guint32 timestamp;
  gboolean extended;
  GByteArray *payload;
} InChunkStream;

struct _GstRtmpPushSink
{
  GstBaseSink parent;

  /* properties */
  gchar *location;
  guint chunk_size;
  guint timeout;
  GTlsCertificateFlags tls_flags;

  /* from the location */
  gchar *host;
  guint port;
  gboolean tls;
  gchar *app;
  gchar *key;                   /* secret */
  gchar *tc_url;                /* without the key */

  /* the connection; only the streaming thread touches it */
  GCancellable *cancellable;
  GSocketConnection *socket_connection;
  GIOStream *stream;
  GInputStream *in;
  GOutputStream *out;
  gboolean publishing;
  guint32 stream_id;
  guint in_chunk_size;
  guint32 window;
  guint64 received;
  guint64 acked;
  GHashTable *in_streams;       /* csid -> InChunkStream */
  GByteArray *flv;              /* FLV bytes not yet sent as messages */
  GByteArray *outbuf;           /* commands being written */
  gboolean flv_header_done;
  /* media: written with one writev per batch; payload is referenced in
   * the mapped buffers, headers (and split tags) are copied into hdrs */
  gboolean vectored;
  GArray *pieces;               /* Piece */
  GByteArray *hdrs;
  GArray *maps;                 /* Mapped: the buffers referenced */
  GError *write_error;

  /* stats, under the object lock */
  guint64 bytes_out;
  guint64 messages_out;
  guint64 writes;
};

#define gst_rtmp_push_sink_parent_class parent_class
G_DEFINE_TYPE (GstRtmpPushSink, gst_rtmp_push_sink, GST_TYPE_BASE_SINK);
GST_ELEMENT_REGISTER_DEFINE (rtmppushsink, "rtmppushsink", GST_RANK_NONE,
    GST_TYPE_RTMP_PUSH_SINK);

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS ("video/x-flv"));

/* AMF0 encoding */

static void
amf_string (GByteArray * b, const gchar * s)
{
  gsize n = strlen (s);
  guint8 h[3] = { 0x02, (n >> 8) & 0xff, n & 0xff };

  g_byte_array_append (b, h, 3);
  g_byte_array_append (b, (const guint8 *) s, n);
}

static void
amf_number (GByteArray * b, gdouble v)
{
  guint64 bits;
  guint8 h[9];
  gint i;

  memcpy (&bits, &v, 8);
  h[0] = 0x00;
  for (i = 0; i < 8; i++)
    h[1 + i] = (bits >> (56 - 8 * i)) & 0xff;
  g_byte_array_append (b, h, 9);
}

static void
amf_null (GByteArray * b)
{
  guint8 h = 0x05;

  g_byte_array_append (b, &h, 1);
}

static void
amf_key (GByteArray * b, const gchar * k)
{
  gsize n = strlen (k);
  guint8 h[2] = { (n >> 8) & 0xff, n & 0xff };

  g_byte_array_append (b, h, 2);
  g_byte_array_append (b, (const guint8 *) k, n);
}

/* AMF0 decoding: just enough for command answers. */

typedef struct
{
  const guint8 *p, *end;
} Amf;

static gboolean amf_skip (Amf * a, guint depth);

static gboolean
amf_skip_properties (Amf * a, guint depth)
{
  while (a->end - a->p >= 3) {
    guint n = (a->p[0] << 8) | a->p[1];

    if (n == 0 && a->p[2] == 0x09) {
      a->p += 3;
      return TRUE;
    }
    if ((gsize) (a->end - a->p) < 2 + n)
      return FALSE;
    a->p += 2 + n;
    if (!amf_skip (a, depth + 1))
      return FALSE;
  }
  return FALSE;
}

static gboolean
amf_skip (Amf * a, guint depth)
{
  guint8 type;
  guint32 n;

  if (a->p >= a->end || depth > 16)
    return FALSE;
  type = *a->p++;
  switch (type) {
    case 0x00:                 /* number */
      if (a->end - a->p < 8)
        return FALSE;
      a->p += 8;
      return TRUE;
    case 0x01:                 /* boolean */
      if (a->end - a->p < 1)
        return FALSE;
      a->p += 1;
      return TRUE;
    case 0x02:                 /* string */
      if (a->end - a->p < 2)
        return FALSE;
      n = (a->p[0] << 8) | a->p[1];
      if ((gsize) (a->end - a->p) < 2 + n)
        return FALSE;
      a->p += 2 + n;
      return TRUE;
    case 0x03:                 /* object */
      return amf_skip_properties (a, depth);
    case 0x05:                 /* null */
    case 0x06:                 /* undefined */
      return TRUE;
    case 0x08:                 /* ECMA array */
      if (a->end - a->p < 4)
        return FALSE;
      a->p += 4;
      return amf_skip_properties (a, depth);
    default:
      return FALSE;
  }
}

static gchar *
amf_read_string (Amf * a)
{
  guint n;
  gchar *s;

  if (a->end - a->p < 3 || a->p[0] != 0x02)
    return NULL;
  n = (a->p[1] << 8) | a->p[2];
  if ((gsize) (a->end - a->p) < 3 + n)
    return NULL;
  s = g_strndup ((const gchar *) a->p + 3, n);
  a->p += 3 + n;
  return s;
}

static gboolean
amf_read_number (Amf * a, gdouble * v)
{
  guint64 bits = 0;
  gint i;

  if (a->end - a->p < 9 || a->p[0] != 0x00)
    return FALSE;
  for (i = 0; i < 8; i++)
    bits = (bits << 8) | a->p[1 + i];
  memcpy (v, &bits, 8);
  a->p += 9;
  return TRUE;
}

/* A string property of the object at a->p (which is left unchanged). */
static gchar *
amf_object_string (const Amf * at, const gchar * key)
{
  Amf a = *at;
  gsize k = strlen (key);

  if (a.p >= a.end || a.p[0] != 0x03)
    return NULL;
  a.p++;
  while (a.end - a.p >= 3) {
    guint n = (a.p[0] << 8) | a.p[1];

    if (n == 0 && a.p[2] == 0x09)
      return NULL;
    if ((gsize) (a.end - a.p) < 2 + n)
      return NULL;
    if (n == k && memcmp (a.p + 2, key, k) == 0) {
      a.p += 2 + n;
      return amf_read_string (&a);
    }
    a.p += 2 + n;
    if (!amf_skip (&a, 1))
      return NULL;
  }
  return NULL;
}

/* Chunking */

static void
put_be (guint8 * p, guint32 v, guint bytes)
{
  guint i;

  for (i = 0; i < bytes; i++)
    p[i] = (v >> (8 * (bytes - 1 - i))) & 0xff;
}

static gboolean flush_pieces (GstRtmpPushSink * self, GError ** error);

/* @stable: @p stays valid until the batch is written (mapped buffers,
 * static data); otherwise the bytes are copied. */
static void
out_bytes (GstRtmpPushSink * self, const guint8 * p, gsize n, gboolean stable)
{
  Piece piece = { FALSE, 0, p, n };

  if (!self->vectored) {
    g_byte_array_append (self->outbuf, p, n);
    return;
  }
  if (n == 0 || self->write_error)
    return;
  if (!stable) {
    Piece *last = self->pieces->len ? &g_array_index (self->pieces, Piece,
        self->pieces->len - 1) : NULL;

    if (last && last->copied && last->offset + last->len == self->hdrs->len) {
      last->len += n;
      g_byte_array_append (self->hdrs, p, n);
      return;
    }
    piece.copied = TRUE;
    piece.offset = self->hdrs->len;
    piece.ptr = NULL;
    g_byte_array_append (self->hdrs, p, n);
  }
  g_array_append_val (self->pieces, piece);
  if (self->pieces->len >= MAX_PIECES)
    flush_pieces (self, &self->write_error);
}

static gboolean
flush_pieces (GstRtmpPushSink * self, GError ** error)
{
  guint n = self->pieces->len, i;
  GOutputVector *vectors;
  gsize written = 0;
  gboolean ok;

  if (n == 0)
    return TRUE;
  vectors = g_new (GOutputVector, n);
  for (i = 0; i < n; i++) {
    Piece *piece = &g_array_index (self->pieces, Piece, i);

    vectors[i].buffer = piece->copied ? self->hdrs->data + piece->offset :
        piece->ptr;
    vectors[i].size = piece->len;
  }
  ok = g_output_stream_writev_all (self->out, vectors, n, &written,
      self->cancellable, error);
  g_free (vectors);
  g_array_set_size (self->pieces, 0);
  g_byte_array_set_size (self->hdrs, 0);
  GST_OBJECT_LOCK (self);
  self->bytes_out += written;
  self->writes++;
  GST_OBJECT_UNLOCK (self);
  return ok;
}

/* Appends one message to the output, in chunks of chunk_size. */
static void
queue_message_full (GstRtmpPushSink * self, guint csid, guint8 type,
    guint32 stream, guint32 timestamp, const guint8 * prefix,
    gsize prefix_len, const guint8 * data, gsize len, gboolean stable)
{
  gsize total = prefix_len + len, done = 0;
  gboolean extended = timestamp >= 0xffffff;
  guint8 h[16];
  gsize n;

  h[0] = csid & 0x3f;
  put_be (h + 1, extended ? 0xffffff : timestamp, 3);
  put_be (h + 4, total, 3);
  h[7] = type;
  /* message stream id, little endian */
  h[8] = stream & 0xff;
  h[9] = (stream >> 8) & 0xff;
  h[10] = (stream >> 16) & 0xff;
  h[11] = (stream >> 24) & 0xff;
  n = 12;
  if (extended) {
    put_be (h + 12, timestamp, 4);
    n = 16;
  }
  out_bytes (self, h, n, FALSE);
  while (done < total) {
    gsize piece = MIN (self->chunk_size, total - done), from_prefix = 0;

    if (done > 0) {
      guint8 c[5] = { 0xc0 | (csid & 0x3f) };

      if (extended)
        put_be (c + 1, timestamp, 4);
      out_bytes (self, c, extended ? 5 : 1, FALSE);
    }
    if (done < prefix_len) {
      from_prefix = MIN (piece, prefix_len - done);
      /* prefixes are static */
      out_bytes (self, prefix + done, from_prefix, TRUE);
    }
    if (piece > from_prefix)
      out_bytes (self, data + (done + from_prefix - prefix_len),
          piece - from_prefix, stable);
    done += piece;
  }
  self->messages_out++;
}

static void
queue_message (GstRtmpPushSink * self, guint csid, guint8 type,
    guint32 stream, guint32 timestamp, const guint8 * prefix,
    gsize prefix_len, const guint8 * data, gsize len)
{
  queue_message_full (self, csid, type, stream, timestamp, prefix,
      prefix_len, data, len, FALSE);
}

static gboolean
flush_out (GstRtmpPushSink * self, GError ** error)
{
  gsize written = 0;
  gboolean ok;

  if (self->outbuf->len == 0)
    return TRUE;
  ok = g_output_stream_write_all (self->out, self->outbuf->data,
      self->outbuf->len, &written, self->cancellable, error);
  GST_OBJECT_LOCK (self);
  self->bytes_out += written;
  self->writes++;
  GST_OBJECT_UNLOCK (self);
  g_byte_array_set_size (self->outbuf, 0);
  return ok;
}

static void
queue_command (GstRtmpPushSink * self, guint32 stream, GByteArray * amf)
{
  queue_message (self, CSID_COMMAND, MSG_COMMAND, stream, 0, NULL, 0,
      amf->data, amf->len);
  g_byte_array_unref (amf);
}

/* Reading what the server sends */

static gboolean
read_exact (GstRtmpPushSink * self, guint8 * to, gsize n, GError ** error)
{
  gsize got = 0;

  if (!g_input_stream_read_all (self->in, to, n, &got, self->cancellable,
          error))
    return FALSE;
  self->received += got;
  if (got < n) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
        "Connection closed by the server");
    return FALSE;
  }
  return TRUE;
}

static void
in_stream_free (InChunkStream * s)
{
  g_byte_array_unref (s->payload);
  g_free (s);
}

static gboolean send_pending_ack (GstRtmpPushSink * self, GError ** error);

/* Reads chunks until one message is whole; control messages are handled
 * here and *type is set to 0 for them. */
static gboolean
read_message (GstRtmpPushSink * self, guint8 * type, GByteArray ** payload,
    GError ** error)
{
  for (;;) {
    guint8 b[11];
    guint fmt, csid;
    InChunkStream *s;
    guint32 ts = 0;
    gsize piece;

    if (!read_exact (self, b, 1, error))
      return FALSE;
    fmt = b[0] >> 6;
    csid = b[0] & 0x3f;
    if (csid == 0) {
      if (!read_exact (self, b, 1, error))
        return FALSE;
      csid = 64 + b[0];
    } else if (csid == 1) {
      if (!read_exact (self, b, 2, error))
        return FALSE;
      csid = 64 + b[0] + b[1] * 256;
    }
    s = g_hash_table_lookup (self->in_streams, GUINT_TO_POINTER (csid));
    if (!s) {
      s = g_new0 (InChunkStream, 1);
      s->payload = g_byte_array_new ();
      g_hash_table_insert (self->in_streams, GUINT_TO_POINTER (csid), s);
    }
    if (fmt <= 2) {
      static const guint sizes[] = { 11, 7, 3 };

      if (!read_exact (self, b, sizes[fmt], error))
        return FALSE;
      ts = (b[0] << 16) | (b[1] << 8) | b[2];
      if (fmt <= 1) {
        s->length = (b[3] << 16) | (b[4] << 8) | b[5];
        s->type = b[6];
      }
      if (fmt == 0)
        s->stream = b[7] | (b[8] << 8) | (b[9] << 16) | ((guint32) b[10] << 24);
      s->extended = ts == 0xffffff;
    }
    if (s->extended && !read_exact (self, b, 4, error))
      return FALSE;
    if (s->length > MAX_IN_MESSAGE) {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
          "the server sent a message of %u bytes", s->length);
      return FALSE;
    }
    piece = MIN (self->in_chunk_size, s->length - s->payload->len);
    if (piece > 0) {
      guint old = s->payload->len;

      g_byte_array_set_size (s->payload, old + piece);
      if (!read_exact (self, s->payload->data + old, piece, error))
        return FALSE;
    }
    if (s->payload->len < s->length)
      continue;

    /* A whole message. */
    *type = s->type;
    *payload = s->payload;
    s->payload = g_byte_array_new ();
    if (!send_pending_ack (self, error)) {
      g_byte_array_unref (*payload);
      return FALSE;
    }
    switch (*type) {
      case MSG_SET_CHUNK_SIZE:
        if ((*payload)->len >= 4)
          self->in_chunk_size = MAX (1, MIN (0x7fffffff,
                  ((*payload)->data[0] << 24) | ((*payload)->data[1] << 16) |
                  ((*payload)->data[2] << 8) | (*payload)->data[3]));
        *type = 0;
        break;
      case MSG_WINDOW_ACK:
        if ((*payload)->len >= 4)
          self->window = ((guint32) (*payload)->data[0] << 24) |
              ((*payload)->data[1] << 16) | ((*payload)->data[2] << 8) |
              (*payload)->data[3];
        *type = 0;
        break;
      case MSG_USER_CONTROL:
        /* A ping request (6) is answered with a ping response (7). */
        if ((*payload)->len >= 6 && (*payload)->data[0] == 0
            && (*payload)->data[1] == 6) {
          guint8 pong[6];

          memcpy (pong, (*payload)->data, 6);
          pong[1] = 7;
          queue_message (self, CSID_CONTROL, MSG_USER_CONTROL, 0, 0, NULL, 0,
              pong, 6);
        }
        *type = 0;
        break;
      case MSG_COMMAND:
        break;
      default:
        *type = 0;
        break;
    }
    return TRUE;
  }
}

static gboolean
send_pending_ack (GstRtmpPushSink * self, GError ** error)
{
  guint8 v[4];

  if (!self->window || self->received - self->acked < self->window / 2)
    return TRUE;
  self->acked = self->received;
  put_be (v, (guint32) self->received, 4);
  queue_message (self, CSID_CONTROL, MSG_ACK, 0, 0, NULL, 0, v, 4);
  return flush_out (self, error);
}

/* Waits for the answer to transaction @txn (or an onStatus): returns the
 * AMF after the transaction id in @rest's payload. */
static gboolean
wait_answer (GstRtmpPushSink * self, gdouble txn, gboolean on_status,
    gchar ** name, GByteArray ** rest, GError ** error)
{
  for (;;) {
    guint8 type;
    GByteArray *payload = NULL;
    Amf a;
    gdouble id = -1;

    if (!read_message (self, &type, &payload, error))
      return FALSE;
    if (!flush_out (self, error)) {
      g_byte_array_unref (payload);
      return FALSE;
    }
    if (type != MSG_COMMAND) {
      g_byte_array_unref (payload);
      continue;
    }
    a.p = payload->data;
    a.end = payload->data + payload->len;
    *name = amf_read_string (&a);
    if (*name && amf_read_number (&a, &id)
        && ((on_status && g_str_equal (*name, "onStatus"))
            || (!on_status && id == txn && (g_str_equal (*name, "_result")
                    || g_str_equal (*name, "_error"))))) {
      g_byte_array_remove_range (payload, 0, a.p - payload->data);
      *rest = payload;
      return TRUE;
    }
    g_clear_pointer (name, g_free);
    g_byte_array_unref (payload);
  }
}

/* The "code: description" of the info object after the command object. */
static gchar *
answer_info (GByteArray * rest)
{
  Amf a = { rest->data, rest->data + rest->len };
  g_autofree gchar *code = NULL;
  g_autofree gchar *description = NULL;

  if (!amf_skip (&a, 0))
    return g_strdup ("no information");
  code = amf_object_string (&a, "code");
  description = amf_object_string (&a, "description");
  return g_strdup_printf ("%s%s%s", code ? code : "no code",
      description ? ": " : "", description ? description : "");
}

/* Connecting */

static gboolean
parse_location (GstRtmpPushSink * self, GError ** error)
{
  g_autoptr (GUri) uri = NULL;
  const gchar *path, *last;
  g_autofree gchar *scheme = NULL;

  if (!self->location) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        "no location set");
    return FALSE;
  }
  uri = g_uri_parse (self->location, G_URI_FLAGS_ENCODED, NULL);
  if (!uri || !g_uri_get_host (uri)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        "the location is not an rtmp:// or rtmps:// URL");
    return FALSE;
  }
  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  if (!g_str_equal (scheme, "rtmp") && !g_str_equal (scheme, "rtmps")) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        "the location is not an rtmp:// or rtmps:// URL");
    return FALSE;
  }
  path = g_uri_get_path (uri);
  last = path ? strrchr (path, '/') : NULL;
  if (!last || last == path || !last[1]) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        "the location needs an application and a stream: "
        "rtmp://HOST/APP/STREAM");
    return FALSE;
  }
  g_free (self->host);
  g_free (self->app);
  g_free (self->key);
  g_free (self->tc_url);
  self->tls = g_str_equal (scheme, "rtmps");
  self->host = g_strdup (g_uri_get_host (uri));
  self->port = g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) :
      self->tls ? 443 : 1935;
  self->app = g_strndup (path + 1, last - path - 1);
  self->key = g_uri_get_query (uri) ?
      g_strconcat (last + 1, "?", g_uri_get_query (uri), NULL) :
      g_strdup (last + 1);
  self->tc_url = g_strdup_printf ("%s://%s:%u/%s", scheme, self->host,
      self->port, self->app);
  return TRUE;
}

static gboolean
accept_certificate (GTlsConnection * conn, GTlsCertificate * cert,
    GTlsCertificateFlags errors, gpointer data)
{
  GstRtmpPushSink *self = data;

  return (errors & self->tls_flags) == 0;
}

static gboolean
do_handshake (GstRtmpPushSink * self, GError ** error)
{
  guint8 c01[1 + HANDSHAKE_SIZE], s01[1 + HANDSHAKE_SIZE];
  guint8 s2[HANDSHAKE_SIZE];
  guint i;

  c01[0] = 3;
  memset (c01 + 1, 0, 8);
  for (i = 9; i < sizeof (c01); i++)
    c01[i] = g_random_int () & 0xff;
  if (!g_output_stream_write_all (self->out, c01, sizeof (c01), NULL,
          self->cancellable, error)
      || !read_exact (self, s01, sizeof (s01), error)
      || !read_exact (self, s2, sizeof (s2), error))
    return FALSE;
  if (s01[0] != 3) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
        "the server does not speak RTMP (version %u)", s01[0]);
    return FALSE;
  }
  return g_output_stream_write_all (self->out, s01 + 1, HANDSHAKE_SIZE, NULL,
      self->cancellable, error);
}

static gboolean
connect_and_publish (GstRtmpPushSink * self, GError ** error)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autofree gchar *name = NULL;
  g_autoptr (GByteArray) rest = NULL;
  GByteArray *amf;
  guint8 size[4];
  gdouble id = 0;

  if (!parse_location (self, error))
    return FALSE;
  g_socket_client_set_timeout (client, self->timeout);
  self->socket_connection = g_socket_client_connect_to_host (client,
      self->host, self->port, self->cancellable, error);
  if (!self->socket_connection)
    return FALSE;
  g_socket_set_timeout (g_socket_connection_get_socket
      (self->socket_connection), self->timeout);
  g_socket_set_option (g_socket_connection_get_socket
      (self->socket_connection), IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  if (self->tls) {
    g_autoptr (GSocketConnectable) identity =
        g_network_address_new (self->host, self->port);
    GIOStream *tls = g_tls_client_connection_new (G_IO_STREAM
        (self->socket_connection), identity, error);

    if (!tls)
      return FALSE;
    g_signal_connect (tls, "accept-certificate",
        G_CALLBACK (accept_certificate), self);
    if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls),
            self->cancellable, error)) {
      g_object_unref (tls);
      return FALSE;
    }
    self->stream = tls;
  } else {
    self->stream = g_object_ref (G_IO_STREAM (self->socket_connection));
  }
  self->in = g_io_stream_get_input_stream (self->stream);
  self->out = g_io_stream_get_output_stream (self->stream);
  if (!do_handshake (self, error))
    return FALSE;

  put_be (size, self->chunk_size, 4);
  queue_message (self, CSID_CONTROL, MSG_SET_CHUNK_SIZE, 0, 0, NULL, 0, size,
      4);
  amf = g_byte_array_new ();
  amf_string (amf, "connect");
  amf_number (amf, 1);
  g_byte_array_append (amf, (const guint8 *) "\x03", 1);
  amf_key (amf, "app");
  amf_string (amf, self->app);
  amf_key (amf, "type");
  amf_string (amf, "nonprivate");
  amf_key (amf, "flashVer");
  amf_string (amf, "FMLE/3.0 (compatible; gst-restream)");
  amf_key (amf, "tcUrl");
  amf_string (amf, self->tc_url);
  g_byte_array_append (amf, (const guint8 *) "\x00\x00\x09", 3);
  queue_command (self, 0, amf);
  if (!flush_out (self, error)
      || !wait_answer (self, 1, FALSE, &name, &rest, error))
    return FALSE;
  if (!g_str_equal (name, "_result")) {
    g_autofree gchar *info = answer_info (rest);

    g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
        "'connect' cmd failed: %s", info);
    return FALSE;
  }
  g_clear_pointer (&name, g_free);
  g_clear_pointer (&rest, g_byte_array_unref);

  amf = g_byte_array_new ();
  amf_string (amf, "releaseStream");
  amf_number (amf, 2);
  amf_null (amf);
  amf_string (amf, self->key);
  queue_command (self, 0, amf);
  amf = g_byte_array_new ();
  amf_string (amf, "FCPublish");
  amf_number (amf, 3);
  amf_null (amf);
  amf_string (amf, self->key);
  queue_command (self, 0, amf);
  amf = g_byte_array_new ();
  amf_string (amf, "createStream");
  amf_number (amf, 4);
  amf_null (amf);
  queue_command (self, 0, amf);
  if (!flush_out (self, error)
      || !wait_answer (self, 4, FALSE, &name, &rest, error))
    return FALSE;
  {
    Amf a = { rest->data, rest->data + rest->len };

    if (!g_str_equal (name, "_result") || !amf_skip (&a, 0)
        || !amf_read_number (&a, &id) || id < 0 || id > G_MAXUINT32) {
      g_autofree gchar *info = answer_info (rest);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
          "createStream failed: %s", info);
      return FALSE;
    }
  }
  self->stream_id = id;
  g_clear_pointer (&name, g_free);
  g_clear_pointer (&rest, g_byte_array_unref);

  amf = g_byte_array_new ();
  amf_string (amf, "publish");
  amf_number (amf, 5);
  amf_null (amf);
  amf_string (amf, self->key);
  amf_string (amf, "live");
  queue_message (self, CSID_COMMAND, MSG_COMMAND, self->stream_id, 0, NULL,
      0, amf->data, amf->len);
  g_byte_array_unref (amf);
  if (!flush_out (self, error)
      || !wait_answer (self, 0, TRUE, &name, &rest, error))
    return FALSE;
  {
    g_autofree gchar *info = answer_info (rest);

    if (!g_str_has_prefix (info, "NetStream.Publish.Start")) {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
          "publish failed: %s", info);
      return FALSE;
    }
  }
  /* nginx-rtmp (its live module) confirms the publish before its access
   * rules run, and a refused key then sees the connection closed at once:
   * a moment's wait tells the two apart before any media is taken. */
  if (g_socket_condition_timed_wait (g_socket_connection_get_socket
          (self->socket_connection), G_IO_IN | G_IO_HUP | G_IO_ERR,
          PUBLISH_SETTLE, self->cancellable, NULL)) {
    guint8 scratch[4096];
    gssize got = g_pollable_input_stream_read_nonblocking
        (G_POLLABLE_INPUT_STREAM (self->in), scratch, sizeof (scratch),
        self->cancellable, error);

    if (got == 0) {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
          "Connection closed by the server right after the publish was "
          "accepted (refused by its access rules?)");
      return FALSE;
    }
    if (got < 0) {
      if (!g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return FALSE;
      g_clear_error (error);
    }
  }
  GST_INFO_OBJECT (self, "publishing to %s:%u, application %s", self->host,
      self->port, self->app);
  self->publishing = TRUE;
  return TRUE;
}

static void
disconnect (GstRtmpPushSink * self)
{
  if (self->stream)
    g_io_stream_close (self->stream, NULL, NULL);
  g_clear_object (&self->stream);
  g_clear_object (&self->socket_connection);
  self->in = NULL;
  self->out = NULL;
  self->publishing = FALSE;
  g_hash_table_remove_all (self->in_streams);
  g_byte_array_set_size (self->flv, 0);
  g_byte_array_set_size (self->outbuf, 0);
  self->flv_header_done = FALSE;
  self->in_chunk_size = 128;
  self->window = 0;
  self->received = self->acked = 0;
}

/* Media */

/* Turns the whole FLV tags at @d into messages; returns the bytes used. */
static gsize
queue_tags (GstRtmpPushSink * self, const guint8 * d, gsize len,
    gboolean stable)
{
  gsize pos = 0;

  if (!self->flv_header_done && len >= 3 && memcmp (d, "FLV", 3) == 0) {
    if (len < 13)
      return 0;
    pos = ((d[5] << 24) | (d[6] << 16) | (d[7] << 8) | d[8]) + 4;
    if (pos > len)
      return 0;
    self->flv_header_done = TRUE;
  }
  while (len - pos >= 11) {
    const guint8 *t = d + pos;
    guint8 type = t[0] & 0x1f;
    guint32 size = (t[1] << 16) | (t[2] << 8) | t[3];
    guint32 ts = (t[4] << 16) | (t[5] << 8) | t[6] | ((guint32) t[7] << 24);

    if (len - pos < 11 + size + 4)
      break;
    if (type == MSG_AUDIO || type == MSG_VIDEO) {
      queue_message_full (self, type == MSG_AUDIO ? CSID_AUDIO : CSID_VIDEO,
          type, self->stream_id, ts, NULL, 0, t + 11, size, stable);
    } else if (type == MSG_DATA) {
      /* Metadata is published with @setDataFrame, as encoders do. */
      static const guint8 set[] = { 0x02, 0x00, 0x0d, '@', 's', 'e', 't',
        'D', 'a', 't', 'a', 'F', 'r', 'a', 'm', 'e'
      };
      queue_message_full (self, CSID_DATA, MSG_DATA, self->stream_id, ts,
          set, sizeof (set), t + 11, size, stable);
    }
    pos += 11 + size + 4;
  }
  return pos;
}

static GstFlowReturn
post_error (GstRtmpPushSink * self, GError * error, gboolean connecting)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return GST_FLOW_FLUSHING;
  if (connecting)
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_WRITE,
        ("Could not publish to %s:%u: %s", self->host ? self->host : "?",
            self->port, error->message), (NULL));
  else
    GST_ELEMENT_ERROR (self, RESOURCE, WRITE,
        ("Connection error with %s:%u: %s", self->host, self->port,
            error->message), (NULL));
  return GST_FLOW_ERROR;
}

static GstFlowReturn
write_buffers (GstRtmpPushSink * self, GstBuffer ** buffers, guint n)
{
  g_autoptr (GError) error = NULL;
  guint i;

  if (!self->publishing) {
    if (!connect_and_publish (self, &error)) {
      GstFlowReturn ret = post_error (self, error, TRUE);

      disconnect (self);
      return ret;
    }
  }
  /* Whole tags are sent from the mapped buffers; a tag split over buffers
   * is gathered in self->flv first. */
  self->vectored = TRUE;
  for (i = 0; i < n; i++) {
    Mapped mapped = { buffers[i] };
    GstMapInfo map;
    gsize used;

    if (!gst_buffer_map (buffers[i], &map, GST_MAP_READ))
      continue;
    mapped.map = map;
    if (self->flv->len == 0) {
      used = queue_tags (self, map.data, map.size, TRUE);
      if (used < map.size)
        g_byte_array_append (self->flv, map.data + used, map.size - used);
    } else {
      g_byte_array_append (self->flv, map.data, map.size);
      used = queue_tags (self, self->flv->data, self->flv->len, FALSE);
      g_byte_array_remove_range (self->flv, 0, used);
    }
    g_array_append_val (self->maps, mapped);
  }
  self->vectored = FALSE;
  if (!self->write_error)
    flush_pieces (self, &self->write_error);
  for (i = 0; i < self->maps->len; i++) {
    Mapped *m = &g_array_index (self->maps, Mapped, i);

    gst_buffer_unmap (m->buffer, &m->map);
  }
  g_array_set_size (self->maps, 0);
  g_array_set_size (self->pieces, 0);
  g_byte_array_set_size (self->hdrs, 0);
  if (self->write_error) {
    g_propagate_error (&error, g_steal_pointer (&self->write_error));
    return post_error (self, error, FALSE);
  }
  /* What the server sends while we publish (acknowledgements, pings) is
   * read without waiting and dropped; an end of stream means it closed the
   * connection. Never a blocking read here: a TLS record without data
   * would stall the target. */
  for (;;) {
    guint8 scratch[4096];
    gssize got = g_pollable_input_stream_read_nonblocking
        (G_POLLABLE_INPUT_STREAM (self->in), scratch, sizeof (scratch),
        self->cancellable, &error);

    if (got > 0)
      continue;
    if (got == 0) {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
          "Connection closed by the server");
      return post_error (self, error, FALSE);
    }
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)) {
      g_clear_error (&error);
      break;
    }
    return post_error (self, error, FALSE);
  }
  if (!flush_out (self, &error))
    return post_error (self, error, FALSE);
  return GST_FLOW_OK;
}

static GstFlowReturn
gst_rtmp_push_sink_render (GstBaseSink * sink, GstBuffer * buffer)
{
  return write_buffers (GST_RTMP_PUSH_SINK (sink), &buffer, 1);
}

static GstFlowReturn
gst_rtmp_push_sink_render_list (GstBaseSink * sink, GstBufferList * list)
{
  guint n = gst_buffer_list_length (list), i;
  GstBuffer **buffers = g_newa (GstBuffer *, MAX (n, 1));

  for (i = 0; i < n; i++)
    buffers[i] = gst_buffer_list_get (list, i);
  return write_buffers (GST_RTMP_PUSH_SINK (sink), buffers, n);
}

static gboolean
gst_rtmp_push_sink_event (GstBaseSink * sink, GstEvent * event)
{
  GstRtmpPushSink *self = GST_RTMP_PUSH_SINK (sink);

  if (GST_EVENT_TYPE (event) == GST_EVENT_EOS && self->publishing) {
    GByteArray *amf = g_byte_array_new ();

    /* End the broadcast the way encoders do; best effort. */
    amf_string (amf, "FCUnpublish");
    amf_number (amf, 6);
    amf_null (amf);
    amf_string (amf, self->key);
    queue_command (self, 0, amf);
    amf = g_byte_array_new ();
    amf_string (amf, "deleteStream");
    amf_number (amf, 7);
    amf_null (amf);
    amf_number (amf, self->stream_id);
    queue_command (self, 0, amf);
    flush_out (self, NULL);
    disconnect (self);
  }
  return GST_BASE_SINK_CLASS (parent_class)->event (sink, event);
}

static gboolean
gst_rtmp_push_sink_start (GstBaseSink * sink)
{
  GstRtmpPushSink *self = GST_RTMP_PUSH_SINK (sink);
  g_autoptr (GError) error = NULL;

  if (!parse_location (self, &error)) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("%s", error->message),
        (NULL));
    return FALSE;
  }
  g_cancellable_reset (self->cancellable);
  return TRUE;
}

static gboolean
gst_rtmp_push_sink_stop (GstBaseSink * sink)
{
  disconnect (GST_RTMP_PUSH_SINK (sink));
  return TRUE;
}

static gboolean
gst_rtmp_push_sink_unlock (GstBaseSink * sink)
{
  g_cancellable_cancel (GST_RTMP_PUSH_SINK (sink)->cancellable);
  return TRUE;
}

static gboolean
gst_rtmp_push_sink_unlock_stop (GstBaseSink * sink)
{
  g_cancellable_reset (GST_RTMP_PUSH_SINK (sink)->cancellable);
  return TRUE;
}

static void
gst_rtmp_push_sink_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstRtmpPushSink *self = GST_RTMP_PUSH_SINK (object);

  switch (prop_id) {
    case PROP_LOCATION:
      GST_OBJECT_LOCK (self);
      if (self->location)
        memset (self->location, 0, strlen (self->location));
      g_free (self->location);
      self->location = g_value_dup_string (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_CHUNK_SIZE:
      self->chunk_size = g_value_get_uint (value);
      break;
    case PROP_TIMEOUT:
      self->timeout = g_value_get_uint (value);
      break;
    case PROP_TLS_VALIDATION_FLAGS:
      self->tls_flags = g_value_get_flags (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_rtmp_push_sink_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstRtmpPushSink *self = GST_RTMP_PUSH_SINK (object);

  switch (prop_id) {
    case PROP_LOCATION:
      GST_OBJECT_LOCK (self);
      g_value_set_string (value, self->location);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_CHUNK_SIZE:
      g_value_set_uint (value, self->chunk_size);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_TLS_VALIDATION_FLAGS:
      g_value_set_flags (value, self->tls_flags);
      break;
    case PROP_STATS:
      GST_OBJECT_LOCK (self);
      g_value_take_boxed (value, gst_structure_new ("rtmppushsink-stats",
              "out-bytes-total", G_TYPE_UINT64, self->bytes_out,
              "messages", G_TYPE_UINT64, self->messages_out,
              "writes", G_TYPE_UINT64, self->writes, NULL));
      GST_OBJECT_UNLOCK (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_rtmp_push_sink_finalize (GObject * object)
{
  GstRtmpPushSink *self = GST_RTMP_PUSH_SINK (object);

  disconnect (self);
  if (self->location)
    memset (self->location, 0, strlen (self->location));
  if (self->key)
    memset (self->key, 0, strlen (self->key));
  g_free (self->location);
  g_free (self->host);
  g_free (self->app);
  g_free (self->key);
  g_free (self->tc_url);
  g_object_unref (self->cancellable);
  g_hash_table_unref (self->in_streams);
  g_byte_array_unref (self->flv);
  g_byte_array_unref (self->outbuf);
  g_array_unref (self->pieces);
  g_byte_array_unref (self->hdrs);
  g_array_unref (self->maps);
  g_clear_error (&self->write_error);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_rtmp_push_sink_class_init (GstRtmpPushSinkClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSinkClass *sink_class = GST_BASE_SINK_CLASS (klass);

  gobject_class->set_property = gst_rtmp_push_sink_set_property;
  gobject_class->get_property = gst_rtmp_push_sink_get_property;
  gobject_class->finalize = gst_rtmp_push_sink_finalize;

  g_object_class_install_property (gobject_class, PROP_LOCATION,
      g_param_spec_string ("location", "Location",
          "rtmp[s]://HOST[:PORT]/APP/STREAM (the stream key is never shown)",
          NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_CHUNK_SIZE,
      g_param_spec_uint ("chunk-size", "Chunk size",
          "RTMP chunk size for what is sent", 128, 65536, DEFAULT_CHUNK_SIZE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_TIMEOUT,
      g_param_spec_uint ("timeout", "Timeout",
          "Seconds a connect, read or write may take before the connection "
          "counts as lost", 1, 3600, DEFAULT_TIMEOUT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_TLS_VALIDATION_FLAGS,
      g_param_spec_flags ("tls-validation-flags", "TLS validation flags",
          "Certificate problems that refuse an rtmps:// server (0: accept "
          "any certificate)", G_TYPE_TLS_CERTIFICATE_FLAGS,
          G_TLS_CERTIFICATE_VALIDATE_ALL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "out-bytes-total, messages, writes", GST_TYPE_STRUCTURE,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_set_static_metadata (element_class,
      "RTMP push sink", "Sink/Network",
      "Publishes FLV to an RTMP(S) server from the streaming thread, "
      "one write per buffer list", "gst-restream contributors");

  sink_class->start = GST_DEBUG_FUNCPTR (gst_rtmp_push_sink_start);
  sink_class->stop = GST_DEBUG_FUNCPTR (gst_rtmp_push_sink_stop);
  sink_class->unlock = GST_DEBUG_FUNCPTR (gst_rtmp_push_sink_unlock);
  sink_class->unlock_stop = GST_DEBUG_FUNCPTR (gst_rtmp_push_sink_unlock_stop);
  sink_class->render = GST_DEBUG_FUNCPTR (gst_rtmp_push_sink_render);
  sink_class->render_list = GST_DEBUG_FUNCPTR (gst_rtmp_push_sink_render_list);
  sink_class->event = GST_DEBUG_FUNCPTR (gst_rtmp_push_sink_event);

  GST_DEBUG_CATEGORY_INIT (gst_rtmp_push_sink_debug, "rtmppushsink", 0,
      "RTMP push sink");
}

static void
gst_rtmp_push_sink_init (GstRtmpPushSink * self)
{
  self->chunk_size = DEFAULT_CHUNK_SIZE;
  self->timeout = DEFAULT_TIMEOUT;
  self->tls_flags = G_TLS_CERTIFICATE_VALIDATE_ALL;
  self->cancellable = g_cancellable_new ();
  self->in_streams = g_hash_table_new_full (NULL, NULL, NULL,
      (GDestroyNotify) in_stream_free);
  self->flv = g_byte_array_new ();
  self->outbuf = g_byte_array_new ();
  self->pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  self->hdrs = g_byte_array_new ();
  self->maps = g_array_new (FALSE, FALSE, sizeof (Mapped));
  self->in_chunk_size = 128;
  gst_base_sink_set_sync (GST_BASE_SINK (self), FALSE);
}
