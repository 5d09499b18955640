#!/usr/bin/env bash
# scripts/acceptance-slurm.sbatch run by a real Slurm: a single-node cluster on this machine
# (slurmctld and slurmd as root, private config, state and ports under --workdir, no munge,
# no cgroups), the template submitted with sbatch --wait as a CPU job of 4 ranks, its results
# checked by check_acceptance_run.py, then the cluster taken down. Run it again and it
# starts over: daemons left by an earlier run of the same --workdir are stopped first.
#
#   tests/scripts/slurm_acceptance.sh --commbench build/bin/commbench --source-dir . --workdir DIR
#
# Needs root and the Debian packages slurmctld, slurmd and slurm-client (22.05 in bookworm;
# MPI through Slurm's pmix plugin and the system's Open MPI). Exit 77 (skipped) without them.
set -euo pipefail

commbench="" source_dir="" workdir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --commbench|--source-dir|--workdir)
      if [ $# -lt 2 ]; then echo "slurm_acceptance: $1 needs a value" >&2; exit 2; fi
      case "$1" in
        --commbench) commbench=$2 ;;
        --source-dir) source_dir=$2 ;;
        --workdir) workdir=$2 ;;
      esac
      shift 2 ;;
    *) echo "slurm_acceptance: unknown option '$1'" >&2; exit 2 ;;
  esac
done
if [ -z "$commbench" ] || [ -z "$source_dir" ] || [ -z "$workdir" ]; then
  echo "slurm_acceptance: --commbench, --source-dir and --workdir are required" >&2
  exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "slurm_acceptance: skipped: slurmd must run as root to start jobs" >&2
  exit 77
fi
for program in slurmctld slurmd sbatch sinfo scancel; do
  if ! command -v "$program" > /dev/null; then
    echo "slurm_acceptance: skipped: no $program (Debian: apt-get install slurmctld slurmd slurm-client)" >&2
    exit 77
  fi
done
commbench=$(cd "$(dirname "$commbench")" && pwd)/$(basename "$commbench")
source_dir=$(cd "$source_dir" && pwd)
mkdir -p "$workdir"
workdir=$(cd "$workdir" && pwd)
# Slurm's own files: a path without spaces, as slurm.conf has no quoting.
state=$workdir/slurm
case "$state" in *[[:space:]]*) echo "slurm_acceptance: --workdir must have no spaces" >&2; exit 2 ;; esac
export SLURM_CONF=$state/slurm.conf

# The pid of a daemon this script started here, if it still runs.
running() {
  local pid
  pid=$(cat "$state/$1.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$1" ] && echo "$pid"
}

# Stops the daemons this script started here (their pid files), never any other Slurm,
# after cancelling the jobs still in our cluster (a run cut short).
stop_daemons() {
  local daemon pid
  if running slurmctld > /dev/null && running slurmd > /dev/null; then
    scancel --full --partition=acceptance 2>/dev/null || true
    for _ in $(seq 30); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 1; done
  fi
  for daemon in slurmd slurmctld; do
    if pid=$(running "$daemon"); then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do [ -d "/proc/$pid" ] || break; sleep 0.2; done
      if [ -d "/proc/$pid" ]; then kill -9 "$pid" 2>/dev/null || true; fi
    fi
    rm -f "$state/$daemon.pid"
  done
}

show_logs() {
  local log
  for log in "$state"/log/*.log; do
    [ -f "$log" ] && { echo "--- $log (last lines)"; tail -n 20 "$log"; }
  done >&2
}

stop_daemons
rm -rf "$state"
mkdir -p "$state/spool" "$state/statesave" "$state/log"
trap 'stop_daemons' EXIT

node=$(hostname -s)
# Ports of their own, so that a Slurm already on this machine is left alone.
port=$((20000 + $$ % 20000))
# 8 CPUs on any machine (config_overrides: the configuration wins over the hardware), so the
# job's 4 ranks fit on a 2-core CI runner; Open MPI then cannot see the oversubscription, and
# OMPI_MCA_mpi_yield_when_idle below keeps its waiting ranks from spinning.
cat > "$SLURM_CONF" <<CONF
ClusterName=commbench-test
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
# One machine, one user: no munge daemon needed.
AuthType=auth/none
CredType=cred/none
StateSaveLocation=$state/statesave
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
# No cgroups: they are often not writable in containers.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
# srun starts Open MPI ranks through PMIx, as on most clusters.
MpiDefault=pmix
ReturnToService=2
NodeName=$node NodeAddr=127.0.0.1 CPUs=8 State=UNKNOWN
PartitionName=acceptance Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF

started=$SECONDS
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF" -N "$node"
until [ "$(sinfo -h -N -o %t 2>/dev/null)" = idle ]; do
  if [ $((SECONDS - started)) -gt 60 ]; then
    echo "slurm_acceptance: the node is not idle after 60 s: $(sinfo -N 2>&1 | tail -n 1)" >&2
    show_logs
    exit 1
  fi
  sleep 1
done
echo "slurm_acceptance: single-node Slurm up in $((SECONDS - started)) s"

# The CPU run of tests/scripts/CMakeLists.txt, in the template's environment variables;
# the sbatch options win over its #SBATCH lines (2 nodes of 8 GPUs).
export BACKEND=mpi FABRIC=cpu-cluster MAX_BYTES=1M ITERS=20 WORKLOAD=resnet50 GLOBAL_BATCH=256
export COMMBENCH=$commbench SUITE_ARGS="--linkcheck-args '--outlier-fraction 0.05 --latency-factor 1000'"
export OMPI_MCA_mpi_yield_when_idle=1
checker=$source_dir/tests/scripts/check_acceptance_run.py
specs=$source_dir/tests/data/acceptance
cd "$source_dir"
status=0

# A gate that passes: the job exits 0.
export SPEC=$specs/cpu-local.json OUT="$workdir/acceptance slurm"
python3 "$checker" --out "$OUT" --spec "$SPEC" --expect-exit 0 --expect-failures 0 -- \
  sbatch --wait --nodes=1 --ntasks-per-node=4 --gpus-per-task=0 --output="$workdir/pass-%j.out" \
  scripts/acceptance-slurm.sbatch || status=1

# A gate that fails: the job's exit code 1 reaches sbatch --wait, and so CI. Collectives
# only, so the linkcheck check fails closed too.
export SPEC=$specs/cpu-unreachable.json OUT="$workdir/acceptance slurm fails" MAX_BYTES=64K ITERS=5
export SUITE_ARGS="--no-linkcheck --no-scaling"
python3 "$checker" --out "$OUT" --spec "$SPEC" --expect-exit 1 --expect-failures 2 --expect-reports collectives -- \
  sbatch --wait --nodes=1 --ntasks-per-node=4 --gpus-per-task=0 --output="$workdir/fail-%j.out" \
  scripts/acceptance-slurm.sbatch || status=1

if [ "$status" -ne 0 ]; then
  for output in "$workdir"/pass-*.out "$workdir"/fail-*.out; do
    [ -f "$output" ] && { echo "--- $output (last lines)"; tail -n 30 "$output"; } >&2
  done
  show_logs
fi
echo "slurm_acceptance: done in $((SECONDS - started)) s"
exit "$status"
