#!/usr/bin/env bash
# Installs the dependencies, builds commbench, and runs the default suite (every collective,
# 8 B to 32 MiB, verified) on local ranks: as many as there are cores, at least 2.
# Writes the JSON report to commbench-report.json (or the path given as the first argument).
set -euo pipefail
cd "$(dirname "$0")/.."
report=${1:-commbench-report.json}
bash scripts/install-deps.sh
bash scripts/build.sh
ranks=$(nproc)
[ "$ranks" -ge 2 ] || ranks=2
bash scripts/mpirun-local.sh "$ranks" build/bin/commbench all -b 8 -e 32M -f 2 -J "$report"
echo "commbench: report written to $(realpath "$report")"
