/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * Restream descriptions: the minimal form loads as written, and every
 * malformed description is refused with the group, the key and a reason,
 * all problems at once, without a secret in any message.
 */

#include <gst/check/gstcheck.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "rsdescription.h"
#include "rsdescjson.h"
#include "rsschema.h"
#include "rsaccounts.h"

#define YT_KEY "ab123-cde4-f56g-hi78-90j"

static const gchar minimal[] =
    "[restream]\n"
    "name=show\n"
    "input=rtmp://127.0.0.1:1935/live/in\n"
    "\n"
    "[target youtube]\n"
    "url=rtmp://a.rtmp.youtube.com/live2\n"
    "key=" YT_KEY "\n"
    "platform=youtube\n"
    "\n"
    "[target backup]\n"
    "url=srt://192.0.2.10:9000?mode=caller&latency=2500000&streamid=show\n";

GST_START_TEST (test_minimal_form)
{
  g_autoptr (GPtrArray) problems = gst_restream_findings_new ();
  RsDescription *d = rs_description_load_data (minimal, -1, problems);
  RsDescriptionTarget *yt, *backup;
  g_autofree gchar *location = NULL;
  g_autofree gchar *uri = NULL;

  fail_unless (d != NULL);
  fail_unless_equals_int (problems->len, 0);
  fail_unless_equals_string (d->name, "show");
  fail_unless_equals_uint64 (d->outage_threshold, 3 * GST_SECOND);
  fail_unless_equals_uint64 (d->retry_timeout, 3600 * GST_SECOND);
  fail_unless_equals_int (d->targets->len, 2);
  yt = g_ptr_array_index (d->targets, 0);
  backup = g_ptr_array_index (d->targets, 1);
  fail_unless_equals_string (yt->name, "youtube");
  fail_unless_equals_int (yt->platform, GST_RESTREAM_PLATFORM_YOUTUBE);
  location = gst_restream_target_rtmp_location (yt->target);
  fail_unless_equals_string (location,
      "rtmp://a.rtmp.youtube.com:1935/live2/" YT_KEY);
  fail_unless_equals_string (backup->name, "backup");
  fail_unless_equals_int (backup->platform, GST_RESTREAM_PLATFORM_SRT);
  uri = gst_restream_target_srt_uri (backup->target);
  fail_unless_equals_string (uri,
      "srt://192.0.2.10:9000?mode=caller&latency=2500&streamid=show");
  rs_description_free (d);
}

GST_END_TEST;

typedef struct
{
  const gchar *text;
  const gchar *group;
  const gchar *key;
  const gchar *says;
} BadCase;

