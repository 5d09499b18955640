#!/usr/bin/env bash
# Installs the dependencies, builds commbench with its tests, and runs every test: the
# GoogleTest unit tests and the MPI integration tests (real mpirun, 2 to 4 ranks).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh -DCOMMBENCH_BUILD_TESTS=ON
ctest --test-dir build --output-on-failure
