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

#include <math.h>

#include "rsjson.h"
#include "rsevents.h"

static JsonNode *value_to_json (const GValue * value);

static JsonNode *
number_node (gdouble d)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  if (isfinite (d))
    json_node_set_double (node, d);
  else
    json_node_init_null (node);
  return node;
}

static JsonNode *
value_to_json (const GValue * value)
{
  JsonNode *node;
  GType type = G_VALUE_TYPE (value);

  if (type == G_TYPE_STRING) {
    node = json_node_new (JSON_NODE_VALUE);
    json_node_set_string (node, g_value_get_string (value) ?
        g_value_get_string (value) : "");
  } else if (type == G_TYPE_BOOLEAN) {
    node = json_node_new (JSON_NODE_VALUE);
    json_node_set_boolean (node, g_value_get_boolean (value));
  } else if (type == G_TYPE_INT || type == G_TYPE_UINT || type == G_TYPE_INT64
      || type == G_TYPE_UINT64 || type == G_TYPE_LONG || type == G_TYPE_ULONG) {
    GValue v = G_VALUE_INIT;

    g_value_init (&v, G_TYPE_INT64);
    g_value_transform (value, &v);
    node = json_node_new (JSON_NODE_VALUE);
    json_node_set_int (node, g_value_get_int64 (&v));
  } else if (type == G_TYPE_DOUBLE || type == G_TYPE_FLOAT) {
    GValue v = G_VALUE_INIT;

    g_value_init (&v, G_TYPE_DOUBLE);
    g_value_transform (value, &v);
    node = number_node (g_value_get_double (&v));
  } else if (type == GST_TYPE_STRUCTURE) {
    node = rs_structure_to_json (gst_value_get_structure (value), NULL);
  } else if (type == GST_TYPE_ARRAY || type == GST_TYPE_LIST) {
    JsonArray *array = json_array_new ();
    guint i, n = type == GST_TYPE_ARRAY ? gst_value_array_get_size (value) :
        gst_value_list_get_size (value);

    for (i = 0; i < n; i++)
      json_array_add_element (array, value_to_json (type == GST_TYPE_ARRAY ?
              gst_value_array_get_value (value, i) :
              gst_value_list_get_value (value, i)));
    node = json_node_new (JSON_NODE_ARRAY);
    json_node_take_array (node, array);
  } else if (G_TYPE_IS_ENUM (type)) {
    GEnumValue *e = g_enum_get_value (g_type_class_peek (type),
        g_value_get_enum (value));

    node = json_node_new (JSON_NODE_VALUE);
    json_node_set_string (node, e ? e->value_nick : "");
  } else {
    gchar *text = gst_value_serialize (value);

    node = json_node_new (JSON_NODE_VALUE);
    json_node_set_string (node, text ? text : "");
    g_free (text);
  }
  return node;
}

typedef struct
{
  JsonObject *object;
} Fold;

static gboolean
add_field (GQuark field, const GValue * value, gpointer data)
{
  json_object_set_member (((Fold *) data)->object, g_quark_to_string (field),
      value_to_json (value));
  return TRUE;
}

JsonNode *
rs_structure_to_json (const GstStructure * s, const gchar * type_field)
{
  Fold fold = { json_object_new () };
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  if (type_field)
    json_object_set_string_member (fold.object, type_field,
        gst_structure_get_name (s));
  gst_structure_foreach (s, add_field, &fold);
  json_node_take_object (node, fold.object);
  return node;
}

gchar *
rs_structure_to_json_line (const GstStructure * s, const gchar * type_field)
{
  JsonNode *node = rs_structure_to_json (s, type_field);
  gchar *text = json_to_string (node, FALSE);

  json_node_unref (node);
  return text;
}

static gchar *
timestamp (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%H:%M:%S");
}

