#!/usr/bin/env bash
# gst-restream benchmarks: fan-out cost against nginx-rtmp push, ffmpeg's tee
# muxer and GStreamer's tee (RTMP and SRT), added latency, input failover
# timing, and a frozen target. Loopback only; see bench/README.md.
#
#   bench/run.sh [--quick] [--no-publish] [-- BENCH.PY OPTIONS]
#
# --quick       N = 1 and 8 only, short windows (under 4 min); results in
#               bench/results/quick/, docs/performance.md untouched
# --no-publish  full run without rewriting docs/performance.md
#
# Full run: about 24 min, results in bench/results/ and docs/performance.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
quick=0 publish=1 extra=()
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1; publish=0; shift ;;
    --no-publish) publish=0; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

missing=()
for tool in nginx ffmpeg gst-launch-1.0 gst-inspect-1.0 python3 cc pkg-config curl; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[ -f /usr/lib/nginx/modules/ngx_rtmp_module.so ] || missing+=("libnginx-mod-rtmp")
pkg-config --exists srt 2>/dev/null || missing+=("libsrt-openssl-dev")
if ! command -v gnuplot >/dev/null 2>&1; then
  echo "run.sh: gnuplot is needed for the plots: sudo apt-get install -y gnuplot-nox" >&2
  missing+=("gnuplot-nox")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "run.sh: missing: ${missing[*]} (Debian: sudo apt-get install -y nginx libnginx-mod-rtmp ffmpeg gnuplot-nox libsrt-openssl-dev srt-tools curl)" >&2
  exit 2
fi

if [ -z "${GST_PLUGIN_PATH_1_0:-}${GST_PLUGIN_PATH:-}" ] && [ -d "$top/build/plugins" ]; then
  export GST_PLUGIN_PATH_1_0="$top/build/plugins"
fi
for element in restreamtee failoversrc rtmp2src rtmp2sink srtsink flvmux mpegtsmux x264enc avenc_aac; do
  if ! gst-inspect-1.0 "$element" >/dev/null 2>&1; then
    echo "run.sh: GStreamer element $element not found (build first: meson setup build && ninja -C build)" >&2
    exit 2
  fi
done

cache=$here/cache
mkdir -p "$cache"
# Helpers, rebuilt when their source changes.
build_tool () {
  local name=$1; shift
  if [ ! -x "$cache/$name" ] || [ "$here/tools/$name.c" -nt "$cache/$name" ]; then
    # shellcheck disable=SC2046
    cc -O2 -Wall -o "$cache/$name" "$here/tools/$name.c" "$@"
  fi
}
build_tool probe $(pkg-config --cflags --libs gstreamer-1.0)
build_tool srtrecv $(pkg-config --cflags --libs srt) -lpthread

# The input: 60 s of 720p30 H.264 at 6 Mb/s + AAC in FLV, made once.
if [ ! -s "$cache/input.flv" ]; then
  echo "run.sh: encoding the input once (under a minute): $cache/input.flv"
  gst-launch-1.0 -q videotestsrc num-buffers=1800 pattern=smpte horizontal-speed=8 ! \
    video/x-raw,width=1280,height=720,framerate=30/1 ! \
    x264enc bitrate=6000 key-int-max=60 speed-preset=superfast ! h264parse ! \
    flvmux name=m ! filesink location="$cache/input.flv.tmp" \
    audiotestsrc num-buffers=2813 samplesperbuffer=1024 wave=pink-noise volume=0.1 ! \
    audio/x-raw,rate=48000,channels=2 ! audioconvert ! avenc_aac bitrate=128000 ! aacparse ! m.
  mv "$cache/input.flv.tmp" "$cache/input.flv"
fi

results=$here/results
args=()
if [ "$quick" = 1 ]; then
  results=$here/results/quick
  args+=(--quick)
fi
# A --results DIR among bench.py's options is where this run writes: clear
# that one, not the kept results of the last full run.
for ((i = 0; i < ${#extra[@]}; i++)); do
  if [ "${extra[$i]}" = --results ] && [ $((i + 1)) -lt ${#extra[@]} ]; then
    results=$(realpath -m "${extra[$((i + 1))]}")
    publish=0
  fi
done
mkdir -p "$results"
rm -f "$results"/*.csv "$results"/*.png "$results"/*.dat
rm -rf "$results/logs"

# bench.py stops every process it started, on any exit; should it be killed
# itself, whatever it started and left is stopped here (each was started as
# the leader of its own process group, pids in logs/pids).
cleanup () {
  local pid
  [ -f "$results/logs/pids" ] || return 0
  while read -r pid; do
    if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" |
        grep -qE '^(nginx|ffmpeg|gst-launch-1.0|[^ ]*/(probe|srtrecv|restream-launch)) '; then
      kill -CONT -- "-$pid" 2>/dev/null || true
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
  done < "$results/logs/pids"
}
trap cleanup EXIT
bench_pid=
trap '[ -n "$bench_pid" ] && kill -TERM "$bench_pid" 2>/dev/null && wait "$bench_pid"; exit 130' INT TERM

start=$(date +%s)
python3 "$here/bench.py" "${args[@]}" --results "$results" "${extra[@]}" &
bench_pid=$!
wait "$bench_pid"
bench_pid=
report_args=()
[ "$publish" = 1 ] && report_args+=(--publish)
echo
python3 "$here/report.py" "${report_args[@]}" "$results"
echo
echo "run.sh: done in $(( $(date +%s) - start )) s; results in $results"
[ "$publish" = 1 ] && echo "run.sh: docs/performance.md rewritten"
exit 0
