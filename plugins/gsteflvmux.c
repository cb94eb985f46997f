/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-eflvmux
 * @title: eflvmux
 *
 * A live FLV muxer for RTMP publishing that also carries H.265, as
 * Enhanced RTMP (veovera enhanced-rtmp v1) defines it: H.265 video tags
 * have the ex-header with the FourCC `hvc1`, the HEVCDecoderConfiguration
 * Record as PacketTypeSequenceStart and coded frames with their
 * composition time (PacketTypeCodedFramesX when it is zero). H.264 and
 * AAC get the legacy tags of FLV 10.1, byte for byte what flvmux writes
 * for them.
 *
 * Each output buffer holds one whole tag (the file header is a buffer of
 * its own), which is what restreamtee's keyframe and header tracking and
 * rtmppushsink's one-message-per-tag packing expect. Tags are interleaved
 * by decoding time; timestamps are running times in milliseconds and
 * never go back. When a pad's caps change (another resolution, the
 * outage slate, another codec) the new configuration record goes out
 * before the next frame, so a muxer downstream of a switch never stalls.
 *
 * The source caps carry `video-fourcc=hvc1` while the video is H.265;
 * rtmppushsink then declares `fourCcList` in its connect command.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 videotestsrc is-live=true ! x265enc tune=zerolatency
 *     key-int-max=60 ! h265parse ! eflvmux name=m ! rtmppushsink
 *     location=rtmp://127.0.0.1/live/KEY  audiotestsrc is-live=true !
 *     voaacenc ! aacparse ! m.
 * ]|
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstcontainerscan.h"
#include "gsteflvmux.h"
#include "gstrestreamelements.h"
#include "rtmpflvtag.h"

GST_DEBUG_CATEGORY_STATIC (eflvmux_debug);
#define GST_CAT_DEFAULT eflvmux_debug

struct _GstEFlvMuxPad
{
  GstAggregatorPad parent;

  gboolean video;
  RtmpFlvVideoCodec codec;
  GstBuffer *config;            /* avcC, hvcC or AudioSpecificConfig */
  gboolean config_pending;
  gint width, height, rate, channels;
  gdouble framerate;
  guint32 last_timestamp;       /* of the last tag, in ms */
  gboolean frames_sent;
  gint64 last_frame;            /* timestamp of the last frame, in ms */
};

struct _GstEFlvMux
{
  GstAggregator parent;

  /* state, reset on start */
  gboolean header_sent;
  guint32 last_timestamp;
  gboolean have_caps;
  RtmpFlvVideoCodec caps_codec;
  gboolean have_offset;
  gint64 offset;                /* added to running times, in ns */
  gboolean end_sent;
};

G_DEFINE_TYPE (GstEFlvMuxPad, gst_eflv_mux_pad, GST_TYPE_AGGREGATOR_PAD);

G_DEFINE_TYPE_WITH_CODE (GstEFlvMux, gst_eflv_mux, GST_TYPE_AGGREGATOR,
    GST_DEBUG_CATEGORY_INIT (eflvmux_debug, "eflvmux", 0,
        "FLV muxer with Enhanced RTMP H.265"));
GST_ELEMENT_REGISTER_DEFINE (eflvmux, "eflvmux", GST_RANK_NONE,
    GST_TYPE_EFLV_MUX);

/* *INDENT-OFF* */
static GstStaticPadTemplate video_template = GST_STATIC_PAD_TEMPLATE ("video",
    GST_PAD_SINK, GST_PAD_REQUEST,
    GST_STATIC_CAPS ("video/x-h264, stream-format=avc, alignment=au; "
        "video/x-h265, stream-format=(string){ hvc1, hev1 }, alignment=au"));

static GstStaticPadTemplate audio_template = GST_STATIC_PAD_TEMPLATE ("audio",
    GST_PAD_SINK, GST_PAD_REQUEST,
    GST_STATIC_CAPS ("audio/mpeg, mpegversion=4, stream-format=raw"));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS ("video/x-flv"));
