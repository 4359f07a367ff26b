#!/usr/bin/env bash
# Simulated hosts on this machine, for tests across hosts (root only): each
# host is a network namespace with its own address on one isolated bridge.
#
#   hosts.sh up N              makes hosts 1..N (after removing any left over
#                              with the same prefix); prints "NAME ADDRESS" per host
#   hosts.sh down              removes them: kills what still runs in them,
#                              deletes namespaces, links, bridge, hosts files.
#                              Idempotent; also cleans up after a failed run
#   hosts.sh exec HOST CMD...  runs CMD on HOST (in its namespace, with its own
#                              host name: `hostname` answers HOST's name)
#   hosts.sh cut HOST [--off-bridge]
#                              cuts HOST's link with silent loss (no RST, no
#                              ICMP): its veth goes down, or with --off-bridge
#                              stays up but is taken off the bridge
#   hosts.sh cut HOST --from OTHER
#                              cuts HOST from OTHER only, silently both ways;
#                              both keep every other link (not with `shape` on
#                              either of them)
#   hosts.sh heal HOST         puts the link back on the bridge, up, and lifts
#                              the cuts between HOST and other hosts
#   hosts.sh shape HOST RATE   limits HOST's link to RATE (tc tbf, e.g. 1gbit)
#                              both ways; RATE "off" removes the limit
#   hosts.sh traffic HOST      bytes HOST received and sent: "RX TX"
#
# HOST is a host's name or its number (1..N). Host i is named
# "$SIM_HOSTS_PREFIX-host<i>", has address 198.18.<i/256>.<i%256>/15
# (the benchmarking range) and is known by that name in every host's
# /etc/hosts (/etc/netns/NAME/hosts). There is no default route, no
# forwarding and no NAT: traffic never leaves the bridge, whose own side has
# no address. SIM_HOSTS_PREFIX (default "fy", at most 8 characters) names
# the bridge (PREFIX-br), the host-side links (PREFIX-vI) and the namespaces,
# so runs with different prefixes on one machine never collide. (Not a
# FERRY_* variable: those are Ferry configuration keys, and commands run by
# `exec` inherit the environment.)
set -euo pipefail

PREFIX="${SIM_HOSTS_PREFIX:-fy}"
BRIDGE="$PREFIX-br"
MAX_HOSTS=250

die() { echo "hosts.sh: $*" >&2; exit 1; }

[[ "$PREFIX" =~ ^[a-z][a-z0-9]{0,7}$ ]] \
  || die "SIM_HOSTS_PREFIX '$PREFIX' must be 1-8 lower-case letters or digits, starting with a letter"

host_name() { echo "$PREFIX-host$1"; }
host_address() { echo "198.18.$(($1 / 256)).$(($1 % 256))"; }
host_link() { echo "$PREFIX-v$1"; }   # the bridge's side of host i's veth pair

# The number of a host given by name or number; fails for a host that does not exist.
host_index() {
  local i="$1"
  if [[ ! "$i" =~ ^[0-9]+$ ]]; then
    [[ "$1" =~ ^$PREFIX-host([0-9]+)$ ]] || die "no such host: $1"
    i="${BASH_REMATCH[1]}"
  fi
  ip netns list | grep -qx "$(host_name "$i")\( (id: [0-9]*)\)\?" || die "no such host: $1 (not up?)"
  echo "$i"
}

our_namespaces() { ip netns list | awk '{print $1}' | grep -E "^$PREFIX-host[0-9]+$" || true; }

down() {
  local ns pids
  for ns in $(our_namespaces); do
    pids="$(ip netns pids "$ns" || true)"
    if [[ -n "$pids" ]]; then
      kill -TERM $pids 2>/dev/null || true
      for _ in $(seq 50); do
        [[ -z "$(ip netns pids "$ns" || true)" ]] && break
        sleep 0.1
      done
      pids="$(ip netns pids "$ns" || true)"
      [[ -z "$pids" ]] || kill -KILL $pids 2>/dev/null || true
    fi
    ip netns delete "$ns" 2>/dev/null || true   # deletes the veth pair with it
  done
  local link
  for link in $(ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | grep -E "^$PREFIX-v[0-9]+$" || true); do
    ip link delete "$link" 2>/dev/null || true
  done
  ip link delete "$BRIDGE" 2>/dev/null || true
  rm -rf /etc/netns/"$PREFIX"-host*
}

up() {
  local n="$1" i ns
  [[ "$n" =~ ^[0-9]+$ ]] && ((n >= 1 && n <= MAX_HOSTS)) || die "up: N must be 1..$MAX_HOSTS, not '$n'"
  down
  trap 'down; die "up failed; everything removed"' ERR
  ip link add "$BRIDGE" type bridge
  ip link set "$BRIDGE" up
  local hosts_file
  hosts_file="$(printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n'
    for i in $(seq "$n"); do printf '%s\t%s\n' "$(host_address "$i")" "$(host_name "$i")"; done)"
  for i in $(seq "$n"); do
    ns="$(host_name "$i")"
    ip netns add "$ns"
    mkdir -p "/etc/netns/$ns"
    echo "$hosts_file" > "/etc/netns/$ns/hosts"
    # no name server: a name that is not in the hosts file fails at once, never leaves the host
    : > "/etc/netns/$ns/resolv.conf"
    ip link add "$(host_link "$i")" type veth peer name eth0 netns "$ns"
    ip link set "$(host_link "$i")" master "$BRIDGE" up
    ip netns exec "$ns" sysctl -q -w net.ipv4.ip_forward=0 net.ipv6.conf.all.disable_ipv6=1
    ip -n "$ns" link set lo up
    ip -n "$ns" addr add "$(host_address "$i")/15" dev eth0
    ip -n "$ns" link set eth0 up
  done
  trap - ERR
  for i in $(seq "$n"); do echo "$(host_name "$i") $(host_address "$i")"; done
}

