/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __RS_DESCRIPTION_H__
#define __RS_DESCRIPTION_H__

#include <gst/gst.h>

#include "gstrestreamfinding.h"
#include "gstrestreamtarget.h"
#include "gstrestreamplatform.h"

G_BEGIN_DECLS
/* A restream description: one [restream] group and one [target NAME] group
 * per target, as GKeyFile .ini, with the keys of rsschema.c. Loading
 * validates the whole description before anything connects and reports
 * every problem with its group, key and reason; secrets never appear in a
 * problem. */
    typedef struct
{
  gchar *name;
  gchar *url;                   /* as written; may carry secrets */
  gchar *key;                   /* secret */
  GstRestreamPlatform platform;
  GstRestreamTarget *target;    /* parsed and validated */
  gboolean tls_validation;      /* FALSE: accept any certificate (RTMPS) */
  gint max_reconnects;          /* -1: the platform's policy; 0: no limit */
  gboolean slate;               /* FALSE: held, without media, in an outage */
  gboolean enabled;             /* FALSE: kept, not connected */
} RsDescriptionTarget;

typedef struct
{
  gchar *name;
  gchar *input;                 /* may carry secrets */
  GstClockTime outage_threshold;
  GstClockTime retry_timeout;
  guint max_targets;            /* 0 = no limit */
  gboolean input_tls_validation;
  gboolean slate;               /* failoversrc sends a slate in an outage */
  gchar *slate_image;           /* NULL: the card */
  GPtrArray *targets;           /* RsDescriptionTarget */
} RsDescription;

/* What loading checks besides the rules of the description itself. */
typedef enum
{
  RS_DESCRIPTION_LOAD_DEFAULT = 0,
  /* The files the description names (slate-image) are not opened: for a
   * description accepted before, as the control API keeps it. A file gone
   * since then makes the restream fail to start, saying why, instead of
   * making the whole restream disappear. */
  RS_DESCRIPTION_LOAD_SKIP_FILES = 1 << 0,
} RsDescriptionLoadFlags;

/* Loads and validates a description from @data (@length bytes, or -1 if
 * NUL-terminated). Every problem is appended to @problems
 * (gst_restream_findings_new()) with its group as the scope, "" for the
 * file as a whole, and its key, "" for the group as a whole. Returns NULL
 * if any problem is an error. */
RsDescription *rs_description_load_data (const gchar * data, gsize length,
    GPtrArray * problems);

/* The same from a loaded GKeyFile (the JSON form is turned into one, so
 * that both forms follow the same rules). */
RsDescription *rs_description_load_keyfile (GKeyFile * file,
    RsDescriptionLoadFlags flags, GPtrArray * problems);

/* 1 to 64 letters, digits, '-', '_' or '.'. */
gboolean rs_description_name_is_valid (const gchar * name);

/* The same from a file; a file that cannot be read is a problem too. */
RsDescription *rs_description_load_file (const gchar * path,
    GPtrArray * problems);

void rs_description_free (RsDescription * description);
/* A target that no description holds (the key is wiped). */
void rs_description_target_free (RsDescriptionTarget * target);

G_END_DECLS
#endif /* __RS_DESCRIPTION_H__ */
