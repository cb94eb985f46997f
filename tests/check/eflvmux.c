/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The Enhanced RTMP tag writer against the bytes of the specification
 * (veovera enhanced-rtmp v1: ExVideoTagHeader, FourCC, connect's
 * fourCcList, onMetaData's videocodecid), eflvmux's tags through a
 * harness, and its output read back and decoded: H.265 and H.264, a
 * configuration change mid-stream. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/app/gstappsink.h>
#include <string.h>

#include "gstcontainerscan.h"
#include "rsfixture.h"
#include "rtmpamf.h"
#include "rtmpclient.h"
#include "rtmpflvtag.h"

/* A video tag body: the tag header the writer gives, then @data. */
static GByteArray *
video_body (RtmpFlvVideoCodec codec, RtmpFlvPacket packet, gboolean key,
    gint32 cts, const guint8 * data, gsize size)
{
  guint8 head[RTMP_FLV_VIDEO_HEADER_MAX];
  gsize n = rtmp_flv_video_header (codec, packet, key, cts, head);
  GByteArray *body = g_byte_array_new ();

  g_byte_array_append (body, head, n);
  if (size)
    g_byte_array_append (body, data, size);
  return body;
}

static GByteArray *
aac_body (gboolean config, const guint8 * data, gsize size)
{
  guint8 head[2];
  GByteArray *body = g_byte_array_new ();

  g_byte_array_append (body, head, rtmp_flv_aac_header (config, head));
  g_byte_array_append (body, data, size);
  return body;
}

static void
assert_bytes (GByteArray * got, const guint8 * want, gsize size)
{
  fail_unless_equals_int (got->len, size);
  fail_unless (memcmp (got->data, want, size) == 0, "bytes differ");
  g_byte_array_unref (got);
}

GST_START_TEST (test_ex_video_tag_header)
{
  static const guint8 nal[] = { 0x00, 0x00, 0x00, 0x02, 0x26, 0x01 };
  static const guint8 record[] = { 0x01, 0x01, 0x60 };
  /* IsExHeader | FrameType 1 (key) | PacketTypeSequenceStart, 'hvc1',
   * then the HEVCDecoderConfigurationRecord. */
  static const guint8 start[] = { 0x90, 'h', 'v', 'c', '1', 0x01, 0x01,
    0x60
  };
  /* key frame, PacketTypeCodedFrames, SI24 composition time 33 ms */
  static const guint8 key[] = { 0x91, 'h', 'v', 'c', '1', 0x00, 0x00, 0x21,
    0x00, 0x00, 0x00, 0x02, 0x26, 0x01
  };
  /* inter frame, composition time -33 ms */
  static const guint8 inter[] = { 0xa1, 'h', 'v', 'c', '1', 0xff, 0xff, 0xdf,
    0x00, 0x00, 0x00, 0x02, 0x26, 0x01
  };
  /* composition time 0: PacketTypeCodedFramesX, no SI24 */
  static const guint8 inter_x[] = { 0xa3, 'h', 'v', 'c', '1', 0x00, 0x00,
    0x00, 0x02, 0x26, 0x01
  };
  /* legacy AVC: FrameType 1 | CodecID 7, AVCPacketType 1, SI24 */
  static const guint8 avc[] = { 0x17, 0x01, 0x00, 0x00, 0x21, 0x00, 0x00,
    0x00, 0x02, 0x26, 0x01
  };
  static const guint8 avc_config[] = { 0x17, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x01, 0x60
  };
  static const guint8 aac[] = { 0xaf, 0x00, 0x12, 0x10 };

  assert_bytes (video_body (RTMP_FLV_VIDEO_H265, RTMP_FLV_PACKET_CONFIG, TRUE,
          0, record, sizeof (record)), start, sizeof (start));
  assert_bytes (video_body (RTMP_FLV_VIDEO_H265, RTMP_FLV_PACKET_FRAME, TRUE,
          33, nal, sizeof (nal)), key, sizeof (key));
  assert_bytes (video_body (RTMP_FLV_VIDEO_H265, RTMP_FLV_PACKET_FRAME, FALSE,
          -33, nal, sizeof (nal)), inter, sizeof (inter));
  assert_bytes (video_body (RTMP_FLV_VIDEO_H265, RTMP_FLV_PACKET_FRAME, FALSE,
          0, nal, sizeof (nal)), inter_x, sizeof (inter_x));
  assert_bytes (video_body (RTMP_FLV_VIDEO_H264, RTMP_FLV_PACKET_FRAME, TRUE,
          33, nal, sizeof (nal)), avc, sizeof (avc));
  assert_bytes (video_body (RTMP_FLV_VIDEO_H264, RTMP_FLV_PACKET_CONFIG, TRUE,
          0, record, sizeof (record)), avc_config, sizeof (avc_config));
  assert_bytes (aac_body (TRUE, aac + 2, 2), aac, sizeof (aac));
  /* end of sequence: AVC's, and PacketTypeSequenceEnd */
  assert_bytes (video_body (RTMP_FLV_VIDEO_H264, RTMP_FLV_PACKET_END, TRUE, 0,
          NULL, 0), (const guint8 *) "\x17\x02\x00\x00\x00", 5);
  assert_bytes (video_body (RTMP_FLV_VIDEO_H265, RTMP_FLV_PACKET_END, TRUE, 0,
          NULL, 0), (const guint8 *) "\x92hvc1", 5);
  /* The FourCC as a big-endian UI32: the specification's 'av01' ==
   * 0x61763031 == 1635135537.0, the same rule gives 'hvc1'. */
  fail_unless_equals_int (RTMP_FLV_FOURCC_HEVC, GST_READ_UINT32_BE ("hvc1"));
  fail_unless_equals_int (GST_READ_UINT32_BE ("av01"), 1635135537);
}

GST_END_TEST;

GST_START_TEST (test_tag_and_file_header)
{
  static const guint8 body[] = { 0xaf, 0x01, 0x21 };
  static const guint8 want[] = { 0x08, 0x00, 0x00, 0x03,
    0x02, 0x03, 0x04, 0x01,     /* 0x01020304 ms: 24 low bits, then high */
    0x00, 0x00, 0x00, 0xaf, 0x01, 0x21, 0x00, 0x00, 0x00, 0x0e
  };
  static const guint8 header[] = { 'F', 'L', 'V', 0x01, 0x05, 0x00, 0x00,
    0x00, 0x09, 0x00, 0x00, 0x00, 0x00
  };
  /* the body given as header and payload, as the muxer writes it */
  GstBuffer *tag = rtmp_flv_tag (GST_FLV_TAG_AUDIO, 0x01020304, body, 2,
      body + 2, 1);
  GstBuffer *file = rtmp_flv_file_header (TRUE, TRUE);
  GstFlvTagHeader read;

  fail_unless (gst_buffer_memcmp (tag, 0, want, sizeof (want)) == 0);
  fail_unless_equals_int (gst_buffer_get_size (tag), sizeof (want));
  fail_unless (gst_buffer_memcmp (file, 0, header, sizeof (header)) == 0);
  /* the reader of restreamtee's scanner and rtmppushsink agrees */
  {
    GstMapInfo map;

    gst_buffer_map (tag, &map, GST_MAP_READ);
    fail_unless (gst_flv_tag_header_read (map.data, map.size, &read));
    gst_buffer_unmap (tag, &map);
  }
  fail_unless_equals_int (read.timestamp, 0x01020304);
  fail_unless_equals_int (read.body_size, 3);
  gst_buffer_unref (tag);
  gst_buffer_unref (file);
}

GST_END_TEST;

/* connect's command object carries fourCcList, a strict array of
 * strings, only for Enhanced RTMP. */
GST_START_TEST (test_connect_fourcc_list)
{
  static const guint8 list[] = { 0x00, 0x0a, 'f', 'o', 'u', 'r', 'C', 'c',
    'L', 'i', 's', 't', 0x0a, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x04,
    'h', 'v', 'c', '1', 0x00, 0x00, 0x09
  };
  RtmpPublishTarget target = { "live", "rtmp://127.0.0.1/live", "secret",
    "hvc1"
  };
  GByteArray *amf = rtmp_client_connect_command (&target);

  fail_unless (amf->len > sizeof (list));
  fail_unless (memcmp (amf->data + amf->len - sizeof (list), list,
          sizeof (list)) == 0, "no fourCcList at the end of the object");
  g_byte_array_unref (amf);
  target.fourcc = NULL;
  amf = rtmp_client_connect_command (&target);
  fail_if (memmem (amf->data, amf->len, "fourCcList", 10));
  g_byte_array_unref (amf);
}

GST_END_TEST;

GST_START_TEST (test_metadata_videocodecid)
{
  RtmpFlvMetadata m = { TRUE, TRUE, RTMP_FLV_VIDEO_H265, 1280, 720, 30.0,
    48000, 2
  };
  GByteArray *body = rtmp_flv_metadata_body (&m);
  guint8 want[24] = { 0x00, 0x0c };
  RtmpAmfReader reader;
  g_autofree gchar *name = NULL;

  /* "videocodecid", then the number 1752589105.0 */
  memcpy (want + 2, "videocodecid", 12);
  want[14] = 0x00;
  GST_WRITE_DOUBLE_BE (want + 15, 1752589105.0);
  fail_unless (memmem (body->data, body->len, want, 19) != NULL);
  rtmp_amf_reader_init (&reader, body->data, body->len);
  name = rtmp_amf_read_string (&reader);
  fail_unless_equals_string (name, "onMetaData");
  fail_unless_equals_int (reader.pos[0], 0x08); /* ECMA array */
  g_byte_array_unref (body);
}

GST_END_TEST;

static const guint8 record[] = { 0x01, 0x01, 0x60, 0x00, 0x00 };
static const guint8 frame[] = { 0x00, 0x00, 0x00, 0x02, 0x26, 0x01 };

/* eflvmux's video pad in a harness, with 320x240 H.265 caps whose
 * codec_data is @record. */
static GstHarness *
hevc_harness (void)
{
  GstHarness *h = gst_harness_new_with_padnames ("eflvmux", "video", "src");
  GstBuffer *config = gst_buffer_new_memdup (record, sizeof (record));

  gst_harness_set_src_caps (h, gst_caps_new_simple ("video/x-h265",
          "stream-format", G_TYPE_STRING, "hvc1", "alignment", G_TYPE_STRING,
          "au", "width", G_TYPE_INT, 320, "height", G_TYPE_INT, 240,
          "framerate", GST_TYPE_FRACTION, 30, 1, "codec_data",
          GST_TYPE_BUFFER, config, NULL));
  gst_buffer_unref (config);
  return h;
}

/* eflvmux in a harness: file header, onMetaData, the sequence start, then
 * the frame, each a buffer of one tag. */
GST_START_TEST (test_mux_tags)
{
  GstHarness *h = hevc_harness ();
  GstBuffer *in = gst_buffer_new_memdup (frame, sizeof (frame)), *out;
  GstCaps *src_caps;
  GstMapInfo map;

  GST_BUFFER_PTS (in) = 100 * GST_MSECOND;
  GST_BUFFER_DTS (in) = 66 * GST_MSECOND;
  fail_unless_equals_int (gst_harness_push (h, in), GST_FLOW_OK);

  out = gst_harness_pull (h);
  fail_unless (gst_buffer_memcmp (out, 0, "FLV\x01\x01", 5) == 0);
  fail_unless (GST_BUFFER_FLAG_IS_SET (out, GST_BUFFER_FLAG_HEADER));
  gst_buffer_unref (out);
  out = gst_harness_pull (h);
  gst_buffer_map (out, &map, GST_MAP_READ);
  fail_unless_equals_int (map.data[0], GST_FLV_TAG_SCRIPT);
  fail_unless (memmem (map.data, map.size, "onMetaData", 10) != NULL);
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
  out = gst_harness_pull (h);
  gst_buffer_map (out, &map, GST_MAP_READ);
  fail_unless_equals_int (map.data[0], GST_FLV_TAG_VIDEO);
  fail_unless_equals_int (map.data[11], 0x90);
  fail_unless (memcmp (map.data + 12, "hvc1", 4) == 0);
  fail_unless (memcmp (map.data + 16, record, sizeof (record)) == 0);
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
  out = gst_harness_pull (h);
  gst_buffer_map (out, &map, GST_MAP_READ);
  fail_unless_equals_int (GST_READ_UINT24_BE (map.data + 4), 66);
  fail_unless_equals_int (map.data[11], 0x91);
  fail_unless_equals_int (GST_READ_UINT24_BE (map.data + 16), 34);
  fail_unless (memcmp (map.data + 19, frame, sizeof (frame)) == 0);
  fail_unless_equals_int (GST_READ_UINT32_BE (map.data + map.size - 4),
      map.size - 4);
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);

  src_caps = gst_pad_get_current_caps (h->sinkpad);
  fail_unless_equals_string (gst_structure_get_string
      (gst_caps_get_structure (src_caps, 0), "video-fourcc"), "hvc1");
  gst_caps_unref (src_caps);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Two frames within one millisecond (a live input's timestamps squeezed
 * by skew correction): the second gets the next millisecond, its
 * composition time keeps its presentation time. */
GST_START_TEST (test_mux_same_millisecond)
{
  GstHarness *h = hevc_harness ();
  GstBuffer *out;
  GstMapInfo map;
  guint i;

  for (i = 0; i < 2; i++) {
    GstBuffer *in = gst_buffer_new_memdup (frame, sizeof (frame));

    GST_BUFFER_DTS (in) = 1000 * GST_MSECOND + i * 300 * GST_USECOND;
    GST_BUFFER_PTS (in) = 1040 * GST_MSECOND + i * 300 * GST_USECOND;
    if (i)
      GST_BUFFER_FLAG_SET (in, GST_BUFFER_FLAG_DELTA_UNIT);
    fail_unless_equals_int (gst_harness_push (h, in), GST_FLOW_OK);
  }
  for (i = 0; i < 3; i++)       /* file header, metadata, configuration */
    gst_buffer_unref (gst_harness_pull (h));
  for (i = 0; i < 2; i++) {
    out = gst_harness_pull (h);
    gst_buffer_map (out, &map, GST_MAP_READ);
    fail_unless_equals_int (GST_READ_UINT24_BE (map.data + 4), 1000 + i);
    fail_unless_equals_int (map.data[11], i ? 0xa1 : 0x91);
    fail_unless_equals_int (GST_READ_UINT24_BE (map.data + 16), 40 - i);
    gst_buffer_unmap (out, &map);
    gst_buffer_unref (out);
  }
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Encoded video and audio through eflvmux, read back and decoded; the
 * size changes half-way, which must bring a new configuration record. */
static void
mux_and_read_back (const gchar * encoder, const gchar * parser,
    RsFlvReport * report)
{
  g_autofree gchar *desc = g_strdup_printf ("eflvmux name=m ! appsink "
      "name=sink sync=false videotestsrc num-buffers=24 ! video/x-raw,"
      "width=320,height=240,framerate=20/1 ! %s ! %s ! m.video "
      "audiotestsrc num-buffers=60 ! voaacenc ! aacparse ! m.audio",
      encoder, parser);
  g_autofree gchar *desc2 = g_strdup_printf ("eflvmux name=m ! appsink "
      "name=sink sync=false videotestsrc num-buffers=24 ! video/x-raw,"
      "width=352,height=288,framerate=20/1 ! %s ! %s ! m.video "
      "audiotestsrc num-buffers=60 ! voaacenc ! aacparse ! m.audio",
      encoder, parser);
  GByteArray *bytes = g_byte_array_new ();
  g_autoptr (GError) error = NULL;
  const gchar *descs[2] = { desc, desc2 };
  GstClockTime offset = 0;
  guint run;

  for (run = 0; run < 2; run++) {
    GstElement *pipeline = gst_parse_launch (descs[run], NULL);
    GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
    GstSample *sample;
    GstClockTime last = 0;
    gboolean first = TRUE;

    gst_element_set_state (pipeline, GST_STATE_PLAYING);
    while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink),
                30 * GST_SECOND))) {
      GstBuffer *b = gst_sample_get_buffer (sample);
      GstMapInfo map;

      gst_buffer_map (b, &map, GST_MAP_READ);
      /* The second run continues the first: its file header and metadata
       * are dropped and its times shifted, as after a caps change. */
      if (run == 0 || (map.data[0] != 'F' && map.data[0] != GST_FLV_TAG_SCRIPT)) {
        guint pos = bytes->len;
        guint32 ts;

        g_byte_array_append (bytes, map.data, map.size);
        if (map.data[0] != 'F') {
          ts = GST_READ_UINT24_BE (bytes->data + pos + 4) |
              bytes->data[pos + 7] << 24;
          last = MAX (last, ts * GST_MSECOND);
          ts += offset / GST_MSECOND;
          GST_WRITE_UINT24_BE (bytes->data + pos + 4, ts & 0xffffff);
          bytes->data[pos + 7] = ts >> 24;
        }
      }
      first = FALSE;
      gst_buffer_unmap (b, &map);
      gst_sample_unref (sample);
    }
    fail_if (first, "no output");
    offset += last + 50 * GST_MSECOND;
    gst_element_set_state (pipeline, GST_STATE_NULL);
    gst_object_unref (sink);
    gst_object_unref (pipeline);
  }
  fail_unless (rs_flv_read_back (bytes->data, bytes->len, report, &error),
      "%s", error ? error->message : "");
  g_byte_array_unref (bytes);
}

