#!/usr/bin/env bash
# Local restream demo, no internet needed. Starts the demo servers on
# loopback (nginx-rtmp, its RTMPS front, an SRT target listener, an SRT
# origin), publishes a 720p30 H.264 + AAC test stream into the origin, and
# runs restream-launch on the shipped description pipelines/local.ini: one
# input to two RTMP targets and one SRT target, with the live status view.
#
#   pipelines/demo.sh [--seconds N] [--check] [--servers-only]
#
# --seconds N     stop after N seconds (default: run until Ctrl-C)
# --check         exit 1 unless every target received the stream
# --servers-only  start the servers and publishers only (for the examples
#                 in pipelines/), until Ctrl-C or --seconds
#
# Ports (all on 127.0.0.1, overridable by environment):
#   RS_DEMO_RTMP_PORT  19350  RTMP origin and targets (application "live")
#   RS_DEMO_HTTP_PORT  19351  nginx-rtmp statistics (/stat)
#   RS_DEMO_RTMPS_PORT 19352  RTMPS (TLS front, self-signed certificate)
#   RS_DEMO_SRT_PORT   19360  SRT target listener (recorded to a file)
#   RS_DEMO_SRT_IN_PORT 19361 SRT origin (callers pull the test stream)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
seconds=0 check=0 servers_only=0
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --check) check=1; shift ;;
    --servers-only) servers_only=1; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "demo.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
rtmp_port=${RS_DEMO_RTMP_PORT:-19350}
http_port=${RS_DEMO_HTTP_PORT:-19351}
rtmps_port=${RS_DEMO_RTMPS_PORT:-19352}
srt_port=${RS_DEMO_SRT_PORT:-19360}
srt_in_port=${RS_DEMO_SRT_IN_PORT:-19361}

# Use the build tree when nothing is installed.
if [ -z "${GST_PLUGIN_PATH_1_0:-}${GST_PLUGIN_PATH:-}" ] && [ -d "$top/build/plugins" ]; then
  export GST_PLUGIN_PATH_1_0="$top/build/plugins"
fi
launcher=$top/build/launcher/restream-launch
[ -x "$launcher" ] || launcher=$(command -v restream-launch || true)
if [ -z "$launcher" ] || ! gst-inspect-1.0 failoversrc >/dev/null 2>&1; then
  echo "demo.sh: build first (meson setup build && ninja -C build)" >&2
  exit 2
fi
for port in "$rtmp_port" "$http_port" "$rtmps_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "demo.sh: port $port is in use (set RS_DEMO_*_PORT)" >&2; exit 2
  fi
done

