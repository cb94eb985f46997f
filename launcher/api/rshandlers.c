/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The endpoints of the control API, one function each (docs/api.md).
 * Every change is saved before it is answered; what cannot be saved is
 * undone and answered as state-not-saved. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "rsservice-private.h"

#include <string.h>

#include "rsdescjson.h"

void
rs_handle_healthz (RsRequest * request)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, "ok");
  json_builder_end_object (b);
  rs_http_respond_json (request->msg, 200, json_builder_get_root (b));
}

void
rs_handle_list_restreams (RsRequest * request)
{
  g_autoptr (GPtrArray) mine = rs_entries_of_account (request->service,
      request->account);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  guint i;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "restreams");
  json_builder_begin_array (b);
  for (i = 0; i < mine->len; i++)
    json_builder_add_value (b, rs_entry_to_json (g_ptr_array_index (mine, i)));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "targets-used");
  json_builder_add_int_value (b, rs_entries_count_targets (request->service,
          request->account));
  json_builder_set_member_name (b, "max-targets");
  json_builder_add_int_value (b, request->account->max_targets);
  json_builder_end_object (b);
  rs_http_respond_json (request->msg, 200, json_builder_get_root (b));
}

/* FALSE after answering if the account has a restream of that name or no
 * room for its targets. */
static gboolean
may_create (RsRequest * request, const RsDescription * description)
{
  const RsAccount *account = request->account;
  GHashTableIter iter;
  RsEntry *other;
  guint used;

  g_hash_table_iter_init (&iter, request->service->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) & other)) {
    if (other->account == account && g_str_equal (description->name,
            rs_restream_get_description (other->restream)->name)) {
      rs_http_respond_error (request->msg, RS_API_ERROR_CONFLICT, NULL,
          "restream '%s' exists already (id %s)", description->name, other->id);
      return FALSE;
    }
  }
  used = rs_entries_count_targets (request->service, account);
  if (used + description->targets->len > account->max_targets) {
    rs_http_respond_error (request->msg, RS_API_ERROR_QUOTA, NULL, "account "
        "%s may have %u restream target%s and has %u; this restream needs "
        "%u more", account->name, account->max_targets,
        account->max_targets == 1 ? "" : "s", used, description->targets->len);
    return FALSE;
  }
  return TRUE;
}

void
rs_handle_create_restream (RsRequest * request)
{
  SoupServerMessage *msg = request->msg;
  g_autoptr (JsonNode) root = rs_http_read_json (msg);
  g_autoptr (GPtrArray) problems = gst_restream_findings_new ();
  g_autoptr (GError) error = NULL;
  RsDescription *description;
  RsEntry *entry;

  if (!root)
    return;
  description = rs_description_load_json_node (root, problems);
  if (!description) {
    rs_http_respond_error (msg, RS_API_ERROR_INVALID, problems, "the "
        "restream description is not valid; nothing was created");
    return;
  }
  if (!may_create (request, description)) {
    rs_description_free (description);
    return;
  }
  entry = rs_entry_new (request->service, NULL, request->account, description);
  entry->active = TRUE;
  if (!rs_store_save (entry, &error)) {
    rs_http_respond_error (msg, RS_API_ERROR_NOT_SAVED, NULL, "%s; nothing "
        "was created", error->message);
    rs_entry_free (entry);
    return;
  }
  if (!rs_restream_start (entry->restream, &error)) {
    rs_http_respond_error (msg, RS_API_ERROR_START, NULL, "the restream "
        "could not start: %s; nothing was created", error->message);
    rs_store_remove (entry);
    rs_entry_free (entry);
    return;
  }
  g_hash_table_insert (request->service->entries, entry->id, entry);
  rs_service_log (request->service, "[%s] created restream %s for account "
      "%s", entry->id, description->name, request->account->name);
  soup_message_headers_replace (soup_server_message_get_response_headers
      (msg), "Location", entry->id);
  rs_http_respond_json (msg, 201, rs_entry_to_json (entry));
}

void
rs_handle_get_restream (RsRequest * request)
{
  rs_http_respond_json (request->msg, 200, rs_entry_to_json (request->entry));
}

void
rs_handle_delete_restream (RsRequest * request)
{
  RsService *self = request->service;
  RsEntry *entry = request->entry;

  g_hash_table_steal (self->entries, entry->id);
  rs_store_remove (entry);
  entry->deleted = TRUE;
  rs_service_log (self, "[%s] deleted", entry->id);
  soup_server_message_set_status (request->msg, 204, NULL);
  if (rs_entry_running (entry)) {
    self->deleting = g_list_prepend (self->deleting, entry);
    rs_entry_stop (entry);
  } else {
    rs_entry_free (entry);
  }
}

