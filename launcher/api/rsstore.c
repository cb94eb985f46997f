/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The state directory of the control API.
 *
 * Every restream created through the API is a file in STATE_DIR/restreams,
 * ID.json, mode 0600: its account, whether it should run, why it stopped,
 * and its description with the secrets. A file is replaced by writing a
 * new one next to it, fsync, rename, fsync of the directory: after a crash
 * a file is either the old or the new one. Every change is on disk before
 * the answer leaves. At start every restream that should run is started
 * again; the others are listed as stopped. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "rsservice-private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "rsdescjson.h"

gchar *
rs_store_prepare (const gchar * state_dir, GError ** error)
{
  g_autofree gchar *restreams_dir = NULL;

  if (g_mkdir_with_parents (state_dir, 0700) != 0) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
        "cannot create the state directory %s: %s", state_dir,
        g_strerror (errno));
    return NULL;
  }
  restreams_dir = g_build_filename (state_dir, "restreams", NULL);
  if (g_mkdir_with_parents (restreams_dir, 0700) != 0
      || g_access (restreams_dir, W_OK) != 0) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
        "cannot write into %s: %s", restreams_dir, g_strerror (errno));
    return NULL;
  }
  g_chmod (state_dir, 0700);
  g_chmod (restreams_dir, 0700);
  return g_steal_pointer (&restreams_dir);
}

/* A rename or unlink is durable once its directory is synced. */
static void
sync_dir (const gchar * dir)
{
  gint dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (dir_fd >= 0) {
    fsync (dir_fd);
    close (dir_fd);
  }
}

static gboolean
write_durably (const gchar * dir, const gchar * name, const gchar * data,
    gsize length, GError ** error)
{
  g_autofree gchar *path = g_build_filename (dir, name, NULL);
  g_autofree gchar *tmp = g_strconcat (path, ".tmp", NULL);
  gsize done = 0;
  gint fd, saved;

  fd = open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    goto failed;
  while (done < length) {
    gssize n = write (fd, data + done, length - done);

    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      goto failed_open;
    done += n;
  }
  if (fsync (fd) != 0)
    goto failed_open;
  if (close (fd) != 0 || rename (tmp, path) != 0)
    goto failed;
  sync_dir (dir);
  return TRUE;

  /* ERRORS */
failed_open:
  saved = errno;
  close (fd);
  errno = saved;
failed:
  saved = errno;
  g_unlink (tmp);
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
      "cannot write %s: %s", path, g_strerror (saved));
  return FALSE;
}

gboolean
rs_store_save (RsEntry * entry, GError ** error)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree gchar *name = g_strconcat (entry->id, ".json", NULL);
  g_autofree gchar *text = NULL;
  gsize length;
  gboolean ok;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, entry->id);
  json_builder_set_member_name (b, "account");
  json_builder_add_string_value (b, entry->account->name);
  json_builder_set_member_name (b, "active");
  json_builder_add_boolean_value (b, entry->active);
  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b, entry->reason ? entry->reason : "");
  json_builder_set_member_name (b, "created");
  json_builder_add_int_value (b, entry->created);
  json_builder_set_member_name (b, "description");
  json_builder_add_value (b, rs_description_to_json
      (rs_restream_get_description (entry->restream), TRUE));
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  ok = write_durably (entry->service->restreams_dir, name, text, length, error);
  /* The text holds the targets' keys. */
  memset (text, 0, length);
  return ok;
}

void
rs_store_remove (RsEntry * entry)
{
  g_autofree gchar *name = g_strconcat (entry->id, ".json", NULL);
  g_autofree gchar *path = g_build_filename (entry->service->restreams_dir,
      name, NULL);

  g_unlink (path);
  sync_dir (entry->service->restreams_dir);
}

static const RsAccount *
find_account (GPtrArray * accounts, const gchar * name)
{
  guint i;

  for (i = 0; name && i < accounts->len; i++) {
    const RsAccount *account = g_ptr_array_index (accounts, i);

    if (g_str_equal (account->name, name))
      return account;
  }
  return NULL;
}

/* The entry that @o describes, or NULL after saying why it is left. */
static RsEntry *
entry_from_json (RsService * self, const gchar * path, JsonObject * o)
{
  g_autoptr (GPtrArray) problems = gst_restream_findings_new ();
  const gchar *id = json_object_get_string_member_with_default (o, "id", NULL);
  const RsAccount *account = find_account (self->accounts,
      json_object_get_string_member_with_default (o, "account", NULL));
  RsDescription *description;
  RsEntry *entry;

  if (!id || !account || g_hash_table_contains (self->entries, id)) {
    rs_service_log (self, "state: %s belongs to %s; left as it is", path,
        !id ? "no restream id" : !account ? "an account that is not in the "
        "accounts file" : "a restream listed twice");
    return NULL;
  }
  /* Accepted when it was created: a slate image gone since then stops the
   * restream at its start, with the reason, and leaves it listed. */
  description = rs_description_load_json_node_full (json_object_get_member
      (o, "description"), RS_DESCRIPTION_LOAD_SKIP_FILES, problems);
  if (!description) {
    rs_service_log (self, "state: %s holds an invalid description; left as "
        "it is", path);
    return NULL;
  }
  entry = rs_entry_new (self, id, account, description);
  entry->active = json_object_get_boolean_member_with_default (o, "active",
      FALSE);
  entry->reason = g_strdup (json_object_get_string_member_with_default (o,
          "reason", ""));
  entry->created = json_object_get_int_member_with_default (o, "created",
      entry->created);
  return entry;
}

static void
load_file (RsService * self, const gchar * path)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  RsEntry *entry;

  if (!json_parser_load_from_file (parser, path, &error)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))) {
    rs_service_log (self, "state: %s is not readable (%s); left as it is",
        path, error ? error->message : "not an object");
    return;
  }
  entry = entry_from_json (self, path,
      json_node_get_object (json_parser_get_root (parser)));
  if (!entry)
    return;
  g_hash_table_insert (self->entries, entry->id, entry);
  rs_service_log (self, "[%s] restream %s of account %s loaded (%s)",
      entry->id, rs_restream_get_description (entry->restream)->name,
      entry->account->name, entry->active ? "active" : "stopped");
  if (entry->active)
    rs_entry_start (entry);
}

void
rs_store_load (RsService * self)
{
  g_autoptr (GDir) dir = g_dir_open (self->restreams_dir, 0, NULL);
  const gchar *name;

  while (dir && (name = g_dir_read_name (dir))) {
    g_autofree gchar *path = g_build_filename (self->restreams_dir, name,
        NULL);

    if (g_str_has_suffix (name, ".tmp"))
      /* A write that a crash interrupted: the old file is still there. */
      g_unlink (path);
    else if (g_str_has_suffix (name, ".json"))
      load_file (self, path);
  }
}
