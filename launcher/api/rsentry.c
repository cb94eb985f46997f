/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* One restream of an account, as the control API knows it: its
 * RsRestream, whether it should run and why not, what its events change,
 * how the API shows it, and the targets an account's quota counts. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "rsservice-private.h"

#include <string.h>

#include "rsjson.h"
#include "gstrestreammessages.h"
#include "rsevents.h"

#define STOP_TIMEOUT (3 * GST_SECOND)
#define ID_LENGTH 12

static void
on_event (RsRestream * restream, const GstStructure * event, gpointer data)
{
  RsEntry *entry = data;
  RsService *self = entry->service;
  const gchar *type = gst_structure_get_name (event);
  const gchar *state = gst_structure_get_string (event,
      RS_EVENT_FIELD_STATE);
  g_autofree gchar *line = rs_event_line (event);

  if (line)
    rs_service_log (self, "[%s] %s", entry->id, line);
  if (g_str_equal (type, RS_EVENT_INPUT)
      && g_strcmp0 (state, GST_FAILOVER_SRC_STATE_NAME_RETRYING) == 0)
    entry->outages++;
  /* Stopped by itself (the input did not come back, or the pipeline
   * failed): it stays stopped, across restarts too, until activated. */
  if (g_str_equal (type, RS_EVENT_RESTREAM)
      && g_strcmp0 (state, RS_RESTREAM_STATE_STOPPED) == 0
      && entry->active && !self->shutting_down && !entry->deleted) {
    g_autoptr (GError) error = NULL;

    entry->active = FALSE;
    g_free (entry->reason);
    entry->reason = g_strdup (gst_structure_get_string (event,
            RS_EVENT_FIELD_REASON));
    if (!rs_store_save (entry, &error))
      rs_service_log (self, "[%s] %s", entry->id, error->message);
  }
}

static gchar *
new_id (RsService * self)
{
  gchar *id = NULL;

  do {
    guint i;

    g_free (id);
    id = g_malloc (ID_LENGTH + 1);
    for (i = 0; i < ID_LENGTH; i++)
      id[i] = "0123456789abcdef"[g_random_int_range (0, 16)];
    id[ID_LENGTH] = '\0';
  } while (g_hash_table_contains (self->entries, id));
  return id;
}

RsEntry *
rs_entry_new (RsService * self, const gchar * id, const RsAccount * account,
    RsDescription * description)
{
  RsEntry *entry = g_new0 (RsEntry, 1);

  entry->service = self;
  entry->id = id ? g_strdup (id) : new_id (self);
  entry->account = account;
  entry->created = g_get_real_time () / G_USEC_PER_SEC;
  entry->restream = rs_restream_new (description, on_event, entry);
  return entry;
}

void
rs_entry_free (RsEntry * entry)
{
  rs_restream_free (entry->restream);
  g_free (entry->id);
  g_free (entry->reason);
  g_free (entry);
}

void
rs_entry_start (RsEntry * entry)
{
  g_autoptr (GError) error = NULL;

  if (!rs_restream_start (entry->restream, &error)) {
    entry->active = FALSE;
    g_free (entry->reason);
    entry->reason = g_strdup (error->message);
    rs_service_log (entry->service, "[%s] could not start: %s", entry->id,
        error->message);
  }
}

static void
on_stopped (RsRestream * restream, gpointer data)
{
  RsEntry *entry = data;
  RsService *self = entry->service;
  gboolean counted = entry->counted;

  entry->counted = FALSE;
  if (entry->deleted) {
    self->deleting = g_list_remove (self->deleting, entry);
    rs_entry_free (entry);
  } else if (entry->activate_after_stop && !self->shutting_down) {
    entry->activate_after_stop = FALSE;
    rs_entry_start (entry);
  }
  if (counted)
    rs_service_stopped_one (self);
}

void
rs_entry_stop (RsEntry * entry)
{
  rs_restream_stop (entry->restream, STOP_TIMEOUT, G_CALLBACK (on_stopped),
      entry);
}

