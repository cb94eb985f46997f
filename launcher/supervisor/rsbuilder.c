/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The pipeline built from the model: failoversrc, one tee per elementary
 * stream, the muxer and restreamtee of each container kind some target
 * needs, and one bin per target (targetvalidator ! rtmppushsink for RTMP,
 * ! srtsink for SRT). Muxers and target bins are also added to a running
 * pipeline, for targets added while it runs. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "rsprobe.h"
#include "rsrestream-private.h"

#define BATCH_TIME (50 * GST_MSECOND)
#define MUXER_LATENCY (100 * GST_MSECOND)
#define QUEUE_TIME (2 * GST_SECOND)
/* 1316 bytes, SRT's default payload size. */
#define DEFAULT_TS_ALIGNMENT 7

/* The elements added for one container kind, downstream first, and the
 * links from the stream tees, which are made last. */
typedef struct
{
  GstElement *added[8];
  guint n_added;
  GstPad *links[N_STREAMS][2];
} ContainerBranch;

static GstElement *
make (const gchar * factory, GError ** error)
{
  GstElement *e = gst_element_factory_make (factory, NULL);

  if (!e && error && !*error)
    g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
        "missing element: %s", factory);
  return e;
}

/* The input's elementary streams each go into a tee, so that a muxer can
 * be added while the restream runs (the first target of its kind). */
static gboolean
build_stream_tees (RsRestream * self, GError ** error)
{
  static const gchar *const pads[N_STREAMS] = { "video", "audio" };
  guint i;

  for (i = 0; i < N_STREAMS; i++) {
    GstPad *src, *sink;
    gboolean linked;

    self->stream_tees[i] = make ("tee", error);
    if (!self->stream_tees[i])
      return FALSE;
    g_object_set (self->stream_tees[i], "name", pads[i], NULL);
    gst_bin_add (GST_BIN (self->pipeline), self->stream_tees[i]);
    src = gst_element_get_static_pad (self->source, pads[i]);
    sink = gst_element_get_static_pad (self->stream_tees[i], "sink");
    linked = src && gst_pad_link (src, sink) == GST_PAD_LINK_OK;
    gst_clear_object (&src);
    gst_object_unref (sink);
    if (!linked) {
      g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
          "cannot link the input's %s", pads[i]);
      return FALSE;
    }
  }
  return TRUE;
}

/* TS packets per buffer: the smallest SRT payload size of the targets
 * (1316 bytes, 7 packets, by default). */
static gint
ts_alignment (RsRestream * self)
{
  gint packets = DEFAULT_TS_ALIGNMENT;
  guint i;

  for (i = 0; i < self->targets->len; i++) {
    RsTarget *target = g_ptr_array_index (self->targets, i);
    gint size = target->desc->target->payload_size;

    if (target->container == CONTAINER_TS && size > 0)
      packets = MIN (packets, MAX (size / TS_PACKET_SIZE, 1));
  }
  return packets;
}

gint
rs_restream_running_ts_alignment (RsRestream * self)
{
  GstElement *mux = self->pipeline ?
      gst_bin_get_by_name (GST_BIN (self->pipeline), "mpegtsmux") : NULL;
  gint alignment = DEFAULT_TS_ALIGNMENT;

  if (mux) {
    g_object_get (mux, "alignment", &alignment, NULL);
    gst_object_unref (mux);
  }
  return alignment;
}

static const gchar *
muxer_name (Container c)
{
  return c == CONTAINER_FLV ? "flvmux" : "mpegtsmux";
}

/* FLV through eflvmux: H.264 in legacy tags as flvmux writes them, H.265
 * as Enhanced RTMP, which 1.22's flvmux cannot carry. */
static GstElement *
make_muxer (RsRestream * self, Container c, GError ** error)
{
  GstElement *mux = make (c == CONTAINER_FLV ? "eflvmux" : "mpegtsmux",
      error);

  if (!mux)
    return NULL;
  if (c == CONTAINER_FLV) {
    g_object_set (mux, "name", "flvmux", "latency", (guint64) MUXER_LATENCY,
        NULL);
  } else {
    /* One SRT message per buffer: srtsink 1.22 loses buffers larger than
     * the payload size (every keyframe, measured), so the muxer cuts its
     * output into payload-sized buffers of whole TS packets. */
    g_object_set (mux, "name", "mpegtsmux", "alignment", ts_alignment (self),
        "latency", (guint64) MUXER_LATENCY, NULL);
  }
  return mux;
}