static const BadCase bad_cases[] = {
  {"[target a]\nurl=rtmp://h/app/k1234567\n", "restream", "",
      "needs a [restream] group"},
  {"[restream]\ninput=rtmp://h/live/in\n[target a]\nurl=rtmp://h/app/"
        "k1234567\n", "restream", "name", "missing"},
  {"[restream]\nname=show\n[target a]\nurl=rtmp://h/app/k1234567\n",
      "restream", "input", "missing"},
  {"[restream]\nname=show me\ninput=rtmp://h/live/in\n[target a]\n"
        "url=rtmp://h/app/k1234567\n", "restream", "name", "letters"},
  {"[restream]\nname=show\ninput=http://h/live/in\n[target a]\n"
        "url=rtmp://h/app/k1234567\n", "restream", "input", "not an rtmp://"},
  {"[restream]\nname=show\ninput=rtmp://h/live/in\n", "", "", "no target"},
  {"[restream]\nname=show\ninput=rtmp://h/live/in\ncolour=red\n[target a]\n"
        "url=rtmp://h/app/k1234567\n", "restream", "colour", "unknown key"},
  {"[restream]\nname=show\ninput=rtmp://h/live/in\n[targets]\n[target a]\n"
        "url=rtmp://h/app/k1234567\n", "targets", "", "unknown group"},
  {"[restream]\nname=show\ninput=rtmp://h/live/in\n[target a]\n"
        "url=rtmp://h/app/k1234567\n[target a]\nurl=rtmp://h/app/k7654321\n",
      "target a", "", "appears twice"},
  {"[restream]\nname=show\ninput=rtmp://h/live/in\n[target a]\nkey=k1234567\n",
      "target a", "url", "missing"},
  {"[restream]\nname=show\ninput=rtmp://h/live/in\n[target a]\n"
        "url=rtmp://a.rtmp.youtube.com/live2\n", "target a", "key",
      "no stream key"},
  {"[restream]\nname=show\ninput=rtmp://h/live/in\n[target a]\n"
        "url=srt://h:9000?mode=listener\n", "target a", "url",
      "mode: mode=listener"},
  {"[restream]\nname=show\ninput=rtmp://h/live/in\n[target a]\n"
        "url=srt://h:9000?pkt_size=2000\n", "target a", "url", "pkt_size:"},
  {"[restream]\nname=show\ninput=rtmp://h/live/in\n[target a]\n"
        "url=srt://h:9000?mode=caller\nkey=" YT_KEY "\n", "target a", "key",
      "no stream key"},
  {"[restream]\nname=show\ninput=rtmp://h/live/in\n[target a]\n"
        "url=rtmp://h/app\nkey=" YT_KEY "\nplatform=myspace\n", "target a",
      "platform", "not one of"},
  {"[restream]\nname=show\ninput=rtmp://h/live/in\n[target a]\n"
        "url=srt://h:9000\nplatform=youtube\n", "target a", "platform",
      "does not take SRT"},
  {"[restream]\nname=show\ninput=rtmp://h/live/in\noutage-threshold=soon\n"
        "[target a]\nurl=rtmp://h/app/k1234567\n", "restream",
      "outage-threshold", "seconds"},
  {"[restream]\nname=show\ninput=rtmp://h/live/in\nmax-targets=1\n"
        "[target a]\nurl=rtmp://h/app/k1234567\n[target b]\n"
        "url=rtmp://h/app/k7654321\n", "restream", "max-targets",
      "max-targets is 1"},
  {"[restream]\nname=show\ninput=rtmp://h/live/in\nslate=sometimes\n"
        "[target a]\nurl=rtmp://h/app/k1234567\n", "restream", "slate",
      "true or false"},
  {"[restream]\nname=show\ninput=rtmp://h/live/in\n[target a]\n"
        "url=rtmp://h/app/k1234567\nslate=maybe\n", "target a", "slate",
      "true or false"},
  {"[restream]\nname=show\ninput=rtmp://h/live/in\nslate-image=\n"
        "[target a]\nurl=rtmp://h/app/k1234567\n", "restream", "slate-image",
      "empty"},
  {"[restream\nname=show\n", "", "", "not a valid .ini file"},
};

GST_START_TEST (test_malformed_descriptions)
{
  guint i, j;

  for (i = 0; i < G_N_ELEMENTS (bad_cases); i++) {
    const BadCase *c = &bad_cases[i];
    g_autoptr (GPtrArray) problems = gst_restream_findings_new ();
    RsDescription *d = rs_description_load_data (c->text, -1, problems);
    gboolean found = FALSE;

    fail_unless (d == NULL, "case %u accepted", i);
    for (j = 0; j < problems->len; j++) {
      GstRestreamFinding *p = g_ptr_array_index (problems, j);
      g_autofree gchar *text = gst_restream_finding_to_string (p);

      fail_if (strstr (text, YT_KEY) != NULL, "secret in: %s", text);
      if (p->severity == GST_RESTREAM_FINDING_ERROR
          && g_str_equal (p->scope, c->group)
          && g_str_equal (p->key, c->key) && strstr (p->message, c->says))
        found = TRUE;
    }
    if (!found) {
      for (j = 0; j < problems->len; j++) {
        g_autofree gchar *text =
            gst_restream_finding_to_string (g_ptr_array_index (problems,
                j));
        GST_ERROR ("case %u: %s", i, text);
      }
    }
    fail_unless (found, "case %u: no problem [%s] %s: ...%s...", i, c->group,
        c->key, c->says);
  }
}

GST_END_TEST;

GST_START_TEST (test_every_problem_at_once)
{
  g_autoptr (GPtrArray) problems = gst_restream_findings_new ();
  RsDescription *d = rs_description_load_data ("[restream]\nname=bad name\n"
      "[target a]\nurl=srt://h:9000?mode=listener\n[target b]\n"
      "url=rtmp://h/live2\n", -1, problems);
  g_autofree gchar *first = NULL;

  fail_unless (d == NULL);
  /* the name, the missing input, target a's mode, target b's key */
  fail_unless (problems->len >= 4, "%u problems", problems->len);
  first = gst_restream_finding_to_string (g_ptr_array_index (problems, 0));
  fail_unless (g_str_has_prefix (first, "[restream] name: "), "%s", first);
}

