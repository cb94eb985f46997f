/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* restream-launch: runs one restream description until interrupted, or,
 * with --serve, every restream of a control API (docs/api.md). Here: the
 * options, and which mode they ask for; rsrun.c runs one description,
 * rsserve.c the API, rsterminal.c prints. The exit codes are in rsexit.h. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "rsdescription.h"
#include "rsexit.h"
#include "rsrun.h"
#include "rsserve.h"
#include "rsterminal.h"

typedef struct
{
  gboolean check, json, quiet, lines, reactivate, serve, version;
  gchar *dot_dir, *pid_file;
  gchar *listen, *accounts, *state_dir;
  gint check_input;
} Options;

/* Every exit path frees the option strings. */
static void
options_clear (Options * options)
{
  g_free (options->dot_dir);
  g_free (options->pid_file);
  g_free (options->listen);
  g_free (options->accounts);
  g_free (options->state_dir);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear);

static gboolean
parse_options (Options * o, int *argc, char ***argv)
{
  /* *INDENT-OFF* */
  GOptionEntry entries[] = {
    {"version", 0, 0, G_OPTION_ARG_NONE, &o->version,
        "Print the version (and GStreamer's) and exit", NULL},
    {"check", 0, 0, G_OPTION_ARG_NONE, &o->check,
        "Validate the description, print what would run, and exit", NULL},
    {"check-input", 0, 0, G_OPTION_ARG_INT, &o->check_input,
        "With --check: also open the input for up to SECONDS and check its "
        "codecs against every target's platform (exit 2 if one refuses "
        "them)", "SECONDS"},
    {"json", 0, 0, G_OPTION_ARG_NONE, &o->json,
        "One JSON event per line on stdout instead of the status view", NULL},
    {"lines", 0, 0, G_OPTION_ARG_NONE, &o->lines,
        "One text line per event (the default when stdout is not a terminal)",
        NULL},
    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet,
        "Print errors only", NULL},
    {"dot", 0, 0, G_OPTION_ARG_FILENAME, &o->dot_dir,
        "Write pipeline graphs (secrets removed) into DIR when the restream "
        "goes live, when a target fails, and on SIGUSR1", "DIR"},
    {"pid-file", 0, 0, G_OPTION_ARG_FILENAME, &o->pid_file,
        "Where the running restream's pid is kept (default: "
        "$XDG_RUNTIME_DIR/gst-restream/NAME.pid)", "FILE"},
    {"reactivate", 0, 0, G_OPTION_ARG_NONE, &o->reactivate,
        "Ask the running restream of this description to read it again and "
        "activate again (the same as sending it SIGHUP)", NULL},
    {"serve", 0, 0, G_OPTION_ARG_NONE, &o->serve,
        "Run the control API instead of one description (docs/api.md)", NULL},
    {"listen", 0, 0, G_OPTION_ARG_STRING, &o->listen,
        "With --serve: the address to listen on (default 127.0.0.1:8080)",
        "HOST:PORT"},
    {"accounts", 0, 0, G_OPTION_ARG_FILENAME, &o->accounts,
        "With --serve: the accounts file ([account NAME] token, max-targets)",
        "FILE"},
    {"state-dir", 0, 0, G_OPTION_ARG_FILENAME, &o->state_dir,
        "With --serve: where restreams are kept (default "
        "$XDG_STATE_HOME/gst-restream)", "DIR"},
    {NULL}
  };
  /* *INDENT-ON* */
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;

  context = g_option_context_new ("DESCRIPTION.ini | --serve");
  g_option_context_set_summary (context,
      "Pushes one live input to every target of a restream description, "
      "or, with --serve, runs restreams through an HTTP/JSON control API.");
  g_option_context_set_description (context,
      "Exit codes: 0 stopped by SIGINT/SIGTERM, or --check found the "
      "description valid; 1 the restream could not start, or --check-input "
      "could not open the input; 2 invalid description or command line, or "
      "a target's platform refuses the input's codecs; 3 --reactivate found "
      "no running restream.\n"
      "Signals: SIGINT/SIGTERM stop (EOS to the targets, at most 3 s); "
      "SIGHUP reads the description again (changed targets reconnect, the "
      "others are not touched) and activates again; SIGUSR1 writes a graph "
      "(--dot).\n");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, gst_init_get_option_group ());
  if (!g_option_context_parse (context, argc, argv, &error)) {
    g_printerr ("restream-launch: %s\n", error->message);
    return FALSE;
  }
  return TRUE;
}

