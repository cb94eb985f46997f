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
 * Errors are RESOURCE errors naming the server; their details structure
 * names the cause in `rtmp-cause` ("unreachable", "stream-busy", "closed",
 * ...: docs/rtmppushsink.md), which programs match instead of the text.
 * The protocol itself is in plugins/rtmp/.
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

#include "gstrtmppushsink.h"
#include "gstrestreamelements.h"
#include "gstrestreamtarget.h"
#include "rtmpclient.h"
#include "rtmperror.h"
#include "gstrestreammessages.h"

GST_DEBUG_CATEGORY_STATIC (gst_rtmp_push_sink_debug);
#define GST_CAT_DEFAULT gst_rtmp_push_sink_debug

#define DEFAULT_CHUNK_SIZE 4096
#define DEFAULT_TIMEOUT 5
/* µs to wait after the publish was confirmed, see rtmp_client_publish() */
#define PUBLISH_SETTLE (300 * G_TIME_SPAN_MILLISECOND)

enum
{
  PROP_0,
  PROP_LOCATION,
  PROP_CHUNK_SIZE,
  PROP_TIMEOUT,
  PROP_TLS_VALIDATION_FLAGS,
  PROP_STATS,
};

struct _GstRtmpPushSink
{
  GstBaseSink parent;

  /* properties, under the object lock */
  gchar *location;
  guint chunk_size;
  guint timeout;
  GTlsCertificateFlags tls_flags;

  /* only the streaming thread touches these (and start/stop) */
  GstRestreamTarget *target;    /* from the location; has the key */
  gchar *tc_url;
  gchar *fourcc;                /* from the caps: Enhanced RTMP video */
  GCancellable *cancellable;
  RtmpConnection *connection;
  gboolean publishing;
  guint32 stream_id;
};

#define gst_rtmp_push_sink_parent_class parent_class
G_DEFINE_TYPE (GstRtmpPushSink, gst_rtmp_push_sink, GST_TYPE_BASE_SINK);
GST_ELEMENT_REGISTER_DEFINE (rtmppushsink, "rtmppushsink", GST_RANK_NONE,
    GST_TYPE_RTMP_PUSH_SINK);

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS ("video/x-flv"));

static gboolean
parse_location (GstRtmpPushSink * self, GError ** error)
{
  GstRestreamTarget *target;

  GST_OBJECT_LOCK (self);
  target = gst_restream_target_parse_rtmp_location (self->location, error);
  GST_OBJECT_UNLOCK (self);
  if (!target)
    return FALSE;
  g_clear_pointer (&self->target, gst_restream_target_free);
  g_free (self->tc_url);
  self->target = target;
  self->tc_url = gst_restream_target_rtmp_tc_url (target);
  return TRUE;
}

static RtmpPublishTarget
publish_target (GstRtmpPushSink * self)
{
  RtmpPublishTarget target = { self->target->app, self->tc_url,
    self->target->key, self->fourcc
  };

  return target;
}

static gboolean
connect_and_publish (GstRtmpPushSink * self, GError ** error)
{
  RtmpServer server = { NULL };
  RtmpPublishTarget target;
  guint chunk_size;

  if (!parse_location (self, error))
    return FALSE;
  server.host = self->target->host;
  server.port = self->target->port;
  server.tls = self->target->kind == GST_RESTREAM_TARGET_RTMPS;
  GST_OBJECT_LOCK (self);
  server.tls_validation_flags = self->tls_flags;
  server.timeout = self->timeout;
  chunk_size = self->chunk_size;
  GST_OBJECT_UNLOCK (self);
  if (!rtmp_connection_open (self->connection, &server, error))
    return FALSE;
  rtmp_connection_set_chunk_size (self->connection, chunk_size);
  target = publish_target (self);
  if (!rtmp_client_publish (self->connection, &target, PUBLISH_SETTLE,
          &self->stream_id, error))
    return FALSE;
  GST_INFO_OBJECT (self, "publishing to %s:%u, application %s", server.host,
      server.port, target.app);
  self->publishing = TRUE;
  return TRUE;
}

static void
disconnect (GstRtmpPushSink * self)
{
  rtmp_connection_close (self->connection);
  self->publishing = FALSE;
}

/* Posts @error with its RTMP cause in the details (docs/rtmppushsink.md),
 * which is what restream-launch names the failure by. */