gboolean
rs_entry_running (RsEntry * entry)
{
  RsRestreamState state = rs_restream_get_state (entry->restream);

  return state != RS_RESTREAM_IDLE && state != RS_RESTREAM_STOPPED;
}

static void
add_input (JsonBuilder * b, RsEntry * entry, JsonObject * status)
{
  const RsDescription *d = rs_restream_get_description (entry->restream);
  g_autofree gchar *input = gst_restream_redact_url (d->input);

  json_builder_set_member_name (b, "input");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "url");
  json_builder_add_string_value (b, input);
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b, rs_entry_running (entry) ?
      json_object_get_string_member (status, "input") : "stopped");
  json_builder_set_member_name (b, "outages");
  json_builder_add_int_value (b, entry->outages);
  json_builder_set_member_name (b, RS_EVENT_FIELD_SLATE);
  json_builder_add_boolean_value (b, json_object_get_boolean_member (status,
          RS_EVENT_FIELD_SLATE));
  json_builder_set_member_name (b, RS_EVENT_FIELD_SLATE_SECONDS);
  json_builder_add_double_value (b, json_object_get_double_member (status,
          RS_EVENT_FIELD_SLATE_SECONDS));
  json_builder_end_object (b);
}

static void
add_targets (JsonBuilder * b, RsRestreamState state, JsonObject * status)
{
  JsonArray *targets = json_object_get_array_member (status, "targets");
  guint i;

  /* Targets of a restream that never ran since the start are stopped. */
  if (state == RS_RESTREAM_IDLE)
    for (i = 0; i < json_array_get_length (targets); i++)
      json_object_set_string_member (json_array_get_object_element (targets,
              i), "state", "stopped");
  json_builder_set_member_name (b, "targets");
  json_builder_add_value (b, json_node_ref (json_object_get_member (status,
              "targets")));
}

JsonNode *
rs_entry_to_json (RsEntry * entry)
{
  const RsDescription *d = rs_restream_get_description (entry->restream);
  GstStructure *status = rs_restream_status (entry->restream);
  g_autoptr (JsonNode) s = rs_structure_to_json (status, NULL);
  JsonObject *so = json_node_get_object (s);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (GDateTime) created =
      g_date_time_new_from_unix_utc (entry->created);
  g_autofree gchar *created_text = g_date_time_format_iso8601 (created);
  RsRestreamState state = rs_restream_get_state (entry->restream);
  const gchar *reason = json_object_get_string_member (so, "reason");

  gst_structure_free (status);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, entry->id);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, d->name);
  json_builder_set_member_name (b, "active");
  json_builder_add_boolean_value (b, entry->active);
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b, state == RS_RESTREAM_IDLE ? "stopped" :
      rs_restream_state_name (state));
  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b, state == RS_RESTREAM_IDLE
      && entry->reason ? entry->reason : reason);
  json_builder_set_member_name (b, "created");
  json_builder_add_string_value (b, created_text);
  json_builder_set_member_name (b, "uptime");
  json_builder_add_double_value (b, json_object_get_double_member (so,
          "uptime"));
  add_input (b, entry, so);
  add_targets (b, state, so);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gint
compare_created (gconstpointer a, gconstpointer b)
{
  const RsEntry *x = *(RsEntry * const *) a, *y = *(RsEntry * const *) b;

  if (x->created != y->created)
    return x->created < y->created ? -1 : 1;
  return strcmp (x->id, y->id);
}

GPtrArray *
rs_entries_of_account (RsService * self, const RsAccount * account)
{
  GPtrArray *mine = g_ptr_array_new ();
  GHashTableIter iter;
  RsEntry *entry;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) & entry))
    if (entry->account == account)
      g_ptr_array_add (mine, entry);
  g_ptr_array_sort (mine, compare_created);
  return mine;
}

guint
rs_entries_count_targets (RsService * self, const RsAccount * account)
{
  g_autoptr (GPtrArray) mine = rs_entries_of_account (self, account);
  guint n = 0, i;

  for (i = 0; i < mine->len; i++)
    n += rs_restream_get_description (((RsEntry *) g_ptr_array_index (mine,
                i))->restream)->targets->len;
  return n;
}
