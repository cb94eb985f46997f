/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The JSON form of a restream description, as the control API takes it.
 *
 * The JSON is checked for its shape here (unknown fields, types), then
 * turned into the .ini form and loaded by the same code as a file, so that
 * both forms follow exactly the same rules. Problems name JSON fields:
 * "input", "targets[1].url". */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "rsdescjson.h"
#include "rsschema.h"

#include <string.h>

#define add_error(problems, field, ...) gst_restream_finding_add (problems, \
    GST_RESTREAM_FINDING_ERROR, NULL, field, NULL, __VA_ARGS__)

static const gchar *
json_type_name (JsonNode * node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "an object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "an array";
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";
  switch (json_node_get_value_type (node)) {
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_BOOLEAN:
      return "a boolean";
    default:
      return "a number";
  }
}

/* What a JSON field of @key's type holds, as "expected ..." names it. */
static const gchar *
expected_type (const RsSchemaKey * key)
{
  switch (key->type) {
    case RS_SCHEMA_SECONDS:
      return "a number of seconds";
    case RS_SCHEMA_COUNT:
      return "a whole number";
    case RS_SCHEMA_BOOLEAN:
      return "true or false";
    default:
      return "a string";
  }
}

/* The value of @node as the .ini would hold it; NULL (and a problem) if
 * it has the wrong type. */
static gchar *
field_value (const RsSchemaKey * key, JsonNode * node, const gchar * path,
    GPtrArray * problems)
{
  GType type = JSON_NODE_HOLDS_VALUE (node) ?
      json_node_get_value_type (node) : G_TYPE_INVALID;

  switch (key->type) {
    case RS_SCHEMA_SECONDS:
      if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE) {
        gchar buffer[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_dtostr (buffer, sizeof (buffer),
                json_node_get_double (node)));
      }
      break;
    case RS_SCHEMA_COUNT:
      if (type == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case RS_SCHEMA_BOOLEAN:
      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? "true" : "false");
      break;
    default:
      if (type == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      break;
  }
  add_error (problems, path, "expected %s, got %s.", expected_type (key),
      json_type_name (node));
  return NULL;
}

/* Copies the fields of @object into @group; the fields the .ini form has
 * in its group names ("name" of a target, "targets") are the caller's. */
static void
copy_fields (JsonObject * object, const RsSchemaGroup * schema,
    const gchar * prefix, GKeyFile * file, const gchar * group,
    GPtrArray * problems)
{
  g_autoptr (GList) members = json_object_get_members (object);
  GList *l;

  for (l = members; l; l = l->next) {
    const gchar *member = l->data;
    g_autofree gchar *path = g_strconcat (prefix, member, NULL);
    const RsSchemaKey *key = rs_schema_find (schema, member, TRUE);
    g_autofree gchar *value = NULL;

    if (!key) {
      g_autofree gchar *list = rs_schema_key_list (schema, TRUE);

      add_error (problems, path, "unknown field; %s takes %s.", schema->noun,
          list);
      continue;
    }
    if (key->flags & RS_SCHEMA_JSON_ONLY)
      continue;
    value = field_value (key, json_object_get_member (object, member),
        path, problems);
    if (value)
      g_key_file_set_value (file, group, member, value);
  }
}

/* Problems of the .ini loader, renamed after the JSON fields. */
static void
rename_problems (GPtrArray * problems, guint from, GHashTable * indexes)
{
  guint i;

  for (i = from; i < problems->len; i++) {
    GstRestreamFinding *p = g_ptr_array_index (problems, i);
    const gchar *target = p->scope + strlen (RS_SCHEMA_TARGET_PREFIX);
    gchar *field = NULL;

    if (g_str_equal (p->scope, RS_SCHEMA_RESTREAM_GROUP)) {
      if (!*p->key) {
        g_free (p->message);
        p->message = g_strdup ("missing: a restream has a name and an input.");
      }
      field = g_strdup (p->key);
    } else if (g_str_has_prefix (p->scope, RS_SCHEMA_TARGET_PREFIX)) {
      gpointer index;

      if (g_hash_table_lookup_extended (indexes, target, NULL, &index))
        field = g_strdup_printf ("targets[%u]%s%s", GPOINTER_TO_UINT (index),
            *p->key ? "." : "", p->key);
      else
        field = g_strdup ("targets");
    } else if (g_str_has_prefix (p->message, "no target")) {
      field = g_strdup ("targets");
      g_free (p->message);
      p->message = g_strdup ("missing: at least one target is needed.");
    } else {
      field = g_strdup (p->key);
    }
    g_free (p->scope);
    p->scope = g_strdup ("");
    g_free (p->key);
    p->key = field;
  }
}