GST_START_TEST (test_mux_h265_read_back)
{
  RsFlvReport report;

  mux_and_read_back ("x265enc speed-preset=ultrafast key-int-max=20 "
      "bitrate=300", "h265parse", &report);
  fail_unless_equals_string (report.video_codec, "h265");
  fail_unless (report.enhanced);
  fail_unless_equals_int (report.configs, 2);
  fail_unless_equals_int (report.video_frames, 48);
  fail_unless_equals_int (report.decoded_frames, 48);
  fail_unless (report.first_is_keyframe);
  fail_if (report.dts_went_back);
  fail_unless_equals_int (report.width, 352);
  fail_unless_equals_string (report.audio_codec, "aac");
  fail_unless (report.audio_frames > 90, "%u", report.audio_frames);
  rs_flv_report_clear (&report);
}

GST_END_TEST;

GST_START_TEST (test_mux_h264_legacy_read_back)
{
  RsFlvReport report;

  mux_and_read_back ("x264enc speed-preset=ultrafast key-int-max=20 "
      "bitrate=300", "h264parse", &report);
  fail_unless_equals_string (report.video_codec, "h264");
  fail_if (report.enhanced);
  fail_unless_equals_int (report.configs, 2);
  fail_unless_equals_int (report.decoded_frames, 48);
  fail_if (report.dts_went_back);
  rs_flv_report_clear (&report);
}

