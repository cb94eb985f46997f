/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The RTMP library without a server: AMF0 both ways and its malformed
 * input, the chunk writer's bytes, the chunk reader's reassembly and
 * limits, FLV tags as messages, and the error causes. Streams are memory
 * streams. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>

#include "gstcontainerscan.h"
#include "rtmpamf.h"
#include "rtmpchunk.h"
#include "rtmperror.h"
#include "rtmpflv.h"

/* AMF0 */

GST_START_TEST (test_amf_round_trip)
{
  g_autoptr (GByteArray) amf = g_byte_array_new ();
  g_autofree gchar *name = NULL;
  g_autofree gchar *code = NULL;
  g_autofree gchar *level = NULL;
  g_autofree gchar *missing = NULL;
  RtmpAmfReader reader;
  gdouble number = 0;

  rtmp_amf_write_string (amf, "_result");
  rtmp_amf_write_number (amf, 4.5);
  rtmp_amf_write_null (amf);
  rtmp_amf_write_object_begin (amf);
  rtmp_amf_write_property_name (amf, "level");
  rtmp_amf_write_string (amf, "status");
  rtmp_amf_write_property_name (amf, "clientid");
  rtmp_amf_write_number (amf, 1);
  rtmp_amf_write_property_name (amf, "code");
  rtmp_amf_write_string (amf, "NetStream.Publish.Start");
  rtmp_amf_write_object_end (amf);

  rtmp_amf_reader_init (&reader, amf->data, amf->len);
  name = rtmp_amf_read_string (&reader);
  fail_unless_equals_string (name, "_result");
  fail_unless (rtmp_amf_read_number (&reader, &number));
  fail_unless (number == 4.5);
  /* a null is no number nor string, and skips */
  fail_if (rtmp_amf_read_number (&reader, &number));
  fail_unless (rtmp_amf_read_string (&reader) == NULL);
  fail_unless (rtmp_amf_skip (&reader));
  code = rtmp_amf_object_get_string (&reader, "code");
  level = rtmp_amf_object_get_string (&reader, "level");
  missing = rtmp_amf_object_get_string (&reader, "description");
  fail_unless_equals_string (code, "NetStream.Publish.Start");
  fail_unless_equals_string (level, "status");
  fail_unless (missing == NULL);
  /* the lookups left the reader at the object */
  fail_unless (rtmp_amf_skip (&reader));
  fail_unless (reader.pos == reader.end);
  /* the number is big-endian IEEE 754 */
  fail_unless_equals_int (amf->data[10], 0x00);
  fail_unless_equals_int (amf->data[11], 0x40);
  fail_unless_equals_int (amf->data[12], 0x12);
}

GST_END_TEST;

static GByteArray *
nested_objects (guint levels)
{
  GByteArray *amf = g_byte_array_new ();
  guint i;

  for (i = 0; i < levels; i++) {
    rtmp_amf_write_object_begin (amf);
    if (i + 1 < levels)
      rtmp_amf_write_property_name (amf, "inner");
  }
  for (i = 0; i < levels; i++)
    rtmp_amf_write_object_end (amf);
  return amf;
}

