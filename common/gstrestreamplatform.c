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

#include "gstrestreamplatform.h"

#include <math.h>

#define TROUBLESHOOTING "Restream troubleshooting"

static const gchar *const platform_names[GST_RESTREAM_N_PLATFORMS] = {
  "generic-rtmp", "youtube", "facebook", "twitch", "srt"
};

/* The rules. Keyframe intervals in seconds, bitrates in kbit/s. */
static const GstRestreamRule rules[] = {
  /* YouTube */
  {GST_RESTREAM_RULE_VIDEO_CODEC, GST_RESTREAM_PLATFORM_YOUTUBE,
        "video-codec", GST_RESTREAM_SEVERITY_ERROR, NAN, "",
        "YouTube takes H.264 video, or HEVC and AV1 over Enhanced RTMP: "
        "restream an H.264 or HEVC source.",
      TROUBLESHOOTING " > YouTube: H.264 (Baseline/Main/High) and AAC; "
        "YouTube Live ingest: HEVC and AV1 over Enhanced RTMP"},
  {GST_RESTREAM_RULE_AUDIO_CODEC, GST_RESTREAM_PLATFORM_YOUTUBE,
        "audio-codec", GST_RESTREAM_SEVERITY_ERROR, NAN, "",
        "YouTube takes AAC audio: encode the source's audio as AAC.",
      TROUBLESHOOTING " > YouTube: H.264 (Baseline/Main/High) and AAC"},
  {GST_RESTREAM_RULE_H264_PROFILE, GST_RESTREAM_PLATFORM_YOUTUBE,
        "h264-profile", GST_RESTREAM_SEVERITY_ERROR, NAN, "",
        "YouTube takes H.264 Baseline, Main or High: set the encoder's "
        "profile to High.",
      TROUBLESHOOTING " > YouTube: unsupported codec or profile"},
  {GST_RESTREAM_RULE_KEYFRAME_INTERVAL_RECOMMENDED,
        GST_RESTREAM_PLATFORM_YOUTUBE, "keyframe-interval",
        GST_RESTREAM_SEVERITY_WARNING, 2.0, "s",
        "YouTube recommends a keyframe every 2 s: set the encoder's GOP to "
        "2 s.",
      TROUBLESHOOTING " > YouTube: high keyframe interval"},
  {GST_RESTREAM_RULE_BITRATE_RTMP_RISK, GST_RESTREAM_PLATFORM_YOUTUBE,
        "bitrate-rtmp-risk", GST_RESTREAM_SEVERITY_WARNING, 5000, "kbit/s",
        "Above 5 Mbps an RTMP restream over public routes risks "
        "interruptions; 1-3 Mbps is the practical range, or use SRT.",
      TROUBLESHOOTING " > RTMP targets"},
  {GST_RESTREAM_RULE_BITRATE_DROP, GST_RESTREAM_PLATFORM_YOUTUBE,
        "bitrate-drop", GST_RESTREAM_SEVERITY_WARNING, 50, "%",
        "The bitrate fell sharply; YouTube buffers or disconnects on unstable "
        "input: keep the encoder's output stable.",
      TROUBLESHOOTING " > YouTube: unstable input bitrate"},

  /* Facebook */
  {GST_RESTREAM_RULE_VIDEO_CODEC, GST_RESTREAM_PLATFORM_FACEBOOK,
        "video-codec", GST_RESTREAM_SEVERITY_ERROR, NAN, "",
        "Facebook Live takes H.264 video only (no HEVC) over RTMPS: restream "
        "an H.264 source; send an HEVC source to YouTube or SRT targets.",
      "Facebook Live ingest requirements (H.264 video, AAC audio)"},
  {GST_RESTREAM_RULE_AUDIO_CODEC, GST_RESTREAM_PLATFORM_FACEBOOK,
        "audio-codec", GST_RESTREAM_SEVERITY_ERROR, NAN, "",
        "Facebook Live takes AAC audio: encode the source's audio as AAC.",
      "Facebook Live ingest requirements (H.264 video, AAC audio)"},
  {GST_RESTREAM_RULE_KEYFRAME_INTERVAL_MAX, GST_RESTREAM_PLATFORM_FACEBOOK,
        "keyframe-interval-max", GST_RESTREAM_SEVERITY_ERROR, 4.0, "s",
        "Facebook rejects keyframe intervals over 4 s: set the encoder's GOP "
        "to 2 s.",
      TROUBLESHOOTING " > Facebook: keyframe interval exceeds 4 seconds"},
  {GST_RESTREAM_RULE_KEYFRAME_INTERVAL_RECOMMENDED,
        GST_RESTREAM_PLATFORM_FACEBOOK, "keyframe-interval",
        GST_RESTREAM_SEVERITY_WARNING, 2.0, "s",
        "Facebook recommends a keyframe every 2 s: set the encoder's GOP to "
        "2 s.",
      TROUBLESHOOTING " > Facebook: 2 seconds recommended, 4 maximum"},
  {GST_RESTREAM_RULE_BITRATE_RTMP_RISK, GST_RESTREAM_PLATFORM_FACEBOOK,
        "bitrate-rtmp-risk", GST_RESTREAM_SEVERITY_WARNING, 5000, "kbit/s",
        "Above 5 Mbps an RTMP restream over public routes risks "
        "interruptions; 1-3 Mbps is the practical range, or use SRT.",
      TROUBLESHOOTING " > RTMP targets"},
  {GST_RESTREAM_RULE_BITRATE_DROP, GST_RESTREAM_PLATFORM_FACEBOOK,
        "bitrate-drop", GST_RESTREAM_SEVERITY_WARNING, 50, "%",
        "The bitrate fell sharply; Facebook may end streams whose bitrate "
        "drops: keep a stable, constant bitrate.",
      TROUBLESHOOTING " > Facebook: unstable or insufficient bitrate"},
  {GST_RESTREAM_RULE_BITRATE_STABILITY, GST_RESTREAM_PLATFORM_FACEBOOK,
        "bitrate-stability", GST_RESTREAM_SEVERITY_WARNING, 200, "%",
        "The bitrate swings widely (peak over twice the average); Facebook "
        "wants a stable, constant bitrate: use CBR.",
      TROUBLESHOOTING " > Facebook: maintain a stable, constant bitrate"},

  /* Twitch */
  {GST_RESTREAM_RULE_VIDEO_CODEC, GST_RESTREAM_PLATFORM_TWITCH,
        "video-codec", GST_RESTREAM_SEVERITY_ERROR, NAN, "",
        "Twitch takes H.264 video only (no HEVC): restream an H.264 source; "
        "send an HEVC source to YouTube or SRT targets.",
      TROUBLESHOOTING " > Twitch: Twitch requires H.264 + AAC"},
  {GST_RESTREAM_RULE_AUDIO_CODEC, GST_RESTREAM_PLATFORM_TWITCH,
        "audio-codec", GST_RESTREAM_SEVERITY_ERROR, NAN, "",
        "Twitch takes AAC audio: encode the source's audio as AAC.",
      TROUBLESHOOTING " > Twitch: Twitch requires H.264 + AAC"},
  {GST_RESTREAM_RULE_KEYFRAME_INTERVAL_MAX, GST_RESTREAM_PLATFORM_TWITCH,
        "keyframe-interval-max", GST_RESTREAM_SEVERITY_ERROR, 2.0, "s",
        "Twitch wants a keyframe every 2 s: set the encoder's GOP to 2 s.",
      TROUBLESHOOTING " > Twitch: use a 2-second keyframe interval"},
  {GST_RESTREAM_RULE_BITRATE_MAX, GST_RESTREAM_PLATFORM_TWITCH,
        "bitrate-max", GST_RESTREAM_SEVERITY_ERROR, 6000, "kbit/s",
        "Twitch allows at most 6000 kbit/s for most accounts: restream a "
        "source at or below 6 Mbps.",
      TROUBLESHOOTING " > Twitch: maximum of 6,000 Kbps for non-partners"},
  {GST_RESTREAM_RULE_BITRATE_RTMP_RISK, GST_RESTREAM_PLATFORM_TWITCH,
        "bitrate-rtmp-risk", GST_RESTREAM_SEVERITY_WARNING, 5000, "kbit/s",
        "Above 5 Mbps an RTMP restream over public routes risks "
        "interruptions; 1-3 Mbps is the practical range.",
      TROUBLESHOOTING " > RTMP targets"},
  {GST_RESTREAM_RULE_BITRATE_STABILITY, GST_RESTREAM_PLATFORM_TWITCH,
        "bitrate-stability", GST_RESTREAM_SEVERITY_WARNING, 200, "%",
        "The bitrate swings widely (peak over twice the average); Twitch "
        "recommends CBR: set the encoder to constant bitrate.",
      TROUBLESHOOTING " > Twitch: use CBR and ensure stable network paths"},
  {GST_RESTREAM_RULE_BITRATE_DROP, GST_RESTREAM_PLATFORM_TWITCH,
        "bitrate-drop", GST_RESTREAM_SEVERITY_WARNING, 50, "%",
        "The bitrate fell sharply; Twitch is sensitive to unstable upstream: "
        "check the source's encoder and network.",
      TROUBLESHOOTING " > Twitch: disconnects due to unstable upstream"},

  /* Any RTMP server */
  {GST_RESTREAM_RULE_VIDEO_CODEC, GST_RESTREAM_PLATFORM_GENERIC_RTMP,
        "video-codec", GST_RESTREAM_SEVERITY_ERROR, NAN, "",
        "An RTMP target gets H.264, or HEVC as Enhanced RTMP: restream an "
        "H.264 or HEVC source.",
      "FLV 10.1 (AVC), enhanced-rtmp v1 (veovera): FourCC hvc1"},
  {GST_RESTREAM_RULE_ENHANCED_RTMP, GST_RESTREAM_PLATFORM_GENERIC_RTMP,
        "enhanced-rtmp", GST_RESTREAM_SEVERITY_WARNING, NAN, "",
        "HEVC goes to RTMP as Enhanced RTMP (FourCC hvc1): the server must "
        "speak it (Node-Media-Server v4, SRS 6, MediaMTX and YouTube do; "
        "nginx-rtmp does not and drops the video).",
      "enhanced-rtmp v1 (veovera): ExVideoTagHeader, fourCcList"},
  {GST_RESTREAM_RULE_BITRATE_RTMP_RISK, GST_RESTREAM_PLATFORM_GENERIC_RTMP,
        "bitrate-rtmp-risk", GST_RESTREAM_SEVERITY_WARNING, 5000, "kbit/s",
        "Above 5 Mbps an RTMP restream over public routes risks "
        "interruptions; 1-3 Mbps is the practical range, or use SRT.",
      TROUBLESHOOTING " > RTMP targets"},
  {GST_RESTREAM_RULE_BITRATE_DROP, GST_RESTREAM_PLATFORM_GENERIC_RTMP,
        "bitrate-drop", GST_RESTREAM_SEVERITY_WARNING, 50, "%",
        "The bitrate fell sharply; RTMP servers may end a stream whose "
        "delivery becomes slow or unstable: check the source.",
      TROUBLESHOOTING " > RTMP targets"},

  /* SRT */
  {GST_RESTREAM_RULE_SRT_BANDWIDTH, GST_RESTREAM_PLATFORM_SRT,
        "srt-bandwidth", GST_RESTREAM_SEVERITY_ERROR, NAN, "kbit/s",
        "The source's bitrate is above the target's bandwidth and is sent "
        "as is: use a lower-bitrate source or a transcoded stream for this "
        "target.",
      TROUBLESHOOTING " > SRT targets: target bandwidth is lower than the "
        "source bitrate"},

  {0, 0, NULL, 0, 0, NULL, NULL, NULL},
};

