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

#include "gstrestreamfinding.h"

void
gst_restream_finding_free (GstRestreamFinding * finding)
{
  if (!finding)
    return;
  g_free (finding->scope);
  g_free (finding->key);
  g_free (finding->rule);
  g_free (finding->message);
  g_free (finding);
}

GPtrArray *
gst_restream_findings_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_restream_finding_free);
}

void
gst_restream_finding_add (GPtrArray * findings,
    GstRestreamFindingSeverity severity, const gchar * scope,
    const gchar * key, const gchar * rule, const gchar * format, ...)
{
  GstRestreamFinding *finding = g_new0 (GstRestreamFinding, 1);
  va_list args;

  finding->severity = severity;
  finding->scope = g_strdup (scope ? scope : "");
  finding->key = g_strdup (key ? key : "");
  finding->rule = g_strdup (rule ? rule : "");
  va_start (args, format);
  finding->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (findings, finding);
}

const gchar *
gst_restream_finding_severity_name (GstRestreamFindingSeverity severity)
{
  return severity == GST_RESTREAM_FINDING_ERROR ? "error" : "warning";
}

gboolean
gst_restream_findings_have_errors (GPtrArray * findings, guint from)
{
  guint i;

  for (i = from; i < findings->len; i++) {
    GstRestreamFinding *finding = g_ptr_array_index (findings, i);

    if (finding->severity == GST_RESTREAM_FINDING_ERROR)
      return TRUE;
  }
  return FALSE;
}

gchar *
gst_restream_finding_to_string (const GstRestreamFinding * finding)
{
  GString *text = g_string_new (NULL);

  if (finding->severity != GST_RESTREAM_FINDING_ERROR)
    g_string_append (text, "warning: ");
  if (*finding->scope)
    g_string_append_printf (text, "[%s] ", finding->scope);
  if (*finding->key)
    g_string_append_printf (text, "%s: ", finding->key);
  g_string_append (text, finding->message);
  return g_string_free (text, FALSE);
}

gboolean
gst_restream_findings_to_error (GPtrArray * findings, GError ** error)
{
  g_autoptr (GString) text = g_string_new (NULL);
  gboolean url_problem = FALSE;
  guint i;

  if (!gst_restream_findings_have_errors (findings, 0))
    return FALSE;
  for (i = 0; i < findings->len; i++) {
    GstRestreamFinding *finding = g_ptr_array_index (findings, i);
    g_autofree gchar *line = NULL;

    if (finding->severity != GST_RESTREAM_FINDING_ERROR)
      continue;
    line = gst_restream_finding_to_string (finding);
    if (text->len)
      g_string_append_c (text, '\n');
    g_string_append (text, line);
    if (g_str_equal (finding->key, "url"))
      url_problem = TRUE;
  }
  if (url_problem)
    g_set_error_literal (error, GST_URI_ERROR, GST_URI_ERROR_BAD_URI,
        text->str);
  else
    g_set_error_literal (error, GST_RESOURCE_ERROR,
        GST_RESOURCE_ERROR_SETTINGS, text->str);
  return TRUE;
}
