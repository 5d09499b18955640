#include "bench/measure/timing_loop.hpp"

#include "collectives/backend/memory_demand.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <numeric>

#include "bench/measure/statistics.hpp"

namespace commbench {
namespace {

// Issues a number of iterations of the operation: one call each, or (with -G) one replay of
// a CUDA graph that holds them all. prepare() records the graph the first time a number is
// asked for and looks it up, outside the timed region; issue() is all that is timed.
class IterationIssuer {
 public:
  IterationIssuer(Backend& backend, const std::function<void()>& operation, bool cuda_graph)
      : backend_(backend), operation_(operation), cuda_graph_(cuda_graph) {}

  // The graph for this many iterations, or nullptr without -G.
  ReplayableOperations* prepare(std::uint64_t iterations) {
    if (!cuda_graph_) return nullptr;
    std::unique_ptr<ReplayableOperations>& graph = graphs_[iterations];
    if (!graph) graph = backend_.capture(operation_, iterations);
    return graph.get();
  }
  void issue(ReplayableOperations* graph, std::uint64_t iterations) {
    if (graph != nullptr) {
      graph->replay();
      return;
    }
    for (std::uint64_t i = 0; i < iterations; ++i) operation_();
  }

 private:
  Backend& backend_;
  const std::function<void()>& operation_;
  bool cuda_graph_;
  std::map<std::uint64_t, std::unique_ptr<ReplayableOperations>> graphs_;
};

// Everything one case's timing needs, created once per case.
struct TimingContext {
  Backend& backend;
  IterationIssuer issuer;
  std::unique_ptr<RegionTimer> timer;
};

// Replaces each rank's durations with the maximum over ranks: a collective is done when
// its slowest rank is done.
void max_over_ranks(Backend& backend, std::vector<double>& durations) {
  backend.host_allreduce(durations.data(), durations.size(), ReduceOp::max);
}

std::vector<double> per_iteration_batch(TimingContext& context, std::uint64_t iterations) {
  ReplayableOperations* const graph = context.issuer.prepare(1);
  std::vector<double> durations = with_memory_demand(
      {"keeping the times of " + std::to_string(iterations) + " timed iterations (-n/--iters)",
       static_cast<double>(iterations) * sizeof(double), "lower -n/--iters"},
      [iterations] { return std::vector<double>(iterations); });
  for (auto& duration : durations) {
    context.backend.barrier();
    context.timer->start();
    context.issuer.issue(graph, 1);
    duration = context.timer->stop();
  }
  max_over_ranks(context.backend, durations);
  return durations;
}

double back_to_back_batch(TimingContext& context, std::uint64_t iterations) {
  ReplayableOperations* const graph = context.issuer.prepare(iterations);
  context.backend.barrier();
  context.timer->start();
  context.issuer.issue(graph, iterations);
  std::vector<double> mean{context.timer->stop() / static_cast<double>(iterations)};
  max_over_ranks(context.backend, mean);
  return mean.front();
}

void warm_up(TimingContext& context, std::uint64_t iterations) {
  ReplayableOperations* const graph = context.issuer.prepare(1);
  for (std::uint64_t i = 0; i < iterations; ++i) context.issuer.issue(graph, 1);
  context.backend.synchronize();
}

TimingOutcome fixed_count(TimingContext& context, const TimingPlan& plan) {
  TimingOutcome outcome;
  outcome.iterations = *plan.iterations;
  if (plan.mode == TimingMode::per_iteration) {
    outcome.samples = per_iteration_batch(context, *plan.iterations);
  } else {
    outcome.samples = {back_to_back_batch(context, *plan.iterations)};
  }
  return outcome;
}

// Samples until the median's 95% interval is within auto_precision of the median, or the
// timed seconds reach the budget. The decision reads only samples already reduced over
// ranks, so every rank takes the same decision without further communication.
TimingOutcome adaptive(TimingContext& context, const TimingPlan& plan) {
  TimingOutcome outcome;
  double timed_seconds = 0;
  std::uint64_t batch = kAutoMinSamples;
  std::vector<double> sorted;
  while (true) {
    if (plan.mode == TimingMode::per_iteration) {
      const std::vector<double> durations = per_iteration_batch(context, batch);
      outcome.samples.insert(outcome.samples.end(), durations.begin(), durations.end());
      outcome.iterations += batch;
      timed_seconds += std::accumulate(durations.begin(), durations.end(), 0.0);
    } else {
      for (std::uint64_t i = 0; i < batch; ++i) {
        const double mean = back_to_back_batch(context, kBackToBackAutoIterations);
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
  return {config.warmup_iterations, config.iterations, config.timing,
          config.auto_budget_s, config.auto_precision, config.cuda_graph};
}

TimingOutcome time_operation(Backend& backend, const std::function<void()>& operation, const TimingPlan& plan) {
  TimingContext context{backend, IterationIssuer(backend, operation, plan.cuda_graph), backend.region_timer()};
  warm_up(context, plan.warmup_iterations);
  return plan.iterations ? fixed_count(context, plan) : adaptive(context, plan);
}

}  // namespace commbench
