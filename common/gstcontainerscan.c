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

#include "gstcontainerscan.h"

#include <string.h>

#define FLV_FRAME_KEY 1
#define FLV_CODEC_AVC 7
#define FLV_CODEC_HEVC 12
#define FLV_SOUND_AAC 10
/* Enhanced RTMP video packet types */
#define FLV_EX_SEQUENCE_START 0

#define TS_PACKET_SIZE 188
#define TS_SYNC 0x47
#define TS_PID_PAT 0x0000
#define TS_PID_NONE 0x1fff

void
gst_container_scanner_init (GstContainerScanner * scanner)
{
  memset (scanner, 0, sizeof (*scanner));
  scanner->ts_pmt_pid = TS_PID_NONE;
  scanner->ts_video_pid = TS_PID_NONE;
  scanner->ts_audio_pid = TS_PID_NONE;
  scanner->timestamp = GST_CLOCK_TIME_NONE;
}

void
gst_container_scanner_clear (GstContainerScanner * scanner)
{
  guint i;

  for (i = 0; i < GST_SCAN_N_SLOTS; i++)
    gst_clear_buffer (&scanner->headers[i]);
  gst_container_scanner_init (scanner);
}

void
gst_container_scanner_set_caps (GstContainerScanner * scanner,
    const GstCaps * caps)
{
  GstContainerKind kind = GST_CONTAINER_KIND_UNKNOWN;
  const gchar *name;

  if (caps && gst_caps_get_size (caps) > 0) {
    name = gst_structure_get_name (gst_caps_get_structure (caps, 0));
    if (g_str_equal (name, "video/x-flv"))
      kind = GST_CONTAINER_KIND_FLV;
    else if (g_str_equal (name, "video/mpegts"))
      kind = GST_CONTAINER_KIND_MPEGTS;
  }

  if (kind != scanner->kind) {
    gst_container_scanner_clear (scanner);
    scanner->kind = kind;
  }
}

static GstScanClass
classify_by_flags (GstBuffer * buffer)
{
  if (GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_HEADER))
    return GST_SCAN_HEADER;
  if (GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT))
    return GST_SCAN_DELTA;
  return GST_SCAN_KEYFRAME;
}

static void
store_header (GstContainerScanner * scanner, guint slot, GstBuffer * header)
{
  gst_buffer_replace (&scanner->headers[slot], header);
}

/* FLV */

gboolean
gst_flv_tag_header_read (const guint8 * data, gsize size,
    GstFlvTagHeader * header)
{
  if (size < GST_FLV_TAG_HEADER_SIZE)
    return FALSE;
  header->type = data[0] & 0x1f;
  header->body_size = GST_READ_UINT24_BE (data + 1);
  /* 24-bit milliseconds plus an extension byte for the high bits */
  header->timestamp = GST_READ_UINT24_BE (data + 4) | ((guint32) data[7] << 24);
  return TRUE;
}

static gboolean
flv_is_metadata (const guint8 * body, gsize size)
{
  /* AMF0 string marker, 16-bit length, then the name. */
  static const gchar name[] = "onMetaData";
  guint len;

  if (size < 3 || body[0] != 0x02)
    return FALSE;
  len = GST_READ_UINT16_BE (body + 1);
  return len == strlen (name) && size >= 3 + len
      && memcmp (body + 3, name, len) == 0;
}

static const gchar *
flv_video_codec_name (guint codec)
{
  switch (codec) {
    case 2:
      return "sorenson-h263";
    case 3:
      return "screen-video";
    case 4:
    case 5:
      return "vp6";
    case 6:
      return "screen-video-2";
    case FLV_CODEC_AVC:
      return "h264";
    case FLV_CODEC_HEVC:
      return "h265";
    default:
      return "unknown";
  }
}

static const gchar *
flv_fourcc_codec_name (const guint8 * fourcc)
{
  if (memcmp (fourcc, "avc1", 4) == 0)
    return "h264";
  if (memcmp (fourcc, "hvc1", 4) == 0)
    return "h265";
  if (memcmp (fourcc, "av01", 4) == 0)
    return "av1";
  if (memcmp (fourcc, "vp09", 4) == 0)
    return "vp9";
  return "unknown";
}