GST_END_TEST;

/* The JSON form follows the same rules and comes back the same. */
GST_START_TEST (test_json_round_trip)
{
  g_autoptr (GPtrArray) problems = gst_restream_findings_new ();
  g_autoptr (GPtrArray) again = gst_restream_findings_new ();
  RsDescription *ini = rs_description_load_data (minimal, -1, problems);
  g_autoptr (JsonNode) node = rs_description_to_json (ini, TRUE);
  g_autoptr (JsonNode) shown = rs_description_to_json (ini, FALSE);
  g_autofree gchar *shown_text = json_to_string (shown, FALSE);
  RsDescription *json = rs_description_load_json_node (node, again);
  g_autoptr (JsonNode) node2 = NULL;
  g_autofree gchar *a = NULL, *b = NULL;
  guint i;

  fail_unless (ini != NULL && json != NULL);
  fail_unless_equals_int (again->len, 0);
  fail_unless_equals_int (json->targets->len, 2);
  for (i = 0; i < 2; i++) {
    RsDescriptionTarget *x = g_ptr_array_index (ini->targets, i);
    RsDescriptionTarget *y = g_ptr_array_index (json->targets, i);

    fail_unless_equals_string (x->name, y->name);
    fail_unless_equals_string (x->url, y->url);
    fail_unless_equals_string (x->key, y->key);
    fail_unless_equals_int (x->platform, y->platform);
  }
  node2 = rs_description_to_json (json, TRUE);
  a = json_to_string (node, FALSE);
  b = json_to_string (node2, FALSE);
  fail_unless_equals_string (a, b);
  /* Without secrets: no key, the URLs redacted. */
  fail_if (strstr (shown_text, YT_KEY) != NULL, "%s", shown_text);
  fail_unless (strstr (shown_text, "\"key\"") == NULL, "%s", shown_text);
  rs_description_free (ini);
  rs_description_free (json);
}

GST_END_TEST;

