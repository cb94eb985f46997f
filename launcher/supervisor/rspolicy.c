/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* Reconnect pacing per platform and the naming of target failures.
 *
 * rtmppushsink names the cause of its errors in their details
 * (`rtmp-cause`, docs/rtmppushsink.md); the failure follows from that cause
 * and from how much the target took before it. The stock sinks (rtmp2sink,
 * srtsink) report every failure as an ERROR whose text comes from GIO or
 * libsrt; what the failure means depends on that text, on how much the
 * target took and on how fast it came. The text rules were measured with
 * GStreamer 1.22.0 against nginx-rtmp and srt-live-transmit
 * (docs/launcher.md lists them). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "rspolicy.h"
#include "gstrestreammessages.h"

static const RsReconnectPolicy policies[GST_RESTREAM_N_PLATFORMS] = {
  [GST_RESTREAM_PLATFORM_GENERIC_RTMP] = {1 * GST_SECOND, 30 * GST_SECOND, 0,
      30 * GST_SECOND},
  [GST_RESTREAM_PLATFORM_YOUTUBE] = {2 * GST_SECOND, 60 * GST_SECOND, 0,
      30 * GST_SECOND},
  [GST_RESTREAM_PLATFORM_FACEBOOK] = {2 * GST_SECOND, 60 * GST_SECOND, 0,
      30 * GST_SECOND},
  /* Twitch rate-limits reconnects: few attempts, far apart. */
  [GST_RESTREAM_PLATFORM_TWITCH] = {5 * GST_SECOND, 120 * GST_SECOND, 5,
      60 * GST_SECOND},
  [GST_RESTREAM_PLATFORM_SRT] = {1 * GST_SECOND, 15 * GST_SECOND, 0,
      30 * GST_SECOND},
};

const RsReconnectPolicy *
rs_reconnect_policy (GstRestreamPlatform platform)
{
  g_return_val_if_fail (platform < GST_RESTREAM_N_PLATFORMS, &policies[0]);
  return &policies[platform];
}

GstClockTime
rs_reconnect_delay (const RsReconnectPolicy * policy, guint attempt,
    gdouble jitter)
{
  GstClockTime delay = policy->initial;
  guint i;

  for (i = 1; i < attempt && delay < policy->max; i++)
    delay *= 2;
  delay = MIN (delay, policy->max);
  jitter = CLAMP (jitter, 0.0, 1.0);
  return delay * (0.8 + 0.4 * jitter);
}

static const RsFailureInfo failures[] = {
  {RS_FAILURE_PUBLISH_REJECTED, "publish-rejected",
        "RTMP publish rejected: the server refused the stream key, or the "
        "event is not live",
      "Copy the stream key again from the platform's live dashboard and "
        "check that the event or channel is set to go live; the target is "
        "not retried until it is reactivated.", FALSE},
  {RS_FAILURE_STREAM_BUSY, "stream-busy",
        "RTMP publish rejected: a stream with this key is already publishing",
      "Stop the other encoder that uses this key (or wait for the server "
        "to drop the previous session); retrying with backoff.", TRUE},
  {RS_FAILURE_APP_REJECTED, "app-rejected",
        "RTMP server refused the application path of the URL",
      "Check the URL's path against the platform's ingest URL (for "
        "example /live2 for YouTube, /app for Twitch); the target is not "
        "retried until it is reactivated.", FALSE},
  {RS_FAILURE_RTMP_UNREACHABLE, "rtmp-unreachable",
        "RTMP server unreachable",
      "Check the host and port, and that outgoing TCP to it (1935 for "
        "RTMP, 443 for RTMPS) is allowed by firewalls; retrying with "
        "backoff.", TRUE},
  {RS_FAILURE_TLS, "tls-failed",
        "RTMPS TLS handshake failed: certificate not trusted or the server "
        "does not speak TLS",
      "Use the platform's rtmps:// URL and port (443), and install the CA "
        "certificates (ca-certificates, glib-networking); the target is not "
        "retried until it is reactivated.", FALSE},
  {RS_FAILURE_RTMP_STALLED, "rtmp-stalled",
        "RTMP server stopped taking data (frozen server or congested route)",
        "The server accepted the stream and then stopped reading; lower the "
        "bitrate or pick a nearer ingest server; reconnecting with backoff.",
      TRUE},
  {RS_FAILURE_RTMP_LOST, "rtmp-connection-lost",
        "RTMP connection lost mid-stream",
      "The server or the network closed the connection; reconnecting with "
        "backoff. If it repeats, check the route and the platform's status "
        "page.", TRUE},
  {RS_FAILURE_SRT_REJECTED, "srt-rejected",
        "SRT handshake rejected: passphrase or pbkeylen mismatch",
      "Use exactly the listener's passphrase and pbkeylen (or none if it "
        "does not encrypt), and the streamid it expects; the target is not "
        "retried until it is reactivated.", FALSE},
  {RS_FAILURE_SRT_UNREACHABLE, "srt-unreachable",
        "SRT target not answering (UDP port closed or filtered)",
      "Check the host and port, that the listener runs, and that UDP to "
        "it is allowed by firewalls; retrying with backoff.", TRUE},
  {RS_FAILURE_SRT_LOST, "srt-connection-lost",
        "SRT connection lost mid-stream",
      "The listener went away or the route broke; reconnecting with "
        "backoff.", TRUE},
  {RS_FAILURE_STREAM_REFUSED, "stream-refused",
        "The target's elements refused the stream (format or platform rule)",
        "Read the validator findings for this target and fix the encoder "
        "settings; the target is not retried until it is reactivated.",
      FALSE},
  {RS_FAILURE_CODEC_REFUSED, "codec-refused",
        "The target's platform does not take the input's video codec",
      "Restream a source in a codec the platform takes (see the text), or "
        "remove the target; it was stopped before connecting and is not "
        "retried until it is reactivated.", FALSE},
  {RS_FAILURE_OTHER, "target-error",
        "The target's branch failed",
      "See the error text; reconnecting with backoff.", TRUE},
};

