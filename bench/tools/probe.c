/* Measurement helpers for bench/ (GStreamer only, no plugin of ours linked).
 *
 *   probe latency DESCRIPTION WARMUP_S WINDOW_S
 *     Runs DESCRIPTION (gst-launch syntax). The element named "t" is the
 *     fan-out (tee or restreamtee); every element named s0, s1, ... is a
 *     target sink. Each buffer is stamped when it reaches t's sink pad and
 *     measured when it reaches a target sink's sink pad (buffer lists are
 *     measured buffer by buffer). Samples taken during the first WARMUP_S
 *     seconds after the first buffer are ignored. Prints one line:
 *       samples=N median_us=.. p90_us=.. p99_us=.. max_us=.. mean_us=..
 *
 *   probe keywatch RTMP_URL
 *     Plays RTMP_URL with rtmp2src and prints "key MONO_US" for every FLV
 *     video tag that is an H.264 keyframe (read from the tag header, since
 *     rtmp2src sets no buffer flags), and "data MONO_US" for the first tag.
 *     MONO_US is CLOCK_MONOTONIC in microseconds (Python's time.monotonic).
 *
 *   probe lag RTMP_URL
 *     Plays RTMP_URL with rtmp2src and prints "v MONO_US TS_MS SIZE" for
 *     every FLV video tag: when it arrived, its FLV timestamp and its data
 *     size. For a real-time input, MONO_US / 1000 - TS_MS is the delivery
 *     lag plus a constant; its changes are the changes in delivery latency.
 *     The sizes of successive frames identify a frame in another player's
 *     output of the same stream, whatever its timestamps there.
 */
#include <gst/gst.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static GQuark stamp_quark;
static GMutex lock;
static GArray *samples;         /* gint64 microseconds */
static gint64 first_buffer_us;
static gint64 warmup_us;

static void
stamp (GstBuffer * buf, gint64 now)
{
  gint64 *t = g_new (gint64, 1);
  *t = now;
  gst_mini_object_set_qdata (GST_MINI_OBJECT (buf), stamp_quark, t, g_free);
}

static gboolean
stamp_list_cb (GstBuffer ** buf, guint idx, gpointer now)
{
  stamp (*buf, *(gint64 *) now);
  return TRUE;
}

static GstPadProbeReturn
in_probe (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  g_mutex_lock (&lock);
  if (first_buffer_us == 0)
    first_buffer_us = now;
  g_mutex_unlock (&lock);
  if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    stamp (GST_PAD_PROBE_INFO_BUFFER (info), now);
  else if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    gst_buffer_list_foreach (GST_PAD_PROBE_INFO_BUFFER_LIST (info),
        stamp_list_cb, &now);
  return GST_PAD_PROBE_OK;
}

static void
measure (GstBuffer * buf, gint64 now)
{
  gint64 *t = gst_mini_object_get_qdata (GST_MINI_OBJECT (buf), stamp_quark);
  gint64 d;

  if (t == NULL)
    return;
  d = now - *t;
  g_mutex_lock (&lock);
  if (first_buffer_us && now - first_buffer_us >= warmup_us)
    g_array_append_val (samples, d);
  g_mutex_unlock (&lock);
}

static gboolean
measure_list_cb (GstBuffer ** buf, guint idx, gpointer now)
{
  measure (*buf, *(gint64 *) now);
  return TRUE;
}

static GstPadProbeReturn
out_probe (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    measure (GST_PAD_PROBE_INFO_BUFFER (info), now);
  else if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    gst_buffer_list_foreach (GST_PAD_PROBE_INFO_BUFFER_LIST (info),
        measure_list_cb, &now);
  return GST_PAD_PROBE_OK;
}

static gint
cmp_i64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static gint64
pct (GArray * a, double p)
{
  guint i;

  if (a->len == 0)
    return -1;
  i = (guint) (p * (a->len - 1) + 0.5);
  return g_array_index (a, gint64, i);
}