GST_START_TEST (test_json_problems)
{
  const struct
  {
    const gchar *json;
    const gchar *field;
    const gchar *says;
  } cases[] = {
    {"{\"name\": \"x\", \"input\": \"rtmp://h/a/b\", \"targets\": "
          "[{\"name\": \"t\", \"url\": \"rtmp://h/a\", \"key\": \"k-1234\", "
          "\"max-reconnects\": 1.5}]}", "targets[0].max-reconnects",
        "whole number"},
    {"{\"name\": \"x\", \"input\": \"rtmp://h/a/b\", \"outage-threshold\": "
          "\"3\", \"targets\": [{\"name\": \"t\", \"url\": \"rtmp://h/a\", "
          "\"key\": \"k-1234\"}]}", "outage-threshold", "number of seconds"},
    {"{\"name\": \"x\", \"input\": \"rtmp://h/a/b\", \"outage-threshold\": "
          "-1, \"targets\": [{\"name\": \"t\", \"url\": \"rtmp://h/a\", "
          "\"key\": \"k-1234\"}]}", "outage-threshold", "positive"},
    {"{\"name\": \"x\", \"input\": \"rtmp://h/a/b\", \"targets\": "
          "[{\"name\": \"t\", \"url\": \"rtmp://h/a\", \"key\": \"k-1234\"}, "
          "{\"name\": \"t\", \"url\": \"rtmp://h/b\", \"key\": \"k-5678\"}]}",
        "targets[1].name", "unique"},
    {"{\"name\": \"x\", \"input\": \"rtmp://h/a/b\", \"targets\": "
          "[{\"name\": \"a]b\", \"url\": \"rtmp://h/a\"}]}", "targets[0].name",
        "letters"},
    {"{\"name\": \"x\", \"input\": \"rtmp://h/a/b\", \"targets\": "
          "[{\"url\": \"rtmp://h/a\"}]}", "targets[0].name", "missing"},
    {"{\"name\": \"x\", \"input\": \"rtmp://h/a/b\", \"targets\": "
          "[{\"name\": \"t\", \"url\": \"rtmp://h/a\", \"key\": \"k-1234\", "
          "\"platform\": \"myspace\"}]}", "targets[0].platform", "myspace"},
    {"{\"name\": \"x\", \"input\": \"rtmp://h/a/b\", \"targets\": "
          "[{\"name\": \"t\", \"url\": \"srt://h:9000?latency=abc&mode=caller\""
          "}]}", "targets[0].url", "latency"},
    {"{\"input\": \"rtmp://h/a/b\", \"targets\": [{\"name\": \"t\", "
          "\"url\": \"rtmp://h/a\", \"key\": \"k-1234\"}]}", "name", "missing"},
    {"{\"name\": \"x\", \"input\": null, \"targets\": [{\"name\": \"t\", "
          "\"url\": \"rtmp://h/a\", \"key\": \"k-1234\"}]}", "input", "null"},
    {"{\"name\": \"x\", \"input\": \"rtmp://h/a/b\", \"slate\": \"yes\", "
          "\"targets\": [{\"name\": \"t\", \"url\": \"rtmp://h/a\", "
          "\"key\": \"k-1234\"}]}", "slate", "true or false"},
    {"{\"name\": \"x\", \"input\": \"rtmp://h/a/b\", \"slate-image\": 7, "
          "\"targets\": [{\"name\": \"t\", \"url\": \"rtmp://h/a\", "
          "\"key\": \"k-1234\"}]}", "slate-image", "a string"},
    {"{\"name\": \"x\", \"input\": \"rtmp://h/a/b\", \"targets\": "
          "[{\"name\": \"t\", \"url\": \"rtmp://h/a\", \"key\": \"k-1234\", "
          "\"slate\": 0}]}", "targets[0].slate", "true or false"},
    {"\"show\"", "", "JSON object"},
    {"{\"name\": \"x\",", "", "not valid JSON"},
  };
  guint i, j;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (GPtrArray) problems = gst_restream_findings_new ();
    RsDescription *d = rs_description_load_json (cases[i].json, -1, problems);
    gboolean found = FALSE;

    fail_unless (d == NULL, "case %u was accepted", i);
    for (j = 0; j < problems->len; j++) {
      GstRestreamFinding *p = g_ptr_array_index (problems, j);

      fail_unless_equals_string (p->scope, "");
      if (g_str_equal (p->key, cases[i].field)
          && strstr (p->message, cases[i].says))
        found = TRUE;
    }
    fail_unless (found, "case %u: no problem on '%s' saying '%s' (%u "
        "problems, first: %s: %s)", i, cases[i].field, cases[i].says,
        problems->len, problems->len ? ((GstRestreamFinding *)
            g_ptr_array_index (problems, 0))->key : "",
        problems->len ? ((GstRestreamFinding *)
            g_ptr_array_index (problems, 0))->message : "");
  }
}

GST_END_TEST;

static gchar *
write_temp (const gchar * text)
{
  gchar *path = NULL;
  gint fd = g_file_open_tmp ("rs-accounts-XXXXXX.ini", &path, NULL);

  fail_unless (fd >= 0);
  fail_unless (g_file_set_contents (path, text, -1, NULL));
  close (fd);
  return path;
}

