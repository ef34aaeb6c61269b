#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) in their own build dir and runs each for a bounded
# time. Corpora start from the VAPI examples in tests/fixtures and a few hand-written requests; what the fuzzer finds
# stays in the build dir (not committed). A crash or sanitizer report fails the script and leaves the
# reproducer as build-fuzz/artifacts/<target>/crash-*.
#   FUZZ_SECONDS=30 (per target)  FUZZ_BUILD_DIR=<repo>/build-fuzz  FUZZ_JOBS=1
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
BUILD=${FUZZ_BUILD_DIR:-$ROOT/build-fuzz}
SECONDS_PER_TARGET=${FUZZ_SECONDS:-30}
EXAMPLES=$ROOT/tests/fixtures/vapi/examples

cmake -S "$HERE" -B "$BUILD" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug >/dev/null
ninja -C "$BUILD" -j"${FUZZ_JOBS:-$(nproc)}" webhook_fuzz http_fuzz >/dev/null

# Seeds: the examples as webhook bodies, and as POST requests around them for the HTTP target.
mkdir -p "$BUILD/corpus/webhook" "$BUILD/corpus/http"
cp "$EXAMPLES"/*.json "$BUILD/corpus/webhook/"
cp "$HERE"/corpus/http/* "$BUILD/corpus/http/"
for f in "$EXAMPLES"/0*.json; do
  out="$BUILD/corpus/http/post-$(basename "$f" .json)"
  [ -f "$out" ] && continue
  { printf 'POST /webhook/vapi/hook123?x=%%41 HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n'
    printf 'Content-Length: %d\r\n\r\n' "$(wc -c <"$f")"; cat "$f"; } >"$out"
done

status=0
for target in webhook_fuzz http_fuzz; do
  name=${target%_fuzz}
  mkdir -p "$BUILD/artifacts/$name"
  echo "fuzzing $name for ${SECONDS_PER_TARGET}s"
  # Nesting far past simdjson's depth limit and bodies past a webhook's size are what hostile clients send.
  if ! "$BUILD/$target" -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$BUILD/artifacts/$name/" -dict="$HERE/$name.dict" \
      "$BUILD/corpus/$name" >"$BUILD/$name.log" 2>&1; then
    echo "FAILED: $name (log $BUILD/$name.log)"; tail -40 "$BUILD/$name.log"; status=1
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$BUILD/$name.log" | sed "s/^/  $name /" || true
done
exit $status
