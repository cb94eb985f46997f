#!/usr/bin/env bash
# RTMP -> RTMP: failoversrc pulls the input (with the slate while it is down), flvmux remuxes (no transcoding), restreamtee fans out, targetvalidator checks each target, rtmp2sink pushes to URL/KEY.
# Servers: pipelines/demo.sh --servers-only (ports: RS_DEMO_*_PORT). Ctrl-C sends EOS and ends the
# broadcast cleanly (-e).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${GST_PLUGIN_PATH_1_0:-}${GST_PLUGIN_PATH:-}" ] && [ -d "$top/build/plugins" ]; then
  export GST_PLUGIN_PATH_1_0="$top/build/plugins"
fi
exec gst-launch-1.0 -e \
  failoversrc name=in uri=rtmp://127.0.0.1:${RS_DEMO_RTMP_PORT:-19350}/live/in \
    slate=true slate-title=rtmp-to-rtmp \
  in.video ! queue ! flv.video  in.audio ! queue ! flv.audio \
  flvmux name=flv streamable=true latency=100000000 ! restreamtee name=t batch-time=50000000 \
  t. ! targetvalidator platform=generic-rtmp target-uri=rtmp://127.0.0.1:${RS_DEMO_RTMP_PORT:-19350}/live/gst-rtmp-out \
     ! rtmp2sink location=rtmp://127.0.0.1:${RS_DEMO_RTMP_PORT:-19350}/live/gst-rtmp-out chunk-size=4096 sync=false async=false