run_on() {
  local i
  i="$(host_index "$1")"
  shift
  [[ $# -gt 0 ]] || die "exec: no command"
  # a UTS namespace of its own gives the host its name; the network namespace gives its address.
  # FERRY_CLI_DAEMON=0: bin/ferry's CLI daemon is shared through a socket file, so one started on
  # another host (or outside) would run this host's commands in its own network namespace
  FERRY_CLI_DAEMON=0 exec ip netns exec "$(host_name "$i")" unshare --uts -- sh -c 'hostname "$0" && exec "$@"' "$(host_name "$i")" "$@"
}

cut() {
  local i
  i="$(host_index "$1")"
  case "${2:-}" in
    "") ip link set "$(host_link "$i")" down ;;
    --off-bridge) ip link set "$(host_link "$i")" nomaster ;;
    --from) [[ -n "${3:-}" ]] || die "cut: --from needs a host"
      starve "$i" "$(host_index "$3")"
      starve "$(host_index "$3")" "$i" ;;
    *) die "cut: unknown mode '$2' (--off-bridge or --from HOST)" ;;
  esac
}

# What host $1 sends to host $2 is lost without a trace. This kernel has neither netem nor
# iptables nor tc's drop action, so a u32 filter puts those packets in an htb class that passes
# one byte a second; the filter's priority is host $2's number, which `heal` removes it by.
starve() {
  local ns
  ns="$(host_name "$1")"
  if ! tc -n "$ns" qdisc show dev eth0 | grep -q '^qdisc htb 1: root'; then
    tc -n "$ns" qdisc add dev eth0 root handle 1: htb default 10 r2q 100000 \
      || die "cut --from: $ns's link has a queueing discipline already (shape it off first)"
    tc -n "$ns" class add dev eth0 parent 1: classid 1:10 htb rate 100gbit
    tc -n "$ns" class add dev eth0 parent 1: classid 1:20 htb rate 8bit ceil 8bit burst 1 cburst 1 2>/dev/null
  fi
  tc -n "$ns" filter replace dev eth0 parent 1: protocol ip prio "$2" u32 \
    match ip dst "$(host_address "$2")/32" flowid 1:20
}

heal() {
  local i ns
  i="$(host_index "$1")"
  ip link set "$(host_link "$i")" master "$BRIDGE" up
  for ns in $(our_namespaces); do
    if [[ "$ns" == "$(host_name "$i")" ]]; then
      if tc -n "$ns" qdisc show dev eth0 | grep -q '^qdisc htb 1: root'; then
        tc -n "$ns" qdisc del dev eth0 root
      fi
    else
      tc -n "$ns" filter del dev eth0 parent 1: prio "$i" 2>/dev/null || true
    fi
  done
}

shape() {
  local i ns
  i="$(host_index "$1")"
  ns="$(host_name "$i")"
  if [[ "$2" == off ]]; then
    tc qdisc del dev "$(host_link "$i")" root 2>/dev/null || true
    tc -n "$ns" qdisc del dev eth0 root 2>/dev/null || true
  else
    # tbf on each side shapes what leaves it: the bridge's side toward the host, eth0 from it
    tc qdisc replace dev "$(host_link "$i")" root tbf rate "$2" burst 1mb latency 50ms
    tc -n "$ns" qdisc replace dev eth0 root tbf rate "$2" burst 1mb latency 50ms
  fi
}

traffic() {
  local i stats
  i="$(host_index "$1")"
  stats="/sys/class/net/$(host_link "$i")/statistics"
  # the bridge's side sends what the host receives
  echo "$(cat "$stats/tx_bytes") $(cat "$stats/rx_bytes")"
}

[[ $(id -u) -eq 0 ]] || die "needs root (network namespaces and a bridge)"
case "${1:-}" in
  up) [[ $# -eq 2 ]] || die "usage: hosts.sh up N"; up "$2" ;;
  down) down ;;
  exec) [[ $# -ge 3 ]] || die "usage: hosts.sh exec HOST CMD..."; shift; run_on "$@" ;;
  cut) [[ $# -ge 2 ]] || die "usage: hosts.sh cut HOST [--off-bridge | --from OTHER]"; cut "$2" "${3:-}" "${4:-}" ;;
  heal) [[ $# -eq 2 ]] || die "usage: hosts.sh heal HOST"; heal "$2" ;;
  shape) [[ $# -eq 3 ]] || die "usage: hosts.sh shape HOST RATE|off"; shape "$2" "$3" ;;
  traffic) [[ $# -eq 2 ]] || die "usage: hosts.sh traffic HOST"; traffic "$2" ;;
  *) die "usage: hosts.sh up N | down | exec HOST CMD... | cut HOST [--off-bridge | --from OTHER] | heal HOST | shape HOST RATE|off | traffic HOST" ;;
esac
