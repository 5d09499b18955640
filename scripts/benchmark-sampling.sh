#!/usr/bin/env bash
# Benchmark for docs/PERFORMANCE.md: wall time and precision of one sweep with -n auto
# against fixed iteration counts, run one after another in the same session.
# Usage: scripts/benchmark-sampling.sh [RANKS] [extra commbench flags...]
# Precision of a row = the larger distance from the median to an end of its 95% interval,
# relative to the median (what -n auto aims to bring under 1%).
set -euo pipefail
cd "$(dirname "$0")/.."
ranks=${1:-2}
shift || true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf "%-10s %9s %6s %12s %12s %12s %14s\n" "-n" "wall (s)" "rows" "median prec" "p90 prec" "worst prec" "rows <= 1%"
for iterations in 20 100 1000 auto; do
  start=$(date +%s.%N)
  bash scripts/mpirun-local.sh "$ranks" build/bin/commbench allreduce -n "$iterations" -J "$work/$iterations.json" "$@" >/dev/null
  end=$(date +%s.%N)
  python3 - "$work/$iterations.json" "$iterations" "$start" "$end" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
precisions = sorted(max(r["stats_s"]["median"] - r["stats_s"]["median_ci95_low"],
                        r["stats_s"]["median_ci95_high"] - r["stats_s"]["median"]) / r["stats_s"]["median"]
                    for r in report["results"])
n = len(precisions)
within = sum(p <= 0.01 for p in precisions)
print(f"{sys.argv[2]:<10} {float(sys.argv[4]) - float(sys.argv[3]):9.1f} {n:6d} {100 * precisions[n // 2]:11.2f}% "
      f"{100 * precisions[int(0.9 * (n - 1))]:11.2f}% {100 * precisions[-1]:11.2f}% {within:8d} of {n}")
PY
done
