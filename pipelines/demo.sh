#!/usr/bin/env bash
# Local restream demo, no internet needed: starts nginx-rtmp on a free
# loopback port, publishes a 720p30 H.264 + AAC test stream through
# restreamtee to three RTMP targets on it, and prints a status line per
# target (what the server received) every two seconds.
#
#   pipelines/demo.sh [--seconds N] [--targets N] [--check]
#
# --seconds N  stop after N seconds (default: run until Ctrl-C)
# --targets N  number of targets (default 3)
# --check      exit 1 unless every target received the stream
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
seconds=0 targets=3 check=0
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --targets) targets=$2; shift 2 ;;
    --check) check=1; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "demo.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
# Use the build tree when the plugin is not installed.
if [ -z "${GST_PLUGIN_PATH_1_0:-}${GST_PLUGIN_PATH:-}" ] && [ -d "$top/build/plugins" ]; then
  export GST_PLUGIN_PATH_1_0="$top/build/plugins"
fi
if ! gst-inspect-1.0 restreamtee >/dev/null 2>&1; then
  echo "demo.sh: restreamtee not found; build first (meson setup build && ninja -C build)" >&2
  exit 2
fi

free_port () {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
dir=$(mktemp -d /tmp/rs-demo-XXXXXX)
rtmp_port=$(free_port); http_port=$(free_port)
cat > "$dir/nginx.conf" <<CONF
daemon off;
master_process off;
error_log $dir/error.log warn;
pid $dir/nginx.pid;
load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
events { worker_connections 256; }
rtmp { server { listen 127.0.0.1:$rtmp_port; chunk_size 4096;
  application live { live on; record off; } } }
http { access_log off; client_body_temp_path $dir/body; proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fcgi; uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
  server { listen 127.0.0.1:$http_port; location /stat { rtmp_stat all; } } }
CONF
pids=()
cleanup () {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
nginx -p "$dir" -e stderr -c "$dir/nginx.conf" 2>"$dir/nginx.log" &
pids+=($!)
for _ in $(seq 50); do
  (exec 3<>/dev/tcp/127.0.0.1/$rtmp_port) 2>/dev/null && break
  sleep 0.1
done

branches=""
for i in $(seq 1 "$targets"); do
  branches+=" t. ! rtmp2sink location=rtmp://127.0.0.1:$rtmp_port/live/target$i chunk-size=4096 sync=false"
done
# shellcheck disable=SC2086
gst-launch-1.0 -q \
  videotestsrc is-live=true pattern=smpte horizontal-speed=8 ! video/x-raw,width=1280,height=720,framerate=30/1 ! \
  x264enc tune=zerolatency speed-preset=ultrafast bitrate=3000 key-int-max=60 ! \
  h264parse ! queue ! flvmux name=mux streamable=true latency=100000000 ! restreamtee name=t \
  audiotestsrc is-live=true wave=ticks ! audioconvert ! avenc_aac ! aacparse ! queue ! mux. \
  $branches >"$dir/launch.log" 2>&1 &
launch=$!
pids+=($launch)

echo "demo: restreaming a 720p30 test stream to $targets targets on rtmp://127.0.0.1:$rtmp_port/live/target1..$targets"
declare -A last
start=$(date +%s)
status=0
while :; do
  sleep 2
  if ! kill -0 "$launch" 2>/dev/null; then
    echo "demo: the pipeline stopped:" >&2; cat "$dir/launch.log" >&2; status=1; break
  fi
  stat=$(curl -s "http://127.0.0.1:$http_port/stat" || true)
  line="demo: $(( $(date +%s) - start ))s"
  for i in $(seq 1 "$targets"); do
    bytes=$(printf '%s' "$stat" | tr -d '\r\n' | grep -o "<name>target$i</name><time>[0-9]*</time><bw_in>[0-9]*</bw_in><bytes_in>[0-9]*" | sed 's/.*<bytes_in>//' | head -1 || true)
    bytes=${bytes:-0}
    kbps=$(( (bytes - ${last[$i]:-0}) * 8 / 2000 ))
    last[$i]=$bytes
    line+="  target$i ${kbps} kbit/s"
  done
  echo "$line"
  if [ "$seconds" -gt 0 ] && [ $(( $(date +%s) - start )) -ge "$seconds" ]; then break; fi
done
if [ "$check" = 1 ]; then
  for i in $(seq 1 "$targets"); do
    if [ "${last[$i]:-0}" -lt 100000 ]; then
      echo "demo: target$i received only ${last[$i]:-0} bytes" >&2; status=1
    fi
  done
fi
exit $status
