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

#include <string.h>

typedef enum
{
  FIELD_STRING,
  FIELD_SECONDS,
  FIELD_INTEGER,
  FIELD_BOOLEAN,
} FieldType;

typedef struct
{
  const gchar *name;
  FieldType type;
} Field;

static const Field restream_fields[] = {
  {"name", FIELD_STRING},
  {"input", FIELD_STRING},
  {"outage-threshold", FIELD_SECONDS},
  {"retry-timeout", FIELD_SECONDS},
  {"max-targets", FIELD_INTEGER},
  {"input-tls-validation", FIELD_BOOLEAN},
  {NULL, 0}
};

static const Field target_fields[] = {
  {"name", FIELD_STRING},
  {"url", FIELD_STRING},
  {"key", FIELD_STRING},
  {"platform", FIELD_STRING},
  {"tls-validation", FIELD_BOOLEAN},
  {"max-reconnects", FIELD_INTEGER},
  {NULL, 0}
};

static const gchar *const type_names[] = { "a string",
  "a number of seconds", "a whole number", "true or false"
};

#define add_problem(problems, field, ...) gst_restream_finding_add \
    (problems, GST_RESTREAM_FINDING_ERROR, NULL, field, NULL, __VA_ARGS__)

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

static const gchar *
field_names (const Field * fields)
{
  return fields == restream_fields ? "name, input, outage-threshold, "
      "retry-timeout, max-targets, input-tls-validation, targets" :
      "name, url, key, platform, tls-validation, max-reconnects";
}

/* The value of @node as the .ini would hold it; NULL (and a problem) if
 * it has the wrong type. */
static gchar *
field_value (const Field * field, JsonNode * node, const gchar * path,
    GPtrArray * problems)
{
  GType type = JSON_NODE_HOLDS_VALUE (node) ?
      json_node_get_value_type (node) : G_TYPE_INVALID;

  switch (field->type) {
    case FIELD_STRING:
      if (type == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      break;
    case FIELD_SECONDS:
      if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE) {
        gchar buffer[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_dtostr (buffer, sizeof (buffer),
                json_node_get_double (node)));
      }
      break;
    case FIELD_INTEGER:
      if (type == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case FIELD_BOOLEAN:
      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? "true" : "false");
      break;
  }
  add_problem (problems, path, "expected %s, got %s.",
      type_names[field->type], json_type_name (node));
  return NULL;
}

/* Copies the fields of @object into @group; "name" and, for the restream,
 * "targets" are handled by the caller. */