/* *INDENT-ON* */

static void
gst_eflv_mux_pad_finalize (GObject * object)
{
  GstEFlvMuxPad *pad = GST_EFLV_MUX_PAD (object);

  gst_clear_buffer (&pad->config);
  G_OBJECT_CLASS (gst_eflv_mux_pad_parent_class)->finalize (object);
}

static void
gst_eflv_mux_pad_class_init (GstEFlvMuxPadClass * klass)
{
  G_OBJECT_CLASS (klass)->finalize = gst_eflv_mux_pad_finalize;
}

static void
gst_eflv_mux_pad_init (GstEFlvMuxPad * pad)
{
  (void) pad;
}

static GstEFlvMuxPad *
find_pad (GstEFlvMux * self, gboolean video)
{
  GList *l;

  for (l = GST_ELEMENT (self)->sinkpads; l; l = l->next)
    if (GST_EFLV_MUX_PAD (l->data)->video == video)
      return l->data;
  return NULL;
}

static gboolean
pad_set_caps (GstEFlvMux * self, GstEFlvMuxPad * pad, GstCaps * caps)
{
  GstStructure *s = gst_caps_get_structure (caps, 0);
  const GValue *value = gst_structure_get_value (s, "codec_data");
  gint n = 0, d = 1;

  if (!value || !GST_VALUE_HOLDS_BUFFER (value)) {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT, ("%s caps without codec data",
            pad->video ? "Video" : "Audio"), ("caps %" GST_PTR_FORMAT, caps));
    return FALSE;
  }
  gst_buffer_replace (&pad->config, gst_value_get_buffer (value));
  pad->config_pending = TRUE;
  if (pad->video) {
    pad->codec = gst_structure_has_name (s, "video/x-h265") ?
        RTMP_FLV_VIDEO_H265 : RTMP_FLV_VIDEO_H264;
    gst_structure_get_int (s, "width", &pad->width);
    gst_structure_get_int (s, "height", &pad->height);
    if (gst_structure_get_fraction (s, "framerate", &n, &d) && d > 0)
      pad->framerate = (gdouble) n / d;
  } else {
    gst_structure_get_int (s, "rate", &pad->rate);
    gst_structure_get_int (s, "channels", &pad->channels);
  }
  GST_DEBUG_OBJECT (pad, "caps %" GST_PTR_FORMAT, caps);
  return TRUE;
}

static gboolean
gst_eflv_mux_sink_event (GstAggregator * agg, GstAggregatorPad * aggpad,
    GstEvent * event)
{
  GstEFlvMux *self = GST_EFLV_MUX (agg);

  if (GST_EVENT_TYPE (event) == GST_EVENT_CAPS) {
    GstCaps *caps;

    gst_event_parse_caps (event, &caps);
    if (!pad_set_caps (self, GST_EFLV_MUX_PAD (aggpad), caps)) {
      gst_event_unref (event);
      return FALSE;
    }
  }
  return GST_AGGREGATOR_CLASS (gst_eflv_mux_parent_class)->sink_event (agg,
      aggpad, event);
}

/* The running time of @buffer's decoding (or presentation) time on @pad,
 * signed: encoders with B-frames start decoding before the segment.
 * G_MININT64 if the buffer has no time. */
static gint64
buffer_running_time (GstAggregatorPad * pad, GstBuffer * buffer,
    gboolean presentation)
{
  GstClockTime t = presentation || !GST_BUFFER_DTS_IS_VALID (buffer) ?
      GST_BUFFER_PTS (buffer) : GST_BUFFER_DTS (buffer);
  guint64 abs_running = 0;
  gint sign;

  if (!GST_CLOCK_TIME_IS_VALID (t))
    return G_MININT64;
  sign = gst_segment_to_running_time_full (&pad->segment, GST_FORMAT_TIME, t,
      &abs_running);
  if (sign == 0)
    return G_MININT64;
  return sign > 0 ? (gint64) abs_running : -(gint64) abs_running;
}

