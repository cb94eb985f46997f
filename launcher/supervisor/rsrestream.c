/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

/* The restream supervisor.
 *
 * The pipeline holds failoversrc, the muxers and the restreamtees. Every
 * target is a bin of its own (targetvalidator ! rtmppushsink or srtsink) with
 * a locked state: the pipeline's state changes never reach it, so one
 * target failing to start, or being restarted, touches nothing else. Its
 * state changes run off the main context (a sink may block while it
 * connects) and report back here.
 *
 * A target's ERROR is stamped, in the bus's sync handler, with the
 * generation of the branch that posted it; errors of a branch that was
 * already torn down are ignored. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <gio/gio.h>

#include "rsrestream.h"
#include "rspolicy.h"

#define STATUS_INTERVAL_MS 1000
#define STATE_CHANGE_WATCHDOG (10 * GST_SECOND)
#define WARNING_REPEAT (10 * G_USEC_PER_SEC)
#define BATCH_TIME (50 * GST_MSECOND)

typedef enum
{
  CONTAINER_FLV,
  CONTAINER_TS,
  N_CONTAINERS,
} Container;

typedef enum
{
  STREAM_VIDEO,
  STREAM_AUDIO,
  N_STREAMS,
} Stream;

typedef struct _RsTarget RsTarget;

struct _RsRestream
{
  RsDescription *description;
  RsRestreamEventFunc func;
  gpointer user_data;
  GMainContext *context;

  RsRestreamState state;
  gchar *state_reason;
  gchar *input_state;
  GPtrArray *secrets;           /* strings to remove from any output */

  GstElement *pipeline;
  GstElement *source;
  GstElement *stream_tees[N_STREAMS];
  GstElement *tees[N_CONTAINERS];       /* restreamtee per container kind */
  guint bus_watch;
  guint status_timer;
  gint64 started_at;
  gint64 live_since;

  GPtrArray *targets;           /* RsTarget, owned refs */

  /* stop */
  guint stop_timer;
  GCallback stop_done;
  gpointer stop_data;
  gboolean deactivated;
};

struct _RsTarget
{
  RsRestream *restream;         /* NULL once the restream is gone */
  RsDescriptionTarget *desc;
  Container container;
  gchar *display;               /* the URL, redacted */
  const RsReconnectPolicy *policy;

  GstElement *bin;
  GstElement *validator;
  GstElement *sink;
  GstPad *tee_pad;

  RsTargetState state;
  gint generation;              /* atomic; bumped when a branch ends */
  gboolean op_pending;          /* a state change runs in another thread */
  gchar *deferred_text;         /* a failure that came during it */
  const RsFailureInfo *deferred_info;
  guint timer;
  guint attempts;               /* failures in a row */
  guint reconnects;
  gint64 branch_started;
  gint64 live_since;
  guint64 pad_base;             /* the tee pad's byte count at the start */
  guint64 sent;                 /* bytes taken by the target, this branch */
  guint64 sent_before;          /* ... by earlier branches */
  guint64 rate_bytes;
  gint64 rate_time;
  gdouble bitrate;              /* kbit/s */
  guint64 drops;
  gint srt_dropped;
  gint64 last_warning[3];
  gboolean eos;
  const RsFailureInfo *failure;
  gchar *error;
};

typedef struct
{
  RsTarget *target;
  GstState state;
  GstStateChangeReturn result;
} StateOp;

static GQuark generation_quark;

static void target_start (RsTarget * target);
static void target_fail (RsTarget * target, const RsFailureInfo * info,
    const gchar * text);
static void restream_teardown (RsRestream * self);

const gchar *
rs_restream_state_name (RsRestreamState state)
{
  static const gchar *names[] = { "idle", "starting", "live", "outage",
    "stopping", "stopped"
  };
  return state <= RS_RESTREAM_STOPPED ? names[state] : "unknown";
}

const gchar *
rs_target_state_name (RsTargetState state)
{
  static const gchar *names[] = { "idle", "connecting", "live",
    "reconnecting", "refused", "gave-up", "stopped"
  };
  return state <= RS_TARGET_STOPPED ? names[state] : "unknown";
}

/* Secrets */

static void
add_secret (RsRestream * self, const gchar * secret)
{
  g_autofree gchar *escaped = NULL;

  if (!secret || strlen (secret) < 3)
    return;
  g_ptr_array_add (self->secrets, g_strdup (secret));
  escaped = g_uri_escape_string (secret, NULL, FALSE);
  if (!g_str_equal (escaped, secret))
    g_ptr_array_add (self->secrets, g_steal_pointer (&escaped));
}

static void
add_target_secrets (RsRestream * self, RsDescriptionTarget * t)
{
  add_secret (self, t->key);
  if (t->target) {
    add_secret (self, t->target->key);
    add_secret (self, t->target->passphrase);
  }
}

static gint
compare_length (gconstpointer a, gconstpointer b)
{
  gsize la = strlen (*(const gchar * const *) a);
  gsize lb = strlen (*(const gchar * const *) b);

  return la < lb ? 1 : la > lb ? -1 : 0;
}

static void
collect_secrets (RsRestream * self)
{
  RsDescription *d = self->description;
  g_autoptr (GUri) uri = NULL;
  guint i;

  for (i = 0; i < d->targets->len; i++)
    add_target_secrets (self, g_ptr_array_index (d->targets, i));
  /* The input: an RTMP stream name is its key; SRT may carry a passphrase. */
  uri = g_uri_parse (d->input, G_URI_FLAGS_ENCODED_QUERY, NULL);
  if (uri) {
    const gchar *path = g_uri_get_path (uri);
    const gchar *query = g_uri_get_query (uri);
    const gchar *last = path ? strrchr (path, '/') : NULL;

    if (last && strlen (last + 1) >= 6)
      add_secret (self, last + 1);
    if (query) {
      g_autoptr (GHashTable) params = g_uri_parse_params (query, -1, "&",
          G_URI_PARAMS_NONE, NULL);

      if (params)
        add_secret (self, g_hash_table_lookup (params, "passphrase"));
    }
  }
  /* Longest first, so that no secret is left half replaced. */
  g_ptr_array_sort (self->secrets, compare_length);
}

gchar *
rs_restream_redact (RsRestream * self, const gchar * text)
{
  GString *out;
  guint i;

  if (!text)
    return NULL;
  out = g_string_new (text);
  for (i = 0; i < self->secrets->len; i++)
    g_string_replace (out, g_ptr_array_index (self->secrets, i), "*****", 0);
  return g_string_free (out, FALSE);
}

/* Events */

static void
emit (RsRestream * self, GstStructure * event)
{
  if (self->func)
    self->func (self, event, self->user_data);
  gst_structure_free (event);
}

