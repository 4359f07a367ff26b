#!/usr/bin/env bash
# How fast the CLI answers: the median wall time of N runs of `bin/ferry fs ls /` against N runs of
# `java -version` in the same run (the floor of any JVM command), and their ratio; also the median
# with the CLI daemon off (FERRY_CLI_DAEMON=0: a JVM per command). Needs a running cluster (bin/ferry
# local start, or FERRY_MASTER_* pointing at one).
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

# the first run after a build writes the CLI's class-data archive and starts the CLI daemon
"$FERRY" fs ls / >/dev/null
for ((i = 0; i < 100; i++)); do
  compgen -G "${XDG_RUNTIME_DIR:-/tmp}/ferry-cli-$UID/*.sock" >/dev/null && break
  sleep 0.1
done
java_ms=$(median_ms java -version)
ls_ms=$(median_ms "$FERRY" fs ls /)
own_jvm_ms=$(FERRY_CLI_DAEMON=0 median_ms "$FERRY" fs ls /)
awk -v j="$java_ms" -v l="$ls_ms" -v o="$own_jvm_ms" -v n="$runs" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
  printf "{\"runs\":%d,\"java_version_p50_ms\":%.0f,\"ferry_fs_ls_p50_ms\":%.0f,\"ratio\":%.2f,", n, j, l, l / j
  printf "\"no_daemon_fs_ls_p50_ms\":%.0f,\"no_daemon_ratio\":%.2f,\"load_average\":%s}\n", o, o / j, load }'
