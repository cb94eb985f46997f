/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_FAILOVER_SLATE_H__
#define __GST_FAILOVER_SLATE_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/* Where nothing is known of the input (it never came up). */
#define GST_FAILOVER_SLATE_DEFAULT_WIDTH 1280
#define GST_FAILOVER_SLATE_DEFAULT_HEIGHT 720
#define GST_FAILOVER_SLATE_DEFAULT_FPS 30
#define GST_FAILOVER_SLATE_DEFAULT_KBPS 2500
#define GST_FAILOVER_SLATE_DEFAULT_RATE 48000
#define GST_FAILOVER_SLATE_DEFAULT_CHANNELS 2
/* A keyframe this often, whatever the input's GOP (the platforms' rule). */
#define GST_FAILOVER_SLATE_KEYFRAME_SECONDS 2

/**
 * GstFailoverSlateParams:
 * @image: a PNG or JPEG file, scaled to the frame with borders; NULL for
 *     the card
 * @title: the card's first line (the restream's name), or NULL
 * @text: the card's second line
 * @video: the caps of the input's video as failoversrc last output them
 *     (parsed H.264 avc or H.265 hvc1, with codec data), or NULL
 * @audio: the caps of the input's audio (raw AAC), or NULL
 * @with_audio: FALSE if the input has no audio: the slate has none either
 * @fps_n, @fps_d: the frame rate measured on the input, for caps that do
 *     not say (0/0: unknown)
 * @kbps: the video bitrate measured on the input (0: unknown)
 *
 * What the slate must look like to the targets: the same codec, size,
 * frame rate, profile and level, the same audio rate and channels.
 */
typedef struct
{
  const gchar *image;
  const gchar *title;
  const gchar *text;
  GstCaps *video;
  GstCaps *audio;
  gboolean with_audio;
  gint fps_n, fps_d;
  guint kbps;
} GstFailoverSlateParams;

/**
 * GstFailoverSlateCallbacks:
 * @sample: an encoded, parsed sample of stream @index
 *     (GST_FAILOVER_RETIME_VIDEO or _AUDIO) of the slate @generation, from
 *     one of the slate's streaming threads
 * @failed: the slate @generation stopped producing; @reason says why
 */
typedef struct
{
  void (*sample) (GstElement * owner, guint generation, guint index,
      GstSample * sample);
  void (*failed) (GstElement * owner, guint generation, const gchar * reason);
} GstFailoverSlateCallbacks;

typedef struct _GstFailoverSlate GstFailoverSlate;

GstFailoverSlate *gst_failover_slate_start (GstElement * owner,
    const GstFailoverSlateCallbacks * callbacks,
    const GstFailoverSlateParams * params, guint generation,
    GError ** error);

/* "card" or "image" (GST_FAILOVER_SRC_SLATE_SOURCE_*). */
const gchar *gst_failover_slate_source (const GstFailoverSlate * slate);

/* What is encoded, e.g. "h264 1280x720 30/1 main 3.1 2500 kbit/s, aac
 * 48000 Hz 2 ch". */
const gchar *gst_failover_slate_format (const GstFailoverSlate * slate);

/* Asks the encoder for a keyframe now: the slate goes on air at a
 * keyframe, and one that was started ahead of the outage would otherwise
 * wait up to a GOP for its next. */
void gst_failover_slate_request_keyframe (GstFailoverSlate * slate);

/* Stops the encoder and frees @slate; no callback runs once it returns.
 * Never from one of the slate's own threads. */
void gst_failover_slate_stop (GstFailoverSlate * slate);

G_END_DECLS

#endif /* __GST_FAILOVER_SLATE_H__ */
