/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* failoversrc's slate: a private pipeline that encodes a still picture
 * (a drawn card or an image) and silence with the parameters the targets
 * saw from the input, while the input is down. Only the slate is encoded;
 * the live stream never is. The picture is drawn once and repeated by
 * imagefreeze, so the encoder sees the same frame over and over and costs
 * little. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "gstfailoverslate.h"
#include "gstfailoverretime.h"
#include "gstrestreammessages.h"

GST_DEBUG_CATEGORY_EXTERN (failoversrc_debug);
#define GST_CAT_DEFAULT failoversrc_debug

#define MIN_KBPS 300
#define MAX_KBPS 50000
#define CARD_COLOR 0xff1c2333   /* ARGB */

struct _GstFailoverSlate
{
  GstElement *owner;
  const GstFailoverSlateCallbacks *callbacks;
  guint generation;
  GstElement *pipeline;
  gboolean image;
  gchar *format;
  /* Set once stop begins: no callback after that. */
  gint stopping;
};

/* What the encoders are given. */
typedef struct
{
  gboolean hevc;
  gint width, height, fps_n, fps_d;
  gchar *profile;               /* as in the caps; NULL: the default */
  gchar *level;
  guint kbps;
  gboolean audio;
  gint rate, channels;
} Format;

static void
format_clear (Format * f)
{
  g_free (f->profile);
  g_free (f->level);
}

static void
format_read (Format * f, const GstFailoverSlateParams * params)
{
  const GstStructure *s;
  gint n, d;

  f->hevc = FALSE;
  f->width = GST_FAILOVER_SLATE_DEFAULT_WIDTH;
  f->height = GST_FAILOVER_SLATE_DEFAULT_HEIGHT;
  f->fps_n = GST_FAILOVER_SLATE_DEFAULT_FPS;
  f->fps_d = 1;
  f->profile = f->level = NULL;
  f->kbps = params->kbps ? CLAMP (params->kbps, MIN_KBPS, MAX_KBPS) :
      GST_FAILOVER_SLATE_DEFAULT_KBPS;
  f->audio = params->with_audio;
  f->rate = GST_FAILOVER_SLATE_DEFAULT_RATE;
  f->channels = GST_FAILOVER_SLATE_DEFAULT_CHANNELS;

  if (params->fps_n > 0 && params->fps_d > 0) {
    f->fps_n = params->fps_n;
    f->fps_d = params->fps_d;
  }
  if (params->video && gst_caps_get_size (params->video) > 0) {
    s = gst_caps_get_structure (params->video, 0);
    f->hevc = gst_structure_has_name (s, "video/x-h265");
    gst_structure_get_int (s, "width", &f->width);
    gst_structure_get_int (s, "height", &f->height);
    if (gst_structure_get_fraction (s, "framerate", &n, &d) && n > 0 && d > 0) {
      f->fps_n = n;
      f->fps_d = d;
    }
    f->profile = g_strdup (gst_structure_get_string (s, "profile"));
    f->level = g_strdup (gst_structure_get_string (s, "level"));
  } else {
    f->profile = g_strdup ("main");
  }
  /* Encoders take even sizes only. */
  f->width = MAX (16, f->width & ~1);
  f->height = MAX (16, f->height & ~1);
  if (params->audio && gst_caps_get_size (params->audio) > 0) {
    s = gst_caps_get_structure (params->audio, 0);
    gst_structure_get_int (s, "rate", &f->rate);
    gst_structure_get_int (s, "channels", &f->channels);
  }
  f->channels = CLAMP (f->channels, 1, 8);
}

/* x264 picks the profile from the tools it uses: CABAC makes Main, the
 * 8x8 transform High. ultrafast turns both off, so they are turned on
 * again for the profile the input had. The caps after the encoder cap
 * the profile. */
