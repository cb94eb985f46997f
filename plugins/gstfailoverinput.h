/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_FAILOVER_INPUT_H__
#define __GST_FAILOVER_INPUT_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/**
 * GstFailoverInputCallbacks:
 * @sample: a parsed sample of stream @index (GST_FAILOVER_RETIME_VIDEO or
 *     GST_FAILOVER_RETIME_AUDIO) of the chain @generation, from one of its
 *     streaming threads
 * @stream: the input carries a stream @index, found while the chain
 *     starts
 * @lost: the chain @generation ended (EOS) or failed
 * @unsupported: the input carries a codec that cannot be restreamed;
 *     @reason says so in a sentence
 *
 * What failoversrc hears from the inner pipeline that pulls its input.
 * Every callback gets the element that started the chain.
 */
typedef struct
{
  GstFlowReturn (*sample) (GstElement * owner, guint generation, guint index,
      GstSample * sample);
  void (*stream) (GstElement * owner, guint index);
  void (*lost) (GstElement * owner, guint generation, const gchar * reason);
  void (*unsupported) (GstElement * owner, const gchar * codec,
      const gchar * reason);
  /* A caller connected to a listening input (srtsrc mode=listener), or
   * left it; from srtsrc's thread. */
  void (*peer) (GstElement * owner, guint generation, gboolean connected);
} GstFailoverInputCallbacks;

GstElement *gst_failover_input_make_source (const gchar * uri,
    gboolean tls_validation, GError ** error);

GstElement *gst_failover_input_start (GstElement * owner,
    const GstFailoverInputCallbacks * callbacks, const gchar * uri,
    gboolean tls_validation, guint generation, gboolean * started);

void gst_failover_input_stop (GstElement * chain);

G_END_DECLS

#endif /* __GST_FAILOVER_INPUT_H__ */
