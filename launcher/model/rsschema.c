/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "rsschema.h"
#include "rsdescription.h"
#include "gstrestreamdefaults.h"
#include "gstrestreamslate.h"

#define MAX_SECONDS 1000000

#define RESTREAM_FIELD(member) G_STRUCT_OFFSET (RsDescription, member)
#define TARGET_FIELD(member) G_STRUCT_OFFSET (RsDescriptionTarget, member)

/* *INDENT-OFF* */
static const RsSchemaKey restream_keys[] = {
  {.name = "name", .type = RS_SCHEMA_NAME, .flags = RS_SCHEMA_REQUIRED,
   .offset = RESTREAM_FIELD (name),
   .missing = "missing: every restream has a name.",
   .meaning = "what logs, events and the API call the restream"},
  {.name = "input", .type = RS_SCHEMA_INPUT_URL, .flags = RS_SCHEMA_REQUIRED,
   .offset = RESTREAM_FIELD (input),
   .missing = "missing: the URL of the stream to restream.",
   .meaning = "the stream to restream"},
  {.name = "outage-threshold", .type = RS_SCHEMA_SECONDS,
   .default_value = GST_RESTREAM_DEFAULT_OUTAGE_THRESHOLD,
   .maximum = MAX_SECONDS, .offset = RESTREAM_FIELD (outage_threshold),
   .meaning = "time without data before the input counts as down"},
  {.name = "retry-timeout", .type = RS_SCHEMA_SECONDS,
   .default_value = GST_RESTREAM_DEFAULT_RETRY_TIMEOUT,
   .maximum = MAX_SECONDS, .offset = RESTREAM_FIELD (retry_timeout),
   .meaning = "time of retrying the input before the restream stops for "
       "good"},
  {.name = "max-targets", .type = RS_SCHEMA_COUNT,
   .default_value = 0, .minimum = 1, .maximum = 1000,
   .default_text = "no limit", .offset = RESTREAM_FIELD (max_targets),
   .refusal = "a number of targets from 1 to 1000",
   .meaning = "refuse descriptions with more targets"},
  {.name = "input-tls-validation", .type = RS_SCHEMA_BOOLEAN,
   .default_value = GST_RESTREAM_DEFAULT_TLS_VALIDATION,
   .offset = RESTREAM_FIELD (input_tls_validation),
   .meaning = "false accepts any certificate on an rtmps:// input"},
  {.name = "slate", .type = RS_SCHEMA_BOOLEAN,
   .default_value = TRUE, .offset = RESTREAM_FIELD (slate),
   .meaning = "send a still picture and silence to every target while the "
       "input is down"},
  {.name = "slate-image", .type = RS_SCHEMA_IMAGE,
   .default_text = "a card with the restream's name and \""
       GST_RESTREAM_SLATE_DEFAULT_TEXT "\"",
   .offset = RESTREAM_FIELD (slate_image),
   .meaning = "the slate's picture, instead of the card"},
  {.name = "targets", .type = RS_SCHEMA_TARGETS, .flags = RS_SCHEMA_JSON_ONLY,
   .offset = RESTREAM_FIELD (targets),
   .meaning = "the targets, each with its name and the keys of "
       "[target NAME]"},
  {NULL}
};