/* The name of the target @node at @index (its fields start with
 * @prefix), if it is valid and unique; it goes into @indexes. NULL (and a
 * problem) otherwise. */
static const gchar *
target_name (JsonNode * node, guint index, const gchar * prefix,
    GHashTable * indexes, GPtrArray * problems)
{
  const RsSchemaKey *key = rs_schema_find (rs_schema_target (), "name", TRUE);
  g_autofree gchar *path = g_strconcat (prefix, key->name, NULL);
  JsonNode *name_node;
  const gchar *name;

  if (!JSON_NODE_HOLDS_OBJECT (node)) {
    add_error (problems, prefix, "expected a target object, got %s.",
        json_type_name (node));
    return NULL;
  }
  name_node = json_object_get_member (json_node_get_object (node), key->name);
  if (!name_node) {
    add_error (problems, path, "%s", key->missing);
    return NULL;
  }
  if (!JSON_NODE_HOLDS_VALUE (name_node)
      || json_node_get_value_type (name_node) != G_TYPE_STRING) {
    add_error (problems, path, "expected %s, got %s.", expected_type (key),
        json_type_name (name_node));
    return NULL;
  }
  name = json_node_get_string (name_node);
  if (!rs_description_name_is_valid (name)) {
    add_error (problems, path, "target names are 1 to 64 letters, "
        "digits, '-', '_' or '.'.");
    return NULL;
  }
  if (g_hash_table_contains (indexes, name)) {
    add_error (problems, path, "two targets are named '%s'; names must "
        "be unique.", name);
    return NULL;
  }
  g_hash_table_insert (indexes, g_strdup (name), GUINT_TO_POINTER (index));
  return name;
}

/* Every target of the array @targets into its [target NAME] group. */
static void
copy_targets (JsonNode * targets, GKeyFile * file, GHashTable * indexes,
    GPtrArray * problems)
{
  JsonArray *array;
  guint i;

  if (!JSON_NODE_HOLDS_ARRAY (targets)) {
    add_error (problems, "targets", "expected an array of targets, got %s.",
        json_type_name (targets));
    return;
  }
  array = json_node_get_array (targets);
  for (i = 0; i < json_array_get_length (array); i++) {
    JsonNode *node = json_array_get_element (array, i);
    g_autofree gchar *prefix = g_strdup_printf ("targets[%u].", i);
    const gchar *name = target_name (node, i, prefix, indexes, problems);
    g_autofree gchar *group = NULL;

    if (!name)
      continue;
    group = g_strconcat (RS_SCHEMA_TARGET_PREFIX, name, NULL);
    /* The group exists even if the target has nothing else. */
    g_key_file_set_value (file, group, "url", "");
    g_key_file_remove_key (file, group, "url", NULL);
    copy_fields (json_node_get_object (node), rs_schema_target (), prefix,
        file, group, problems);
  }
}

RsDescription *
rs_description_load_json_node (JsonNode * root, GPtrArray * problems)
{
  return rs_description_load_json_node_full (root,
      RS_DESCRIPTION_LOAD_DEFAULT, problems);
}

