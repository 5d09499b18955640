#!/usr/bin/env bash
# An emulated multi-host cluster on one Linux machine, for testing commbench across "hosts"
# without having several: each host is a network namespace plus a UTS namespace (its own
# hostname), all joined by a bridge in a separate switch namespace. docs/EMULATED_CLUSTER.md
# explains the design, the measured figures and the limits. Needs root, ip (iproute2),
# tc, unshare and nsenter (util-linux).
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly script_dir
readonly rsh_agent="$script_dir/emulated-cluster-rsh.sh"
# Each cluster is a closed world (its hosts reach only its own switch), so every cluster can
# use the same subnet; the name keeps their namespaces apart.
readonly subnet_prefix=10.77.0
readonly subnet="$subnet_prefix.0/24"
readonly state_root=/run/commbench-cluster
readonly max_hosts=64

usage() {
  cat <<EOF
Usage: $(basename "$0") COMMAND [OPTIONS]

An emulated cluster on this machine: K hosts, each a network namespace with its own
hostname (UTS namespace), joined by a bridge in a "switch" namespace. Needs root.

Commands:
  up K [--rate RATE] [--name NAME]   create hosts NAME-host1..K at $subnet_prefix.1..K; with
                                     --rate (tc syntax: 200mbit, 1gbit, 10mbps) every host's
                                     link is shaped by tbf in both directions. Fails if a
                                     cluster called NAME already exists.
  down [--name NAME]                 remove everything 'up' created; safe to repeat.
  run [--name NAME] -- MPIRUN_ARGS   run 'mpirun MPIRUN_ARGS' on host1; ranks on the other
                                     hosts start through the rsh agent (nsenter). Adds
                                     --hostfile (every host) unless the arguments name
                                     --hostfile, --host or -H.
  exec N [--name NAME] -- COMMAND    run COMMAND on host N (its network and hostname).
  shape N --rate RATE [--name NAME]  shape host N's link alone to RATE in both directions (tbf):
                                     a slow cable, NIC or port, for finding it with linkcheck.
  isolate N [--name NAME]            take host N's link down (a failed host or partition).
  restore N [--name NAME]            bring host N's link back up.
  hosts [--name NAME]                print the hostfile (one host address per line).
  hostfile [--name NAME]             print the hostfile's path.
  list                               print the names of the clusters that are up.

NAME: lower-case letters, digits and '-', starting with a letter, at most 20 characters;
default cb. State lives in $state_root/NAME.
EOF
}

fail_usage() {
  echo "emulated-cluster: $*" >&2
  exit 2
}

fail() {
  echo "emulated-cluster: $*" >&2
  exit 1
}

check_name() {
  [[ $1 =~ ^[a-z][a-z0-9-]{0,19}$ ]] ||
    fail_usage "--name '$1': use lower-case letters, digits and '-', starting with a letter, at most 20 characters"
}

# The rate in bits per second, from tc's units (bit = bits/s, bps = bytes/s).
rate_bits_per_second() {
  local rate=${1,,}
  [[ $rate =~ ^([0-9]+([.][0-9]+)?)([kmgt]?)(bit|bps)$ ]] ||
    fail_usage "--rate '$1': give a number with a tc unit: bit, kbit, mbit, gbit, bps, kbps, mbps, gbps (e.g. 200mbit)"
  local number=${BASH_REMATCH[1]} prefix=${BASH_REMATCH[3]} unit=${BASH_REMATCH[4]}
  awk -v n="$number" -v p="$prefix" -v u="$unit" 'BEGIN {
    scale = (p == "k") ? 1e3 : (p == "m") ? 1e6 : (p == "g") ? 1e9 : (p == "t") ? 1e12 : 1
    bits = n * scale * (u == "bps" ? 8 : 1)
    if (bits < 8000) exit 1
    printf "%.0f\n", bits }' || fail_usage "--rate '$1': at least 1kbps (8000 bit/s)"
}

