#!/usr/bin/env bash
# mpirun for ranks on this machine: oversubscribes when there are more ranks than cores
# and, when run as root (containers, CI), sets what Open MPI needs to allow it.
# Usage: scripts/mpirun-local.sh RANKS COMMAND [ARGS...]
set -euo pipefail
ranks=$1
shift
if [ "$(id -u)" -eq 0 ]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
exec mpirun -np "$ranks" --oversubscribe "$@"
