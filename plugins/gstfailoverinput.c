/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The inner pipeline that failoversrc pulls its input with: the source
 * for the URI, parsebin, and per stream a parser, a capsfilter and an
 * appsink. Its ERRORs and EOS never reach the application: they are
 * handed to failoversrc, which pulls the input again. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstfailoverinput.h"
#include "gstfailoverretime.h"

#include <gst/app/gstappsink.h>

/* Shared with the element (gstfailoversrc.c). */
GST_DEBUG_CATEGORY_EXTERN (failoversrc_debug);
#define GST_CAT_DEFAULT failoversrc_debug

/* What the callbacks of one chain need; shared by its bus and appsinks. */
typedef struct
{
  GstElement *owner;
  const GstFailoverInputCallbacks *callbacks;
  guint generation;
} Input;

static Input *
input_ref (Input * input)
{
  return g_atomic_rc_box_acquire (input);
}

static void
input_unref (gpointer input)
{
  g_atomic_rc_box_release (input);
}

static void
input_closure_unref (gpointer input, GClosure * closure)
{
  input_unref (input);
}

/* Builds the source of the inner pipeline for @uri, or NULL. */
GstElement *
gst_failover_input_make_source (const gchar * uri, gboolean tls_validation,
    GError ** error)
{
  g_autofree gchar *scheme = g_uri_parse_scheme (uri);
  GstElement *source = NULL;

  if (!scheme) {
    g_set_error (error, GST_URI_ERROR, GST_URI_ERROR_BAD_URI,
        "not a URI (expected rtmp://, rtmps://, srt:// or file://)");
  } else if (g_ascii_strcasecmp (scheme, "rtmp") == 0
      || g_ascii_strcasecmp (scheme, "rtmps") == 0) {
    source = gst_element_factory_make ("rtmp2src", NULL);
    if (source) {
      g_object_set (source, "location", uri, NULL);
      if (!tls_validation)
        g_object_set (source, "tls-validation-flags", 0, NULL);
    }
  } else if (g_ascii_strcasecmp (scheme, "srt") == 0) {
    source = gst_element_factory_make ("srtsrc", NULL);
    if (source)
      g_object_set (source, "uri", uri, "poll-timeout", 1000, NULL);
  } else if (g_ascii_strcasecmp (scheme, "file") == 0) {
    g_autofree gchar *host = NULL;
    g_autofree gchar *path = g_filename_from_uri (uri, &host, NULL);
    if (!path || (host && g_ascii_strcasecmp (host, "localhost") != 0)) {
      g_set_error (error, GST_URI_ERROR, GST_URI_ERROR_BAD_URI,
          "not a file:// URI of an absolute path");
      return NULL;
    }
    source = gst_element_factory_make ("filesrc", NULL);
    if (source)
      g_object_set (source, "location", path, NULL);
  } else {
    g_set_error (error, GST_URI_ERROR, GST_URI_ERROR_UNSUPPORTED_PROTOCOL,
        "'%s://' inputs are not supported (rtmp://, rtmps://, srt://, "
        "file://)", scheme);
    return NULL;
  }
  if (!source && error && !*error)
    g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
        "the element that reads %s:// inputs is not installed", scheme);
  return source;
}


/* The parser and caps for a stream of the input; FALSE if its codec
 * cannot be restreamed. */
static gboolean
pick_parser (GstCaps * caps, guint * index, const gchar ** parser,
    const gchar ** filter)
{
  GstStructure *s = gst_caps_get_structure (caps, 0);
  const gchar *name = gst_structure_get_name (s);

  if (g_str_equal (name, "video/x-h264")) {
    *index = GST_FAILOVER_RETIME_VIDEO;
    *parser = "h264parse";
    *filter = "video/x-h264,stream-format=avc,alignment=au";
  } else if (g_str_equal (name, "video/x-h265")) {
    *index = GST_FAILOVER_RETIME_VIDEO;
    *parser = "h265parse";
    *filter = "video/x-h265,stream-format=hvc1,alignment=au";
  } else if (g_str_equal (name, "audio/mpeg")
      && gst_structure_has_field (s, "mpegversion")
      && !gst_structure_has_field_typed (s, "layer", G_TYPE_INT)) {
    *index = GST_FAILOVER_RETIME_AUDIO;
    *parser = "aacparse";
    *filter = "audio/mpeg,mpegversion=4,stream-format=raw";
  } else {
    return FALSE;
  }
  return TRUE;
}


static GstFlowReturn
on_new_sample (GstAppSink * sink, gpointer user_data)
{
  Input *input = user_data;
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (sink),
          "failoversrc-index"));
  GstSample *sample = gst_app_sink_pull_sample (sink);
  GstFlowReturn ret;

  if (!sample)
    return GST_FLOW_EOS;
  ret = input->callbacks->sample (input->owner, input->generation, index,
      sample);
  gst_sample_unref (sample);
  return ret;
}

