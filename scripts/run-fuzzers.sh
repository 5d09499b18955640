#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) in build-sanitize/ (scripts/build.sh --sanitize:
# Clang, AddressSanitizer, UBSan, assertions on; a build left there by scripts/run-tests.sh is
# reused, only what changed is compiled), and runs each for a bounded time on a scratch copy of
# its committed corpus (the committed seeds stay small; what the fuzzer adds is thrown away).
#   FUZZ_SECONDS  seconds per target (default 20)
#   FUZZ_TARGETS  targets to run (default: report_loader command_line size_parse fabric_loader workload_loader acceptance_spec)
#   FUZZ_JOBS     targets fuzzed at once (default: one per core; each libFuzzer process is
#                 single-threaded, so every target still gets a core for FUZZ_SECONDS)
# Exits non-zero when a target finds a crash, a leak or a sanitizer finding, and prints the
# reproducer's path: copy it into tests/fuzz/regressions/<target>/ and fix the code.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-20}"
jobs="${FUZZ_JOBS:-$(nproc)}"
targets=(${FUZZ_TARGETS:-report_loader command_line size_parse fabric_loader workload_loader acceptance_spec})

build_targets=()
for target in "${targets[@]}"; do
  build_targets+=(--target "${target}_fuzzer")
done
bash scripts/build.sh --sanitize "${build_targets[@]}"

scratch="build-sanitize/fuzz-runs"
rm -rf "$scratch"

# One target's run, in the background: its output goes to log.txt, its exit status to status.
fuzz_target() {
  local target="$1" work="$scratch/$1" regressions="tests/fuzz/regressions/$1" status=0
  mkdir -p "$work/corpus" "$work/artifacts"
  cp tests/fuzz/corpus/"$target"/* "$work/corpus/"
  [ -d "$regressions" ] || regressions=""
  ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:print_stacktrace=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "build-sanitize/bin/${target}_fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work/corpus" $regressions \
      >"$work/log.txt" 2>&1 || status=$?
  echo "$status" >"$work/status"
}

for target in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
    wait -n || true
  done
  echo "run-fuzzers: $target for ${seconds}s"
  fuzz_target "$target" &
done
wait

failed=0
for target in "${targets[@]}"; do
  work="$scratch/$target"
  if [ "$(cat "$work/status" 2>/dev/null || echo missing)" != "0" ]; then
    failed=1
    echo "run-fuzzers: $target FAILED; log: $work/log.txt" >&2
    grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$work/log.txt" | head -n 20 >&2 || true
    for reproducer in "$work"/artifacts/*; do
      [ -e "$reproducer" ] && echo "run-fuzzers: reproducer: $reproducer (replay: build-sanitize/bin/${target}_fuzzer $reproducer)" >&2
    done
  fi
  grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|^#[0-9]+.*DONE" "$work/log.txt" \
    | sed "s/^/run-fuzzers: $target: /" || true
done
exit "$failed"