GST_END_TEST;

static void
run_to_eos (const gchar * desc)
{
  GstElement *pipeline = gst_parse_launch (desc, NULL);
  GstBus *bus;
  GstMessage *msg;

  fail_unless (pipeline != NULL, "%s", desc);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS, "%s", desc);
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
}

/* The audio and video tags of an FLV file (type, timestamp and body, as
 * one string each), without the file header and script data. */
static GPtrArray *
media_tags (const gchar * path)
{
  GPtrArray *tags = g_ptr_array_new_with_free_func (g_free);
  g_autofree gchar *data = NULL;
  gsize size, pos;

  fail_unless (g_file_get_contents (path, &data, &size, NULL));
  fail_unless (size > 13);
  pos = GST_READ_UINT32_BE (data + 5) + 4;
  while (pos + GST_FLV_TAG_HEADER_SIZE <= size) {
    GstFlvTagHeader tag;

    fail_unless (gst_flv_tag_header_read ((const guint8 *) data + pos,
            size - pos, &tag));
    if (tag.type != GST_FLV_TAG_SCRIPT) {
      GString *s = g_string_new (NULL);
      guint i;

      g_string_append_printf (s, "%u@%u:", tag.type, tag.timestamp);
      for (i = 0; i < tag.body_size; i++)
        g_string_append_printf (s, "%02x",
            (guint8) data[pos + GST_FLV_TAG_HEADER_SIZE + i]);
      g_ptr_array_add (tags, g_string_free (s, FALSE));
    }
    pos += GST_FLV_TAG_HEADER_SIZE + tag.body_size + GST_FLV_TAG_TRAILER_SIZE;
  }
  return tags;
}

