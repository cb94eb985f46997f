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
#include <gst/gst.h>

#include "rtmpamf.h"

#define AMF_NUMBER 0x00
#define AMF_BOOLEAN 0x01
#define AMF_STRING 0x02
#define AMF_OBJECT 0x03
#define AMF_NULL 0x05
#define AMF_UNDEFINED 0x06
#define AMF_ECMA_ARRAY 0x08
#define AMF_OBJECT_END 0x09
#define AMF_STRICT_ARRAY 0x0a

/* Writing */

static void
write_name (GByteArray * out, const gchar * name)
{
  gsize n = strlen (name);
  guint8 length[2];

  GST_WRITE_UINT16_BE (length, n);
  g_byte_array_append (out, length, 2);
  g_byte_array_append (out, (const guint8 *) name, n);
}

void
rtmp_amf_write_string (GByteArray * out, const gchar * value)
{
  guint8 marker = AMF_STRING;

  g_byte_array_append (out, &marker, 1);
  write_name (out, value);
}

void
rtmp_amf_write_number (GByteArray * out, gdouble value)
{
  guint8 bytes[9] = { AMF_NUMBER };

  GST_WRITE_DOUBLE_BE (bytes + 1, value);
  g_byte_array_append (out, bytes, 9);
}

void
rtmp_amf_write_null (GByteArray * out)
{
  guint8 marker = AMF_NULL;

  g_byte_array_append (out, &marker, 1);
}

void
rtmp_amf_write_object_begin (GByteArray * out)
{
  guint8 marker = AMF_OBJECT;

  g_byte_array_append (out, &marker, 1);
}

void
rtmp_amf_write_property_name (GByteArray * out, const gchar * name)
{
  write_name (out, name);
}

void
rtmp_amf_write_boolean (GByteArray * out, gboolean value)
{
  guint8 bytes[2] = { AMF_BOOLEAN, value ? 1 : 0 };

  g_byte_array_append (out, bytes, 2);
}

static void
write_marker_count (GByteArray * out, guint8 marker, guint32 count)
{
  guint8 bytes[5] = { marker };

  GST_WRITE_UINT32_BE (bytes + 1, count);
  g_byte_array_append (out, bytes, 5);
}

/* An ECMA array's marker and count; properties and the end marker follow
 * as for an object. */
void
rtmp_amf_write_ecma_array_begin (GByteArray * out, guint32 count)
{
  write_marker_count (out, AMF_ECMA_ARRAY, count);
}

/* A strict array's marker and count; @count values follow, no end marker. */
void
rtmp_amf_write_strict_array_begin (GByteArray * out, guint32 count)
{
  write_marker_count (out, AMF_STRICT_ARRAY, count);
}

void
rtmp_amf_write_object_end (GByteArray * out)
{
  static const guint8 end[3] = { 0x00, 0x00, AMF_OBJECT_END };

  g_byte_array_append (out, end, 3);
}

/* Reading */

void
rtmp_amf_reader_init (RtmpAmfReader * reader, const guint8 * data, gsize size)
{
  reader->pos = data;
  reader->end = data + size;
}

static gsize
remaining (const RtmpAmfReader * reader)
{
  return reader->end - reader->pos;
}

static gboolean skip_value (RtmpAmfReader * reader, guint depth);

/* Moves past the property name at the position; FALSE at the end marker
 * (then moved past it too, *@ended set) or if the name is not whole. */
static gboolean
next_property (RtmpAmfReader * reader, const guint8 ** name, guint * length,
    gboolean * ended)
{
  guint n;

  *ended = FALSE;
  if (remaining (reader) < 3)
    return FALSE;
  n = GST_READ_UINT16_BE (reader->pos);
  if (n == 0 && reader->pos[2] == AMF_OBJECT_END) {
    reader->pos += 3;
    *ended = TRUE;
    return FALSE;
  }
  if (remaining (reader) < 2 + n)
    return FALSE;
  *name = reader->pos + 2;
  *length = n;
  reader->pos += 2 + n;
  return TRUE;
}

static gboolean
skip_properties (RtmpAmfReader * reader, guint depth)
{
  const guint8 *name;
  guint length;
  gboolean ended;

  while (next_property (reader, &name, &length, &ended))
    if (!skip_value (reader, depth + 1))
      return FALSE;
  return ended;
}

static gboolean
skip_bytes (RtmpAmfReader * reader, gsize n)
{
  if (remaining (reader) < n)
    return FALSE;
  reader->pos += n;
  return TRUE;
}

static gboolean
skip_value (RtmpAmfReader * reader, guint depth)
{
  if (reader->pos >= reader->end || depth > RTMP_AMF_MAX_DEPTH)
    return FALSE;
  switch (*reader->pos++) {
    case AMF_NUMBER:
      return skip_bytes (reader, 8);
    case AMF_BOOLEAN:
      return skip_bytes (reader, 1);
    case AMF_STRING:
      if (remaining (reader) < 2)
        return FALSE;
      return skip_bytes (reader, 2 + GST_READ_UINT16_BE (reader->pos));
    case AMF_OBJECT:
      return skip_properties (reader, depth);
    case AMF_NULL:
    case AMF_UNDEFINED:
      return TRUE;
    case AMF_ECMA_ARRAY:
      return skip_bytes (reader, 4) && skip_properties (reader, depth);
    default:
      return FALSE;
  }
}

gboolean
rtmp_amf_skip (RtmpAmfReader * reader)
{
  return skip_value (reader, 0);
}

gchar *
rtmp_amf_read_string (RtmpAmfReader * reader)
{
  guint n;
  gchar *value;

  if (remaining (reader) < 3 || reader->pos[0] != AMF_STRING)
    return NULL;
  n = GST_READ_UINT16_BE (reader->pos + 1);
  if (remaining (reader) < 3 + n)
    return NULL;
  value = g_strndup ((const gchar *) reader->pos + 3, n);
  reader->pos += 3 + n;
  return value;
}

gboolean
rtmp_amf_read_number (RtmpAmfReader * reader, gdouble * value)
{
  if (remaining (reader) < 9 || reader->pos[0] != AMF_NUMBER)
    return FALSE;
  *value = GST_READ_DOUBLE_BE (reader->pos + 1);
  reader->pos += 9;
  return TRUE;
}

gchar *
rtmp_amf_object_get_string (const RtmpAmfReader * at, const gchar * name)
{
  RtmpAmfReader reader = *at;
  gsize wanted = strlen (name);
  const guint8 *property;
  guint length;
  gboolean ended;

  if (reader.pos >= reader.end || reader.pos[0] != AMF_OBJECT)
    return NULL;
  reader.pos++;
  while (next_property (&reader, &property, &length, &ended)) {
    if (length == wanted && memcmp (property, name, wanted) == 0)
      return rtmp_amf_read_string (&reader);
    if (!skip_value (&reader, 1))
      return NULL;
  }
  return NULL;
}
