/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __RTMP_CLIENT_H__
#define __RTMP_CLIENT_H__

#include "rtmpconnection.h"

G_BEGIN_DECLS
/* The commands of a publisher, as encoders send them, on an open
 * connection. Errors are in the RTMP_ERROR domain: the server refusing the
 * application (RTMP_ERROR_CONNECT_REFUSED) or the publish
 * (RTMP_ERROR_STREAM_BUSY, RTMP_ERROR_PUBLISH_REFUSED), with the server's
 * code and description in the text. */
    typedef struct
{
  const gchar *app;
  const gchar *tc_url;          /* the URL of the application, no key */
  const gchar *key;             /* the stream name: secret */
  /* The Enhanced RTMP video FourCC sent ("hvc1"), declared as fourCcList
   * in the connect command; NULL for legacy codecs (nothing declared). */
  const gchar *fourcc;
} RtmpPublishTarget;

/* The acknowledgement window asked of the server before connect: it
 * acknowledges about every 256 KiB received (nginx-rtmp's default is
 * 5 MB), so that what it has really received is known within a second or
 * two at broadcast bitrates. */
#define RTMP_CLIENT_ACK_WINDOW (256 * 1024)

/* The command object's properties of connect, as sent: app, type,
 * flashVer, tcUrl, and fourCcList when the stream is Enhanced RTMP. */
GByteArray *rtmp_client_connect_command (const RtmpPublishTarget * target);

/* connect, releaseStream, FCPublish, createStream and publish (live); waits
 * for NetStream.Publish.Start, then up to @settle for the server to close
 * the connection (nginx-rtmp confirms a publish before its access rules
 * run). Sets @stream_id to the message stream to send media on. */
gboolean rtmp_client_publish (RtmpConnection * connection,
    const RtmpPublishTarget * target, GTimeSpan settle, guint32 * stream_id,
    GError ** error);

/* FCUnpublish and deleteStream, best effort: the broadcast's end. */
void rtmp_client_unpublish (RtmpConnection * connection,
    const RtmpPublishTarget * target, guint32 stream_id);

G_END_DECLS
#endif /* __RTMP_CLIENT_H__ */
