#include "topology/scaling/scaling_analysis.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <numeric>
#include <map>
#include <memory>
#include <stdexcept>
#include <utility>

#include "reports/format/number_text.hpp"
#include "topology/cost/cost_model.hpp"
#include "topology/cost/model_family.hpp"
#include "topology/training/step_simulation.hpp"
#include "topology/workload/workload_plan.hpp"

namespace commbench {
namespace {

std::string count_text(std::uint64_t gpus) { return std::to_string(gpus) + " GPUs"; }
std::string percent_text(double fraction) { return formatted_number("%.0f%%", fraction * 100); }

// Where a tier sits, for naming the bandwidth term.
std::string tier_scope(const Fabric& fabric, const std::string& tier) {
  if (fabric.tiers.size() < 2) return "";
  return fabric.tiers.front().name == tier ? "within the node" : "across nodes";
}

ScalingTerms terms_of(const Prediction& prediction, const Fabric& fabric) {
  ScalingTerms terms;
  terms.latency_s = prediction.terms.latency_s;
  terms.reduction_s = prediction.terms.reduction_s;
  for (const TierTerms& tier : prediction.tiers) {
    if (tier.terms.bandwidth_s > 0) terms.bandwidth.push_back({tier.tier, tier_scope(fabric, tier.tier), tier.terms.bandwidth_s});
  }
  return terms;
}

// terms += count x more, tier by tier.
void add_terms(ScalingTerms& terms, const ScalingTerms& more, double count) {
  terms.latency_s += count * more.latency_s;
  terms.reduction_s += count * more.reduction_s;
  for (const TierSeconds& tier : more.bandwidth) {
    auto same = std::find_if(terms.bandwidth.begin(), terms.bandwidth.end(),
                             [&](const TierSeconds& known) { return known.tier == tier.tier; });
    if (same == terms.bandwidth.end()) {
      terms.bandwidth.push_back({tier.tier, tier.scope, count * tier.seconds});
    } else {
      same->seconds += count * tier.seconds;
    }
  }
}

// Strong scaling keeps the global batch; weak scaling grows it with the replicas.
double samples_per_step(const Workload& workload, std::uint64_t data_parallel) {
  const auto batch = static_cast<double>(workload.batch);
  return workload.scaling == BatchScaling::strong ? batch : batch * static_cast<double>(data_parallel);
}

void fill_relative(std::vector<ScalingPoint>& points) {
  if (points.empty()) return;
  const ScalingPoint first = points.front();
  for (std::size_t i = 0; i < points.size(); ++i) {
    ScalingPoint& point = points[i];
    point.speedup = point.samples_per_s / first.samples_per_s;
    point.efficiency = point.speedup / (static_cast<double>(point.gpus) / static_cast<double>(first.gpus));
    if (i == 0) continue;
    const ScalingPoint& previous = points[i - 1];
    const double growth = static_cast<double>(point.gpus) / static_cast<double>(previous.gpus) - 1;
    point.marginal_gain = (point.samples_per_s / previous.samples_per_s - 1) / growth;
  }
}

std::string with_term(const std::string& statement, const std::string& term) {
  return term.empty() ? statement + "." : statement + "; " + term + " dominates the communication there.";
}

ScalingVerdict step_stops_falling(const std::vector<ScalingPoint>& points, BatchScaling scaling) {
  ScalingVerdict verdict;
  verdict.criterion = "step_time_stops_falling";
  if (scaling == BatchScaling::weak) {
    verdict.applicable = false;
    verdict.statement =
        "Step time stops falling: does not apply to weak scaling, where each GPU keeps its batch and the step "
        "cannot fall; see the marginal gain.";
    return verdict;
  }
  for (std::size_t i = 1; i < points.size(); ++i) {
    if (points[i].step_s < points[i - 1].step_s) continue;
    verdict.gpus = points[i].gpus;
    verdict.dominant_term = points[i].dominant_term;
    verdict.statement = with_term("Step time stops falling at " + count_text(points[i].gpus) + ": " +
                                      duration_text(points[i].step_s) + " against " +
                                      duration_text(points[i - 1].step_s) + " at " +
                                      std::to_string(points[i - 1].gpus),
                                  verdict.dominant_term);
    return verdict;
  }
  verdict.statement = points.size() < 2 ? "Step time stops falling: one count only (" + count_text(points.back().gpus) +
                                              "), nothing to compare it with."
                                        : "Step time falls at every count up to " + count_text(points.back().gpus) +
                                              ": it does not stop falling within the range.";
  return verdict;
}

ScalingVerdict gain_below_threshold(const std::vector<ScalingPoint>& points, double threshold) {
  ScalingVerdict verdict;
  verdict.criterion = "marginal_gain_below_threshold";
  for (std::size_t i = 1; i < points.size(); ++i) {
    if (*points[i].marginal_gain >= threshold) continue;
    verdict.gpus = points[i].gpus;
    verdict.dominant_term = points[i].dominant_term;
    verdict.statement = with_term("Going from " + std::to_string(points[i - 1].gpus) + " to " +
                                      count_text(points[i].gpus) + " gains " +
                                      percent_text(*points[i].marginal_gain) + " of the ideal, below the " +
                                      percent_text(threshold) + " threshold",
                                  verdict.dominant_term);
    return verdict;
  }
  verdict.statement = points.size() < 2 ? "Marginal gain: one count only (" + count_text(points.back().gpus) +
                                              "), no doubling to judge."
                                        : "Every step up to " + count_text(points.back().gpus) + " gains at least " +
                                              percent_text(threshold) + " of the ideal: no break-even within the range.";
  return verdict;
}

ScalingVerdict exposed_exceeds_compute(const std::vector<ScalingPoint>& points) {
  ScalingVerdict verdict;
  verdict.criterion = "exposed_exceeds_compute";
  for (const ScalingPoint& point : points) {
    if (point.exposed_s <= point.compute_s) continue;
    verdict.gpus = point.gpus;
    verdict.dominant_term = point.dominant_term;
    verdict.statement = with_term("Exposed communication exceeds compute from " + count_text(point.gpus) + ": " +
                                      duration_text(point.exposed_s) + " exposed against " +
                                      duration_text(point.compute_s) + " of compute",
                                  verdict.dominant_term);
    return verdict;
  }
  verdict.statement = "Exposed communication stays at or below compute up to " + count_text(points.back().gpus) + ".";
  return verdict;
}

std::string reached_text(const std::optional<std::uint64_t>& gpus, std::uint64_t range_end) {
  return gpus ? "at " + std::to_string(*gpus) + " GPUs" : "beyond " + std::to_string(range_end) + " GPUs";
}

}  // namespace

std::uint64_t whole_nodes_unit(const Fabric& fabric, const Workload& workload) {
  const std::uint64_t node = fabric.tiers.size() > 1 ? fabric.tiers.front().members : 1;
  return std::lcm(node, model_parallel_of(workload));
}

std::uint64_t model_parallel_of(const Workload& workload) {
  return static_cast<std::uint64_t>(workload.tensor_parallel) * static_cast<std::uint64_t>(workload.pipeline_parallel);
}

Fabric data_parallel_fabric(const Fabric& fabric, std::uint64_t model_parallel) {
  Fabric group = fabric;
  if (model_parallel > 1 && fabric.tiers.size() > 1) {
    FabricTier& node = group.tiers.front();
    node.members = std::max<std::uint64_t>(1, node.members / model_parallel);
  }
  return group;
}

CollectiveCostFn modelled_collective_cost(const Fabric& fabric, std::uint64_t model_parallel,
                                          const std::string& algorithm) {
  struct Model {
    Fabric fabric;
    std::string algorithm;
    std::map<std::tuple<std::string, std::uint64_t, std::uint64_t>, CollectiveCost> cache;
  };
  auto model = std::make_shared<Model>(Model{data_parallel_fabric(fabric, model_parallel), algorithm, {}});
  return [model](const std::string& collective, std::uint64_t bytes, std::uint64_t data_parallel) {
    const auto key = std::make_tuple(collective, bytes, data_parallel);
    if (auto known = model->cache.find(key); known != model->cache.end()) return known->second;
    if (data_parallel > static_cast<std::uint64_t>(INT_MAX)) {
      throw ModelError("a data-parallel group of " + std::to_string(data_parallel) + " ranks is more than the models take");
    }
    const int ranks = static_cast<int>(data_parallel);
    // A GPU fabric's collectives are NCCL's (its choice, or the named algorithm with NCCL's choice
    // of protocol); others the MPI-style algorithms'.
    const Prediction prediction = predict_case(model_family_for(model->fabric, ""), collective, model->algorithm, "",
                                               bytes, ranks, model->fabric);
    CollectiveCost cost{prediction.time_s, choice_text(prediction), terms_of(prediction, model->fabric)};
    model->cache.emplace(key, cost);
    return cost;
  };
}

std::vector<std::uint64_t> doubling_gpu_counts(std::uint64_t min_gpus, std::uint64_t max_gpus) {
  if (min_gpus == 0 || min_gpus > max_gpus) {
    throw std::invalid_argument("a GPU range needs 1 <= MIN <= MAX, got " + std::to_string(min_gpus) + ":" +
                                std::to_string(max_gpus));
  }
  std::vector<std::uint64_t> counts;
  for (std::uint64_t gpus = min_gpus; gpus <= max_gpus; gpus *= 2) {
    counts.push_back(gpus);
    if (gpus > max_gpus / 2) break;
  }
  return counts;
}

ScalingPoint scaling_point(const Workload& workload, std::uint64_t gpus, const CollectiveCostFn& cost,
                           const ScalingOptions& options) {
  const std::uint64_t model_parallel = model_parallel_of(workload);
  if (gpus == 0 || gpus % model_parallel != 0) {
    throw std::invalid_argument(std::to_string(gpus) + " GPUs is not a multiple of tensor_parallel x " +
                                "pipeline_parallel = " + std::to_string(model_parallel));
  }
  const std::uint64_t data_parallel = gpus / model_parallel;
  if (data_parallel > static_cast<std::uint64_t>(INT_MAX)) {
    throw std::invalid_argument(std::to_string(gpus) + " GPUs is more than the analysis takes");
  }
  const std::optional<SyncStrategy> strategy = parse_sync_strategy(workload.strategy);
  if (!strategy) throw std::invalid_argument("unknown strategy '" + workload.strategy + "'");

  ScalingPoint point;
  point.gpus = gpus;
  point.data_parallel = data_parallel;
  point.compute_s = compute_seconds_per_step(workload, data_parallel);

  WorkloadStep step;
  step.strategy = *strategy;
  step.dtype = workload.gradient_dtype;
  step.bucket_bytes = workload.bucket_bytes;
  step.first_bucket_bytes = options.first_bucket_bytes;
  step.forward_s = point.compute_s * (1 - workload.backward_fraction);
  step.backward_s = point.compute_s * workload.backward_fraction;
  step.ranks = static_cast<int>(data_parallel);
  step.model_parallel = model_parallel;
  const StepProgram program = gradsync_step_program(workload_gradsync_plan(workload, step));

  // Collectives of one kind and size take the same time: each is asked for once. One rank
  // has nothing to synchronize.
  const std::uint64_t element = dtype_size(workload.gradient_dtype);
  std::map<std::pair<std::string, std::uint64_t>, std::pair<CollectiveCost, std::uint64_t>> kinds;
  std::vector<double> seconds(program.messages.size(), 0);
  for (std::size_t k = 0; k < program.messages.size() && data_parallel > 1; ++k) {
    const SyncMessage& message = program.messages[k];
    const auto key = std::make_pair(message.collective, message.elements * element);
    auto known = kinds.find(key);
    if (known == kinds.end()) {
      known = kinds.emplace(key, std::make_pair(cost(key.first, key.second, data_parallel), 0)).first;
    }
    known->second.second += 1;
    seconds[k] = known->second.first.seconds;
  }

  // The overlappable share of each collective runs on the event schedule; the rest waits
  // at the end of the step, where nothing hides it.
  const double overlappable = workload.overlap_fraction;
  std::vector<double> scheduled(seconds.size());
  for (std::size_t k = 0; k < seconds.size(); ++k) {
    scheduled[k] = seconds[k] * overlappable;
    point.communication_s += seconds[k];
  }
  const SimulatedStep simulated = simulate_step(program, scheduled);
  point.exposed_s = std::max(0.0, simulated.step_s - simulated.compute_s) + (1 - overlappable) * point.communication_s;
  point.step_s = point.compute_s + point.exposed_s;
  point.samples_per_step = samples_per_step(workload, data_parallel);
  point.samples_per_s = point.samples_per_step / point.step_s;
  point.tokens_per_s = point.samples_per_s * static_cast<double>(workload.tokens_per_sample);
  if (options.price_per_gpu_hour) {
    point.cost_per_step = *options.price_per_gpu_hour * static_cast<double>(gpus) * point.step_s / 3600;
  }

  bool modelled = !kinds.empty();
  ScalingTerms terms;
  for (const auto& [key, kind] : kinds) {
    const auto& [collective_cost, count] = kind;
    point.collectives.push_back({key.first, key.second, count, collective_cost.seconds, collective_cost.algorithm, 0});
    if (collective_cost.terms) {
      add_terms(terms, *collective_cost.terms, static_cast<double>(count));
    } else {
      modelled = false;
    }
  }
  if (modelled) {
    point.dominant_term = dominant_term(terms);
    point.terms = std::move(terms);
  }
  return point;
}

std::vector<ScalingCollective> step_collectives(const Workload& workload, std::uint64_t gpus,
                                               const ScalingOptions& options) {
  const CollectiveCostFn unmeasured = [](const std::string&, std::uint64_t, std::uint64_t) {
    return CollectiveCost{0, "", std::nullopt};
  };
  return scaling_point(workload, gpus, unmeasured, options).collectives;
}

ScalingSeries scaling_series(const Workload& workload, const std::vector<std::uint64_t>& gpu_counts,
                             const CollectiveCostFn& cost, const ScalingOptions& options, std::string source,
                             std::string fabric) {
  ScalingSeries series;
  series.source = std::move(source);
  series.fabric = std::move(fabric);
  for (std::uint64_t gpus : gpu_counts) series.points.push_back(scaling_point(workload, gpus, cost, options));
  fill_relative(series.points);
  series.verdicts = scaling_verdicts(series.points, workload.scaling, options.marginal_threshold);
  return series;
}

ScalingSeries modelled_series(const Workload& workload, const std::vector<std::uint64_t>& gpu_counts,
                              const Fabric& fabric, const std::string& algorithm, const ScalingOptions& options) {
  const CollectiveCostFn cost = modelled_collective_cost(fabric, model_parallel_of(workload), algorithm);
  ScalingSeries series = scaling_series(workload, gpu_counts, cost, options, "model", fabric.name);
  if (workload.scaling == BatchScaling::strong && !gpu_counts.empty()) {
    // In whole nodes, unless the range holds none (a plan within one node): then in replicas.
    std::uint64_t unit = whole_nodes_unit(fabric, workload);
    if (gpu_counts.back() / unit * unit < gpu_counts.front()) unit = model_parallel_of(workload);
    const auto [gpus, step_s] = lowest_step(workload, gpu_counts.front(), gpu_counts.back(), unit, cost, options);
    series.lowest_step_gpus = gpus;
    series.lowest_step_s = step_s;
  }
  return series;
}

std::vector<ScalingVerdict> scaling_verdicts(const std::vector<ScalingPoint>& points, BatchScaling scaling,
                                             double marginal_threshold) {
  if (points.empty()) return {};
  return {step_stops_falling(points, scaling), gain_below_threshold(points, marginal_threshold),
          exposed_exceeds_compute(points)};
}

std::pair<std::uint64_t, double> lowest_step(const Workload& workload, std::uint64_t min_gpus, std::uint64_t max_gpus,
                                             std::uint64_t unit, const CollectiveCostFn& cost,
                                             const ScalingOptions& options) {
  const std::uint64_t model_parallel = model_parallel_of(workload);
  if (unit == 0 || unit % model_parallel != 0) {
    throw std::invalid_argument("the search's unit of " + std::to_string(unit) + " GPUs is not a multiple of " +
                                std::to_string(model_parallel));
  }
  const std::uint64_t first = (min_gpus + unit - 1) / unit;
  const std::uint64_t last = max_gpus / unit;
  if (first == 0 || first > last) {
    throw std::invalid_argument("no multiple of " + std::to_string(unit) + " GPUs between " +
                                std::to_string(min_gpus) + " and " + std::to_string(max_gpus));
  }
  std::map<std::uint64_t, double> steps;  // by multiple of unit
  const auto step_at = [&](std::uint64_t multiple) {
    auto known = steps.find(multiple);
    if (known == steps.end()) {
      known = steps.emplace(multiple, scaling_point(workload, multiple * unit, cost, options).step_s).first;
    }
    return known->second;
  };
  // A geometric grid, kStepsPerDoubling counts per doubling, finds the region of the lowest step even
  // where the step is not convex (the fastest algorithm changes with the count)...
  constexpr double kStepsPerDoubling = 16;
  std::vector<std::uint64_t> grid{first};
  while (grid.back() < last) {
    const auto next = static_cast<std::uint64_t>(static_cast<double>(grid.back()) * std::exp2(1 / kStepsPerDoubling));
    grid.push_back(std::min(last, std::max(grid.back() + 1, next)));
  }
  // The doublings too: power-of-two counts suit more algorithms than their neighbours.
  for (std::uint64_t multiple = first * 2; multiple <= last && multiple > first; multiple *= 2) grid.push_back(multiple);
  std::sort(grid.begin(), grid.end());
  grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
  std::size_t best = 0;
  for (std::size_t i = 1; i < grid.size(); ++i) {
    if (step_at(grid[i]) < step_at(grid[best])) best = i;
  }
  // ...and bisection on the sign of step(k + 1) - step(k) between its neighbours finds the
  // lowest count there, where the step is convex (compute falling as 1/N, communication rising).
  std::uint64_t low = grid[best == 0 ? 0 : best - 1];
  std::uint64_t high = grid[std::min(best + 1, grid.size() - 1)];
  while (low < high) {
    const std::uint64_t middle = low + (high - low) / 2;
    if (step_at(middle + 1) >= step_at(middle)) {
      high = middle;
    } else {
      low = middle + 1;
    }
  }
  const std::uint64_t lowest = step_at(low) < step_at(grid[best]) ? low : grid[best];
  return {lowest * unit, step_at(lowest)};
}

std::vector<FabricComparisonLine> compare_fabrics(const ScalingSeries& first, const ScalingSeries& other) {
  std::vector<FabricComparisonLine> lines;
  const std::uint64_t range_end = first.points.empty() ? 0 : first.points.back().gpus;
  for (std::size_t v = 0; v < first.verdicts.size() && v < other.verdicts.size(); ++v) {
    const ScalingVerdict& a = first.verdicts[v];
    const ScalingVerdict& b = other.verdicts[v];
    if (!a.applicable) continue;
    FabricComparisonLine line;
    line.criterion = a.criterion;
    line.gpus = a.gpus;
    line.other_gpus = b.gpus;
    const std::string where = a.criterion + ": " + first.fabric + " " + reached_text(a.gpus, range_end) + ", " +
                              other.fabric + " " + reached_text(b.gpus, range_end);
    if (!a.gpus && !b.gpus) {
      line.statement = where + ": neither reaches it within the range.";
    } else if (a.gpus == b.gpus) {
      line.statement = where + ": the same on both.";
    } else if (a.gpus && b.gpus) {
      const bool first_further = *a.gpus > *b.gpus;
      const double factor = first_further ? static_cast<double>(*a.gpus) / static_cast<double>(*b.gpus)
                                          : static_cast<double>(*b.gpus) / static_cast<double>(*a.gpus);
      line.statement = where + ": " + (first_further ? first.fabric : other.fabric) + " moves it " +
                       formatted_number("%.3g", factor) + "x further.";
    } else {
      const bool first_further = !a.gpus;
      const std::uint64_t reached = first_further ? *b.gpus : *a.gpus;
      line.statement = where + ": " + (first_further ? first.fabric : other.fabric) + " moves it beyond the range, " +
                       "more than " + formatted_number("%.3g", static_cast<double>(range_end) / reached) +
                       "x further.";
    }
    lines.push_back(std::move(line));
  }
  if (first.lowest_step_gpus && other.lowest_step_gpus) {
    FabricComparisonLine line;
    line.criterion = "lowest_step";
    line.gpus = first.lowest_step_gpus;
    line.other_gpus = other.lowest_step_gpus;
    line.statement = "lowest step time: " + first.fabric + " at " + std::to_string(*first.lowest_step_gpus) +
                     " GPUs (" + duration_text(*first.lowest_step_s) + "), " + other.fabric + " at " +
                     std::to_string(*other.lowest_step_gpus) + " GPUs (" + duration_text(*other.lowest_step_s) + ").";
    lines.push_back(std::move(line));
  }
  return lines;
}

std::string dominant_term(const ScalingTerms& terms) {
  std::string name = "latency";
  double largest = terms.latency_s;
  if (terms.reduction_s > largest) {
    name = "reduction";
    largest = terms.reduction_s;
  }
  for (const TierSeconds& tier : terms.bandwidth) {
    if (tier.seconds <= largest) continue;
    name = "bandwidth " + (tier.scope.empty() ? "" : tier.scope + " ") + "(" + tier.tier + ")";
    largest = tier.seconds;
  }
  return name;
}

}  // namespace commbench