static const gchar *
flv_audio_codec_name (guint format)
{
  switch (format) {
    case 0:
    case 3:
      return "pcm";
    case 1:
      return "adpcm";
    case 2:
    case 14:
      return "mp3";
    case 4:
    case 5:
    case 6:
      return "nellymoser";
    case 7:
      return "g711-alaw";
    case 8:
      return "g711-mulaw";
    case FLV_SOUND_AAC:
      return "aac";
    case 11:
      return "speex";
    default:
      return "unknown";
  }
}

static GstScanClass
flv_classify_video (GstContainerScanner * scanner, const guint8 * body,
    gsize size, GstBuffer * buffer)
{
  guint frame_type, codec;

  scanner->flv_has_video = TRUE;
  if (size < 1)
    return GST_SCAN_DELTA;

  if (body[0] & 0x80) {
    /* Enhanced RTMP: IsExHeader, FrameType (3 bits), PacketType (4 bits). */
    frame_type = (body[0] >> 4) & 0x07;
    if (size >= 5)
      scanner->video_codec = flv_fourcc_codec_name (body + 1);
    if ((body[0] & 0x0f) == FLV_EX_SEQUENCE_START) {
      /* avcC: configurationVersion, then AVCProfileIndication */
      if (size >= 7 && memcmp (body + 1, "avc1", 4) == 0)
        scanner->h264_profile = body[6];
      store_header (scanner, GST_SCAN_SLOT_FLV_VIDEO_CONFIG, buffer);
      return GST_SCAN_HEADER;
    }
    return frame_type == FLV_FRAME_KEY ? GST_SCAN_KEYFRAME : GST_SCAN_DELTA;
  }

  frame_type = body[0] >> 4;
  codec = body[0] & 0x0f;
  scanner->video_codec = flv_video_codec_name (codec);
  if ((codec == FLV_CODEC_AVC || codec == FLV_CODEC_HEVC) && size >= 2) {
    if (body[1] == 0) {
      /* after the packet type and composition time: the avcC record */
      if (codec == FLV_CODEC_AVC && size >= 7)
        scanner->h264_profile = body[6];
      store_header (scanner, GST_SCAN_SLOT_FLV_VIDEO_CONFIG, buffer);
      return GST_SCAN_HEADER;
    }
    if (body[1] == 2)           /* end of sequence */
      return GST_SCAN_DELTA;
  }
  return frame_type == FLV_FRAME_KEY ? GST_SCAN_KEYFRAME : GST_SCAN_DELTA;
}

static GstScanClass
flv_classify (GstContainerScanner * scanner, GstBuffer * buffer,
    const guint8 * data, gsize size)
{
  GstFlvTagHeader tag;
  gsize body_size;
  const guint8 *body;

  if (size >= 9 && memcmp (data, "FLV", 3) == 0) {
    store_header (scanner, GST_SCAN_SLOT_FLV_FILE_HEADER, buffer);
    return GST_SCAN_HEADER;
  }

  if (!gst_flv_tag_header_read (data, size, &tag))
    return classify_by_flags (buffer);
  if ((tag.type != GST_FLV_TAG_AUDIO && tag.type != GST_FLV_TAG_VIDEO
          && tag.type != GST_FLV_TAG_SCRIPT)
      || GST_FLV_TAG_HEADER_SIZE + tag.body_size > size)
    return classify_by_flags (buffer);  /* not one tag per buffer */
  body = data + GST_FLV_TAG_HEADER_SIZE;
  body_size = tag.body_size;
  scanner->timestamp = tag.timestamp * GST_MSECOND;

  switch (tag.type) {
    case GST_FLV_TAG_VIDEO:
      return flv_classify_video (scanner, body, body_size, buffer);
    case GST_FLV_TAG_AUDIO:
      if (body_size >= 1)
        scanner->audio_codec = flv_audio_codec_name (body[0] >> 4);
      if (body_size >= 2 && (body[0] >> 4) == FLV_SOUND_AAC && body[1] == 0) {
        store_header (scanner, GST_SCAN_SLOT_FLV_AUDIO_CONFIG, buffer);
        return GST_SCAN_HEADER;
      }
      return scanner->flv_has_video ? GST_SCAN_DELTA : GST_SCAN_KEYFRAME;
    default:
      if (flv_is_metadata (body, body_size)) {
        store_header (scanner, GST_SCAN_SLOT_FLV_METADATA, buffer);
        return GST_SCAN_HEADER;
      }
      /* Cue points and other script data are ordinary data. */
      return GST_SCAN_DELTA;
  }
}