GST_START_TEST (test_accounts)
{
  g_autofree gchar *good = write_temp ("[account alice]\n"
      "token=alice-token-0123456789\nmax-targets=3\n\n[account bob]\n"
      "token=bob-token-0123456789ab\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) accounts = rs_accounts_load (good, &error);
  const struct
  {
    const gchar *text;
    const gchar *says;
  } bad[] = {
    {"[account a]\ntoken=short\n", "16 to 256"},
    {"[account a]\nmax-targets=2\n", "token: missing"},
    {"[account a]\ntoken=a-token-0123456789x\nmax-targets=0\n", "1 to 10000"},
    {"[account a]\ntoken=a-token-0123456789x\n[account b]\n"
          "token=a-token-0123456789x\n", "the same token"},
    {"[user a]\ntoken=a-token-0123456789x\n", "[account NAME]"},
    {"[account a]\ntoken=a-token-0123456789x\nquota=4\n", "unknown key"},
    {"", "no [account NAME]"},
    {"token=x\n", "accounts"},
  };
  guint i;

  fail_unless (accounts != NULL, "%s", error ? error->message : "");
  fail_unless_equals_int (accounts->len, 2);
  fail_unless_equals_string (rs_accounts_authenticate (accounts,
          "alice-token-0123456789")->name, "alice");
  fail_unless_equals_int (rs_accounts_authenticate (accounts,
          "alice-token-0123456789")->max_targets, 3);
  fail_unless_equals_int (rs_accounts_authenticate (accounts,
          "bob-token-0123456789ab")->max_targets, 1);
  fail_unless (rs_accounts_authenticate (accounts,
          "alice-token-012345678") == NULL);
  fail_unless (rs_accounts_authenticate (accounts, "") == NULL);
  fail_unless (rs_accounts_authenticate (accounts, NULL) == NULL);
  g_unlink (good);

  for (i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autofree gchar *path = write_temp (bad[i].text);
    g_autoptr (GError) e = NULL;
    GPtrArray *none = rs_accounts_load (path, &e);

    fail_unless (none == NULL, "case %u was accepted", i);
    fail_unless (strstr (e->message, bad[i].says) != NULL, "case %u: %s", i,
        e->message);
    /* No token is ever shown. */
    fail_if (strstr (e->message, "0123456789x") != NULL, "%s", e->message);
    g_unlink (path);
  }
}

GST_END_TEST;

/* A 1x1 PNG, as pngenc writes it. */
static const guint8 png_1x1[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
  0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
  0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00,
  0x0c, 0x49, 0x44, 0x41, 0x54, 0x08, 0x99, 0x63, 0x60, 0x60, 0x60, 0x00,
  0x00, 0x00, 0x04, 0x00, 0x01, 0xa3, 0x0a, 0x15, 0xe3, 0x00, 0x00, 0x00,
  0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82
};

/* The start of a JFIF file (SOI and the APP0 segment), as jpegenc writes
 * it: enough for the typefinders to call it JPEG. */
static const guint8 jpeg_start[] = {
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01,
  0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00
};

/* Files for slate-image: two images, a text file, a path that does not
 * exist, and the directory that holds them. */
typedef struct
{
  gchar *dir, *png, *jpeg, *text, *missing;
} SlateFiles;

static void
slate_files_init (SlateFiles * f)
{
  f->dir = g_dir_make_tmp ("rs-slate-XXXXXX", NULL);
  fail_unless (f->dir != NULL);
  f->png = g_build_filename (f->dir, "break.png", NULL);
  f->jpeg = g_build_filename (f->dir, "break.jpg", NULL);
  f->text = g_build_filename (f->dir, "notes.png", NULL);
  f->missing = g_build_filename (f->dir, "gone.png", NULL);
  fail_unless (g_file_set_contents (f->png, (const gchar *) png_1x1,
          sizeof (png_1x1), NULL));
  fail_unless (g_file_set_contents (f->jpeg, (const gchar *) jpeg_start,
          sizeof (jpeg_start), NULL));
  fail_unless (g_file_set_contents (f->text, "The stream is down for a "
          "while; this text file is not a picture, whatever its name "
          "says.\n", -1, NULL));
}

static void
slate_files_clear (SlateFiles * f)
{
  g_unlink (f->png);
  g_unlink (f->jpeg);
  g_unlink (f->text);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->png);
  g_free (f->jpeg);
  g_free (f->text);
  g_free (f->missing);
}

/* A description with @restream_keys in [restream] and @target_keys in
 * the second of its two targets. */
static gchar *
slate_ini (const gchar * restream_keys, const gchar * target_keys)
{
  return g_strdup_printf ("[restream]\nname=show\n"
      "input=rtmp://127.0.0.1:1935/live/in\n%s\n"
      "[target youtube]\nurl=rtmp://a.rtmp.youtube.com/live2\nkey=" YT_KEY
      "\nplatform=youtube\n\n[target archive]\n"
      "url=srt://192.0.2.10:9000?mode=caller\n%s\n", restream_keys,
      target_keys);
}

static guint
count_problems (GPtrArray * problems, GstRestreamFindingSeverity severity)
{
  guint n = 0, i;

  for (i = 0; i < problems->len; i++)
    n += ((GstRestreamFinding *) g_ptr_array_index (problems,
            i))->severity == severity;
  return n;
}

/* Without the keys, a restream and every target have the slate, the card
 * (no image); a description written back leaves the defaults out. */