GST_START_TEST (test_amf_malformed)
{
  g_autoptr (GByteArray) amf = g_byte_array_new ();
  g_autoptr (GByteArray) deep_enough = nested_objects (RTMP_AMF_MAX_DEPTH + 1);
  g_autoptr (GByteArray) too_deep = nested_objects (RTMP_AMF_MAX_DEPTH + 2);
  static const guint8 unknown[] = { 0x0b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
  RtmpAmfReader reader;
  gdouble number;
  gsize full, cut;

  rtmp_amf_write_string (amf, "onStatus");
  rtmp_amf_write_number (amf, 0);
  rtmp_amf_write_object_begin (amf);
  rtmp_amf_write_property_name (amf, "code");
  rtmp_amf_write_string (amf, "NetStream.Publish.Start");
  rtmp_amf_write_object_end (amf);
  full = amf->len;

  /* Every truncation is refused, never read past. */
  for (cut = 0; cut < full; cut++) {
    g_autofree gchar *name = NULL;

    rtmp_amf_reader_init (&reader, amf->data, cut);
    name = rtmp_amf_read_string (&reader);
    if (!name)
      continue;
    if (!rtmp_amf_read_number (&reader, &number))
      continue;
    fail_if (rtmp_amf_skip (&reader), "object cut at %" G_GSIZE_FORMAT
        " of %" G_GSIZE_FORMAT " skipped", cut, full);
  }
  rtmp_amf_reader_init (&reader, amf->data, full);
  fail_unless (rtmp_amf_skip (&reader) && rtmp_amf_skip (&reader)
      && rtmp_amf_skip (&reader));

  /* A string whose length runs past the end. */
  amf->data[2] = 0xff;
  rtmp_amf_reader_init (&reader, amf->data, full);
  fail_unless (rtmp_amf_read_string (&reader) == NULL);
  rtmp_amf_reader_init (&reader, amf->data, full);
  fail_if (rtmp_amf_skip (&reader));

  rtmp_amf_reader_init (&reader, deep_enough->data, deep_enough->len);
  fail_unless (rtmp_amf_skip (&reader));
  rtmp_amf_reader_init (&reader, too_deep->data, too_deep->len);
  fail_if (rtmp_amf_skip (&reader));

  rtmp_amf_reader_init (&reader, unknown, sizeof (unknown));
  fail_if (rtmp_amf_skip (&reader));
}

GST_END_TEST;

/* Chunk writer */

typedef struct
{
  GOutputStream *out;
  RtmpChunkWriter *writer;
} MemoryWriter;

static MemoryWriter
memory_writer_new (guint chunk_size)
{
  MemoryWriter w = { g_memory_output_stream_new_resizable (),
    rtmp_chunk_writer_new ()
  };

  rtmp_chunk_writer_set_output (w.writer, w.out, NULL);
  rtmp_chunk_writer_set_chunk_size (w.writer, chunk_size);
  return w;
}

static GBytes *
memory_writer_finish (MemoryWriter * w, RtmpChunkWriterStats * stats)
{
  GBytes *bytes;

  if (stats)
    rtmp_chunk_writer_get_stats (w->writer, stats);
  rtmp_chunk_writer_free (w->writer);
  fail_unless (g_output_stream_close (w->out, NULL, NULL));
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM
      (w->out));
  g_object_unref (w->out);
  return bytes;
}

static guint8 *
pattern (gsize size)
{
  guint8 *data = g_malloc (size);
  gsize i;

  for (i = 0; i < size; i++)
    data[i] = i * 7 + 1;
  return data;
}

GST_START_TEST (test_chunk_writer_bytes)
{
  static const guint8 type0[] = { 0x03, 0x00, 0x03, 0xe8, 0x00, 0x01, 0x2c,
    0x14, 0x01, 0x00, 0x00, 0x00
  };
  RtmpChunkHeader header = { 3, 20, 1, 1000 };
  MemoryWriter w = memory_writer_new (128);
  g_autofree guint8 *data = pattern (300);
  g_autoptr (GBytes) bytes = NULL;
  RtmpChunkWriterStats stats;
  const guint8 *out;
  gsize size;

  rtmp_chunk_writer_add (w.writer, &header, NULL, 0, data, 300, FALSE);
  fail_unless (rtmp_chunk_writer_flush (w.writer, NULL));
  bytes = memory_writer_finish (&w, &stats);
  out = g_bytes_get_data (bytes, &size);

  /* type 0 header, 128 bytes, type 3, 128 bytes, type 3, 44 bytes */
  fail_unless_equals_uint64 (size, 12 + 300 + 2);
  fail_unless (memcmp (out, type0, 12) == 0);
  fail_unless (memcmp (out + 12, data, 128) == 0);
  fail_unless_equals_int (out[140], 0xc3);
  fail_unless (memcmp (out + 141, data + 128, 128) == 0);
  fail_unless_equals_int (out[269], 0xc3);
  fail_unless (memcmp (out + 270, data + 256, 44) == 0);
  fail_unless_equals_uint64 (stats.bytes, size);
  fail_unless_equals_uint64 (stats.messages, 1);
  fail_unless_equals_uint64 (stats.writes, 1);
}

GST_END_TEST;