static void
set_state (RsRestream * self, RsRestreamState state, const gchar * reason)
{
  RsRestreamState previous = self->state;
  gchar *text = g_strdup (reason ? reason : "");

  g_free (self->state_reason);
  self->state_reason = text;
  if (state == previous)
    return;
  self->state = state;
  emit (self, gst_structure_new ("restream",
          "restream", G_TYPE_STRING, self->description->name,
          "state", G_TYPE_STRING, rs_restream_state_name (state),
          "previous", G_TYPE_STRING, rs_restream_state_name (previous),
          "reason", G_TYPE_STRING, self->state_reason, NULL));
}

static void
target_set_state (RsTarget * target, RsTargetState state,
    const RsFailureInfo * info, const gchar * detail, GstClockTime retry_in)
{
  RsRestream *self = target->restream;
  RsTargetState previous = target->state;
  GstStructure *event;

  target->state = state;
  if (state == RS_TARGET_LIVE)
    target->live_since = g_get_monotonic_time ();
  if (!self)
    return;
  event = gst_structure_new ("target",
      "restream", G_TYPE_STRING, self->description->name,
      "target", G_TYPE_STRING, target->desc->name,
      "state", G_TYPE_STRING, rs_target_state_name (state),
      "previous", G_TYPE_STRING, rs_target_state_name (previous),
      "url", G_TYPE_STRING, target->display,
      "attempt", G_TYPE_UINT, target->attempts, NULL);
  if (info)
    gst_structure_set (event,
        "cause", G_TYPE_STRING, info->cause,
        "summary", G_TYPE_STRING, info->summary,
        "advice", G_TYPE_STRING, info->advice, NULL);
  if (detail)
    gst_structure_set (event, "detail", G_TYPE_STRING, detail, NULL);
  if (GST_CLOCK_TIME_IS_VALID (retry_in))
    gst_structure_set (event, "retry-in", G_TYPE_DOUBLE,
        (gdouble) retry_in / GST_SECOND, NULL);
  emit (self, event);
}

static void
target_warn (RsTarget * target, RsWarning warning, const gchar * detail)
{
  RsRestream *self = target->restream;
  const RsFailureInfo *info = rs_warning_info (warning);
  gint64 now = g_get_monotonic_time ();

  if (target->last_warning[warning]
      && now - target->last_warning[warning] < WARNING_REPEAT)
    return;
  target->last_warning[warning] = now;
  emit (self, gst_structure_new ("warning",
          "restream", G_TYPE_STRING, self->description->name,
          "target", G_TYPE_STRING, target->desc->name,
          "cause", G_TYPE_STRING, info->cause,
          "summary", G_TYPE_STRING, info->summary,
          "advice", G_TYPE_STRING, info->advice,
          "detail", G_TYPE_STRING, detail ? detail : "", NULL));
}

/* Targets */

static void
target_clear (RsTarget * target)
{
  g_clear_handle_id (&target->timer, g_source_remove);
  g_free (target->display);
  g_free (target->error);
  g_free (target->deferred_text);
  gst_clear_object (&target->tee_pad);
  gst_clear_object (&target->bin);
}

static RsTarget *
target_ref (RsTarget * target)
{
  return g_rc_box_acquire (target);
}

static void
target_unref (RsTarget * target)
{
  g_rc_box_release_full (target, (GDestroyNotify) target_clear);
}

static RsTarget *
target_for_object (GstObject * object)
{
  GstObject *o;

  for (o = object; o; o = GST_OBJECT_PARENT (o)) {
    RsTarget *target = g_object_get_data (G_OBJECT (o), "rs-target");

    if (target)
      return target;
  }
  return NULL;
}

static guint64
structure_get_u64 (const GstStructure * s, const gchar * field)
{
  const GValue *v = s ? gst_structure_get_value (s, field) : NULL;
  GValue u = G_VALUE_INIT;
  guint64 result = 0;

  if (!v)
    return 0;
  g_value_init (&u, G_TYPE_DOUBLE);
  if (g_value_transform (v, &u))
    result = MAX (g_value_get_double (&u), 0);
  g_value_unset (&u);
  return result;
}

/* Bytes the target has taken in this branch: what restreamtee pushed into
 * it. The sink takes nothing before the server accepted the publish, and
 * nginx-rtmp acknowledges only every 5 MB, so its own counters say less. */
static guint64
target_pad_bytes (RsTarget * target)
{
  guint64 bytes = 0;

  if (target->tee_pad)
    g_object_get (target->tee_pad, "bytes", &bytes, NULL);
  return bytes;
}

static void
target_poll_sink (RsTarget * target, guint64 * sent, gint * srt_dropped)
{
  GstStructure *stats = NULL;
  guint64 bytes = target_pad_bytes (target);

  *sent = bytes > target->pad_base ? bytes - target->pad_base : 0;
  *srt_dropped = 0;
  if (target->container != CONTAINER_TS)
    return;
  g_object_get (target->sink, "stats", &stats, NULL);
  if (!stats)
    return;
  *srt_dropped = structure_get_u64 (stats, "packets-sent-dropped");
  gst_structure_free (stats);
}

static void
state_op_done (StateOp * op)
{
  RsTarget *target = op->target;

  target->op_pending = FALSE;
  if (!target->restream)
    return;

  if (op->state == GST_STATE_PLAYING) {
    if (op->result == GST_STATE_CHANGE_FAILURE) {
      target_fail (target, rs_failure_info (RS_FAILURE_OTHER),
          "the target's elements could not start");
      return;
    }
    /* A pad that had failed resumes on RECONFIGURE, with the headers and
     * from the next keyframe. */
    if (target->tee_pad)
      gst_pad_send_event (target->tee_pad, gst_event_new_reconfigure ());
  }
  if (target->deferred_info) {
    const RsFailureInfo *info = target->deferred_info;
    g_autofree gchar *text = g_steal_pointer (&target->deferred_text);

    target->deferred_info = NULL;
    target_fail (target, info, text);
  }
}

static gboolean
state_op_done_in_context (gpointer data)
{
  state_op_done (data);
  return G_SOURCE_REMOVE;
}

static void
state_op_free (StateOp * op)
{
  target_unref (op->target);
  g_free (op);
}

static void
state_op_run (GstElement * bin, gpointer data)
{
  StateOp *op = data;
  GMainContext *context = g_object_get_data (G_OBJECT (bin), "rs-context");

  op->result = gst_element_set_state (bin, op->state);
  if (op->result == GST_STATE_CHANGE_ASYNC)
    op->result = gst_element_get_state (bin, NULL, NULL, STATE_CHANGE_WATCHDOG);
  g_main_context_invoke_full (context, G_PRIORITY_DEFAULT,
      state_op_done_in_context, op, (GDestroyNotify) state_op_free);
}

static void
target_set_bin_state (RsTarget * target, GstState state)
{
  StateOp *op = g_new0 (StateOp, 1);

  op->target = target_ref (target);
  op->state = state;
  target->op_pending = TRUE;
  gst_element_call_async (target->bin, state_op_run, op, NULL);
}

