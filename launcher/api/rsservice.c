/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The control API: restreams as a service (docs/api.md).
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

#include "rsservice.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "rsdescjson.h"
#include "rsjson.h"
#include "rsrestream.h"

#define MAX_BODY (64 * 1024)
#define STOP_TIMEOUT (3 * GST_SECOND)
#define ID_LENGTH 12

typedef struct _Entry Entry;

struct _RsService
{
  SoupServer *server;
  GPtrArray *accounts;
  gchar *restreams_dir;
  gboolean log;
  GHashTable *entries;          /* id -> Entry */
  GList *deleting;              /* deleted, their targets still ending */
  gboolean shutting_down;
  guint stopping;
  GCallback done;
  gpointer done_data;
  guint64 requests[6];          /* by status class: 1xx .. 5xx */
};

struct _Entry
{
  RsService *service;
  gchar *id;
  const RsAccount *account;
  RsRestream *restream;
  gboolean active;              /* should run; kept on disk */
  gchar *reason;                /* why it is not active */
  gint64 created;               /* unix seconds */
  guint64 outages;
  gboolean activate_after_stop;
  gboolean deleted;
  gboolean counted;             /* the service's shutdown waits for it */
};

/* Errors */

typedef struct
{
  guint status;
  const gchar *code;
} ApiError;

static const ApiError ERR_UNAUTHORIZED = { 401, "unauthorized" };
static const ApiError ERR_NOT_FOUND = { 404, "not-found" };
static const ApiError ERR_METHOD = { 405, "method-not-allowed" };
static const ApiError ERR_LENGTH = { 411, "length-required" };
static const ApiError ERR_TOO_LARGE = { 413, "body-too-large" };
static const ApiError ERR_MEDIA_TYPE = { 415, "unsupported-media-type" };
static const ApiError ERR_BAD_JSON = { 400, "invalid-json" };
static const ApiError ERR_INVALID = { 422, "invalid-description" };
static const ApiError ERR_QUOTA = { 403, "quota-exceeded" };
static const ApiError ERR_CONFLICT = { 409, "conflict" };
static const ApiError ERR_NOT_SAVED = { 500, "state-not-saved" };
static const ApiError ERR_START = { 500, "start-failed" };

static void
respond_json (SoupServerMessage * msg, guint status, JsonNode * node)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  gchar *text;
  gsize length;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);
  text = g_realloc (text, length + 2);
  text[length++] = '\n';
  text[length] = '\0';
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json",
      SOUP_MEMORY_TAKE, text, length);
  json_node_unref (node);
}

static void
respond_error (SoupServerMessage * msg, const ApiError * error,
    GPtrArray * problems, const gchar * format, ...)
G_GNUC_PRINTF (4, 5);

     static void
         respond_error (SoupServerMessage * msg, const ApiError * error,
    GPtrArray * problems, const gchar * format, ...)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree gchar *message = NULL;
  va_list args;
  guint i;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, error->code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  if (problems && problems->len) {
    json_builder_set_member_name (b, "problems");
    json_builder_begin_array (b);
    for (i = 0; i < problems->len; i++) {
      GstRestreamFinding *p = g_ptr_array_index (problems, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "field");
      json_builder_add_string_value (b, p->key);
      json_builder_set_member_name (b, "severity");
      json_builder_add_string_value (b,
          gst_restream_finding_severity_name (p->severity));
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, p->message);
      json_builder_end_object (b);
    }
    json_builder_end_array (b);
  }
  json_builder_end_object (b);
  json_builder_end_object (b);
  if (error == &ERR_UNAUTHORIZED)
    soup_message_headers_replace (soup_server_message_get_response_headers
        (msg), "WWW-Authenticate", "Bearer realm=\"gst-restream\"");
  respond_json (msg, error->status, json_builder_get_root (b));
}

/* State on disk */

static gboolean
write_durably (const gchar * dir, const gchar * name, const gchar * data,
    gsize length, GError ** error)
{
  g_autofree gchar *path = g_build_filename (dir, name, NULL);
  g_autofree gchar *tmp = g_strconcat (path, ".tmp", NULL);
  gsize done = 0;
  gint fd, dir_fd, saved;

  fd = open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    goto failed;
  while (done < length) {
    gssize n = write (fd, data + done, length - done);

    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      saved = errno;
      close (fd);
      errno = saved;
      goto failed;
    }
    done += n;
  }
  if (fsync (fd) != 0) {
    saved = errno;
    close (fd);
    errno = saved;
    goto failed;
  }
  if (close (fd) != 0 || rename (tmp, path) != 0)
    goto failed;
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    fsync (dir_fd);
    close (dir_fd);
  }
  return TRUE;

failed:
  saved = errno;
  g_unlink (tmp);
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
      "cannot write %s: %s", path, g_strerror (saved));
  return FALSE;
}

static gboolean
entry_save (Entry * entry, GError ** error)
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
  memset (text, 0, length);
  return ok;
}

