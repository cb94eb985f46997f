/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __RTMP_AMF_H__
#define __RTMP_AMF_H__

#include <glib.h>

G_BEGIN_DECLS
/* AMF0, the encoding of RTMP commands: writers for what a publisher sends
 * (strings, numbers, null, objects of string properties) and a reader that
 * is just enough for the server's answers. The reader never reads past its
 * end and refuses values nested deeper than RTMP_AMF_MAX_DEPTH. */
#define RTMP_AMF_MAX_DEPTH 16
void rtmp_amf_write_string (GByteArray * out, const gchar * value);
void rtmp_amf_write_number (GByteArray * out, gdouble value);
void rtmp_amf_write_null (GByteArray * out);

/* An object: _begin, then a _write_property_name before each value, then
 * _end. */
void rtmp_amf_write_object_begin (GByteArray * out);
void rtmp_amf_write_property_name (GByteArray * out, const gchar * name);
void rtmp_amf_write_object_end (GByteArray * out);
void rtmp_amf_write_boolean (GByteArray * out, gboolean value);
void rtmp_amf_write_ecma_array_begin (GByteArray * out, guint32 count);
void rtmp_amf_write_strict_array_begin (GByteArray * out, guint32 count);

/* A position in AMF0 bytes. */
typedef struct
{
  const guint8 *pos;
  const guint8 *end;
} RtmpAmfReader;

void rtmp_amf_reader_init (RtmpAmfReader * reader, const guint8 * data,
    gsize size);

/* Each moves past the value it reads; on FALSE (or NULL) the value was not
 * of that type or not whole, and the position is undefined. */
gboolean rtmp_amf_read_number (RtmpAmfReader * reader, gdouble * value);
gchar *rtmp_amf_read_string (RtmpAmfReader * reader);
gboolean rtmp_amf_skip (RtmpAmfReader * reader);

/* The string property @name of the object at the reader's position (which
 * stays where it is); NULL if there is none or it is not a string. */
gchar *rtmp_amf_object_get_string (const RtmpAmfReader * reader,
    const gchar * name);

G_END_DECLS
#endif /* __RTMP_AMF_H__ */
