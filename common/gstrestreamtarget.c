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

#include "gstrestreamtarget.h"

#include <gio/gio.h>
#include <string.h>

#define DEFAULT_RTMP_PORT 1935
#define DEFAULT_RTMPS_PORT 443
#define MIN_KEY_LENGTH 4
#define SHORT_KEY_LENGTH 8
#define MAX_KEY_LENGTH 512
#define MIN_PASSPHRASE_LENGTH 10
#define MAX_PASSPHRASE_LENGTH 79
#define MAX_STREAMID_BYTES 512
#define MIN_PKT_SIZE 188
#define MAX_PKT_SIZE 1456
#define TS_PACKET_SIZE 188
/* FFmpeg-style SRT latency is in microseconds. Values under 20 ms are
 * almost always milliseconds written by mistake. */
#define LATENCY_UNIT_SUSPECT_US 20000
#define LATENCY_PUBLIC_MIN_US 1000000
#define LATENCY_MAX_US G_GINT64_CONSTANT (60000000)

static const gchar *const srt_parameters[] = {
  "mode", "latency", "passphrase", "pbkeylen", "streamid", "pkt_size",
  "send_buffer_size", NULL
};

#define add_error(f, rule, param, ...) gst_restream_finding_add (f, \
    GST_RESTREAM_FINDING_ERROR, NULL, param, rule, __VA_ARGS__)
#define add_warning(f, rule, param, ...) gst_restream_finding_add (f, \
    GST_RESTREAM_FINDING_WARNING, NULL, param, rule, __VA_ARGS__)

void
gst_restream_target_free (GstRestreamTarget * target)
{
  if (!target)
    return;
  g_free (target->host);
  g_free (target->app);
  if (target->key)
    memset (target->key, 0, strlen (target->key));
  g_free (target->key);
  if (target->passphrase)
    memset (target->passphrase, 0, strlen (target->passphrase));
  g_free (target->passphrase);
  g_free (target->streamid);
  g_free (target);
}

/* Helpers */

static gboolean
parse_int (const gchar * text, gint64 min, gint64 max, gint64 * value)
{
  gchar *end = NULL;
  gint64 v;

  if (!text || !*text || !g_ascii_isdigit (text[0]))
    return FALSE;
  v = g_ascii_strtoll (text, &end, 10);
  if (*end != '\0' || v < min || v > max)
    return FALSE;
  *value = v;
  return TRUE;
}

