#!/usr/bin/env bash
# The cost of security, measured in one run: three local clusters side by side (one master, one worker
# each): plaintext; TLS on every connection (a throw-away CA from `ferry admin tls create`, no
# authentication: TLS alone); and `ferry local start --secure` (mutual TLS, TOKEN authentication,
# permission checks, block capabilities, the audit log). The same benchmarks alternate between them:
# `ferry bench read --no-short-circuit` (over gRPC on all three; the plaintext cluster also with its
# block transport, which TLS turns off) and `ferry bench meta`. One JSON line per run into OUT_DIR
# (default ./bench-tls-out).
#   integration-tests/scripts/bench-tls.sh [OUT_DIR] [ROUNDS]
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FERRY="$REPO/bin/ferry"
OUT="${1:-$PWD/bench-tls-out}"
ROUNDS="${2:-2}"
WORK="$(mktemp -d /tmp/ferry-bench-tls.XXXXXX)"
mkdir -p "$OUT"

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

run() { # file cluster command…
  local file="$1" c="$2"
  shift 2
  echo "bench-tls: $c: $* (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  on "$c" "$@" | tr -d '\n' >>"$OUT/$file.jsonl"
  echo >>"$OUT/$file.jsonl"
}
for ((r = 1; r <= ROUNDS; r++)); do
  run read-block-transport plain "$FERRY" bench read --path /bench --json --no-short-circuit
  run read-grpc plain "$FERRY" -Dferry.user.data.transport.enabled=false bench read --path /bench --json --no-short-circuit
  run read-grpc-tls tls "$FERRY" bench read --path /bench --json --no-short-circuit
  run read-secure secure "$FERRY" bench read --path /bench --json --no-short-circuit
  for c in plain tls secure; do
    run "meta-$c" "$c" "$FERRY" bench meta --json --path "/bench-meta-$r" --files 10000 --reads 50000 \
      --ops create,getStatus
  done
done
head -n 100 "$OUT"/*.jsonl
