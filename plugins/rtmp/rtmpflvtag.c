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

#include "gstcontainerscan.h"
#include "rtmpamf.h"
#include "rtmpflvtag.h"

#define FRAME_KEY 1
#define FRAME_INTER 2
#define EX_HEADER 0x80
#define AVC_SEQUENCE_HEADER 0
#define AVC_NALU 1
#define AVC_END_OF_SEQUENCE 2
#define AAC_SEQUENCE_HEADER 0
#define AAC_RAW 1
/* AAC, 44 kHz, 16-bit, stereo: the only sound header FLV allows for AAC
 * (the real rate and channels are in the AudioSpecificConfig). */
#define AAC_SOUND_HEADER 0xaf

GstBuffer *
rtmp_flv_file_header (gboolean has_video, gboolean has_audio)
{
  guint8 header[13] = { 'F', 'L', 'V', 1, 0, 0, 0, 0, 9, 0, 0, 0, 0 };

  header[4] = (has_audio ? 0x04 : 0) | (has_video ? 0x01 : 0);
  return gst_buffer_new_memdup (header, sizeof (header));
}

GstBuffer *
rtmp_flv_tag (guint8 type, guint32 timestamp, const guint8 * head,
    gsize head_size, const guint8 * data, gsize size)
{
  gsize body_size = head_size + size;
  gsize total = GST_FLV_TAG_HEADER_SIZE + body_size + GST_FLV_TAG_TRAILER_SIZE;
  guint8 *tag = g_malloc (total);

  tag[0] = type;
  GST_WRITE_UINT24_BE (tag + 1, body_size);
  GST_WRITE_UINT24_BE (tag + 4, timestamp & 0xffffff);
  tag[7] = timestamp >> 24;
  GST_WRITE_UINT24_BE (tag + 8, 0);     /* stream id */
  if (head_size)
    memcpy (tag + GST_FLV_TAG_HEADER_SIZE, head, head_size);
  if (size)
    memcpy (tag + GST_FLV_TAG_HEADER_SIZE + head_size, data, size);
  GST_WRITE_UINT32_BE (tag + GST_FLV_TAG_HEADER_SIZE + body_size,
      GST_FLV_TAG_HEADER_SIZE + body_size);
  return gst_buffer_new_wrapped (tag, total);
}

gsize
rtmp_flv_video_header (RtmpFlvVideoCodec codec, RtmpFlvPacket packet,
    gboolean keyframe, gint32 cts, guint8 header[RTMP_FLV_VIDEO_HEADER_MAX])
{
  guint frame = packet != RTMP_FLV_PACKET_FRAME || keyframe ? FRAME_KEY :
      FRAME_INTER;
  guint type;

  if (codec == RTMP_FLV_VIDEO_H264) {
    static const guint8 avc_types[] = { AVC_SEQUENCE_HEADER, AVC_NALU,
      AVC_END_OF_SEQUENCE
    };

    header[0] = frame << 4 | RTMP_FLV_CODEC_AVC;
    header[1] = avc_types[packet];
    GST_WRITE_UINT24_BE (header + 2, packet == RTMP_FLV_PACKET_FRAME ?
        (guint32) cts & 0xffffff : 0);
    return 5;
  }
  type = packet == RTMP_FLV_PACKET_CONFIG ? RTMP_FLV_EX_SEQUENCE_START :
      packet == RTMP_FLV_PACKET_END ? RTMP_FLV_EX_SEQUENCE_END : cts != 0 ?
      RTMP_FLV_EX_CODED_FRAMES : RTMP_FLV_EX_CODED_FRAMES_X;
  header[0] = EX_HEADER | frame << 4 | type;
  memcpy (header + 1, "hvc1", 4);
  if (type != RTMP_FLV_EX_CODED_FRAMES)
    return 5;
  GST_WRITE_UINT24_BE (header + 5, (guint32) cts & 0xffffff);
  return 8;
}

gsize
rtmp_flv_aac_header (gboolean config, guint8 header[2])
{
  header[0] = AAC_SOUND_HEADER;
  header[1] = config ? AAC_SEQUENCE_HEADER : AAC_RAW;
  return 2;
}

static void
put_number (GByteArray * out, const gchar * name, gdouble value)
{
  rtmp_amf_write_property_name (out, name);
  rtmp_amf_write_number (out, value);
}

GByteArray *
rtmp_flv_metadata_body (const RtmpFlvMetadata * m)
{
  GByteArray *out = g_byte_array_new ();
  guint32 count = 1;

  if (m->has_video)
    count += 1 + (m->width > 0) + (m->height > 0) + (m->framerate > 0);
  if (m->has_audio)
    count += 1 + (m->audio_rate > 0) + (m->audio_channels > 0);
  rtmp_amf_write_string (out, "onMetaData");
  rtmp_amf_write_ecma_array_begin (out, count);
  put_number (out, "duration", 0);
  if (m->has_video) {
    put_number (out, "videocodecid", m->video_codec == RTMP_FLV_VIDEO_H265 ?
        (gdouble) RTMP_FLV_FOURCC_HEVC : RTMP_FLV_CODEC_AVC);
    if (m->width > 0)
      put_number (out, "width", m->width);
    if (m->height > 0)
      put_number (out, "height", m->height);
    if (m->framerate > 0)
      put_number (out, "framerate", m->framerate);
  }
  if (m->has_audio) {
    put_number (out, "audiocodecid", RTMP_FLV_SOUND_AAC);
    if (m->audio_rate > 0)
      put_number (out, "audiosamplerate", m->audio_rate);
    if (m->audio_channels > 0) {
      rtmp_amf_write_property_name (out, "stereo");
      rtmp_amf_write_boolean (out, m->audio_channels > 1);
    }
  }
  rtmp_amf_write_object_end (out);
  return out;
}
