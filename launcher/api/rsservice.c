/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The control API: restreams as a service (docs/api.md). This file holds
 * the service's life and its SoupServer callbacks; rsroutes.c says which
 * handler answers what, rsstore.c keeps the state directory. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "rsservice-private.h"

#include <string.h>
#include <glib/gprintf.h>

void
rs_service_log (RsService * self, const gchar * format, ...)
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

/* Before the body is read: who asks, and how much they send. */
static void
early_cb (SoupServer * server, SoupServerMessage * msg, const gchar * path,
    GHashTable * query, gpointer data)
{
  RsService *self = data;
  const RsAccount *account;

  if (rs_routes_is_public (path))
    return;
  account = rs_http_authenticate (self->accounts, msg);
  if (!account) {
    rs_http_respond_error (msg, RS_API_ERROR_UNAUTHORIZED, NULL, "send a "
        "valid account token as 'Authorization: Bearer TOKEN'");
    return;
  }
  g_object_set_data (G_OBJECT (msg), "rs-account", (gpointer) account);
  rs_http_check_body_size (msg);
}

static void
request_cb (SoupServer * server, SoupServerMessage * msg, const gchar * path,
    GHashTable * query, gpointer data)
{
  RsService *self = data;
  const RsAccount *account = g_object_get_data (G_OBJECT (msg), "rs-account");

  if (!account && !rs_routes_is_public (path))
    return;                     /* answered early */
  rs_routes_dispatch (self, msg, path, account);
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
  rs_service_log (self, "%s %s -> %u%s%s",
      soup_server_message_get_method (msg), uri ? g_uri_get_path (uri) : "?",
      status, account ? " account " : "", account ? account->name : "");
}

RsService *
rs_service_new (GPtrArray * accounts, const gchar * state_dir,
    gboolean log, GError ** error)
{
  gchar *restreams_dir = rs_store_prepare (state_dir, error);
  RsService *self;

  if (!restreams_dir)
    return NULL;
  self = g_new0 (RsService, 1);
  self->accounts = accounts;
  self->log = log;
  self->restreams_dir = restreams_dir;
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
      (GDestroyNotify) rs_entry_free);
  self->server = soup_server_new ("server-header", "gst-restream ", NULL);
  soup_server_add_early_handler (self->server, NULL, early_cb, self, NULL);
  soup_server_add_handler (self->server, NULL, request_cb, self, NULL);
  g_signal_connect (self->server, "request-finished",
      G_CALLBACK (request_finished_cb), self);
  rs_store_load (self);
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

void
rs_service_stopped_one (RsService * self)
{
  if (self->stopping > 0 && --self->stopping == 0 && self->done)
    ((void (*)(gpointer)) self->done) (self->done_data);
}

void
rs_service_shutdown (RsService * self, GCallback done, gpointer user_data)
{
  GHashTableIter iter;
  RsEntry *entry;
  GList *l;

  self->shutting_down = TRUE;
  self->done = done;
  self->done_data = user_data;
  soup_server_disconnect (self->server);
  /* The state on disk stays as it is: what was active runs again. */
  self->stopping = 1;
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) & entry)) {
    if (rs_entry_running (entry)) {
      self->stopping++;
      entry->counted = TRUE;
      rs_entry_stop (entry);
    }
  }
  for (l = self->deleting; l; l = l->next) {
    self->stopping++;
    ((RsEntry *) l->data)->counted = TRUE;
  }
  rs_service_stopped_one (self);
}

void
rs_service_free (RsService * self)
{
  if (!self)
    return;
  g_clear_object (&self->server);
  g_list_free_full (self->deleting, (GDestroyNotify) rs_entry_free);
  g_hash_table_unref (self->entries);
  g_ptr_array_unref (self->accounts);
  g_free (self->restreams_dir);
  g_free (self);
}