/* One readable line per event; NULL for events that have none. */
gchar *
rs_event_line (const GstStructure * e)
{
  const gchar *type = gst_structure_get_name (e);
  g_autofree gchar *time = timestamp ();
  const gchar *target = gst_structure_get_string (e, "target");

  if (g_str_equal (type, RS_EVENT_RESTREAM))
    return g_strdup_printf ("%s restream %s: %s (%s)", time,
        gst_structure_get_string (e, "restream"),
        gst_structure_get_string (e, "state"),
        gst_structure_get_string (e, "reason"));
  if (g_str_equal (type, RS_EVENT_INPUT)) {
    gdouble outage = 0;
    g_autofree gchar *down = NULL;

    gst_structure_get_double (e, "outage", &outage);
    if (outage > 0)
      down = g_strdup_printf (" after %.1f s down", outage);
    return g_strdup_printf ("%s input: %s%s%s%s", time,
        gst_structure_get_string (e, "state"), down ? down : "",
        *gst_structure_get_string (e, "reason") ? " - " : "",
        gst_structure_get_string (e, "reason"));
  }
  if (g_str_equal (type, RS_EVENT_SLATE)) {
    gboolean on_air = FALSE;
    gdouble duration = 0;

    gst_structure_get_boolean (e, RS_EVENT_FIELD_ON_AIR, &on_air);
    gst_structure_get_double (e, "duration", &duration);
    if (on_air)
      return g_strdup_printf ("%s slate: on air (%s: %s)", time,
          gst_structure_get_string (e, "source"),
          gst_structure_get_string (e, "format"));
    return g_strdup_printf ("%s slate: off air after %.1f s", time, duration);
  }
  if (g_str_equal (type, RS_EVENT_RELOAD)) {
    const gchar *ignored = gst_structure_get_string (e,
        RS_EVENT_FIELD_IGNORED);

    return g_strdup_printf ("%s restream %s: reloaded - added: %s; changed: "
        "%s; removed: %s%s%s", time, gst_structure_get_string (e, "restream"),
        gst_structure_get_string (e, RS_EVENT_FIELD_ADDED),
        gst_structure_get_string (e, RS_EVENT_FIELD_CHANGED),
        gst_structure_get_string (e, RS_EVENT_FIELD_REMOVED),
        ignored && *ignored ? "; not applied while running: " : "",
        ignored && *ignored ? ignored : "");
  }
  if (g_str_equal (type, RS_EVENT_TARGET)) {
    GString *line = g_string_new (NULL);
    const gchar *summary = gst_structure_get_string (e, "summary");
    const gchar *detail = gst_structure_get_string (e, "detail");
    gdouble retry_in;

    g_string_append_printf (line, "%s target %s: %s", time, target,
        gst_structure_get_string (e, "state"));
    if (summary)
      g_string_append_printf (line, " - %s. %s", summary,
          gst_structure_get_string (e, "advice"));
    if (detail)
      g_string_append_printf (line, " (%s)", detail);
    if (gst_structure_get_double (e, "retry-in", &retry_in))
      g_string_append_printf (line, " [next attempt in %.1f s]", retry_in);
    return g_string_free (line, FALSE);
  }
  if (g_str_equal (type, RS_EVENT_WARNING) && (!target || !*target))
    return g_strdup_printf ("%s input: warning - %s", time,
        gst_structure_get_string (e, "summary"));
  if (g_str_equal (type, RS_EVENT_WARNING))
    return g_strdup_printf ("%s target %s: warning - %s. %s (%s)", time,
        target, gst_structure_get_string (e, "summary"),
        gst_structure_get_string (e, "advice"),
        gst_structure_get_string (e, "detail"));
  if (g_str_equal (type, RS_EVENT_FINDING)) {
    const gchar *severity = gst_structure_get_string (e, "severity");

    if (g_strcmp0 (severity, "ok") == 0)
      return g_strdup_printf ("%s target %s: %s rule %s holds again", time,
          target, gst_structure_get_string (e, "platform"),
          gst_structure_get_string (e, "rule"));
    return g_strdup_printf ("%s target %s: %s %s %s - %s", time, target,
        gst_structure_get_string (e, "platform"), severity,
        gst_structure_get_string (e, "rule"),
        gst_structure_get_string (e, "advice"));
  }
  if (g_str_equal (type, RS_EVENT_ERROR))
    return g_strdup_printf ("%s error from %s: %s", time,
        gst_structure_get_string (e, "element"),
        gst_structure_get_string (e, "message"));
  return NULL;
}