/* The time of a tag: the running time shifted by the offset chosen at the
 * first tag, which makes the first decoding time 0 or more. */
static GstClockTime
tag_time (GstEFlvMux * self, gint64 running)
{
  if (running == G_MININT64)
    return GST_CLOCK_TIME_NONE;
  return (GstClockTime) MAX (running + self->offset, 0);
}

/* The pad whose next buffer decodes first; NULL when a pad without data
 * may still bring an earlier one (and no timeout forces the choice). */
static GstEFlvMuxPad *
find_best_pad (GstEFlvMux * self, gboolean timeout, gint64 * time,
    gboolean * all_eos)
{
  GstEFlvMuxPad *best = NULL;
  gint64 best_time = G_MININT64;
  GList *l;

  *all_eos = TRUE;
  GST_OBJECT_LOCK (self);
  for (l = GST_ELEMENT (self)->sinkpads; l; l = l->next) {
    GstAggregatorPad *pad = l->data;
    GstBuffer *buffer = gst_aggregator_pad_peek_buffer (pad);
    gint64 t;

    if (!buffer) {
      if (!gst_aggregator_pad_is_eos (pad)) {
        *all_eos = FALSE;
        if (!timeout) {
          best = NULL;
          break;
        }
      }
      continue;
    }
    *all_eos = FALSE;
    t = buffer_running_time (pad, buffer, FALSE);
    gst_buffer_unref (buffer);
    if (!best || (t != G_MININT64 && (best_time == G_MININT64
                || t < best_time))) {
      best = GST_EFLV_MUX_PAD (pad);
      best_time = t;
    }
  }
  if (best)
    gst_object_ref (best);
  GST_OBJECT_UNLOCK (self);
  *time = best_time;
  return best;
}

static GstClockTime
gst_eflv_mux_get_next_time (GstAggregator * agg)
{
  GstEFlvMux *self = GST_EFLV_MUX (agg);
  gint64 time;
  gboolean all_eos;
  GstEFlvMuxPad *best = find_best_pad (self, TRUE, &time, &all_eos);

  gst_clear_object (&best);
  return time == G_MININT64 ? GST_CLOCK_TIME_NONE : (GstClockTime) MAX (time,
      0);
}

static void
update_src_caps (GstEFlvMux * self, GstEFlvMuxPad * video)
{
  GstCaps *caps;

  if (self->have_caps && (!video || video->codec == self->caps_codec))
    return;
  caps = gst_caps_new_simple ("video/x-flv", "streamable", G_TYPE_BOOLEAN,
      TRUE, NULL);
  if (video && video->codec == RTMP_FLV_VIDEO_H265)
    gst_caps_set_simple (caps, "video-fourcc", G_TYPE_STRING, "hvc1", NULL);
  gst_aggregator_set_src_caps (GST_AGGREGATOR (self), caps);
  gst_caps_unref (caps);
  self->have_caps = TRUE;
  self->caps_codec = video ? video->codec : RTMP_FLV_VIDEO_H264;
}

/* One tag of @pad (NULL: script data). Timestamps never go back within a
 * stream; across the two they follow the interleaving, and a buffer that
 * came after the muxer's latency keeps its own time (RTMP carries audio
 * and video on chunk streams of their own, each with its own clock). */
static GstFlowReturn
push_tag (GstEFlvMux * self, GstEFlvMuxPad * pad, guint8 type,
    const guint8 * head, gsize head_size, const guint8 * data, gsize size,
    GstClockTime time, gboolean header, gboolean delta)
{
  guint32 last = pad ? pad->last_timestamp : self->last_timestamp;
  guint32 timestamp = GST_CLOCK_TIME_IS_VALID (time) ?
      (guint32) (time / GST_MSECOND) : last;
  GstBuffer *buffer;

  timestamp = MAX (timestamp, last);
  if (pad)
    pad->last_timestamp = timestamp;
  self->last_timestamp = MAX (self->last_timestamp, timestamp);
  buffer = rtmp_flv_tag (type, timestamp, head, head_size, data, size);
  GST_BUFFER_PTS (buffer) = GST_BUFFER_DTS (buffer) =
      (GstClockTime) timestamp *GST_MSECOND;
  if (header)
    GST_BUFFER_FLAG_SET (buffer, GST_BUFFER_FLAG_HEADER);
  if (delta)
    GST_BUFFER_FLAG_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT);
  return gst_aggregator_finish_buffer (GST_AGGREGATOR (self), buffer);
}

