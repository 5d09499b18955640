#!/usr/bin/env bash
# Benchmark for docs/PERFORMANCE.md: peak resident memory per rank (the largest over ranks,
# from the report's meta.peak_rss_bytes) for each collective and placement at one large
# size, against the same run at 8 bytes. Growth / size is the memory per byte of message.
# Usage: scripts/benchmark-memory.sh [RANKS] [SIZE]
set -euo pipefail
cd "$(dirname "$0")/.."
ranks=${1:-2}
size=${2:-64M}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
peak() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['meta']['peak_rss_bytes'])" "$1"; }
bytes=$(python3 -c "import sys; s=sys.argv[1]; m={'K':1<<10,'M':1<<20,'G':1<<30}; print(int(s[:-1])*m[s[-1]] if s[-1] in m else int(s))" "$size")
printf "%-14s %-13s %14s %14s %10s\n" collective placement "peak at 8 B" "peak at $size" "growth/size"
for collective in allreduce allgather reducescatter broadcast reduce alltoall sendrecv; do
  for placement in out-of-place in-place; do
    common=("$collective" -n 1 -w 0 -d int8 --placement "$placement")
    bash scripts/mpirun-local.sh "$ranks" build/bin/commbench "${common[@]}" -b 8 -e 8 -J "$work/small.json" >/dev/null
    bash scripts/mpirun-local.sh "$ranks" build/bin/commbench "${common[@]}" -b "$size" -e "$size" -J "$work/large.json" >/dev/null
    small=$(peak "$work/small.json")
    large=$(peak "$work/large.json")
    printf "%-14s %-13s %14d %14d %10.3f\n" "$collective" "$placement" "$small" "$large" \
      "$(python3 -c "print(($large - $small) / $bytes)")"
  done
done
