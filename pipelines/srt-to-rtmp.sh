#!/usr/bin/env bash
# SRT -> RTMP and SRT: one muxer per container kind (tee on the elementary streams), one restreamtee each.
# Servers: pipelines/demo.sh --servers-only (ports: RS_DEMO_*_PORT). Ctrl-C sends EOS and ends the
# broadcast cleanly (-e).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${GST_PLUGIN_PATH_1_0:-}${GST_PLUGIN_PATH:-}" ] && [ -d "$top/build/plugins" ]; then
  export GST_PLUGIN_PATH_1_0="$top/build/plugins"
fi
exec gst-launch-1.0 -e \
  failoversrc name=in uri="srt://127.0.0.1:${RS_DEMO_SRT_IN_PORT:-19361}?mode=caller&latency=500" \
  in.video ! tee name=v  in.audio ! tee name=a \
  v. ! queue ! flv.video  a. ! queue ! flv.audio \
  flvmux name=flv streamable=true latency=100000000 ! restreamtee name=t batch-time=50000000 \
  t. ! targetvalidator platform=generic-rtmp target-uri=rtmp://127.0.0.1:${RS_DEMO_RTMP_PORT:-19350}/live/gst-srt-out \
     ! rtmp2sink location=rtmp://127.0.0.1:${RS_DEMO_RTMP_PORT:-19350}/live/gst-srt-out chunk-size=4096 sync=false async=false \
  v. ! queue ! h264parse config-interval=-1 ! video/x-h264,stream-format=byte-stream ! ts. \
  a. ! queue ! ts. \
  mpegtsmux name=ts alignment=7 latency=100000000 ! restreamtee name=u batch-time=50000000 \
  u. ! targetvalidator platform=srt target-uri="srt://127.0.0.1:${RS_DEMO_SRT_PORT:-19360}?mode=caller&latency=1000000" \
     ! srtsink uri="srt://127.0.0.1:${RS_DEMO_SRT_PORT:-19360}?mode=caller&latency=1000" sync=false async=false
