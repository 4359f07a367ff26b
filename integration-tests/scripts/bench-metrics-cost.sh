#!/usr/bin/env bash
# What the metrics cost `ferry bench read`, measured in one run: two local clusters side by side (one
# master, one worker each, on free ports), the same under-storage directory mounted at /bench on both,
# one with every instrument (ferry.metrics.enabled=true, the default) and one with none
# (FERRY_METRICS_ENABLED=false: master, worker and the benchmark's client). Each round runs
# `ferry bench read --json` (warm reads: the median of its own rounds) on one cluster, then on the
# other, the first of the two alternating; only one cluster reads at a time, the other is idle.
# Prints each round's on/off ratios and their medians; the JSON lines go to OUT_DIR.
#   integration-tests/scripts/bench-metrics-cost.sh [OUT_DIR] [ROUNDS] [BENCH_READ_ARG…]
# e.g. … /tmp/metrics-cost 11 --no-short-circuit. Dataset: FILES files of FILE_KIB KiB (default 128 × 4096).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FERRY="$REPO/bin/ferry"
OUT="${1:-$PWD/bench-metrics-cost-out}"
ROUNDS="${2:-7}"
shift $(($# < 2 ? $# : 2))
BENCH_ARGS=("$@")
FILES="${FILES:-128}"
FILE_KIB="${FILE_KIB:-4096}"
WORK="$(mktemp -d /tmp/ferry-bench-metrics-cost.XXXXXX)"
mkdir -p "$OUT"
rm -f "$OUT/on.jsonl" "$OUT/off.jsonl"

# Free ports for both clusters: master RPC, master web, worker RPC, worker web (the web ports show
# that the switch took: /metrics answers on one cluster and says "off" on the other).
read -r -a PORTS <<<"$(python3 -c '
import socket
socks = [socket.socket() for _ in range(8)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))')"
cluster_env() { # on|off
  local i=0 metrics=true
  [[ "$1" == on ]] || { i=4; metrics=false; }
  echo FERRY_STATE_DIR="$WORK/$1" FERRY_LOCAL_MOUNT="$WORK/$1-mnt" \
    FERRY_MASTER_RPC_PORT="${PORTS[i]}" FERRY_MASTER_WEB_PORT="${PORTS[i + 1]}" \
    FERRY_WORKER_RPC_PORT="${PORTS[i + 2]}" FERRY_WORKER_WEB_PORT="${PORTS[i + 3]}" FERRY_WORKER_S3_PORT=0 \
    FERRY_METRICS_ENABLED="$metrics"
}
on() { # on|off command…
  local name="$1"
  shift
  # shellcheck disable=SC2046 # cluster_env prints NAME=VALUE words
  env $(cluster_env "$name") "$@"
}
cleanup() {
  on on "$FERRY" local stop >/dev/null 2>&1 || true
  on off "$FERRY" local stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/ufs"
for ((i = 0; i < FILES; i++)); do head -c $((FILE_KIB << 10)) /dev/urandom >"$WORK/ufs/part-$i.bin"; done
"$FERRY" build
export FERRY_SKIP_BUILD=1
for c in on off; do
  on "$c" "$FERRY" local start --no-fuse >&2
  on "$c" "$FERRY" fs mount /bench "$WORK/ufs" >/dev/null
done
metrics_status() { # port: the HTTP status of /metrics
  curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/metrics"
}
for port in "${PORTS[1]}" "${PORTS[3]}"; do
  [[ "$(metrics_status "$port")" == 200 ]] || { echo "bench-metrics-cost: /metrics of the 'on' cluster (port $port) does not answer" >&2; exit 1; }
done
for port in "${PORTS[5]}" "${PORTS[7]}"; do
  [[ "$(metrics_status "$port")" == 404 ]] || { echo "bench-metrics-cost: the 'off' cluster (port $port) still serves metrics" >&2; exit 1; }
done

run() { # on|off
  echo "bench-metrics-cost: round $r, metrics $1 (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  on "$1" "$FERRY" bench read --path /bench --json ${BENCH_ARGS[@]+"${BENCH_ARGS[@]}"} | tr -d '\n' >>"$OUT/$1.jsonl"
  echo >>"$OUT/$1.jsonl"
}
for ((r = 1; r <= ROUNDS; r++)); do
  if ((r % 2)); then run on; run off; else run off; run on; fi
done

python3 - "$OUT/on.jsonl" "$OUT/off.jsonl" <<'EOF'
import json, statistics, sys
on = [json.loads(line) for line in open(sys.argv[1])]
off = [json.loads(line) for line in open(sys.argv[2])]
warm = [a["warm_mbps"] / b["warm_mbps"] for a, b in zip(on, off)]
per_ufs = [a["warm_ufs_ratio"] / b["warm_ufs_ratio"] for a, b in zip(on, off)]
print("round  on warm MB/s  off warm MB/s  on/off warm  on/off warm/UFS  load")
for i, (a, b) in enumerate(zip(on, off)):
    print(f"{i + 1:5d}  {a['warm_mbps']:12.0f}  {b['warm_mbps']:13.0f}  {warm[i]:11.3f}  {per_ufs[i]:15.3f}"
          f"  {a['load_average']:.1f}")
print(f"median on/off: warm {statistics.median(warm):.3f} (rounds {min(warm):.3f}-{max(warm):.3f}), "
      f"warm/UFS {statistics.median(per_ufs):.3f} (rounds {min(per_ufs):.3f}-{max(per_ufs):.3f})")
EOF