static void
entry_unlink (Entry * entry)
{
  g_autofree gchar *name = g_strconcat (entry->id, ".json", NULL);
  g_autofree gchar *path = g_build_filename (entry->service->restreams_dir,
      name, NULL);
  gint dir_fd;

  g_unlink (path);
  dir_fd = open (entry->service->restreams_dir, O_RDONLY | O_DIRECTORY |
      O_CLOEXEC);
  if (dir_fd >= 0) {
    fsync (dir_fd);
    close (dir_fd);
  }
}

/* Restreams */

static void
log_line (RsService * self, const gchar * format, ...)
G_GNUC_PRINTF (2, 3);

     static void log_line (RsService * self, const gchar * format, ...)
{
  va_list args;

  if (!self->log)
    return;
  va_start (args, format);
  g_vprintf (format, args);
  va_end (args);
  g_print ("\n");
  fflush (stdout);
}

static void
entry_free (Entry * entry)
{
  rs_restream_free (entry->restream);
  g_free (entry->id);
  g_free (entry->reason);
  g_free (entry);
}

static void service_stopped_one (RsService * self);

static void
on_event (RsRestream * restream, const GstStructure * event, gpointer data)
{
  Entry *entry = data;
  RsService *self = entry->service;
  const gchar *type = gst_structure_get_name (event);
  const gchar *state = gst_structure_get_string (event, "state");
  g_autofree gchar *line = rs_event_line (event);

  if (line)
    log_line (self, "[%s] %s", entry->id, line);
  if (g_str_equal (type, "input") && g_strcmp0 (state, "retrying") == 0)
    entry->outages++;
  /* Stopped by itself (the input did not come back, or the pipeline
   * failed): it stays stopped, across restarts too, until activated. */
  if (g_str_equal (type, "restream") && g_strcmp0 (state, "stopped") == 0
      && entry->active && !self->shutting_down && !entry->deleted) {
    g_autoptr (GError) error = NULL;

    entry->active = FALSE;
    g_free (entry->reason);
    entry->reason = g_strdup (gst_structure_get_string (event, "reason"));
    if (!entry_save (entry, &error))
      log_line (self, "[%s] %s", entry->id, error->message);
  }
}

static void
entry_start (Entry * entry)
{
  g_autoptr (GError) error = NULL;

  if (!rs_restream_start (entry->restream, &error)) {
    entry->active = FALSE;
    g_free (entry->reason);
    entry->reason = g_strdup (error->message);
    log_line (entry->service, "[%s] could not start: %s", entry->id,
        error->message);
  }
}

static void
on_entry_stopped (RsRestream * restream, gpointer data)
{
  Entry *entry = data;
  RsService *self = entry->service;
  gboolean counted = entry->counted;

  entry->counted = FALSE;
  if (entry->deleted) {
    self->deleting = g_list_remove (self->deleting, entry);
    entry_free (entry);
  } else if (entry->activate_after_stop && !self->shutting_down) {
    entry->activate_after_stop = FALSE;
    entry_start (entry);
  }
  if (counted)
    service_stopped_one (self);
}

static gboolean
entry_running (Entry * entry)
{
  RsRestreamState state = rs_restream_get_state (entry->restream);

  return state != RS_RESTREAM_IDLE && state != RS_RESTREAM_STOPPED;
}

static guint
account_targets (RsService * self, const RsAccount * account)
{
  GHashTableIter iter;
  Entry *entry;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) & entry))
    if (entry->account == account)
      n += rs_restream_get_description (entry->restream)->targets->len;
  return n;
}

static JsonNode *
entry_to_json (Entry * entry)
{
  const RsDescription *d = rs_restream_get_description (entry->restream);
  GstStructure *status = rs_restream_status (entry->restream);
  g_autoptr (JsonNode) s = rs_structure_to_json (status, NULL);
  JsonObject *so = json_node_get_object (s);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (GDateTime) created =
      g_date_time_new_from_unix_utc (entry->created);
  g_autofree gchar *created_text = g_date_time_format_iso8601 (created);
  g_autofree gchar *input = gst_restream_redact_url (d->input);
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
  json_builder_set_member_name (b, "input");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "url");
  json_builder_add_string_value (b, input);
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b, entry_running (entry) ?
      json_object_get_string_member (so, "input") : "stopped");
  json_builder_set_member_name (b, "outages");
  json_builder_add_int_value (b, entry->outages);
  json_builder_end_object (b);
  /* Targets of a restream that never ran since the start are stopped. */
  if (state == RS_RESTREAM_IDLE) {
    JsonArray *targets = json_object_get_array_member (so, "targets");
    guint i;

    for (i = 0; i < json_array_get_length (targets); i++)
      json_object_set_string_member (json_array_get_object_element (targets,
              i), "state", "stopped");
  }
  json_builder_set_member_name (b, "targets");
  json_builder_add_value (b, json_node_ref (json_object_get_member (so,
              "targets")));
  json_builder_end_object (b);
  return json_builder_get_root (b);
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