static const RsFailureInfo warnings[] = {
  {RS_WARNING_SLOW_TARGET, "slow-target",
        "Target slower than the source bitrate: whole GOPs were dropped",
      "The route to this target cannot carry the stream's bitrate; lower "
        "the encoder's bitrate or pick a nearer ingest server.", TRUE},
  {RS_WARNING_SRT_LATENCY, "srt-latency-low",
        "SRT latency too low for the route: packets were dropped as too late",
      "Raise the target's latency to cover the round trip, jitter and "
        "loss (4 x RTT at least; 2-3 s on public routes).", TRUE},
  {RS_WARNING_SRT_RECONNECTING, "srt-reconnecting",
        "SRT connection lost; srtsink is reconnecting",
      "The listener went away or the route broke; the target resumes "
        "when the listener answers again.", TRUE},
  {RS_WARNING_STALLED, "stalled",
        "The target takes no data: its server stopped reading or the route "
        "is blocked",
      "The connection is open but nothing is delivered; it is live again "
        "as soon as data moves, and reconnects if the sink gives up "
        "(rtmppushsink's stall timeout, srtsink's reconnection).", TRUE},
};

const RsFailureInfo *
rs_failure_info (RsFailure failure)
{
  g_return_val_if_fail (failure <= RS_FAILURE_OTHER,
      &failures[RS_FAILURE_OTHER]);
  return &failures[failure];
}

const RsFailureInfo *
rs_warning_info (RsWarning warning)
{
  g_return_val_if_fail (warning <= RS_WARNING_STALLED, &warnings[0]);
  return &warnings[warning];
}

static gboolean
has (const gchar * haystack, const gchar * needle)
{
  return strstr (haystack, needle) != NULL;
}

/* An SRT refusal arrives within a round trip of the handshake; a caller
 * that finds no listener gives up after about 3 s. */
#define SRT_REJECT_WINDOW (1500 * GST_MSECOND)

/* An SRT error from srtsink, by its text. */
static const RsFailureInfo *
classify_srt (const gchar * text, guint64 sent_bytes, GstClockTime elapsed,
    gboolean has_passphrase)
{
  if (has (text, "not-negotiated") || has (text, "negotiat"))
    return rs_failure_info (RS_FAILURE_STREAM_REFUSED);
  if (sent_bytes > 0)
    return rs_failure_info (RS_FAILURE_SRT_LOST);
  if (has_passphrase && elapsed < SRT_REJECT_WINDOW)
    return rs_failure_info (RS_FAILURE_SRT_REJECTED);
  if (elapsed < SRT_REJECT_WINDOW && (has (text, "reject")
          || has (text, "connection does not exist")))
    return rs_failure_info (RS_FAILURE_SRT_REJECTED);
  return rs_failure_info (RS_FAILURE_SRT_UNREACHABLE);
}

/* An RTMP error from rtmp2sink (or any sink without an rtmp-cause), by its
 * text. */
