/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_RESTREAM_FINDING_H__
#define __GST_RESTREAM_FINDING_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/* One problem found in what a user wrote: a target URL (the target
 * library), a restream description (.ini or JSON) or a request to the
 * control API. One type for all of them, so that a target's findings reach
 * the description and the API's answer as they are, and every front end
 * prints them the same way. Messages never contain a secret. */

typedef enum
{
  GST_RESTREAM_FINDING_WARNING,
  GST_RESTREAM_FINDING_ERROR,
} GstRestreamFindingSeverity;

typedef struct
{
  GstRestreamFindingSeverity severity;
  gchar *scope;                 /* "restream", "target NAME"; "" for the
                                 * whole (a target URL, a JSON document) */
  gchar *key;                   /* "url", "key", an SRT parameter, a
                                 * description key or a JSON field
                                 * ("targets[0].url"); "" for the scope */
  gchar *rule;                  /* stable id, e.g. "srt-latency-unit"; ""
                                 * where no rule has a name */
  gchar *message;               /* one sentence: what and why */
} GstRestreamFinding;

/* An array that owns its GstRestreamFinding elements. */
GPtrArray *gst_restream_findings_new (void);

/* Appends a finding to @findings; NULL @scope, @key or @rule are "". */
void gst_restream_finding_add (GPtrArray * findings,
    GstRestreamFindingSeverity severity, const gchar * scope,
    const gchar * key, const gchar * rule, const gchar * format, ...)
    G_GNUC_PRINTF (6, 7);

void gst_restream_finding_free (GstRestreamFinding * finding);

/* "error" or "warning", as messages and JSON answers name them. */
const gchar *gst_restream_finding_severity_name (GstRestreamFindingSeverity
    severity);

/* TRUE if a finding from index @from on is an error. */
gboolean gst_restream_findings_have_errors (GPtrArray * findings, guint from);

/* "warning: [scope] key: message", the parts that are empty left out and
 * "warning: " only for warnings. */
gchar *gst_restream_finding_to_string (const GstRestreamFinding * finding);

/* TRUE if @findings holds an error; then sets @error (GST_URI_ERROR_BAD_URI
 * if one concerns the key "url", GST_RESOURCE_ERROR_SETTINGS otherwise)
 * with every error, one per line, as gst_restream_finding_to_string()
 * gives it. */
gboolean gst_restream_findings_to_error (GPtrArray * findings,
    GError ** error);

G_END_DECLS

#endif /* __GST_RESTREAM_FINDING_H__ */