static Entry *
entry_new (RsService * self, const gchar * id, const RsAccount * account,
    RsDescription * description)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->service = self;
  entry->id = id ? g_strdup (id) : new_id (self);
  entry->account = account;
  entry->created = g_get_real_time () / G_USEC_PER_SEC;
  entry->restream = rs_restream_new (description, on_event, entry);
  return entry;
}

/* Requests */

static const RsAccount *
authenticate (RsService * self, SoupServerMessage * msg)
{
  const gchar *header = soup_message_headers_get_one
      (soup_server_message_get_request_headers (msg), "Authorization");

  if (!header || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;
  return rs_accounts_authenticate (self->accounts, header + 7);
}

/* Parses the body as JSON; NULL after answering if it is not. */
static JsonNode *
read_body (SoupServerMessage * msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  const gchar *type = soup_message_headers_get_content_type
      (soup_server_message_get_request_headers (msg), NULL);
  JsonNode *root;

  if (!type || g_ascii_strcasecmp (type, "application/json") != 0) {
    respond_error (msg, &ERR_MEDIA_TYPE, NULL, "send the body as "
        "application/json (got %s)", type ? type : "no Content-Type");
    return NULL;
  }
  if (!body->data || body->length == 0) {
    respond_error (msg, &ERR_BAD_JSON, NULL, "the body is empty; a JSON "
        "object is expected");
    return NULL;
  }
  if (!g_utf8_validate (body->data, body->length, NULL)) {
    respond_error (msg, &ERR_BAD_JSON, NULL, "the body is not UTF-8");
    return NULL;
  }
  if (!json_parser_load_from_data (parser, body->data, body->length, &error)) {
    respond_error (msg, &ERR_BAD_JSON, NULL, "not valid JSON: %s",
        error->message);
    return NULL;
  }
  root = json_parser_steal_root (parser);
  if (!root) {
    respond_error (msg, &ERR_BAD_JSON, NULL, "the body is empty; a JSON "
        "object is expected");
    return NULL;
  }
  return root;
}

static void
create_restream (RsService * self, SoupServerMessage * msg,
    const RsAccount * account)
{
  g_autoptr (JsonNode) root = read_body (msg);
  g_autoptr (GPtrArray) problems = gst_restream_findings_new ();
  g_autoptr (GError) error = NULL;
  RsDescription *description;
  GHashTableIter iter;
  Entry *entry, *other;
  guint used;

  if (!root)
    return;
  description = rs_description_load_json_node (root, problems);
  if (!description) {
    respond_error (msg, &ERR_INVALID, problems, "the restream description "
        "is not valid; nothing was created");
    return;
  }
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) & other)) {
    if (other->account == account && g_str_equal (description->name,
            rs_restream_get_description (other->restream)->name)) {
      respond_error (msg, &ERR_CONFLICT, NULL, "restream '%s' exists "
          "already (id %s)", description->name, other->id);
      rs_description_free (description);
      return;
    }
  }
  used = account_targets (self, account);
  if (used + description->targets->len > account->max_targets) {
    respond_error (msg, &ERR_QUOTA, NULL, "account %s may have %u restream "
        "target%s and has %u; this restream needs %u more", account->name,
        account->max_targets, account->max_targets == 1 ? "" : "s", used,
        description->targets->len);
    rs_description_free (description);
    return;
  }

  entry = entry_new (self, NULL, account, description);
  entry->active = TRUE;
  if (!entry_save (entry, &error)) {
    respond_error (msg, &ERR_NOT_SAVED, NULL, "%s; nothing was created",
        error->message);
    entry_free (entry);
    return;
  }
  if (!rs_restream_start (entry->restream, &error)) {
    respond_error (msg, &ERR_START, NULL, "the restream could not start: "
        "%s; nothing was created", error->message);
    entry_unlink (entry);
    entry_free (entry);
    return;
  }
  g_hash_table_insert (self->entries, entry->id, entry);
  log_line (self, "[%s] created restream %s for account %s", entry->id,
      description->name, account->name);
  soup_message_headers_replace (soup_server_message_get_response_headers
      (msg), "Location", entry->id);
  respond_json (msg, 201, entry_to_json (entry));
}

static gint
compare_created (gconstpointer a, gconstpointer b)
{
  const Entry *x = *(Entry * const *) a, *y = *(Entry * const *) b;

  if (x->created != y->created)
    return x->created < y->created ? -1 : 1;
  return strcmp (x->id, y->id);
}

static void
list_restreams (RsService * self, SoupServerMessage * msg,
    const RsAccount * account)
{
  g_autoptr (GPtrArray) mine = g_ptr_array_new ();
  g_autoptr (JsonBuilder) b = json_builder_new ();
  GHashTableIter iter;
  Entry *entry;
  guint i;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) & entry))
    if (entry->account == account)
      g_ptr_array_add (mine, entry);
  g_ptr_array_sort (mine, compare_created);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "restreams");
  json_builder_begin_array (b);
  for (i = 0; i < mine->len; i++)
    json_builder_add_value (b, entry_to_json (g_ptr_array_index (mine, i)));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "targets-used");
  json_builder_add_int_value (b, account_targets (self, account));
  json_builder_set_member_name (b, "max-targets");
  json_builder_add_int_value (b, account->max_targets);
  json_builder_end_object (b);
  respond_json (msg, 200, json_builder_get_root (b));
}

