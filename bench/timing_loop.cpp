#include "timing_loop.hpp"

#include <algorithm>
#include <chrono>
#include <numeric>

#include "statistics.hpp"

namespace commbench {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_between(Clock::time_point start, Clock::time_point end) {
  return std::chrono::duration<double>(end - start).count();
}

// Replaces each rank's durations with the maximum over ranks: a collective is done when
// its slowest rank is done.
void max_over_ranks(Backend& backend, std::vector<double>& durations) {
  backend.allreduce(durations.data(), durations.data(), durations.size(), Dtype::float64, {ReduceOp::max});
}

std::vector<double> per_iteration_batch(Backend& backend, const std::function<void()>& operation,
                                        std::uint64_t iterations) {
  std::vector<double> durations(iterations);
  for (auto& duration : durations) {
    backend.barrier();
    const auto start = Clock::now();
    operation();
    backend.synchronize();
    duration = seconds_between(start, Clock::now());
  }
  max_over_ranks(backend, durations);
  return durations;
}

double back_to_back_batch(Backend& backend, const std::function<void()>& operation, std::uint64_t iterations) {
  backend.barrier();
  const auto start = Clock::now();
  for (std::uint64_t i = 0; i < iterations; ++i) operation();
  backend.synchronize();
  std::vector<double> mean{seconds_between(start, Clock::now()) / static_cast<double>(iterations)};
  max_over_ranks(backend, mean);
  return mean.front();
}

void warm_up(Backend& backend, const std::function<void()>& operation, std::uint64_t iterations) {
  for (std::uint64_t i = 0; i < iterations; ++i) operation();
  backend.synchronize();
}

TimingOutcome fixed_count(Backend& backend, const std::function<void()>& operation, const TimingPlan& plan) {
  TimingOutcome outcome;
  outcome.iterations = *plan.iterations;
  if (plan.mode == TimingMode::per_iteration) {
    outcome.samples = per_iteration_batch(backend, operation, *plan.iterations);
  } else {
    outcome.samples = {back_to_back_batch(backend, operation, *plan.iterations)};
  }
  return outcome;
}

// Samples until the median's 95% interval is within auto_precision of the median, or the
// timed seconds reach the budget. The decision reads only samples already reduced over
// ranks, so every rank takes the same decision without further communication.
TimingOutcome adaptive(Backend& backend, const std::function<void()>& operation, const TimingPlan& plan) {
  TimingOutcome outcome;
  double timed_seconds = 0;
  std::uint64_t batch = kAutoMinSamples;
  std::vector<double> sorted;
  while (true) {
    if (plan.mode == TimingMode::per_iteration) {
      const std::vector<double> durations = per_iteration_batch(backend, operation, batch);
      outcome.samples.insert(outcome.samples.end(), durations.begin(), durations.end());
      outcome.iterations += batch;
      timed_seconds += std::accumulate(durations.begin(), durations.end(), 0.0);
    } else {
      for (std::uint64_t i = 0; i < batch; ++i) {
        const double mean = back_to_back_batch(backend, operation, kBackToBackAutoIterations);
        outcome.samples.push_back(mean);
        outcome.iterations += kBackToBackAutoIterations;
        timed_seconds += mean * static_cast<double>(kBackToBackAutoIterations);
      }
    }
    sorted = outcome.samples;
    std::sort(sorted.begin(), sorted.end());
    if (median_is_precise(sorted, plan.auto_precision, kAutoMinSamples)) break;
    if (timed_seconds >= plan.auto_budget_s || outcome.samples.size() >= kAutoMaxSamples) break;
    // Double the sample count, but never plan a batch that the samples so far say would
    // run past the budget: the budget bounds the case, not just the start of its last batch.
    const double seconds_per_sample = timed_seconds / static_cast<double>(outcome.samples.size());
    const double affordable = seconds_per_sample > 0 ? (plan.auto_budget_s - timed_seconds) / seconds_per_sample : 1e18;
    batch = std::min({static_cast<std::uint64_t>(outcome.samples.size()), kAutoMaxBatch,
                      std::max<std::uint64_t>(1, static_cast<std::uint64_t>(affordable))});
  }
  return outcome;
}

}  // namespace

TimingPlan timing_plan_from(const Config& config) {
  return {config.warmup_iterations, config.iterations, config.timing, config.auto_budget_s, config.auto_precision};
}

TimingOutcome time_operation(Backend& backend, const std::function<void()>& operation, const TimingPlan& plan) {
  warm_up(backend, operation, plan.warmup_iterations);
  return plan.iterations ? fixed_count(backend, operation, plan) : adaptive(backend, operation, plan);
}

}  // namespace commbench