static void
copy_fields (JsonObject * object, const Field * fields, const gchar * prefix,
    GKeyFile * file, const gchar * group, GPtrArray * problems)
{
  g_autoptr (GList) members = json_object_get_members (object);
  GList *l;

  for (l = members; l; l = l->next) {
    const gchar *member = l->data;
    g_autofree gchar *path = g_strconcat (prefix, member, NULL);
    const Field *field;
    g_autofree gchar *value = NULL;

    for (field = fields; field->name; field++)
      if (g_str_equal (field->name, member))
        break;
    if (!field->name) {
      if (fields == restream_fields && g_str_equal (member, "targets"))
        continue;
      add_problem (problems, path, "unknown field; %s takes %s.",
          fields == restream_fields ? "a restream" : "a target",
          field_names (fields));
      continue;
    }
    if (fields == target_fields && g_str_equal (member, "name"))
      continue;
    value = field_value (field, json_object_get_member (object, member),
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
    gchar *field = NULL;

    if (g_str_equal (p->scope, "restream")) {
      if (!*p->key) {
        g_free (p->message);
        p->message = g_strdup ("missing: a restream has a name and an input.");
      }
      field = g_strdup (p->key);
    } else if (g_str_has_prefix (p->scope, "target ")) {
      gpointer index;

      if (g_hash_table_lookup_extended (indexes, p->scope + 7, NULL, &index))
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

RsDescription *
rs_description_load_json_node (JsonNode * root, GPtrArray * problems)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GHashTable) indexes = NULL;
  RsDescription *description;
  JsonObject *object;
  JsonNode *targets;
  guint first = problems->len, i;
  gboolean shape_ok;

  if (!root || !JSON_NODE_HOLDS_OBJECT (root)) {
    add_problem (problems, "", "the description is a JSON object, got %s.",
        root ? json_type_name (root) : "nothing");
    return NULL;
  }
  object = json_node_get_object (root);
  indexes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  copy_fields (object, restream_fields, "", file, "restream", problems);

  targets = json_object_get_member (object, "targets");
  if (targets && !JSON_NODE_HOLDS_ARRAY (targets)) {
    add_problem (problems, "targets", "expected an array of targets, got %s.",
        json_type_name (targets));
  } else if (targets) {
    JsonArray *array = json_node_get_array (targets);

    for (i = 0; i < json_array_get_length (array); i++) {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree gchar *prefix = g_strdup_printf ("targets[%u].", i);
      g_autofree gchar *group = NULL;
      JsonNode *name_node;
      const gchar *name;

      if (!JSON_NODE_HOLDS_OBJECT (node)) {
        add_problem (problems, prefix, "expected a target object, got %s.",
            json_type_name (node));
        continue;
      }
      name_node = json_object_get_member (json_node_get_object (node), "name");
      if (!name_node || !JSON_NODE_HOLDS_VALUE (name_node)
          || json_node_get_value_type (name_node) != G_TYPE_STRING) {
        g_autofree gchar *path = g_strconcat (prefix, "name", NULL);

        if (name_node)
          add_problem (problems, path, "expected a string, got %s.",
              json_type_name (name_node));
        else
          add_problem (problems, path, "missing: every target has a name.");
        continue;
      }
      name = json_node_get_string (name_node);
      if (!rs_description_name_is_valid (name)) {
        g_autofree gchar *path = g_strconcat (prefix, "name", NULL);

        add_problem (problems, path, "target names are 1 to 64 letters, "
            "digits, '-', '_' or '.'.");
        continue;
      }
      if (g_hash_table_contains (indexes, name)) {
        g_autofree gchar *path = g_strconcat (prefix, "name", NULL);

        add_problem (problems, path, "two targets are named '%s'; names must "
            "be unique.", name);
        continue;
      }
      g_hash_table_insert (indexes, g_strdup (name), GUINT_TO_POINTER (i));
      group = g_strconcat ("target ", name, NULL);
      /* The group exists even if the target has nothing else. */
      g_key_file_set_value (file, group, "url", "");
      g_key_file_remove_key (file, group, "url", NULL);
      copy_fields (json_node_get_object (node), target_fields, prefix, file,
          group, problems);
    }
  }
  shape_ok = problems->len == first;

  i = problems->len;
  description = rs_description_load_keyfile (file, problems);
  rename_problems (problems, i, indexes);
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
    add_problem (problems, "", "not valid JSON: %s", error->message);
    return NULL;
  }
  return rs_description_load_json_node (json_parser_get_root (parser),
      problems);
}

static void
set_seconds (JsonBuilder * b, const gchar * name, GstClockTime value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, (gdouble) value / GST_SECOND);
}

JsonNode *
rs_description_target_to_json (const RsDescriptionTarget * t, gboolean secrets)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, t->name);
  json_builder_set_member_name (b, "url");
  if (secrets) {
    json_builder_add_string_value (b, t->url);
  } else {
    g_autofree gchar *shown = gst_restream_target_to_display (t->target);

    json_builder_add_string_value (b, shown);
  }
  if (t->key && secrets) {
    json_builder_set_member_name (b, "key");
    json_builder_add_string_value (b, t->key);
  }
  json_builder_set_member_name (b, "platform");
  json_builder_add_string_value (b, gst_restream_platform_name (t->platform));
  if (!t->tls_validation) {
    json_builder_set_member_name (b, "tls-validation");
    json_builder_add_boolean_value (b, FALSE);
  }
  if (t->max_reconnects >= 0) {
    json_builder_set_member_name (b, "max-reconnects");
    json_builder_add_int_value (b, t->max_reconnects);
  }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
rs_description_to_json (const RsDescription * d, gboolean secrets)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  guint i;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, d->name);
  json_builder_set_member_name (b, "input");
  if (secrets) {
    json_builder_add_string_value (b, d->input);
  } else {
    g_autofree gchar *shown = gst_restream_redact_url (d->input);

    json_builder_add_string_value (b, shown);
  }
  set_seconds (b, "outage-threshold", d->outage_threshold);
  set_seconds (b, "retry-timeout", d->retry_timeout);
  if (d->max_targets > 0) {
    json_builder_set_member_name (b, "max-targets");
    json_builder_add_int_value (b, d->max_targets);
  }
  if (!d->input_tls_validation) {
    json_builder_set_member_name (b, "input-tls-validation");
    json_builder_add_boolean_value (b, FALSE);
  }
  json_builder_set_member_name (b, "targets");
  json_builder_begin_array (b);
  for (i = 0; i < d->targets->len; i++)
    json_builder_add_value (b, rs_description_target_to_json
        (g_ptr_array_index (d->targets, i), secrets));
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