/* Saves a change; on failure undoes it with @undo and answers. */
static gboolean
save_or_answer (Entry * entry, SoupServerMessage * msg)
{
  g_autoptr (GError) error = NULL;

  if (entry_save (entry, &error))
    return TRUE;
  respond_error (msg, &ERR_NOT_SAVED, NULL, "%s; nothing was changed",
      error->message);
  return FALSE;
}

static void
activate_restream (Entry * entry, SoupServerMessage * msg)
{
  gboolean was_active = entry->active;
  gchar *was_reason = entry->reason;

  entry->active = TRUE;
  entry->reason = NULL;
  if (!save_or_answer (entry, msg)) {
    entry->active = was_active;
    entry->reason = was_reason;
    return;
  }
  g_free (was_reason);
  if (rs_restream_get_state (entry->restream) == RS_RESTREAM_STOPPING)
    entry->activate_after_stop = TRUE;
  else if (!entry_running (entry))
    entry_start (entry);
  else
    rs_restream_activate (entry->restream);
  if (!entry->active) {
    g_autoptr (GError) error = NULL;

    entry_save (entry, &error);
    respond_error (msg, &ERR_START, NULL, "the restream could not start: %s",
        entry->reason);
    return;
  }
  log_line (entry->service, "[%s] activated", entry->id);
  respond_json (msg, 200, entry_to_json (entry));
}

static void
deactivate_restream (Entry * entry, SoupServerMessage * msg)
{
  gboolean was_active = entry->active;
  gchar *was_reason = entry->reason;

  entry->active = FALSE;
  entry->reason = g_strdup ("deactivated through the API");
  if (!save_or_answer (entry, msg)) {
    g_free (entry->reason);
    entry->active = was_active;
    entry->reason = was_reason;
    return;
  }
  g_free (was_reason);
  entry->activate_after_stop = FALSE;
  if (entry_running (entry))
    rs_restream_stop (entry->restream, STOP_TIMEOUT,
        G_CALLBACK (on_entry_stopped), entry);
  log_line (entry->service, "[%s] deactivated", entry->id);
  respond_json (msg, 200, entry_to_json (entry));
}

static void
delete_restream (RsService * self, Entry * entry, SoupServerMessage * msg)
{
  g_hash_table_steal (self->entries, entry->id);
  entry_unlink (entry);
  entry->deleted = TRUE;
  log_line (self, "[%s] deleted", entry->id);
  soup_server_message_set_status (msg, 204, NULL);
  if (entry_running (entry)) {
    self->deleting = g_list_prepend (self->deleting, entry);
    rs_restream_stop (entry->restream, STOP_TIMEOUT,
        G_CALLBACK (on_entry_stopped), entry);
  } else {
    entry_free (entry);
  }
}

static void
add_target (RsService * self, Entry * entry, SoupServerMessage * msg)
{
  g_autoptr (JsonNode) root = read_body (msg);
  g_autoptr (GPtrArray) problems = gst_restream_findings_new ();
  g_autoptr (GError) error = NULL;
  const RsDescription *d = rs_restream_get_description (entry->restream);
  g_autoptr (JsonNode) whole = NULL;
  RsDescription *checked;
  RsDescriptionTarget *target;
  g_autofree gchar *prefix = NULL;
  guint used, i;

  if (!root)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (root)) {
    respond_error (msg, &ERR_INVALID, NULL, "a target is a JSON object");
    return;
  }
  /* The target is checked as part of the whole description, by the same
   * rules: a duplicate name or too many targets are problems there too. */
  whole = rs_description_to_json (d, TRUE);
  json_array_add_element (json_object_get_array_member (json_node_get_object
          (whole), "targets"), json_node_ref (root));
  checked = rs_description_load_json_node (whole, problems);
  prefix = g_strdup_printf ("targets[%u]", d->targets->len);
  for (i = 0; i < problems->len; i++) {
    GstRestreamFinding *p = g_ptr_array_index (problems, i);

    if (g_str_has_prefix (p->key, prefix)) {
      gchar *field = g_strdup (p->key + strlen (prefix) +
          (p->key[strlen (prefix)] == '.'));

      g_free (p->key);
      p->key = field;
    }
  }
  if (!checked) {
    respond_error (msg, &ERR_INVALID, problems, "the target is not valid; "
        "nothing was changed");
    return;
  }
  used = account_targets (self, entry->account);
  if (used + 1 > entry->account->max_targets) {
    respond_error (msg, &ERR_QUOTA, NULL, "account %s may have %u restream "
        "target%s and has %u", entry->account->name,
        entry->account->max_targets,
        entry->account->max_targets == 1 ? "" : "s", used);
    rs_description_free (checked);
    return;
  }
  target = g_ptr_array_steal_index (checked->targets,
      checked->targets->len - 1);
  rs_description_free (checked);
  if (!rs_restream_add_target (entry->restream, target, &error)) {
    respond_error (msg, &ERR_CONFLICT, NULL, "%s; nothing was changed",
        error->message);
    /* Not taken: the target is freed with a description of its own. */
    checked = g_new0 (RsDescription, 1);
    checked->targets = g_ptr_array_new ();
    g_ptr_array_add (checked->targets, target);
    g_ptr_array_set_free_func (checked->targets, NULL);
    rs_description_free (checked);
    return;
  }
  if (!save_or_answer (entry, msg)) {
    rs_restream_remove_target (entry->restream, target->name, NULL);
    return;
  }
  log_line (self, "[%s] target %s added", entry->id, target->name);
  respond_json (msg, 201, entry_to_json (entry));
}

