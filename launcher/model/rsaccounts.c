/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* Accounts of the control API, from an .ini file:
 *
 *   [account NAME]
 *   token=...        the bearer token, 16 to 256 printable characters
 *   max-targets=3    restream targets the account may have (default 1)
 *
 * Only a SHA-256 digest of each token is kept; a presented token is
 * hashed and compared with every account's digest, always all of them and
 * byte by byte without an early exit, so the time taken says nothing about
 * which account or how much of a token matched. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "rsaccounts.h"

#include <string.h>

#include "rsdescription.h"

#define ACCOUNT_PREFIX "account "
#define MIN_TOKEN 16
#define MAX_TOKEN 256

static void
account_free (RsAccount * account)
{
  g_free (account->name);
  g_free (account);
}

static void
digest (const gchar * token, gsize length, guint8 out[RS_ACCOUNT_DIGEST])
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize size = RS_ACCOUNT_DIGEST;

  g_checksum_update (sum, (const guchar *) token, length);
  g_checksum_get_digest (sum, out, &size);
}

static gboolean
token_is_valid (const gchar * token)
{
  gsize n = strlen (token), i;

  if (n < MIN_TOKEN || n > MAX_TOKEN)
    return FALSE;
  for (i = 0; i < n; i++)
    if (token[i] <= ' ' || token[i] > '~')
      return FALSE;
  return TRUE;
}

static void
read_max_targets (GKeyFile * file, const gchar * group, RsAccount * account,
    GString * problems)
{
  g_autofree gchar *max = g_key_file_get_value (file, group, "max-targets",
      NULL);
  gchar *end = NULL;
  gint64 value;

  if (!max)
    return;
  value = g_ascii_strtoll (max, &end, 10);
  if (end == max || *end || value < 1 || value > 10000)
    g_string_append_printf (problems, "\n  [%s] max-targets: '%s' is not "
        "a number of targets from 1 to 10000", group, max);
  else
    account->max_targets = value;
}

/* The account of @group, or NULL if the group is not an account; what is
 * wrong with it goes to @problems. */
static RsAccount *
read_account (GKeyFile * file, const gchar * group, GPtrArray * accounts,
    GString * problems)
{
  g_autofree gchar *token = NULL;
  g_auto (GStrv) keys = NULL;
  RsAccount *account;
  guint j;

  if (!g_str_has_prefix (group, ACCOUNT_PREFIX)
      || !rs_description_name_is_valid (group + strlen (ACCOUNT_PREFIX))) {
    g_string_append_printf (problems, "\n  [%s]: groups are [account NAME], "
        "NAME of letters, digits, '-', '_' or '.'", group);
    return NULL;
  }
  keys = g_key_file_get_keys (file, group, NULL, NULL);
  for (j = 0; keys && keys[j]; j++)
    if (!g_str_equal (keys[j], "token")
        && !g_str_equal (keys[j], "max-targets"))
      g_string_append_printf (problems, "\n  [%s] %s: unknown key; an "
          "account takes token and max-targets", group, keys[j]);
  account = g_new0 (RsAccount, 1);
  account->name = g_strdup (group + strlen (ACCOUNT_PREFIX));
  account->max_targets = 1;
  token = g_key_file_get_value (file, group, "token", NULL);
  if (!token || !token_is_valid (token))
    g_string_append_printf (problems, "\n  [%s] token: %s", group,
        token ? "use 16 to 256 printable characters without spaces" :
        "missing");
  else
    digest (token, strlen (token), account->digest);
  if (token)
    memset (token, 0, strlen (token));
  read_max_targets (file, group, account, problems);
  for (j = 0; j < accounts->len; j++) {
    RsAccount *other = g_ptr_array_index (accounts, j);

    if (!memcmp (other->digest, account->digest, RS_ACCOUNT_DIGEST))
      g_string_append_printf (problems, "\n  [%s] token: the same token as "
          "account %s; every account needs its own", group, other->name);
  }
  return account;
}

GPtrArray *
rs_accounts_load (const gchar * path, GError ** error)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GPtrArray) accounts =
      g_ptr_array_new_with_free_func ((GDestroyNotify) account_free);
  g_autoptr (GString) problems = g_string_new (NULL);
  g_autoptr (GError) local = NULL;
  g_auto (GStrv) groups = NULL;
  guint i;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local)) {
    g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE,
        "%s: %s", path, local->message);
    return NULL;
  }
  groups = g_key_file_get_groups (file, NULL);
  for (i = 0; groups[i]; i++) {
    RsAccount *account = read_account (file, groups[i], accounts, problems);

    if (account)
      g_ptr_array_add (accounts, account);
  }
  if (accounts->len == 0 && problems->len == 0)
    g_string_append (problems, "\n  no [account NAME] group");
  if (problems->len) {
    g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
        "%s: invalid accounts file:%s", path, problems->str);
    return NULL;
  }
  return g_steal_pointer (&accounts);
}

const RsAccount *
rs_accounts_authenticate (GPtrArray * accounts, const gchar * token)
{
  guint8 presented[RS_ACCOUNT_DIGEST];
  const RsAccount *found = NULL;
  guint i, j;

  if (!token)
    return NULL;
  digest (token, strlen (token), presented);
  for (i = 0; i < accounts->len; i++) {
    const RsAccount *account = g_ptr_array_index (accounts, i);
    guint8 diff = 0;

    for (j = 0; j < RS_ACCOUNT_DIGEST; j++)
      diff |= presented[j] ^ account->digest[j];
    /* No branch on the secret until every account was compared. */
    found = diff == 0 ? account : found;
  }
  return found;
}