/* The tag header of @pad's stream. */
static gsize
media_header (GstEFlvMuxPad * pad, RtmpFlvPacket packet, gboolean keyframe,
    gint32 cts, guint8 head[RTMP_FLV_VIDEO_HEADER_MAX])
{
  return pad->video ? rtmp_flv_video_header (pad->codec, packet, keyframe,
      cts, head) : rtmp_flv_aac_header (packet == RTMP_FLV_PACKET_CONFIG, head);
}

static GstFlowReturn
push_config (GstEFlvMux * self, GstEFlvMuxPad * pad, GstClockTime time)
{
  guint8 head[RTMP_FLV_VIDEO_HEADER_MAX];
  gsize head_size = media_header (pad, RTMP_FLV_PACKET_CONFIG, TRUE, 0, head);
  GstFlowReturn ret;
  GstMapInfo map;

  pad->config_pending = FALSE;
  if (!pad->config || !gst_buffer_map (pad->config, &map, GST_MAP_READ))
    return GST_FLOW_OK;
  ret = push_tag (self, pad, pad->video ? GST_FLV_TAG_VIDEO :
      GST_FLV_TAG_AUDIO, head, head_size, map.data, map.size, time, TRUE,
      FALSE);
  gst_buffer_unmap (pad->config, &map);
  return ret;
}

/* The file header, onMetaData and every configuration record known. */
static GstFlowReturn
push_headers (GstEFlvMux * self, GstClockTime time)
{
  GstEFlvMuxPad *video = find_pad (self, TRUE);
  GstEFlvMuxPad *audio = find_pad (self, FALSE);
  RtmpFlvMetadata metadata = { video != NULL, audio != NULL };
  GstBuffer *header = rtmp_flv_file_header (video != NULL, audio != NULL);
  GstFlowReturn ret;

  update_src_caps (self, video);
  GST_BUFFER_FLAG_SET (header, GST_BUFFER_FLAG_HEADER);
  GST_BUFFER_PTS (header) = GST_BUFFER_DTS (header) = time;
  ret = gst_aggregator_finish_buffer (GST_AGGREGATOR (self), header);
  if (video) {
    metadata.video_codec = video->codec;
    metadata.width = video->width;
    metadata.height = video->height;
    metadata.framerate = video->framerate;
  }
  if (audio) {
    metadata.audio_rate = audio->rate;
    metadata.audio_channels = audio->channels;
  }
  if (ret == GST_FLOW_OK) {
    GByteArray *body = rtmp_flv_metadata_body (&metadata);

    ret = push_tag (self, NULL, GST_FLV_TAG_SCRIPT, body->data, body->len,
        NULL, 0, time, TRUE, FALSE);
    g_byte_array_unref (body);
  }
  if (ret == GST_FLOW_OK && video && video->config)
    ret = push_config (self, video, time);
  if (ret == GST_FLOW_OK && audio && audio->config)
    ret = push_config (self, audio, time);
  self->header_sent = TRUE;
  return ret;
}

/* Frames of one stream get strictly increasing timestamps: decoders and
 * recorders refuse two frames at the same decoding time, and a live input
 * whose timestamps were compressed by clock-skew correction (tsdemux under
 * load) can bring two within the same millisecond. The composition time
 * keeps the presentation time where it was. */