GST_START_TEST (test_chunk_writer_extended_timestamp)
{
  static const guint8 prefix[] = { 'p', 'r', 'e', 'f', 'i', 'x' };
  RtmpChunkHeader header = { 6, 9, 1, 0x01020304 };
  MemoryWriter w = memory_writer_new (128);
  g_autofree guint8 *data = pattern (200);
  g_autoptr (GBytes) bytes = NULL;
  const guint8 *out;
  gsize size;

  rtmp_chunk_writer_add (w.writer, &header, prefix, sizeof (prefix), data,
      200, TRUE);
  fail_unless (rtmp_chunk_writer_flush (w.writer, NULL));
  bytes = memory_writer_finish (&w, NULL);
  out = g_bytes_get_data (bytes, &size);

  /* 16-byte type 0 header, 128 bytes, 5-byte type 3 header, 78 bytes */
  fail_unless_equals_uint64 (size, 16 + 206 + 5);
  fail_unless_equals_int (out[0], 0x06);
  fail_unless (memcmp (out + 1, "\xff\xff\xff", 3) == 0);
  fail_unless_equals_int (GST_READ_UINT24_BE (out + 4), 206);
  fail_unless_equals_int (GST_READ_UINT32_BE (out + 12), 0x01020304);
  fail_unless (memcmp (out + 16, prefix, sizeof (prefix)) == 0);
  fail_unless (memcmp (out + 22, data, 122) == 0);
  fail_unless_equals_int (out[144], 0xc6);
  fail_unless_equals_int (GST_READ_UINT32_BE (out + 145), 0x01020304);
  fail_unless (memcmp (out + 149, data + 122, 78) == 0);
}

GST_END_TEST;

/* More pieces than one writev takes: written as they come, in order. */
GST_START_TEST (test_chunk_writer_many_pieces)
{
  MemoryWriter w = memory_writer_new (4096);
  g_autofree guint8 *data = pattern (100);
  g_autoptr (GBytes) bytes = NULL;
  RtmpChunkWriterStats stats;
  const guint8 *out;
  gsize size;
  guint i;

  for (i = 0; i < 800; i++) {
    RtmpChunkHeader header = { 4, 8, 1, i };

    rtmp_chunk_writer_add (w.writer, &header, NULL, 0, data, 100, TRUE);
  }
  fail_unless (rtmp_chunk_writer_flush (w.writer, NULL));
  bytes = memory_writer_finish (&w, &stats);
  out = g_bytes_get_data (bytes, &size);
  fail_unless_equals_uint64 (size, 800 * 112);
  for (i = 0; i < 800; i++) {
    fail_unless_equals_int (GST_READ_UINT24_BE (out + i * 112 + 1), i);
    fail_unless (memcmp (out + i * 112 + 12, data, 100) == 0);
  }
  fail_unless_equals_uint64 (stats.messages, 800);
  fail_unless (stats.writes >= 2);
}

GST_END_TEST;

/* Chunk reader */

static RtmpChunkReader *
memory_reader_new (const guint8 * data, gsize size, gsize max_message)
{
  g_autoptr (GInputStream) in = g_memory_input_stream_new_from_data
      (g_memdup2 (data, size), size, g_free);

  return rtmp_chunk_reader_new (in, NULL, max_message);
}

static void
append_chunk_header (GByteArray * out, guint format, guint csid,
    guint32 timestamp, guint32 length, guint8 type)
{
  guint8 h[11] = { 0 };
  static const guint sizes[] = { 11, 7, 3, 0 };

  if (csid < 64) {
    guint8 basic = (format << 6) | csid;

    g_byte_array_append (out, &basic, 1);
  } else {
    guint8 basic[2] = { format << 6, csid - 64 };

    g_byte_array_append (out, basic, 2);
  }
  GST_WRITE_UINT24_BE (h, timestamp);
  GST_WRITE_UINT24_BE (h + 3, length);
  h[6] = type;
  GST_WRITE_UINT32_LE (h + 7, 1);
  g_byte_array_append (out, h, sizes[format]);
}

