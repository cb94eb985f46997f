#!/usr/bin/env bash
# The systemd unit of restream-launch --serve, as configured for the build
# tree: systemd-analyze verify must pass without a word (it only warns about
# unknown keys or values), and the offline security review must rate its
# exposure at 2.0 or lower (systemd's scale: 0 safe .. 10 exposed).
set -uo pipefail
unit=$1
out=$(systemd-analyze verify "$unit" 2>&1)
rc=$?
if [ $rc -ne 0 ] || [ -n "$out" ]; then
  echo "systemd-analyze verify $unit (exit $rc):"
  echo "$out"
  exit 1
fi
review=$(systemd-analyze security --offline=true --threshold=20 "$unit" 2>&1)
rc=$?
echo "$review" | tail -1
if [ $rc -ne 0 ]; then
  echo "exposure above 2.0:"
  echo "$review" | grep -v '^✓'
  exit 1
fi
