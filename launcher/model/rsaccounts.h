/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __RS_ACCOUNTS_H__
#define __RS_ACCOUNTS_H__

#include <glib.h>

G_BEGIN_DECLS
#define RS_ACCOUNT_DIGEST 32
    typedef struct
{
  gchar *name;
  guint8 digest[RS_ACCOUNT_DIGEST];     /* SHA-256 of the token */
  guint max_targets;
} RsAccount;

/* Loads an accounts file ([account NAME] groups with token= and
 * max-targets=); every problem is in the error, no token ever is. */
GPtrArray *rs_accounts_load (const gchar * path, GError ** error);

/* The account whose token is @token, or NULL; constant time. */
const RsAccount *rs_accounts_authenticate (GPtrArray * accounts,
    const gchar * token);

G_END_DECLS
#endif /* __RS_ACCOUNTS_H__ */
