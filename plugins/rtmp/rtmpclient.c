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

#include <string.h>

#include "rtmpamf.h"
#include "rtmpclient.h"
#include "rtmperror.h"

#define FLASH_VERSION "FMLE/3.0 (compatible; gst-restream)"

/* Transaction ids, in the order the commands are sent. */
enum
{
  TXN_CONNECT = 1,
  TXN_RELEASE_STREAM,
  TXN_FC_PUBLISH,
  TXN_CREATE_STREAM,
  TXN_PUBLISH,
  TXN_FC_UNPUBLISH,
  TXN_DELETE_STREAM,
};

/* A command with its transaction id and a null command object, to which
 * the caller appends the arguments. */
static GByteArray *
command_new (const gchar * name, guint txn)
{
  GByteArray *amf = g_byte_array_new ();

  rtmp_amf_write_string (amf, name);
  rtmp_amf_write_number (amf, txn);
  rtmp_amf_write_null (amf);
  return amf;
}

/* An answer: _result/_error to a transaction, or onStatus. */
typedef struct
{
  gchar *name;
  GByteArray *payload;
  RtmpAmfReader rest;           /* what follows the transaction id */
} Answer;

static void
answer_clear (Answer * answer)
{
  g_clear_pointer (&answer->name, g_free);
  g_clear_pointer (&answer->payload, g_byte_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear);

/* Reads commands until the answer to @txn (or an onStatus). */
static gboolean
wait_answer (RtmpConnection * connection, gdouble txn, gboolean on_status,
    Answer * answer, GError ** error)
{
  for (;;) {
    RtmpAmfReader reader;
    gdouble id = -1;

    answer_clear (answer);
    if (!rtmp_connection_read_command (connection, &answer->payload, error))
      return FALSE;
    rtmp_amf_reader_init (&reader, answer->payload->data, answer->payload->len);
    answer->name = rtmp_amf_read_string (&reader);
    if (answer->name && rtmp_amf_read_number (&reader, &id)
        && ((on_status && g_str_equal (answer->name, "onStatus"))
            || (!on_status && id == txn
                && (g_str_equal (answer->name, "_result")
                    || g_str_equal (answer->name, "_error"))))) {
      answer->rest = reader;
      return TRUE;
    }
  }
}

/* The "code: description" of the info object after the command object. */
static gchar *
answer_info (const Answer * answer)
{
  RtmpAmfReader reader = answer->rest;
  g_autofree gchar *code = NULL;
  g_autofree gchar *description = NULL;

  if (!rtmp_amf_skip (&reader))
    return g_strdup ("no information");
  code = rtmp_amf_object_get_string (&reader, "code");
  description = rtmp_amf_object_get_string (&reader, "description");
  return g_strdup_printf ("%s%s%s", code ? code : "no code",
      description ? ": " : "", description ? description : "");
}

/* Sends what is queued and waits for the answer to @txn (or onStatus). */
static gboolean
flush_and_wait (RtmpConnection * connection, gdouble txn, gboolean on_status,
    Answer * answer, GError ** error)
{
  return rtmp_connection_flush (connection, error)
      && wait_answer (connection, txn, on_status, answer, error);
}

/* "@what failed: CODE: DESCRIPTION" from the server's answer. */
static void
set_refusal (GError ** error, RtmpError code, const gchar * what,
    const Answer * answer)
{
  g_autofree gchar *info = answer_info (answer);

  g_set_error (error, RTMP_ERROR, code, "%s failed: %s", what, info);
}

GByteArray *
rtmp_client_connect_command (const RtmpPublishTarget * target)
{
  GByteArray *amf = g_byte_array_new ();

  rtmp_amf_write_string (amf, "connect");
  rtmp_amf_write_number (amf, TXN_CONNECT);
  rtmp_amf_write_object_begin (amf);
  rtmp_amf_write_property_name (amf, "app");
  rtmp_amf_write_string (amf, target->app);
  rtmp_amf_write_property_name (amf, "type");
  rtmp_amf_write_string (amf, "nonprivate");
  rtmp_amf_write_property_name (amf, "flashVer");
  rtmp_amf_write_string (amf, FLASH_VERSION);
  rtmp_amf_write_property_name (amf, "tcUrl");
  rtmp_amf_write_string (amf, target->tc_url);
  if (target->fourcc) {
    /* Enhanced RTMP: a strict array of the FourCCs the client uses. */
    rtmp_amf_write_property_name (amf, "fourCcList");
    rtmp_amf_write_strict_array_begin (amf, 1);
    rtmp_amf_write_string (amf, target->fourcc);
  }
  rtmp_amf_write_object_end (amf);
  return amf;
}

static gboolean
send_connect (RtmpConnection * connection, const RtmpPublishTarget * target,
    GError ** error)
{
  g_auto (Answer) answer = { NULL };
  GByteArray *amf = rtmp_client_connect_command (target);

  rtmp_connection_queue_command (connection, 0, amf);
  if (!flush_and_wait (connection, TXN_CONNECT, FALSE, &answer, error))
    return FALSE;
  if (!g_str_equal (answer.name, "_result")) {
    set_refusal (error, RTMP_ERROR_CONNECT_REFUSED, "'connect' cmd", &answer);
    return FALSE;
  }
  return TRUE;
}

static gboolean
create_stream (RtmpConnection * connection, const RtmpPublishTarget * target,
    guint32 * stream_id, GError ** error)
{
  g_auto (Answer) answer = { NULL };
  GByteArray *amf;
  RtmpAmfReader reader;
  gdouble id = 0;

  amf = command_new ("releaseStream", TXN_RELEASE_STREAM);
  rtmp_amf_write_string (amf, target->key);
  rtmp_connection_queue_command (connection, 0, amf);
  amf = command_new ("FCPublish", TXN_FC_PUBLISH);
  rtmp_amf_write_string (amf, target->key);
  rtmp_connection_queue_command (connection, 0, amf);
  rtmp_connection_queue_command (connection, 0,
      command_new ("createStream", TXN_CREATE_STREAM));
  if (!flush_and_wait (connection, TXN_CREATE_STREAM, FALSE, &answer, error))
    return FALSE;
  reader = answer.rest;
  if (!g_str_equal (answer.name, "_result") || !rtmp_amf_skip (&reader)
      || !rtmp_amf_read_number (&reader, &id) || id < 0 || id > G_MAXUINT32) {
    set_refusal (error, RTMP_ERROR_PROTOCOL, "createStream", &answer);
    return FALSE;
  }
  *stream_id = id;
  return TRUE;
}

static gboolean
send_publish (RtmpConnection * connection, const RtmpPublishTarget * target,
    guint32 stream_id, GError ** error)
{
  g_auto (Answer) answer = { NULL };
  g_autofree gchar *info = NULL;
  g_autofree gchar *lower = NULL;
  GByteArray *amf = command_new ("publish", TXN_PUBLISH);

  rtmp_amf_write_string (amf, target->key);
  rtmp_amf_write_string (amf, "live");
  rtmp_connection_queue_command (connection, stream_id, amf);
  if (!flush_and_wait (connection, 0, TRUE, &answer, error))
    return FALSE;
  info = answer_info (&answer);
  if (g_str_has_prefix (info, "NetStream.Publish.Start"))
    return TRUE;
  /* Servers call a key in use BadName; nginx-rtmp says so in words. */
  lower = g_ascii_strdown (info, -1);
  set_refusal (error, strstr (lower, "badname")
      || strstr (lower, "already publishing") ? RTMP_ERROR_STREAM_BUSY :
      RTMP_ERROR_PUBLISH_REFUSED, "publish", &answer);
  return FALSE;
}

gboolean
rtmp_client_publish (RtmpConnection * connection,
    const RtmpPublishTarget * target, GTimeSpan settle, guint32 * stream_id,
    GError ** error)
{
  g_autoptr (GError) settle_error = NULL;

  rtmp_connection_set_window (connection, RTMP_CLIENT_ACK_WINDOW);
  if (!send_connect (connection, target, error)
      || !create_stream (connection, target, stream_id, error)
      || !send_publish (connection, target, *stream_id, error))
    return FALSE;
  /* A refused key sees the connection closed at once: a moment's wait
   * tells that apart from a publish that goes ahead. */
  if (rtmp_connection_read_input (connection, settle, &settle_error))
    return TRUE;
  if (g_error_matches (settle_error, RTMP_ERROR, RTMP_ERROR_CLOSED))
    g_set_error (error, RTMP_ERROR, RTMP_ERROR_PUBLISH_REFUSED,
        "Connection closed by the server right after the publish was "
        "accepted (refused by its access rules?)");
  else
    g_propagate_error (error, g_steal_pointer (&settle_error));
  return FALSE;
}

void
rtmp_client_unpublish (RtmpConnection * connection,
    const RtmpPublishTarget * target, guint32 stream_id)
{
  GByteArray *amf;

  amf = command_new ("FCUnpublish", TXN_FC_UNPUBLISH);
  rtmp_amf_write_string (amf, target->key);
  rtmp_connection_queue_command (connection, 0, amf);
  amf = command_new ("deleteStream", TXN_DELETE_STREAM);
  rtmp_amf_write_number (amf, stream_id);
  rtmp_connection_queue_command (connection, 0, amf);
  rtmp_connection_flush (connection, NULL);
}