static void
expect_message (RtmpChunkReader * reader, guint8 type, const guint8 * data,
    gsize size)
{
  g_autoptr (GError) error = NULL;
  RtmpMessage message;

  fail_unless (rtmp_chunk_reader_read_message (reader, &message, &error),
      "%s", error ? error->message : "");
  fail_unless_equals_int (message.type, type);
  fail_unless_equals_uint64 (message.payload->len, size);
  fail_unless (memcmp (message.payload->data, data, size) == 0);
  g_byte_array_unref (message.payload);
}

GST_START_TEST (test_chunk_reader_interleaved)
{
  g_autoptr (GByteArray) in = g_byte_array_new ();
  g_autofree guint8 *a = pattern (200);
  g_autofree guint8 *b = pattern (150);
  RtmpChunkReader *reader;

  /* A on chunk stream 3, B on 70 (two-byte id), their chunks taking
   * turns; then A's stream again with a type 2 header (same length and
   * type) and an extended timestamp. */
  append_chunk_header (in, 0, 3, 0, 200, 20);
  g_byte_array_append (in, a, 128);
  append_chunk_header (in, 0, 70, 0, 150, 8);
  g_byte_array_append (in, b, 128);
  append_chunk_header (in, 3, 3, 0, 0, 0);
  g_byte_array_append (in, a + 128, 72);
  append_chunk_header (in, 3, 70, 0, 0, 0);
  g_byte_array_append (in, b + 128, 22);
  append_chunk_header (in, 2, 3, 0xffffff, 0, 0);
  g_byte_array_append (in, (const guint8 *) "\x01\x00\x00\x00", 4);
  g_byte_array_append (in, b, 128);
  append_chunk_header (in, 3, 3, 0, 0, 0);
  g_byte_array_append (in, (const guint8 *) "\x01\x00\x00\x00", 4);
  g_byte_array_append (in, b, 72);

  reader = memory_reader_new (in->data, in->len, 1 << 20);
  expect_message (reader, 20, a, 200);
  expect_message (reader, 8, b, 150);
  {
    g_autofree guint8 *third = g_malloc (200);

    memcpy (third, b, 128);
    memcpy (third + 128, b, 72);
    expect_message (reader, 20, third, 200);
  }
  fail_unless_equals_uint64 (rtmp_chunk_reader_get_bytes_read (reader),
      in->len);
  rtmp_chunk_reader_free (reader);
}

GST_END_TEST;

/* What the owner read ahead without blocking (two acknowledgements and the
 * start of a third message) is read first, then the stream: byte counts
 * and message bounds as if it had all come from the stream. */
GST_START_TEST (test_chunk_reader_push_back)
{
  g_autoptr (GByteArray) ahead = g_byte_array_new ();
  g_autoptr (GByteArray) rest = g_byte_array_new ();
  g_autofree guint8 *a = pattern (100);
  const guint8 ack1[4] = { 0, 4, 0, 0 }, ack2[4] = { 0, 8, 0, 0 };
  RtmpChunkReader *reader;

  append_chunk_header (ahead, 0, 2, 0, 4, 3);
  g_byte_array_append (ahead, ack1, 4);
  append_chunk_header (ahead, 1, 2, 0, 4, 3);
  g_byte_array_append (ahead, ack2, 4);
  append_chunk_header (ahead, 0, 3, 0, 100, 20);
  g_byte_array_append (ahead, a, 30);
  g_byte_array_append (rest, a + 30, 70);

  reader = memory_reader_new (rest->data, rest->len, 1 << 20);
  rtmp_chunk_reader_push_back (reader, ahead->data, ahead->len);
  fail_unless_equals_uint64 (rtmp_chunk_reader_get_pending (reader),
      ahead->len);
  expect_message (reader, 3, ack1, 4);
  expect_message (reader, 3, ack2, 4);
  fail_unless (rtmp_chunk_reader_get_pending (reader) > 0);
  expect_message (reader, 20, a, 100);
  fail_unless_equals_uint64 (rtmp_chunk_reader_get_pending (reader), 0);
  fail_unless_equals_uint64 (rtmp_chunk_reader_get_bytes_read (reader),
      ahead->len + rest->len);
  rtmp_chunk_reader_free (reader);
}

GST_END_TEST;

