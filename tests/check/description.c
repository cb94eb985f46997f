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

#include "rsdescription.h"

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
  g_autoptr (GPtrArray) problems = rs_description_problems_new ();
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
  {"[restream\nname=show\n", "", "", "not a valid .ini file"},
};

GST_START_TEST (test_malformed_descriptions)
{
  guint i, j;

  for (i = 0; i < G_N_ELEMENTS (bad_cases); i++) {
    const BadCase *c = &bad_cases[i];
    g_autoptr (GPtrArray) problems = rs_description_problems_new ();
    RsDescription *d = rs_description_load_data (c->text, -1, problems);
    gboolean found = FALSE;

    fail_unless (d == NULL, "case %u accepted", i);
    for (j = 0; j < problems->len; j++) {
      RsDescriptionProblem *p = g_ptr_array_index (problems, j);
      g_autofree gchar *text = rs_description_problem_to_string (p);

      fail_if (strstr (text, YT_KEY) != NULL, "secret in: %s", text);
      if (p->error && g_str_equal (p->group, c->group)
          && g_str_equal (p->key, c->key) && strstr (p->message, c->says))
        found = TRUE;
    }
    if (!found) {
      for (j = 0; j < problems->len; j++) {
        g_autofree gchar *text =
            rs_description_problem_to_string (g_ptr_array_index (problems,
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
  g_autoptr (GPtrArray) problems = rs_description_problems_new ();
  RsDescription *d = rs_description_load_data ("[restream]\nname=bad name\n"
      "[target a]\nurl=srt://h:9000?mode=listener\n[target b]\n"
      "url=rtmp://h/live2\n", -1, problems);
  g_autofree gchar *first = NULL;

  fail_unless (d == NULL);
  /* the name, the missing input, target a's mode, target b's key */
  fail_unless (problems->len >= 4, "%u problems", problems->len);
  first = rs_description_problem_to_string (g_ptr_array_index (problems, 0));
  fail_unless (g_str_has_prefix (first, "[restream] name: "), "%s", first);
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
  return s;
}

GST_CHECK_MAIN (description);
