#!/usr/bin/env bash
# Configures and builds commbench, in one of two build directories:
#   build.sh [ARGS]             build/: Release, everything (binaries in build/bin/).
#   build.sh --sanitize [ARGS]  build-sanitize/: Clang with AddressSanitizer (LeakSanitizer
#                               included) and UndefinedBehaviorSanitizer, assertions on, and
#                               libFuzzer's coverage instrumentation; only the unit tests and
#                               the fuzzers (scripts/run-tests.sh, scripts/run-fuzzers.sh).
# ARGS: --target NAME (repeatable) builds only those targets; anything else goes to the CMake
# configure step, e.g. -DCOMMBENCH_WITH_NCCL=OFF. Compiles go through ccache when it is
# installed (cmake/CommbenchCompilerCache.cmake says why that is safe).
set -euo pipefail
cd "$(dirname "$0")/.."

sanitize=0
if [ "${1:-}" = "--sanitize" ]; then
  sanitize=1
  shift
fi
configure_args=()
build_args=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--target" ] && [ $# -ge 2 ]; then
    build_args+=(--target "$2")
    shift 2
  else
    configure_args+=("$1")
    shift
  fi
done

if [ "$sanitize" -eq 0 ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "${configure_args[@]}" >/dev/null
  cmake --build build -j "$(nproc)" "${build_args[@]}"
  exit 0
fi

# One instrumented build serves both the unit tests and the fuzzers, so nothing is compiled
# twice. Clang, because only Clang has libFuzzer; its "undefined" group includes
# float-cast-overflow (GCC's does not). Debug keeps assert() and the nlohmann JSON_DIAGNOSTICS
# assertions, which have caught real bugs. -O1 instead of Debug's -O0: the instrumented unit
# tests take a fifth of the CPU time and the fuzzers run more inputs in theirs, for about 45%
# more compile time, which ccache pays only for what changed. Line tables are all that a
# sanitizer's stack trace needs (file:line), and compile and link faster than full debug info.
# Without the NCCL backend: the unit tests run no GPU code, and the CUDA runtime's own
# allocations are not ours to sanitize.
[ ${#build_args[@]} -gt 0 ] || build_args=(--target commbench_unit_tests report_loader_fuzzer
  command_line_fuzzer size_parse_fuzzer fabric_loader_fuzzer workload_loader_fuzzer acceptance_spec_fuzzer)
CC=clang CXX=clang++ cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" -DCOMMBENCH_WITH_NCCL=OFF \
  -DCOMMBENCH_BUILD_TESTS=ON -DCOMMBENCH_BUILD_UNIT_TESTS=ON -DCOMMBENCH_BUILD_FUZZERS=ON \
  -DCOMMBENCH_SANITIZE=address,undefined "${configure_args[@]}" >/dev/null
cmake --build build-sanitize -j "$(nproc)" "${build_args[@]}"
