#!/usr/bin/env bash
# Runs every gst-launch-1.0 example of pipelines/ against the demo servers
# for a few seconds and checks that its target received the stream; checks
# every example description with restream-launch --check.
#   tests/pipelines.sh SOURCE_DIR LAUNCHER
set -euo pipefail
src=$1 launcher=$2
work=$(mktemp -d /tmp/rs-pipelines-XXXXXX)
recording=$work/srt.ts
free_port () {
  python3 -c 'import socket,sys; t=socket.SOCK_DGRAM if sys.argv[1]=="udp" else socket.SOCK_STREAM; s=socket.socket(socket.AF_INET,t); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' "$1"
}
export RS_DEMO_RTMP_PORT=$(free_port tcp) RS_DEMO_HTTP_PORT=$(free_port tcp) RS_DEMO_RTMPS_PORT=$(free_port tcp)
export RS_DEMO_SRT_PORT=$(free_port udp) RS_DEMO_SRT_IN_PORT=$(free_port udp)
servers=""
cleanup () {
  [ -n "$servers" ] && kill "$servers" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for ini in "$src"/pipelines/*.ini; do
  "$launcher" --check "$ini" > /dev/null || { echo "FAIL: $ini does not pass --check"; exit 1; }
done
RS_DEMO_SRT_RECORDING=$recording "$src/pipelines/demo.sh" --servers-only --seconds 120 > "$work/servers.log" 2>&1 &
servers=$!
for _ in $(seq 50); do
  (exec 3<>/dev/tcp/127.0.0.1/$RS_DEMO_RTMP_PORT) 2>/dev/null && break
  sleep 0.1
done
sleep 2
bytes_in () {
  curl -s http://127.0.0.1:$RS_DEMO_HTTP_PORT/stat | tr -d '\r\n' | grep -o "<name>$1</name><time>[0-9]*</time><bw_in>[0-9]*</bw_in><bytes_in>[0-9]*" | sed 's/.*<bytes_in>//' | head -1 || true
}
status=0
for example in rtmp-to-rtmp:gst-rtmp-out rtmps-to-rtmps:gst-rtmps-out rtmp-to-srt: srt-to-srt: srt-to-rtmp:gst-srt-out; do
  name=${example%%:*} key=${example#*:}
  before=$(stat -c %s "$recording")
  "$src/pipelines/$name.sh" > "$work/$name.log" 2>&1 &
  pid=$!
  sleep 7
  if [ -n "$key" ]; then
    got=$(bytes_in "$key"); got=${got:-0}
  else
    got=$(( $(stat -c %s "$recording") - before ))
  fi
  kill -INT "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "FAIL: $name did not stop within 5 s of SIGINT"; kill -9 "$pid"; status=1
  fi
  wait "$pid" 2>/dev/null || true
  if [ "$got" -lt 200000 ]; then
    echo "FAIL: $name: its target received $got bytes"; cat "$work/$name.log"; status=1
  else
    echo "ok: $name: $got bytes at the target in 7 s"
  fi
done
codecs=$(ffprobe -v error -show_entries stream=codec_name -of csv=p=0 "$recording" | sort -u | tr '\n' ' ')
case $codecs in
  *aac*h264*) echo "ok: the SRT recording is $codecs" ;;
  *) echo "FAIL: the SRT recording has codecs '$codecs'"; status=1 ;;
esac
exit $status