/* The parser that turns the input's video (avc or hvc1, from failoversrc)
 * into the byte-stream mpegtsmux takes, with the parameter sets in front
 * of every keyframe, as an SRT caller may join anywhere. The codec is
 * known from the first caps only: the parser is added then, between the
 * queue and a capsfilter linked to the muxer. */
static GstPadProbeReturn
on_ts_video_caps (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  GstElement *filter = user_data;
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
  GstElement *bin, *parse;
  GstCaps *caps, *want;
  gboolean hevc;
  GstPad *sink;

  if (GST_EVENT_TYPE (event) != GST_EVENT_CAPS)
    return GST_PAD_PROBE_OK;
  gst_event_parse_caps (event, &caps);
  hevc = gst_structure_has_name (gst_caps_get_structure (caps, 0),
      "video/x-h265");
  parse = gst_element_factory_make (hevc ? "h265parse" : "h264parse", NULL);
  bin = GST_ELEMENT (gst_element_get_parent (filter));
  if (!parse || !bin) {
    gst_clear_object (&parse);
    gst_clear_object (&bin);
    return GST_PAD_PROBE_REMOVE;
  }
  g_object_set (parse, "config-interval", -1, NULL);
  want = gst_caps_from_string (hevc ?
      "video/x-h265,stream-format=byte-stream,alignment=au" :
      "video/x-h264,stream-format=byte-stream");
  g_object_set (filter, "caps", want, NULL);
  gst_caps_unref (want);
  gst_bin_add (GST_BIN (bin), parse);
  gst_element_link (parse, filter);
  sink = gst_element_get_static_pad (parse, "sink");
  gst_pad_link (pad, sink);
  gst_object_unref (sink);
  gst_element_sync_state_with_parent (parse);
  gst_object_unref (bin);
  return GST_PAD_PROBE_REMOVE;
}

static GstElement *
add_video_byte_stream (RsRestream * self, GstElement * queue,
    ContainerBranch * branch, GError ** error)
{
  GstElement *filter = make ("capsfilter", error);
  GstPad *src;

  if (!filter)
    return NULL;
  gst_bin_add (GST_BIN (self->pipeline), filter);
  src = gst_element_get_static_pad (queue, "src");
  gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
      on_ts_video_caps, filter, NULL);
  gst_object_unref (src);
  branch->added[branch->n_added++] = filter;
  return filter;
}

/* The queue of one elementary stream on its way to the muxer. Returns the
 * element whose src pad feeds the muxer, or NULL. */
static GstElement *
add_stream_queue (RsRestream * self, Container c, Stream s,
    ContainerBranch * branch, GError ** error)
{
  GstElement *queue = make ("queue", error), *last;

  if (!queue)
    return NULL;
  g_object_set (queue, "max-size-time", (guint64) QUEUE_TIME,
      "max-size-bytes", 0, "max-size-buffers", 0, NULL);
  gst_bin_add (GST_BIN (self->pipeline), queue);
  last = queue;
  if (c == CONTAINER_TS && s == STREAM_VIDEO) {
    last = add_video_byte_stream (self, queue, branch, error);
    if (!last)
      return NULL;
  }
  branch->added[branch->n_added++] = queue;
  branch->links[s][1] = gst_element_get_static_pad (queue, "sink");
  return last;
}

static gboolean
link_to_muxer (GstElement * last, GstElement * mux, Container c, Stream s,
    GError ** error)
{
  gboolean video = s == STREAM_VIDEO;
  GstPad *mux_pad = gst_element_request_pad_simple (mux,
      c == CONTAINER_FLV ? (video ? "video" : "audio") : "sink_%d");
  GstPad *out = gst_element_get_static_pad (last, "src");
  gboolean linked = mux_pad && gst_pad_link (out, mux_pad) == GST_PAD_LINK_OK;

  if (!linked)
    g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
        "cannot link the input's %s to %s", video ? "video" : "audio",
        muxer_name (c));
  gst_clear_object (&mux_pad);
  gst_object_unref (out);
  return linked;
}