static gboolean
host_is_private (const gchar * host)
{
  g_autoptr (GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  if (!address)
    return FALSE;
  return g_inet_address_get_is_loopback (address)
      || g_inet_address_get_is_site_local (address)
      || g_inet_address_get_is_link_local (address);
}

static gchar *
format_host (const gchar * host)
{
  if (strchr (host, ':'))
    return g_strdup_printf ("[%s]", host);
  return g_strdup (host);
}

static gboolean
key_character_allowed (gunichar c)
{
  if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
    return FALSE;
  return c != '/' && c != '\\' && c != '#' && c != '"' && c != '\'';
}

static void
check_key (const gchar * key, GPtrArray * findings)
{
  glong length;
  const gchar *p;

  if (!g_utf8_validate (key, -1, NULL)) {
    add_error (findings, "rtmp-key-shape", "key",
        "the stream key is not valid UTF-8 text.");
    return;
  }
  if (strstr (key, "://")) {
    add_error (findings, "rtmp-key-shape", "key",
        "the stream key looks like a URL: give the server URL as url= and "
        "only the key as key=.");
    return;
  }
  length = g_utf8_strlen (key, -1);
  if (length < MIN_KEY_LENGTH || length > MAX_KEY_LENGTH) {
    add_error (findings, "rtmp-key-shape", "key",
        "the stream key has %ld characters; platform keys have %d to %d.",
        length, MIN_KEY_LENGTH, MAX_KEY_LENGTH);
    return;
  }
  for (p = key; *p; p = g_utf8_next_char (p)) {
    if (!key_character_allowed (g_utf8_get_char (p))) {
      add_error (findings, "rtmp-key-shape", "key",
          "the stream key contains a space, a control character or one of "
          "/ \\ # \" ' which no platform uses in keys: check the copy.");
      return;
    }
  }
  if (length < SHORT_KEY_LENGTH)
    add_warning (findings, "rtmp-key-short", "key",
        "the stream key has only %ld characters; platform keys are longer: "
        "check that it was copied whole.", length);
}

static GstRestreamTarget *
target_new (GstRestreamTargetKind kind, const gchar * host)
{
  GstRestreamTarget *target = g_new0 (GstRestreamTarget, 1);

  target->kind = kind;
  target->host = g_strdup (host);
  target->latency_ms = target->pbkeylen = -1;
  target->payload_size = target->send_buffer_size = -1;
  return target;
}

/* The target, or NULL if anything from @first on is an error. */
static GstRestreamTarget *
target_finish (GstRestreamTarget * target, GPtrArray * findings, guint first)
{
  if (gst_restream_findings_have_errors (findings, first)) {
    gst_restream_target_free (target);
    return NULL;
  }
  return target;
}

/* RTMP(S) */

static GstRestreamTarget *
parse_rtmp (GstRestreamTargetKind kind, const gchar * scheme,
    const gchar * host, gint port, const gchar * path, const gchar * query,
    const gchar * key, gboolean element_key, GPtrArray * findings)
{
  GstRestreamTarget *target = target_new (kind, host);
  g_auto (GStrv) parts = NULL;
  g_autoptr (GPtrArray) elements = g_ptr_array_new ();
  guint first = findings->len, i, default_port;
  gboolean key_in_url = FALSE;

  default_port = kind == GST_RESTREAM_TARGET_RTMPS ? DEFAULT_RTMPS_PORT :
      DEFAULT_RTMP_PORT;
  target->port = port > 0 ? (guint) port : default_port;
  if (kind == GST_RESTREAM_TARGET_RTMPS && target->port == DEFAULT_RTMP_PORT)
    add_warning (findings, "rtmp-port-scheme", "url",
        "rtmps:// on port 1935, the plain RTMP port: platforms serve RTMPS "
        "on 443; check the scheme and the port.");
  else if (kind == GST_RESTREAM_TARGET_RTMP
      && target->port == DEFAULT_RTMPS_PORT)
    add_warning (findings, "rtmp-port-scheme", "url",
        "rtmp:// on port 443, the RTMPS port: platforms that listen on 443 "
        "expect TLS (rtmps://).");

  if (query && *query)
    add_error (findings, "rtmp-query", "url",
        "the URL has parameters after '?': they belong to the stream key "
        "(some platforms' keys contain them), so move them to key=.");

  parts = g_strsplit (path ? path : "", "/", -1);
  for (i = 0; parts[i]; i++)
    if (*parts[i])
      g_ptr_array_add (elements, parts[i]);

  if (!key || !*key) {
    if (elements->len >= 2) {
      key_in_url = TRUE;
      key = g_ptr_array_index (elements, elements->len - 1);
      g_ptr_array_remove_index (elements, elements->len - 1);
    } else {
      add_error (findings, "rtmp-key-missing", "key",
          "no stream key: give it as key= or append it to the URL "
          "(URL + \"/\" + KEY).");
    }
  }
  if (elements->len == 0) {
    add_error (findings, "rtmp-app-missing", "url",
        "no application in the URL: RTMP targets look like "
        "%s://host/APP (for example rtmp://a.rtmp.youtube.com/live2).", scheme);
  } else {
    g_ptr_array_add (elements, NULL);
    target->app = g_strjoinv ("/", (gchar **) elements->pdata);
  }
  if (key && *key) {
    /* An element's key is the user's own choice, not a pasted one. */
    if (!element_key)
      check_key (key, findings);
    /* A key in the URL may be %-escaped; one given on its own is literal. */
    if (key_in_url)
      target->key = g_uri_unescape_string (key, NULL);
    if (!target->key)
      target->key = g_strdup (key);
    if (key_in_url)
      add_warning (findings, "rtmp-key-in-url", "url",
          "the stream key was taken from the end of the URL; keeping it in "
          "key= keeps it apart from the URL that logs and dashboards show.");
  }
  return target_finish (target, findings, first);
}

/* SRT */

/* Checks one SRT query parameter's value and, where it is usable, stores it
 * in @target; @private_host relaxes the advice meant for public routes. */
typedef void (*SrtParameterCheck) (GstRestreamTarget * target,
    const gchar * value, gboolean private_host, GPtrArray * findings);

static void
check_srt_mode (GstRestreamTarget * target, const gchar * value,
    gboolean private_host, GPtrArray * findings)
{
  if (g_ascii_strcasecmp (value, "caller") == 0)
    return;
  if (g_ascii_strcasecmp (value, "listener") == 0
      || g_ascii_strcasecmp (value, "rendezvous") == 0)
    add_error (findings, "srt-mode", "mode",
        "mode=%s is not possible for a restream target: the target must "
        "listen and we connect to it, so use mode=caller.", value);
  else
    add_error (findings, "srt-mode", "mode",
        "mode=%s is not an SRT mode; use mode=caller.", value);
}

static void
check_srt_latency (GstRestreamTarget * target, const gchar * value,
    gboolean private_host, GPtrArray * findings)
{
  gint64 number;

  if (!parse_int (value, 0, G_MAXINT64, &number)) {
    add_error (findings, "srt-latency", "latency",
        "latency=%s is not a whole number of microseconds.", value);
    return;
  }
  if (number > LATENCY_MAX_US) {
    add_error (findings, "srt-latency", "latency",
        "latency=%s is %.0f s in microseconds (FFmpeg-style SRT URLs); "
        "SRT latency above 60 s is not usable.", value, number / 1e6);
    return;
  }
  target->latency_ms = (gint) ((number + 999) / 1000);
  if (number > 0 && number < LATENCY_UNIT_SUSPECT_US)
    add_warning (findings, "srt-latency-unit", "latency",
        "latency=%s is %.3f ms: SRT URLs give latency in microseconds, "
        "so %s ms is written latency=%s000.", value, number / 1e3, value,
        value);
  else if (number < LATENCY_PUBLIC_MIN_US && !private_host)
    add_warning (findings, "srt-latency-low", "latency",
        "latency=%s is %.0f ms; a public route needs room for round trip, "
        "jitter and retransmissions: use 2-3 s (latency=2500000).",
        value, number / 1e3);
}

static void
check_srt_passphrase (GstRestreamTarget * target, const gchar * value,
    gboolean private_host, GPtrArray * findings)
{
  glong length = g_utf8_strlen (value, -1);

  if (length < MIN_PASSPHRASE_LENGTH || length > MAX_PASSPHRASE_LENGTH)
    add_error (findings, "srt-passphrase", "passphrase",
        "the passphrase has %ld characters; SRT takes %d to %d.", length,
        MIN_PASSPHRASE_LENGTH, MAX_PASSPHRASE_LENGTH);
  else
    target->passphrase = g_strdup (value);
}

static void
check_srt_pbkeylen (GstRestreamTarget * target, const gchar * value,
    gboolean private_host, GPtrArray * findings)
{
  gint64 number;

  if (!parse_int (value, 0, 32, &number)
      || (number != 16 && number != 24 && number != 32))
    add_error (findings, "srt-pbkeylen", "pbkeylen",
        "pbkeylen=%s is not an AES key length; use 16, 24 or 32.", value);
  else
    target->pbkeylen = (gint) number;
}

static void
check_srt_streamid (GstRestreamTarget * target, const gchar * value,
    gboolean private_host, GPtrArray * findings)
{
  if (strlen (value) > MAX_STREAMID_BYTES)
    add_error (findings, "srt-streamid", "streamid",
        "the streamid has %" G_GSIZE_FORMAT " bytes; SRT takes at most %d.",
        strlen (value), MAX_STREAMID_BYTES);
  else
    target->streamid = g_strdup (value);
}

static void
check_srt_pkt_size (GstRestreamTarget * target, const gchar * value,
    gboolean private_host, GPtrArray * findings)
{
  gint64 number;

  if (!parse_int (value, MIN_PKT_SIZE, MAX_PKT_SIZE, &number)) {
    add_error (findings, "srt-pkt-size", "pkt_size",
        "pkt_size=%s is out of range; SRT payloads are %d to %d bytes "
        "(1316 = 7 MPEG-TS packets is usual).", value, MIN_PKT_SIZE,
        MAX_PKT_SIZE);
    return;
  }
  target->payload_size = (gint) number;
  if (number % TS_PACKET_SIZE != 0)
    add_warning (findings, "srt-pkt-size", "pkt_size",
        "pkt_size=%s is not a multiple of 188: MPEG-TS packets will be "
        "split across SRT packets; 1316 is usual.", value);
}

static void
check_srt_send_buffer_size (GstRestreamTarget * target, const gchar * value,
    gboolean private_host, GPtrArray * findings)
{
  gint64 number;

  if (!parse_int (value, 1, G_MAXINT, &number))
    add_error (findings, "srt-send-buffer-size", "send_buffer_size",
        "send_buffer_size=%s is not a positive number of bytes.", value);
  else
    target->send_buffer_size = (gint) number;
}

/* *INDENT-OFF* */
static const struct
{
  const gchar *name;
  SrtParameterCheck check;
} srt_parameter_checks[] = {
  {"mode", check_srt_mode},
  {"latency", check_srt_latency},
  {"passphrase", check_srt_passphrase},
  {"pbkeylen", check_srt_pbkeylen},
  {"streamid", check_srt_streamid},
  {"pkt_size", check_srt_pkt_size},
  {"send_buffer_size", check_srt_send_buffer_size},
};
/* *INDENT-ON* */

static void
check_srt_parameter (GstRestreamTarget * target, const gchar * name,
    const gchar * value, gboolean private_host, GPtrArray * findings)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (srt_parameter_checks); i++) {
    if (g_str_equal (name, srt_parameter_checks[i].name)) {
      srt_parameter_checks[i].check (target, value, private_host, findings);
      return;
    }
  }
}

