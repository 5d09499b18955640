#pragma once
// The timing loop, written once for every collective and backend. Nothing runs between the
// timer's start and stop but the operation and the wait for its completion; the barrier
// before an iteration and the reduction of durations over ranks happen outside the timed
// region. The backend's RegionTimer decides what is read: the host clock for MPI, CUDA
// events on the stream for NCCL.
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "bench/run/config.hpp"
#include "collectives/backend/backend.hpp"

namespace commbench {

// How to time one case; the sweep builds it from Config (timing_plan_from), whose
// defaults are the command line's.
struct TimingPlan {
  std::uint64_t warmup_iterations = 0;
  std::optional<std::uint64_t> iterations;  // empty: sample until precise or out of budget
  TimingMode mode = TimingMode::per_iteration;
  double auto_budget_s = 0;   // with iterations empty: stop after this many timed seconds
  double auto_precision = 0;  // with iterations empty: target relative half-width of the median's CI
  // Record the iterations of a sample in a CUDA graph once, and time its replay (-G).
  bool cuda_graph = false;
};

// Adaptive sampling (-n auto): at least this many samples, taken in batches that double
// up to kAutoMaxBatch; back-to-back samples are batches of kBackToBackAutoIterations.
inline constexpr std::uint64_t kAutoMinSamples = 10;
inline constexpr std::uint64_t kAutoMaxBatch = 1000;
inline constexpr std::uint64_t kAutoMaxSamples = 1000000;
inline constexpr std::uint64_t kBackToBackAutoIterations = 10;

struct TimingOutcome {
  // Seconds per iteration, each the maximum over ranks: one per iteration (per-iteration
  // mode) or one per back-to-back batch (total / batch iterations).
  std::vector<double> samples;
  std::uint64_t iterations = 0;
};

TimingPlan timing_plan_from(const Config& config);

// Every rank calls this with the same plan; all get the same samples.
TimingOutcome time_operation(Backend& backend, const std::function<void()>& operation, const TimingPlan& plan);

}  // namespace commbench
