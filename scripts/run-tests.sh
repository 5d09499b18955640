#!/usr/bin/env bash
# Installs the dependencies, builds commbench with its tests, and runs every test, in stages:
#   1. build/: the GoogleTest unit tests and the MPI integration tests (real mpirun, 2 to 4 ranks);
#   2. build-asan/: the unit tests (fuzz seed and regression replays included) again under
#      AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer, where any finding fails;
#   3. build-fuzz/: each libFuzzer target for FUZZ_SECONDS (default 20) seconds
#      (scripts/run-fuzzers.sh).
# Each stage prints how long it took; the first failing stage stops the script.
set -euo pipefail
cd "$(dirname "$0")/.."

stage_start=$SECONDS
finish_stage() { echo "run-tests: stage '$1' passed in $((SECONDS - stage_start)) s"; stage_start=$SECONDS; }

bash scripts/install-deps.sh
finish_stage "install dependencies"

bash scripts/build.sh -DCOMMBENCH_BUILD_TESTS=ON
ctest --test-dir build --output-on-failure
finish_stage "build and all tests"

# Debug keeps compile time down; the sanitizers, not the optimiser, are the point here.
# float-cast-overflow is named because GCC's "undefined" leaves it out (Clang's includes it).
# Without the NCCL backend: the unit tests run no GPU code, and the CUDA runtime's own
# allocations are not ours to sanitize.
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCOMMBENCH_BUILD_TESTS=ON -DCOMMBENCH_WITH_NCCL=OFF \
  -DCOMMBENCH_SANITIZE=address,undefined,float-cast-overflow >/dev/null
cmake --build build-asan -j "$(nproc)" --target commbench_unit_tests report_loader_fuzz_replay \
  command_line_fuzz_replay size_parse_fuzz_replay fabric_loader_fuzz_replay workload_loader_fuzz_replay \
  acceptance_spec_fuzz_replay
ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:print_stacktrace=1:strict_string_checks=1 \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ctest --test-dir build-asan -L unit --output-on-failure
finish_stage "unit tests under sanitizers"

bash scripts/run-fuzzers.sh
finish_stage "fuzzers"