RsDescription *
rs_description_load_json_node_full (JsonNode * root,
    RsDescriptionLoadFlags flags, GPtrArray * problems)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GHashTable) indexes = NULL;
  RsDescription *description;
  JsonObject *object;
  JsonNode *targets;
  guint first = problems->len, loaded;
  gboolean shape_ok;

  if (!root || !JSON_NODE_HOLDS_OBJECT (root)) {
    add_error (problems, "", "the description is a JSON object, got %s.",
        root ? json_type_name (root) : "nothing");
    return NULL;
  }
  object = json_node_get_object (root);
  indexes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  copy_fields (object, rs_schema_restream (), "", file,
      RS_SCHEMA_RESTREAM_GROUP, problems);
  targets = json_object_get_member (object, "targets");
  if (targets)
    copy_targets (targets, file, indexes, problems);
  shape_ok = problems->len == first;

  loaded = problems->len;
  description = rs_description_load_keyfile (file, flags, problems);
  rename_problems (problems, loaded, indexes);
  if (!shape_ok)
    g_clear_pointer (&description, rs_description_free);
  return description;
}

RsDescription *
rs_description_load_json (const gchar * data, gssize length,
    GPtrArray * problems)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  if (!json_parser_load_from_data (parser, data, length, &error)) {
    add_error (problems, "", "not valid JSON: %s", error->message);
    return NULL;
  }
  return rs_description_load_json_node (json_parser_get_root (parser),
      problems);
}

/* The value of @key in @record (an RsDescription or an
 * RsDescriptionTarget) as a member of @b, unless it is left out: secrets
 * without @secrets, counts and booleans at their defaults, a missing key.
 * Without @secrets, URLs are shown redacted. */
static void
write_key (JsonBuilder * b, const RsSchemaKey * key, gconstpointer record,
    gboolean secrets)
{
  gpointer field = G_STRUCT_MEMBER_P (record, key->offset);
  const gchar *text = NULL;
  g_autofree gchar *shown = NULL;

  if ((key->flags & RS_SCHEMA_SECRET) && !secrets)
    return;
  switch (key->type) {
    case RS_SCHEMA_NAME:
    case RS_SCHEMA_STREAM_KEY:
    case RS_SCHEMA_IMAGE:
      text = *(const gchar **) field;
      break;
    case RS_SCHEMA_INPUT_URL:
      text = *(const gchar **) field;
      if (!secrets)
        text = shown = gst_restream_redact_url (text);
      break;
    case RS_SCHEMA_TARGET_URL:
      text = *(const gchar **) field;
      if (!secrets)
        text = shown = gst_restream_target_to_display (((const
                    RsDescriptionTarget *) record)->target);
      break;
    case RS_SCHEMA_PLATFORM:
      text = gst_restream_platform_name (*(GstRestreamPlatform *) field);
      break;
    case RS_SCHEMA_SECONDS:
      json_builder_set_member_name (b, key->name);
      json_builder_add_double_value (b,
          (gdouble) * (GstClockTime *) field / GST_SECOND);
      return;
    case RS_SCHEMA_BOOLEAN:
      if (*(gboolean *) field != key->default_value) {
        json_builder_set_member_name (b, key->name);
        json_builder_add_boolean_value (b, *(gboolean *) field);
      }
      return;
    case RS_SCHEMA_COUNT:
      if (*(gint *) field != key->default_value) {
        json_builder_set_member_name (b, key->name);
        json_builder_add_int_value (b, *(gint *) field);
      }
      return;
    case RS_SCHEMA_TARGETS:{
      GPtrArray *targets = *(GPtrArray **) field;
      guint i;

      json_builder_set_member_name (b, key->name);
      json_builder_begin_array (b);
      for (i = 0; i < targets->len; i++)
        json_builder_add_value (b, rs_description_target_to_json
            (g_ptr_array_index (targets, i), secrets));
      json_builder_end_array (b);
      return;
    }
  }
  if (text) {
    json_builder_set_member_name (b, key->name);
    json_builder_add_string_value (b, text);
  }
}

static JsonNode *
record_to_json (const RsSchemaGroup * schema, gconstpointer record,
    gboolean secrets)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  const RsSchemaKey *key;

  json_builder_begin_object (b);
  for (key = schema->keys; key->name; key++)
    write_key (b, key, record, secrets);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
rs_description_target_to_json (const RsDescriptionTarget * target,
    gboolean secrets)
{
  return record_to_json (rs_schema_target (), target, secrets);
}

JsonNode *
rs_description_to_json (const RsDescription * description, gboolean secrets)
{
  return record_to_json (rs_schema_restream (), description, secrets);
}
