#!/usr/bin/env bash
# The TLS/plaintext ratios of a bench-tls.sh run, per round and their median, as Markdown tables.
#   integration-tests/scripts/bench-tls-summary.sh OUT_DIR
set -euo pipefail
OUT="$1"
slurp() { # name file: --slurpfile name file (an empty list where the run made no such file)
  if [[ -f "$OUT/$2" ]]; then echo --slurpfile "$1" "$OUT/$2"; else echo --argjson "$1" '[]'; fi
}
# shellcheck disable=SC2046 # slurp prints jq's words
jq -nr $(slurp plain read-grpc.jsonl) $(slurp tls read-grpc-tls.jsonl) $(slurp secure read-secure.jsonl) \
  $(slurp mplain meta-plain.jsonl) $(slurp mtls meta-tls.jsonl) $(slurp msecure meta-secure.jsonl) '
  def median: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor]
    else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  def f($d): if . == null then "–" else (. * pow(10; $d) | round) / pow(10; $d) | tostring end;
  def in_round($r): map(select(.round == $r))[0];
  def loads(runs): runs | map(select(. != null) | .load) | "\(min | f(1))–\(max | f(1))";
  def read_row($r): ($plain | in_round($r)) as $p | ($tls | in_round($r)) as $t | ($secure | in_round($r)) as $s
    | {round: $r, loads: loads([$p, $t, $s]), p: $p, t: $t, s: $s,
       ratio: (if $p and $t then $t.warm_ufs_ratio / $p.warm_ufs_ratio else null end),
       mbps: (if $p and $t then $t.warm_mbps / $p.warm_mbps else null end),
       secure: (if $p and $s then $s.warm_ufs_ratio / $p.warm_ufs_ratio else null end)};
  def cell(run): if run then "\(run.warm_ufs_ratio | f(3)) (\(run.warm_mbps | f(0)))" else "–" end;
  def meta_row($r): ($mplain | in_round($r)) as $p | ($mtls | in_round($r)) as $t | ($msecure | in_round($r)) as $s
    | {round: $r, loads: loads([$p, $t, $s]), p: $p.getStatus.ops_per_s, t: $t.getStatus.ops_per_s,
       s: $s.getStatus.ops_per_s}
    | .tls = (if .p and .t then .t / .p else null end) | .checks = (if .t and .s then .s / .t else null end);
  ([$plain[].round] | unique) as $rounds
  | [$rounds[] | read_row(.)] as $reads
  | "| round | load | gRPC warm/UFS (MB/s) | TLS warm/UFS (MB/s) | **TLS / gRPC** | in MB/s | `--secure` warm/UFS (MB/s) | `--secure` / gRPC |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ($reads[] | "| \(.round) | \(.loads) | \(cell(.p)) | \(cell(.t)) | **\(.ratio | f(2))** | \(.mbps | f(2)) | \(cell(.s)) | \(.secure | f(2)) |"),
    "| **median** | | | | **\([$reads[].ratio | select(. != null)] | median | f(2))** | \([$reads[].mbps | select(. != null)] | median | f(2)) | | \([$reads[].secure | select(. != null)] | median | f(2)) |",
    (if ($mplain | length) > 0 then
      ([$rounds[] | meta_row(.)] as $metas
      | "",
        "| round | load | getStatus/s plain | TLS | `--secure` | **TLS / plain** | **`--secure` / TLS** (permission checks) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
        ($metas[] | "| \(.round) | \(.loads) | \(.p | f(0)) | \(.t | f(0)) | \(.s | f(0)) | **\(.tls | f(2))** | **\(.checks | f(2))** |"),
        "| **median** | | | | | **\([$metas[].tls | select(. != null)] | median | f(2))** | **\([$metas[].checks | select(. != null)] | median | f(2))** |")
    else empty end)'
