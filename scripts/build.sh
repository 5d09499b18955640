#!/usr/bin/env bash
# Configures and builds commbench into build/ (binaries in build/bin/).
# Extra arguments go to the CMake configure step, e.g. -DCOMMBENCH_WITH_NCCL=OFF.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build -j "$(nproc)"
