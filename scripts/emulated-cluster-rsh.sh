#!/usr/bin/env bash
# Open MPI's remote shell agent for the emulated cluster (scripts/emulated-cluster.sh): it
# stands in for ssh. mpirun calls it as
#     emulated-cluster-rsh.sh --name NAME [ssh options] HOST COMMAND WORDS...
# where HOST is an emulated host's address (10.77.0.N), hostname (NAME-hostN) or hostN.
# COMMAND WORDS are one shell command line, quoted for a remote shell as ssh would pass it,
# so they are joined and run by sh inside the host's network and UTS namespaces.
set -euo pipefail

fail() {
  echo "emulated-cluster-rsh: $*" >&2
  exit 255  # what ssh returns when it cannot reach the host, which Open MPI reports as such
}

[ "${1:-}" = --name ] && [ $# -ge 2 ] || fail "usage: $(basename "$0") --name NAME HOST COMMAND..."
name=$2
shift 2
# Open MPI may pass ssh options (e.g. -x) before the host; they mean nothing here.
while [ $# -gt 0 ] && [[ $1 == -* ]]; do shift; done
[ $# -ge 2 ] || fail "no host and command given"
host=$1
shift

case $host in
  10.77.0.*) n=${host#10.77.0.} ;;
  "$name"-host*) n=${host#"$name"-host} ;;
  host*) n=${host#host} ;;
  *) fail "'$host' is not a host of emulated cluster '$name'" ;;
esac
state=/run/commbench-cluster/$name
[[ $n =~ ^[1-9][0-9]*$ ]] && [ -f "$state/hosts" ] && [ "$n" -le "$(cat "$state/hosts")" ] ||
  fail "'$host' is not a host of emulated cluster '$name'"

# A fresh environment, as an ssh login would give, so that nothing of mpirun's own
# environment leaks to the remote daemon by accident; what ranks need travels with mpirun -x.
environment=(PATH="${PATH:-/usr/local/bin:/usr/bin:/bin}" HOME="${HOME:-/root}" USER="${USER:-$(id -un)}"
             LOGNAME="${LOGNAME:-$(id -un)}" SHELL=/bin/sh LANG=C.UTF-8)
if [ "$(id -u)" -eq 0 ]; then
  environment+=(OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1)
fi
exec nsenter --net="/run/netns/$name-host$n" --uts="$state/host$n.uts" -- \
  env -i "${environment[@]}" /bin/sh -c "$*"
