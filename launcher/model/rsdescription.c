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

#include "rsdescription.h"
#include "gstrestreamdefaults.h"

#include <string.h>

#define RESTREAM_GROUP "restream"
#define TARGET_PREFIX "target "
#define MAX_NAME_LENGTH 64

static const gchar *const restream_keys[] = {
  "name", "input", "outage-threshold", "retry-timeout", "max-targets",
  "input-tls-validation", NULL
};

static const gchar *const target_keys[] = { "url", "key", "platform",
  "tls-validation", "max-reconnects", NULL
};

static const gchar *const input_schemes[] = { "rtmp", "rtmps", "srt", "file",
  NULL
};

#define add_problem(problems, error, group, key, ...) \
  gst_restream_finding_add (problems, (error) ? GST_RESTREAM_FINDING_ERROR : \
      GST_RESTREAM_FINDING_WARNING, group, key, NULL, __VA_ARGS__)

static void
target_free (RsDescriptionTarget * target)
{
  g_free (target->name);
  g_free (target->url);
  if (target->key)
    memset (target->key, 0, strlen (target->key));
  g_free (target->key);
  gst_restream_target_free (target->target);
  g_free (target);
}

void
rs_description_free (RsDescription * description)
{
  if (!description)
    return;
  g_free (description->name);
  g_free (description->input);
  g_ptr_array_unref (description->targets);
  g_free (description);
}

gboolean
rs_description_name_is_valid (const gchar * name)
{
  const gchar *p;

  if (!name || !*name || strlen (name) > MAX_NAME_LENGTH)
    return FALSE;
  for (p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

static void
check_unknown_keys (GKeyFile * file, const gchar * group,
    const gchar * const *known, GPtrArray * problems)
{
  g_auto (GStrv) keys = g_key_file_get_keys (file, group, NULL, NULL);
  guint i;

  for (i = 0; keys && keys[i]; i++)
    if (!g_strv_contains (known, keys[i])) {
      g_autofree gchar *list = g_strjoinv (", ", (gchar **) known);
      add_problem (problems, TRUE, group, keys[i],
          "unknown key; this group takes %s.", list);
    }
}

/* Seconds, as a positive decimal number, into nanoseconds. */
static gboolean
get_seconds (GKeyFile * file, const gchar * group, const gchar * key,
    GstClockTime fallback, GstClockTime * value, GPtrArray * problems)
{
  g_autofree gchar *text = g_key_file_get_value (file, group, key, NULL);
  gchar *end = NULL;
  gdouble seconds;

  *value = fallback;
  if (!text)
    return TRUE;
  seconds = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !(seconds > 0) || seconds > 1e6) {
    add_problem (problems, TRUE, group, key,
        "'%s' is not a positive number of seconds.", text);
    return FALSE;
  }
  *value = seconds * GST_SECOND;
  return TRUE;
}

/* A boolean: true/false, yes/no, 1/0. */
static gboolean
get_boolean (GKeyFile * file, const gchar * group, const gchar * key,
    gboolean fallback, GPtrArray * problems)
{
  g_autofree gchar *text = g_key_file_get_value (file, group, key, NULL);

  if (!text)
    return fallback;
  if (!g_ascii_strcasecmp (text, "true") || !g_ascii_strcasecmp (text, "yes")
      || g_str_equal (text, "1"))
    return TRUE;
  if (!g_ascii_strcasecmp (text, "false") || !g_ascii_strcasecmp (text, "no")
      || g_str_equal (text, "0"))
    return FALSE;
  add_problem (problems, TRUE, group, key, "'%s' is not true or false.", text);
  return fallback;
}

/* GKeyFile merges groups of the same name silently: find them in the text. */
static void
check_duplicate_groups (const gchar * data, gsize length, GPtrArray * problems)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash,
      g_str_equal, g_free, NULL);
  g_autofree gchar *text = g_strndup (data, length);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint i;

  for (i = 0; lines[i]; i++) {
    gchar *line = g_strstrip (lines[i]);
    gsize n = strlen (line);
    g_autofree gchar *group = NULL;

    if (n < 3 || line[0] != '[' || line[n - 1] != ']')
      continue;
    group = g_strndup (line + 1, n - 2);
    if (g_hash_table_contains (seen, group))
      add_problem (problems, TRUE, group, NULL,
          "this group appears twice (line %u); names must be unique.", i + 1);
    else
      g_hash_table_add (seen, g_steal_pointer (&group));
  }
}

