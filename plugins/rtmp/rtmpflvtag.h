/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __RTMP_FLV_TAG_H__
#define __RTMP_FLV_TAG_H__

#include <gst/gst.h>

G_BEGIN_DECLS
/* Writing FLV: the file header and one tag per buffer (11-byte header,
 * body, the 4-byte size of the tag), as eflvmux sends them downstream.
 * H.264 and AAC use the legacy tag headers of FLV 10.1; H.265 uses the
 * Enhanced RTMP ex-header (veovera enhanced-rtmp v1): IsExHeader set,
 * FrameType, PacketType, then the FourCC 'hvc1'. */
    typedef enum
{
  RTMP_FLV_VIDEO_H264,
  RTMP_FLV_VIDEO_H265,
} RtmpFlvVideoCodec;

/* Enhanced RTMP video packet types */
#define RTMP_FLV_EX_SEQUENCE_START 0
#define RTMP_FLV_EX_CODED_FRAMES 1
#define RTMP_FLV_EX_SEQUENCE_END 2
#define RTMP_FLV_EX_CODED_FRAMES_X 3

/* 'hvc1' as a big-endian UI32, the onMetaData videocodecid of HEVC. */
#define RTMP_FLV_FOURCC_HEVC 0x68766331u
#define RTMP_FLV_CODEC_AVC 7
#define RTMP_FLV_SOUND_AAC 10

/* "FLV", version 1, the audio/video flags, the header size, and the
 * PreviousTagSize0 of 0: 13 bytes. */
GstBuffer *rtmp_flv_file_header (gboolean has_video, gboolean has_audio);

/* One tag in one allocation: @type GST_FLV_TAG_*, @timestamp in
 * milliseconds (the 24 low bits and the extension byte), the body (@head,
 * then @data: a tag header written by the functions below, then the
 * payload, copied once), then its size. */
GstBuffer *rtmp_flv_tag (guint8 type, guint32 timestamp, const guint8 * head,
    gsize head_size, const guint8 * data, gsize size);

typedef enum
{
  RTMP_FLV_PACKET_CONFIG,       /* the configuration record follows */
  RTMP_FLV_PACKET_FRAME,        /* one access unit follows */
  RTMP_FLV_PACKET_END,          /* the end of the sequence, nothing follows */
} RtmpFlvPacket;

/* The longest video tag header: ex-header, FourCC, SI24. */
#define RTMP_FLV_VIDEO_HEADER_MAX 8

/* Writes the video tag header into @header and returns its size. H.264:
 * FrameType | CodecID 7, AVCPacketType, SI24 composition time. H.265:
 * IsExHeader | FrameType | PacketType, 'hvc1', and for frames with a
 * composition time @cts (milliseconds) other than 0 its SI24 (with 0:
 * PacketTypeCodedFramesX, which leaves it out). Configuration records and
 * the end of sequence are key frames. */
gsize rtmp_flv_video_header (RtmpFlvVideoCodec codec, RtmpFlvPacket packet,
    gboolean keyframe, gint32 cts, guint8 header[RTMP_FLV_VIDEO_HEADER_MAX]);

/* Writes the 2-byte AAC tag header (the AudioSpecificConfig follows when
 * @config, else one raw frame) and returns its size. */
gsize rtmp_flv_aac_header (gboolean config, guint8 header[2]);

typedef struct
{
  gboolean has_video, has_audio;
  RtmpFlvVideoCodec video_codec;
  gint width, height;
  gdouble framerate;            /* 0: unknown */
  gint audio_rate, audio_channels;      /* 0: unknown */
} RtmpFlvMetadata;

/* The onMetaData script tag body: "onMetaData" and an ECMA array with
 * what is known; videocodecid is 7 for H.264 and the FourCC 'hvc1' as a
 * number (1752589105) for H.265. */
GByteArray *rtmp_flv_metadata_body (const RtmpFlvMetadata * metadata);

G_END_DECLS
#endif /* __RTMP_FLV_TAG_H__ */
