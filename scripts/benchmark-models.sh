#!/usr/bin/env bash
# Benchmark for docs/PERFORMANCE.md: how well the cost models predict the explicit algorithms
# on this machine's local ranks. `commbench fabric` measures the point-to-point figures and
# the reduction rate on RANKS ranks, from 8 B up (latency from the smallest sizes, bandwidth
# from the largest, docs/MODELS.md; --accept-poor-fit: a busy machine's times may scatter
# beyond the fit bound, and this benchmark reports how well the model does all the same);
# then every explicit algorithm runs from 64 KiB up with that fabric, and the median
# |predicted - measured| / measured time per algorithm is printed, with the worst size.
# Usage: scripts/benchmark-models.sh [RANKS] [MAX_BYTES]
set -euo pipefail
cd "$(dirname "$0")/.."
ranks=${1:-2}
max_bytes=${2:-16M}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash scripts/mpirun-local.sh "$ranks" build/bin/commbench fabric -b 8 -e "$max_bytes" -f 2 -n 20 -w 3 \
  --accept-poor-fit -J "$work/fabric.json" >/dev/null
bash scripts/mpirun-local.sh "$ranks" build/bin/commbench all --algo ring,recursive-doubling,rabenseifner,binomial,hierarchical \
  -b 64K -e "$max_bytes" -f 2 -n 20 -w 3 --placement out-of-place --fabric "$work/fabric.json" \
  -J "$work/run.json" >/dev/null
python3 - "$work/fabric.json" "$work/run.json" "$ranks" <<'PY'
import json, statistics, sys
fabric, report, ranks = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
tier = fabric["tiers"][0]
print(f"{ranks} ranks; fitted {tier['name']}: latency {tier['latency']['value'] * 1e6:.2f} us, "
      f"bandwidth {tier['link_bandwidth']['value'] / 1e9:.2f} GB/s; "
      f"reduction {fabric['reduction_bandwidth']['value'] / 1e9:.2f} GB/s")
print(f"{'collective':<14} {'algorithm':<20} {'rows':>4} {'median |err|':>13} {'p90 |err|':>10} {'signed median':>14} "
      f"{'worst size':>12} {'worst err':>10}")
groups = {}
for row in report["results"]:
    if row["status"] == "ok" and "prediction" in row:
        groups.setdefault((row["collective"], row["algorithm"]), []).append(row)
for group in report["model"]["accuracy"]:
    rows = groups[(group["collective"], group["algorithm"])]
    worst = max(rows, key=lambda r: abs(r["prediction"]["relative_error"]))
    signed = statistics.median(r["prediction"]["relative_error"] for r in rows)
    print(f"{group['collective']:<14} {group['algorithm']:<20} {group['rows']:>4} "
          f"{100 * group['median_abs_relative_error']:12.1f}% {100 * group['p90_abs_relative_error']:9.1f}% "
          f"{100 * signed:+13.1f}% {worst['bytes']:>12} {100 * worst['prediction']['relative_error']:+9.1f}%")
PY