static void
load_restream (GKeyFile * file, RsDescription * description,
    GPtrArray * problems)
{
  g_autofree gchar *max_targets = NULL;

  check_unknown_keys (file, RESTREAM_GROUP, restream_keys, problems);
  description->name = g_key_file_get_string (file, RESTREAM_GROUP, "name",
      NULL);
  if (!description->name)
    add_problem (problems, TRUE, RESTREAM_GROUP, "name",
        "missing: every restream has a name.");
  else if (!rs_description_name_is_valid (description->name))
    add_problem (problems, TRUE, RESTREAM_GROUP, "name",
        "use 1 to %d letters, digits, '-', '_' or '.'.", MAX_NAME_LENGTH);

  description->input = g_key_file_get_string (file, RESTREAM_GROUP, "input",
      NULL);
  if (!description->input) {
    add_problem (problems, TRUE, RESTREAM_GROUP, "input",
        "missing: the URL of the stream to restream.");
  } else {
    g_autofree gchar *scheme = g_uri_parse_scheme (description->input);
    g_autofree gchar *lower = scheme ? g_ascii_strdown (scheme, -1) : NULL;
    g_autofree gchar *shown = gst_restream_redact_url (description->input);

    if (!lower || !g_strv_contains (input_schemes, lower))
      add_problem (problems, TRUE, RESTREAM_GROUP, "input",
          "%s is not an rtmp://, rtmps://, srt:// or file:// URL.", shown);
  }
  get_seconds (file, RESTREAM_GROUP, "outage-threshold",
      GST_RESTREAM_DEFAULT_OUTAGE_THRESHOLD, &description->outage_threshold,
      problems);
  get_seconds (file, RESTREAM_GROUP, "retry-timeout",
      GST_RESTREAM_DEFAULT_RETRY_TIMEOUT, &description->retry_timeout,
      problems);
  description->input_tls_validation = get_boolean (file, RESTREAM_GROUP,
      "input-tls-validation", GST_RESTREAM_DEFAULT_TLS_VALIDATION, problems);
  max_targets = g_key_file_get_value (file, RESTREAM_GROUP, "max-targets",
      NULL);
  if (max_targets) {
    gchar *end = NULL;
    gint64 value = g_ascii_strtoll (max_targets, &end, 10);

    if (end == max_targets || *end != '\0' || value < 1 || value > 1000)
      add_problem (problems, TRUE, RESTREAM_GROUP, "max-targets",
          "'%s' is not a number of targets from 1 to 1000.", max_targets);
    else
      description->max_targets = value;
  }
}

static RsDescriptionTarget *
load_target (GKeyFile * file, const gchar * group, GPtrArray * problems)
{
  RsDescriptionTarget *target = g_new0 (RsDescriptionTarget, 1);
  g_autofree gchar *platform = NULL;
  g_autofree gchar *reconnects = NULL;
  g_autoptr (GPtrArray) findings = gst_restream_findings_new ();
  g_autofree gpointer *found = NULL;
  gsize n, i;

  target->name = g_strstrip (g_strdup (group + strlen (TARGET_PREFIX)));
  if (!rs_description_name_is_valid (target->name))
    add_problem (problems, TRUE, group, NULL,
        "target names are 1 to %d letters, digits, '-', '_' or '.'.",
        MAX_NAME_LENGTH);
  check_unknown_keys (file, group, target_keys, problems);

  target->url = g_key_file_get_string (file, group, "url", NULL);
  target->key = g_key_file_get_string (file, group, "key", NULL);
  platform = g_key_file_get_string (file, group, "platform", NULL);
  target->tls_validation = get_boolean (file, group, "tls-validation",
      GST_RESTREAM_DEFAULT_TLS_VALIDATION, problems);
  target->max_reconnects = -1;
  reconnects = g_key_file_get_value (file, group, "max-reconnects", NULL);
  if (reconnects) {
    gchar *end = NULL;
    gint64 value = g_ascii_strtoll (reconnects, &end, 10);

    if (end == reconnects || *end != '\0' || value < 0 || value > 1000000)
      add_problem (problems, TRUE, group, "max-reconnects",
          "'%s' is not a number of attempts (0 = no limit).", reconnects);
    else
      target->max_reconnects = value;
  }

  if (!target->url) {
    add_problem (problems, TRUE, group, "url",
        "missing: the target's RTMP(S) or SRT URL.");
    return target;
  }
  target->target = gst_restream_target_parse (target->url, target->key,
      findings);
  found = g_ptr_array_steal (findings, &n);
  for (i = 0; i < n; i++) {
    GstRestreamFinding *finding = found[i];

    /* SRT parameters live in the url key: name them in the message. */
    if (!g_str_equal (finding->key, "url")
        && !g_str_equal (finding->key, "key")) {
      gchar *message = g_strdup_printf ("%s: %s", finding->key,
          finding->message);

      g_free (finding->message);
      finding->message = message;
      g_free (finding->key);
      finding->key = g_strdup ("url");
    }
    g_free (finding->scope);
    finding->scope = g_strdup (group);
    g_ptr_array_add (problems, finding);
  }

  if (platform) {
    if (!gst_restream_platform_from_name (platform, &target->platform))
      add_problem (problems, TRUE, group, "platform",
          "'%s' is not one of generic-rtmp, youtube, facebook, twitch, srt.",
          platform);
    else if (target->target && (target->target->kind ==
            GST_RESTREAM_TARGET_SRT) !=
        (target->platform == GST_RESTREAM_PLATFORM_SRT))
      add_problem (problems, TRUE, group, "platform",
          "platform %s does not take %s targets.", platform,
          target->target->kind == GST_RESTREAM_TARGET_SRT ? "SRT" : "RTMP");
  } else if (target->target) {
    target->platform = target->target->kind == GST_RESTREAM_TARGET_SRT ?
        GST_RESTREAM_PLATFORM_SRT : GST_RESTREAM_PLATFORM_GENERIC_RTMP;
  }
  if (target->target && !target->tls_validation
      && target->target->kind != GST_RESTREAM_TARGET_RTMPS)
    add_problem (problems, TRUE, group, "tls-validation",
        "only rtmps:// targets use TLS.");
  return target;
}

