#!/usr/bin/env bash
# A remote warm read against the link it runs on, in one run (root only):
# simulated hosts (hosts.sh) with the master on host 1, one worker on host 2
# and a reader with no worker on host 3. Measures
#   link_mbps          iperf3, one TCP stream, worker host -> reader host
#   remote_warm_mbps   `ferry bench read`'s warm pass from the reader host
# (both in MB/s, 10^6 bytes, as `ferry bench read` reports) and prints them
# with their ratio as one JSON object. Everything it made is removed at exit.
#
#   bench-hosts.sh [--files N] [--file-mb M] [--rate RATE]
#     N files of M MiB (default 128 of 4 MiB = 512 MiB) in the worker's MEM
#     tier; --rate shapes the reader's link (tc tbf, e.g. 1gbit) first.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HOSTS="$REPO/integration-tests/scripts/hosts.sh"
export SIM_HOSTS_PREFIX="${SIM_HOSTS_PREFIX:-bh}"
FILES=128 FILE_MB=4 RATE=""
while (($#)); do
  case "$1" in
    --files) FILES="$2"; shift 2 ;;
    --file-mb) FILE_MB="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    *) echo "usage: bench-hosts.sh [--files N] [--file-mb M] [--rate RATE]" >&2; exit 2 ;;
  esac
done

STATE="$(mktemp -d /tmp/ferry-bench-hosts.XXXXXX)"
cleanup() { "$HOSTS" down; rm -rf "$STATE" "/dev/shm/$SIM_HOSTS_PREFIX-bench-worker"; }
trap cleanup EXIT

"$REPO/bin/ferry" build >&2
"$HOSTS" up 3 >/dev/null
MASTER="$SIM_HOSTS_PREFIX-host1" WORKER="$SIM_HOSTS_PREFIX-host2" READER="$SIM_HOSTS_PREFIX-host3"
[[ -z "$RATE" ]] || "$HOSTS" shape "$READER" "$RATE"

mkdir -p "$STATE/underfs/bench"
for i in $(seq "$FILES"); do
  head -c $((FILE_MB << 20)) /dev/urandom >"$STATE/underfs/bench/f$i"
done

ferry_on() { # host -Dkey=value… command…
  local host="$1"
  shift
  FERRY_SKIP_BUILD=1 "$HOSTS" exec "$host" "$REPO/bin/ferry" -Dferry.master.hostname="$MASTER" "$@"
}
await_port() { # host port log
  for _ in $(seq 300); do
    "$HOSTS" exec "$1" bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null && return
    sleep 0.2
  done
  echo "bench-hosts: nothing listens on $1:$2; log:" >&2
  tail -n 30 "$3" >&2
  exit 1
}

ferry_on "$MASTER" -Dferry.master.bind.host="$MASTER" -Dferry.master.metastore.dir="$STATE/master" \
  -Dferry.master.mount.root.ufs="$STATE/underfs" master >"$STATE/master.log" 2>&1 &
await_port "$MASTER" 19998 "$STATE/master.log"
ferry_on "$WORKER" -Dferry.worker.bind.host="$WORKER" -Dferry.worker.mem.capacity=$((FILES * FILE_MB * 2))MB \
  -Dferry.worker.mem.dir="/dev/shm/$SIM_HOSTS_PREFIX-bench-worker" worker >"$STATE/worker.log" 2>&1 &
await_port "$WORKER" 29999 "$STATE/worker.log"

"$HOSTS" exec "$WORKER" iperf3 -s -1 -D
sleep 0.5
# -R: the server (worker host) sends, as the worker does when it serves a read
link_bps="$("$HOSTS" exec "$READER" iperf3 -c "$WORKER" -R -t 5 -J \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"])')"
bench="$(ferry_on "$READER" bench read --path /bench --json)"

python3 - "$link_bps" "$bench" "$FILES" "$FILE_MB" "${RATE:-none}" <<'EOF'
import json, sys
link = float(sys.argv[1]) / 8 / 1e6
bench = json.loads(sys.argv[2])
warm = bench["warm_mbps"]
print(json.dumps({"link_mbps": round(link, 1), "remote_warm_mbps": round(warm, 1),
                  "remote_warm_link_ratio": round(warm / link, 3),
                  "files": int(sys.argv[3]), "file_mib": int(sys.argv[4]), "shaped": sys.argv[5]}))
EOF