static void
h264_profile (const gchar * profile, const gchar ** caps_profile,
    const gchar ** tools)
{
  if (!profile || g_str_equal (profile, "main")) {
    *caps_profile = "main";
    *tools = ":cabac=1";
  } else if (g_str_has_suffix (profile, "baseline")) {
    *caps_profile = "constrained-baseline";
    *tools = "";
  } else {
    /* high, and the 10-bit and 4:2:2 ones that x264 here does not make:
     * High is the closest it can do. */
    *caps_profile = "high";
    *tools = ":cabac=1:8x8dct=1";
  }
}

static gchar *
video_encoder (const Format * f)
{
  gint gop = MAX (1, (f->fps_n * GST_FAILOVER_SLATE_KEYFRAME_SECONDS +
          f->fps_d - 1) / f->fps_d);
  g_autofree gchar *level = f->level ?
      g_strdup_printf (f->hevc ? ":level-idc=%s" : ":level=%s", f->level) :
      g_strdup ("");

  if (f->hevc)
    return g_strdup_printf ("x265enc speed-preset=ultrafast tune=zerolatency "
        "key-int-max=%d bitrate=%u option-string=\"repeat-headers=1%s\" ! "
        "video/x-h265,profile=main ! h265parse ! "
        "video/x-h265,stream-format=hvc1,alignment=au", gop, f->kbps, level);
  else {
    const gchar *caps_profile, *tools;

    h264_profile (f->profile, &caps_profile, &tools);
    /* CBR with filler: the targets see the bitrate they saw before. */
    return g_strdup_printf ("x264enc speed-preset=ultrafast tune=zerolatency "
        "key-int-max=%d bitrate=%u "
        "option-string=\"nal-hrd=cbr:filler=1%s%s\" ! "
        "video/x-h264,profile=%s ! h264parse ! "
        "video/x-h264,stream-format=avc,alignment=au", gop, f->kbps, tools,
        level, caps_profile);
  }
}

/* Debian 12 ships voaacenc and avenc_aac; fdkaacenc where it is built. */
static const gchar *
audio_encoder (gint channels)
{
  static const gchar *const stereo[] = { "voaacenc", "fdkaacenc", "avenc_aac" };
  static const gchar *const multi[] = { "fdkaacenc", "avenc_aac" };
  const gchar *const *list = channels > 2 ? multi : stereo;
  guint i, n = channels > 2 ? G_N_ELEMENTS (multi) : G_N_ELEMENTS (stereo);

  for (i = 0; i < n; i++) {
    GstElementFactory *factory = gst_element_factory_find (list[i]);

    if (factory) {
      gst_object_unref (factory);
      return list[i];
    }
  }
  return NULL;
}

static gchar *
describe (const Format * f)
{
  const gchar *caps_profile = f->profile ? f->profile : "main", *tools;

  if (!f->hevc)
    h264_profile (f->profile, &caps_profile, &tools);
  return g_strdup_printf ("%s %dx%d %d/%d %s%s%s %u kbit/s%s",
      f->hevc ? "h265" : "h264", f->width, f->height, f->fps_n, f->fps_d,
      f->hevc ? "main" : caps_profile, f->level ? " " : "",
      f->level ? f->level : "", f->kbps, f->audio ? "" : ", no audio");
}

static gchar *
pipeline_description (const Format * f, gboolean image, const gchar * aenc,
    GError ** error)
{
  g_autofree gchar *venc = video_encoder (f);
  g_autofree gchar *picture = NULL;
  g_autofree gchar *audio = NULL;

  if (image)
    picture = g_strdup_printf ("filesrc name=image ! decodebin ! "
        "videoconvert ! videoscale add-borders=true ! "
        "video/x-raw,format=I420,width=%d,height=%d,pixel-aspect-ratio=1/1",
        f->width, f->height);
  else
    picture = g_strdup_printf ("videotestsrc num-buffers=1 "
        "pattern=solid-color foreground-color=%u ! "
        "video/x-raw,format=I420,width=%d,height=%d,pixel-aspect-ratio=1/1,"
        "framerate=%d/%d ! textoverlay name=title valignment=center "
        "halignment=center ! textoverlay name=text valignment=center "
        "halignment=center", CARD_COLOR, f->width, f->height, f->fps_n,
        f->fps_d);
  if (f->audio) {
    if (!aenc) {
      g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
          "no AAC encoder (voaacenc, fdkaacenc or avenc_aac) is installed");
      return NULL;
    }
    audio = g_strdup_printf (" audiotestsrc is-live=true wave=silence "
        "samplesperbuffer=1024 ! audio/x-raw,rate=%d,channels=%d ! "
        "audioconvert ! audioresample ! %s ! aacparse ! "
        "audio/mpeg,mpegversion=4,stream-format=raw ! "
        "appsink name=audio sync=false", f->rate, f->channels, aenc);
  }
  return g_strdup_printf ("%s ! imagefreeze is-live=true ! "
      "video/x-raw,framerate=%d/%d ! %s ! appsink name=video sync=false%s",
      picture, f->fps_n, f->fps_d, venc, audio ? audio : "");
}