RsDescription *
rs_description_load_data (const gchar * data, gsize length,
    GPtrArray * problems)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  RsDescription *description;
  guint first = problems->len;

  if (length == (gsize) - 1)
    length = strlen (data);
  if (!g_key_file_load_from_data (file, data, length, G_KEY_FILE_NONE, &error)) {
    /* GKeyFile's messages name the line, never a value. */
    add_problem (problems, TRUE, NULL, NULL, "not a valid .ini file: %s",
        error->message);
    return NULL;
  }
  check_duplicate_groups (data, length, problems);
  description = rs_description_load_keyfile (file, problems);
  if (description && gst_restream_findings_have_errors (problems, first))
    g_clear_pointer (&description, rs_description_free);
  return description;
}

RsDescription *
rs_description_load_keyfile (GKeyFile * file, GPtrArray * problems)
{
  g_auto (GStrv) groups = NULL;
  RsDescription *description;
  guint first = problems->len, i;

  description = g_new0 (RsDescription, 1);
  description->targets = g_ptr_array_new_with_free_func ((GDestroyNotify)
      target_free);
  groups = g_key_file_get_groups (file, NULL);
  if (!g_key_file_has_group (file, RESTREAM_GROUP))
    add_problem (problems, TRUE, RESTREAM_GROUP, NULL,
        "missing: the description needs a [restream] group with name and "
        "input.");
  else
    load_restream (file, description, problems);

  for (i = 0; groups[i]; i++) {
    if (g_str_equal (groups[i], RESTREAM_GROUP))
      continue;
    if (g_str_has_prefix (groups[i], TARGET_PREFIX))
      g_ptr_array_add (description->targets, load_target (file, groups[i],
              problems));
    else
      add_problem (problems, TRUE, groups[i], NULL,
          "unknown group; groups are [restream] and [target NAME].");
  }
  for (i = 0; i < description->targets->len; i++) {
    RsDescriptionTarget *a = g_ptr_array_index (description->targets, i);
    guint j;

    for (j = 0; j < i; j++) {
      RsDescriptionTarget *b = g_ptr_array_index (description->targets, j);

      if (g_str_equal (a->name, b->name)) {
        g_autofree gchar *group = g_strconcat (TARGET_PREFIX, a->name, NULL);

        add_problem (problems, TRUE, group, NULL,
            "two targets are named '%s'; names must be unique.", a->name);
      }
    }
  }
  if (description->targets->len == 0)
    add_problem (problems, TRUE, NULL, NULL,
        "no target: add at least one [target NAME] group.");
  else if (description->max_targets > 0
      && description->targets->len > description->max_targets)
    add_problem (problems, TRUE, RESTREAM_GROUP, "max-targets",
        "%u targets, but max-targets is %u.", description->targets->len,
        description->max_targets);

  if (gst_restream_findings_have_errors (problems, first)) {
    rs_description_free (description);
    return NULL;
  }
  return description;
}

RsDescription *
rs_description_load_file (const gchar * path, GPtrArray * problems)
{
  g_autofree gchar *data = NULL;
  g_autoptr (GError) error = NULL;
  gsize length;

  if (!g_file_get_contents (path, &data, &length, &error)) {
    add_problem (problems, TRUE, NULL, NULL, "cannot read %s: %s", path,
        error->message);
    return NULL;
  }
  return rs_description_load_data (data, length, problems);
}