static void
target_start (RsTarget * target)
{
  target->timer = 0;
  target->branch_started = g_get_monotonic_time ();
  target->pad_base = target_pad_bytes (target);
  target->sent = 0;
  target->rate_bytes = 0;
  target->rate_time = target->branch_started;
  target->srt_dropped = 0;
  target->eos = FALSE;
  target_set_state (target, RS_TARGET_CONNECTING, NULL, NULL,
      GST_CLOCK_TIME_NONE);
  target_set_bin_state (target, GST_STATE_PLAYING);
}

static gboolean
target_retry_cb (gpointer data)
{
  RsTarget *target = data;

  target->timer = 0;
  target->reconnects++;
  target_start (target);
  return G_SOURCE_REMOVE;
}

/* After the branch has gone to NULL: reconnect, or stay down. */
static void
target_after_stop (RsTarget * target, const RsFailureInfo * info,
    const gchar * text)
{
  RsRestream *self = target->restream;
  guint max_attempts;
  GstClockTime delay;

  if (!self || self->state == RS_RESTREAM_STOPPING
      || self->state == RS_RESTREAM_STOPPED)
    return;
  if (!info->retry) {
    target_set_state (target, RS_TARGET_REFUSED, info, text,
        GST_CLOCK_TIME_NONE);
    return;
  }
  target->attempts++;
  max_attempts = target->desc->max_reconnects >= 0 ?
      (guint) target->desc->max_reconnects : target->policy->max_attempts;
  if (max_attempts > 0 && target->attempts > max_attempts) {
    target_set_state (target, RS_TARGET_GAVE_UP, info, text,
        GST_CLOCK_TIME_NONE);
    return;
  }
  delay = rs_reconnect_delay (target->policy, target->attempts,
      g_random_double ());
  target_set_state (target, RS_TARGET_RECONNECTING, info, text, delay);
  target->timer = g_timeout_add (delay / GST_MSECOND, target_retry_cb, target);
}

static void
target_fail (RsTarget * target, const RsFailureInfo * info, const gchar * text)
{
  RsRestream *self = target->restream;

  if (!self || target->state == RS_TARGET_RECONNECTING
      || target->state == RS_TARGET_REFUSED
      || target->state == RS_TARGET_GAVE_UP
      || target->state == RS_TARGET_STOPPED || target->state == RS_TARGET_IDLE)
    return;
  if (target->op_pending) {
    if (!target->deferred_info) {
      target->deferred_info = info;
      target->deferred_text = g_strdup (text);
    }
    return;
  }

  target->failure = info;
  g_free (target->error);
  target->error = g_strdup (text);
  target->sent_before += target->sent;
  target->sent = 0;
  target->bitrate = 0;
  /* Torn down at once, in this thread: rtmppushsink and srtsink leave
   * NULL without waiting for their peer. What the branch posts on its
   * way down belongs to neither the old nor the next generation. */
  g_atomic_int_inc (&target->generation);
  gst_element_set_state (target->bin, GST_STATE_NULL);
  g_atomic_int_inc (&target->generation);
  target_after_stop (target, info, text);
}

static void
target_handle_error (RsTarget * target, GstMessage * message)
{
  RsRestream *self = target->restream;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *debug = NULL;
  g_autofree gchar *text = NULL;
  const RsFailureInfo *info;
  gint generation = GPOINTER_TO_INT (gst_mini_object_get_qdata
      (GST_MINI_OBJECT (message), generation_quark)) - 1;
  guint64 sent;
  gint dropped;

  if (generation != g_atomic_int_get (&target->generation))
    return;                     /* from a branch already torn down */
  gst_message_parse_error (message, &error, &debug);
  text = rs_restream_redact (self, error->message);
  if (!target->op_pending) {
    target_poll_sink (target, &sent, &dropped);
    target->sent = MAX (target->sent, sent);
  }
  if (error->domain == GST_STREAM_ERROR
      && GST_MESSAGE_SRC (message) == GST_OBJECT (target->validator))
    info = rs_failure_info (RS_FAILURE_STREAM_REFUSED);
  else {
    const GstStructure *details = NULL;

    gst_message_parse_error_details (message, &details);
    info = rs_failure_classify (target->desc->target->kind, error->message,
        details, target->sent, (g_get_monotonic_time () -
            target->branch_started) * GST_USECOND,
        target->desc->target->passphrase != NULL);
  }
  target_fail (target, info, text);
}

static RsTarget *
target_new (RsRestream * self, RsDescriptionTarget * desc)
{
  RsTarget *target = g_rc_box_new0 (RsTarget);

  target->restream = self;
  target->desc = desc;
  target->container = desc->target->kind == GST_RESTREAM_TARGET_SRT ?
      CONTAINER_TS : CONTAINER_FLV;
  target->display = gst_restream_target_to_display (desc->target);
  target->policy = rs_reconnect_policy (desc->platform);
  return target;
}

static gboolean
target_build (RsRestream * self, RsTarget * target, GError ** error)
{
  RsDescriptionTarget *desc = target->desc;
  g_autofree gchar *bin_name = g_strdup_printf ("target-%s", desc->name);
  g_autofree gchar *uri = NULL;
  GstPad *pad, *ghost;

  target->bin = gst_object_ref (gst_bin_new (bin_name));
  target->validator = gst_element_factory_make ("targetvalidator", NULL);
  if (target->container == CONTAINER_FLV) {
    uri = gst_restream_target_rtmp_location (desc->target);
    target->sink = gst_element_factory_make ("rtmppushsink", NULL);
  } else {
    uri = gst_restream_target_srt_uri (desc->target);
    target->sink = gst_element_factory_make ("srtsink", NULL);
  }
  if (!target->validator || !target->sink) {
    g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
        "missing element: %s", !target->validator ? "targetvalidator "
        "(plugin restream)" : target->container == CONTAINER_FLV ?
        "rtmppushsink (plugin restream)" : "srtsink (gst-plugins-bad)");
    gst_clear_object (&target->validator);
    gst_clear_object (&target->sink);
    return FALSE;
  }
  gst_util_set_object_arg (G_OBJECT (target->validator), "platform",
      gst_restream_platform_name (desc->platform));
  /* The validator checks the target URL as users write it: for RTMP the
   * location with the key, for SRT the FFmpeg-style URL. */
  g_object_set (target->validator, "target-uri",
      target->container == CONTAINER_FLV ? uri : desc->url, NULL);
  if (target->container == CONTAINER_FLV) {
    g_object_set (target->sink, "location", uri, "chunk-size", 4096,
        "sync", FALSE, "async", FALSE, NULL);
    if (!desc->tls_validation)
      g_object_set (target->sink, "tls-validation-flags", 0, NULL);
  } else {
    g_object_set (target->sink, "uri", uri, "sync", FALSE, "async", FALSE,
        NULL);
  }
  memset (uri, 0, strlen (uri));

  gst_bin_add_many (GST_BIN (target->bin), target->validator, target->sink,
      NULL);
  gst_element_link (target->validator, target->sink);
  pad = gst_element_get_static_pad (target->validator, "sink");
  ghost = gst_ghost_pad_new ("sink", pad);
  gst_object_unref (pad);
  gst_element_add_pad (target->bin, ghost);
  g_object_set_data (G_OBJECT (target->bin), "rs-target", target);
  g_object_set_data_full (G_OBJECT (target->bin), "rs-context",
      g_main_context_ref (self->context),
      (GDestroyNotify) g_main_context_unref);
  gst_element_set_locked_state (target->bin, TRUE);
  gst_bin_add (GST_BIN (self->pipeline), target->bin);

  target->tee_pad = gst_element_request_pad_simple (self->tees
      [target->container], "src_%u");
  if (gst_pad_link (target->tee_pad, ghost) != GST_PAD_LINK_OK) {
    g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
        "cannot link target %s", desc->name);
    return FALSE;
  }
  return TRUE;
}