check_host_number() {
  local count=$2
  [[ $1 =~ ^[1-9][0-9]*$ ]] && [ "$1" -le "$count" ] || fail_usage "host '$1': give a number from 1 to $count"
}

state_dir() { echo "$state_root/$1"; }
host_netns() { echo "$1-host$2"; }
switch_netns() { echo "$1-sw"; }
uts_file() { echo "$(state_dir "$1")/host$2.uts"; }

host_count() {
  local file
  file="$(state_dir "$1")/hosts"
  [ -f "$file" ] || fail "no cluster called '$1' (run: $(basename "$0") up K --name $1)"
  cat "$file"
}

# Every namespace this cluster may have left, whether or not its state directory survived.
cluster_netns() {
  ip netns list | awk '{print $1}' | grep -E "^$1-(sw|host[0-9]+)\$" || true
}

require_tools() {
  [ "$(id -u)" -eq 0 ] || fail "needs root (network and UTS namespaces)"
  local tool
  for tool in ip tc unshare nsenter mount umount; do
    command -v "$tool" >/dev/null || fail "'$tool' not found (Debian: iproute2, util-linux, mount)"
  done
}

# tbf on one interface. tc's rate counts every byte of the frame from the Ethernet header on,
# so TCP's goodput is at most 1448/1514 = 95.6% of it (MTU 1500, TCP timestamps), a little
# less when the link also carries the ACKs of traffic the other way.
# burst: the bucket must hold at least one whole GSO packet (up to 64 KiB arrive at once from
# veth), or tbf splits them and loses pacing accuracy; 64 KiB or 2 ms at the rate, whichever
# is larger. latency 5 ms: the queue (rate x 5 ms, 125 KB at 200mbit) absorbs TCP's bursts on
# a link whose round trip is otherwise 0.05 ms; a deeper one adds only delay, and with both
# directions busy the ACKs wait behind it. Measured bulk TCP goodput at 200mbit: 95% of the
# rate one way, 86-91% each way with both directions busy (docs/EMULATED_CLUSTER.md).
shape_link() {
  local netns=$1 device=$2 bits=$3
  local burst=$(( bits / 8 / 500 ))
  [ "$burst" -ge 65536 ] || burst=65536
  ip -n "$netns" link set "$device" txqueuelen 1000
  tc -n "$netns" qdisc replace dev "$device" root tbf rate "${bits}bit" burst "$burst" latency 5ms
}