/* MPEG-TS */

static const gchar *
ts_codec_name (guint8 stream_type)
{
  switch (stream_type) {
    case 0x01:
      return "mpeg1-video";
    case 0x02:
      return "mpeg2-video";
    case 0x10:
      return "mpeg4-video";
    case 0x1b:
      return "h264";
    case 0x24:
      return "h265";
    case 0x33:
      return "h266";
    case 0x03:
    case 0x04:
      return "mp3";
    case 0x0f:
    case 0x11:
      return "aac";
    case 0x81:
      return "ac3";
    case 0x87:
      return "eac3";
    default:
      return "unknown";
  }
}

static gboolean
ts_stream_type_is_audio (guint8 stream_type)
{
  switch (stream_type) {
    case 0x03:
    case 0x04:
    case 0x0f:
    case 0x11:
    case 0x81:
    case 0x87:
      return TRUE;
    default:
      return FALSE;
  }
}

static gboolean
ts_stream_type_is_video (guint8 stream_type)
{
  switch (stream_type) {
    case 0x01:                 /* MPEG-1 video */
    case 0x02:                 /* MPEG-2 video */
    case 0x10:                 /* MPEG-4 part 2 */
    case 0x1b:                 /* H.264 */
    case 0x24:                 /* H.265 */
    case 0x33:                 /* H.266 */
      return TRUE;
    default:
      return FALSE;
  }
}

/* Returns the section that starts in this packet's payload, or NULL. */
static const guint8 *
ts_section_start (const guint8 * payload, gsize payload_size,
    gsize * section_size)
{
  guint pointer;
  guint length;
  const guint8 *section;

  if (payload_size < 1)
    return NULL;
  pointer = payload[0];
  if (1 + pointer + 3 > payload_size)
    return NULL;
  section = payload + 1 + pointer;
  length = GST_READ_UINT16_BE (section + 1) & 0x0fff;
  /* Sections that continue in the next packet are cut to this one. */
  *section_size = MIN (3 + length, payload_size - 1 - pointer);
  return section;
}

static void
ts_parse_pat (GstContainerScanner * scanner, const guint8 * payload,
    gsize payload_size)
{
  gsize size, pos, end;
  const guint8 *section = ts_section_start (payload, payload_size, &size);

  if (!section || section[0] != 0x00 || size < 12)
    return;
  end = size - 4;               /* CRC */
  for (pos = 8; pos + 4 <= end; pos += 4) {
    guint program = GST_READ_UINT16_BE (section + pos);
    if (program != 0) {
      scanner->ts_pmt_pid = GST_READ_UINT16_BE (section + pos + 2) & 0x1fff;
      return;
    }
  }
}

static void
ts_parse_pmt (GstContainerScanner * scanner, const guint8 * payload,
    gsize payload_size)
{
  gsize size, pos, end;
  guint program_info_length;
  const guint8 *section = ts_section_start (payload, payload_size, &size);

  if (!section || section[0] != 0x02 || size < 16)
    return;
  end = size - 4;
  program_info_length = GST_READ_UINT16_BE (section + 10) & 0x0fff;
  scanner->ts_pmt_seen = TRUE;
  scanner->ts_video_pid = TS_PID_NONE;
  scanner->ts_audio_pid = TS_PID_NONE;
  for (pos = 12 + program_info_length; pos + 5 <= end;) {
    guint8 stream_type = section[pos];
    guint pid = GST_READ_UINT16_BE (section + pos + 1) & 0x1fff;
    guint es_info_length = GST_READ_UINT16_BE (section + pos + 3) & 0x0fff;

    if (ts_stream_type_is_video (stream_type)
        && scanner->ts_video_pid == TS_PID_NONE) {
      scanner->ts_video_pid = pid;
      scanner->ts_video_stream_type = stream_type;
      scanner->video_codec = ts_codec_name (stream_type);
    } else if (scanner->ts_audio_pid == TS_PID_NONE
        && (ts_stream_type_is_audio (stream_type) || stream_type == 0x06)) {
      /* 0x06: private data, as Opus and others are carried */
      scanner->ts_audio_pid = pid;
      scanner->ts_audio_stream_type = stream_type;
      scanner->audio_codec = stream_type == 0x06 ? "unknown" :
          ts_codec_name (stream_type);
    }
    pos += 5 + es_info_length;
  }
}