static gboolean
link_stream_tees (Container c, ContainerBranch * branch, GError ** error)
{
  guint s;

  for (s = 0; s < N_STREAMS; s++) {
    if (branch->links[s][0] && gst_pad_link (branch->links[s][0],
            branch->links[s][1]) != GST_PAD_LINK_OK) {
      g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
          "cannot link the input to %s", muxer_name (c));
      return FALSE;
    }
  }
  return TRUE;
}

static void
clear_links (ContainerBranch * branch)
{
  guint s;

  for (s = 0; s < N_STREAMS; s++) {
    gst_clear_object (&branch->links[s][0]);
    gst_clear_object (&branch->links[s][1]);
  }
}

/* The muxer and restreamtee of one container kind, fed from the stream
 * tees. In a running pipeline the new elements start before they are
 * linked; the muxer then begins with the stream in progress and its
 * restreamtee hands each target the headers and the next keyframe. */
gboolean
rs_restream_ensure_container (RsRestream * self, Container c, GError ** error)
{
  ContainerBranch branch = { 0 };
  GstElement *mux, *tee;
  gboolean ok = TRUE;
  guint s, i;

  if (self->tees[c])
    return TRUE;
  mux = make_muxer (self, c, error);
  tee = make ("restreamtee", error);
  if (!mux || !tee) {
    gst_clear_object (&mux);
    gst_clear_object (&tee);
    return FALSE;
  }
  g_object_set (tee, "name", c == CONTAINER_FLV ? "flvtee" : "tstee",
      "batch-time", (guint64) BATCH_TIME, NULL);
  gst_bin_add_many (GST_BIN (self->pipeline), mux, tee, NULL);
  gst_element_link (mux, tee);
  branch.added[branch.n_added++] = tee;
  branch.added[branch.n_added++] = mux;

  for (s = 0; s < N_STREAMS && ok; s++) {
    GstElement *last = add_stream_queue (self, c, s, &branch, error);

    if (!last) {
      clear_links (&branch);
      return FALSE;
    }
    ok = link_to_muxer (last, mux, c, s, error);
    branch.links[s][0] = gst_element_request_pad_simple (self->stream_tees[s],
        "src_%u");
  }

  /* Downstream first, so that nothing flows into an element that is not
   * ready; a pipeline being built starts as a whole later. */
  if (ok && GST_STATE_TARGET (self->pipeline) > GST_STATE_NULL)
    for (i = 0; i < branch.n_added; i++)
      gst_element_sync_state_with_parent (branch.added[i]);
  ok = ok && link_stream_tees (c, &branch, error);
  clear_links (&branch);
  if (ok)
    self->tees[c] = tee;
  return ok;
}

/* The validator and the sink of a target, and the URL the sink is given
 * (with the secret in it). */
static gboolean
make_target_elements (RsTarget * target, gchar ** uri, GError ** error)
{
  RsDescriptionTarget *desc = target->desc;

  target->validator = gst_element_factory_make ("targetvalidator", NULL);
  if (target->container == CONTAINER_FLV) {
    *uri = gst_restream_target_rtmp_location (desc->target);
    target->sink = gst_element_factory_make ("rtmppushsink", NULL);
  } else {
    *uri = gst_restream_target_srt_uri (desc->target);
    target->sink = gst_element_factory_make ("srtsink", NULL);
  }
  if (!target->validator || !target->sink) {
    g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
        "missing element: %s", !target->validator ? "targetvalidator "
        "(plugin restream)" : target->container == CONTAINER_FLV ?
        "rtmppushsink (plugin restream)" : "srtsink (gst-plugins-bad)");
    gst_clear_object (&target->validator);
    gst_clear_object (&target->sink);
    return FALSE;
  }
  return TRUE;
}

