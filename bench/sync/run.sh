#!/usr/bin/env bash
# Sync benchmark: a first (back-fill) sync of 10,000 calls from the fake VAPI into a fresh SQLite store.
# Builds nothing: expects BUILD_DIR (default build/) to hold tests/fake_vapi and bench/sync_bench
# (ninja -C build fake_vapi sync_bench). Target: under 3 s for 10,000 calls.
#   bench/sync/run.sh [--calls N] [--page-limit N] [--sqlite-synchronous full|normal]
set -euo pipefail

cd "$(dirname "$0")/../.."
BUILD_DIR=${BUILD_DIR:-build}
CALLS=10000
PAGE_LIMIT=100
SQLITE_SYNCHRONOUS=full
while [[ $# -gt 0 ]]; do
  case "$1" in
    --calls) CALLS=$2; shift 2 ;;
    --page-limit) PAGE_LIMIT=$2; shift 2 ;;
    --sqlite-synchronous) SQLITE_SYNCHRONOUS=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

FAKE="$BUILD_DIR/tests/fake_vapi"
BENCH="$BUILD_DIR/bench/sync_bench"
for bin in "$FAKE" "$BENCH"; do
  [[ -x "$bin" ]] || { echo "missing $bin: build it first (ninja -C $BUILD_DIR fake_vapi sync_bench)" >&2; exit 1; }
done

WORK=$(mktemp -d)
FAKE_PID=""
cleanup() {
  [[ -n "$FAKE_PID" ]] && kill "$FAKE_PID" 2>/dev/null && wait "$FAKE_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

KEY="bench-$RANDOM$RANDOM"
"$FAKE" --listen 127.0.0.1:0 --key "$KEY" --calls "$CALLS" --seed 1 >"$WORK/fake.out" 2>"$WORK/fake.err" &
FAKE_PID=$!
for _ in $(seq 1 200); do
  grep -q '^listening on ' "$WORK/fake.out" 2>/dev/null && break
  sleep 0.05
done
PORT=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$WORK/fake.out" | head -1)
[[ -n "$PORT" ]] || { echo "fake_vapi did not start" >&2; cat "$WORK/fake.err" >&2; exit 1; }

RESULT=$("$BENCH" --vapi-base-url "http://127.0.0.1:$PORT" --key "$KEY" --db "$WORK/bench.db" \
  --page-limit "$PAGE_LIMIT" --sqlite-synchronous "$SQLITE_SYNCHRONOUS")
echo "$RESULT"
python3 - "$RESULT" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
print(f"synced {r['calls']} calls (stored {r['stored']}) in {r['seconds']:.2f} s = {r['callsPerSecond']:.0f} calls/s "
      f"(page limit {r['pageLimit']}, sqlite synchronous {r['sqliteSynchronous']})")
PY