/* The PTS of a PES packet starting in @payload, or GST_CLOCK_TIME_NONE. */
static GstClockTime
ts_pes_pts (const guint8 * payload, gsize payload_size)
{
  guint64 pts;

  if (payload_size < 14 || payload[0] != 0 || payload[1] != 0
      || payload[2] != 1 || !(payload[7] & 0x80))
    return GST_CLOCK_TIME_NONE;
  pts = ((guint64) (payload[9] & 0x0e) << 29) | (payload[10] << 22)
      | ((payload[11] & 0xfe) << 14) | (payload[12] << 7) | (payload[13] >> 1);
  return gst_util_uint64_scale (pts, GST_SECOND, 90000);
}

/* The profile_idc of an H.264 SPS in the PES packet's first bytes. */
static void
ts_pes_find_profile (GstContainerScanner * scanner, const guint8 * payload,
    gsize payload_size)
{
  gsize pos, es;

  if (payload_size < 9)
    return;
  es = 9 + payload[8];
  for (pos = es; pos + 4 < payload_size; pos++) {
    if (payload[pos] == 0 && payload[pos + 1] == 0 && payload[pos + 2] == 1
        && (payload[pos + 3] & 0x1f) == 7) {
      scanner->h264_profile = payload[pos + 4];
      return;
    }
  }
}

/* Looks into the elementary stream at the start of a PES packet for a
 * random access point: an IDR slice or a parameter set before the first
 * picture (encoders put SPS/PPS in front of keyframes only). */
static gboolean
ts_pes_starts_keyframe (guint8 stream_type, const guint8 * payload,
    gsize payload_size)
{
  gsize pos, es;

  if (payload_size < 9 || payload[0] != 0 || payload[1] != 0 || payload[2] != 1)
    return FALSE;
  es = 9 + payload[8];
  for (pos = es; pos + 3 < payload_size; pos++) {
    guint nal_type;

    if (payload[pos] != 0 || payload[pos + 1] != 0 || payload[pos + 2] != 1)
      continue;
    if (stream_type == 0x24) {
      nal_type = (payload[pos + 3] >> 1) & 0x3f;
      if ((nal_type >= 16 && nal_type <= 21) || (nal_type >= 32
              && nal_type <= 34))
        return TRUE;
      if (nal_type < 32)
        return FALSE;           /* first picture is not a keyframe */
    } else {
      nal_type = payload[pos + 3] & 0x1f;
      if (nal_type == 5 || nal_type == 7)
        return TRUE;
      if (nal_type >= 1 && nal_type <= 4)
        return FALSE;
    }
    pos += 3;
  }
  return FALSE;
}

/* One transport stream packet's header, as far as classifying needs it:
 * the payload runs from payload_offset to the end of the packet. */
typedef struct
{
  guint pid;
  gboolean unit_start;
  gboolean random_access;
  gsize payload_offset;
} TsPacketHeader;

static void
ts_read_packet_header (const guint8 * packet, TsPacketHeader * header)
{
  guint adaptation = (packet[3] >> 4) & 0x03;

  header->pid = GST_READ_UINT16_BE (packet + 1) & 0x1fff;
  header->unit_start = (packet[1] & 0x40) != 0;
  header->random_access = FALSE;
  header->payload_offset = 4;
  if (adaptation & 0x02) {
    guint adaptation_length = packet[4];
    header->random_access = adaptation_length > 0 && (packet[5] & 0x40);
    header->payload_offset = 5 + adaptation_length;
  }
  if (!(adaptation & 0x01) || header->payload_offset >= TS_PACKET_SIZE)
    header->payload_offset = TS_PACKET_SIZE;    /* no payload */
}

/* Only whole packets that each start with the sync byte are parsed; any
 * other buffer is classified by its flags. */
static gboolean
ts_is_packet_aligned (const guint8 * data, gsize size)
{
  gsize offset;

  if (size == 0 || size % TS_PACKET_SIZE != 0)
    return FALSE;
  for (offset = 0; offset < size; offset += TS_PACKET_SIZE)
    if (data[offset] != TS_SYNC)
      return FALSE;
  return TRUE;
}

/* A PAT or PMT packet is kept whole, so that a late joiner receives the
 * tables before its first keyframe. */
static void
ts_keep_table_packet (GstContainerScanner * scanner, GstBuffer * buffer,
    gsize offset, guint slot)
{
  store_header (scanner, slot, NULL);
  scanner->headers[slot] =
      gst_buffer_copy_region (buffer, GST_BUFFER_COPY_MEMORY, offset,
      TS_PACKET_SIZE);
}

