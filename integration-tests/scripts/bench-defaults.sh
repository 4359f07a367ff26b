#!/usr/bin/env bash
# The headline benchmarks on a fresh local cluster with the defaults of `bin/ferry local start`
# (one master, one worker: 1 GB MEM on /dev/shm above an SSD tier), each figure against its
# reference in the same run. One JSON line per benchmark into OUT_DIR (default ./bench-out).
#   integration-tests/scripts/bench-defaults.sh [OUT_DIR]
# Uses its own state directory and ports, so it does not disturb a cluster already running.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FERRY="$REPO/bin/ferry"
OUT="${1:-$PWD/bench-out}"
WORK="$(mktemp -d /tmp/ferry-bench-defaults.XXXXXX)"
export FERRY_STATE_DIR="$WORK/state" FERRY_LOCAL_MOUNT="$WORK/mnt"
export FERRY_MASTER_RPC_PORT="${FERRY_MASTER_RPC_PORT:-24998}" FERRY_WORKER_RPC_PORT="${FERRY_WORKER_RPC_PORT:-34999}"
mkdir -p "$OUT"
cleanup() { "$FERRY" local stop >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

# 1 GiB: 256 files of 4 MiB, in a local directory mounted at /bench
mkdir -p "$WORK/ufs"
for i in $(seq -w 0 255); do head -c $((4 << 20)) /dev/urandom >"$WORK/ufs/part-$i.bin"; done

"$FERRY" build
"$FERRY" local start --no-fuse >&2
"$FERRY" fs mount /bench "$WORK/ufs" >/dev/null
run_named() { # name command…
  local name="$1"
  shift
  echo "bench-defaults: $name …" >&2
  "$@" >"$OUT/$name.json"
}
run_named read "$FERRY" bench read --path /bench --json
run_named read-no-short-circuit "$FERRY" bench read --path /bench --json --no-short-circuit
run_named hadoop "$FERRY" bench hadoop --path /bench --json
run_named meta "$FERRY" bench meta --json
run_named cli-startup "$REPO/integration-tests/scripts/cli-startup.sh"
"$FERRY" fs unmount /bench >/dev/null
run_named fuse "$FERRY" bench fuse --json
cat "$OUT"/*.json
