#!/usr/bin/env bash
# `ferry bench random` on fresh local clusters: random 64 KiB reads of one 2 GiB file in a local
# directory and, with --s3, of the same file in S3Proxy (started by test-servers.sh), once per
# worker page size (BENCH_PAGE_SIZES, default "1MB 64KB"; a size given twice runs twice). One JSON file per
# run into OUT_DIR, numbered in the order of the runs.
#   integration-tests/scripts/bench-random.sh [--s3] [OUT_DIR]
# Uses its own state directory and ports, so it does not disturb a cluster already running.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FERRY="$REPO/bin/ferry"
s3=0
if [[ "${1:-}" == --s3 ]]; then s3=1; shift; fi
OUT="${1:-$PWD/bench-out}"
WORK="$(mktemp -d /tmp/ferry-bench-random.XXXXXX)"
export FERRY_STATE_DIR="$WORK/state" FERRY_LOCAL_MOUNT="$WORK/mnt" FERRY_CLI_DAEMON=0
export FERRY_MASTER_RPC_PORT=$((20000 + RANDOM % 20000)) FERRY_WORKER_RPC_PORT=$((40000 + RANDOM % 20000))
export FERRY_MASTER_WEB_PORT=0 FERRY_WORKER_WEB_PORT=0 FERRY_WORKER_S3_PORT=0
mkdir -p "$OUT" "$WORK/ufs"
cleanup() {
  "$FERRY" local stop >/dev/null 2>&1 || true
  if ((s3)); then TEST_SERVERS_STATE="$WORK/servers" "$REPO/integration-tests/scripts/test-servers.sh" stop || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

head -c $((2 << 30)) /dev/urandom >"$WORK/ufs/shard.bin"
s3_options=()
if ((s3)); then
  eval "$(TEST_SERVERS_STATE="$WORK/servers" "$REPO/integration-tests/scripts/test-servers.sh" start)"
  # uploaded through S3 (not copied into S3Proxy's data directory): a copied file has no ETag, so
  # Ferry would see no version of it
  export AWS_ACCESS_KEY_ID="$S3PROXY_ACCESS_KEY" AWS_SECRET_ACCESS_KEY="$S3PROXY_SECRET_KEY"
  aws --endpoint-url "$S3PROXY_ENDPOINT" --region "$S3PROXY_REGION" s3 mb s3://bench >&2
  aws --endpoint-url "$S3PROXY_ENDPOINT" --region "$S3PROXY_REGION" s3 cp --quiet "$WORK/ufs/shard.bin" s3://bench/
  s3_options=(-o "s3.endpoint=$S3PROXY_ENDPOINT" -o "s3.access-key=$S3PROXY_ACCESS_KEY"
    -o "s3.secret-key=$S3PROXY_SECRET_KEY" -o "s3.region=$S3PROXY_REGION" -o s3.path-style=true)
fi

"$FERRY" build
run=0
for page in ${BENCH_PAGE_SIZES:-1MB 64KB}; do
  run=$((run + 1))
  FERRY_WORKER_PAGE_SIZE="$page" "$FERRY" local start --no-fuse >&2
  "$FERRY" fs mount /local "$WORK/ufs" >/dev/null
  echo "bench-random: local, page $page …" >&2
  "$FERRY" bench random --path /local --json >"$OUT/random-local-$page-$run.json"
  if ((s3)); then
    "$FERRY" fs mount "${s3_options[@]}" /s3 s3://bench/ >/dev/null
    echo "bench-random: S3Proxy, page $page …" >&2
    "$FERRY" bench random --path /s3 --json --ufs-option "s3.access-key=$S3PROXY_ACCESS_KEY" \
      --ufs-option "s3.secret-key=$S3PROXY_SECRET_KEY" >"$OUT/random-s3-$page-$run.json"
  fi
  "$FERRY" local stop >&2
  rm -rf "$FERRY_STATE_DIR" # the next page size starts from an empty namespace and cache
done
cat "$OUT"/random-*.json
