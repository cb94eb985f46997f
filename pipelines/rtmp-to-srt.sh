#!/usr/bin/env bash
# RTMP -> SRT: remuxed to MPEG-TS, cut into 1316-byte buffers (7 TS packets, one SRT message each). srtsink takes latency in MILLISECONDS (the .ini files take FFmpeg's microseconds).
# Servers: pipelines/demo.sh --servers-only (ports: RS_DEMO_*_PORT). Ctrl-C sends EOS and ends the
# broadcast cleanly (-e).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${GST_PLUGIN_PATH_1_0:-}${GST_PLUGIN_PATH:-}" ] && [ -d "$top/build/plugins" ]; then
  export GST_PLUGIN_PATH_1_0="$top/build/plugins"
fi
exec gst-launch-1.0 -e \
  failoversrc name=in uri=rtmp://127.0.0.1:${RS_DEMO_RTMP_PORT:-19350}/live/in \
  in.video ! queue ! h264parse config-interval=-1 ! video/x-h264,stream-format=byte-stream ! ts. \
  in.audio ! queue ! ts. \
  mpegtsmux name=ts alignment=7 latency=100000000 ! restreamtee name=t batch-time=50000000 \
  t. ! targetvalidator platform=srt target-uri="srt://127.0.0.1:${RS_DEMO_SRT_PORT:-19360}?mode=caller&latency=2000000" \
     ! srtsink uri="srt://127.0.0.1:${RS_DEMO_SRT_PORT:-19360}?mode=caller&latency=2000" sync=false async=false
