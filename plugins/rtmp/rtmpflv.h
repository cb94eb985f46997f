/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __RTMP_FLV_H__
#define __RTMP_FLV_H__

#include <gst/gst.h>

#include "rtmpchunk.h"

G_BEGIN_DECLS

/* FLV in, RTMP messages out: every audio and video tag becomes one
 * message, metadata goes out as @setDataFrame as encoders send it, the FLV
 * file header is skipped. Whole tags are referenced in the mapped buffers,
 * not copied; a tag split over buffers is gathered first. */
typedef struct _RtmpFlvPacker RtmpFlvPacker;

RtmpFlvPacker *rtmp_flv_packer_new (void);
void rtmp_flv_packer_free (RtmpFlvPacker * packer);

/* Forgets a partial tag and expects a file header again (a new
 * connection). */
void rtmp_flv_packer_reset (RtmpFlvPacker * packer);

/* Queues the messages of the tags in @buffers on @writer for message
 * stream @stream_id; the buffers stay mapped until
 * rtmp_flv_packer_release(), to be called once the writer has flushed. */
void rtmp_flv_packer_add (RtmpFlvPacker * packer, RtmpChunkWriter * writer,
    guint32 stream_id, GstBuffer ** buffers, guint n_buffers);
void rtmp_flv_packer_release (RtmpFlvPacker * packer);

G_END_DECLS

#endif /* __RTMP_FLV_H__ */