GST_START_TEST (test_slate_defaults)
{
  g_autoptr (GPtrArray) problems = gst_restream_findings_new ();
  RsDescription *d = rs_description_load_data (minimal, -1, problems);
  g_autoptr (JsonNode) node = NULL;
  g_autofree gchar *text = NULL;
  guint i;

  fail_unless (d != NULL);
  fail_unless (d->slate);
  fail_unless (d->slate_image == NULL);
  for (i = 0; i < d->targets->len; i++)
    fail_unless (((RsDescriptionTarget *) g_ptr_array_index (d->targets,
                i))->slate, "target %u", i);
  node = rs_description_to_json (d, FALSE);
  text = json_to_string (node, FALSE);
  fail_unless (strstr (text, "slate") == NULL, "%s", text);
  rs_description_free (d);
}

GST_END_TEST;

/* slate=on|off, as the keys are written in the slate's documentation. */
GST_START_TEST (test_slate_on_off)
{
  g_autofree gchar *ini = slate_ini ("slate=off", "slate=on");
  g_autoptr (GPtrArray) problems = gst_restream_findings_new ();
  RsDescription *d = rs_description_load_data (ini, -1, problems);

  fail_unless (d != NULL);
  fail_unless_equals_int (problems->len, 0);
  fail_if (d->slate);
  fail_unless (((RsDescriptionTarget *) g_ptr_array_index (d->targets,
              1))->slate);
  rs_description_free (d);
}

GST_END_TEST;

GST_START_TEST (test_slate_keys)
{
  SlateFiles f;
  const gchar *images[2];
  guint i;

  slate_files_init (&f);
  images[0] = f.png;
  images[1] = f.jpeg;
  for (i = 0; i < G_N_ELEMENTS (images); i++) {
    g_autofree gchar *keys = g_strdup_printf ("slate-image=%s", images[i]);
    g_autofree gchar *ini = slate_ini (keys, "slate=false");
    g_autoptr (GPtrArray) problems = gst_restream_findings_new ();
    g_autoptr (GPtrArray) again = gst_restream_findings_new ();
    RsDescription *d = rs_description_load_data (ini, -1, problems);
    RsDescription *back;
    g_autoptr (JsonNode) node = NULL;
    JsonObject *o, *archive;

    fail_unless (d != NULL, "%s refused", images[i]);
    fail_unless_equals_int (problems->len, 0);
    fail_unless (d->slate);
    fail_unless_equals_string (d->slate_image, images[i]);
    fail_unless (((RsDescriptionTarget *) g_ptr_array_index (d->targets,
                0))->slate);
    fail_if (((RsDescriptionTarget *) g_ptr_array_index (d->targets,
                1))->slate);

    /* The JSON form names them as the .ini does; a path is no secret. */
    node = rs_description_to_json (d, FALSE);
    o = json_node_get_object (node);
    fail_unless_equals_string (json_object_get_string_member (o,
            "slate-image"), images[i]);
    fail_if (json_object_has_member (o, "slate"));
    archive = json_array_get_object_element (json_object_get_array_member (o,
            "targets"), 1);
    fail_unless (json_object_has_member (archive, "slate"));
    fail_if (json_object_get_boolean_member (archive, "slate"));
    fail_if (json_object_has_member (json_array_get_object_element
            (json_object_get_array_member (o, "targets"), 0), "slate"));
    rs_description_free (d);

    node = rs_description_to_json (d = rs_description_load_data (ini, -1,
            problems), TRUE);
    rs_description_free (d);
    back = rs_description_load_json_node (node, again);
    fail_unless (back != NULL);
    fail_unless_equals_int (again->len, 0);
    fail_unless_equals_string (back->slate_image, images[i]);
    fail_if (((RsDescriptionTarget *) g_ptr_array_index (back->targets,
                1))->slate);
    rs_description_free (back);
  }

  /* No slate at all: an image then is a warning only. */
  {
    g_autofree gchar *keys = g_strdup_printf ("slate=no\nslate-image=%s",
        f.png);
    g_autofree gchar *ini = slate_ini (keys, "");
    g_autoptr (GPtrArray) problems = gst_restream_findings_new ();
    RsDescription *d = rs_description_load_data (ini, -1, problems);
    GstRestreamFinding *p;

    fail_unless (d != NULL);
    fail_if (d->slate);
    fail_unless_equals_int (count_problems (problems,
            GST_RESTREAM_FINDING_ERROR), 0);
    fail_unless_equals_int (count_problems (problems,
            GST_RESTREAM_FINDING_WARNING), 1);
    p = g_ptr_array_index (problems, 0);
    fail_unless_equals_string (p->scope, "restream");
    fail_unless_equals_string (p->key, "slate-image");
    rs_description_free (d);
  }
  slate_files_clear (&f);
}

