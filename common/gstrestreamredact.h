/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_RESTREAM_REDACT_H__
#define __GST_RESTREAM_REDACT_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/* Keeping secrets (stream keys, passphrases) out of everything shown: the
 * display forms of one secret or one URL, and a set of known secrets that
 * is removed from any text (error messages, logs, dot graphs), where the
 * secret may appear anywhere. Knows nothing about elements. */

/* A secret for display: at most its first 4 characters (never more than a
 * quarter of it) followed by an ellipsis; short secrets fully masked. */
gchar *gst_restream_redact_secret (const gchar * secret);

/* Any target URL for display, parsed or not: the last path element of an
 * RTMP(S) URL and the passphrase of an SRT URL redacted. */
gchar *gst_restream_redact_url (const gchar * url);

/* Secrets to remove from texts. Every secret is kept with its
 * percent-encoded form (URLs carry it so), and they are replaced longest
 * first, so that a secret that contains another is not left half shown. */
typedef struct _GstRestreamSecrets GstRestreamSecrets;

GstRestreamSecrets *gst_restream_secrets_new (void);

/* Adds @secret; NULL and secrets under 3 characters are ignored (they would
 * blank out ordinary words). */
void gst_restream_secrets_add (GstRestreamSecrets * secrets,
    const gchar * secret);

/* Adds the secrets a URL may carry: the passphrase of its query, and its
 * last path element (an RTMP stream name is its key) if it has at least 6
 * characters. */
void gst_restream_secrets_add_url (GstRestreamSecrets * secrets,
    const gchar * url);

/* @text with every secret replaced by "*****"; NULL for NULL. */
gchar *gst_restream_secrets_redact (const GstRestreamSecrets * secrets,
    const gchar * text);

void gst_restream_secrets_free (GstRestreamSecrets * secrets);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GstRestreamSecrets, gst_restream_secrets_free)

G_END_DECLS

#endif /* __GST_RESTREAM_REDACT_H__ */