/* Saves a change; on failure answers, and the caller undoes it. */
static gboolean
save_or_answer (RsEntry * entry, SoupServerMessage * msg)
{
  g_autoptr (GError) error = NULL;

  if (rs_store_save (entry, &error))
    return TRUE;
  rs_http_respond_error (msg, RS_API_ERROR_NOT_SAVED, NULL, "%s; nothing was "
      "changed", error->message);
  return FALSE;
}

/* Sets whether the restream should run, and why not; FALSE after
 * answering if that cannot be saved, and then nothing changed. */
static gboolean
set_active (RsEntry * entry, gboolean active, const gchar * reason,
    SoupServerMessage * msg)
{
  gboolean was_active = entry->active;
  gchar *was_reason = entry->reason;

  entry->active = active;
  entry->reason = g_strdup (reason);
  if (!save_or_answer (entry, msg)) {
    g_free (entry->reason);
    entry->active = was_active;
    entry->reason = was_reason;
    return FALSE;
  }
  g_free (was_reason);
  return TRUE;
}

void
rs_handle_activate (RsRequest * request)
{
  RsEntry *entry = request->entry;

  if (!set_active (entry, TRUE, NULL, request->msg))
    return;
  if (rs_restream_get_state (entry->restream) == RS_RESTREAM_STOPPING)
    entry->activate_after_stop = TRUE;
  else if (!rs_entry_running (entry))
    rs_entry_start (entry);
  else
    rs_restream_activate (entry->restream);
  if (!entry->active) {
    g_autoptr (GError) error = NULL;

    rs_store_save (entry, &error);
    rs_http_respond_error (request->msg, RS_API_ERROR_START, NULL, "the "
        "restream could not start: %s", entry->reason);
    return;
  }
  rs_service_log (entry->service, "[%s] activated", entry->id);
  rs_http_respond_json (request->msg, 200, rs_entry_to_json (entry));
}

void
rs_handle_deactivate (RsRequest * request)
{
  RsEntry *entry = request->entry;

  if (!set_active (entry, FALSE, "deactivated through the API", request->msg))
    return;
  entry->activate_after_stop = FALSE;
  if (rs_entry_running (entry))
    rs_entry_stop (entry);
  rs_service_log (entry->service, "[%s] deactivated", entry->id);
  rs_http_respond_json (request->msg, 200, rs_entry_to_json (entry));
}

/* Problems of "targets[N].field" become "field": they are the new or
 * changed target's own. */
static void
name_target_problems (GPtrArray * problems, const gchar * prefix)
{
  guint i;

  for (i = 0; i < problems->len; i++) {
    GstRestreamFinding *p = g_ptr_array_index (problems, i);

    if (g_str_has_prefix (p->key, prefix)) {
      gchar *field = g_strdup (p->key + strlen (prefix) +
          (p->key[strlen (prefix)] == '.'));

      g_free (p->key);
      p->key = field;
    }
  }
}

/* The restream's description with @target added, checked by the same
 * rules as a whole one (a duplicate name or too many targets are problems
 * there too); the problems of the new target are named as its own
 * fields. */
static RsDescription *
check_new_target (RsEntry * entry, JsonNode * target, GPtrArray * problems)
{
  const RsDescription *d = rs_restream_get_description (entry->restream);
  g_autoptr (JsonNode) whole = rs_description_to_json (d, TRUE);
  g_autofree gchar *prefix = g_strdup_printf ("targets[%u]", d->targets->len);
  RsDescription *checked;

  json_array_add_element (json_object_get_array_member (json_node_get_object
          (whole), "targets"), json_node_ref (target));
  /* Only the new target is new: the restream's own files were checked
   * when it was created. */
  checked = rs_description_load_json_node_full (whole,
      RS_DESCRIPTION_LOAD_SKIP_FILES, problems);
  name_target_problems (problems, prefix);
  return checked;
}

/* The restream's description with target @index changed by the members
 * of @patch, checked as a whole; the target's problems are named as its
 * own fields. */
static RsDescription *
check_patched_target (RsEntry * entry, guint index, JsonObject * patch,
    GPtrArray * problems)
{
  const RsDescription *d = rs_restream_get_description (entry->restream);
  g_autoptr (JsonNode) whole = rs_description_to_json (d, TRUE);
  g_autofree gchar *prefix = g_strdup_printf ("targets[%u]", index);
  JsonObject *target = json_array_get_object_element
      (json_object_get_array_member (json_node_get_object (whole), "targets"),
      index);
  g_autoptr (GList) members = json_object_get_members (patch);
  RsDescription *checked;
  GList *l;

  for (l = members; l; l = l->next)
    json_object_set_member (target, l->data,
        json_node_copy (json_object_get_member (patch, l->data)));
  checked = rs_description_load_json_node_full (whole,
      RS_DESCRIPTION_LOAD_SKIP_FILES, problems);
  name_target_problems (problems, prefix);
  return checked;
}