/* Wipes @uri once the elements have their copies. */
static void
configure_target_elements (RsTarget * target, gchar * uri)
{
  RsDescriptionTarget *desc = target->desc;

  gst_util_set_object_arg (G_OBJECT (target->validator), "platform",
      gst_restream_platform_name (desc->platform));
  /* The validator checks the target URL as users write it: for RTMP the
   * location with the key, for SRT the FFmpeg-style URL. */
  g_object_set (target->validator, "target-uri",
      target->container == CONTAINER_FLV ? uri : desc->url, NULL);
  if (target->container == CONTAINER_FLV) {
    g_object_set (target->sink, "location", uri, "chunk-size", 4096,
        "sync", FALSE, "async", FALSE, NULL);
    if (!desc->tls_validation)
      g_object_set (target->sink, "tls-validation-flags", 0, NULL);
  } else {
    g_object_set (target->sink, "uri", uri, "sync", FALSE, "async", FALSE,
        NULL);
  }
  memset (uri, 0, strlen (uri));
}

/* The codec gate of an RTMP target: the FLV caps say whether the video is
 * Enhanced RTMP (eflvmux's video-fourcc); a platform that does not take
 * that codec (Twitch, Facebook: H.264 only) gets not a byte, so its sink
 * never connects, and the bus hears why. Runs in restreamtee's pad
 * thread. */
struct _RsCodecGate
{
  GstRestreamPlatform platform;
  gint refused;                 /* atomic */
  gint told;                    /* atomic: the bus was told, this branch */
  gchar *text;                  /* set with refused, read after it */
};

static void
codec_gate_free (gpointer data)
{
  struct _RsCodecGate *gate = data;

  g_free (gate->text);
  g_free (gate);
}

void
rs_codec_gate_rearm (struct _RsCodecGate *gate)
{
  g_atomic_int_set (&gate->told, 0);
}

static void
codec_gate_caps (struct _RsCodecGate *gate, GstCaps * caps)
{
  const gchar *fourcc = gst_caps_get_size (caps) > 0 ?
      gst_structure_get_string (gst_caps_get_structure (caps, 0),
      "video-fourcc") : NULL;
  const gchar *codec = fourcc && g_str_equal (fourcc, "hvc1") ? "h265" : "h264";
  const GstRestreamRule *rule = rs_video_codec_rule (gate->platform, codec);

  if (rule && rule->severity == GST_RESTREAM_SEVERITY_ERROR) {
    if (!g_atomic_int_get (&gate->refused)) {
      g_free (gate->text);
      gate->text = g_strdup_printf ("the input's video is %s; %s",
          rs_video_codec_display (codec), rule->advice);
      g_atomic_int_set (&gate->refused, 1);
    }
  } else {
    g_atomic_int_set (&gate->refused, 0);
  }
}

static GstPadProbeReturn
on_codec_gate (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  struct _RsCodecGate *gate = user_data;
  GstElement *validator;

  if (info->type & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM) {
    GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);

    if (GST_EVENT_TYPE (event) == GST_EVENT_CAPS) {
      GstCaps *caps;

      gst_event_parse_caps (event, &caps);
      codec_gate_caps (gate, caps);
    }
    return GST_PAD_PROBE_OK;
  }
  if (!g_atomic_int_get (&gate->refused))
    return GST_PAD_PROBE_OK;
  if (g_atomic_int_compare_and_exchange (&gate->told, 0, 1)) {
    validator = GST_ELEMENT (gst_pad_get_parent (pad));
    if (validator) {
      gst_element_post_message (validator,
          gst_message_new_element (GST_OBJECT (validator),
              gst_structure_new (RS_MSG_CODEC_REFUSED, "text", G_TYPE_STRING,
                  gate->text, NULL)));
      gst_object_unref (validator);
    }
  }
  return GST_PAD_PROBE_DROP;
}

static void
add_codec_gate (RsTarget * target)
{
  GstPad *pad = gst_element_get_static_pad (target->validator, "sink");

  target->gate = g_new0 (struct _RsCodecGate, 1);
  target->gate->platform = target->desc->platform;
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM |
      GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
      on_codec_gate, target->gate, codec_gate_free);
  gst_object_unref (pad);
}

/* The bin, with a locked state, in the pipeline and linked to a new pad of
 * its container's restreamtee. */