static GstFlowReturn
push_frame (GstEFlvMux * self, GstEFlvMuxPad * pad, GstBuffer * buffer,
    GstClockTime dts)
{
  GstAggregatorPad *aggpad = GST_AGGREGATOR_PAD (pad);
  GstClockTime pts = tag_time (self, buffer_running_time (aggpad, buffer,
          TRUE));
  gint64 dts_ms = GST_CLOCK_TIME_IS_VALID (dts) ?
      (gint64) (dts / GST_MSECOND) : pad->last_frame;
  gint32 cts = 0;
  gboolean delta;
  guint8 head[RTMP_FLV_VIDEO_HEADER_MAX];
  gsize head_size;
  GstMapInfo map;
  GstFlowReturn ret;

  if (pad->frames_sent && dts_ms <= pad->last_frame)
    dts_ms = pad->last_frame + 1;
  if (GST_CLOCK_TIME_IS_VALID (pts))
    cts = (gint32) ((gint64) (pts / GST_MSECOND) - dts_ms);
  pad->last_frame = dts_ms;
  pad->frames_sent = TRUE;
  /* The flags flvmux sets: only video keyframes (or audio without video)
   * are points a receiver may start at. */
  delta = pad->video ? GST_BUFFER_FLAG_IS_SET (buffer,
      GST_BUFFER_FLAG_DELTA_UNIT) : find_pad (self, TRUE) != NULL;
  head_size = media_header (pad, RTMP_FLV_PACKET_FRAME, !delta, cts, head);
  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_FLOW_OK;
  /* The frame's one copy: into the tag. */
  ret = push_tag (self, pad, pad->video ? GST_FLV_TAG_VIDEO :
      GST_FLV_TAG_AUDIO, head, head_size, map.data, map.size,
      (GstClockTime) dts_ms * GST_MSECOND, FALSE, delta);
  gst_buffer_unmap (buffer, &map);
  return ret;
}

/* At EOS, as flvmux does: the video's end of sequence, then EOS. */
static GstFlowReturn
push_end (GstEFlvMux * self)
{
  GstEFlvMuxPad *video = find_pad (self, TRUE);
  guint8 head[RTMP_FLV_VIDEO_HEADER_MAX];
  gsize head_size;
  GstFlowReturn ret;

  if (!self->header_sent || self->end_sent || !video || !video->frames_sent)
    return GST_FLOW_EOS;
  self->end_sent = TRUE;
  head_size = rtmp_flv_video_header (video->codec, RTMP_FLV_PACKET_END, TRUE,
      0, head);
  ret = push_tag (self, video, GST_FLV_TAG_VIDEO, head, head_size, NULL, 0,
      (GstClockTime) self->last_timestamp * GST_MSECOND, FALSE, FALSE);
  return ret == GST_FLOW_OK ? GST_FLOW_EOS : ret;
}

static GstFlowReturn
gst_eflv_mux_aggregate (GstAggregator * agg, gboolean timeout)
{
  GstEFlvMux *self = GST_EFLV_MUX (agg);
  GstEFlvMuxPad *pad;
  GstBuffer *buffer;
  GstClockTime time;
  gint64 running;
  gboolean all_eos;
  GstFlowReturn ret = GST_FLOW_OK;

  pad = find_best_pad (self, timeout, &running, &all_eos);
  if (!pad && all_eos)
    return push_end (self);
  if (!pad)
    return GST_AGGREGATOR_FLOW_NEED_DATA;
  if (!self->have_offset && running != G_MININT64) {
    /* the earliest decoding time of all: the stream starts at 0 or later */
    self->offset = running < 0 ? -running : 0;
    self->have_offset = TRUE;
  }
  time = tag_time (self, running);
  buffer = gst_aggregator_pad_pop_buffer (GST_AGGREGATOR_PAD (pad));
  if (!buffer)
    goto done;
  /* A gap (failoversrc's outage without a slate) advances time only. */
  if (GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_GAP)
      || gst_buffer_get_size (buffer) == 0)
    goto done;
  if (!self->header_sent)
    ret = push_headers (self, time);
  if (ret == GST_FLOW_OK && pad->video)
    update_src_caps (self, pad);
  if (ret == GST_FLOW_OK && pad->config_pending)
    ret = push_config (self, pad, time);
  if (ret == GST_FLOW_OK)
    ret = push_frame (self, pad, buffer, time);