GST_START_TEST (test_chunk_reader_limits)
{
  g_autoptr (GByteArray) in = g_byte_array_new ();
  g_autofree guint8 *data = pattern (300);
  g_autoptr (GError) error = NULL;
  RtmpChunkReader *reader;
  RtmpMessage message;

  /* A bigger chunk size, announced, is obeyed. */
  append_chunk_header (in, 0, 3, 0, 300, 20);
  g_byte_array_append (in, data, 300);
  reader = memory_reader_new (in->data, in->len, 1 << 20);
  rtmp_chunk_reader_set_chunk_size (reader, 4096);
  expect_message (reader, 20, data, 300);
  /* then the end of the stream */
  fail_if (rtmp_chunk_reader_read_message (reader, &message, &error));
  fail_unless (g_error_matches (error, G_IO_ERROR,
          G_IO_ERROR_CONNECTION_CLOSED));
  rtmp_chunk_reader_free (reader);
  g_clear_error (&error);

  /* A message over the limit is refused before it is read. */
  g_byte_array_set_size (in, 0);
  append_chunk_header (in, 0, 3, 0, 0x200000, 20);
  reader = memory_reader_new (in->data, in->len, 1 << 20);
  fail_if (rtmp_chunk_reader_read_message (reader, &message, &error));
  fail_unless (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA));
  rtmp_chunk_reader_free (reader);
  g_clear_error (&error);

  /* A message cut short is a closed connection, not a message. */
  g_byte_array_set_size (in, 0);
  append_chunk_header (in, 0, 3, 0, 100, 20);
  g_byte_array_append (in, data, 60);
  reader = memory_reader_new (in->data, in->len, 1 << 20);
  fail_if (rtmp_chunk_reader_read_message (reader, &message, &error));
  fail_unless (g_error_matches (error, G_IO_ERROR,
          G_IO_ERROR_CONNECTION_CLOSED));
  rtmp_chunk_reader_free (reader);
}

GST_END_TEST;

/* FLV tags as messages, read back through the chunk reader. */

static void
append_tag (GByteArray * flv, guint8 type, guint32 timestamp,
    const guint8 * body, gsize size)
{
  guint8 h[GST_FLV_TAG_HEADER_SIZE] = { type };
  guint8 trailer[4];

  GST_WRITE_UINT24_BE (h + 1, size);
  GST_WRITE_UINT24_BE (h + 4, timestamp & 0xffffff);
  h[7] = timestamp >> 24;
  g_byte_array_append (flv, h, sizeof (h));
  g_byte_array_append (flv, body, size);
  GST_WRITE_UINT32_BE (trailer, GST_FLV_TAG_HEADER_SIZE + size);
  g_byte_array_append (flv, trailer, 4);
}

GST_START_TEST (test_flv_tags_as_messages)
{
  static const guint8 header[] = { 'F', 'L', 'V', 1, 5, 0, 0, 0, 9,
    0, 0, 0, 0
  };
  static const guint8 meta[] = { 0x02, 0x00, 0x0a, 'o', 'n', 'M', 'e', 't',
    'a', 'D', 'a', 't', 'a'
  };
  g_autoptr (GByteArray) flv = g_byte_array_new ();
  g_autofree guint8 *video = pattern (5000);
  g_autofree guint8 *audio = pattern (40);
  g_autofree guint8 *expected_meta = NULL;
  MemoryWriter w = memory_writer_new (4096);
  RtmpFlvPacker *packer = rtmp_flv_packer_new ();
  g_autoptr (GBytes) bytes = NULL;
  GstBuffer *flv_buffers[2];
  RtmpChunkReader *reader;
  const guint8 *out;
  gsize size, cut;

  g_byte_array_append (flv, header, sizeof (header));
  append_tag (flv, GST_FLV_TAG_SCRIPT, 0, meta, sizeof (meta));
  append_tag (flv, GST_FLV_TAG_VIDEO, 33, video, 5000);
  append_tag (flv, GST_FLV_TAG_AUDIO, 40, audio, 40);
  /* the video tag split over the two buffers */
  cut = sizeof (header) + GST_FLV_TAG_HEADER_SIZE + sizeof (meta) + 4 + 100;
  flv_buffers[0] = gst_buffer_new_memdup (flv->data, cut);
  flv_buffers[1] = gst_buffer_new_memdup (flv->data + cut, flv->len - cut);
  rtmp_flv_packer_add (packer, w.writer, 1, flv_buffers, 2);
  fail_unless (rtmp_chunk_writer_flush (w.writer, NULL));
  rtmp_flv_packer_release (packer);
  rtmp_flv_packer_free (packer);
  gst_buffer_unref (flv_buffers[0]);
  gst_buffer_unref (flv_buffers[1]);
  bytes = memory_writer_finish (&w, NULL);
  out = g_bytes_get_data (bytes, &size);

  reader = memory_reader_new (out, size, 1 << 20);
  rtmp_chunk_reader_set_chunk_size (reader, 4096);
  expected_meta = g_malloc (16 + sizeof (meta));
  memcpy (expected_meta, "\x02\x00\x0d@setDataFrame", 16);
  memcpy (expected_meta + 16, meta, sizeof (meta));
  expect_message (reader, 18, expected_meta, 16 + sizeof (meta));
  expect_message (reader, 9, video, 5000);
  expect_message (reader, 8, audio, 40);
  rtmp_chunk_reader_free (reader);
}