/* The pipeline */

static GstElement *
make (const gchar * factory, GError ** error)
{
  GstElement *e = gst_element_factory_make (factory, NULL);

  if (!e && error && !*error)
    g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
        "missing element: %s", factory);
  return e;
}

static gboolean bus_cb (GstBus * bus, GstMessage * message, gpointer data);
static GstBusSyncReply bus_sync_cb (GstBus * bus, GstMessage * message,
    gpointer data);
static gboolean status_cb (gpointer data);

/* The input's elementary streams each go into a tee, so that a muxer can
 * be added while the restream runs (the first target of its kind). */
static gboolean
build_stream_tees (RsRestream * self, GError ** error)
{
  static const gchar *const pads[N_STREAMS] = { "video", "audio" };
  guint i;

  for (i = 0; i < N_STREAMS; i++) {
    GstPad *src, *sink;
    gboolean linked;

    self->stream_tees[i] = make ("tee", error);
    if (!self->stream_tees[i])
      return FALSE;
    g_object_set (self->stream_tees[i], "name", pads[i], NULL);
    gst_bin_add (GST_BIN (self->pipeline), self->stream_tees[i]);
    src = gst_element_get_static_pad (self->source, pads[i]);
    sink = gst_element_get_static_pad (self->stream_tees[i], "sink");
    linked = src && gst_pad_link (src, sink) == GST_PAD_LINK_OK;
    gst_clear_object (&src);
    gst_object_unref (sink);
    if (!linked) {
      g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
          "cannot link the input's %s", pads[i]);
      return FALSE;
    }
  }
  return TRUE;
}

/* TS packets per buffer: the smallest SRT payload size of the targets
 * (1316 bytes, 7 packets, by default). */
static gint
ts_alignment (RsRestream * self)
{
  gint packets = 7;
  guint i;

  for (i = 0; i < self->targets->len; i++) {
    RsTarget *target = g_ptr_array_index (self->targets, i);
    gint size = target->desc->target->payload_size;

    if (target->container == CONTAINER_TS && size > 0)
      packets = MIN (packets, MAX (size / 188, 1));
  }
  return packets;
}

/* The muxer and restreamtee of one container kind, fed from the stream
 * tees. In a running pipeline the new elements start before they are
 * linked; the muxer then begins with the stream in progress and its
 * restreamtee hands each target the headers and the next keyframe. */
static gboolean
ensure_container (RsRestream * self, Container c, GError ** error)
{
  GstElement *added[8];
  guint n_added = 0, s, i;
  GstElement *mux, *tee;
  GstPad *links[N_STREAMS][2] = { {NULL, NULL}, {NULL, NULL} };
  gboolean ok = TRUE;

  if (self->tees[c])
    return TRUE;
  if (c == CONTAINER_FLV) {
    mux = make ("flvmux", error);
    if (mux)
      g_object_set (mux, "name", "flvmux", "streamable", TRUE,
          "latency", (guint64) 100 * GST_MSECOND, NULL);
  } else {
    mux = make ("mpegtsmux", error);
    /* One SRT message per buffer: srtsink 1.22 loses buffers larger than
     * the payload size (every keyframe, measured), so the muxer cuts its
     * output into payload-sized buffers of whole TS packets. */
    if (mux)
      g_object_set (mux, "name", "mpegtsmux", "alignment", ts_alignment (self),
          "latency", (guint64) 100 * GST_MSECOND, NULL);
  }
  tee = make ("restreamtee", error);
  if (!mux || !tee) {
    gst_clear_object (&mux);
    gst_clear_object (&tee);
    return FALSE;
  }
  g_object_set (tee, "name", c == CONTAINER_FLV ? "flvtee" : "tstee",
      "batch-time", (guint64) BATCH_TIME, NULL);
  gst_bin_add_many (GST_BIN (self->pipeline), mux, tee, NULL);
  gst_element_link (mux, tee);
  added[n_added++] = tee;
  added[n_added++] = mux;

  for (s = 0; s < N_STREAMS && ok; s++) {
    gboolean video = s == STREAM_VIDEO;
    GstElement *queue = make ("queue", error), *last;

    if (!queue)
      return FALSE;
    g_object_set (queue, "max-size-time", (guint64) 2 * GST_SECOND,
        "max-size-bytes", 0, "max-size-buffers", 0, NULL);
    gst_bin_add (GST_BIN (self->pipeline), queue);
    last = queue;
    if (c == CONTAINER_TS && video) {
      GstElement *parse = make ("h264parse", error);
      GstElement *filter = make ("capsfilter", error);
      GstCaps *caps;

      if (!parse || !filter) {
        gst_clear_object (&parse);
        gst_clear_object (&filter);
        return FALSE;
      }
      /* SPS/PPS with every keyframe: an SRT caller may join anywhere. */
      g_object_set (parse, "config-interval", -1, NULL);
      caps = gst_caps_from_string ("video/x-h264,stream-format=byte-stream");
      g_object_set (filter, "caps", caps, NULL);
      gst_caps_unref (caps);
      gst_bin_add_many (GST_BIN (self->pipeline), parse, filter, NULL);
      gst_element_link_many (queue, parse, filter, NULL);
      added[n_added++] = filter;
      added[n_added++] = parse;
      last = filter;
    }
    added[n_added++] = queue;
    {
      GstPad *mux_pad = gst_element_request_pad_simple (mux,
          c == CONTAINER_FLV ? (video ? "video" : "audio") : "sink_%d");
      GstPad *out = gst_element_get_static_pad (last, "src");

      if (!mux_pad || gst_pad_link (out, mux_pad) != GST_PAD_LINK_OK) {
        g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
            "cannot link the input's %s to %s", video ? "video" : "audio",
            c == CONTAINER_FLV ? "flvmux" : "mpegtsmux");
        ok = FALSE;
      }
      gst_clear_object (&mux_pad);
      gst_object_unref (out);
    }
    links[s][0] = gst_element_request_pad_simple (self->stream_tees[s],
        "src_%u");
    links[s][1] = gst_element_get_static_pad (queue, "sink");
  }

  /* Downstream first, so that nothing flows into an element that is not
   * ready; a pipeline being built starts as a whole later. */
  if (ok && GST_STATE_TARGET (self->pipeline) > GST_STATE_NULL)
    for (i = 0; i < n_added; i++)
      gst_element_sync_state_with_parent (added[i]);
  for (s = 0; s < N_STREAMS; s++) {
    if (ok && links[s][0] && gst_pad_link (links[s][0], links[s][1]) !=
        GST_PAD_LINK_OK) {
      g_set_error (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
          "cannot link the input to %s", c == CONTAINER_FLV ? "flvmux" :
          "mpegtsmux");
      ok = FALSE;
    }
    gst_clear_object (&links[s][0]);
    gst_clear_object (&links[s][1]);
  }
  if (ok)
    self->tees[c] = tee;
  return ok;
}