static GstFlowReturn
on_new_sample (GstAppSink * sink, gpointer user_data)
{
  GstFailoverSlate *slate = user_data;
  GstSample *sample = gst_app_sink_pull_sample (sink);
  guint index = g_str_equal (GST_OBJECT_NAME (sink), "video") ?
      GST_FAILOVER_RETIME_VIDEO : GST_FAILOVER_RETIME_AUDIO;

  const GstSegment *segment;
  GstBuffer *buffer;
  GstSample *timed;

  if (!sample)
    return GST_FLOW_EOS;
  /* Running time of the slate's pipeline: the encoders' segments differ
   * (x264enc starts at 1000 hours, to keep DTS positive). */
  segment = gst_sample_get_segment (sample);
  buffer = gst_buffer_copy (gst_sample_get_buffer (sample));
  if (segment && segment->format == GST_FORMAT_TIME) {
    GST_BUFFER_PTS (buffer) = gst_segment_to_running_time (segment,
        GST_FORMAT_TIME, GST_BUFFER_PTS (buffer));
    GST_BUFFER_DTS (buffer) = gst_segment_to_running_time (segment,
        GST_FORMAT_TIME, GST_BUFFER_DTS (buffer));
  }
  timed = gst_sample_new (buffer, gst_sample_get_caps (sample), NULL, NULL);
  gst_buffer_unref (buffer);
  gst_sample_unref (sample);
  if (!g_atomic_int_get (&slate->stopping))
    slate->callbacks->sample (slate->owner, slate->generation, index, timed);
  gst_sample_unref (timed);
  return GST_FLOW_OK;
}

static GstBusSyncReply
on_bus (GstBus * bus, GstMessage * message, gpointer user_data)
{
  GstFailoverSlate *slate = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *debug = NULL;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR
      && !g_atomic_int_get (&slate->stopping)) {
    gst_message_parse_error (message, &error, &debug);
    GST_WARNING_OBJECT (slate->owner, "slate %u failed: %s (%s)",
        slate->generation, error->message, debug ? debug : "");
    slate->callbacks->failed (slate->owner, slate->generation, error->message);
  }
  gst_message_unref (message);
  return GST_BUS_DROP;
}

static void
connect_sink (GstFailoverSlate * slate, const gchar * name)
{
  GstAppSinkCallbacks callbacks = { NULL, NULL, on_new_sample, NULL };
  GstElement *sink = gst_bin_get_by_name (GST_BIN (slate->pipeline), name);

  if (!sink)
    return;
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, slate, NULL);
  gst_object_unref (sink);
}

static void
set_text (GstElement * pipeline, const gchar * name, const gchar * text,
    const gchar * font, gint points)
{
  GstElement *overlay = gst_bin_get_by_name (GST_BIN (pipeline), name);
  g_autofree gchar *markup = g_markup_escape_text (text ? text : "", -1);
  g_autofree gchar *desc = g_strdup_printf ("%s %d", font, MAX (6, points));

  g_object_set (overlay, "text", markup, "font-desc", desc, NULL);
  gst_object_unref (overlay);
}

/* The card: the title above the middle, the text below it, sized to the
 * frame (48 and 28 points at 720 lines). */
