/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __RS_SCHEMA_H__
#define __RS_SCHEMA_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/* The keys of a restream description, once: for the [restream] group and
 * for a [target NAME] group, every key with its type, default, limits,
 * whether it is secret and what it means. The .ini reader, the JSON reader
 * and writer and the check of docs/description.md all walk these tables,
 * so a key added here is read, written, refused when unknown and
 * documented in one step. The keys are listed, written and (those that
 * stand on their own) checked in the order they have here. */

typedef enum
{
  RS_SCHEMA_NAME,               /* 1 to 64 letters, digits, '-', '_', '.' */
  RS_SCHEMA_INPUT_URL,          /* rtmp://, rtmps://, srt:// or file:// */
  RS_SCHEMA_TARGET_URL,         /* checked with the key by the target library */
  RS_SCHEMA_STREAM_KEY,
  RS_SCHEMA_PLATFORM,           /* checked against the target URL */
  RS_SCHEMA_SECONDS,            /* positive, fractions allowed */
  RS_SCHEMA_BOOLEAN,            /* true/false, yes/no, 1/0 */
  RS_SCHEMA_COUNT,              /* a whole number within the limits */
  RS_SCHEMA_IMAGE,              /* the path of a PNG or JPEG file */
  RS_SCHEMA_TARGETS,            /* the JSON form's array of targets */
} RsSchemaType;

typedef enum
{
  RS_SCHEMA_REQUIRED = 1 << 0,
  /* Never shown: left out of a description written without secrets. */
  RS_SCHEMA_SECRET = 1 << 1,
  /* A field of the JSON form only: the .ini form has it in its group
   * names (the NAME of [target NAME], the [target NAME] groups). */
  RS_SCHEMA_JSON_ONLY = 1 << 2,
} RsSchemaFlags;

typedef struct
{
  const gchar *name;            /* the .ini key and the JSON field */
  RsSchemaType type;
  RsSchemaFlags flags;
  /* Seconds: in nanoseconds; boolean: 0 or 1; count: the value a key that
   * is not given leaves in the description (none of its limits). */
  gint64 default_value;
  gint64 minimum, maximum;      /* count: inclusive; seconds: maximum only */
  /* For the docs, where the default is not a value of the key. */
  const gchar *default_text;
  /* Of the field in RsDescription or RsDescriptionTarget: a gchar * for
   * the text types and images, a GstClockTime for seconds, a gboolean, a
   * gint (or a guint of the same width) for counts, a
   * GstRestreamPlatform. */
  gsize offset;
  const gchar *missing;         /* required keys: the problem if not given */
  /* What a value that does not fit is not ("a number of attempts (0 = no
   * limit)"); NULL for the type's own words (rs_schema_refusal()). */
  const gchar *refusal;
  const gchar *meaning;         /* one line, as docs/description.md has it */
} RsSchemaKey;

/* The .ini groups: [restream], and [target NAME] for every target. */
#define RS_SCHEMA_RESTREAM_GROUP "restream"
#define RS_SCHEMA_TARGET_PREFIX "target "

typedef struct
{
  const gchar *group;           /* the .ini heading: "restream", "target NAME" */
  const gchar *noun;            /* "a restream", "a target" */
  const RsSchemaKey *keys;      /* up to one with a NULL name */
} RsSchemaGroup;

const RsSchemaGroup *rs_schema_restream (void);
const RsSchemaGroup *rs_schema_target (void);

/* The key @name of @group in the .ini form (@json FALSE) or in the JSON
 * form; NULL if that form has no such key. */
const RsSchemaKey *rs_schema_find (const RsSchemaGroup * group,
    const gchar * name, gboolean json);

/* "name, input, ...": the keys of @group in one form, in their order. */
gchar *rs_schema_key_list (const RsSchemaGroup * group, gboolean json);

/* The type as the docs name it: "seconds", "count", ... */
const gchar *rs_schema_type_name (RsSchemaType type);

/* What a value of @key that does not fit is not, as in "'soon' is not a
 * positive number of seconds." */
const gchar *rs_schema_refusal (const RsSchemaKey * key);

G_END_DECLS

#endif /* __RS_SCHEMA_H__ */