static gboolean
restream_build (RsRestream * self, GError ** error)
{
  RsDescription *d = self->description;
  g_autoptr (GstBus) bus = NULL;
  guint i;

  self->pipeline = gst_pipeline_new (d->name);
  g_object_set (self->pipeline, "message-forward", TRUE, NULL);
  self->source = make ("failoversrc", error);
  if (!self->source)
    return FALSE;
  g_object_set (self->source, "name", "input", "uri", d->input,
      "outage-threshold", (guint64) d->outage_threshold,
      "retry-timeout", (guint64) d->retry_timeout,
      "tls-validation", d->input_tls_validation, NULL);
  gst_bin_add (GST_BIN (self->pipeline), self->source);
  if (!build_stream_tees (self, error))
    return FALSE;

  /* Only the muxers some target needs. */
  for (i = 0; i < self->targets->len; i++) {
    RsTarget *target = g_ptr_array_index (self->targets, i);

    if (!ensure_container (self, target->container, error))
      return FALSE;
  }
  for (i = 0; i < self->targets->len; i++)
    if (!target_build (self, g_ptr_array_index (self->targets, i), error))
      return FALSE;

  bus = gst_element_get_bus (self->pipeline);
  gst_bus_set_sync_handler (bus, bus_sync_cb, self, NULL);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  return TRUE;
}

static void
restream_teardown (RsRestream * self)
{
  guint i;

  g_clear_handle_id (&self->status_timer, g_source_remove);
  g_clear_handle_id (&self->stop_timer, g_source_remove);
  for (i = 0; i < self->targets->len; i++) {
    RsTarget *target = g_ptr_array_index (self->targets, i);

    g_clear_handle_id (&target->timer, g_source_remove);
    if (target->bin) {
      g_atomic_int_inc (&target->generation);
      gst_element_set_state (target->bin, GST_STATE_NULL);
      g_atomic_int_inc (&target->generation);
      g_object_set_data (G_OBJECT (target->bin), "rs-target", NULL);
    }
    if (target->state != RS_TARGET_REFUSED
        && target->state != RS_TARGET_GAVE_UP
        && target->state != RS_TARGET_STOPPED)
      target_set_state (target, RS_TARGET_STOPPED, NULL, NULL,
          GST_CLOCK_TIME_NONE);
    target->sent_before += target->sent;
    target->sent = 0;
    target->bitrate = 0;
    gst_clear_object (&target->tee_pad);
    gst_clear_object (&target->bin);
    target->validator = target->sink = NULL;
  }
  if (self->pipeline) {
    g_autoptr (GstBus) bus = gst_element_get_bus (self->pipeline);

    gst_element_set_state (self->pipeline, GST_STATE_NULL);
    g_clear_handle_id (&self->bus_watch, g_source_remove);
    gst_bus_set_sync_handler (bus, NULL, NULL, NULL);
    gst_clear_object (&self->pipeline);
  }
  self->source = NULL;
  memset (self->stream_tees, 0, sizeof (self->stream_tees));
  memset (self->tees, 0, sizeof (self->tees));
}

/* The bus */

static GstBusSyncReply
bus_sync_cb (GstBus * bus, GstMessage * message, gpointer data)
{
  RsTarget *target;

  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_ERROR
      || !GST_MESSAGE_SRC (message))
    return GST_BUS_PASS;
  /* The target's bin is alive while its elements post. */
  target = target_for_object (GST_MESSAGE_SRC (message));
  if (target)
    gst_mini_object_set_qdata (GST_MINI_OBJECT (message), generation_quark,
        GINT_TO_POINTER (g_atomic_int_get (&target->generation) + 1), NULL);
  return GST_BUS_PASS;
}

static RsTarget *
target_for_pad_name (RsRestream * self, GstObject * tee, const gchar * name)
{
  guint i;

  for (i = 0; i < self->targets->len; i++) {
    RsTarget *target = g_ptr_array_index (self->targets, i);

    if (target->tee_pad && GST_OBJECT_PARENT (target->tee_pad) == tee
        && g_str_equal (GST_PAD_NAME (target->tee_pad), name))
      return target;
  }
  return NULL;
}

static void
stop_finish (RsRestream * self)
{
  GCallback done = self->stop_done;

  restream_teardown (self);
  set_state (self, RS_RESTREAM_STOPPED, self->state_reason);
  self->stop_done = NULL;
  if (done)
    ((void (*)(RsRestream *, gpointer)) done) (self, self->stop_data);
}

static gboolean
stop_timeout_cb (gpointer data)
{
  RsRestream *self = data;

  self->stop_timer = 0;
  stop_finish (self);
  return G_SOURCE_REMOVE;
}

static void
stop_check (RsRestream * self)
{
  guint i;

  if (self->state != RS_RESTREAM_STOPPING)
    return;
  for (i = 0; i < self->targets->len; i++) {
    RsTarget *target = g_ptr_array_index (self->targets, i);

    if ((target->state == RS_TARGET_LIVE
            || target->state == RS_TARGET_CONNECTING) && !target->eos)
      return;
  }
  stop_finish (self);
}

static void
handle_input_state (RsRestream * self, const GstStructure * s)
{
  const gchar *state = gst_structure_get_string (s, "state");
  const gchar *reason = gst_structure_get_string (s, "reason");
  guint64 outage = 0, deadline = 0;
  g_autofree gchar *text = rs_restream_redact (self, reason);

  gst_structure_get_uint64 (s, "outage-duration", &outage);
  gst_structure_get_uint64 (s, "retry-deadline", &deadline);
  g_free (self->input_state);
  self->input_state = g_strdup (state);
  emit (self, gst_structure_new ("input",
          "restream", G_TYPE_STRING, self->description->name,
          "state", G_TYPE_STRING, state,
          "outage", G_TYPE_DOUBLE, (gdouble) outage / GST_SECOND,
          "reason", G_TYPE_STRING, text ? text : "", NULL));

  if (self->state == RS_RESTREAM_STOPPING || self->state == RS_RESTREAM_STOPPED)
    return;
  if (g_str_equal (state, "active")) {
    self->live_since = g_get_monotonic_time ();
    set_state (self, RS_RESTREAM_LIVE, self->state == RS_RESTREAM_OUTAGE ?
        "the input is back; every target continues" : "the input is active");
  } else if (g_str_equal (state, "retrying")) {
    set_state (self, RS_RESTREAM_OUTAGE, "the input is down; retrying it");
  } else if (g_str_equal (state, "failed")) {
    /* failoversrc sends EOS: the targets end their broadcasts. */
    g_free (self->state_reason);
    self->state_reason = g_strdup ("the input did not come back within "
        "retry-timeout; activate the restream to start it again");
    set_state (self, RS_RESTREAM_STOPPING, self->state_reason);
    self->stop_timer = g_timeout_add_seconds (5, stop_timeout_cb, self);
    stop_check (self);
  }
}

