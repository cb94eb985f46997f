/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __RTMP_MESSAGE_H__
#define __RTMP_MESSAGE_H__

#include <glib.h>

G_BEGIN_DECLS

/* RTMP message types (the ones a publisher meets); audio, video and data
 * share their numbers with FLV tag types. */
typedef enum
{
  RTMP_MESSAGE_SET_CHUNK_SIZE = 1,
  RTMP_MESSAGE_ACKNOWLEDGEMENT = 3,
  RTMP_MESSAGE_USER_CONTROL = 4,
  RTMP_MESSAGE_WINDOW_ACK_SIZE = 5,
  RTMP_MESSAGE_AUDIO = 8,
  RTMP_MESSAGE_VIDEO = 9,
  RTMP_MESSAGE_DATA_AMF0 = 18,
  RTMP_MESSAGE_COMMAND_AMF0 = 20,
} RtmpMessageType;

/* The chunk streams we send on: one per kind, so that a chunk header of
 * type 3 always continues the message of its kind. */
typedef enum
{
  RTMP_CHUNK_STREAM_CONTROL = 2,
  RTMP_CHUNK_STREAM_COMMAND = 3,
  RTMP_CHUNK_STREAM_AUDIO = 4,
  RTMP_CHUNK_STREAM_DATA = 5,
  RTMP_CHUNK_STREAM_VIDEO = 6,
} RtmpChunkStreamId;

/* User control events */
#define RTMP_USER_CONTROL_PING_REQUEST 6
#define RTMP_USER_CONTROL_PING_RESPONSE 7

/* Both sides start with chunks of 128 bytes. */
#define RTMP_DEFAULT_CHUNK_SIZE 128

/* A whole message as read. */
typedef struct
{
  guint8 type;                  /* RtmpMessageType */
  guint32 stream_id;
  GByteArray *payload;
} RtmpMessage;

G_END_DECLS

#endif /* __RTMP_MESSAGE_H__ */
