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

#include "rtmperror.h"
#include "gstrestreammessages.h"

G_DEFINE_QUARK (rtmp - error - quark, rtmp_error);

/* *INDENT-OFF* */
static const gchar *const causes[] = {
  [RTMP_ERROR_UNREACHABLE] = GST_RTMP_PUSH_SINK_CAUSE_UNREACHABLE,
  [RTMP_ERROR_TLS] = GST_RTMP_PUSH_SINK_CAUSE_TLS,
  [RTMP_ERROR_CONNECT_REFUSED] = GST_RTMP_PUSH_SINK_CAUSE_CONNECT_REFUSED,
  [RTMP_ERROR_STREAM_BUSY] = GST_RTMP_PUSH_SINK_CAUSE_STREAM_BUSY,
  [RTMP_ERROR_PUBLISH_REFUSED] = GST_RTMP_PUSH_SINK_CAUSE_PUBLISH_REFUSED,
  [RTMP_ERROR_CLOSED] = GST_RTMP_PUSH_SINK_CAUSE_CLOSED,
  [RTMP_ERROR_TIMEOUT] = GST_RTMP_PUSH_SINK_CAUSE_TIMEOUT,
  [RTMP_ERROR_PROTOCOL] = GST_RTMP_PUSH_SINK_CAUSE_PROTOCOL,
  [RTMP_ERROR_IO] = GST_RTMP_PUSH_SINK_CAUSE_IO,
};
/* *INDENT-ON* */

const gchar *
rtmp_error_cause (const GError * error)
{
  if (!error || error->domain != RTMP_ERROR || error->code < 0
      || error->code >= (gint) G_N_ELEMENTS (causes))
    return causes[RTMP_ERROR_IO];
  return causes[error->code];
}

static RtmpError
code_of_io_error (const GError * error)
{
  if (error->domain == G_TLS_ERROR)
    return error->code == G_TLS_ERROR_EOF ? RTMP_ERROR_CLOSED : RTMP_ERROR_TLS;
  if (error->domain != G_IO_ERROR)
    return RTMP_ERROR_IO;
  switch (error->code) {
    case G_IO_ERROR_TIMED_OUT:
      return RTMP_ERROR_TIMEOUT;
    case G_IO_ERROR_CONNECTION_CLOSED:
      return RTMP_ERROR_CLOSED;
    case G_IO_ERROR_CONNECTION_REFUSED:
    case G_IO_ERROR_HOST_UNREACHABLE:
    case G_IO_ERROR_NETWORK_UNREACHABLE:
      return RTMP_ERROR_UNREACHABLE;
    case G_IO_ERROR_INVALID_DATA:
      return RTMP_ERROR_PROTOCOL;
    default:
      return RTMP_ERROR_IO;
  }
}

void
rtmp_error_classify (GError ** error, RtmpError code)
{
  GError *classified;

  if (!error || !*error || (*error)->domain == RTMP_ERROR
      || g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (code == RTMP_ERROR_IO)
    code = code_of_io_error (*error);
  classified = g_error_new_literal (RTMP_ERROR, code, (*error)->message);
  g_error_free (*error);
  *error = classified;
}