static void
remove_target (Entry * entry, const gchar * name, SoupServerMessage * msg)
{
  g_autoptr (GError) error = NULL;

  if (!rs_restream_remove_target (entry->restream, name, &error)) {
    respond_error (msg, g_error_matches (error, G_IO_ERROR,
            G_IO_ERROR_NOT_FOUND) ? &ERR_NOT_FOUND : &ERR_CONFLICT, NULL,
        "%s", error->message);
    return;
  }
  if (!save_or_answer (entry, msg))
    return;
  log_line (entry->service, "[%s] target %s removed", entry->id, name);
  soup_server_message_set_status (msg, 204, NULL);
}

static void
handle_restreams (RsService * self, SoupServerMessage * msg,
    const RsAccount * account, gchar ** parts, guint n)
{
  const gchar *method = soup_server_message_get_method (msg);
  Entry *entry;

  /* parts: "", "v1", "restreams", ID, ... */
  if (n == 3) {
    if (g_str_equal (method, "GET"))
      list_restreams (self, msg, account);
    else if (g_str_equal (method, "POST"))
      create_restream (self, msg, account);
    else
      respond_error (msg, &ERR_METHOD, NULL, "%s /v1/restreams: use GET or "
          "POST", method);
    return;
  }
  entry = g_hash_table_lookup (self->entries, parts[3]);
  /* Another account's restream does not exist for this one. */
  if (!entry || entry->account != account) {
    respond_error (msg, &ERR_NOT_FOUND, NULL, "no restream with id '%s'",
        parts[3]);
    return;
  }
  if (n == 4) {
    if (g_str_equal (method, "GET"))
      respond_json (msg, 200, entry_to_json (entry));
    else if (g_str_equal (method, "DELETE"))
      delete_restream (self, entry, msg);
    else
      respond_error (msg, &ERR_METHOD, NULL, "%s on a restream: use GET or "
          "DELETE", method);
    return;
  }
  if (n == 5 && (g_str_equal (parts[4], "activate")
          || g_str_equal (parts[4], "deactivate"))) {
    if (!g_str_equal (method, "POST"))
      respond_error (msg, &ERR_METHOD, NULL, "%s: use POST", parts[4]);
    else if (g_str_equal (parts[4], "activate"))
      activate_restream (entry, msg);
    else
      deactivate_restream (entry, msg);
    return;
  }
  if (n == 5 && g_str_equal (parts[4], "targets")) {
    if (g_str_equal (method, "POST"))
      add_target (self, entry, msg);
    else
      respond_error (msg, &ERR_METHOD, NULL, "%s on targets: use POST", method);
    return;
  }
  if (n == 6 && g_str_equal (parts[4], "targets")) {
    if (g_str_equal (method, "DELETE"))
      remove_target (entry, parts[5], msg);
    else
      respond_error (msg, &ERR_METHOD, NULL, "%s on a target: use DELETE",
          method);
    return;
  }
  respond_error (msg, &ERR_NOT_FOUND, NULL, "no such resource");
}

/* Prometheus text format */

static void
metric_header (GString * out, const gchar * name, const gchar * type,
    const gchar * help)
{
  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s %s\n", name, help,
      name, type);
}