static gboolean
bus_cb (GstBus * bus, GstMessage * msg, gpointer loop)
{
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    GError *err = NULL;
    gst_message_parse_error (msg, &err, NULL);
    fprintf (stderr, "probe: error from %s: %s\n",
        GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)), err->message);
    g_error_free (err);
    g_main_loop_quit (loop);
  } else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS) {
    fprintf (stderr, "probe: EOS\n");
    g_main_loop_quit (loop);
  }
  return TRUE;
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static int
run_latency (const char *desc, double warmup_s, double window_s)
{
  GError *err = NULL;
  GstElement *pipe = gst_parse_launch (desc, &err), *t, *s;
  GMainLoop *loop = g_main_loop_new (NULL, FALSE);
  GstBus *bus;
  GstPad *pad;
  double sum = 0;
  guint i, sinks = 0;

  if (pipe == NULL) {
    fprintf (stderr, "probe: %s\n", err->message);
    return 2;
  }
  samples = g_array_new (FALSE, FALSE, sizeof (gint64));
  warmup_us = (gint64) (warmup_s * 1e6);
  t = gst_bin_get_by_name (GST_BIN (pipe), "t");
  if (t == NULL) {
    fprintf (stderr, "probe: no element named t\n");
    return 2;
  }
  pad = gst_element_get_static_pad (t, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER |
      GST_PAD_PROBE_TYPE_BUFFER_LIST, in_probe, NULL, NULL);
  gst_object_unref (pad);
  for (i = 0;; i++) {
    gchar *name = g_strdup_printf ("s%u", i);
    s = gst_bin_get_by_name (GST_BIN (pipe), name);
    g_free (name);
    if (s == NULL)
      break;
    pad = gst_element_get_static_pad (s, "sink");
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER |
        GST_PAD_PROBE_TYPE_BUFFER_LIST, out_probe, NULL, NULL);
    gst_object_unref (pad);
    gst_object_unref (s);
    sinks++;
  }
  gst_object_unref (t);
  bus = gst_element_get_bus (pipe);
  gst_bus_add_watch (bus, bus_cb, loop);
  gst_element_set_state (pipe, GST_STATE_PLAYING);
  g_timeout_add ((guint) ((warmup_s + window_s) * 1000), quit_cb, loop);
  g_main_loop_run (loop);
  gst_element_set_state (pipe, GST_STATE_NULL);

  g_mutex_lock (&lock);
  g_array_sort (samples, cmp_i64);
  for (i = 0; i < samples->len; i++)
    sum += g_array_index (samples, gint64, i);
  printf ("sinks=%u samples=%u median_us=%" G_GINT64_FORMAT " p90_us=%"
      G_GINT64_FORMAT " p99_us=%" G_GINT64_FORMAT " max_us=%" G_GINT64_FORMAT
      " mean_us=%.0f\n", sinks, samples->len, pct (samples, 0.5),
      pct (samples, 0.9), pct (samples, 0.99), pct (samples, 1.0),
      samples->len ? sum / samples->len : -1.0);
  g_mutex_unlock (&lock);
  return samples->len ? 0 : 1;
}

static GstPadProbeReturn
key_probe (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  static gboolean seen;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  guint8 h[13];
  gint64 now = g_get_monotonic_time ();

  if (!seen) {
    printf ("data %" G_GINT64_FORMAT "\n", now);
    seen = TRUE;
  }
  /* FLV tag: type (9 = video), 3 size, 4 time, 3 stream id, then
   * frame type << 4 | codec id, AVC packet type (1 = NAL units). */
  if (gst_buffer_extract (buf, 0, h, sizeof h) == sizeof h && h[0] == 9
      && (h[11] >> 4) == 1 && h[12] == 1)
    printf ("key %" G_GINT64_FORMAT "\n", now);
  fflush (stdout);
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
lag_probe (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  guint8 h[8];
  guint32 ts, size;

  /* FLV tag: type (9 = video), 3 size, 3 time, 1 time extension. */
  if (gst_buffer_extract (buf, 0, h, sizeof h) == sizeof h && h[0] == 9) {
    size = ((guint32) h[1] << 16) | ((guint32) h[2] << 8) | h[3];
    ts = ((guint32) h[7] << 24) | ((guint32) h[4] << 16) |
        ((guint32) h[5] << 8) | h[6];
    printf ("v %" G_GINT64_FORMAT " %u %u\n", g_get_monotonic_time (), ts,
        size);
    fflush (stdout);
  }
  return GST_PAD_PROBE_OK;
}

static int
run_watch (const char *url, GstPadProbeCallback cb)
{
  gchar *desc = g_strdup_printf ("rtmp2src name=src location=\"%s\" ! "
      "fakesink name=s sync=false async=false", url);
  GError *err = NULL;
  GstElement *pipe = gst_parse_launch (desc, &err), *s;
  GMainLoop *loop = g_main_loop_new (NULL, FALSE);
  GstPad *pad;
  GstBus *bus;

  if (pipe == NULL) {
    fprintf (stderr, "probe: %s\n", err->message);
    return 2;
  }
  s = gst_bin_get_by_name (GST_BIN (pipe), "s");
  pad = gst_element_get_static_pad (s, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, cb, NULL, NULL);
  bus = gst_element_get_bus (pipe);
  gst_bus_add_watch (bus, bus_cb, loop);
  gst_element_set_state (pipe, GST_STATE_PLAYING);
  g_main_loop_run (loop);
  gst_element_set_state (pipe, GST_STATE_NULL);
  return 0;
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  stamp_quark = g_quark_from_static_string ("bench-stamp");
  if (argc == 5 && strcmp (argv[1], "latency") == 0)
    return run_latency (argv[2], atof (argv[3]), atof (argv[4]));
  if (argc == 3 && strcmp (argv[1], "keywatch") == 0)
    return run_watch (argv[2], key_probe);
  if (argc == 3 && strcmp (argv[1], "lag") == 0)
    return run_watch (argv[2], lag_probe);
  fprintf (stderr, "usage: probe latency DESCRIPTION WARMUP_S WINDOW_S\n"
      "       probe keywatch RTMP_URL\n" "       probe lag RTMP_URL\n");
  return 2;
}