cmd_up() {
  local count="" rate="" name=cb
  while [ $# -gt 0 ]; do
    case $1 in
      --rate) [ $# -ge 2 ] || fail_usage "--rate needs a value (e.g. 200mbit)"; rate=$2; shift 2 ;;
      --name) [ $# -ge 2 ] || fail_usage "--name needs a value"; name=$2; shift 2 ;;
      -*) fail_usage "up: unknown option '$1' (options: --rate RATE, --name NAME)" ;;
      *) [ -z "$count" ] || fail_usage "up: one host count, got '$count' and '$1'"; count=$1; shift ;;
    esac
  done
  [ -n "$count" ] || fail_usage "up: give the number of hosts, e.g. 'up 3'"
  [[ $count =~ ^[1-9][0-9]*$ ]] && [ "$count" -le $max_hosts ] ||
    fail_usage "up: host count '$count': give a number from 1 to $max_hosts"
  check_name "$name"
  local bits=""
  [ -z "$rate" ] || bits=$(rate_bits_per_second "$rate")
  require_tools

  local state
  state=$(state_dir "$name")
  if [ -e "$state" ] || [ -n "$(cluster_netns "$name")" ]; then
    fail "a cluster called '$name' already exists; run '$(basename "$0") down --name $name' first"
  fi
  # Half a cluster is worse than none: whatever fails from here on, remove what was made.
  # (An EXIT trap, not ERR: ERR is not inherited by functions, and set -e may exit there.)
  trap 'echo "emulated-cluster: up failed; removing what was created" >&2; cmd_down --name "$name" >/dev/null 2>&1 || true' EXIT

  mkdir -p "$state"
  # unshare can only bind a namespace file onto a mount that does not propagate (systemd
  # makes /run shared), so the state directory becomes its own private mount, as ip netns
  # does for /run/netns.
  mount --bind "$state" "$state"
  mount --make-private "$state"
  echo "$count" >"$state/hosts"
  echo "${rate:-none}" >"$state/rate"

  local sw
  sw=$(switch_netns "$name")
  ip netns add "$sw"
  ip -n "$sw" link set lo up
  # The bridge lives in its own namespace: a bridge in the root namespace passes through the
  # machine's netfilter rules (br_netfilter), which may drop or slow the cluster's traffic.
  ip -n "$sw" link add br0 type bridge stp_state 0 forward_delay 0
  ip -n "$sw" link set br0 up

  local n host
  : >"$state/hostfile"
  for n in $(seq 1 "$count"); do
    host=$(host_netns "$name" "$n")
    ip netns add "$host"
    ip -n "$host" link set lo up
    ip netns exec "$host" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    # At most 128 KiB of not-yet-sent data per socket: otherwise the kernel grows a socket's
    # buffer to megabytes, and on a slow link an MPI control message written after bulk data
    # waits for all of it (a sendrecv's two directions then take turns). Fast real links
    # drain such buffers in microseconds; this keeps the emulated ones in proportion.
    ip netns exec "$host" sysctl -qw net.ipv4.tcp_notsent_lowat=131072
    # Created inside the switch namespace with the peer placed straight into the host's, so
    # no interface name is ever taken in the root namespace (clusters cannot collide there).
    ip -n "$sw" link add "port$n" type veth peer name eth0 netns "$host"
    ip -n "$sw" link set "port$n" master br0 up
    ip -n "$host" addr add "$subnet_prefix.$n/24" dev eth0
    ip -n "$host" link set eth0 up
    if [ -n "$bits" ]; then
      shape_link "$host" eth0 "$bits"   # host -> switch
      shape_link "$sw" "port$n" "$bits"  # switch -> host: a full-duplex link at the rate
    fi
    touch "$(uts_file "$name" "$n")"
    unshare --uts="$(uts_file "$name" "$n")" hostname "$name-host$n"
    echo "# $name-host$n" >>"$state/hostfile"
    echo "$subnet_prefix.$n" >>"$state/hostfile"
  done
  trap - EXIT
  echo "emulated-cluster '$name' is up: $count hosts ($name-host1..$count at $subnet_prefix.1..$count)," \
       "link rate ${rate:-unshaped}; hostfile $state/hostfile"
}

cmd_down() {
  local name=cb
  while [ $# -gt 0 ]; do
    case $1 in
      --name) [ $# -ge 2 ] || fail_usage "--name needs a value"; name=$2; shift 2 ;;
      *) fail_usage "down: unknown argument '$1' (options: --name NAME)" ;;
    esac
  done
  check_name "$name"
  require_tools
  local netns pids
  for netns in $(cluster_netns "$name"); do
    # A process left inside keeps the namespace alive after 'ip netns del' (unnamed, but
    # still holding addresses and qdiscs), so the cluster's own processes go first.
    pids=$(ip netns pids "$netns" || true)
    if [ -n "$pids" ]; then
      # shellcheck disable=SC2086  # one word per process id
      kill -TERM $pids 2>/dev/null || true
      sleep 1
      pids=$(ip netns pids "$netns" || true)
      # shellcheck disable=SC2086
      [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
    fi
    ip netns del "$netns"
  done
  local state mount_point
  state=$(state_dir "$name")
  # Deepest first: the UTS namespace files, then the state directory's own bind mount.
  for mount_point in $(awk -v dir="$state" '$5 == dir || index($5, dir "/") == 1 {print $5}' /proc/self/mountinfo | sort -r); do
    umount "$mount_point"
  done
  rm -rf "$state"
  echo "emulated-cluster '$name' is down"
}

# Parses [--name NAME] [N] [-- COMMAND...] for the commands that address a cluster.
# Sets: name, host (when wants_host), rest (the words after --).
parse_target() {
  local wants_host=$1 command=$2
  shift 2
  name=cb host="" rest=()
  while [ $# -gt 0 ]; do
    case $1 in
      --name) [ $# -ge 2 ] || fail_usage "--name needs a value"; name=$2; shift 2 ;;
      --) shift; rest=("$@"); break ;;
      -*) fail_usage "$command: unknown option '$1'" ;;
      *)
        [ "$wants_host" = yes ] && [ -z "$host" ] || fail_usage "$command: unexpected argument '$1'"
        host=$1; shift ;;
    esac
  done
  check_name "$name"
  require_tools
  if [ "$wants_host" = yes ]; then
    [ -n "$host" ] || fail_usage "$command: give a host number"
    check_host_number "$host" "$(host_count "$name")"
  fi
}