static void
handle_metrics (RsService * self, SoupServerMessage * msg,
    const RsAccount * account)
{
  static const gchar *const restream_states[] = { "starting", "live",
    "outage", "stopping", "stopped"
  };
  static const gchar *const target_states[] = { "connecting", "live",
    "reconnecting", "refused", "gave-up", "stopped"
  };
  g_autoptr (GPtrArray) mine = g_ptr_array_new ();
  g_autoptr (GPtrArray) statuses =
      g_ptr_array_new_with_free_func ((GDestroyNotify) gst_structure_free);
  GString *out = g_string_new (NULL);
  GHashTableIter iter;
  Entry *entry;
  guint i, j, k, m;
  struct
  {
    const gchar *name, *type, *help, *field;
  } target_metrics[] = {
    {"restream_target_bytes_total", "counter", "Bytes taken by the target.",
        "bytes"},
    {"restream_target_bitrate_kbps", "gauge", "Rate sent to the target over "
          "the last second, kbit/s.", "bitrate"},
    {"restream_target_drops_total", "counter", "Times a slow target lost "
          "stream (whole GOPs) to keep up.", "drops"},
    {"restream_target_reconnects_total", "counter", "Reconnections of the "
          "target.", "reconnects"},
  };

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) & entry))
    if (entry->account == account)
      g_ptr_array_add (mine, entry);
  g_ptr_array_sort (mine, compare_created);
  for (i = 0; i < mine->len; i++)
    g_ptr_array_add (statuses, rs_restream_status (((Entry *)
                g_ptr_array_index (mine, i))->restream));

  metric_header (out, "restream_state", "gauge", "1 for the state the "
      "restream is in.");
  for (i = 0; i < mine->len; i++) {
    Entry *e = g_ptr_array_index (mine, i);
    RsRestreamState s = rs_restream_get_state (e->restream);
    const gchar *now = s == RS_RESTREAM_IDLE ? "stopped" :
        rs_restream_state_name (s);

    for (j = 0; j < G_N_ELEMENTS (restream_states); j++)
      g_string_append_printf (out, "restream_state{id=\"%s\",restream=\"%s\","
          "state=\"%s\"} %d\n", e->id,
          rs_restream_get_description (e->restream)->name, restream_states[j],
          g_str_equal (now, restream_states[j]));
  }
  metric_header (out, "restream_active", "gauge", "1 if the restream should "
      "run (activated), 0 if stopped for good or deactivated.");
  for (i = 0; i < mine->len; i++) {
    Entry *e = g_ptr_array_index (mine, i);

    g_string_append_printf (out, "restream_active{id=\"%s\",restream=\"%s\"} "
        "%d\n", e->id, rs_restream_get_description (e->restream)->name,
        e->active);
  }
  metric_header (out, "restream_input_outages_total", "counter",
      "Times the input was lost and retried.");
  for (i = 0; i < mine->len; i++) {
    Entry *e = g_ptr_array_index (mine, i);

    g_string_append_printf (out, "restream_input_outages_total{id=\"%s\","
        "restream=\"%s\"} %" G_GUINT64_FORMAT "\n", e->id,
        rs_restream_get_description (e->restream)->name, e->outages);
  }
  metric_header (out, "restream_target_state", "gauge", "1 for the state the "
      "target is in.");
  for (i = 0; i < mine->len; i++) {
    Entry *e = g_ptr_array_index (mine, i);
    const GValue *targets = gst_structure_get_value (g_ptr_array_index
        (statuses, i), "targets");

    for (k = 0; k < gst_value_array_get_size (targets); k++) {
      const GstStructure *t =
          gst_value_get_structure (gst_value_array_get_value (targets, k));
      const gchar *state = gst_structure_get_string (t, "state");

      for (j = 0; j < G_N_ELEMENTS (target_states); j++)
        g_string_append_printf (out, "restream_target_state{id=\"%s\","
            "restream=\"%s\",target=\"%s\",state=\"%s\"} %d\n", e->id,
            rs_restream_get_description (e->restream)->name,
            gst_structure_get_string (t, "name"), target_states[j],
            g_str_equal (state, target_states[j]));
    }
  }
  for (m = 0; m < G_N_ELEMENTS (target_metrics); m++) {
    metric_header (out, target_metrics[m].name, target_metrics[m].type,
        target_metrics[m].help);
    for (i = 0; i < mine->len; i++) {
      Entry *e = g_ptr_array_index (mine, i);
      const GValue *targets = gst_structure_get_value (g_ptr_array_index
          (statuses, i), "targets");

      for (k = 0; k < gst_value_array_get_size (targets); k++) {
        const GstStructure *t =
            gst_value_get_structure (gst_value_array_get_value (targets, k));
        const GValue *v = gst_structure_get_value (t, target_metrics[m].field);
        GValue d = G_VALUE_INIT;
        gchar number[G_ASCII_DTOSTR_BUF_SIZE];

        g_value_init (&d, G_TYPE_DOUBLE);
        g_value_transform (v, &d);
        g_string_append_printf (out, "%s{id=\"%s\",restream=\"%s\","
            "target=\"%s\"} %s\n", target_metrics[m].name, e->id,
            rs_restream_get_description (e->restream)->name,
            gst_structure_get_string (t, "name"), g_ascii_formatd (number,
                sizeof (number), "%.17g", g_value_get_double (&d)));
      }
    }
  }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg,
      "text/plain; version=0.0.4; charset=utf-8", SOUP_MEMORY_TAKE,
      out->str, out->len);
  g_string_free (out, FALSE);
}

static gboolean
needs_body (const gchar * method)
{
  return g_str_equal (method, "POST") || g_str_equal (method, "PUT")
      || g_str_equal (method, "PATCH");
}