static void
handle_element (RsRestream * self, GstMessage * message)
{
  const GstStructure *s = gst_message_get_structure (message);
  const gchar *name = gst_structure_get_name (s);
  RsTarget *target;

  if (g_str_equal (name, "failoversrc-state")) {
    handle_input_state (self, s);
  } else if (g_str_equal (name, "restreamtee-drop")) {
    guint64 total = 0, duration = 0;
    g_autofree gchar *detail = NULL;

    target = target_for_pad_name (self, GST_MESSAGE_SRC (message),
        gst_structure_get_string (s, "pad"));
    if (!target)
      return;
    gst_structure_get_uint64 (s, "total-drops", &total);
    gst_structure_get_uint64 (s, "dropped-duration", &duration);
    target->drops = total;
    detail = g_strdup_printf ("%.1f s of stream dropped (%" G_GUINT64_FORMAT
        " drops so far)", (gdouble) duration / GST_SECOND, total);
    target_warn (target, RS_WARNING_SLOW_TARGET, detail);
  } else if (g_str_equal (name, "restreamtee-target-failed")) {
    const gchar *flow = gst_structure_get_string (s, "flow");

    target = target_for_pad_name (self, GST_MESSAGE_SRC (message),
        gst_structure_get_string (s, "pad"));
    /* Errors come with their own message; a refused format does not. */
    if (target && flow && g_str_equal (flow, "not-negotiated"))
      target_fail (target, rs_failure_info (RS_FAILURE_STREAM_REFUSED),
          "the target's sink refused the stream's format");
  } else if (g_str_equal (name, "targetvalidator-report")) {
    GstStructure *event;

    target = target_for_object (GST_MESSAGE_SRC (message));
    if (!target)
      return;
    event = gst_structure_copy (s);
    gst_structure_set_name (event, "finding");
    gst_structure_set (event,
        "restream", G_TYPE_STRING, self->description->name,
        "target", G_TYPE_STRING, target->desc->name, NULL);
    emit (self, event);
  } else if (g_str_equal (name, "GstBinForwarded")) {
    GstMessage *inner = NULL;

    gst_structure_get (s, "message", GST_TYPE_MESSAGE, &inner, NULL);
    if (inner && GST_MESSAGE_TYPE (inner) == GST_MESSAGE_EOS) {
      target = target_for_object (GST_MESSAGE_SRC (inner));
      if (target) {
        target->eos = TRUE;
        stop_check (self);
      }
    }
    gst_clear_message (&inner);
  }
}

static gboolean
bus_cb (GstBus * bus, GstMessage * message, gpointer data)
{
  RsRestream *self = data;
  RsTarget *target = GST_MESSAGE_SRC (message) ?
      target_for_object (GST_MESSAGE_SRC (message)) : NULL;

  switch (GST_MESSAGE_TYPE (message)) {
    case GST_MESSAGE_ERROR:
      if (target) {
        target_handle_error (target, message);
      } else {
        g_autoptr (GError) error = NULL;
        g_autofree gchar *text = NULL;
        g_autofree gchar *source = NULL;

        gst_message_parse_error (message, &error, NULL);
        text = rs_restream_redact (self, error->message);
        source = GST_MESSAGE_SRC (message) ?
            gst_object_get_name (GST_MESSAGE_SRC (message)) : NULL;
        emit (self, gst_structure_new ("error",
                "restream", G_TYPE_STRING, self->description->name,
                "element", G_TYPE_STRING, source ? source : "",
                "message", G_TYPE_STRING, text, NULL));
        /* The input or a muxer failed: nothing flows to any target. */
        g_free (self->state_reason);
        self->state_reason = g_strdup_printf ("%s: %s", source ? source :
            "pipeline", text);
        stop_finish (self);
        return G_SOURCE_REMOVE;
      }
      break;
    case GST_MESSAGE_WARNING:
      if (target && target->sink
          && GST_MESSAGE_SRC (message) == GST_OBJECT (target->sink)
          && target->container == CONTAINER_TS) {
        g_autoptr (GError) error = NULL;
        g_autofree gchar *text = NULL;

        gst_message_parse_warning (message, &error, NULL);
        text = rs_restream_redact (self, error->message);
        target_warn (target, RS_WARNING_SRT_RECONNECTING, text);
      }
      break;
    case GST_MESSAGE_ELEMENT:
      handle_element (self, message);
      break;
    case GST_MESSAGE_EOS:
      stop_check (self);
      break;
    default:
      break;
  }
  return G_SOURCE_CONTINUE;
}

/* Status */

static gboolean
status_cb (gpointer data)
{
  RsRestream *self = data;
  gint64 now = g_get_monotonic_time ();
  guint i;

  for (i = 0; i < self->targets->len; i++) {
    RsTarget *target = g_ptr_array_index (self->targets, i);
    guint64 sent;
    gint dropped;

    if (target->op_pending || !target->sink || (target->state !=
            RS_TARGET_CONNECTING && target->state != RS_TARGET_LIVE))
      continue;
    target_poll_sink (target, &sent, &dropped);
    target->sent = MAX (target->sent, sent);
    if (now > target->rate_time) {
      target->bitrate = (gdouble) (target->sent - target->rate_bytes) * 8 *
          1000 / (now - target->rate_time);
      target->rate_bytes = target->sent;
      target->rate_time = now;
    }
    if (target->state == RS_TARGET_CONNECTING && target->sent > 0)
      target_set_state (target, RS_TARGET_LIVE, NULL, NULL,
          GST_CLOCK_TIME_NONE);
    if (target->state == RS_TARGET_LIVE && target->attempts > 0
        && (GstClockTime) (now - target->live_since) * GST_USECOND >=
        target->policy->stable)
      target->attempts = 0;
    if (dropped > target->srt_dropped) {
      g_autofree gchar *detail = g_strdup_printf ("%d packets dropped as too "
          "late since the connection started", dropped);

      target_warn (target, RS_WARNING_SRT_LATENCY, detail);
    }
    target->srt_dropped = MAX (target->srt_dropped, dropped);
  }
  emit (self, rs_restream_status (self));
  return G_SOURCE_CONTINUE;
}