static const RsFailureInfo *
classify_rtmp_text (const gchar * text, guint64 sent_bytes)
{
  if (has (text, "already publishing") || has (text, "badname"))
    return rs_failure_info (RS_FAILURE_STREAM_BUSY);
  if (has (text, "publish denied") || has (text, "publish.rejected")
      || has (text, "unauthorized") || has (text, "forbidden"))
    return rs_failure_info (RS_FAILURE_PUBLISH_REJECTED);
  if (has (text, "'connect' cmd failed") || has (text, "connect.rejected")
      || has (text, "invalidapp"))
    return rs_failure_info (RS_FAILURE_APP_REJECTED);
  if (has (text, "tls") || has (text, "certificate"))
    return rs_failure_info (RS_FAILURE_TLS);
  if (has (text, "could not connect") || has (text, "connection refused")
      || has (text, "could not resolve") || has (text, "name or service")
      || has (text, "no route to host") || has (text, "network is unreachable")
      || has (text, "temporary failure in name resolution"))
    return rs_failure_info (RS_FAILURE_RTMP_UNREACHABLE);
  if (has (text, "not-negotiated") || has (text, "not negotiated"))
    return rs_failure_info (RS_FAILURE_STREAM_REFUSED);
  if (has (text, "timed out"))
    return rs_failure_info (sent_bytes > 0 ? RS_FAILURE_RTMP_STALLED :
        RS_FAILURE_RTMP_UNREACHABLE);
  /* nginx-rtmp's "deny publish" (and most platforms refusing a key) close
   * the connection before acknowledging a byte of media. */
  if (sent_bytes == 0 && (has (text, "reset by peer")
          || has (text, "connection closed") || has (text, "broken pipe")))
    return rs_failure_info (RS_FAILURE_PUBLISH_REJECTED);
  if (has (text, "reset by peer") || has (text, "connection closed")
      || has (text, "broken pipe") || has (text, "connection error"))
    return rs_failure_info (RS_FAILURE_RTMP_LOST);
  return rs_failure_info (RS_FAILURE_OTHER);
}

/* rtmppushsink's rtmp-cause values (docs/rtmppushsink.md) that name a
 * failure on their own; "closed" and "timeout" depend on the bytes taken. */
/* *INDENT-OFF* */
static const struct
{
  const gchar *cause;
  RsFailure failure;
} rtmp_causes[] = {
  {GST_RTMP_PUSH_SINK_CAUSE_UNREACHABLE, RS_FAILURE_RTMP_UNREACHABLE},
  {GST_RTMP_PUSH_SINK_CAUSE_TLS, RS_FAILURE_TLS},
  {GST_RTMP_PUSH_SINK_CAUSE_CONNECT_REFUSED, RS_FAILURE_APP_REJECTED},
  {GST_RTMP_PUSH_SINK_CAUSE_STREAM_BUSY, RS_FAILURE_STREAM_BUSY},
  {GST_RTMP_PUSH_SINK_CAUSE_PUBLISH_REFUSED, RS_FAILURE_PUBLISH_REJECTED},
  {GST_RTMP_PUSH_SINK_CAUSE_PROTOCOL, RS_FAILURE_OTHER},
  {GST_RTMP_PUSH_SINK_CAUSE_IO, RS_FAILURE_RTMP_LOST},
};
/* *INDENT-ON* */

/* NULL if @cause is not one of rtmppushsink's. */
static const RsFailureInfo *
classify_rtmp_cause (const gchar * cause, guint64 sent_bytes)
{
  guint i;

  /* A server refusing a key (nginx-rtmp's "deny publish") closes the
   * connection before it takes any media; a server that stops reading
   * after it took some has stalled. */
  if (g_str_equal (cause, GST_RTMP_PUSH_SINK_CAUSE_CLOSED))
    return rs_failure_info (sent_bytes == 0 ? RS_FAILURE_PUBLISH_REJECTED :
        RS_FAILURE_RTMP_LOST);
  if (g_str_equal (cause, GST_RTMP_PUSH_SINK_CAUSE_TIMEOUT))
    return rs_failure_info (sent_bytes > 0 ? RS_FAILURE_RTMP_STALLED :
        RS_FAILURE_RTMP_UNREACHABLE);
  for (i = 0; i < G_N_ELEMENTS (rtmp_causes); i++)
    if (g_str_equal (cause, rtmp_causes[i].cause))
      return rs_failure_info (rtmp_causes[i].failure);
  return NULL;
}

const RsFailureInfo *
rs_failure_classify (GstRestreamTargetKind kind, const gchar * message,
    const GstStructure * details, guint64 sent_bytes, GstClockTime elapsed,
    gboolean has_passphrase)
{
  g_autofree gchar *text = g_ascii_strdown (message ? message : "", -1);
  const gchar *cause = details ? gst_structure_get_string (details,
      GST_RTMP_PUSH_SINK_FIELD_CAUSE) : NULL;
  const RsFailureInfo *info;

  if (kind == GST_RESTREAM_TARGET_SRT)
    return classify_srt (text, sent_bytes, elapsed, has_passphrase);
  if (cause && (info = classify_rtmp_cause (cause, sent_bytes)))
    return info;
  return classify_rtmp_text (text, sent_bytes);
}