/* Before the body is read: who asks, and how much they send. */
static void
early_cb (SoupServer * server, SoupServerMessage * msg, const gchar * path,
    GHashTable * query, gpointer data)
{
  RsService *self = data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const RsAccount *account;

  if (g_str_equal (path, "/healthz"))
    return;
  account = authenticate (self, msg);
  if (!account) {
    respond_error (msg, &ERR_UNAUTHORIZED, NULL, "send a valid account token "
        "as 'Authorization: Bearer TOKEN'");
    return;
  }
  g_object_set_data (G_OBJECT (msg), "rs-account", (gpointer) account);
  if (!needs_body (soup_server_message_get_method (msg)))
    return;
  /* No body at all is fine (activate, deactivate); a body of unknown
   * length is not taken. */
  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_NONE
      && soup_message_headers_get_encoding (headers) !=
      SOUP_ENCODING_CONTENT_LENGTH) {
    respond_error (msg, &ERR_LENGTH, NULL, "send the body with a "
        "Content-Length of at most %d bytes", MAX_BODY);
    return;
  }
  if (soup_message_headers_get_content_length (headers) > MAX_BODY) {
    respond_error (msg, &ERR_TOO_LARGE, NULL, "the body has %" G_GINT64_FORMAT
        " bytes; at most %d are taken",
        (gint64) soup_message_headers_get_content_length (headers), MAX_BODY);
    return;
  }
}

static void
request_cb (SoupServer * server, SoupServerMessage * msg, const gchar * path,
    GHashTable * query, gpointer data)
{
  RsService *self = data;
  const RsAccount *account = g_object_get_data (G_OBJECT (msg), "rs-account");
  const gchar *method = soup_server_message_get_method (msg);
  g_auto (GStrv) parts = NULL;
  guint n;

  if (g_str_equal (path, "/healthz")) {
    g_autoptr (JsonBuilder) b = json_builder_new ();

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "status");
    json_builder_add_string_value (b, "ok");
    json_builder_end_object (b);
    respond_json (msg, 200, json_builder_get_root (b));
    return;
  }
  if (!account)
    return;                     /* answered early */
  if (g_str_equal (path, "/metrics")) {
    if (g_str_equal (method, "GET"))
      handle_metrics (self, msg, account);
    else
      respond_error (msg, &ERR_METHOD, NULL, "/metrics: use GET");
    return;
  }
  parts = g_strsplit (path, "/", -1);
  n = g_strv_length (parts);
  /* A trailing slash names the same resource. */
  if (n > 1 && !*parts[n - 1]) {
    g_free (parts[n - 1]);
    parts[--n] = NULL;
  }
  if (n >= 3 && n <= 6 && !*parts[0] && g_str_equal (parts[1], "v1")
      && g_str_equal (parts[2], "restreams"))
    handle_restreams (self, msg, account, parts, n);
  else
    respond_error (msg, &ERR_NOT_FOUND, NULL, "no such resource: %s (see "
        "docs/api.md)", path);
}

static void
request_finished_cb (SoupServer * server, SoupServerMessage * msg,
    gpointer data)
{
  RsService *self = data;
  guint status = soup_server_message_get_status (msg);
  const RsAccount *account = g_object_get_data (G_OBJECT (msg), "rs-account");
  GUri *uri = soup_server_message_get_uri (msg);

  self->requests[MIN (status / 100, 5)]++;
  log_line (self, "%s %s -> %u%s%s", soup_server_message_get_method (msg),
      uri ? g_uri_get_path (uri) : "?", status, account ? " account " : "",
      account ? account->name : "");
}

/* Loading the state */

static void
load_state (RsService * self)
{
  g_autoptr (GDir) dir = g_dir_open (self->restreams_dir, 0, NULL);
  const gchar *name;

  while (dir && (name = g_dir_read_name (dir))) {
    g_autofree gchar *path = g_build_filename (self->restreams_dir, name,
        NULL);
    g_autoptr (JsonParser) parser = json_parser_new ();
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) problems = gst_restream_findings_new ();
    const RsAccount *account = NULL;
    RsDescription *description;
    JsonObject *o;
    Entry *entry;
    const gchar *id, *owner;
    guint i;

    if (g_str_has_suffix (name, ".tmp")) {
      /* A write that a crash interrupted: the old file is still there. */
      g_unlink (path);
      continue;
    }
    if (!g_str_has_suffix (name, ".json"))
      continue;
    if (!json_parser_load_from_file (parser, path, &error)
        || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))) {
      log_line (self, "state: %s is not readable (%s); left as it is", path,
          error ? error->message : "not an object");
      continue;
    }
    o = json_node_get_object (json_parser_get_root (parser));
    id = json_object_get_string_member_with_default (o, "id", NULL);
    owner = json_object_get_string_member_with_default (o, "account", NULL);
    for (i = 0; owner && i < self->accounts->len; i++)
      if (g_str_equal (((RsAccount *) g_ptr_array_index (self->accounts,
                      i))->name, owner))
        account = g_ptr_array_index (self->accounts, i);
    if (!id || !account || g_hash_table_contains (self->entries, id)) {
      log_line (self, "state: %s belongs to %s; left as it is", path,
          !id ? "no restream id" : !account ? "an account that is not in the "
          "accounts file" : "a restream listed twice");
      continue;
    }
    description = rs_description_load_json_node (json_object_get_member (o,
            "description"), problems);
    if (!description) {
      log_line (self, "state: %s holds an invalid description; left as it is",
          path);
      continue;
    }
    entry = entry_new (self, id, account, description);
    entry->active = json_object_get_boolean_member_with_default (o, "active",
        FALSE);
    entry->reason = g_strdup (json_object_get_string_member_with_default (o,
            "reason", ""));
    entry->created = json_object_get_int_member_with_default (o, "created",
        entry->created);
    g_hash_table_insert (self->entries, entry->id, entry);
    log_line (self, "[%s] restream %s of account %s loaded (%s)", entry->id,
        description->name, account->name, entry->active ? "active" : "stopped");
    if (entry->active)
      entry_start (entry);
  }
}