GST_END_TEST;

/* Errors */

GST_START_TEST (test_error_causes)
{
  static const struct
  {
    gint code;
    RtmpError forced;
    const gchar *cause;
  } cases[] = {
    {G_IO_ERROR_TIMED_OUT, RTMP_ERROR_IO, "timeout"},
    {G_IO_ERROR_CONNECTION_CLOSED, RTMP_ERROR_IO, "closed"},
    {G_IO_ERROR_CONNECTION_REFUSED, RTMP_ERROR_IO, "unreachable"},
    {G_IO_ERROR_HOST_UNREACHABLE, RTMP_ERROR_IO, "unreachable"},
    {G_IO_ERROR_INVALID_DATA, RTMP_ERROR_IO, "protocol"},
    {G_IO_ERROR_FAILED, RTMP_ERROR_IO, "io"},
    {G_IO_ERROR_TIMED_OUT, RTMP_ERROR_UNREACHABLE, "unreachable"},
    {G_IO_ERROR_FAILED, RTMP_ERROR_TLS, "tls"},
  };
  GError *error = NULL;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    error = g_error_new_literal (G_IO_ERROR, cases[i].code, "the text");
    rtmp_error_classify (&error, cases[i].forced);
    fail_unless (error->domain == RTMP_ERROR);
    fail_unless_equals_string (error->message, "the text");
    fail_unless_equals_string (rtmp_error_cause (error), cases[i].cause);
    /* already classified: left alone */
    rtmp_error_classify (&error, RTMP_ERROR_TLS);
    fail_unless_equals_string (rtmp_error_cause (error), cases[i].cause);
    g_clear_error (&error);
  }
  error = g_error_new_literal (G_TLS_ERROR, G_TLS_ERROR_EOF, "eof");
  rtmp_error_classify (&error, RTMP_ERROR_IO);
  fail_unless_equals_string (rtmp_error_cause (error), "closed");
  g_clear_error (&error);

  /* Cancellation stays what it is: the caller stops, nothing failed. */
  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "stop");
  rtmp_error_classify (&error, RTMP_ERROR_UNREACHABLE);
  fail_unless (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_clear_error (&error);
}

GST_END_TEST;

static Suite *
rtmpprotocol_suite (void)
{
  Suite *s = suite_create ("rtmpprotocol");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_amf_round_trip);
  tcase_add_test (tc, test_amf_malformed);
  tcase_add_test (tc, test_chunk_writer_bytes);
  tcase_add_test (tc, test_chunk_writer_extended_timestamp);
  tcase_add_test (tc, test_chunk_writer_many_pieces);
  tcase_add_test (tc, test_chunk_reader_interleaved);
  tcase_add_test (tc, test_chunk_reader_push_back);
  tcase_add_test (tc, test_chunk_reader_limits);
  tcase_add_test (tc, test_flv_tags_as_messages);
  tcase_add_test (tc, test_error_causes);
  return s;
}

GST_CHECK_MAIN (rtmpprotocol);