static gboolean
add_target_bin (RsRestream * self, RsTarget * target, GError ** error)
{
  GstPad *pad, *ghost;

  gst_bin_add_many (GST_BIN (target->bin), target->validator, target->sink,
      NULL);
  gst_element_link (target->validator, target->sink);
  if (target->container == CONTAINER_FLV)
    add_codec_gate (target);
  pad = gst_element_get_static_pad (target->validator, "sink");
  ghost = gst_ghost_pad_new ("sink", pad);
  gst_object_unref (pad);
  gst_element_add_pad (target->bin, ghost);
  g_object_set_data (G_OBJECT (target->bin), "rs-target", target);
  g_object_set_data_full (G_OBJECT (target->bin), "rs-context",
      g_main_context_ref (self->context),
      (GDestroyNotify) g_main_context_unref);
  gst_element_set_locked_state (target->bin, TRUE);
  gst_bin_add (GST_BIN (self->pipeline), target->bin);

  target->tee_pad = gst_element_request_pad_simple (self->tees
      [target->container], "src_%u");
  rs_restream_slate_add_pad (self, target);
  if (gst_pad_link (target->tee_pad, ghost) != GST_PAD_LINK_OK) {
    g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
        "cannot link target %s", target->desc->name);
    return FALSE;
  }
  return TRUE;
}

/* "target-NAME", or "target-NAME-2"... while the bin of a target of that
 * name that was just replaced or removed is still on its way out. */
static gchar *
target_bin_name (RsRestream * self, const gchar * name)
{
  gchar *bin_name = g_strdup_printf ("target-%s", name);
  GstElement *existing;
  guint n = 1;

  while ((existing = gst_bin_get_by_name (GST_BIN (self->pipeline), bin_name))) {
    gst_object_unref (existing);
    g_free (bin_name);
    bin_name = g_strdup_printf ("target-%s-%u", name, ++n);
  }
  return bin_name;
}

gboolean
rs_restream_build_target (RsRestream * self, RsTarget * target, GError ** error)
{
  g_autofree gchar *bin_name = target_bin_name (self, target->desc->name);
  g_autofree gchar *uri = NULL;

  target->bin = gst_object_ref (gst_bin_new (bin_name));
  if (!make_target_elements (target, &uri, error))
    return FALSE;
  configure_target_elements (target, uri);
  return add_target_bin (self, target, error);
}

void
rs_restream_unbuild_target (RsRestream * self, RsTarget * target)
{
  if (target->bin) {
    g_object_set_data (G_OBJECT (target->bin), "rs-target", NULL);
    gst_element_set_state (target->bin, GST_STATE_NULL);
    gst_bin_remove (GST_BIN (self->pipeline), target->bin);
  }
  if (target->tee_pad) {
    rs_restream_slate_remove_pad (self, target);
    gst_element_release_request_pad (self->tees[target->container],
        target->tee_pad);
  }
}

gboolean
rs_restream_build (RsRestream * self, GError ** error)
{
  RsDescription *d = self->description;
  guint i;

  self->pipeline = gst_pipeline_new (d->name);
  g_object_set (self->pipeline, "message-forward", TRUE, NULL);
  self->source = make ("failoversrc", error);
  if (!self->source)
    return FALSE;
  g_object_set (self->source, "name", "input", "uri", d->input,
      "outage-threshold", (guint64) d->outage_threshold,
      "retry-timeout", (guint64) d->retry_timeout,
      "tls-validation", d->input_tls_validation, NULL);
  /* The card shows the restream's name. */
  g_object_set (self->source, "slate", d->slate, "slate-image",
      d->slate_image, "slate-title", d->name, NULL);
  gst_bin_add (GST_BIN (self->pipeline), self->source);
  if (!build_stream_tees (self, error))
    return FALSE;

  /* Only the muxers some enabled target needs. */
  for (i = 0; i < self->targets->len; i++) {
    RsTarget *target = g_ptr_array_index (self->targets, i);

    if (target->desc->enabled
        && !rs_restream_ensure_container (self, target->container, error))
      return FALSE;
  }
  for (i = 0; i < self->targets->len; i++) {
    RsTarget *target = g_ptr_array_index (self->targets, i);

    if (target->desc->enabled && !rs_restream_build_target (self, target,
            error))
      return FALSE;
  }
  return TRUE;
}
