#!/usr/bin/env bash
# House style gates that the compiler does not enforce: C# lines of at most 120 characters, and every
# TODO/FIXME written as TODO(area): what is missing.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0

wide=$(git ls-files '*.cs' | xargs -r awk 'length($0) > 120 { printf "%s:%d: %d characters\n", FILENAME, FNR, length($0) }')
if [ -n "$wide" ]; then
  echo "Lines over 120 characters:"; echo "$wide"; status=1
fi

bare=$(git ls-files '*.cs' | xargs -r grep -nE '\b(TODO|FIXME|HACK)\b' | grep -vE 'TODO\([a-z0-9-]+\): ' || true)
if [ -n "$bare" ]; then
  echo "Marks not written as TODO(area): what is missing:"; echo "$bare"; status=1
fi

exit $status