static GstFlowReturn
post_error (GstRtmpPushSink * self, const GError * error, gboolean connecting)
{
  const gchar *cause = rtmp_error_cause (error);
  const gchar *host = self->target ? self->target->host : "?";
  guint port = self->target ? self->target->port : 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return GST_FLOW_FLUSHING;
  if (connecting)
    GST_ELEMENT_ERROR_WITH_DETAILS (self, RESOURCE, OPEN_WRITE,
        ("Could not publish to %s:%u: %s", host, port, error->message),
        (NULL), (GST_RTMP_PUSH_SINK_FIELD_CAUSE, G_TYPE_STRING, cause, NULL));
  else
    GST_ELEMENT_ERROR_WITH_DETAILS (self, RESOURCE, WRITE,
        ("Connection error with %s:%u: %s", host, port, error->message),
        (NULL), (GST_RTMP_PUSH_SINK_FIELD_CAUSE, G_TYPE_STRING, cause, NULL));
  return GST_FLOW_ERROR;
}

static GstFlowReturn
write_buffers (GstRtmpPushSink * self, GstBuffer ** buffers, guint n)
{
  g_autoptr (GError) error = NULL;

  if (!self->publishing && !connect_and_publish (self, &error)) {
    GstFlowReturn ret = post_error (self, error, TRUE);

    disconnect (self);
    return ret;
  }
  if (!rtmp_connection_write_flv (self->connection, self->stream_id, buffers,
          n, &error))
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

/* eflvmux says in its caps when the video is Enhanced RTMP; the FourCC is
 * declared in the next connect command. */
static gboolean
gst_rtmp_push_sink_set_caps (GstBaseSink * sink, GstCaps * caps)
{
  GstRtmpPushSink *self = GST_RTMP_PUSH_SINK (sink);
  const gchar *fourcc = gst_caps_get_size (caps) > 0 ?
      gst_structure_get_string (gst_caps_get_structure (caps, 0),
      "video-fourcc") : NULL;

  g_free (self->fourcc);
  self->fourcc = g_strdup (fourcc);
  return TRUE;
}

static gboolean
gst_rtmp_push_sink_event (GstBaseSink * sink, GstEvent * event)
{
  GstRtmpPushSink *self = GST_RTMP_PUSH_SINK (sink);

  if (GST_EVENT_TYPE (event) == GST_EVENT_EOS && self->publishing) {
    RtmpPublishTarget target = publish_target (self);

    /* End the broadcast the way encoders do. */
    rtmp_client_unpublish (self->connection, &target, self->stream_id);
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
      GST_OBJECT_LOCK (self);
      self->chunk_size = g_value_get_uint (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_TIMEOUT:
      GST_OBJECT_LOCK (self);
      self->timeout = g_value_get_uint (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_TLS_VALIDATION_FLAGS:
      GST_OBJECT_LOCK (self);
      self->tls_flags = g_value_get_flags (value);
      GST_OBJECT_UNLOCK (self);
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
      GST_OBJECT_LOCK (self);
      g_value_set_uint (value, self->chunk_size);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_TIMEOUT:
      GST_OBJECT_LOCK (self);
      g_value_set_uint (value, self->timeout);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_TLS_VALIDATION_FLAGS:
      GST_OBJECT_LOCK (self);
      g_value_set_flags (value, self->tls_flags);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_STATS:{
      RtmpChunkWriterStats stats;
      guint64 acked, acks;

      rtmp_connection_get_stats (self->connection, &stats);
      rtmp_connection_get_acks (self->connection, &acked, &acks);
      g_value_take_boxed (value, gst_structure_new ("rtmppushsink-stats",
              "out-bytes-total", G_TYPE_UINT64, stats.bytes,
              "messages", G_TYPE_UINT64, stats.messages,
              "writes", G_TYPE_UINT64, stats.writes,
              "acked-bytes", G_TYPE_UINT64, acked,
              "acks", G_TYPE_UINT64, acks,
              "window", G_TYPE_UINT, RTMP_CLIENT_ACK_WINDOW, NULL));
      break;
    }
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_rtmp_push_sink_finalize (GObject * object)
{
  GstRtmpPushSink *self = GST_RTMP_PUSH_SINK (object);

  rtmp_connection_free (self->connection);
  if (self->location)
    memset (self->location, 0, strlen (self->location));
  g_free (self->location);
  g_free (self->fourcc);
  gst_restream_target_free (self->target);
  g_free (self->tc_url);
  g_object_unref (self->cancellable);
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
          "out-bytes-total, messages, writes, acked-bytes (what the server "
          "acknowledged receiving, handshake included), acks, window",
          GST_TYPE_STRUCTURE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

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
  sink_class->set_caps = GST_DEBUG_FUNCPTR (gst_rtmp_push_sink_set_caps);

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
  self->connection = rtmp_connection_new (self->cancellable);
  gst_base_sink_set_sync (GST_BASE_SINK (self), FALSE);
}
