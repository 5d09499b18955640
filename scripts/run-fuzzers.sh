#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with Clang, AddressSanitizer and UBSan into
# build-fuzz/, and runs each for a bounded time on a scratch copy of its committed corpus
# (the committed seeds stay small; what the fuzzer adds is thrown away).
#   FUZZ_SECONDS  seconds per target (default 20)
#   FUZZ_TARGETS  targets to run (default: report_loader command_line size_parse fabric_loader workload_loader acceptance_spec)
# Exits non-zero when a target finds a crash, a leak or a sanitizer finding, and prints the
# reproducer's path: copy it into tests/fuzz/regressions/<target>/ and fix the code.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-20}"
targets=(${FUZZ_TARGETS:-report_loader command_line size_parse fabric_loader workload_loader acceptance_spec})

CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOMMBENCH_WITH_NCCL=OFF \
  -DCOMMBENCH_BUILD_TESTS=OFF -DCOMMBENCH_BUILD_FUZZERS=ON -DCOMMBENCH_SANITIZE=address,undefined >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target "${targets[@]/%/_fuzzer}"

scratch="build-fuzz/runs"
rm -rf "$scratch"
failed=0
for target in "${targets[@]}"; do
  work="$scratch/$target"
  mkdir -p "$work/corpus" "$work/artifacts"
  cp tests/fuzz/corpus/"$target"/* "$work/corpus/"
  regressions="tests/fuzz/regressions/$target"
  [ -d "$regressions" ] || regressions=""
  echo "run-fuzzers: $target for ${seconds}s"
  if ! ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:print_stacktrace=1 \
       UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
       "build-fuzz/bin/${target}_fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
         -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work/corpus" $regressions \
         >"$work/log.txt" 2>&1; then
    failed=1
    echo "run-fuzzers: $target FAILED; log: $work/log.txt" >&2
    grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$work/log.txt" | head -n 20 >&2 || true
    for reproducer in "$work"/artifacts/*; do
      [ -e "$reproducer" ] && echo "run-fuzzers: reproducer: $reproducer (replay: build-fuzz/bin/${target}_fuzzer $reproducer)" >&2
    done
  fi
  grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|^#[0-9]+.*DONE" "$work/log.txt" \
    | sed "s/^/run-fuzzers: $target: /" || true
done
exit "$failed"