void
rs_handle_add_target (RsRequest * request)
{
  SoupServerMessage *msg = request->msg;
  RsEntry *entry = request->entry;
  const RsAccount *account = entry->account;
  g_autoptr (JsonNode) root = rs_http_read_json (msg);
  g_autoptr (GPtrArray) problems = gst_restream_findings_new ();
  g_autoptr (GError) error = NULL;
  RsDescription *checked;
  RsDescriptionTarget *target;
  guint used;

  if (!root)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (root)) {
    rs_http_respond_error (msg, RS_API_ERROR_INVALID, NULL, "a target is a "
        "JSON object");
    return;
  }
  checked = check_new_target (entry, root, problems);
  if (!checked) {
    rs_http_respond_error (msg, RS_API_ERROR_INVALID, problems, "the target "
        "is not valid; nothing was changed");
    return;
  }
  used = rs_entries_count_targets (request->service, account);
  if (used + 1 > account->max_targets) {
    rs_http_respond_error (msg, RS_API_ERROR_QUOTA, NULL, "account %s may "
        "have %u restream target%s and has %u", account->name,
        account->max_targets, account->max_targets == 1 ? "" : "s", used);
    rs_description_free (checked);
    return;
  }
  target = g_ptr_array_steal_index (checked->targets,
      checked->targets->len - 1);
  rs_description_free (checked);
  if (!rs_restream_add_target (entry->restream, target, &error)) {
    rs_http_respond_error (msg, RS_API_ERROR_CONFLICT, NULL, "%s; nothing "
        "was changed", error->message);
    rs_description_target_free (target);
    return;
  }
  if (!save_or_answer (entry, msg)) {
    rs_restream_remove_target (entry->restream, target->name, NULL);
    return;
  }
  rs_service_log (request->service, "[%s] target %s added", entry->id,
      target->name);
  rs_http_respond_json (msg, 201, rs_entry_to_json (entry));
}

/* PATCH a target: new url, key, platform (any of its fields but the name);
 * that target reconnects alone. */
void
rs_handle_patch_target (RsRequest * request)
{
  SoupServerMessage *msg = request->msg;
  RsEntry *entry = request->entry;
  const RsDescription *d = rs_restream_get_description (entry->restream);
  g_autoptr (JsonNode) root = rs_http_read_json (msg);
  g_autoptr (GPtrArray) problems = gst_restream_findings_new ();
  g_autoptr (GError) error = NULL;
  RsDescription *checked;
  RsDescriptionTarget *target;
  JsonObject *patch;
  const gchar *name;
  guint index;

  if (!root)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (root)) {
    rs_http_respond_error (msg, RS_API_ERROR_INVALID, NULL, "a target "
        "change is a JSON object");
    return;
  }
  for (index = 0; index < d->targets->len; index++)
    if (g_str_equal (((RsDescriptionTarget *) g_ptr_array_index (d->targets,
                    index))->name, request->target))
      break;
  if (index == d->targets->len) {
    rs_http_respond_error (msg, RS_API_ERROR_NOT_FOUND, NULL, "the restream "
        "has no target named '%s'", request->target);
    return;
  }
  patch = json_node_get_object (root);
  name = json_object_has_member (patch, "name") ?
      json_object_get_string_member_with_default (patch, "name", NULL) : NULL;
  if (json_object_has_member (patch, "name") && (!name
          || !g_str_equal (name, request->target))) {
    rs_http_respond_error (msg, RS_API_ERROR_INVALID, NULL, "a target's "
        "name cannot change; add a target and remove this one instead");
    return;
  }
  checked = check_patched_target (entry, index, patch, problems);
  if (!checked) {
    rs_http_respond_error (msg, RS_API_ERROR_INVALID, problems, "the "
        "changed target is not valid; nothing was changed");
    return;
  }
  target = g_ptr_array_steal_index (checked->targets, index);
  rs_description_free (checked);
  if (!rs_restream_replace_target (entry->restream, target, &error)) {
    rs_http_respond_error (msg, RS_API_ERROR_CONFLICT, NULL, "%s",
        error->message);
    if (error->domain == G_IO_ERROR)
      rs_description_target_free (target);
    return;
  }
  if (!save_or_answer (entry, msg))
    return;
  rs_service_log (request->service, "[%s] target %s changed", entry->id,
      request->target);
  rs_http_respond_json (msg, 200, rs_entry_to_json (entry));
}

void
rs_handle_remove_target (RsRequest * request)
{
  RsEntry *entry = request->entry;
  g_autoptr (GError) error = NULL;

  if (!rs_restream_remove_target (entry->restream, request->target, &error)) {
    rs_http_respond_error (request->msg, g_error_matches (error, G_IO_ERROR,
            G_IO_ERROR_NOT_FOUND) ? RS_API_ERROR_NOT_FOUND :
        RS_API_ERROR_CONFLICT, NULL, "%s", error->message);
    return;
  }
  if (!save_or_answer (entry, request->msg))
    return;
  rs_service_log (entry->service, "[%s] target %s removed", entry->id,
      request->target);
  soup_server_message_set_status (request->msg, 204, NULL);
}