done:
  if (GST_CLOCK_TIME_IS_VALID (time))
    GST_AGGREGATOR_PAD (agg->srcpad)->segment.position = time;
  gst_clear_buffer (&buffer);
  gst_object_unref (pad);
  return ret;
}

static GstAggregatorPad *
gst_eflv_mux_create_new_pad (GstAggregator * agg, GstPadTemplate * templ,
    const gchar * req_name, const GstCaps * caps)
{
  GstEFlvMux *self = GST_EFLV_MUX (agg);
  gboolean video = g_str_equal (GST_PAD_TEMPLATE_NAME_TEMPLATE (templ),
      "video");
  GstEFlvMuxPad *pad;

  (void) req_name;
  (void) caps;
  if (self->header_sent) {
    GST_ELEMENT_WARNING (self, STREAM, MUX, ("Cannot add a stream to FLV "
            "once it has started"), (NULL));
    return NULL;
  }
  if (find_pad (self, video)) {
    GST_WARNING_OBJECT (self, "already has a %s pad", video ? "video" :
        "audio");
    return NULL;
  }
  pad = g_object_new (GST_TYPE_EFLV_MUX_PAD, "name", video ? "video" :
      "audio", "direction", GST_PAD_SINK, "template", templ, NULL);
  pad->video = video;
  return GST_AGGREGATOR_PAD (pad);
}

static gboolean
gst_eflv_mux_start (GstAggregator * agg)
{
  GstEFlvMux *self = GST_EFLV_MUX (agg);

  GList *l;

  GST_OBJECT_LOCK (self);
  for (l = GST_ELEMENT (self)->sinkpads; l; l = l->next) {
    GstEFlvMuxPad *pad = l->data;

    pad->last_timestamp = 0;
    pad->frames_sent = FALSE;
    pad->last_frame = 0;
  }
  GST_OBJECT_UNLOCK (self);
  self->header_sent = FALSE;
  self->last_timestamp = 0;
  self->have_caps = FALSE;
  self->have_offset = FALSE;
  self->offset = 0;
  self->end_sent = FALSE;
  return TRUE;
}

static void
gst_eflv_mux_class_init (GstEFlvMuxClass * klass)
{
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstAggregatorClass *agg_class = GST_AGGREGATOR_CLASS (klass);

  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &video_template, GST_TYPE_EFLV_MUX_PAD);
  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &audio_template, GST_TYPE_EFLV_MUX_PAD);
  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &src_template, GST_TYPE_AGGREGATOR_PAD);
  gst_element_class_set_static_metadata (element_class,
      "FLV muxer with Enhanced RTMP", "Codec/Muxer",
      "Muxes H.264 or H.265 (Enhanced RTMP, FourCC hvc1) and AAC into "
      "live FLV, one tag per buffer", "gst-restream contributors");

  agg_class->create_new_pad = GST_DEBUG_FUNCPTR (gst_eflv_mux_create_new_pad);
  agg_class->sink_event = GST_DEBUG_FUNCPTR (gst_eflv_mux_sink_event);
  agg_class->aggregate = GST_DEBUG_FUNCPTR (gst_eflv_mux_aggregate);
  agg_class->get_next_time = GST_DEBUG_FUNCPTR (gst_eflv_mux_get_next_time);
  agg_class->start = GST_DEBUG_FUNCPTR (gst_eflv_mux_start);

  gst_type_mark_as_plugin_api (GST_TYPE_EFLV_MUX_PAD, 0);
}

static void
gst_eflv_mux_init (GstEFlvMux * self)
{
  (void) self;
}