const gchar *
gst_restream_platform_name (GstRestreamPlatform platform)
{
  g_return_val_if_fail (platform < GST_RESTREAM_N_PLATFORMS, NULL);
  return platform_names[platform];
}

gboolean
gst_restream_platform_from_name (const gchar * name,
    GstRestreamPlatform * platform)
{
  guint i;

  for (i = 0; name && i < GST_RESTREAM_N_PLATFORMS; i++) {
    if (g_ascii_strcasecmp (name, platform_names[i]) == 0) {
      *platform = i;
      return TRUE;
    }
  }
  return FALSE;
}

gboolean
gst_restream_platform_is_rtmp (GstRestreamPlatform platform)
{
  return platform != GST_RESTREAM_PLATFORM_SRT;
}

const GstRestreamRule *
gst_restream_platform_rule (GstRestreamPlatform platform, GstRestreamRuleId id)
{
  const GstRestreamRule *rule;

  for (rule = rules; rule->name; rule++)
    if (rule->platform == platform && rule->id == id)
      return rule;
  return NULL;
}

const GstRestreamRule *
gst_restream_platform_rules (void)
{
  return rules;
}

/* *INDENT-OFF* */
static const gchar *const video_codecs[GST_RESTREAM_N_PLATFORMS][4] = {
  [GST_RESTREAM_PLATFORM_GENERIC_RTMP] = {"h264", "h265", NULL},
  [GST_RESTREAM_PLATFORM_YOUTUBE] = {"h264", "h265", "av1", NULL},
  [GST_RESTREAM_PLATFORM_FACEBOOK] = {"h264", NULL},
  [GST_RESTREAM_PLATFORM_TWITCH] = {"h264", NULL},
  [GST_RESTREAM_PLATFORM_SRT] = {"h264", "h265", NULL},
};
/* *INDENT-ON* */