static RsTerminalOutput
terminal_output (const Options * o)
{
  if (o->json)
    return RS_TERMINAL_JSON;
  if (o->quiet)
    return RS_TERMINAL_QUIET;
  if (o->lines || !isatty (STDOUT_FILENO))
    return RS_TERMINAL_LINES;
  return RS_TERMINAL_VIEW;
}

/* Prints every problem; NULL if the description cannot run. */
static RsDescription *
load_description (const gchar * path)
{
  g_autoptr (GPtrArray) problems = gst_restream_findings_new ();
  RsDescription *description = rs_description_load_file (path, problems);
  gboolean has_error = FALSE;
  guint i;

  for (i = 0; i < problems->len; i++) {
    GstRestreamFinding *p = g_ptr_array_index (problems, i);
    g_autofree gchar *text = gst_restream_finding_to_string (p);

    has_error |= p->severity == GST_RESTREAM_FINDING_ERROR;
    g_printerr ("%s: %s%s\n", path, p->severity ==
        GST_RESTREAM_FINDING_ERROR ? "error: " : "", text);
  }
  if (!description)
    g_printerr ("%s: %s; nothing was started\n", path, has_error ?
        "invalid description" : "cannot load");
  return description;
}

static gint
serve (Options * o, int argc)
{
  gint code;

  if (argc != 1) {
    g_printerr ("restream-launch: --serve takes no description; create "
        "restreams through the API\n");
    return RS_EXIT_INVALID;
  }
  code = rs_serve (o->listen, o->accounts, o->state_dir, o->quiet);
  gst_deinit ();
  return code;
}

static gint
run_description (Options * o, int argc, char **argv)
{
  RsDescription *description;
  gint code;

  if (o->listen || o->accounts || o->state_dir) {
    g_printerr ("restream-launch: --listen, --accounts and --state-dir go "
        "with --serve\n");
    return RS_EXIT_INVALID;
  }
  if (argc != 2) {
    g_printerr ("restream-launch: give one description file (see --help)\n");
    return RS_EXIT_INVALID;
  }
  description = load_description (argv[1]);
  if (!description)
    return RS_EXIT_INVALID;

  if (!o->pid_file)
    o->pid_file = rs_run_default_pid_file (description->name);
  if (o->reactivate) {
    code = rs_run_reactivate (o->pid_file);
    rs_description_free (description);
    return code;
  }
  if (o->check) {
    rs_terminal_print_check (argv[1], description);
    code = o->check_input > 0 ?
        rs_terminal_check_input (description, o->check_input) : RS_EXIT_OK;
    rs_description_free (description);
    return code;
  }
  if (o->dot_dir && g_mkdir_with_parents (o->dot_dir, 0700) != 0) {
    g_printerr ("restream-launch: cannot create %s: %s\n", o->dot_dir,
        g_strerror (errno));
    rs_description_free (description);
    return RS_EXIT_INVALID;
  }
  code = rs_run (description, argv[1], terminal_output (o), o->dot_dir,
      o->pid_file);
  gst_deinit ();
  return code;
}

int
main (int argc, char *argv[])
{
  g_auto (Options) options = { 0 };

  if (!parse_options (&options, &argc, &argv))
    return RS_EXIT_INVALID;
  if (options.version) {
    g_autofree gchar *gst = gst_version_string ();

    g_print ("restream-launch (gst-restream) %s, %s\n", VERSION, gst);
    return RS_EXIT_OK;
  }
  if (options.serve)
    return serve (&options, argc);
  return run_description (&options, argc, argv);
}
