#!/usr/bin/env bash
# Benchmark for docs/PERFORMANCE.md ("Reading large reports"): time and peak resident memory
# of the commands that read reports (report in each --format, compare, fit, gate) on
# collectives reports of 10^3, 10^4 and 10^5 rows written by tests/integration/big_report.py
# (indented, as commbench writes them). Each command runs once as a singleton (no mpirun),
# under /usr/bin/time -v. Several binaries (comma-separated) run each command one after the
# other on the same file, so that before and after are measured side by side.
# Wall time and CPU time (user + system) are both printed: on a shared host the wall time
# measures the host's load too. Peak RSS in MB of 10^6 bytes.
# Usage: scripts/benchmark-reports.sh [COMMBENCH[,COMMBENCH...]] [ROWS...]
set -euo pipefail
cd "$(dirname "$0")/.."
IFS=, read -r -a binaries <<<"${1:-build/bin/commbench}"
shift || true
rows=("$@")
[ ${#rows[@]} -gt 0 ] || rows=(1000 10000 100000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
spec=docs/examples/dgx-h100-acceptance.json
measure() {  # label, command...: prints seconds and peak RSS in MB
  local label=$1
  shift
  local binary=$1
  /usr/bin/time -v "$@" >"$work/out" 2>"$work/time" || true
  local seconds kb cpu
  seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$work/time")
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$work/time")
  printf "%8s  %-26s %-32s %8.2f s %8.2f s %8.0f MB\n" "$n" "$label" "$binary" "$seconds" "$cpu" \
    "$(python3 -c "print($kb * 1024 / 1e6)")"
}
printf "%8s  %-26s %-32s %10s %10s %11s\n" rows command binary wall CPU "peak RSS"
for n in "${rows[@]}"; do
  python3 tests/integration/big_report.py "$n" "$work/r.json" --indent
  for binary in "${binaries[@]}"; do
    measure "report --format html" "$binary" report "$work/r.json" --format html -o "$work/r.html"
    measure "report --format markdown" "$binary" report "$work/r.json" --format markdown -o "$work/r.md"
    measure "report --format prometheus" "$binary" report "$work/r.json" --format prometheus -o "$work/r.prom"
    measure "compare" "$binary" compare "$work/r.json" "$work/r.json"
    measure "fit" "$binary" fit "$work/r.json" -J "$work/fit.json"
    measure "gate" "$binary" gate --spec "$spec" "$work/r.json"
  done
done
