#!/usr/bin/env bash
# How fast a huge directory lists, and what its inodes cost the master: N empty files (default
# 100,000) made straight in the under storage of a fresh `ferry local start --no-fuse`, then in one
# run: `ls DIR | wc -l` of the under-storage directory before and after (sorted; the faster of the
# two is the floor of the ratios; `ls -f`: unsorted), `ferry fs ls /DIR | wc -l` cold (the master
# lists the UFS and creates the inodes) and warm (from the master's namespace; the fastest of 3), the
# master's RSS before and after, and its heap used after a full GC before and after (per inode).
# First, cold listings of other directories of 20,000 files compile the listing's code, as a master
# that has run for a while has: a fresh JVM's first listings spend as much CPU in the JIT compilers
# as in the listing, and on 2 cores the JVM raises its C2 thresholds with the length of the compile
# queue (-XX:Tier4LoadFeedback), so a fixed few rounds leave per-entry methods for the measured
# listing to compile. The rounds go on until their JIT CPU settles: at least 8 rounds, then until 3
# rounds in a row set no new low (by 50 ms or more), at most 15 (a first run of 5 rounds stopped
# after an early low, and its measured listing still spent 590 ms in the JIT). Their number is `jit_warmup_rounds`, their JIT CPU each
# `jit_warmup_cpu_ms`, their time in all `jit_warmup_ms`; the measures then wait until the
# compilations they queued are done (on a loaded machine the compiler threads lag behind).
# The master's CPU time of each listing is reported next to its wall time: on a loaded machine the
# wall time of a long CPU-bound listing grows with the load far more than that of a short `ls`;
# `master_jit_cpu_cold_ms` is the part of the cold listing's that went to the JIT compiler threads,
# `master_rpc_cpu_cold_ms` the part of the thread that applies and answers the pages (its critical
# path) and `master_prefetch_cpu_cold_ms` that of the threads that list the next pages.
# INODE_CACHE_SIZE sets the master's ferry.master.inode.cache.size (default: its default, 200,000,
# which the warm-up's directories fill before the measured listing, as a long-running master's
# namespace would: the figures are those of `ferry local start`). With room for every inode of the
# run (N + 15 x 20,000 + 1,000) the heap per inode is that of a cached inode; with fewer entries than
# N, it shows the caches bound the master's memory, not the namespace.
#   integration-tests/scripts/listing-bench.sh [N] [INODE_CACHE_SIZE]
# Uses its own state directory, MEM directory and ports; stops its cluster at the end.
set -euo pipefail
FERRY="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/bin/ferry"
files="${1:-100000}"
min_rounds=8 max_rounds=15 round_files=20000
cache_size="${2:-200000}"
work="$(mktemp -d /tmp/ferry-listing-bench.XXXXXX)"
export FERRY_STATE_DIR="$work/state" FERRY_LOCAL_MEM_DIR="$work/shm"
export FERRY_MASTER_RPC_PORT=$((20000 + RANDOM % 20000)) FERRY_WORKER_RPC_PORT=$((40000 + RANDOM % 20000))
export FERRY_MASTER_WEB_PORT=0 FERRY_WORKER_WEB_PORT=0 FERRY_WORKER_S3_PORT=0
mkdir -p "$FERRY_LOCAL_MEM_DIR"
cleanup() { "$FERRY" local stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

FERRY_JAVA_OPTS="-Dferry.master.inode.cache.size=$cache_size" "$FERRY" local start --no-fuse >/dev/null
master="$(cat "$FERRY_STATE_DIR/pids/master.pid")"
dir="$FERRY_STATE_DIR/underfs/big"
empty_files() { # directory count
  python3 - "$1" "$2" <<'PY'
import os, sys
d, n = sys.argv[1], int(sys.argv[2])
os.makedirs(d, exist_ok=True)
for i in range(n):
    open(os.path.join(d, "file-%07d" % i), "w").close()
PY
}
empty_files "$dir" "$files"
# the warm-up directories exist before the root is first listed; each is filled just before its round
for ((i = 1; i <= max_rounds; i++)); do mkdir "$FERRY_STATE_DIR/underfs/warm-up-$i"; done

cpu_ms() { awk '{print ($14 + $15) * 1000 / 100}' "/proc/$master/stat"; } # utime + stime, in 100 Hz ticks
ms() { # command…: wall milliseconds, the output counted, the master's CPU milliseconds
  local t0 c0 count; t0=$(date +%s%N); c0=$(cpu_ms)
  count=$("$@" | wc -l)
  echo "$(( ($(date +%s%N) - t0) / 1000000 )) $count $(( $(cpu_ms) - c0 ))"
}
jit_cpu_ms() { # the CPU of the master's JIT compiler threads (C1, C2)
  cat /proc/"$master"/task/*/stat 2>/dev/null | awk '/\(C[12] CompilerThre/ {sub(/.*\) /, ""); t += $12 + $13} END {print t * 10}'
}
thread_cpu_ms() { # name: the CPU of the master's threads of that name (the kernel keeps 15 characters)
  cat /proc/"$master"/task/*/stat 2>/dev/null | awk -v n="(${1:0:15})" 'index($0, n) {sub(/.*\) /, ""); t += $12 + $13} END {print t * 10}'
}
jit_idle() { # waits (at most a minute) until the master's JIT compile queues are empty
  for _ in $(seq 120); do
    (($(jcmd "$master" Compiler.queue | grep -c '^Empty') == 2)) && return
    sleep 0.5
  done
}
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$master/status"; }
heap_kb() { # used heap after a full GC
  jcmd "$master" GC.run >/dev/null
  jcmd "$master" GC.heap_info | awk '/garbage-first heap|total/ && /used/ {for (i = 1; i <= NF; i++) if ($i == "used") {print $(i + 1) + 0; exit}}'
}

"$FERRY" fs ls / >/dev/null # the CLI's class-data archive is written at its first run
warmup_ms=0 rounds=0 lowest=-1 no_new_low=0 round_jits=""
while (((rounds < min_rounds || no_new_low < 3) && rounds < max_rounds)); do
  rounds=$((rounds + 1))
  empty_files "$FERRY_STATE_DIR/underfs/warm-up-$rounds" "$round_files"
  jit0=$(jit_cpu_ms)
  read -r round_ms _ < <(ms "$FERRY" fs ls "/warm-up-$rounds")
  round_jit=$(( $(jit_cpu_ms) - jit0 ))
  warmup_ms=$((warmup_ms + round_ms)) round_jits="$round_jits${round_jits:+,}$round_jit"
  if ((lowest < 0 || round_jit <= lowest - 50)); then lowest=$round_jit no_new_low=0; else no_new_low=$((no_new_low + 1)); fi
done
jit_idle
rss0=$(rss_kb); heap0=$(heap_kb)
read -r lsf_ms _ < <(ms ls -f "$dir")
read -r ls_ms _ < <(ms ls "$dir")
jit0=$(jit_cpu_ms) rpc0=$(thread_cpu_ms master-rpc) prefetch0=$(thread_cpu_ms ufs-listing-prefetch)
read -r cold_ms cold_n cold_cpu < <(ms "$FERRY" fs ls /big)
cold_jit=$(( $(jit_cpu_ms) - jit0 ))
cold_rpc=$(( $(thread_cpu_ms master-rpc) - rpc0 )) cold_prefetch=$(( $(thread_cpu_ms ufs-listing-prefetch) - prefetch0 ))
read -r warm_ms warm_n warm_cpu < <(ms "$FERRY" fs ls /big)
for _ in 1 2; do
  read -r again_ms again_n again_cpu < <(ms "$FERRY" fs ls /big)
  ((again_ms < warm_ms)) && { warm_ms=$again_ms; warm_n=$again_n; warm_cpu=$again_cpu; }
done
read -r ls2_ms _ < <(ms ls "$dir")
read -r noop_ms _ < <(ms "$FERRY" fs ls /)
rss1=$(rss_kb); heap1=$(heap_kb)
awk -v n="$files" -v ls="$ls_ms" -v lsf="$lsf_ms" -v ls2="$ls2_ms" -v cold="$cold_ms" -v warm="$warm_ms" -v noop="$noop_ms" \
  -v cn="$cold_n" -v wn="$warm_n" -v r0="$rss0" -v r1="$rss1" -v h0="$heap0" -v h1="$heap1" \
  -v warmup="$warmup_ms" -v rounds="$rounds" -v round_jits="$round_jits" -v ccpu="$cold_cpu" -v wcpu="$warm_cpu" -v cjit="$cold_jit" \
  -v crpc="$cold_rpc" -v cprefetch="$cold_prefetch" \
  -v cache="$cache_size" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
  printf "{\"files\":%d,\"ls_f_ms\":%d,\"ls_ms\":%d,\"ls_again_ms\":%d,\"ferry_ls_cold_ms\":%d,\"ferry_ls_warm_ms\":%d,", n, lsf, ls, ls2, cold, warm
  printf "\"master_cpu_cold_ms\":%d,\"master_jit_cpu_cold_ms\":%d,\"master_cpu_warm_ms\":%d,", ccpu, cjit, wcpu
  printf "\"master_rpc_cpu_cold_ms\":%d,\"master_prefetch_cpu_cold_ms\":%d,", crpc, cprefetch
  printf "\"jit_warmup_ms\":%d,\"jit_warmup_rounds\":%d,\"jit_warmup_cpu_ms\":[%s],", warmup, rounds, round_jits
  printf "\"ferry_ls_of_root_ms\":%d,\"cold_entries\":%d,\"warm_entries\":%d,", noop, cn, wn
  floor = ls < ls2 ? ls : ls2 # the faster `ls`: a loaded machine slows one run or the other
  printf "\"cold_over_ls\":%.1f,\"warm_over_ls\":%.1f,", cold / floor, warm / floor
  printf "\"master_rss_mb_before\":%.0f,\"master_rss_mb_after\":%.0f,", r0 / 1024, r1 / 1024
  printf "\"master_heap_bytes_per_inode\":%.0f,\"inode_cache_size\":%d,\"load_average\":%s}\n", (h1 - h0) * 1024 / n, cache, load }'