static GstStructure *
target_status (RsTarget * target)
{
  gint64 now = g_get_monotonic_time ();
  GstStructure *s = gst_structure_new ("target",
      "name", G_TYPE_STRING, target->desc->name,
      "url", G_TYPE_STRING, target->display,
      "platform", G_TYPE_STRING,
      gst_restream_platform_name (target->desc->platform),
      "state", G_TYPE_STRING, rs_target_state_name (target->state),
      "bitrate", G_TYPE_DOUBLE, target->bitrate,
      "bytes", G_TYPE_UINT64, target->sent_before + target->sent,
      "uptime", G_TYPE_DOUBLE, target->state == RS_TARGET_LIVE ?
      (gdouble) (now - target->live_since) / G_USEC_PER_SEC : 0.0,
      "reconnects", G_TYPE_UINT, target->reconnects,
      "drops", G_TYPE_UINT64, target->drops,
      "cause", G_TYPE_STRING, target->failure && target->state !=
      RS_TARGET_LIVE ? target->failure->cause : "",
      NULL);
  GValue findings = G_VALUE_INIT;

  g_value_init (&findings, GST_TYPE_ARRAY);
  if (target->validator) {
    GstStructure *report = NULL;
    const GValue *list;
    guint i;

    g_object_get (target->validator, "report", &report, NULL);
    list = report ? gst_structure_get_value (report, "findings") : NULL;
    for (i = 0; list && i < gst_value_array_get_size (list); i++) {
      const GstStructure *f =
          gst_value_get_structure (gst_value_array_get_value (list, i));
      GValue v = G_VALUE_INIT;

      g_value_init (&v, G_TYPE_STRING);
      g_value_take_string (&v, g_strdup_printf ("%s %s",
              gst_structure_get_string (f, "severity"),
              gst_structure_get_string (f, "rule")));
      gst_value_array_append_and_take_value (&findings, &v);
    }
    if (report)
      gst_structure_free (report);
  }
  gst_structure_take_value (s, "findings", &findings);
  return s;
}

GstStructure *
rs_restream_status (RsRestream * self)
{
  gint64 now = g_get_monotonic_time ();
  GValue targets = G_VALUE_INIT;
  GstStructure *s;
  guint i;

  g_value_init (&targets, GST_TYPE_ARRAY);
  for (i = 0; i < self->targets->len; i++) {
    GValue v = G_VALUE_INIT;

    g_value_init (&v, GST_TYPE_STRUCTURE);
    g_value_take_boxed (&v, target_status (g_ptr_array_index (self->targets,
                i)));
    gst_value_array_append_and_take_value (&targets, &v);
  }
  s = gst_structure_new ("status",
      "restream", G_TYPE_STRING, self->description->name,
      "state", G_TYPE_STRING, rs_restream_state_name (self->state),
      "reason", G_TYPE_STRING, self->state_reason ? self->state_reason : "",
      "input", G_TYPE_STRING, self->input_state ? self->input_state : "",
      "uptime", G_TYPE_DOUBLE, self->started_at ?
      (gdouble) (now - self->started_at) / G_USEC_PER_SEC : 0.0, NULL);
  gst_structure_take_value (s, "targets", &targets);
  return s;
}

/* Lifecycle */

RsRestream *
rs_restream_new (RsDescription * description, RsRestreamEventFunc func,
    gpointer user_data)
{
  RsRestream *self = g_new0 (RsRestream, 1);
  guint i;

  if (!generation_quark)
    generation_quark = g_quark_from_static_string ("rs-target-generation");
  self->description = description;
  self->func = func;
  self->user_data = user_data;
  self->context = g_main_context_ref_thread_default ();
  self->secrets = g_ptr_array_new_with_free_func (g_free);
  self->targets = g_ptr_array_new_with_free_func ((GDestroyNotify)
      target_unref);
  collect_secrets (self);
  for (i = 0; i < description->targets->len; i++)
    g_ptr_array_add (self->targets, target_new (self,
            g_ptr_array_index (description->targets, i)));
  return self;
}

const RsDescription *
rs_restream_get_description (RsRestream * self)
{
  return self->description;
}

RsRestreamState
rs_restream_get_state (RsRestream * self)
{
  return self->state;
}

gboolean
rs_restream_start (RsRestream * self, GError ** error)
{
  guint i;

  g_return_val_if_fail (self->pipeline == NULL, FALSE);
  if (!restream_build (self, error)) {
    restream_teardown (self);
    return FALSE;
  }
  self->started_at = g_get_monotonic_time ();
  self->deactivated = FALSE;
  g_free (self->input_state);
  self->input_state = g_strdup ("connecting");
  set_state (self, RS_RESTREAM_STARTING, "connecting to the input");
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED,
        "the pipeline could not start (see the error above)");
    restream_teardown (self);
    set_state (self, RS_RESTREAM_STOPPED, "the pipeline could not start");
    return FALSE;
  }
  for (i = 0; i < self->targets->len; i++) {
    RsTarget *target = g_ptr_array_index (self->targets, i);

    target->attempts = 0;
    target_start (target);
  }
  self->status_timer = g_timeout_add (STATUS_INTERVAL_MS, status_cb, self);
  return TRUE;
}

void
rs_restream_activate (RsRestream * self)
{
  guint i;

  if (self->state == RS_RESTREAM_STOPPED || self->state == RS_RESTREAM_IDLE) {
    g_autoptr (GError) error = NULL;

    if (!rs_restream_start (self, &error))
      emit (self, gst_structure_new ("error",
              "restream", G_TYPE_STRING, self->description->name,
              "element", G_TYPE_STRING, "",
              "message", G_TYPE_STRING, error->message, NULL));
    return;
  }
  if (self->state == RS_RESTREAM_STOPPING)
    return;
  for (i = 0; i < self->targets->len; i++) {
    RsTarget *target = g_ptr_array_index (self->targets, i);

    if (target->state == RS_TARGET_REFUSED
        || target->state == RS_TARGET_GAVE_UP
        || target->state == RS_TARGET_RECONNECTING) {
      g_clear_handle_id (&target->timer, g_source_remove);
      target->attempts = 0;
      target->reconnects++;
      target_start (target);
    }
  }
}

static gboolean
restream_running (RsRestream * self)
{
  return self->pipeline && (self->state == RS_RESTREAM_STARTING
      || self->state == RS_RESTREAM_LIVE || self->state == RS_RESTREAM_OUTAGE);
}

