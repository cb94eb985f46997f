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
#include "rsschema.h"
#include "gstrestreamslate.h"

#include <string.h>

#define MAX_NAME_LENGTH 64

static const gchar *const input_schemes[] = { "rtmp", "rtmps", "srt", "file",
  NULL
};

#define add_error(problems, group, key, ...) gst_restream_finding_add \
    (problems, GST_RESTREAM_FINDING_ERROR, group, key, NULL, __VA_ARGS__)

void
rs_description_target_free (RsDescriptionTarget * target)
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
  g_free (description->slate_image);
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
    const RsSchemaGroup * schema, GPtrArray * problems)
{
  g_auto (GStrv) keys = g_key_file_get_keys (file, group, NULL, NULL);
  guint i;

  for (i = 0; keys && keys[i]; i++)
    if (!rs_schema_find (schema, keys[i], FALSE)) {
      g_autofree gchar *list = rs_schema_key_list (schema, FALSE);

      add_error (problems, group, keys[i], "unknown key; this group takes %s.",
          list);
    }
}

/* "'soon' is not a positive number of seconds." */
static void
refuse (GPtrArray * problems, const gchar * group, const RsSchemaKey * key,
    const gchar * text)
{
  add_error (problems, group, key->name, "'%s' is not %s.", text,
      rs_schema_refusal (key));
}

/* A number within the key's limits: seconds positive, fractions allowed;
 * counts whole. FALSE if the key is not given or its value refused. */
static gboolean
read_number (GKeyFile * file, const gchar * group, const RsSchemaKey * key,
    gdouble * number, GPtrArray * problems)
{
  g_autofree gchar *text = g_key_file_get_value (file, group, key->name,
      NULL);
  gchar *end = NULL;
  gboolean fits;

  if (!text)
    return FALSE;
  if (key->type == RS_SCHEMA_SECONDS) {
    *number = g_ascii_strtod (text, &end);
    fits = *number > 0 && *number <= key->maximum;
  } else {
    gint64 count = g_ascii_strtoll (text, &end, 10);

    *number = count;
    fits = count >= key->minimum && count <= key->maximum;
  }
  if (end == text || *end != '\0' || !fits) {
    refuse (problems, group, key, text);
    return FALSE;
  }
  return TRUE;
}

/* A boolean: true/false, yes/no, 1/0. */
static void
load_boolean (GKeyFile * file, const gchar * group, const RsSchemaKey * key,
    gboolean * value, GPtrArray * problems)
{
  g_autofree gchar *text = g_key_file_get_value (file, group, key->name,
      NULL);

  *value = key->default_value;
  if (!text)
    return;
  if (!g_ascii_strcasecmp (text, "true") || !g_ascii_strcasecmp (text, "yes")
      || !g_ascii_strcasecmp (text, "on") || g_str_equal (text, "1"))
    *value = TRUE;
  else if (!g_ascii_strcasecmp (text, "false")
      || !g_ascii_strcasecmp (text, "no") || !g_ascii_strcasecmp (text, "off")
      || g_str_equal (text, "0"))
    *value = FALSE;
  else
    refuse (problems, group, key, text);
}

/* A name or an input URL: both required, both checked on their own. */
static void
load_text (GKeyFile * file, const gchar * group, const RsSchemaKey * key,
    gchar ** value, GPtrArray * problems)
{
  *value = g_key_file_get_string (file, group, key->name, NULL);
  if (!*value) {
    if (key->flags & RS_SCHEMA_REQUIRED)
      add_error (problems, group, key->name, "%s", key->missing);
  } else if (key->type == RS_SCHEMA_NAME) {
    if (!rs_description_name_is_valid (*value))
      add_error (problems, group, key->name,
          "use 1 to %d letters, digits, '-', '_' or '.'.", MAX_NAME_LENGTH);
  } else if (key->type == RS_SCHEMA_INPUT_URL) {
    g_autofree gchar *scheme = g_uri_parse_scheme (*value);
    g_autofree gchar *lower = scheme ? g_ascii_strdown (scheme, -1) : NULL;
    g_autofree gchar *shown = gst_restream_redact_url (*value);

    /* A URL may carry a secret: shown redacted, not quoted. */
    if (!lower || !g_strv_contains (input_schemes, lower))
      add_error (problems, group, key->name, "%s is not %s.", shown,
          rs_schema_refusal (key));
  }
}

/* The path of an image, opened and sniffed unless @flags say not to: a
 * file that is missing, unreadable or no PNG or JPEG is refused here, not
 * when the restream starts. The message names the path. */