GST_END_TEST;

/* A problem of severity error on @key (@scope "" for the JSON form) whose
 * message names @path. */
static gboolean
has_image_error (GPtrArray * problems, const gchar * scope, const gchar * key,
    const gchar * path)
{
  guint i;

  for (i = 0; i < problems->len; i++) {
    GstRestreamFinding *p = g_ptr_array_index (problems, i);

    if (p->severity == GST_RESTREAM_FINDING_ERROR
        && g_str_equal (p->scope, scope) && g_str_equal (p->key, key)
        && strstr (p->message, path))
      return TRUE;
  }
  for (i = 0; i < problems->len; i++) {
    g_autofree gchar *text =
        gst_restream_finding_to_string (g_ptr_array_index (problems, i));

    GST_ERROR ("problem: %s", text);
  }
  return FALSE;
}

/* A slate-image that is not there, is a directory or is no picture is an
 * error of that key in both forms, and the message names the path. The
 * API's kept descriptions are loaded without opening it. */
GST_START_TEST (test_slate_image_refused)
{
  SlateFiles f;
  const gchar *paths[3];
  guint i;

  slate_files_init (&f);
  paths[0] = f.missing;
  paths[1] = f.text;
  paths[2] = f.dir;
  for (i = 0; i < G_N_ELEMENTS (paths); i++) {
    g_autofree gchar *keys = g_strdup_printf ("slate-image=%s", paths[i]);
    g_autofree gchar *ini = slate_ini (keys, "");
    g_autofree gchar *json = g_strdup_printf ("{\"name\": \"show\", "
        "\"input\": \"rtmp://h/live/in\", \"slate-image\": \"%s\", "
        "\"targets\": [{\"name\": \"t\", \"url\": \"rtmp://h/app\", "
        "\"key\": \"" YT_KEY "\"}]}", paths[i]);
    g_autoptr (GPtrArray) problems = gst_restream_findings_new ();
    g_autoptr (GPtrArray) json_problems = gst_restream_findings_new ();
    g_autoptr (GPtrArray) kept_problems = gst_restream_findings_new ();
    g_autoptr (JsonNode) node = json_from_string (json, NULL);
    RsDescription *d;

    d = rs_description_load_data (ini, -1, problems);
    fail_unless (d == NULL, "%s accepted", paths[i]);
    fail_unless (has_image_error (problems, "restream", "slate-image",
            paths[i]), "no error on slate-image naming %s", paths[i]);

    d = rs_description_load_json (json, -1, json_problems);
    fail_unless (d == NULL, "%s accepted in JSON", paths[i]);
    fail_unless (has_image_error (json_problems, "", "slate-image",
            paths[i]), "no error on the field slate-image naming %s", paths[i]);

    d = rs_description_load_json_node_full (node,
        RS_DESCRIPTION_LOAD_SKIP_FILES, kept_problems);
    fail_unless (d != NULL, "kept description with %s refused", paths[i]);
    fail_unless_equals_int (kept_problems->len, 0);
    fail_unless_equals_string (d->slate_image, paths[i]);
    rs_description_free (d);
  }
  slate_files_clear (&f);
}

GST_END_TEST;

/* The row docs/description.md has for @key: key, type, required,
 * default, meaning. */
static gchar *
schema_row (const RsSchemaKey * key)
{
  g_autoptr (GString) type = g_string_new (rs_schema_type_name (key->type));
  g_autofree gchar *value = NULL;
  const gchar *fallback = key->default_text;

  if (key->type == RS_SCHEMA_COUNT)
    g_string_append_printf (type, ", %" G_GINT64_FORMAT " to %"
        G_GINT64_FORMAT, key->minimum, key->maximum);
  else if (key->type == RS_SCHEMA_SECONDS)
    g_string_append_printf (type, ", up to %" G_GINT64_FORMAT, key->maximum);
  if (key->flags & RS_SCHEMA_SECRET)
    g_string_append (type, ", secret");
  if (!fallback && key->type == RS_SCHEMA_SECONDS)
    fallback = value = g_strdup_printf ("%g",
        (gdouble) key->default_value / GST_SECOND);
  else if (!fallback && key->type == RS_SCHEMA_BOOLEAN)
    fallback = key->default_value ? "true" : "false";
  return g_strdup_printf ("| `%s` | %s | %s | %s | %s |", key->name,
      type->str, (key->flags & RS_SCHEMA_REQUIRED) ? "yes" : "no",
      fallback ? fallback : "—", key->meaning);
}

