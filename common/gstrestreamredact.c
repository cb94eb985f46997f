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

#include "gstrestreamredact.h"

#include <gio/gio.h>
#include <string.h>

/* Secrets up to this length are masked whole: a few characters shown would
 * be too large a part of them. */
#define MASKED_SECRET_LENGTH 8
#define MIN_SECRET_LENGTH 3
#define MIN_URL_KEY_LENGTH 6

struct _GstRestreamSecrets
{
  GPtrArray *texts;             /* gchar *, longest first */
};

gchar *
gst_restream_redact_secret (const gchar * secret)
{
  glong length, shown;
  const gchar *end;

  if (!secret || !*secret)
    return g_strdup ("");
  length = g_utf8_strlen (secret, -1);
  if (length <= MASKED_SECRET_LENGTH)
    return g_strdup ("****");
  shown = MIN (4, length / 4);
  end = g_utf8_offset_to_pointer (secret, shown);
  return g_strdup_printf ("%.*s****", (int) (end - secret), secret);
}

static gchar *
redact_srt_url (const gchar * url)
{
  const gchar *query = strchr (url, '?');
  GString *out;
  gchar **parts;
  guint i;

  /* Every parameter value named passphrase goes. */
  if (!query)
    return g_strdup (url);
  out = g_string_new_len (url, query - url + 1);
  parts = g_strsplit (query + 1, "&", -1);
  for (i = 0; parts[i]; i++) {
    if (i > 0)
      g_string_append_c (out, '&');
    if (g_ascii_strncasecmp (parts[i], "passphrase=", 11) == 0)
      g_string_append (out, "passphrase=*****");
    else
      g_string_append (out, parts[i]);
  }
  g_strfreev (parts);
  return g_string_free (out, FALSE);
}

gchar *
gst_restream_redact_url (const gchar * url)
{
  g_autofree gchar *redacted = NULL;
  const gchar *scheme_end, *path, *last_slash;
  GString *out;

  if (!url)
    return g_strdup ("");
  scheme_end = strstr (url, "://");
  if (!scheme_end)
    return gst_restream_redact_secret (url);
  if (g_ascii_strncasecmp (url, "srt", scheme_end - url) == 0)
    return redact_srt_url (url);

  /* RTMP(S) and anything else: the last path element is the stream key
   * when there are at least two. */
  path = strchr (scheme_end + 3, '/');
  if (!path)
    return g_strdup (url);
  last_slash = strrchr (path, '/');
  if (last_slash == path || last_slash[1] == '\0')
    return g_strdup (url);
  redacted = gst_restream_redact_secret (last_slash + 1);
  out = g_string_new_len (url, last_slash - url + 1);
  g_string_append (out, redacted);
  return g_string_free (out, FALSE);
}

/* Secret sets */

GstRestreamSecrets *
gst_restream_secrets_new (void)
{
  GstRestreamSecrets *secrets = g_new0 (GstRestreamSecrets, 1);

  secrets->texts = g_ptr_array_new_with_free_func (g_free);
  return secrets;
}

/* After every text at least as long: the set stays longest first, and
 * secrets of one length stay in the order they came. */
static void
insert_text (GstRestreamSecrets * secrets, gchar * text)
{
  gsize length = strlen (text);
  guint i = 0;

  while (i < secrets->texts->len
      && strlen (g_ptr_array_index (secrets->texts, i)) >= length)
    i++;
  g_ptr_array_insert (secrets->texts, i, text);
}

void
gst_restream_secrets_add (GstRestreamSecrets * secrets, const gchar * secret)
{
  gchar *escaped;

  g_return_if_fail (secrets != NULL);
  if (!secret || strlen (secret) < MIN_SECRET_LENGTH)
    return;
  insert_text (secrets, g_strdup (secret));
  escaped = g_uri_escape_string (secret, NULL, FALSE);
  if (!g_str_equal (escaped, secret))
    insert_text (secrets, escaped);
  else
    g_free (escaped);
}

void
gst_restream_secrets_add_url (GstRestreamSecrets * secrets, const gchar * url)
{
  g_autoptr (GUri) uri = NULL;
  const gchar *path, *query, *last;

  g_return_if_fail (secrets != NULL);
  uri = url ? g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL) : NULL;
  if (!uri)
    return;
  path = g_uri_get_path (uri);
  query = g_uri_get_query (uri);
  last = path ? strrchr (path, '/') : NULL;
  if (last && strlen (last + 1) >= MIN_URL_KEY_LENGTH)
    gst_restream_secrets_add (secrets, last + 1);
  if (query) {
    g_autoptr (GHashTable) params = g_uri_parse_params (query, -1, "&",
        G_URI_PARAMS_NONE, NULL);

    if (params)
      gst_restream_secrets_add (secrets,
          g_hash_table_lookup (params, "passphrase"));
  }
}

gchar *
gst_restream_secrets_redact (const GstRestreamSecrets * secrets,
    const gchar * text)
{
  GString *out;
  guint i;

  g_return_val_if_fail (secrets != NULL, NULL);
  if (!text)
    return NULL;
  out = g_string_new (text);
  for (i = 0; i < secrets->texts->len; i++)
    g_string_replace (out, g_ptr_array_index (secrets->texts, i), "*****", 0);
  return g_string_free (out, FALSE);
}

void
gst_restream_secrets_free (GstRestreamSecrets * secrets)
{
  if (!secrets)
    return;
  g_ptr_array_unref (secrets->texts);
  g_free (secrets);
}