/* Nothing changes for H.264 users: for the same input (no B-frames, as
 * live encoders send) eflvmux writes the audio and video tags flvmux
 * writes, byte for byte and at the same times, end of sequence included. */
GST_START_TEST (test_same_tags_as_flvmux)
{
  g_autofree gchar *dir = g_dir_make_tmp ("rs-eflvmux-XXXXXX", NULL);
  g_autofree gchar *ts = g_build_filename (dir, "in.ts", NULL);
  const gchar *muxers[2] = { "flvmux", "eflvmux" };
  GPtrArray *tags[2];
  guint i;
  g_autofree gchar *encode = g_strdup_printf ("videotestsrc num-buffers=60 "
      "! video/x-raw,width=320,height=240,framerate=30/1 ! x264enc "
      "key-int-max=30 bframes=0 ! h264parse ! mpegtsmux name=m ! filesink "
      "location=%s audiotestsrc num-buffers=90 ! voaacenc ! aacparse ! m.",
      ts);

  run_to_eos (encode);
  for (i = 0; i < 2; i++) {
    g_autofree gchar *out = g_strdup_printf ("%s/%s.flv", dir, muxers[i]);
    g_autofree gchar *desc = g_strdup_printf ("filesrc location=%s ! "
        "tsdemux name=d d. ! queue ! h264parse ! video/x-h264,"
        "stream-format=avc ! %s name=m ! filesink location=%s d. ! queue ! "
        "aacparse ! m.", ts, muxers[i], out);

    run_to_eos (desc);
    tags[i] = media_tags (out);
  }
  fail_unless (tags[0]->len > 150, "%u tags", tags[0]->len);
  fail_unless_equals_int (tags[1]->len, tags[0]->len);
  for (i = 0; i < tags[0]->len; i++)
    fail_unless_equals_string (g_ptr_array_index (tags[1], i),
        g_ptr_array_index (tags[0], i));
  g_ptr_array_unref (tags[0]);
  g_ptr_array_unref (tags[1]);
  rs_remove_tree (dir);
}

GST_END_TEST;

static Suite *
eflvmux_suite (void)
{
  Suite *s = suite_create ("eflvmux");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_ex_video_tag_header);
  tcase_add_test (tc, test_tag_and_file_header);
  tcase_add_test (tc, test_connect_fourcc_list);
  tcase_add_test (tc, test_metadata_videocodecid);
  tcase_add_test (tc, test_mux_tags);
  tcase_add_test (tc, test_mux_same_millisecond);
  tcase_add_test (tc, test_mux_h265_read_back);
  tcase_add_test (tc, test_mux_h264_legacy_read_back);
  tcase_add_test (tc, test_same_tags_as_flvmux);
  return s;
}

GST_CHECK_MAIN (eflvmux);
