#!/usr/bin/env bash
# Checks that every C source file has GStreamer's gst-indent layout (GNU
# indent with the options in .indent.pro, run twice as gst-indent does).
# Headers are left alone, as in GStreamer: indent breaks gtk-doc markers.
# Fix a file with: indent FILE && indent FILE   (from the top directory)
set -euo pipefail
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top"
if ! command -v indent >/dev/null; then
  echo "check-indent: GNU indent is not installed (apt-get install indent)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bad=0
while IFS= read -r file; do
  cp "$file" "$work/in.c"
  indent "$work/in.c" -o "$work/once.c"
  indent "$work/once.c" -o "$work/twice.c"
  if ! cmp -s "$file" "$work/twice.c"; then
    echo "check-indent: $file is not in gst-indent layout:"
    diff -u "$file" "$work/twice.c" | head -20
    bad=1
  fi
done < <(find common plugins launcher tests bench -name '*.c' 2>/dev/null | sort)
exit $bad
