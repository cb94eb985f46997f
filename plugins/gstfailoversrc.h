/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_FAILOVER_SRC_H__
#define __GST_FAILOVER_SRC_H__

#include <gst/gst.h>

G_BEGIN_DECLS

#define GST_TYPE_FAILOVER_SRC (gst_failover_src_get_type ())
G_DECLARE_FINAL_TYPE (GstFailoverSrc, gst_failover_src, GST, FAILOVER_SRC,
    GstElement);

/**
 * GstFailoverSrcState:
 * @GST_FAILOVER_SRC_STATE_CONNECTING: no data received yet
 * @GST_FAILOVER_SRC_STATE_ACTIVE: data flowing
 * @GST_FAILOVER_SRC_STATE_RETRYING: input down for longer than the outage
 *     threshold; re-pulling it
 * @GST_FAILOVER_SRC_STATE_FAILED: still down after the retry timeout, or an
 *     error retrying cannot fix; EOS was sent
 */
typedef enum
{
  GST_FAILOVER_SRC_STATE_CONNECTING,
  GST_FAILOVER_SRC_STATE_ACTIVE,
  GST_FAILOVER_SRC_STATE_RETRYING,
  GST_FAILOVER_SRC_STATE_FAILED,
} GstFailoverSrcState;

#define GST_TYPE_FAILOVER_SRC_STATE (gst_failover_src_state_get_type ())
GType gst_failover_src_state_get_type (void);

enum
{
  GST_FAILOVER_SRC_VIDEO,
  GST_FAILOVER_SRC_AUDIO,
  GST_FAILOVER_SRC_N_PADS,
};

typedef struct
{
  GstPad *pad;
  GstCaps *caps;                /* caps to push before the next buffer */
  gboolean caps_pending;
  gboolean discont;
  gboolean started;             /* stream-start and segment pushed */
  GstClockTime last_end;        /* end of the last output, running time */
  gint64 last_push;             /* monotonic µs of the last buffer or gap */
} GstFailoverSrcOutput;

struct _GstFailoverSrc
{
  GstElement parent;

  /*< private >*/
  /* Settings, protected by the object lock. */
  gchar *uri;                   /* may carry secrets: never shown */
  GstClockTime outage_threshold;
  GstClockTime retry_timeout;
  GstClockTime retry_backoff_max;
  gboolean tls_validation;

  /* State, protected by lock. Lock order: lock before a pad's stream
   * lock is never taken; pushes happen without lock. */
  GMutex lock;
  GCond cond;
  GThread *control;
  gboolean running;
  GstElement *chain;            /* the inner pipeline pulling the input */
  guint generation;             /* of chain; callbacks of older chains are
                                 * ignored */
  gboolean chain_lost;
  gchar *chain_lost_reason;
  GstFailoverSrcState state;
  gint64 last_data;             /* monotonic µs, 0 = none yet */
  gint64 chain_started;         /* when the element started pulling */
  gint64 outage_started;        /* 0 = no outage */
  gint64 retrying_started;      /* 0 = not retrying */
  gint64 next_attempt;
  GstClockTime backoff;
  gboolean fatal;               /* retrying cannot fix it */
  gboolean eos_sent;            /* the application sent EOS: output ended */

  /* Timeline of the current chain */
  gboolean synced;
  gboolean need_keyframe;
  GstClockTime chain_first_in;
  GstClockTime chain_first_out;
  GstClockTime chain_last_in;
  gboolean chain_has_audio;
  guint chain_video_frames;
  gboolean audio_ended;         /* the input has no audio: EOS was sent */
  GstFailoverSrcOutput outputs[GST_FAILOVER_SRC_N_PADS];

  /* Stats */
  guint64 restarts;
  guint64 outages;
  guint64 bytes_in;
  GstClockTime total_outage;
  GstClockTime last_outage;
};

G_END_DECLS

#endif /* __GST_FAILOVER_SRC_H__ */
