#!/usr/bin/env bash
# ctest: no string-built SQL anywhere under src/. The checker first proves on fixtures that it catches the
# bad shapes and lets the store's safe shapes through, so a broken checker cannot pass silently.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=${1:-$HERE/../../src}
CHECK="$HERE/sql_string_check.pl"

bad=$(perl "$CHECK" "$HERE/fixtures/bad_sql.cpp.txt" | wc -l)
if [ "$bad" -ne 5 ]; then
  echo "checker self-test: expected 5 findings in bad_sql.cpp.txt, got $bad"; perl "$CHECK" "$HERE/fixtures/bad_sql.cpp.txt"; exit 1
fi
if ! perl "$CHECK" "$HERE/fixtures/good_sql.cpp.txt"; then
  echo "checker self-test: false positives in good_sql.cpp.txt"; exit 1
fi
mapfile -t files < <(find "$SRC" -name '*.cpp' -o -name '*.hpp' | sort)
if ! perl "$CHECK" "${files[@]}"; then
  echo "string-built SQL found: bind values as parameters instead"; exit 1
fi
echo "no string-built SQL in ${#files[@]} files under src/"
