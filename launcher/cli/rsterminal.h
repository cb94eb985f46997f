/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __RS_TERMINAL_H__
#define __RS_TERMINAL_H__

#include <gst/gst.h>

#include "rsdescription.h"

G_BEGIN_DECLS
/* What restream-launch prints while a restream runs: a live status table
 * on a terminal, one line per event, JSON lines, or errors only. Never a
 * secret: events carry none, and descriptions are shown redacted. */
    typedef enum
{
  RS_TERMINAL_VIEW,             /* a live table on a terminal */
  RS_TERMINAL_LINES,            /* one line per event */
  RS_TERMINAL_JSON,
  RS_TERMINAL_QUIET,
} RsTerminalOutput;

typedef struct _RsTerminal RsTerminal;

RsTerminal *rs_terminal_new (RsTerminalOutput output);

/* Prints a restream event (see rs_restream_new) as the output wants. */
void rs_terminal_show_event (RsTerminal * terminal, const GstStructure * event);

void rs_terminal_free (RsTerminal * terminal);

/* --check: what would run, secrets redacted. */
void rs_terminal_print_check (const gchar * path,
    const RsDescription * description);

/* --check-input: opens the input for up to @seconds and prints its codecs
 * and, per target, whether the target's platform takes them (with the
 * rule's advice). Returns the exit code: RS_EXIT_START_FAILED if the input did
 * not come up, RS_EXIT_INVALID if a platform refuses the codecs. */
gint rs_terminal_check_input (const RsDescription * d, guint seconds);

G_END_DECLS
#endif /* __RS_TERMINAL_H__ */