static GstRestreamTarget *
parse_srt (const gchar * host, gint port, const gchar * path,
    const gchar * query, const gchar * key, GPtrArray * findings)
{
  GstRestreamTarget *target = target_new (GST_RESTREAM_TARGET_SRT, host);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash,
      g_str_equal, g_free, NULL);
  g_auto (GStrv) pairs = NULL;
  gboolean private_host;
  guint first = findings->len, i;

  private_host = host && host_is_private (host);

  if (!host || !*host)
    add_error (findings, "srt-host", "url",
        "no host: an SRT target is called, so its URL needs the target's "
        "host (srt://HOST:PORT?mode=caller).");
  if (port <= 0)
    add_error (findings, "srt-port", "url",
        "no port: SRT has no default port; write srt://HOST:PORT.");
  else
    target->port = port;
  if (path && *path && !g_str_equal (path, "/"))
    add_error (findings, "srt-path", "url",
        "SRT URLs have no path; parameters go after '?'.");
  if (key && *key)
    add_error (findings, "srt-key", "key",
        "SRT targets take no stream key; a streamid or passphrase goes in the "
        "URL's query (streamid=..., passphrase=...).");

  pairs = g_strsplit (query ? query : "", "&", -1);
  for (i = 0; pairs[i]; i++) {
    g_autofree gchar *name = NULL;
    g_autofree gchar *value = NULL;
    gchar *equals;

    if (!*pairs[i])
      continue;
    equals = strchr (pairs[i], '=');
    name = g_uri_unescape_segment (pairs[i], equals, NULL);
    value = equals ? g_uri_unescape_string (equals + 1, NULL) : g_strdup ("");
    if (!name || !value) {
      add_error (findings, "srt-parameter", "url",
          "a query parameter has a broken %%-escape.");
      continue;
    }
    if (!g_strv_contains (srt_parameters, name)) {
      g_autofree gchar *known = g_strjoinv (", ", (gchar **) srt_parameters);
      add_error (findings, "srt-unknown-parameter", name,
          "unknown SRT parameter '%s'; the known ones are %s.", name, known);
      continue;
    }
    if (g_hash_table_contains (seen, name)) {
      add_error (findings, "srt-duplicate-parameter", name,
          "'%s' is given twice.", name);
      continue;
    }
    g_hash_table_add (seen, g_strdup (name));
    check_srt_parameter (target, name, value, private_host, findings);
  }

  if (target->pbkeylen > 0 && !target->passphrase
      && !g_hash_table_contains (seen, "passphrase"))
    add_error (findings, "srt-pbkeylen-without-passphrase", "pbkeylen",
        "pbkeylen sets the key length of an encryption that needs a "
        "passphrase; add passphrase= or drop pbkeylen.");
  return target_finish (target, findings, first);
}