# Enters host N's network and UTS namespaces.
enter_host() {
  local name=$1 n=$2
  shift 2
  exec nsenter --net="/run/netns/$(host_netns "$name" "$n")" --uts="$(uts_file "$name" "$n")" -- "$@"
}

cmd_run() {
  parse_target no run "$@"
  [ ${#rest[@]} -gt 0 ] || fail_usage "run: give mpirun's arguments after --, e.g. run -- -np 4 build/bin/commbench all"
  host_count "$name" >/dev/null
  command -v mpirun >/dev/null || fail "mpirun not found (Debian: openmpi-bin)"
  local word wants_hostfile=yes
  for word in "${rest[@]}"; do
    case $word in --hostfile|--machinefile|-hostfile|-machinefile|--host|-host|-H) wants_hostfile=no ;; esac
  done
  local hostfile_args=()
  [ "$wants_hostfile" = no ] || hostfile_args=(--hostfile "$(state_dir "$name")/hostfile")
  if [ "$(id -u)" -eq 0 ]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  fi
  # Open MPI's settings go in as environment variables rather than --mca flags, so that a
  # --mca in MPIRUN_ARGS overrides them instead of being refused as a duplicate.
  # The agent stands in for ssh; no tree spawn, so every daemon is started from host1.
  export OMPI_MCA_plm_rsh_agent="$rsh_agent --name $name"
  export OMPI_MCA_plm_rsh_no_tree_spawn=1
  # Only the cluster's subnet, for both Open MPI's runtime (oob) and MPI traffic (btl tcp),
  # so ranks on different hosts really cross the emulated links; vader (shared memory)
  # carries traffic between ranks on the same host, as on a real cluster. ob1 is named so
  # that UCX, which would find its own way between processes of one kernel, stays out.
  export OMPI_MCA_oob_tcp_if_include="$subnet"
  export OMPI_MCA_btl_tcp_if_include="$subnet"
  export OMPI_MCA_btl=tcp,vader,self
  export OMPI_MCA_pml=ob1
  # Every emulated host has the same cores, and each host's daemon binds its ranks from core
  # 0 up, so ranks of different hosts would share cores and take turns (measured: 8 ms per
  # small sendrecv between two hosts instead of 0.05 ms). No binding lets the kernel spread them.
  export OMPI_MCA_hwloc_base_binding_policy=none
  # For the same reason a host with no more ranks than cores does not make the machine so:
  # ranks that spin without yielding starve the one whose data has arrived (measured with 3
  # hosts x 2 ranks on 2 cores: 24 ms per small allreduce, 1 to 2 ms with yielding).
  export OMPI_MCA_mpi_yield_when_idle=1
  # The TCP BTL's default flags include "put": after the rendezvous, the rest of a large
  # message goes as one fragment, and a control message queued behind it on the same
  # connection waits until it has crossed the link. On a slow link, the two directions of a
  # sendrecv then take turns in about half the runs (measured: 4 MiB at 200mbit took either
  # 0.18 s or 0.35 s). Without "put", large messages go in 128 KiB fragments that control
  # messages can pass, and both directions flow at once.
  export OMPI_MCA_btl_tcp_flags=send,inplace,need-ack,need-csum,hetero-rdma
  enter_host "$name" 1 mpirun "${hostfile_args[@]}" "${rest[@]}"
}

cmd_exec() {
  parse_target yes exec "$@"
  [ ${#rest[@]} -gt 0 ] || fail_usage "exec: give the command after --, e.g. exec 2 -- hostname"
  enter_host "$name" "$host" "${rest[@]}"
}

set_link() {
  local state=$1
  shift
  parse_target yes "$@"
  [ ${#rest[@]} -eq 0 ] || fail_usage "unexpected arguments: ${rest[*]}"
  # Both ends, like a pulled cable: the host sees its carrier go, and the switch stops
  # forwarding to it.
  ip -n "$(host_netns "$name" "$host")" link set eth0 "$state"
  ip -n "$(switch_netns "$name")" link set "port$host" "$state"
  if [ "$state" = up ]; then
    # Taking a link down drops its prefix route; it comes back with the link, but only
    # once the address is re-announced, so wait for it rather than race the next command.
    local _
    for _ in $(seq 50); do
      ip -n "$(host_netns "$name" "$host")" route show "$subnet" | grep -q . && break
      sleep 0.1
    done
  fi
  echo "emulated-cluster '$name': host $host link $state"
}

cmd_shape() {
  local rate="" arguments=()
  while [ $# -gt 0 ]; do
    case $1 in
      --rate) [ $# -ge 2 ] || fail_usage "--rate needs a value (e.g. 200mbit)"; rate=$2; shift 2 ;;
      *) arguments+=("$1"); shift ;;
    esac
  done
  [ -n "$rate" ] || fail_usage "shape: give --rate RATE (e.g. 200mbit)"
  local bits
  bits=$(rate_bits_per_second "$rate")
  parse_target yes shape "${arguments[@]}"
  [ ${#rest[@]} -eq 0 ] || fail_usage "unexpected arguments: ${rest[*]}"
  shape_link "$(host_netns "$name" "$host")" eth0 "$bits"     # host -> switch
  shape_link "$(switch_netns "$name")" "port$host" "$bits"    # switch -> host
  echo "emulated-cluster '$name': host $host link shaped to $rate"
}

cmd_hosts() {
  parse_target no hosts "$@"
  host_count "$name" >/dev/null
  grep -v '^#' "$(state_dir "$name")/hostfile"
}

cmd_hostfile() {
  parse_target no hostfile "$@"
  host_count "$name" >/dev/null
  echo "$(state_dir "$name")/hostfile"
}

cmd_list() {
  [ $# -eq 0 ] || fail_usage "list takes no arguments"
  [ -d "$state_root" ] || return 0
  local dir
  for dir in "$state_root"/*/; do
    [ -f "$dir/hosts" ] && basename "$dir"
  done
  return 0
}

main() {
  [ $# -gt 0 ] || { usage >&2; exit 2; }
  local command=$1
  shift
  case $command in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    run) cmd_run "$@" ;;
    exec) cmd_exec "$@" ;;
    shape) cmd_shape "$@" ;;
    isolate) set_link down isolate "$@" ;;
    restore) set_link up restore "$@" ;;
    hosts) cmd_hosts "$@" ;;
    hostfile) cmd_hostfile "$@" ;;
    list) cmd_list "$@" ;;
    -h|--help|help) usage ;;
    *) fail_usage "unknown command '$command' (commands: up, down, run, exec, shape, isolate, restore, hosts, hostfile, list; --help)" ;;
  esac
}

main "$@"