const gchar *const *
gst_restream_platform_video_codecs (GstRestreamPlatform platform)
{
  g_return_val_if_fail (platform < GST_RESTREAM_N_PLATFORMS, NULL);
  return video_codecs[platform];
}

gboolean
gst_restream_platform_takes_video_codec (GstRestreamPlatform platform,
    const gchar * codec)
{
  return codec && g_strv_contains (gst_restream_platform_video_codecs
      (platform), codec);
}

gboolean
gst_restream_video_codec_is_enhanced (const gchar * codec)
{
  return codec && (g_str_equal (codec, "h265") || g_str_equal (codec, "av1")
      || g_str_equal (codec, "vp9"));
}

gboolean
gst_restream_h264_profile_is_basic (guint profile_idc)
{
  return profile_idc == 66 || profile_idc == 77 || profile_idc == 100;
}

const gchar *
gst_restream_h264_profile_name (guint profile_idc)
{
  switch (profile_idc) {
    case 66:
      return "baseline";
    case 77:
      return "main";
    case 88:
      return "extended";
    case 100:
      return "high";
    case 110:
      return "high-10";
    case 122:
      return "high-4:2:2";
    case 244:
      return "high-4:4:4";
    case 44:
      return "cavlc-4:4:4-intra";
    case 83:
    case 86:
      return "scalable";
    case 118:
    case 128:
      return "multiview";
    default:
      return "unknown";
  }
}
