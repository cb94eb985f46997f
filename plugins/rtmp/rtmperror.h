/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __RTMP_ERROR_H__
#define __RTMP_ERROR_H__

#include <gio/gio.h>

G_BEGIN_DECLS

/* Why an RTMP connection failed, as the protocol sees it. Every error the
 * RTMP library returns is in this domain (the text stays GIO's or the
 * server's), except G_IO_ERROR_CANCELLED, which means "stop" and is kept as
 * it is. Whoever names the failure for a user reads the code, not the
 * text; rtmp_error_cause() gives the stable name that rtmppushsink posts
 * (docs/rtmppushsink.md). */
#define RTMP_ERROR (rtmp_error_quark ())

typedef enum
{
  RTMP_ERROR_UNREACHABLE,       /* no TCP connection: refused, no route, DNS */
  RTMP_ERROR_TLS,               /* the TLS handshake failed */
  RTMP_ERROR_CONNECT_REFUSED,   /* the server refused 'connect' (the app) */
  RTMP_ERROR_STREAM_BUSY,       /* publish refused: the key is in use */
  RTMP_ERROR_PUBLISH_REFUSED,   /* publish refused for any other reason */
  RTMP_ERROR_CLOSED,            /* the server closed or reset the connection */
  RTMP_ERROR_TIMEOUT,           /* a read or write took longer than allowed */
  RTMP_ERROR_PROTOCOL,          /* the server broke the protocol */
  RTMP_ERROR_IO,                /* any other failure of the connection */
} RtmpError;

GQuark rtmp_error_quark (void);

/* The stable name of @error's cause ("closed", "stream-busy", ...); an
 * error from outside the RTMP_ERROR domain counts as RTMP_ERROR_IO. */
const gchar *rtmp_error_cause (const GError * error);

/* Moves *@error into the RTMP_ERROR domain, keeping its text: with @code,
 * or, for RTMP_ERROR_IO, with the code its GIO error implies. Leaves
 * RTMP_ERROR errors and cancellation alone. */
void rtmp_error_classify (GError ** error, RtmpError code);

G_END_DECLS

#endif /* __RTMP_ERROR_H__ */
