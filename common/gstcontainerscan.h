/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_CONTAINER_SCAN_H__
#define __GST_CONTAINER_SCAN_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/* Finds stream headers and decodable starting points in muxed bytes (FLV
 * tags, MPEG-TS packets) without trusting buffer flags: rtmp2src sets
 * neither DELTA_UNIT nor HEADER, and srtsrc sets no flags at all. */

typedef enum
{
  GST_CONTAINER_KIND_UNKNOWN = 0,
  GST_CONTAINER_KIND_FLV,
  GST_CONTAINER_KIND_MPEGTS,
} GstContainerKind;

typedef enum
{
  /* Data that depends on what came before it. */
  GST_SCAN_DELTA = 0,
  /* A point a decoder can start from (a keyframe, or any audio frame of a
   * stream without video). */
  GST_SCAN_KEYFRAME,
  /* Stream headers (FLV file header, metadata, codec configuration, or
   * MPEG-TS PAT/PMT): never dropped, replayed to targets that join late. */
  GST_SCAN_HEADER,
} GstScanClass;

/* Stored header slots, in the order they are replayed. */
enum
{
  GST_SCAN_SLOT_FLV_FILE_HEADER,
  GST_SCAN_SLOT_FLV_METADATA,
  GST_SCAN_SLOT_FLV_VIDEO_CONFIG,
  GST_SCAN_SLOT_FLV_AUDIO_CONFIG,
  GST_SCAN_SLOT_TS_PAT = 0,
  GST_SCAN_SLOT_TS_PMT,
  GST_SCAN_N_SLOTS = 4,
};

typedef struct
{
  GstContainerKind kind;

  /* FLV: whether a video tag was seen (audio then stops being a start
   * point). */
  gboolean flv_has_video;

  /* MPEG-TS: PIDs learned from the PAT and PMT (0x1fff = not known). */
  guint16 ts_pmt_pid;
  guint16 ts_video_pid;
  guint8 ts_video_stream_type;
  gboolean ts_pmt_seen;

  /* The newest header of each slot, or NULL. */
  GstBuffer *headers[GST_SCAN_N_SLOTS];

  /* What the stream carries, as far as seen: codec names ("h264", "h265",
   * "aac", "mp3", ...; NULL = not seen yet) and the H.264 profile_idc
   * (0 = not known). */
  const gchar *video_codec;
  const gchar *audio_codec;
  guint h264_profile;
  guint8 ts_audio_stream_type;
  guint16 ts_audio_pid;

  /* The stream's own time of the last buffer classified that carried one
   * (FLV tag timestamp, MPEG-TS video PTS), or GST_CLOCK_TIME_NONE. */
  GstClockTime timestamp;
} GstContainerScanner;

void gst_container_scanner_init (GstContainerScanner * scanner);
void gst_container_scanner_clear (GstContainerScanner * scanner);

/* Picks the container from caps (video/x-flv, video/mpegts); anything else
 * is classified by its buffer flags. Forgets stored headers when the
 * container changes. */
void gst_container_scanner_set_caps (GstContainerScanner * scanner,
    const GstCaps * caps);

GstScanClass gst_container_scanner_classify (GstContainerScanner * scanner,
    GstBuffer * buffer);

/* Appends refs of the stored headers, in replay order, to @out. */
void gst_container_scanner_collect_headers (GstContainerScanner * scanner,
    GPtrArray * out);

const gchar *gst_scan_class_get_name (GstScanClass klass);

/* FLV tags, read by the scanner and by rtmppushsink (which sends each tag
 * as one RTMP message): an 11-byte header, the body, then the 4-byte size
 * of the tag just ended. */
#define GST_FLV_TAG_HEADER_SIZE 11
#define GST_FLV_TAG_TRAILER_SIZE 4
#define GST_FLV_TAG_AUDIO 8
#define GST_FLV_TAG_VIDEO 9
#define GST_FLV_TAG_SCRIPT 18

typedef struct
{
  guint8 type;                  /* GST_FLV_TAG_*, without the filter bit */
  guint32 body_size;
  guint32 timestamp;            /* in milliseconds */
} GstFlvTagHeader;

/* FALSE if @size bytes cannot hold a tag header. */
gboolean gst_flv_tag_header_read (const guint8 * data, gsize size,
    GstFlvTagHeader * header);

G_END_DECLS

#endif /* __GST_CONTAINER_SCAN_H__ */
