#!/usr/bin/env bash
# RTMPS -> RTMPS through the demo's TLS front (self-signed: validation off on both sides, an explicit opt-in).
# Servers: pipelines/demo.sh --servers-only (ports: RS_DEMO_*_PORT). Ctrl-C sends EOS and ends the
# broadcast cleanly (-e).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${GST_PLUGIN_PATH_1_0:-}${GST_PLUGIN_PATH:-}" ] && [ -d "$top/build/plugins" ]; then
  export GST_PLUGIN_PATH_1_0="$top/build/plugins"
fi
exec gst-launch-1.0 -e \
  failoversrc name=in uri=rtmps://127.0.0.1:${RS_DEMO_RTMPS_PORT:-19352}/live/in tls-validation=false \
  in.video ! queue ! flv.video  in.audio ! queue ! flv.audio \
  flvmux name=flv streamable=true latency=100000000 ! restreamtee name=t batch-time=50000000 \
  t. ! targetvalidator platform=facebook target-uri=rtmps://127.0.0.1:${RS_DEMO_RTMPS_PORT:-19352}/live/gst-rtmps-out \
     ! rtmp2sink location=rtmps://127.0.0.1:${RS_DEMO_RTMPS_PORT:-19352}/live/gst-rtmps-out tls-validation-flags=0 chunk-size=4096 sync=false async=false