/* @element_key: @key comes from an element's location, any shape. */
static GstRestreamTarget *
parse_target (const gchar * url, const gchar * key, gboolean element_key,
    GPtrArray * findings)
{
  g_autofree gchar *scheme = NULL, *userinfo = NULL, *host = NULL;
  g_autofree gchar *path = NULL, *query = NULL, *fragment = NULL;
  gint port = -1;

  g_return_val_if_fail (findings != NULL, NULL);

  if (!url || !*url) {
    add_error (findings, "url-missing", "url", "no target URL.");
    return NULL;
  }
  if (strchr (url, '#')) {
    add_error (findings, "url-fragment", "url",
        "a raw '#' ends a URL there and loses what follows; write it as %%23.");
    return NULL;
  }
  if (!g_uri_split (url, G_URI_FLAGS_ENCODED_PATH | G_URI_FLAGS_ENCODED_QUERY
          | G_URI_FLAGS_NON_DNS, &scheme, &userinfo, &host, &port, &path,
          &query, &fragment, NULL) || !scheme) {
    add_error (findings, "url-syntax", "url",
        "not a URL of the form scheme://host[:port]/...; targets are "
        "rtmp://, rtmps:// or srt:// URLs.");
    return NULL;
  }
  if (userinfo) {
    add_error (findings, "url-userinfo", "url",
        "user:password@ in the URL is not supported for targets.");
    return NULL;
  }

  if (g_ascii_strcasecmp (scheme, "srt") == 0)
    return parse_srt (host, port, path, query, key, findings);

  if (!host || !*host) {
    add_error (findings, "url-host", "url", "no host in the URL.");
    return NULL;
  }
  if (g_ascii_strcasecmp (scheme, "rtmp") == 0)
    return parse_rtmp (GST_RESTREAM_TARGET_RTMP, "rtmp", host, port, path,
        query, key, element_key, findings);
  if (g_ascii_strcasecmp (scheme, "rtmps") == 0)
    return parse_rtmp (GST_RESTREAM_TARGET_RTMPS, "rtmps", host, port, path,
        query, key, element_key, findings);

  add_error (findings, "url-scheme", "url",
      "'%s://' targets are not supported; use rtmp://, rtmps:// or srt://.",
      scheme);
  return NULL;
}