/* parser ! capsfilter ! appsink for one stream, running. */
static GstElement *
add_branch (GstElement * chain, Input * input, guint index,
    const gchar * parser, const gchar * filter)
{
  GstAppSinkCallbacks callbacks = { NULL, NULL, on_new_sample, NULL, {NULL} };
  g_autoptr (GstCaps) filter_caps = gst_caps_from_string (filter);
  GstElement *parse, *capsfilter, *sink;

  parse = gst_element_factory_make (parser, NULL);
  capsfilter = gst_element_factory_make ("capsfilter", NULL);
  sink = gst_element_factory_make ("appsink", NULL);
  g_object_set (capsfilter, "caps", filter_caps, NULL);
  g_object_set (sink, "sync", FALSE, "async", FALSE, "max-buffers", 0,
      "enable-last-sample", FALSE, NULL);
  g_object_set_data (G_OBJECT (sink), "failoversrc-index",
      GUINT_TO_POINTER (index));
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks,
      input_ref (input), input_unref);
  gst_bin_add_many (GST_BIN (chain), parse, capsfilter, sink, NULL);
  gst_element_link_many (parse, capsfilter, sink, NULL);
  /* The inner pipeline only ever runs PLAYING; a branch synced to its
   * state while that is still changing would wait for preroll. */
  gst_element_set_state (sink, GST_STATE_PLAYING);
  gst_element_set_state (capsfilter, GST_STATE_PLAYING);
  gst_element_set_state (parse, GST_STATE_PLAYING);
  return parse;
}

static void
on_parsed_pad (GstElement * parsebin, GstPad * pad, gpointer user_data)
{
  Input *input = user_data;
  GstElement *chain = GST_ELEMENT (gst_element_get_parent (parsebin));
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  g_autoptr (GstPad) sinkpad = NULL;
  const gchar *name, *parser, *filter;
  GstElement *parse;
  guint index;

  if (!caps)
    caps = gst_pad_query_caps (pad, NULL);
  name = gst_structure_get_name (gst_caps_get_structure (caps, 0));
  if (!pick_parser (caps, &index, &parser, &filter))
    goto unsupported;

  input->callbacks->stream (input->owner, index);
  parse = add_branch (chain, input, index, parser, filter);
  sinkpad = gst_element_get_static_pad (parse, "sink");
  if (gst_pad_link (pad, sinkpad) != GST_PAD_LINK_OK)
    GST_WARNING_OBJECT (input->owner, "could not link the %s stream", name);
  gst_object_unref (chain);
  return;

  /* ERRORS */
unsupported:
  {
    g_autofree gchar *reason = g_strdup_printf ("the input carries %s, which "
        "cannot be restreamed (H.264, H.265 and AAC can)", name);
    input->callbacks->unsupported (input->owner, name, reason);
    gst_object_unref (chain);
    return;
  }
}

static void
on_caller_added (GstElement * source, gint socket, gpointer address,
    gpointer user_data)
{
  Input *input = user_data;

  input->callbacks->peer (input->owner, input->generation, TRUE);
}

static void
on_caller_removed (GstElement * source, gint socket,
    gpointer address, gpointer user_data)
{
  Input *input = user_data;

  input->callbacks->peer (input->owner, input->generation, FALSE);
}

static GstBusSyncReply
on_chain_message (GstBus * bus, GstMessage * message, gpointer user_data)
{
  Input *input = user_data;
  g_autofree gchar *reason = NULL;

  switch (GST_MESSAGE_TYPE (message)) {
    case GST_MESSAGE_EOS:
      reason = g_strdup ("input EOS");
      break;
    case GST_MESSAGE_ERROR:{
      g_autoptr (GError) err = NULL;
      gst_message_parse_error (message, &err, NULL);
      /* Inner error texts do not carry the URL. */
      reason = g_strdup_printf ("input error: %s", err->message);
      break;
    }
    default:
      return GST_BUS_DROP;
  }
  input->callbacks->lost (input->owner, input->generation, reason);
  return GST_BUS_DROP;
}

/* Starts pulling @uri in a new inner pipeline, the chain @generation.
 * Returns it, or NULL if its elements are missing; *@started is FALSE if
 * it did not start. */
GstElement *
gst_failover_input_start (GstElement * owner,
    const GstFailoverInputCallbacks * callbacks, const gchar * uri,
    gboolean tls_validation, guint generation, gboolean * started)
{
  g_autoptr (GError) error = NULL;
  GstElement *chain, *source, *parsebin;
  Input *input;
  GstBus *bus;

  *started = TRUE;
  source = gst_failover_input_make_source (uri, tls_validation, &error);
  parsebin = gst_element_factory_make ("parsebin", NULL);
  if (!source || !parsebin) {
    gst_clear_object (&source);
    gst_clear_object (&parsebin);
    return NULL;
  }
  input = g_atomic_rc_box_new0 (Input);
  input->owner = owner;
  input->callbacks = callbacks;
  input->generation = generation;
  chain = gst_pipeline_new (NULL);
  /* The inner pipeline runs on its own clock: its timestamps are only
   * read, never synchronised against. */
  gst_bin_add_many (GST_BIN (chain), source, parsebin, NULL);
  gst_element_link (source, parsebin);
  g_signal_connect_data (parsebin, "pad-added", G_CALLBACK (on_parsed_pad),
      input_ref (input), input_closure_unref, 0);
  /* srtsrc in listener mode: who is connected decides whether a silent
   * attempt may be replaced (gst_failover_policy_note_peer). */
  if (g_signal_lookup ("caller-added", G_OBJECT_TYPE (source))) {
    g_signal_connect_data (source, "caller-added",
        G_CALLBACK (on_caller_added), input_ref (input), input_closure_unref,
        0);
    g_signal_connect_data (source, "caller-removed",
        G_CALLBACK (on_caller_removed), input_ref (input),
        input_closure_unref, 0);
  }
  bus = gst_element_get_bus (chain);
  gst_bus_set_sync_handler (bus, on_chain_message, input_ref (input),
      input_unref);
  gst_object_unref (bus);
  input_unref (input);
  if (gst_element_set_state (chain, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE)
    *started = FALSE;
  return chain;
}

void
gst_failover_input_stop (GstElement * chain)
{
  if (!chain)
    return;
  gst_element_set_state (chain, GST_STATE_NULL);
  gst_object_unref (chain);
}