dir=$(mktemp -d /tmp/rs-demo-XXXXXX)
pids=()
cleanup () {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -days 2 -subj /CN=127.0.0.1 -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
cat > "$dir/nginx.conf" <<CONF
daemon off;
master_process off;
error_log $dir/error.log warn;
pid $dir/nginx.pid;
load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
load_module /usr/lib/nginx/modules/ngx_stream_module.so;
events { worker_connections 256; }
rtmp { server { listen 127.0.0.1:$rtmp_port; chunk_size 4096;
  application live { live on; record off; } } }
stream { server { listen 127.0.0.1:$rtmps_port ssl;
  ssl_certificate $dir/cert.pem; ssl_certificate_key $dir/key.pem;
  proxy_pass 127.0.0.1:$rtmp_port; } }
http { access_log off; client_body_temp_path $dir/body; proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fcgi; uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
  server { listen 127.0.0.1:$http_port; location /stat { rtmp_stat all; } } }
CONF
nginx -p "$dir" -e stderr -c "$dir/nginx.conf" 2>"$dir/nginx.log" &
pids+=($!)
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$rtmp_port") 2>/dev/null && break
  sleep 0.1
done

# The SRT target: a listener that takes callers again and again.
recording=${RS_DEMO_SRT_RECORDING:-$dir/srt-target.ts}
srt-live-transmit -q -a yes "srt://:$srt_port?mode=listener" file://con > "$recording" 2>"$dir/srt-target.log" &
pids+=($!)
# The SRT origin: the test stream as MPEG-TS over UDP into a listener.
udp_port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
srt-live-transmit -q -a yes "udp://127.0.0.1:$udp_port" "srt://:$srt_in_port?mode=listener" 2>"$dir/srt-origin.log" &
pids+=($!)

source_desc="videotestsrc is-live=true pattern=smpte horizontal-speed=8 ! video/x-raw,format=I420,width=1280,height=720,framerate=30/1 ! \
  x264enc tune=zerolatency speed-preset=ultrafast bitrate=3000 key-int-max=60 ! h264parse config-interval=-1 ! queue ! mux. \
  audiotestsrc is-live=true wave=ticks ! audioconvert ! avenc_aac ! aacparse ! queue ! mux."
# shellcheck disable=SC2086
gst-launch-1.0 -q $source_desc flvmux name=mux streamable=true latency=100000000 ! \
  rtmp2sink location="rtmp://127.0.0.1:$rtmp_port/live/in" >"$dir/publish-rtmp.log" 2>&1 &
pids+=($!)
# shellcheck disable=SC2086
gst-launch-1.0 -q $source_desc mpegtsmux name=mux alignment=7 ! \
  udpsink host=127.0.0.1 port="$udp_port" >"$dir/publish-srt.log" 2>&1 &
pids+=($!)

echo "demo: input rtmp://127.0.0.1:$rtmp_port/live/in, rtmps://127.0.0.1:$rtmps_port/live/in (self-signed), srt://127.0.0.1:$srt_in_port?mode=caller"
echo "demo: targets rtmp://127.0.0.1:$rtmp_port/live/KEY, srt://127.0.0.1:$srt_port (recorded to $recording)"

if [ "$servers_only" = 1 ]; then
  # wait, not a foreground sleep: a signal ends it at once.
  [ "$seconds" -gt 0 ] || seconds=31536000
  sleep "$seconds" &
  pids+=($!)
  wait $!
  exit 0
fi

# The shipped description names the default ports; other ports are
# substituted into a copy.
sed -e "s/:19350/:$rtmp_port/g" -e "s/:19360/:$srt_port/g" "$here/local.ini" > "$dir/local.ini"
status=0
if [ "$seconds" -le 0 ]; then
  exec "$launcher" "$dir/local.ini"
fi
"$launcher" "$dir/local.ini" &
launch=$!
sleep "$seconds"
if [ "$check" = 1 ]; then
  stat=$(curl -s "http://127.0.0.1:$http_port/stat" | tr -d '\r\n' || true)
  for key in youtube-demo twitch-demo; do
    bytes=$(printf '%s' "$stat" | grep -o "<name>$key</name><time>[0-9]*</time><bw_in>[0-9]*</bw_in><bytes_in>[0-9]*" | sed 's/.*<bytes_in>//' | head -1 || true)
    echo "demo: target $key: ${bytes:-0} bytes at the server"
    if [ "${bytes:-0}" -lt 100000 ]; then status=1; fi
  done
fi
kill -INT "$launch" 2>/dev/null || true
code=0
wait "$launch" || code=$?
if [ "$code" != 0 ]; then echo "demo: restream-launch exited with $code" >&2; status=1; fi
if [ "$check" = 1 ]; then
  size=$(stat -c %s "$recording")
  echo "demo: target srt: $size bytes recorded"
  if [ "$size" -lt 100000 ]; then status=1; fi
  codecs=$(ffprobe -v error -show_entries stream=codec_name -of csv=p=0 "$recording" | sort -u | tr '\n' ' ')
  case $codecs in
    *aac*h264*) ;;
    *) echo "demo: the SRT recording has codecs '$codecs', not H.264 + AAC" >&2; status=1 ;;
  esac
fi
exit $status