GstRestreamTarget *
gst_restream_target_parse (const gchar * url, const gchar * key,
    GPtrArray * findings)
{
  return parse_target (url, key, FALSE, findings);
}

/* Output */

gchar *
gst_restream_target_rtmp_location (const GstRestreamTarget * target)
{
  g_autofree gchar *tc_url = gst_restream_target_rtmp_tc_url (target);

  return g_strdup_printf ("%s/%s", tc_url, target->key);
}

GstRestreamTarget *
gst_restream_target_parse_rtmp_location (const gchar * location,
    GError ** error)
{
  g_autoptr (GPtrArray) findings = gst_restream_findings_new ();
  g_autofree gchar *url = NULL;
  g_autofree gchar *key = NULL;
  const gchar *query, *scheme_end;
  gchar *path, *last_slash;
  GstRestreamTarget *target;

  if (!location || !*location) {
    g_set_error_literal (error, GST_URI_ERROR, GST_URI_ERROR_BAD_URI,
        "url: no location set");
    return NULL;
  }
  /* The key ends the path; a query after it belongs to the key. */
  query = strchr (location, '?');
  url = g_strndup (location, query ? (gsize) (query - location) :
      strlen (location));
  scheme_end = strstr (url, "://");
  path = scheme_end ? strchr (scheme_end + 3, '/') : NULL;
  last_slash = path ? strrchr (path, '/') : NULL;
  if (last_slash && last_slash > path && last_slash[1]) {
    key = g_strconcat (last_slash + 1, query, NULL);
    *last_slash = '\0';
  }
  target = parse_target (key ? url : location, key, TRUE, findings);
  if (!target) {
    gst_restream_findings_to_error (findings, error);
    return NULL;
  }
  if (target->kind == GST_RESTREAM_TARGET_SRT) {
    gst_restream_target_free (target);
    g_set_error_literal (error, GST_URI_ERROR,
        GST_URI_ERROR_UNSUPPORTED_PROTOCOL,
        "url: the location is not an rtmp:// or rtmps:// URL");
    return NULL;
  }
  return target;
}