gboolean
rs_restream_add_target (RsRestream * self, RsDescriptionTarget * desc,
    GError ** error)
{
  RsDescription *d = self->description;
  RsTarget *target;
  guint i;

  for (i = 0; i < d->targets->len; i++) {
    RsDescriptionTarget *t = g_ptr_array_index (d->targets, i);

    if (g_str_equal (t->name, desc->name)) {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
          "the restream already has a target named '%s'", desc->name);
      return FALSE;
    }
  }
  if (d->max_targets > 0 && d->targets->len >= d->max_targets) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
        "the restream has max-targets = %u targets already", d->max_targets);
    return FALSE;
  }
  target = target_new (self, desc);
  /* mpegtsmux cuts its buffers once, for the smallest payload size. */
  if (target->container == CONTAINER_TS && self->tees[CONTAINER_TS]) {
    GstElement *mux = gst_bin_get_by_name (GST_BIN (self->pipeline),
        "mpegtsmux");
    gint alignment = 7, size = desc->target->payload_size;

    if (mux) {
      g_object_get (mux, "alignment", &alignment, NULL);
      gst_object_unref (mux);
    }
    if (size > 0 && size / 188 < alignment) {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
          "pkt_size %d is smaller than the %d bytes the running SRT "
          "targets use; deactivate and activate the restream to change it",
          size, alignment * 188);
      target_unref (target);
      return FALSE;
    }
  }

  g_ptr_array_add (d->targets, desc);
  g_ptr_array_add (self->targets, target);
  add_target_secrets (self, desc);
  g_ptr_array_sort (self->secrets, compare_length);
  if (!restream_running (self))
    return TRUE;

  if (!ensure_container (self, target->container, error)
      || !target_build (self, target, error)) {
    if (target->bin) {
      g_object_set_data (G_OBJECT (target->bin), "rs-target", NULL);
      gst_element_set_state (target->bin, GST_STATE_NULL);
      gst_bin_remove (GST_BIN (self->pipeline), target->bin);
    }
    if (target->tee_pad)
      gst_element_release_request_pad (self->tees[target->container],
          target->tee_pad);
    target->restream = NULL;
    g_ptr_array_remove (self->targets, target);
    g_ptr_array_remove (d->targets, desc);
    return FALSE;
  }
  target_start (target);
  return TRUE;
}

typedef struct
{
  GstElement *pipeline;
  GstElement *bin;
} Removal;

static gboolean
removal_done (gpointer data)
{
  Removal *removal = data;

  if (GST_OBJECT_PARENT (removal->bin) == GST_OBJECT (removal->pipeline))
    gst_bin_remove (GST_BIN (removal->pipeline), removal->bin);
  return G_SOURCE_REMOVE;
}

static void
removal_free (Removal * removal)
{
  gst_object_unref (removal->pipeline);
  gst_object_unref (removal->bin);
  g_free (removal);
}

/* In a thread of its own: the bin may be in the middle of a state change
 * (a caller still connecting), which its state lock waits for. */
static void
removal_run (GstElement * bin, gpointer data)
{
  Removal *removal = data;
  GMainContext *context = g_object_get_data (G_OBJECT (bin), "rs-context");

  gst_element_set_state (bin, GST_STATE_NULL);
  g_main_context_invoke_full (context, G_PRIORITY_DEFAULT, removal_done,
      removal, (GDestroyNotify) removal_free);
}

gboolean
rs_restream_remove_target (RsRestream * self, const gchar * name,
    GError ** error)
{
  RsTarget *target = NULL;
  guint i;

  for (i = 0; i < self->targets->len && !target; i++) {
    RsTarget *t = g_ptr_array_index (self->targets, i);

    if (g_str_equal (t->desc->name, name))
      target = t;
  }
  if (!target) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
        "the restream has no target named '%s'", name);
    return FALSE;
  }
  if (self->targets->len == 1) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        "'%s' is the restream's only target; delete the restream instead",
        name);
    return FALSE;
  }

  g_clear_handle_id (&target->timer, g_source_remove);
  if (target->bin) {
    Removal *removal = g_new0 (Removal, 1);

    /* No more data, and nothing it posts from now on counts. */
    if (target->tee_pad && self->tees[target->container]) {
      GstPad *peer = gst_pad_get_peer (target->tee_pad);

      if (peer) {
        gst_pad_unlink (target->tee_pad, peer);
        gst_object_unref (peer);
      }
      gst_element_release_request_pad (self->tees[target->container],
          target->tee_pad);
    }
    g_atomic_int_inc (&target->generation);
    g_object_set_data (G_OBJECT (target->bin), "rs-target", NULL);
    g_object_set_data (G_OBJECT (target->bin), "rs-removed",
        GINT_TO_POINTER (TRUE));
    removal->pipeline = gst_object_ref (self->pipeline);
    removal->bin = gst_object_ref (target->bin);
    gst_element_call_async (target->bin, removal_run, removal, NULL);
  }
  target_set_state (target, RS_TARGET_STOPPED, NULL, "removed",
      GST_CLOCK_TIME_NONE);
  target->restream = NULL;
  g_ptr_array_remove (self->description->targets, target->desc);
  g_ptr_array_remove (self->targets, target);
  if (self->state == RS_RESTREAM_STOPPING)
    stop_check (self);
  return TRUE;
}

void
rs_restream_stop (RsRestream * self, GstClockTime timeout, GCallback done,
    gpointer user_data)
{
  guint i;

  self->stop_done = done;
  self->stop_data = user_data;
  if (!self->pipeline || self->state == RS_RESTREAM_STOPPED) {
    stop_finish (self);
    return;
  }
  g_free (self->state_reason);
  self->state_reason = g_strdup ("stopped by hand");
  if (self->state != RS_RESTREAM_STOPPING) {
    set_state (self, RS_RESTREAM_STOPPING, self->state_reason);
    for (i = 0; i < self->targets->len; i++) {
      RsTarget *target = g_ptr_array_index (self->targets, i);

      g_clear_handle_id (&target->timer, g_source_remove);
    }
    /* EOS straight into the fan-out: every target ends its broadcast. */
    for (i = 0; i < N_CONTAINERS; i++) {
      if (self->tees[i]) {
        GstPad *sink = gst_element_get_static_pad (self->tees[i], "sink");

        gst_pad_send_event (sink, gst_event_new_eos ());
        gst_object_unref (sink);
      }
    }
  }
  g_clear_handle_id (&self->stop_timer, g_source_remove);
  self->stop_timer = g_timeout_add (MAX (timeout / GST_MSECOND, 1),
      stop_timeout_cb, self);
  stop_check (self);
}

gchar *
rs_restream_dot (RsRestream * self)
{
  g_autofree gchar *dot = NULL;

  if (!self->pipeline)
    return NULL;
  dot = gst_debug_bin_to_dot_data (GST_BIN (self->pipeline),
      GST_DEBUG_GRAPH_SHOW_ALL);
  return rs_restream_redact (self, dot);
}

void
rs_restream_free (RsRestream * self)
{
  guint i;

  if (!self)
    return;
  restream_teardown (self);
  for (i = 0; i < self->targets->len; i++)
    ((RsTarget *) g_ptr_array_index (self->targets, i))->restream = NULL;
  g_ptr_array_unref (self->targets);
  g_ptr_array_unref (self->secrets);
  g_free (self->state_reason);
  g_free (self->input_state);
  g_main_context_unref (self->context);
  rs_description_free (self->description);
  g_free (self);
}
