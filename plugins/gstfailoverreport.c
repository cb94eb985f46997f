/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* failoversrc's state enum, its state message and its stats. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstfailoverreport.h"
#include "gstrestreammessages.h"

GType
gst_failover_src_state_get_type (void)
{
  static GType type = 0;
  /* *INDENT-OFF* */
  static const GEnumValue values[] = {
    {GST_FAILOVER_SRC_STATE_CONNECTING, "No data yet",
        GST_FAILOVER_SRC_STATE_NAME_CONNECTING},
    {GST_FAILOVER_SRC_STATE_ACTIVE, "Data flowing",
        GST_FAILOVER_SRC_STATE_NAME_ACTIVE},
    {GST_FAILOVER_SRC_STATE_RETRYING, "Input down, re-pulling it",
        GST_FAILOVER_SRC_STATE_NAME_RETRYING},
    {GST_FAILOVER_SRC_STATE_FAILED, "Stopped for good",
        GST_FAILOVER_SRC_STATE_NAME_FAILED},
    {0, NULL, NULL},
  };
  /* *INDENT-ON* */

  if (g_once_init_enter (&type)) {
    GType new_type = g_enum_register_static ("GstFailoverSrcState", values);
    g_once_init_leave (&type, new_type);
  }
  return type;
}

const gchar *
gst_failover_report_state_name (GstFailoverSrcState state)
{
  GEnumValue *value =
      g_enum_get_value (g_type_class_peek (GST_TYPE_FAILOVER_SRC_STATE),
      state);
  return value ? value->value_nick : "unknown";
}

GstStructure *
gst_failover_report_state (const GstFailoverTransition * transition,
    const gchar * reason)
{
  return gst_structure_new (GST_FAILOVER_SRC_MSG_STATE,
      GST_FAILOVER_SRC_FIELD_STATE, G_TYPE_STRING,
      gst_failover_report_state_name (transition->state),
      GST_FAILOVER_SRC_FIELD_PREVIOUS_STATE, G_TYPE_STRING,
      gst_failover_report_state_name (transition->previous),
      GST_FAILOVER_SRC_FIELD_OUTAGE_DURATION, G_TYPE_UINT64,
      transition->outage, GST_FAILOVER_SRC_FIELD_RETRY_DEADLINE,
      G_TYPE_UINT64, transition->deadline, GST_FAILOVER_SRC_FIELD_REASON,
      G_TYPE_STRING, reason, NULL);
}

GstStructure *
gst_failover_report_stats (const GstFailoverPolicy * policy, guint64 bytes_in)
{
  return gst_structure_new ("application/x-failoversrc-stats",
      "state", G_TYPE_STRING, gst_failover_report_state_name (policy->current),
      "restarts", G_TYPE_UINT64, policy->restarts,
      "outages", G_TYPE_UINT64, policy->outages,
      "bytes-in", G_TYPE_UINT64, bytes_in,
      "total-outage-time", G_TYPE_UINT64, policy->total_outage,
      "last-outage-duration", G_TYPE_UINT64, policy->last_outage, NULL);
}
