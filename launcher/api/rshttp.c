/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The HTTP side of the control API: JSON answers, the error body with its
 * stable codes, bearer tokens, and what a request body must be to be
 * read at all (docs/api.md). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "rsservice-private.h"

#define MAX_BODY (64 * 1024)

/* *INDENT-OFF* */
static const struct
{
  guint status;
  const gchar *code;
} api_errors[] = {
  [RS_API_ERROR_UNAUTHORIZED] = {401, "unauthorized"},
  [RS_API_ERROR_NOT_FOUND] = {404, "not-found"},
  [RS_API_ERROR_METHOD] = {405, "method-not-allowed"},
  [RS_API_ERROR_LENGTH] = {411, "length-required"},
  [RS_API_ERROR_TOO_LARGE] = {413, "body-too-large"},
  [RS_API_ERROR_MEDIA_TYPE] = {415, "unsupported-media-type"},
  [RS_API_ERROR_BAD_JSON] = {400, "invalid-json"},
  [RS_API_ERROR_INVALID] = {422, "invalid-description"},
  [RS_API_ERROR_QUOTA] = {403, "quota-exceeded"},
  [RS_API_ERROR_CONFLICT] = {409, "conflict"},
  [RS_API_ERROR_NOT_SAVED] = {500, "state-not-saved"},
  [RS_API_ERROR_START] = {500, "start-failed"},
};
/* *INDENT-ON* */

void
rs_http_respond_json (SoupServerMessage * msg, guint status, JsonNode * node)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  gchar *text;
  gsize length;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);
  text = g_realloc (text, length + 2);
  text[length++] = '\n';
  text[length] = '\0';
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json",
      SOUP_MEMORY_TAKE, text, length);
  json_node_unref (node);
}

static void
add_problems (JsonBuilder * b, GPtrArray * problems)
{
  guint i;

  json_builder_set_member_name (b, "problems");
  json_builder_begin_array (b);
  for (i = 0; i < problems->len; i++) {
    GstRestreamFinding *p = g_ptr_array_index (problems, i);

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "field");
    json_builder_add_string_value (b, p->key);
    json_builder_set_member_name (b, "severity");
    json_builder_add_string_value (b,
        gst_restream_finding_severity_name (p->severity));
    json_builder_set_member_name (b, "message");
    json_builder_add_string_value (b, p->message);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
}

void
rs_http_respond_error (SoupServerMessage * msg, RsApiError error,
    GPtrArray * problems, const gchar * format, ...)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree gchar *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, api_errors[error].code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  if (problems && problems->len)
    add_problems (b, problems);
  json_builder_end_object (b);
  json_builder_end_object (b);
  if (error == RS_API_ERROR_UNAUTHORIZED)
    soup_message_headers_replace (soup_server_message_get_response_headers
        (msg), "WWW-Authenticate", "Bearer realm=\"gst-restream\"");
  rs_http_respond_json (msg, api_errors[error].status,
      json_builder_get_root (b));
}

const RsAccount *
rs_http_authenticate (GPtrArray * accounts, SoupServerMessage * msg)
{
  const gchar *header = soup_message_headers_get_one
      (soup_server_message_get_request_headers (msg), "Authorization");

  if (!header || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;
  return rs_accounts_authenticate (accounts, header + 7);
}

static gboolean
needs_body (const gchar * method)
{
  return g_str_equal (method, "POST") || g_str_equal (method, "PUT")
      || g_str_equal (method, "PATCH");
}

void
rs_http_check_body_size (SoupServerMessage * msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (!needs_body (soup_server_message_get_method (msg)))
    return;
  /* No body at all is fine (activate, deactivate); a body of unknown
   * length is not taken. */
  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_NONE
      && soup_message_headers_get_encoding (headers) !=
      SOUP_ENCODING_CONTENT_LENGTH) {
    rs_http_respond_error (msg, RS_API_ERROR_LENGTH, NULL, "send the body "
        "with a Content-Length of at most %d bytes", MAX_BODY);
    return;
  }
  if (soup_message_headers_get_content_length (headers) > MAX_BODY) {
    rs_http_respond_error (msg, RS_API_ERROR_TOO_LARGE, NULL, "the body has %"
        G_GINT64_FORMAT " bytes; at most %d are taken",
        (gint64) soup_message_headers_get_content_length (headers), MAX_BODY);
  }
}

JsonNode *
rs_http_read_json (SoupServerMessage * msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  const gchar *type = soup_message_headers_get_content_type
      (soup_server_message_get_request_headers (msg), NULL);
  JsonNode *root;

  if (!type || g_ascii_strcasecmp (type, "application/json") != 0) {
    rs_http_respond_error (msg, RS_API_ERROR_MEDIA_TYPE, NULL, "send the "
        "body as application/json (got %s)", type ? type : "no Content-Type");
    return NULL;
  }
  if (!body->data || body->length == 0)
    goto empty;
  if (!g_utf8_validate (body->data, body->length, NULL)) {
    rs_http_respond_error (msg, RS_API_ERROR_BAD_JSON, NULL, "the body is "
        "not UTF-8");
    return NULL;
  }
  if (!json_parser_load_from_data (parser, body->data, body->length, &error)) {
    rs_http_respond_error (msg, RS_API_ERROR_BAD_JSON, NULL, "not valid "
        "JSON: %s", error->message);
    return NULL;
  }
  root = json_parser_steal_root (parser);
  if (!root)
    goto empty;
  return root;

  /* ERRORS */
empty:
  rs_http_respond_error (msg, RS_API_ERROR_BAD_JSON, NULL, "the body is "
      "empty; a JSON object is expected");
  return NULL;
}
