#!/usr/bin/env bash
# Builds gst-restream twice (warnings as errors; then with AddressSanitizer
# and UndefinedBehaviorSanitizer) and runs the whole suite against each build.
# Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
jobs=${RS_TEST_JOBS:-4}
status=0
summaries=()

run_suite () {
  local builddir=$1; shift
  if [ ! -d "$builddir" ]; then
    meson setup "$builddir" -Dwerror=true "$@" || return 1
  fi
  ninja -C "$builddir" || return 1
  meson test -C "$builddir" --num-processes "$jobs" --print-errorlogs || true
  summaries+=("$builddir/meson-logs/testlog.json")
}

# Node-Media-Server v4, the second RTMP server of the integration tests,
# from npm into tests/nms (pinned by its package-lock.json).
if [ ! -f tests/nms/node_modules/node-media-server/bin/app.js ]; then
  npm ci --prefix tests/nms --no-audit --no-fund || status=1
fi

run_suite build || status=1
if [ "${RS_SKIP_SANITIZERS:-0}" != 1 ]; then
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0:malloc_context_size=64 \
  LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_suite build-san -Db_sanitize=address,undefined -Db_lundef=false \
      -Dbuildtype=debug || status=1
fi

python3 tests/summarize.py "${summaries[@]}" || status=1
exit $status
