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

/* One tag: @type GST_FLV_TAG_*, @timestamp in milliseconds (the 24 low
 * bits and the extension byte), the body, then its size. */
GstBuffer *rtmp_flv_tag (guint8 type, guint32 timestamp, const guint8 * body,
    gsize body_size);

/* The body of a video tag: the codec's configuration record (avcC,
 * hvcC) when @config, else one access unit (length-prefixed NAL units)
 * with its composition time offset @cts in milliseconds. H.265 frames
 * with @cts 0 use PacketTypeCodedFramesX, which leaves the offset out. */
GByteArray *rtmp_flv_video_body (RtmpFlvVideoCodec codec, gboolean config,
    gboolean keyframe, gint32 cts, const guint8 * data, gsize size);

/* The body of the video tag that ends the sequence (at EOS): the AVC end
 * of sequence (0x17 0x02), or PacketTypeSequenceEnd (0x92 'hvc1'). */
GByteArray *rtmp_flv_video_end_body (RtmpFlvVideoCodec codec);

/* The body of an AAC audio tag: the AudioSpecificConfig when @config,
 * else one raw AAC frame. */
GByteArray *rtmp_flv_aac_body (gboolean config, const guint8 * data,
    gsize size);

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
