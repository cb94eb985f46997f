/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* restream-launch --serve: the control API in a main loop until SIGINT or
 * SIGTERM, which stop every restream and keep their state for the next
 * start; a second signal quits at once. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <signal.h>
#include <gio/gio.h>
#include <glib-unix.h>

#include "rsaccounts.h"
#include "rsexit.h"
#include "rsserve.h"
#include "rsservice.h"

#define DEFAULT_LISTEN "127.0.0.1:8080"

typedef struct
{
  GMainLoop *loop;
  RsService *service;
  gboolean stopping;
} Service;

static void
on_service_stopped (gpointer data)
{
  g_main_loop_quit (((Service *) data)->loop);
}

static gboolean
on_service_signal (gpointer data)
{
  Service *service = data;

  if (service->stopping) {
    g_main_loop_quit (service->loop);
    return G_SOURCE_CONTINUE;
  }
  service->stopping = TRUE;
  g_print ("restream-launch: stopping every restream (the state is kept)\n");
  rs_service_shutdown (service->service, G_CALLBACK (on_service_stopped),
      service);
  return G_SOURCE_CONTINUE;
}

static void
run_service (Service * service)
{
  guint signals[2], i;

  signals[0] = g_unix_signal_add (SIGINT, on_service_signal, service);
  signals[1] = g_unix_signal_add (SIGTERM, on_service_signal, service);
  g_main_loop_run (service->loop);
  for (i = 0; i < G_N_ELEMENTS (signals); i++)
    g_source_remove (signals[i]);
}

gint
rs_serve (const gchar * listen, const gchar * accounts_file,
    const gchar * state_dir, gboolean quiet)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *default_state = NULL;
  Service service = { 0 };
  GPtrArray *accounts;
  gint code = RS_EXIT_OK;

  if (!accounts_file) {
    g_printerr ("restream-launch: --serve needs --accounts FILE\n");
    return RS_EXIT_INVALID;
  }
  accounts = rs_accounts_load (accounts_file, &error);
  if (!accounts) {
    g_printerr ("restream-launch: %s\n", error->message);
    return RS_EXIT_INVALID;
  }
  if (!state_dir)
    state_dir = default_state = g_build_filename (g_get_user_state_dir (),
        "gst-restream", NULL);
  service.loop = g_main_loop_new (NULL, FALSE);
  service.service = rs_service_new (accounts, state_dir, !quiet, &error);
  if (!service.service) {
    g_printerr ("restream-launch: %s\n", error->message);
    g_ptr_array_unref (accounts);
    g_main_loop_unref (service.loop);
    return RS_EXIT_INVALID;
  }
  if (rs_service_listen (service.service, listen ? listen : DEFAULT_LISTEN,
          &error)) {
    run_service (&service);
  } else {
    code = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT) ?
        RS_EXIT_INVALID : RS_EXIT_START_FAILED;
    g_printerr ("restream-launch: cannot listen: %s\n", error->message);
  }
  rs_service_free (service.service);
  g_main_loop_unref (service.loop);
  return code;
}