/* Lifecycle */

RsService *
rs_service_new (GPtrArray * accounts, const gchar * state_dir,
    gboolean log, GError ** error)
{
  RsService *self;

  if (g_mkdir_with_parents (state_dir, 0700) != 0) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
        "cannot create the state directory %s: %s", state_dir,
        g_strerror (errno));
    return NULL;
  }
  self = g_new0 (RsService, 1);
  self->accounts = accounts;
  self->log = log;
  self->restreams_dir = g_build_filename (state_dir, "restreams", NULL);
  if (g_mkdir_with_parents (self->restreams_dir, 0700) != 0
      || g_access (self->restreams_dir, W_OK) != 0) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
        "cannot write into %s: %s", self->restreams_dir, g_strerror (errno));
    g_free (self->restreams_dir);
    g_free (self);
    return NULL;
  }
  g_chmod (state_dir, 0700);
  g_chmod (self->restreams_dir, 0700);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
      (GDestroyNotify) entry_free);
  self->server = soup_server_new ("server-header", "gst-restream ", NULL);
  soup_server_add_early_handler (self->server, NULL, early_cb, self, NULL);
  soup_server_add_handler (self->server, NULL, request_cb, self, NULL);
  g_signal_connect (self->server, "request-finished",
      G_CALLBACK (request_finished_cb), self);
  load_state (self);
  return self;
}

gboolean
rs_service_listen (RsService * self, const gchar * address, GError ** error)
{
  g_autofree gchar *host = NULL;
  const gchar *colon = strrchr (address, ':');
  g_autoptr (GSocketAddress) socket_address = NULL;
  gchar *end = NULL;
  gint64 port;
  GSList *uris, *l;

  port = colon ? g_ascii_strtoll (colon + 1, &end, 10) : -1;
  if (!colon || end == colon + 1 || *end || port < 0 || port > 65535) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        "--listen %s: give HOST:PORT, for example 127.0.0.1:8080", address);
    return FALSE;
  }
  host = g_strndup (address, colon - address);
  if (host[0] == '[' && host[strlen (host) - 1] == ']') {
    memmove (host, host + 1, strlen (host));
    host[strlen (host) - 1] = '\0';
  }
  socket_address = g_inet_socket_address_new_from_string (host, port);
  if (!socket_address) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        "--listen %s: '%s' is not an IP address", address, host);
    return FALSE;
  }
  if (!soup_server_listen (self->server, socket_address, 0, error))
    return FALSE;
  uris = soup_server_get_uris (self->server);
  for (l = uris; l; l = l->next) {
    g_autofree gchar *text = g_uri_to_string (l->data);

    g_print ("restream-launch: control API on %s\n", text);
  }
  fflush (stdout);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return TRUE;
}

static void
service_stopped_one (RsService * self)
{
  if (self->stopping > 0 && --self->stopping == 0 && self->done)
    ((void (*)(gpointer)) self->done) (self->done_data);
}

void
rs_service_shutdown (RsService * self, GCallback done, gpointer user_data)
{
  GHashTableIter iter;
  Entry *entry;
  GList *l;

  self->shutting_down = TRUE;
  self->done = done;
  self->done_data = user_data;
  soup_server_disconnect (self->server);
  /* The state on disk stays as it is: what was active runs again. */
  self->stopping = 1;
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) & entry)) {
    if (entry_running (entry)) {
      self->stopping++;
      entry->counted = TRUE;
      rs_restream_stop (entry->restream, STOP_TIMEOUT,
          G_CALLBACK (on_entry_stopped), entry);
    }
  }
  for (l = self->deleting; l; l = l->next) {
    self->stopping++;
    ((Entry *) l->data)->counted = TRUE;
  }
  service_stopped_one (self);
}

void
rs_service_free (RsService * self)
{
  if (!self)
    return;
  g_clear_object (&self->server);
  g_list_free_full (self->deleting, (GDestroyNotify) entry_free);
  g_hash_table_unref (self->entries);
  g_ptr_array_unref (self->accounts);
  g_free (self->restreams_dir);
  g_free (self);
}
