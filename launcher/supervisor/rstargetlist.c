/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The restream's list of targets, changed while it runs: a target added
 * is built into the running pipeline and starts from the next keyframe; a
 * target removed ends its connection; the others are not touched. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gio/gio.h>

#include "rsdescjson.h"
#include "rsrestream-private.h"

static gboolean
restream_running (RsRestream * self)
{
  return self->pipeline && (self->state == RS_RESTREAM_STARTING
      || self->state == RS_RESTREAM_LIVE || self->state == RS_RESTREAM_OUTAGE);
}

static gboolean
check_new_target (RsRestream * self, RsDescriptionTarget * desc,
    GError ** error)
{
  RsDescription *d = self->description;
  guint i;

  for (i = 0; i < d->targets->len; i++) {
    RsDescriptionTarget *t = g_ptr_array_index (d->targets, i);

    if (g_str_equal (t->name, desc->name)) {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
          "the restream already has a target named '%s'", desc->name);
      return FALSE;
    }
  }
  if (d->max_targets > 0 && d->targets->len >= d->max_targets) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
        "the restream has max-targets = %u targets already", d->max_targets);
    return FALSE;
  }
  return TRUE;
}

/* mpegtsmux cuts its buffers once, for the smallest payload size. */
static gboolean
check_payload_size (RsRestream * self, RsTarget * target, GError ** error)
{
  gint alignment, size = target->desc->target->payload_size;

  if (target->container != CONTAINER_TS || !self->tees[CONTAINER_TS])
    return TRUE;
  alignment = rs_restream_running_ts_alignment (self);
  if (size > 0 && size / TS_PACKET_SIZE < alignment) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
        "pkt_size %d is smaller than the %d bytes the running SRT "
        "targets use; deactivate and activate the restream to change it",
        size, alignment * TS_PACKET_SIZE);
    return FALSE;
  }
  return TRUE;
}

/* A target new in the list: in a running restream built and started at
 * once (its muxer too, if it is the first of its kind), or disabled. */
static gboolean
start_target (RsRestream * self, RsTarget * target, GError ** error)
{
  if (!restream_running (self))
    return TRUE;
  if (!target->desc->enabled) {
    rs_target_disable (target);
    return TRUE;
  }
  if (!rs_restream_ensure_container (self, target->container, error)
      || !rs_restream_build_target (self, target, error)) {
    rs_restream_unbuild_target (self, target);
    return FALSE;
  }
  rs_target_start (target);
  return TRUE;
}

gboolean
rs_restream_add_target (RsRestream * self, RsDescriptionTarget * desc,
    GError ** error)
{
  RsDescription *d = self->description;
  RsTarget *target;

  if (!check_new_target (self, desc, error))
    return FALSE;
  target = rs_target_new (self, desc);
  if (!check_payload_size (self, target, error)) {
    rs_target_unref (target);
    return FALSE;
  }

  g_ptr_array_add (d->targets, desc);
  g_ptr_array_add (self->targets, target);
  rs_restream_add_secrets (self, desc);
  if (!start_target (self, target, error)) {
    target->restream = NULL;
    g_ptr_array_remove (self->targets, target);
    g_ptr_array_remove (d->targets, desc);
    return FALSE;
  }
  return TRUE;
}

static RsTarget *
find_target (RsRestream * self, const gchar * name)
{
  guint i;

  for (i = 0; i < self->targets->len; i++) {
    RsTarget *target = g_ptr_array_index (self->targets, i);

    if (g_str_equal (target->desc->name, name))
      return target;
  }
  return NULL;
}

gboolean
rs_restream_replace_target (RsRestream * self, RsDescriptionTarget * desc,
    GError ** error)
{
  RsDescription *d = self->description;
  RsTarget *old = find_target (self, desc->name), *target;
  guint target_index, desc_index;

  if (!old) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
        "the restream has no target named '%s'", desc->name);
    return FALSE;
  }
  if (!g_ptr_array_find (self->targets, old, &target_index)
      || !g_ptr_array_find (d->targets, old->desc, &desc_index)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
        "target '%s' is not in the description", desc->name);
    return FALSE;
  }
  target = rs_target_new (self, desc);
  if (!check_payload_size (self, target, error)) {
    rs_target_unref (target);
    return FALSE;
  }

  rs_target_remove (old);
  /* In place: the old description and target go as the new ones come. */
  g_ptr_array_insert (d->targets, desc_index, desc);
  g_ptr_array_remove_index (d->targets, desc_index + 1);
  g_ptr_array_insert (self->targets, target_index, target);
  g_ptr_array_remove_index (self->targets, target_index + 1);
  rs_restream_add_secrets (self, desc);
  /* On failure the new target stays, not running. */
  return start_target (self, target, error);
}