gchar *
gst_restream_target_rtmp_tc_url (const GstRestreamTarget * target)
{
  g_autofree gchar *host = NULL;

  g_return_val_if_fail (target->kind != GST_RESTREAM_TARGET_SRT, NULL);
  host = format_host (target->host);
  return g_strdup_printf ("%s://%s:%u/%s",
      target->kind == GST_RESTREAM_TARGET_RTMPS ? "rtmps" : "rtmp", host,
      target->port, target->app);
}

static gchar *
srt_uri (const GstRestreamTarget * target, gboolean display)
{
  g_autofree gchar *host = format_host (target->host);
  GString *uri = g_string_new (NULL);

  g_string_append_printf (uri, "srt://%s:%u?mode=caller", host, target->port);
  if (target->latency_ms >= 0)
    g_string_append_printf (uri, "&latency=%d", target->latency_ms);
  if (target->passphrase) {
    g_autofree gchar *escaped = g_uri_escape_string (target->passphrase,
        NULL, FALSE);
    g_string_append_printf (uri, "&passphrase=%s", display ? "*****" : escaped);
  }
  if (target->pbkeylen > 0)
    g_string_append_printf (uri, "&pbkeylen=%d", target->pbkeylen);
  if (target->streamid) {
    g_autofree gchar *escaped = g_uri_escape_string (target->streamid, NULL,
        FALSE);
    g_string_append_printf (uri, "&streamid=%s", escaped);
  }
  if (target->payload_size > 0)
    g_string_append_printf (uri, "&payloadsize=%d", target->payload_size);
  if (target->send_buffer_size > 0)
    g_string_append_printf (uri, "&sndbuf=%d", target->send_buffer_size);
  return g_string_free (uri, FALSE);
}

gchar *
gst_restream_target_srt_uri (const GstRestreamTarget * target)
{
  g_return_val_if_fail (target->kind == GST_RESTREAM_TARGET_SRT, NULL);
  return srt_uri (target, FALSE);
}

gchar *
gst_restream_target_to_display (const GstRestreamTarget * target)
{
  g_autofree gchar *tc_url = NULL;
  g_autofree gchar *key = NULL;

  if (target->kind == GST_RESTREAM_TARGET_SRT)
    return srt_uri (target, TRUE);
  tc_url = gst_restream_target_rtmp_tc_url (target);
  key = gst_restream_redact_secret (target->key);
  return g_strdup_printf ("%s/%s", tc_url, key);
}
