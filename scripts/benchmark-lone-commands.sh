#!/usr/bin/env bash
# Wall time of the commands that need no cluster (plan, report, compare, gate, fit, fabric
# --preset, predict) launched alone: two binaries interleaved, 5 rounds, the median of each.
# Usage: scripts/benchmark-lone-commands.sh BEFORE_BINARY [AFTER_BINARY] (docs/PERFORMANCE.md, 11).
cd "$(dirname "$0")/.."
before="${1:?usage: benchmark-lone-commands.sh BEFORE_BINARY [AFTER_BINARY]}"
after="${2:-build/bin/commbench}"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
R=tests/data/reports
# Milliseconds one run takes, exit code aside (bad input is not what is timed here).
run() { local bin=$1; shift; local s=$(date +%s%N); "$bin" "$@" >/dev/null 2>&1; local e=$(date +%s%N); echo $(((e - s) / 1000000)); }
declare -A cmds=(
 [plan]="plan --workload resnet50 --fabric dgx-h100"
 [report]="report $R/collectives-cluster-a.json -o $scratch/r.html"
 [compare]="compare $R/collectives-cluster-a.json $R/collectives-cluster-b.json"
 [gate]="gate --spec tests/data/acceptance/cpu-local.json $R/collectives-cluster-a.json"
 [fit]="fit $R/collectives-cluster-a.json"
 [fabric]="fabric --preset dgx-h100"
 [predict]="predict allreduce --fabric dgx-h100")
for name in plan report compare gate fit fabric predict; do
  b=(); a=()
  for round in 1 2 3 4 5; do
    b+=($(run "$before" ${cmds[$name]}))
    a+=($(run "$after" ${cmds[$name]}))
  done
  mb=$(printf "%s\n" "${b[@]}" | sort -n | sed -n 3p); ma=$(printf "%s\n" "${a[@]}" | sort -n | sed -n 3p)
  printf "%-8s before %5d ms  after %5d ms\n" "$name" "$mb" "$ma"
done