static void
load_image (GKeyFile * file, const gchar * group, const RsSchemaKey * key,
    RsDescriptionLoadFlags flags, gchar ** value, GPtrArray * problems)
{
  g_autoptr (GError) error = NULL;

  *value = g_key_file_get_string (file, group, key->name, NULL);
  if (*value && !(flags & RS_DESCRIPTION_LOAD_SKIP_FILES)
      && !gst_restream_slate_image_check (*value, &error))
    add_error (problems, group, key->name, "%s.", error->message);
}

/* Reads the keys of @schema from @group into @record (an RsDescription or
 * an RsDescriptionTarget), checking those that stand on their own; a
 * target's url, key and platform are checked together afterwards. */
static void
load_keys (GKeyFile * file, const gchar * group, const RsSchemaGroup * schema,
    RsDescriptionLoadFlags flags, gpointer record, GPtrArray * problems)
{
  const RsSchemaKey *key;
  gdouble number;

  for (key = schema->keys; key->name; key++) {
    if (key->flags & RS_SCHEMA_JSON_ONLY)
      continue;
    switch (key->type) {
      case RS_SCHEMA_NAME:
      case RS_SCHEMA_INPUT_URL:
        load_text (file, group, key, &G_STRUCT_MEMBER (gchar *, record,
                key->offset), problems);
        break;
      case RS_SCHEMA_TARGET_URL:
      case RS_SCHEMA_STREAM_KEY:
        G_STRUCT_MEMBER (gchar *, record, key->offset) =
            g_key_file_get_string (file, group, key->name, NULL);
        break;
      case RS_SCHEMA_SECONDS:
        G_STRUCT_MEMBER (GstClockTime, record, key->offset) =
            read_number (file, group, key, &number, problems) ?
            number * GST_SECOND : (GstClockTime) key->default_value;
        break;
      case RS_SCHEMA_BOOLEAN:
        load_boolean (file, group, key, &G_STRUCT_MEMBER (gboolean, record,
                key->offset), problems);
        break;
      case RS_SCHEMA_COUNT:
        /* A guint field is written as the gint of the same width. */
        G_STRUCT_MEMBER (gint, record, key->offset) =
            read_number (file, group, key, &number, problems) ?
            (gint) number : key->default_value;
        break;
      case RS_SCHEMA_IMAGE:
        load_image (file, group, key, flags, &G_STRUCT_MEMBER (gchar *,
                record, key->offset), problems);
        break;
      case RS_SCHEMA_PLATFORM:
      case RS_SCHEMA_TARGETS:
        break;
    }
  }
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
      add_error (problems, group, NULL,
          "this group appears twice (line %u); names must be unique.", i + 1);
    else
      g_hash_table_add (seen, g_steal_pointer (&group));
  }
}

/* The target library's findings, as problems of @group: SRT parameters
 * live in the url key, so they are named in the message. */