static gboolean
same_target (const RsDescriptionTarget * a, const RsDescriptionTarget * b)
{
  g_autoptr (JsonNode) ja = rs_description_target_to_json (a, TRUE);
  g_autoptr (JsonNode) jb = rs_description_target_to_json (b, TRUE);

  return json_node_equal (ja, jb);
}

static RsDescriptionTarget *
find_desc (const RsDescription * d, const gchar * name)
{
  guint i;

  for (i = 0; i < d->targets->len; i++) {
    RsDescriptionTarget *t = g_ptr_array_index (d->targets, i);

    if (g_str_equal (t->name, name))
      return t;
  }
  return NULL;
}

static void
name_list_add (GString * list, const gchar * name)
{
  g_string_append_printf (list, "%s%s", list->len ? ", " : "", name);
}

/* The [restream] settings a running pipeline cannot take. */
static void
list_ignored (const RsDescription * old, const RsDescription * d,
    GString * ignored)
{
  if (g_strcmp0 (old->input, d->input) != 0)
    name_list_add (ignored, "input");
  if (old->outage_threshold != d->outage_threshold)
    name_list_add (ignored, "outage-threshold");
  if (old->retry_timeout != d->retry_timeout)
    name_list_add (ignored, "retry-timeout");
  if (old->input_tls_validation != d->input_tls_validation)
    name_list_add (ignored, "input-tls-validation");
  if (old->slate != d->slate || g_strcmp0 (old->slate_image,
          d->slate_image) != 0)
    name_list_add (ignored, "slate");
  if (g_strcmp0 (old->name, d->name) != 0)
    name_list_add (ignored, "name");
}

gboolean
rs_restream_reload (RsRestream * self, RsDescription * d, GError ** error)
{
  RsDescription *old = self->description;
  g_autoptr (GString) added = g_string_new (NULL);
  g_autoptr (GString) changed = g_string_new (NULL);
  g_autoptr (GString) removed = g_string_new (NULL);
  g_autoptr (GString) ignored = g_string_new (NULL);
  g_autoptr (GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = TRUE;
  guint i;

  list_ignored (old, d, ignored);
  old->max_targets = d->max_targets;
  for (i = 0; i < old->targets->len; i++) {
    RsDescriptionTarget *t = g_ptr_array_index (old->targets, i);

    if (!find_desc (d, t->name))
      g_ptr_array_add (gone, g_strdup (t->name));
  }
  /* Removed first, so that max-targets counts the new set; but the
   * restream never runs without a target: the last one goes after the
   * new ones came. */
  for (i = 0; ok && i < gone->len; i++) {
    if (self->targets->len == 1)
      break;
    ok = rs_restream_remove_target (self, g_ptr_array_index (gone, i), error);
    if (ok)
      name_list_add (removed, g_ptr_array_index (gone, i));
  }
  while (d->targets->len > 0 && ok) {
    RsDescriptionTarget *t = g_ptr_array_steal_index (d->targets, 0);
    RsDescriptionTarget *current = find_desc (old, t->name);
    g_autofree gchar *name = g_strdup (t->name);

    if (current && same_target (current, t)) {
      rs_description_target_free (t);
      continue;
    }
    if (current)
      ok = rs_restream_replace_target (self, t, error);
    else
      ok = rs_restream_add_target (self, t, error);
    if (!ok && (*error)->domain == G_IO_ERROR)
      rs_description_target_free (t);
    if (ok)
      name_list_add (current ? changed : added, name);
  }
  for (; ok && i < gone->len; i++) {
    ok = rs_restream_remove_target (self, g_ptr_array_index (gone, i), error);
    if (ok)
      name_list_add (removed, g_ptr_array_index (gone, i));
  }
  rs_description_free (d);
  rs_restream_emit (self, gst_structure_new (RS_EVENT_RELOAD,
          RS_EVENT_FIELD_RESTREAM, G_TYPE_STRING, old->name,
          RS_EVENT_FIELD_ADDED, G_TYPE_STRING, added->len ? added->str : "none",
          RS_EVENT_FIELD_CHANGED, G_TYPE_STRING,
          changed->len ? changed->str : "none",
          RS_EVENT_FIELD_REMOVED, G_TYPE_STRING,
          removed->len ? removed->str : "none",
          RS_EVENT_FIELD_IGNORED, G_TYPE_STRING, ignored->str, NULL));
  return ok;
}

gboolean
rs_restream_remove_target (RsRestream * self, const gchar * name,
    GError ** error)
{
  RsTarget *target = find_target (self, name);

  if (!target) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
        "the restream has no target named '%s'", name);
    return FALSE;
  }
  if (self->targets->len == 1) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        "'%s' is the restream's only target; delete the restream instead",
        name);
    return FALSE;
  }

  rs_target_remove (target);
  g_ptr_array_remove (self->description->targets, target->desc);
  g_ptr_array_remove (self->targets, target);
  if (self->state == RS_RESTREAM_STOPPING)
    rs_restream_stop_check (self);
  return TRUE;
}