/* Whether this packet of a stream other than the tables is a point a late
 * joiner can start from; on the video PID it also notes the PTS and the
 * H.264 profile. */
static gboolean
ts_packet_is_start_point (GstContainerScanner * scanner,
    const guint8 * packet, const TsPacketHeader * header)
{
  const guint8 *payload = packet + header->payload_offset;
  gsize payload_size = TS_PACKET_SIZE - header->payload_offset;

  if (scanner->ts_video_pid == TS_PID_NONE) {
    /* Before the PMT only the adaptation field tells; once the PMT shows
     * no video at all, every audio frame is a starting point. */
    if (scanner->ts_pmt_seen)
      return header->unit_start;
    return header->random_access;
  }
  if (header->pid != scanner->ts_video_pid)
    return FALSE;
  if (header->unit_start) {
    GstClockTime pts = ts_pes_pts (payload, payload_size);
    if (GST_CLOCK_TIME_IS_VALID (pts))
      scanner->timestamp = pts;
    if (scanner->ts_video_stream_type == 0x1b)
      ts_pes_find_profile (scanner, payload, payload_size);
  }
  return header->random_access || (header->unit_start
      && ts_pes_starts_keyframe (scanner->ts_video_stream_type, payload,
          payload_size));
}

static GstScanClass
ts_classify (GstContainerScanner * scanner, GstBuffer * buffer,
    const guint8 * data, gsize size)
{
  gsize offset;
  gboolean keyframe = FALSE;
  gboolean only_psi = TRUE;

  if (!ts_is_packet_aligned (data, size))
    return classify_by_flags (buffer);

  for (offset = 0; offset < size; offset += TS_PACKET_SIZE) {
    const guint8 *packet = data + offset;
    TsPacketHeader header;

    ts_read_packet_header (packet, &header);
    if (header.pid == TS_PID_PAT) {
      if (header.unit_start) {
        ts_parse_pat (scanner, packet + header.payload_offset,
            TS_PACKET_SIZE - header.payload_offset);
        ts_keep_table_packet (scanner, buffer, offset, GST_SCAN_SLOT_TS_PAT);
      }
      continue;
    }
    if (header.pid == scanner->ts_pmt_pid) {
      if (header.unit_start) {
        ts_parse_pmt (scanner, packet + header.payload_offset,
            TS_PACKET_SIZE - header.payload_offset);
        ts_keep_table_packet (scanner, buffer, offset, GST_SCAN_SLOT_TS_PMT);
      }
      continue;
    }
    if (header.pid == TS_PID_NONE)
      continue;
    only_psi = FALSE;
    if (!keyframe)
      keyframe = ts_packet_is_start_point (scanner, packet, &header);
  }

  if (only_psi)
    return GST_SCAN_HEADER;
  return keyframe ? GST_SCAN_KEYFRAME : GST_SCAN_DELTA;
}

GstScanClass
gst_container_scanner_classify (GstContainerScanner * scanner,
    GstBuffer * buffer)
{
  GstMapInfo map;
  GstScanClass klass;

  if (scanner->kind == GST_CONTAINER_KIND_UNKNOWN)
    return classify_by_flags (buffer);
  if (G_UNLIKELY (!gst_buffer_map (buffer, &map, GST_MAP_READ)))
    return classify_by_flags (buffer);
  if (scanner->kind == GST_CONTAINER_KIND_FLV)
    klass = flv_classify (scanner, buffer, map.data, map.size);
  else
    klass = ts_classify (scanner, buffer, map.data, map.size);
  gst_buffer_unmap (buffer, &map);
  return klass;
}

void
gst_container_scanner_collect_headers (GstContainerScanner * scanner,
    GPtrArray * out)
{
  guint i;

  for (i = 0; i < GST_SCAN_N_SLOTS; i++)
    if (scanner->headers[i])
      g_ptr_array_add (out, gst_buffer_ref (scanner->headers[i]));
}

const gchar *
gst_scan_class_get_name (GstScanClass klass)
{
  switch (klass) {
    case GST_SCAN_DELTA:
      return "delta";
    case GST_SCAN_KEYFRAME:
      return "keyframe";
    case GST_SCAN_HEADER:
      return "header";
  }
  return "unknown";
}