/* The table rows ("| `key` | ...") of the section "## `[GROUP]`". */
static GStrv
doc_rows (const gchar * doc, const gchar * group)
{
  g_autofree gchar *heading = g_strdup_printf ("\n## `[%s]`\n", group);
  const gchar *at = strstr (doc, heading);
  const gchar *end;
  g_autofree gchar *section = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GStrvBuilder) rows = g_strv_builder_new ();
  guint i;

  fail_unless (at != NULL, "docs/description.md has no section %s", heading);
  at += strlen (heading);
  end = strstr (at, "\n## ");
  section = end ? g_strndup (at, end - at) : g_strdup (at);
  lines = g_strsplit (section, "\n", -1);
  for (i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], "| `"))
      g_strv_builder_add (rows, lines[i]);
  return g_strv_builder_end (rows);
}

/* docs/description.md's key tables are the schema's, row for row. */
GST_START_TEST (test_keys_documented)
{
  const RsSchemaGroup *groups[] =
      { rs_schema_restream (), rs_schema_target () };
  const gchar *top = g_getenv ("RS_SOURCE_DIR");
  g_autofree gchar *path = NULL;
  g_autofree gchar *doc = NULL;
  guint i, j;

  fail_unless (top != NULL, "RS_SOURCE_DIR is not set");
  path = g_build_filename (top, "docs", "description.md", NULL);
  fail_unless (g_file_get_contents (path, &doc, NULL, NULL), "no %s", path);
  for (i = 0; i < G_N_ELEMENTS (groups); i++) {
    g_auto (GStrv) rows = doc_rows (doc, groups[i]->group);
    const RsSchemaKey *key;
    guint keys = 0;

    for (key = groups[i]->keys; key->name; key++) {
      g_autofree gchar *row = NULL;
      g_autofree gchar *start = NULL;
      const gchar *found = NULL;

      if (key->flags & RS_SCHEMA_JSON_ONLY)
        continue;
      keys++;
      row = schema_row (key);
      start = g_strdup_printf ("| `%s` |", key->name);
      for (j = 0; rows[j]; j++)
        if (g_str_has_prefix (rows[j], start))
          found = rows[j];
      fail_unless (found != NULL, "docs/description.md, [%s]: no row for "
          "%s; the schema gives\n%s", groups[i]->group, key->name, row);
      fail_unless (g_str_equal (found, row), "docs/description.md, [%s]: "
          "the row of %s reads\n%s\nbut the schema gives\n%s",
          groups[i]->group, key->name, found, row);
    }
    for (j = 0; rows[j]; j++) {
      g_autofree gchar *name = g_strndup (rows[j] + 3,
          strcspn (rows[j] + 3, "`"));

      fail_unless (rs_schema_find (groups[i], name, FALSE) != NULL,
          "docs/description.md, [%s]: a row for %s, which the schema does "
          "not have", groups[i]->group, name);
    }
    fail_unless (g_strv_length (rows) == keys, "docs/description.md, [%s]: "
        "%u rows for the %u keys of the schema (a key listed twice?)",
        groups[i]->group, g_strv_length (rows), keys);
  }
}

GST_END_TEST;

static Suite *
description_suite (void)
{
  Suite *s = suite_create ("description");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_minimal_form);
  tcase_add_test (tc, test_malformed_descriptions);
  tcase_add_test (tc, test_every_problem_at_once);
  tcase_add_test (tc, test_json_round_trip);
  tcase_add_test (tc, test_json_problems);
  tcase_add_test (tc, test_keys_documented);
  tcase_add_test (tc, test_accounts);
  tcase_add_test (tc, test_slate_defaults);
  tcase_add_test (tc, test_slate_keys);
  tcase_add_test (tc, test_slate_on_off);
  tcase_add_test (tc, test_slate_image_refused);
  return s;
}

GST_CHECK_MAIN (description);