static void
set_card (GstElement * pipeline, const GstFailoverSlateParams * params,
    gint height)
{
  GstElement *title = gst_bin_get_by_name (GST_BIN (pipeline), "title");
  GstElement *text = gst_bin_get_by_name (GST_BIN (pipeline), "text");

  set_text (pipeline, "title", params->title, "Sans Bold", 48 * height / 720);
  set_text (pipeline, "text", params->text, "Sans", 28 * height / 720);
  g_object_set (title, "deltay", -60 * height / 720, NULL);
  g_object_set (text, "deltay", params->title && *params->title ?
      40 * height / 720 : 0, NULL);
  gst_object_unref (title);
  gst_object_unref (text);
}

GstFailoverSlate *
gst_failover_slate_start (GstElement * owner,
    const GstFailoverSlateCallbacks * callbacks,
    const GstFailoverSlateParams * params, guint generation, GError ** error)
{
  GstFailoverSlate *slate;
  g_autofree gchar *description = NULL;
  g_autofree gchar *shape = NULL;
  GstElement *pipeline;
  GstBus *bus;
  Format f;
  const gchar *aenc;

  format_read (&f, params);
  aenc = f.audio ? audio_encoder (f.channels) : NULL;
  description = pipeline_description (&f, params->image != NULL, aenc, error);
  if (!description) {
    format_clear (&f);
    return NULL;
  }
  pipeline = gst_parse_launch_full (description, NULL,
      GST_PARSE_FLAG_FATAL_ERRORS, error);
  if (!pipeline) {
    format_clear (&f);
    return NULL;
  }
  if (params->image) {
    GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "image");

    g_object_set (src, "location", params->image, NULL);
    gst_object_unref (src);
  } else {
    set_card (pipeline, params, f.height);
  }

  slate = g_new0 (GstFailoverSlate, 1);
  slate->owner = owner;
  slate->callbacks = callbacks;
  slate->generation = generation;
  slate->pipeline = pipeline;
  slate->image = params->image != NULL;
  shape = describe (&f);
  slate->format = f.audio ? g_strdup_printf ("%s, aac %d Hz %d ch", shape,
      f.rate, f.channels) : g_steal_pointer (&shape);
  format_clear (&f);

  connect_sink (slate, "video");
  connect_sink (slate, "audio");
  bus = gst_element_get_bus (pipeline);
  gst_bus_set_sync_handler (bus, on_bus, slate, NULL);
  gst_object_unref (bus);
  GST_INFO_OBJECT (owner, "slate %u: %s, %s", generation,
      slate->image ? "image" : "card", slate->format);
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE) {
    g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_STATE_CHANGE,
        "the slate encoder did not start");
    gst_failover_slate_stop (slate);
    return NULL;
  }
  return slate;
}

const gchar *
gst_failover_slate_source (const GstFailoverSlate * slate)
{
  return slate->image ? GST_FAILOVER_SRC_SLATE_SOURCE_IMAGE :
      GST_FAILOVER_SRC_SLATE_SOURCE_CARD;
}

const gchar *
gst_failover_slate_format (const GstFailoverSlate * slate)
{
  return slate->format;
}

void
gst_failover_slate_request_keyframe (GstFailoverSlate * slate)
{
  GstElement *sink = gst_bin_get_by_name (GST_BIN (slate->pipeline), "video");
  GstPad *pad = gst_element_get_static_pad (sink, "sink");

  gst_pad_push_event (pad,
      gst_video_event_new_upstream_force_key_unit (GST_CLOCK_TIME_NONE, TRUE,
          0));
  gst_object_unref (pad);
  gst_object_unref (sink);
}

void
gst_failover_slate_stop (GstFailoverSlate * slate)
{
  GstBus *bus;

  if (!slate)
    return;
  g_atomic_int_set (&slate->stopping, TRUE);
  gst_element_set_state (slate->pipeline, GST_STATE_NULL);
  bus = gst_element_get_bus (slate->pipeline);
  gst_bus_set_sync_handler (bus, NULL, NULL, NULL);
  gst_object_unref (bus);
  gst_object_unref (slate->pipeline);
  g_free (slate->format);
  g_free (slate);
}
