/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __RS_EXIT_H__
#define __RS_EXIT_H__

#include <glib.h>

G_BEGIN_DECLS

/* restream-launch's exit codes: --help and docs/launcher.md list them, and
 * scripts act on them. */
typedef enum
{
  RS_EXIT_OK = 0,               /* stopped by a signal; --check: valid */
  RS_EXIT_START_FAILED = 1,     /* a missing element, an input not opened */
  RS_EXIT_INVALID = 2,          /* the description or the command line */
  RS_EXIT_NOT_RUNNING = 3,      /* --reactivate: no running restream */
} RsExitCode;

G_END_DECLS
#endif /* __RS_EXIT_H__ */
