/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The input probe of --check-input: failoversrc on the description's
 * input, its pads into fakesinks, until the caps of its streams say which
 * codecs the restream would pass through. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstrestreamredact.h"
#include "rsprobe.h"

#define POLL (100 * GST_MSECOND)
/* After the video, how long the audio may take to show. */
#define AUDIO_GRACE_US (1 * G_USEC_PER_SEC)

static const gchar *
codec_of_caps (GstCaps * caps)
{
  const gchar *name;

  if (!caps || gst_caps_get_size (caps) == 0)
    return NULL;
  name = gst_structure_get_name (gst_caps_get_structure (caps, 0));
  if (g_str_equal (name, "video/x-h264"))
    return "h264";
  if (g_str_equal (name, "video/x-h265"))
    return "h265";
  if (g_str_equal (name, "audio/mpeg"))
    return "aac";
  return "unknown";
}

static GstCaps *
pad_caps (GstElement * element, const gchar * name)
{
  GstPad *pad = gst_element_get_static_pad (element, name);
  GstCaps *caps = pad ? gst_pad_get_current_caps (pad) : NULL;

  gst_clear_object (&pad);
  return caps;
}

gboolean
rs_probe_input (const RsDescription * d, guint timeout_ms,
    RsInputProbe * probe, GError ** error)
{
  GstElement *pipeline = gst_pipeline_new ("probe");
  GstElement *source = gst_element_factory_make ("failoversrc", NULL);
  GstElement *vsink = gst_element_factory_make ("fakesink", NULL);
  GstElement *asink = gst_element_factory_make ("fakesink", NULL);
  gint64 deadline = g_get_monotonic_time () + timeout_ms * (gint64) 1000;
  gint64 video_at = 0;
  g_autofree gchar *failure = NULL;
  GstBus *bus;

  memset (probe, 0, sizeof (*probe));
  if (!source || !vsink || !asink) {
    g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
        "missing element: %s", !source ? "failoversrc (plugin restream)" :
        "fakesink");
    gst_clear_object (&source);
    gst_clear_object (&vsink);
    gst_clear_object (&asink);
    gst_object_unref (pipeline);
    return FALSE;
  }
  g_object_set (source, "uri", d->input, "slate", FALSE,
      "tls-validation", d->input_tls_validation, NULL);
  g_object_set (vsink, "sync", FALSE, "async", FALSE, NULL);
  g_object_set (asink, "sync", FALSE, "async", FALSE, NULL);
  gst_bin_add_many (GST_BIN (pipeline), source, vsink, asink, NULL);
  gst_element_link_pads (source, "video", vsink, "sink");
  gst_element_link_pads (source, "audio", asink, "sink");
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);

  while (g_get_monotonic_time () < deadline) {
    GstMessage *msg = gst_bus_timed_pop_filtered (bus, POLL,
        GST_MESSAGE_ERROR);
    GstCaps *video, *audio;

    if (msg) {
      g_autoptr (GError) err = NULL;

      gst_message_parse_error (msg, &err, NULL);
      failure = g_strdup (err->message);
      gst_message_unref (msg);
      break;
    }
    video = pad_caps (source, "video");
    audio = pad_caps (source, "audio");
    if (video && !probe->video_codec) {
      GstStructure *s = gst_caps_get_structure (video, 0);

      probe->video_codec = g_strdup (codec_of_caps (video));
      gst_structure_get_int (s, "width", &probe->width);
      gst_structure_get_int (s, "height", &probe->height);
      video_at = g_get_monotonic_time ();
    }
    if (audio && !probe->audio_codec)
      probe->audio_codec = g_strdup (codec_of_caps (audio));
    gst_clear_caps (&video);
    gst_clear_caps (&audio);
    if (probe->video_codec && (probe->audio_codec
            || g_get_monotonic_time () - video_at > AUDIO_GRACE_US))
      break;
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
  if (!probe->video_codec && !probe->audio_codec) {
    g_autofree gchar *input = gst_restream_redact_url (d->input);

    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ,
        "the input %s did not come up within %u s%s%s", input,
        timeout_ms / 1000, failure ? ": " : "", failure ? failure : "");
    return FALSE;
  }
  return TRUE;
}

void
rs_input_probe_clear (RsInputProbe * probe)
{
  g_clear_pointer (&probe->video_codec, g_free);
  g_clear_pointer (&probe->audio_codec, g_free);
}

const GstRestreamRule *
rs_video_codec_rule (GstRestreamPlatform platform, const gchar * codec)
{
  const GstRestreamRule *rule;

  if (!codec)
    return NULL;
  rule = gst_restream_platform_rule (platform, GST_RESTREAM_RULE_VIDEO_CODEC);
  if (rule && !gst_restream_platform_takes_video_codec (platform, codec))
    return rule;
  rule = gst_restream_platform_rule (platform, GST_RESTREAM_RULE_ENHANCED_RTMP);
  if (rule && gst_restream_video_codec_is_enhanced (codec))
    return rule;
  return NULL;
}

const gchar *
rs_video_codec_display (const gchar * codec)
{
  if (!codec)
    return "none";
  if (g_str_equal (codec, "h264"))
    return "H.264";
  if (g_str_equal (codec, "h265"))
    return "HEVC (H.265)";
  if (g_str_equal (codec, "av1"))
    return "AV1";
  return codec;
}
