#!/usr/bin/env bash
# The README's quick start, checked: bin/ferry local start, the sample dataset
# is listed and read (with the CLI and through the FUSE mount), the second read
# is a cache hit, and local stop stops every process it started and unmounts.
set -euo pipefail

FERRY_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FERRY="$FERRY_HOME/bin/ferry"
export FERRY_STATE_DIR="$(mktemp -d /tmp/ferry-quickstart.XXXXXX)"
export FERRY_LOCAL_MEM_DIR="$FERRY_STATE_DIR/mem"
mkdir -p "$FERRY_LOCAL_MEM_DIR"
# Ports of their own, so a developer's running cluster is not disturbed.
export FERRY_MASTER_RPC_PORT=19898
export FERRY_WORKER_RPC_PORT=29898
export FERRY_LOCAL_MOUNT="$FERRY_STATE_DIR/mnt/ferry"
cleanup() { "$FERRY" local stop >/dev/null 2>&1 || true; rm -rf "$FERRY_STATE_DIR"; }
trap cleanup EXIT

fail() { echo "quickstart-test: FAILED: $*" >&2; exit 1; }

"$FERRY" local start
"$FERRY" fs ls /sample | grep -q 'README.txt' || fail "ferry fs ls /sample does not list README.txt"
"$FERRY" fs cat /sample/labels/classes.txt | cmp - "$FERRY_HOME/sample-data/labels/classes.txt" \
  || fail "first ferry fs cat differs from the sample file"
"$FERRY" fs cat /sample/labels/classes.txt | cmp - "$FERRY_HOME/sample-data/labels/classes.txt" \
  || fail "second ferry fs cat differs from the sample file"
ls "$FERRY_LOCAL_MOUNT/sample" | grep -q 'README.txt' || fail "ls $FERRY_LOCAL_MOUNT/sample does not list README.txt"
cat "$FERRY_LOCAL_MOUNT/sample/labels/classes.txt" | cmp - "$FERRY_HOME/sample-data/labels/classes.txt" \
  || fail "cat through the FUSE mount differs from the sample file"
# workers report their hits with their heartbeats: the report may take a few seconds to show them
for ((i = 0; i < 40; i++)); do
  report="$("$FERRY" report)"
  grep -Eq '^cache_hits: *[1-9]' <<<"$report" && break
  sleep 0.5
done
echo "$report"
grep -Eq '^cache_hits: *[1-9]' <<<"$report" || fail "ferry report shows no cache hit 20 s after the second cat"

pids="$(cat "$FERRY_STATE_DIR"/pids/*.pid)"
"$FERRY" local stop
for pid in $pids; do
  ! kill -0 "$pid" 2>/dev/null || fail "process $pid still runs after ferry local stop"
done
! grep -qF " $FERRY_LOCAL_MOUNT " /proc/self/mountinfo || fail "$FERRY_LOCAL_MOUNT is still mounted after ferry local stop"
echo "quickstart-test: 1 passed, 0 failed"
