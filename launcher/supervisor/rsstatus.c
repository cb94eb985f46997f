/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The restream's status (docs/launcher.md): one "status" structure with a
 * "target" structure per target, built on request and, once a second,
 * after every target has been polled, sent as a "status" event. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "rsrestream-private.h"
#include "gstrestreammessages.h"

#define STATUS_INTERVAL_MS 1000

static gboolean
status_cb (gpointer data)
{
  RsRestream *self = data;
  gint64 now = g_get_monotonic_time ();
  guint i;

  for (i = 0; i < self->targets->len; i++)
    rs_target_poll (g_ptr_array_index (self->targets, i), now);
  rs_restream_emit (self, rs_restream_status (self));
  return G_SOURCE_CONTINUE;
}

void
rs_restream_status_start (RsRestream * self)
{
  self->status_timer = g_timeout_add (STATUS_INTERVAL_MS, status_cb, self);
}

/* The validator's open findings, as "severity rule" strings. */
static void
take_findings (GstStructure * s, RsTarget * target)
{
  GValue findings = G_VALUE_INIT;

  g_value_init (&findings, GST_TYPE_ARRAY);
  if (target->validator) {
    GstStructure *report = NULL;
    const GValue *list;
    guint i;

    g_object_get (target->validator, "report", &report, NULL);
    list = report ? gst_structure_get_value (report,
        GST_TARGET_VALIDATOR_FIELD_FINDINGS) : NULL;
    for (i = 0; list && i < gst_value_array_get_size (list); i++) {
      const GstStructure *f =
          gst_value_get_structure (gst_value_array_get_value (list, i));
      GValue v = G_VALUE_INIT;

      g_value_init (&v, G_TYPE_STRING);
      g_value_take_string (&v, g_strdup_printf ("%s %s",
              gst_structure_get_string (f,
                  GST_TARGET_VALIDATOR_FIELD_SEVERITY),
              gst_structure_get_string (f, GST_TARGET_VALIDATOR_FIELD_RULE)));
      gst_value_array_append_and_take_value (&findings, &v);
    }
    if (report)
      gst_structure_free (report);
  }
  gst_structure_take_value (s, "findings", &findings);
}

static GstStructure *
target_status (RsTarget * target)
{
  /* The last failure, while it is not live again. */
  const RsFailureInfo *failure = target->state != RS_TARGET_LIVE ?
      target->failure : NULL;
  gint64 now = g_get_monotonic_time ();
  GstStructure *s = gst_structure_new (RS_EVENT_TARGET,
      "name", G_TYPE_STRING, target->desc->name,
      "url", G_TYPE_STRING, target->display,
      "platform", G_TYPE_STRING,
      gst_restream_platform_name (target->desc->platform),
      "state", G_TYPE_STRING, rs_target_state_name (target->state),
      "bitrate", G_TYPE_DOUBLE, target->bitrate,
      "bytes", G_TYPE_UINT64, target->sent_before + target->sent,
      "acked", G_TYPE_UINT64, target->acked_before + target->acked,
      "uptime", G_TYPE_DOUBLE, target->state == RS_TARGET_LIVE ?
      (gdouble) (now - target->live_since) / G_USEC_PER_SEC : 0.0,
      "reconnects", G_TYPE_UINT, target->reconnects,
      "drops", G_TYPE_UINT64, target->drops,
      "cause", G_TYPE_STRING, failure ? failure->cause : "",
      "failure", G_TYPE_STRING, failure ? failure->summary : "",
      "advice", G_TYPE_STRING, failure ? failure->advice : "", NULL);

  take_findings (s, target);
  return s;
}

GstStructure *
rs_restream_status (RsRestream * self)
{
  gint64 now = g_get_monotonic_time ();
  GValue targets = G_VALUE_INIT;
  GstStructure *s;
  guint i;

  g_value_init (&targets, GST_TYPE_ARRAY);
  for (i = 0; i < self->targets->len; i++) {
    GValue v = G_VALUE_INIT;

    g_value_init (&v, GST_TYPE_STRUCTURE);
    g_value_take_boxed (&v, target_status (g_ptr_array_index (self->targets,
                i)));
    gst_value_array_append_and_take_value (&targets, &v);
  }
  s = gst_structure_new (RS_EVENT_STATUS,
      "restream", G_TYPE_STRING, self->description->name,
      "state", G_TYPE_STRING, rs_restream_state_name (self->state),
      "reason", G_TYPE_STRING, self->state_reason ? self->state_reason : "",
      "input", G_TYPE_STRING, self->input_state ? self->input_state : "",
      RS_EVENT_FIELD_SLATE, G_TYPE_BOOLEAN, self->slate_on_air,
      RS_EVENT_FIELD_SLATE_SECONDS, G_TYPE_DOUBLE,
      rs_restream_slate_seconds (self, now),
      "uptime", G_TYPE_DOUBLE, self->started_at ?
      (gdouble) (now - self->started_at) / G_USEC_PER_SEC : 0.0, NULL);
  gst_structure_take_value (s, "targets", &targets);
  return s;
}
