#!/usr/bin/env bash
# Installs the dependencies, builds commbench with its tests, and runs every test, in stages.
# Each target is compiled once, in one of two build directories:
#   1. build/ (Release, the NCCL backend when CUDA and NCCL are found): everything except the
#      unit tests (COMMBENCH_BUILD_UNIT_TESTS=OFF); then every test registered there (the MPI
#      integration, fault, bad-input, configure, browser and script tests and, as root, those
#      on an emulated cluster of network namespaces) with ctest, one test per core. Tests whose
#      outcome depends on speed (a measured time or rate held to a bound, a timeout that a busy
#      machine could overrun) carry RUN_SERIAL, and ctest runs each of them alone.
#   2. build-sanitize/ (scripts/build.sh --sanitize: Clang with AddressSanitizer, LeakSanitizer
#      and UndefinedBehaviorSanitizer, assertions on): the unit tests and the libFuzzer targets.
#      The unit tests run as one gtest process per core, each given a share of the tests
#      (GTEST_TOTAL_SHARDS); then each fuzzer replays its committed corpus and regressions
#      (ctest -L fuzz); then scripts/run-fuzzers.sh fuzzes each target for FUZZ_SECONDS
#      (default 20) seconds. Any sanitizer finding, a leak included, fails the stage.
# Compiles go through ccache when it is installed (cmake/CommbenchCompilerCache.cmake), so a
# second run, or a fresh clone on a machine that ran this before, recompiles only what changed.
# Each stage prints how long it took; the first failing stage stops the script.
set -euo pipefail
cd "$(dirname "$0")/.."

stage_start=$SECONDS
finish_stage() { echo "run-tests: stage '$1' passed in $((SECONDS - stage_start)) s"; stage_start=$SECONDS; }

bash scripts/install-deps.sh
finish_stage "install dependencies"

bash scripts/build.sh -DCOMMBENCH_BUILD_TESTS=ON -DCOMMBENCH_BUILD_UNIT_TESTS=OFF
ctest --test-dir build --output-on-failure -j "$(nproc)"
finish_stage "build and tests (except the unit tests)"

bash scripts/build.sh --sanitize
finish_stage "sanitizer build"

# Any finding ends the process with a report (halt_on_error); LeakSanitizer reports at exit.
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:print_stacktrace=1:strict_string_checks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

# One process per shard, not one per test (ctest's way): AddressSanitizer makes each of the
# ~1,400 process starts slow (on 2 cores, ctest -j2 took 170 s, two shards under 35 s). A
# shard that fails shows its failures and sanitizer reports (GTEST_BRIEF: only failing tests
# are printed); a finding stops that shard's remaining tests.
shards=$(nproc)
logs=build-sanitize/unit-test-logs
rm -rf "$logs"
mkdir -p "$logs"
pids=()
for ((shard = 0; shard < shards; shard++)); do
  GTEST_TOTAL_SHARDS=$shards GTEST_SHARD_INDEX=$shard GTEST_BRIEF=1 \
    timeout 1500 build-sanitize/bin/commbench_unit_tests >"$logs/shard-$shard.txt" 2>&1 &
  pids+=($!)
done
failed=0
for ((shard = 0; shard < shards; shard++)); do
  status=0
  wait "${pids[$shard]}" || status=$?
  if [ "$status" -eq 0 ]; then
    grep -h "^\[  PASSED  \]" "$logs/shard-$shard.txt" | sed "s/^/run-tests: unit-test shard $shard of $shards: /"
  else
    failed=1
    echo "run-tests: unit-test shard $shard of $shards FAILED (exit $status, 124 when stopped after 1500 s); its output" \
         "($logs/shard-$shard.txt):" >&2
    tail -n 400 "$logs/shard-$shard.txt" >&2
  fi
done
[ "$failed" -eq 0 ]
finish_stage "unit tests under sanitizers"

ctest --test-dir build-sanitize -L fuzz --output-on-failure -j "$(nproc)"
finish_stage "fuzz replays of the corpus and regressions"

bash scripts/run-fuzzers.sh
finish_stage "fuzzers"
