/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The message and event contracts are public API: every name in
 * gstrestreammessages.h and rsevents.h must be documented, as `name`, on the
 * page of the element or of the launcher that owns it. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>

#include "gstrestreammessages.h"
#include "rsevents.h"

typedef struct
{
  const gchar *doc;
  const gchar *name;
} ContractName;

/* *INDENT-OFF* */
static const ContractName names[] = {
  {"failoversrc.md", GST_FAILOVER_SRC_MSG_STATE},
  {"failoversrc.md", GST_FAILOVER_SRC_FIELD_STATE},
  {"failoversrc.md", GST_FAILOVER_SRC_FIELD_PREVIOUS_STATE},
  {"failoversrc.md", GST_FAILOVER_SRC_FIELD_OUTAGE_DURATION},
  {"failoversrc.md", GST_FAILOVER_SRC_FIELD_RETRY_DEADLINE},
  {"failoversrc.md", GST_FAILOVER_SRC_FIELD_REASON},
  {"failoversrc.md", GST_FAILOVER_SRC_STATE_NAME_CONNECTING},
  {"failoversrc.md", GST_FAILOVER_SRC_STATE_NAME_ACTIVE},
  {"failoversrc.md", GST_FAILOVER_SRC_STATE_NAME_RETRYING},
  {"failoversrc.md", GST_FAILOVER_SRC_STATE_NAME_FAILED},
  {"restreamtee.md", GST_RESTREAM_TEE_MSG_DROP},
  {"restreamtee.md", GST_RESTREAM_TEE_MSG_TARGET_FAILED},
  {"restreamtee.md", GST_RESTREAM_TEE_FIELD_PAD},
  {"restreamtee.md", GST_RESTREAM_TEE_FIELD_DROPPED_BUFFERS},
  {"restreamtee.md", GST_RESTREAM_TEE_FIELD_DROPPED_BYTES},
  {"restreamtee.md", GST_RESTREAM_TEE_FIELD_DROPPED_DURATION},
  {"restreamtee.md", GST_RESTREAM_TEE_FIELD_LAG},
  {"restreamtee.md", GST_RESTREAM_TEE_FIELD_TOTAL_DROPS},
  {"restreamtee.md", GST_RESTREAM_TEE_FIELD_FLOW},
  {"restreamtee.md", GST_RESTREAM_TEE_FIELD_FLOW_RETURN},
  {"restreamtee.md", GST_RESTREAM_TEE_FIELD_REASON},
  {"targetvalidator.md", GST_TARGET_VALIDATOR_MSG_REPORT},
  {"targetvalidator.md", GST_TARGET_VALIDATOR_FIELD_FINDINGS},
  {"targetvalidator.md", GST_TARGET_VALIDATOR_FIELD_RULE},
  {"targetvalidator.md", GST_TARGET_VALIDATOR_FIELD_SEVERITY},
  {"rtmppushsink.md", GST_RTMP_PUSH_SINK_FIELD_CAUSE},
  {"rtmppushsink.md", GST_RTMP_PUSH_SINK_CAUSE_UNREACHABLE},
  {"rtmppushsink.md", GST_RTMP_PUSH_SINK_CAUSE_TLS},
  {"rtmppushsink.md", GST_RTMP_PUSH_SINK_CAUSE_CONNECT_REFUSED},
  {"rtmppushsink.md", GST_RTMP_PUSH_SINK_CAUSE_STREAM_BUSY},
  {"rtmppushsink.md", GST_RTMP_PUSH_SINK_CAUSE_PUBLISH_REFUSED},
  {"rtmppushsink.md", GST_RTMP_PUSH_SINK_CAUSE_CLOSED},
  {"rtmppushsink.md", GST_RTMP_PUSH_SINK_CAUSE_TIMEOUT},
  {"rtmppushsink.md", GST_RTMP_PUSH_SINK_CAUSE_PROTOCOL},
  {"rtmppushsink.md", GST_RTMP_PUSH_SINK_CAUSE_IO},
  {"launcher.md", RS_EVENT_RESTREAM},
  {"launcher.md", RS_EVENT_INPUT},
  {"launcher.md", RS_EVENT_TARGET},
  {"launcher.md", RS_EVENT_WARNING},
  {"launcher.md", RS_EVENT_FINDING},
  {"launcher.md", RS_EVENT_ERROR},
  {"launcher.md", RS_EVENT_STATUS},
  {"launcher.md", RS_EVENT_SLATE},
  {"launcher.md", RS_EVENT_FIELD_RESTREAM},
  {"launcher.md", RS_EVENT_FIELD_TARGET},
  {"launcher.md", RS_EVENT_FIELD_STATE},
  {"launcher.md", RS_EVENT_FIELD_PREVIOUS},
  {"launcher.md", RS_EVENT_FIELD_REASON},
  {"launcher.md", RS_EVENT_FIELD_INPUT},
  {"launcher.md", RS_EVENT_FIELD_TARGETS},
  {"launcher.md", RS_EVENT_FIELD_ON_AIR},
  {"launcher.md", RS_EVENT_FIELD_SLATE},
  {"launcher.md", RS_EVENT_FIELD_SLATE_SECONDS},
  {"launcher.md", RS_RESTREAM_STATE_IDLE},
  {"launcher.md", RS_RESTREAM_STATE_STARTING},
  {"launcher.md", RS_RESTREAM_STATE_LIVE},
  {"launcher.md", RS_RESTREAM_STATE_OUTAGE},
  {"launcher.md", RS_RESTREAM_STATE_STOPPING},
  {"launcher.md", RS_RESTREAM_STATE_STOPPED},
  {"launcher.md", RS_TARGET_STATE_IDLE},
  {"launcher.md", RS_TARGET_STATE_CONNECTING},
  {"launcher.md", RS_TARGET_STATE_LIVE},
  {"launcher.md", RS_TARGET_STATE_RECONNECTING},
  {"launcher.md", RS_TARGET_STATE_REFUSED},
  {"launcher.md", RS_TARGET_STATE_GAVE_UP},
  {"launcher.md", RS_TARGET_STATE_STOPPED},
};
/* *INDENT-ON* */

static gchar *
read_doc (const gchar * page)
{
  const gchar *top = g_getenv ("RS_SOURCE_DIR");
  g_autofree gchar *path = NULL;
  gchar *text = NULL;

  fail_unless (top != NULL, "RS_SOURCE_DIR is not set");
  path = g_build_filename (top, "docs", page, NULL);
  fail_unless (g_file_get_contents (path, &text, NULL, NULL),
      "cannot read %s", path);
  return text;
}

GST_START_TEST (test_every_name_is_documented)
{
  g_autoptr (GHashTable) pages = g_hash_table_new_full (g_str_hash,
      g_str_equal, NULL, g_free);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (names); i++) {
    const gchar *text = g_hash_table_lookup (pages, names[i].doc);
    g_autofree gchar *quoted = g_strdup_printf ("`%s`", names[i].name);

    if (!text) {
      text = read_doc (names[i].doc);
      g_hash_table_insert (pages, (gpointer) names[i].doc, (gpointer) text);
    }
    fail_unless (strstr (text, quoted) != NULL,
        "docs/%s does not document %s", names[i].doc, quoted);
  }
}

GST_END_TEST;

static Suite *
contract_suite (void)
{
  Suite *s = suite_create ("contract");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_every_name_is_documented);
  return s;
}

GST_CHECK_MAIN (contract);
