#!/usr/bin/env bash
# How fast the CLI answers: the median wall time of N runs of `bin/ferry fs ls /` against N runs of
# `java -version` in the same run (the floor of any JVM command), and their ratio. Needs a running
# cluster (bin/ferry local start, or FERRY_MASTER_* pointing at one).
#   integration-tests/scripts/cli-startup.sh [N]       (default 10)
set -euo pipefail
FERRY="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/bin/ferry"
runs="${1:-10}"

median_ms() { # command…
  local times=()
  for ((i = 0; i < runs; i++)); do
    local t0; t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || { echo "cli-startup: '$*' failed" >&2; exit 1; }
    times+=($(( ($(date +%s%N) - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'
}

"$FERRY" fs ls / >/dev/null # the first run after a build writes the CLI's class-data archive
java_ms=$(median_ms java -version)
ls_ms=$(median_ms "$FERRY" fs ls /)
awk -v j="$java_ms" -v l="$ls_ms" -v n="$runs" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
  printf "{\"runs\":%d,\"java_version_p50_ms\":%.0f,\"ferry_fs_ls_p50_ms\":%.0f,\"ratio\":%.2f,\"load_average\":%s}\n", n, j, l, l / j, load }'
