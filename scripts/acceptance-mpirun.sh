#!/usr/bin/env bash
# The acceptance suite (scripts/acceptance-suite.sh) launched with mpirun from the node this
# runs on. Example, 2 DGX-H100 nodes:
#   scripts/acceptance-mpirun.sh --np 16 --npernode 8 --hostfile hosts --backend nccl \
#       --spec docs/examples/dgx-h100-acceptance.json --fabric dgx-h100 --out acceptance
# Every option other than --np, --npernode, --hostfile and --mpirun-args goes to the suite.
# --mpirun-args "..." adds mpirun options, as shell words (e.g. "--oversubscribe" for more
# ranks than cores, "--mca btl tcp,self"). The exit code is the suite's.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
np="" npernode="" hostfile="" mpirun_args=""
suite_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --np|--npernode|--hostfile|--mpirun-args)
      if [ $# -lt 2 ]; then echo "acceptance-mpirun: $1 needs a value" >&2; exit 2; fi
      case "$1" in
        --np) np=$2 ;;
        --npernode) npernode=$2 ;;
        --hostfile) hostfile=$2 ;;
        --mpirun-args) mpirun_args=$2 ;;
      esac
      shift 2 ;;
    *) suite_args+=("$1"); shift ;;
  esac
done
if [ -z "$np" ]; then
  echo "acceptance-mpirun: --np RANKS is required (also: --npernode N, --hostfile FILE, --mpirun-args \"...\", and the options of scripts/acceptance-suite.sh --help)" >&2
  exit 2
fi
# Open MPI refuses to run as root unless both are set (containers, CI); they change nothing
# otherwise, and mpirun passes OMPI_* variables on to the ranks of every node.
if [ "$(id -u)" -eq 0 ]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
# The suite splits --launch into words as the shell does: quote what we add (%q), so that
# a hostfile path with spaces stays one word; --mpirun-args is shell words already.
launch="mpirun -np $(printf %q "$np")"
[ -n "$npernode" ] && launch+=" -npernode $(printf %q "$npernode")"
[ -n "$hostfile" ] && launch+=" --hostfile $(printf %q "$hostfile")"
[ -n "$mpirun_args" ] && launch+=" $mpirun_args"
exec bash "$script_dir/acceptance-suite.sh" --launch "$launch" ${suite_args[@]+"${suite_args[@]}"}
