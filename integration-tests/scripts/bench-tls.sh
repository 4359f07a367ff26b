#!/usr/bin/env bash
# The cost of security, measured in one run: three local clusters side by side (one master, one worker
# each): plaintext; TLS on every connection (a throw-away CA from `ferry admin tls create`, no
# authentication: TLS alone); and `ferry local start --secure` (mutual TLS, TOKEN authentication,
# permission checks, block capabilities, the audit log). The same benchmarks alternate between them:
# `ferry bench read --no-short-circuit` (over gRPC on all three; the plaintext cluster also with its
# block transport, which TLS turns off) and `ferry bench meta`. One unrecorded round of reads first
# warms every worker alike; then the clusters take turns, in the opposite order each round, so neither
# side always runs on a machine the other has just warmed or loaded. One JSON line per run into
# OUT_DIR (default ./bench-tls-out), with the round and the load average added; summary.md there has
# each round's TLS/plaintext ratios and their median.
#   integration-tests/scripts/bench-tls.sh [OUT_DIR] [ROUNDS] [reads]   # reads: skip `bench meta`
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FERRY="$REPO/bin/ferry"
OUT="${1:-$PWD/bench-tls-out}"
ROUNDS="${2:-2}"
ONLY="${3:-}"
WORK="$(mktemp -d /tmp/ferry-bench-tls.XXXXXX)"
mkdir -p "$OUT"
if compgen -G "$OUT/*.jsonl" >/dev/null; then
  echo "bench-tls: $OUT holds the results of an earlier run; give another directory" >&2
  exit 2
fi

# cluster NAME: its state directory and ports (plain: 25998/35999, tls: 26998/36999, secure: 27998/37999)
cluster_env() { # name
  local base=0
  case "$1" in tls) base=1000 ;; secure) base=2000 ;; esac
  echo FERRY_STATE_DIR="$WORK/$1" FERRY_LOCAL_MOUNT="$WORK/$1-mnt" FERRY_MASTER_RPC_PORT=$((25998 + base)) \
    FERRY_WORKER_RPC_PORT=$((35999 + base)) FERRY_MASTER_WEB_PORT=0 FERRY_WORKER_WEB_PORT=0 FERRY_WORKER_S3_PORT=0
}
TLS_ENV=(FERRY_SECURITY_TLS_ENABLED=true FERRY_SECURITY_TLS_CA="$WORK/certs/ca.pem"
  FERRY_SECURITY_TLS_CERT="$WORK/certs/server.pem" FERRY_SECURITY_TLS_KEY="$WORK/certs/server.key")
on() { # plain|tls|secure command…
  local name="$1"
  shift
  # shellcheck disable=SC2046 # cluster_env prints NAME=VALUE words
  if [[ "$name" == tls ]]; then env $(cluster_env tls) "${TLS_ENV[@]}" "$@"; else env $(cluster_env "$name") "$@"; fi
}
cleanup() {
  on plain "$FERRY" local stop >/dev/null 2>&1 || true
  on tls "$FERRY" local stop >/dev/null 2>&1 || true
  on secure "$FERRY" local stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# 512 MiB: 128 files of 4 MiB, in a local directory mounted at /bench on both clusters
mkdir -p "$WORK/ufs"
for i in $(seq -w 0 127); do head -c $((4 << 20)) /dev/urandom >"$WORK/ufs/part-$i.bin"; done
"$FERRY" build
FERRY_SKIP_BUILD=1 "$FERRY" admin tls create --dir "$WORK/certs" >/dev/null
export FERRY_SKIP_BUILD=1
on plain "$FERRY" local start --no-fuse >&2
on tls "$FERRY" local start --no-fuse >&2
on secure "$FERRY" local start --no-fuse --secure >&2 # bin/ferry then reads its secure.env
for c in plain tls secure; do
  on "$c" "$FERRY" fs mount /bench "$WORK/ufs" >/dev/null
done

run() { # output-file round cluster command…
  local file="$1" round="$2" c="$3" load
  shift 3
  load="$(cut -d' ' -f1 /proc/loadavg)"
  echo "bench-tls: round $round: $c: $* (load $load)" >&2
  on "$c" "$@" | jq -c --argjson round "$round" --argjson load "$load" '. + {round: $round, load: $load}' >>"$file"
}
reads() { # dir round cluster… (block: the plaintext cluster's block transport), in that order
  local dir="$1" round="$2" c
  shift 2
  for c in "$@"; do
    case "$c" in
      block) run "$dir/read-block-transport.jsonl" "$round" plain "$FERRY" bench read "${READ_ARGS[@]}" ;;
      plain) run "$dir/read-grpc.jsonl" "$round" plain "$FERRY" -Dferry.user.data.transport.enabled=false \
        bench read "${READ_ARGS[@]}" ;;
      tls) run "$dir/read-grpc-tls.jsonl" "$round" tls "$FERRY" bench read "${READ_ARGS[@]}" ;;
      secure) run "$dir/read-secure.jsonl" "$round" secure "$FERRY" bench read "${READ_ARGS[@]}" ;;
    esac
  done
}
metas() { # round cluster…, in that order
  local round="$1" c
  shift
  for c in "$@"; do
    run "$OUT/meta-$c.jsonl" "$round" "$c" "$FERRY" bench meta --json --path "/bench-meta-$round" --files 10000 \
      --reads 50000 --ops create,getStatus
  done
}

READ_ARGS=(--path /bench --json --no-short-circuit)
reads "$WORK" 0 block plain tls secure # warm-up, not recorded
for ((r = 1; r <= ROUNDS; r++)); do
  if ((r % 2)); then
    reads "$OUT" "$r" block plain tls secure
    [[ "$ONLY" == reads ]] || metas "$r" plain tls secure
  else
    reads "$OUT" "$r" secure tls plain block
    [[ "$ONLY" == reads ]] || metas "$r" secure tls plain
  fi
done
"$REPO/integration-tests/scripts/bench-tls-summary.sh" "$OUT" | tee "$OUT/summary.md"