static const RsSchemaKey target_keys[] = {
  {.name = "name", .type = RS_SCHEMA_NAME,
   .flags = RS_SCHEMA_REQUIRED | RS_SCHEMA_JSON_ONLY,
   .offset = TARGET_FIELD (name),
   .missing = "missing: every target has a name.",
   .meaning = "the NAME of [target NAME]"},
  {.name = "url", .type = RS_SCHEMA_TARGET_URL, .flags = RS_SCHEMA_REQUIRED,
   .offset = TARGET_FIELD (url),
   .missing = "missing: the target's RTMP(S) or SRT URL.",
   .meaning = "RTMP(S) server URL, or SRT URL with FFmpeg-style parameters"},
  {.name = "key", .type = RS_SCHEMA_STREAM_KEY, .flags = RS_SCHEMA_SECRET,
   .offset = TARGET_FIELD (key),
   .meaning = "the stream key of an RTMP(S) target (it may also end the "
       "URL); never for SRT"},
  {.name = "platform", .type = RS_SCHEMA_PLATFORM,
   .default_text = "generic-rtmp for RTMP(S), srt for SRT",
   .offset = TARGET_FIELD (platform),
   .refusal = "one of generic-rtmp, youtube, facebook, twitch, srt",
   .meaning = "the platform whose rules the target follows"},
  {.name = "tls-validation", .type = RS_SCHEMA_BOOLEAN,
   .default_value = GST_RESTREAM_DEFAULT_TLS_VALIDATION,
   .offset = TARGET_FIELD (tls_validation),
   .meaning = "false accepts any certificate (rtmps:// targets only; an "
       "explicit opt-in for self-signed servers)"},
  {.name = "max-reconnects", .type = RS_SCHEMA_COUNT,
   .default_value = -1, .minimum = 0, .maximum = 1000000,
   .default_text = "the platform's policy",
   .offset = TARGET_FIELD (max_reconnects),
   .refusal = "a number of attempts (0 = no limit)",
   .meaning = "attempts in a row before giving up (0 = no limit)"},
  {.name = "slate", .type = RS_SCHEMA_BOOLEAN,
   .default_value = TRUE, .offset = TARGET_FIELD (slate),
   .meaning = "false: the target gets no slate; while the input is down "
       "its connection stays up without media"},
  {.name = "enabled", .type = RS_SCHEMA_BOOLEAN,
   .default_value = TRUE, .offset = TARGET_FIELD (enabled),
   .meaning = "false: the target is kept but not connected (disabled)"},
  {NULL}
};
/* *INDENT-ON* */

static const RsSchemaGroup restream_group = { "restream", "a restream",
  restream_keys
};

static const RsSchemaGroup target_group = { "target NAME", "a target",
  target_keys
};

/* *INDENT-OFF* */
static const struct
{
  const gchar *name;
  const gchar *refusal;
} types[] = {
  [RS_SCHEMA_NAME] = {"name", NULL},
  [RS_SCHEMA_INPUT_URL] = {"URL", "an rtmp://, rtmps://, srt:// or file:// URL"},
  [RS_SCHEMA_TARGET_URL] = {"target URL", NULL},
  [RS_SCHEMA_STREAM_KEY] = {"string", NULL},
  [RS_SCHEMA_PLATFORM] = {"platform", NULL},
  [RS_SCHEMA_SECONDS] = {"seconds", "a positive number of seconds"},
  [RS_SCHEMA_BOOLEAN] = {"boolean", "true or false"},
  [RS_SCHEMA_COUNT] = {"count", NULL},
  [RS_SCHEMA_IMAGE] = {"image", NULL},
  [RS_SCHEMA_TARGETS] = {"array", NULL},
};
/* *INDENT-ON* */

const RsSchemaGroup *
rs_schema_restream (void)
{
  return &restream_group;
}

const RsSchemaGroup *
rs_schema_target (void)
{
  return &target_group;
}

const RsSchemaKey *
rs_schema_find (const RsSchemaGroup * group, const gchar * name, gboolean json)
{
  const RsSchemaKey *key;

  for (key = group->keys; key->name; key++)
    if (g_str_equal (key->name, name)
        && (json || !(key->flags & RS_SCHEMA_JSON_ONLY)))
      return key;
  return NULL;
}

gchar *
rs_schema_key_list (const RsSchemaGroup * group, gboolean json)
{
  GString *list = g_string_new (NULL);
  const RsSchemaKey *key;

  for (key = group->keys; key->name; key++) {
    if (!json && (key->flags & RS_SCHEMA_JSON_ONLY))
      continue;
    if (list->len)
      g_string_append (list, ", ");
    g_string_append (list, key->name);
  }
  return g_string_free (list, FALSE);
}

const gchar *
rs_schema_type_name (RsSchemaType type)
{
  return types[type].name;
}

const gchar *
rs_schema_refusal (const RsSchemaKey * key)
{
  return key->refusal ? key->refusal : types[key->type].refusal;
}