static void
check_target_url (RsDescriptionTarget * target, const gchar * group,
    GPtrArray * problems)
{
  g_autoptr (GPtrArray) findings = gst_restream_findings_new ();
  g_autofree gpointer *found = NULL;
  gsize n, i;

  target->target = gst_restream_target_parse (target->url, target->key,
      findings);
  found = g_ptr_array_steal (findings, &n);
  for (i = 0; i < n; i++) {
    GstRestreamFinding *finding = found[i];

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
}

/* The platform given must take the URL's protocol; without one, the
 * protocol's generic platform. */
static void
check_target_platform (GKeyFile * file, const gchar * group,
    RsDescriptionTarget * target, GPtrArray * problems)
{
  const RsSchemaKey *key = rs_schema_find (rs_schema_target (), "platform",
      FALSE);
  g_autofree gchar *platform = g_key_file_get_string (file, group, key->name,
      NULL);
  gboolean srt = target->target
      && target->target->kind == GST_RESTREAM_TARGET_SRT;

  if (platform) {
    if (!gst_restream_platform_from_name (platform, &target->platform))
      refuse (problems, group, key, platform);
    else if (target->target
        && srt != (target->platform == GST_RESTREAM_PLATFORM_SRT))
      add_error (problems, group, key->name,
          "platform %s does not take %s targets.", platform,
          srt ? "SRT" : "RTMP");
  } else if (target->target) {
    target->platform = srt ? GST_RESTREAM_PLATFORM_SRT :
        GST_RESTREAM_PLATFORM_GENERIC_RTMP;
  }
}

static void
load_restream (GKeyFile * file, RsDescription * description,
    RsDescriptionLoadFlags flags, GPtrArray * problems)
{
  check_unknown_keys (file, RS_SCHEMA_RESTREAM_GROUP, rs_schema_restream (),
      problems);
  load_keys (file, RS_SCHEMA_RESTREAM_GROUP, rs_schema_restream (), flags,
      description, problems);
  if (!description->slate && description->slate_image)
    gst_restream_finding_add (problems, GST_RESTREAM_FINDING_WARNING,
        RS_SCHEMA_RESTREAM_GROUP, "slate-image", NULL,
        "not used: slate is false, so there is no slate to show it.");
}

static RsDescriptionTarget *
load_target (GKeyFile * file, const gchar * group,
    RsDescriptionLoadFlags flags, GPtrArray * problems)
{
  const RsSchemaGroup *schema = rs_schema_target ();
  RsDescriptionTarget *target = g_new0 (RsDescriptionTarget, 1);

  target->name = g_strstrip (g_strdup (group +
          strlen (RS_SCHEMA_TARGET_PREFIX)));
  if (!rs_description_name_is_valid (target->name))
    add_error (problems, group, NULL,
        "target names are 1 to %d letters, digits, '-', '_' or '.'.",
        MAX_NAME_LENGTH);
  check_unknown_keys (file, group, schema, problems);
  load_keys (file, group, schema, flags, target, problems);

  if (!target->url) {
    add_error (problems, group, "url", "%s", rs_schema_find (schema, "url",
            FALSE)->missing);
    return target;
  }
  check_target_url (target, group, problems);
  check_target_platform (file, group, target, problems);
  if (target->target && !target->tls_validation
      && target->target->kind != GST_RESTREAM_TARGET_RTMPS)
    add_error (problems, group, "tls-validation",
        "only rtmps:// targets use TLS.");
  return target;
}

/* Rules across the targets: unique names, at least one, max-targets. */
static void
check_targets (RsDescription * description, GPtrArray * problems)
{
  guint i, j;

  for (i = 0; i < description->targets->len; i++) {
    RsDescriptionTarget *a = g_ptr_array_index (description->targets, i);

    for (j = 0; j < i; j++) {
      RsDescriptionTarget *b = g_ptr_array_index (description->targets, j);

      if (g_str_equal (a->name, b->name)) {
        g_autofree gchar *group = g_strconcat (RS_SCHEMA_TARGET_PREFIX,
            a->name, NULL);

        add_error (problems, group, NULL,
            "two targets are named '%s'; names must be unique.", a->name);
      }
    }
  }
  if (description->targets->len == 0)
    add_error (problems, NULL, NULL,
        "no target: add at least one [target NAME] group.");
  else if (description->max_targets > 0
      && description->targets->len > description->max_targets)
    add_error (problems, RS_SCHEMA_RESTREAM_GROUP, "max-targets",
        "%u targets, but max-targets is %u.", description->targets->len,
        description->max_targets);
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
    add_error (problems, NULL, NULL, "not a valid .ini file: %s",
        error->message);
    return NULL;
  }
  check_duplicate_groups (data, length, problems);
  description = rs_description_load_keyfile (file,
      RS_DESCRIPTION_LOAD_DEFAULT, problems);
  if (description && gst_restream_findings_have_errors (problems, first))
    g_clear_pointer (&description, rs_description_free);
  return description;
}

RsDescription *
rs_description_load_keyfile (GKeyFile * file, RsDescriptionLoadFlags flags,
    GPtrArray * problems)
{
  g_auto (GStrv) groups = NULL;
  RsDescription *description;
  guint first = problems->len, i;

  description = g_new0 (RsDescription, 1);
  description->targets = g_ptr_array_new_with_free_func ((GDestroyNotify)
      rs_description_target_free);
  groups = g_key_file_get_groups (file, NULL);
  if (!g_key_file_has_group (file, RS_SCHEMA_RESTREAM_GROUP))
    add_error (problems, RS_SCHEMA_RESTREAM_GROUP, NULL,
        "missing: the description needs a [restream] group with name and "
        "input.");
  else
    load_restream (file, description, flags, problems);

  for (i = 0; groups[i]; i++) {
    if (g_str_equal (groups[i], RS_SCHEMA_RESTREAM_GROUP))
      continue;
    if (g_str_has_prefix (groups[i], RS_SCHEMA_TARGET_PREFIX))
      g_ptr_array_add (description->targets, load_target (file, groups[i],
              flags, problems));
    else
      add_error (problems, groups[i], NULL,
          "unknown group; groups are [restream] and [target NAME].");
  }
  check_targets (description, problems);

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
    add_error (problems, NULL, NULL, "cannot read %s: %s", path,
        error->message);
    return NULL;
  }
  return rs_description_load_data (data, length, problems);
}
