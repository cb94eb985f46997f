/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * The secret set: which secrets it keeps, the order it replaces them in,
 * and the secrets it finds in a URL. The display forms of one secret or
 * one URL are checked with the target tables (tests/check/target.c).
 */

#include <gst/check/gstcheck.h>

#include "gstrestreamredact.h"

static void
assert_redacted (const GstRestreamSecrets * secrets, const gchar * text,
    const gchar * expected)
{
  g_autofree gchar *redacted = gst_restream_secrets_redact (secrets, text);

  fail_unless_equals_string (redacted, expected);
}

GST_START_TEST (test_secrets_longest_first)
{
  g_autoptr (GstRestreamSecrets) secrets = gst_restream_secrets_new ();

  /* The shorter one first: were it replaced first, the rest of the longer
   * one would be left in the text. */
  gst_restream_secrets_add (secrets, "abcdef");
  gst_restream_secrets_add (secrets, "abcdef-ghijkl");
  gst_restream_secrets_add (secrets, "xyz");
  assert_redacted (secrets, "key abcdef-ghijkl, part abcdef, xyz.",
      "key *****, part *****, *****.");
}

GST_END_TEST;

GST_START_TEST (test_secrets_overlapping)
{
  g_autoptr (GstRestreamSecrets) secrets = gst_restream_secrets_new ();

  /* Two secrets that share a part: each occurrence goes, and no end of
   * either shows. */
  gst_restream_secrets_add (secrets, "1234abcd");
  gst_restream_secrets_add (secrets, "abcd5678");
  assert_redacted (secrets, "a=1234abcd b=abcd5678", "a=***** b=*****");
  /* A secret repeated, or contained in a word. */
  assert_redacted (secrets, "1234abcd1234abcd", "**********");
  assert_redacted (secrets, "x1234abcdx", "x*****x");
}

GST_END_TEST;

GST_START_TEST (test_secrets_escaped)
{
  g_autoptr (GstRestreamSecrets) secrets = gst_restream_secrets_new ();

  /* URLs carry a secret percent-encoded. */
  gst_restream_secrets_add (secrets, "pass word/1");
  assert_redacted (secrets, "srt://h:1?passphrase=pass%20word%2F1&x=1",
      "srt://h:1?passphrase=*****&x=1");
  assert_redacted (secrets, "error: pass word/1", "error: *****");
}

GST_END_TEST;

GST_START_TEST (test_secrets_empty)
{
  g_autoptr (GstRestreamSecrets) secrets = gst_restream_secrets_new ();

  /* An empty set changes nothing; NULL stays NULL. */
  assert_redacted (secrets, "nothing secret", "nothing secret");
  assert_redacted (secrets, "", "");
  fail_unless (gst_restream_secrets_redact (secrets, NULL) == NULL);
  /* NULL, empty and very short secrets are not kept: they would blank out
   * ordinary words. */
  gst_restream_secrets_add (secrets, NULL);
  gst_restream_secrets_add (secrets, "");
  gst_restream_secrets_add (secrets, "ab");
  assert_redacted (secrets, "a tab, an abbey", "a tab, an abbey");
  gst_restream_secrets_add (secrets, "abb");
  assert_redacted (secrets, "a tab, an abbey", "a tab, an *****ey");
  gst_restream_secrets_add_url (secrets, NULL);
  gst_restream_secrets_add_url (secrets, "not a url");
  assert_redacted (secrets, "not a url", "not a url");
  gst_restream_secrets_free (NULL);
}

GST_END_TEST;

GST_START_TEST (test_secrets_from_url)
{
  g_autoptr (GstRestreamSecrets) secrets = gst_restream_secrets_new ();

  /* An RTMP stream name is its key, an SRT passphrase is secret. */
  gst_restream_secrets_add_url (secrets,
      "rtmp://ingest:1935/live/stream-key-1");
  gst_restream_secrets_add_url (secrets,
      "srt://ingest:9000?mode=listener&passphrase=correct-horse&latency=200");
  assert_redacted (secrets, "cannot play stream-key-1 (correct-horse)",
      "cannot play ***** (*****)");
  /* Stream names under 6 characters are ordinary words. */
  gst_restream_secrets_add_url (secrets, "rtmp://ingest/live/live");
  assert_redacted (secrets, "live", "live");
}

GST_END_TEST;

static Suite *
redact_suite (void)
{
  Suite *s = suite_create ("redact");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_secrets_longest_first);
  tcase_add_test (tc, test_secrets_overlapping);
  tcase_add_test (tc, test_secrets_escaped);
  tcase_add_test (tc, test_secrets_empty);
  tcase_add_test (tc, test_secrets_from_url);
  return s;
}

GST_CHECK_MAIN (redact);
