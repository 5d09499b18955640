#pragma once
// The scaling analysis (docs/MODELS.md, "Scaling"): for a workload at each GPU count, the
// step's compute (docs/WORKLOADS.md), its collectives' times (measured, or the cost model's),
// the event schedule of the step with per-bucket overlap (step_simulation.hpp), and from
// those the throughput, speedup, efficiency, marginal gain of each doubling and the
// verdicts on where adding GPUs stops paying. Pure functions: `commbench scaling` feeds
// measured times, `commbench plan` the cost model's.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "reports/model/scaling_report.hpp"
#include "topology/fabric/fabric.hpp"
#include "topology/workload/workload.hpp"

namespace commbench {

struct ScalingOptions {
  // Share of the ideal gain below which a doubling no longer pays.
  double marginal_threshold = 0.5;
  std::optional<double> price_per_gpu_hour;
  std::uint64_t first_bucket_bytes = 1ULL << 20;  // PyTorch DDP's first bucket
};

// One collective's time on the data-parallel group, with the cost model's terms when modelled.
struct CollectiveCost {
  double seconds = 0;
  std::string algorithm;
  std::optional<ScalingTerms> terms;
};

// What a collective of the step takes: collective ("allreduce", "reducescatter",
// "allgather"), bytes in the collective benchmark's convention, on data_parallel ranks (2 or
// more). Throws what it cannot answer (ModelError for a case the fabric cannot hold).
using CollectiveCostFn =
    std::function<CollectiveCost(const std::string& collective, std::uint64_t bytes, std::uint64_t data_parallel)>;

// The cost model's times on fabric, as one data-parallel group sees it (data_parallel_fabric);
// algorithm "" takes the library's own choice as modelled: NCCL's on a GPU fabric (nccl_cost_model.hpp),
// the fastest MPI-style algorithm otherwise (predict_best). Caches by case.
CollectiveCostFn modelled_collective_cost(const Fabric& fabric, std::uint64_t model_parallel,
                                          const std::string& algorithm = "");

// The fabric a data-parallel group crosses when tensor and pipeline parallelism (model_parallel
// GPUs per replica, placed innermost as Megatron-LM does) take the GPUs of a node first: the
// innermost tier holds members / model_parallel ranks of the group (at least 1); the outer
// tiers are unchanged. model_parallel 1 returns the fabric as it is.
Fabric data_parallel_fabric(const Fabric& fabric, std::uint64_t model_parallel);

// tensor_parallel x pipeline_parallel of the workload.
std::uint64_t model_parallel_of(const Workload& workload);

// min, 2 min, 4 min, ... up to max. Throws std::invalid_argument when min is 0 or above max.
std::vector<std::uint64_t> doubling_gpu_counts(std::uint64_t min_gpus, std::uint64_t max_gpus);

// One GPU count, without the figures relative to other counts (speedup, efficiency, marginal
// gain). Throws std::invalid_argument when gpus is not a positive multiple of the model
// parallel degree, and what cost throws.
ScalingPoint scaling_point(const Workload& workload, std::uint64_t gpus, const CollectiveCostFn& cost,
                           const ScalingOptions& options);

// The collectives of one step at gpus, each kind and size once with how many the step has
// (seconds 0): what `commbench scaling` measures. Empty for one data-parallel rank.
std::vector<ScalingCollective> step_collectives(const Workload& workload, std::uint64_t gpus,
                                               const ScalingOptions& options);

// The points at each count, with the figures relative to the first, and the verdicts.
ScalingSeries scaling_series(const Workload& workload, const std::vector<std::uint64_t>& gpu_counts,
                             const CollectiveCostFn& cost, const ScalingOptions& options, std::string source,
                             std::string fabric);

// The cost model's series on fabric (modelled_collective_cost), and under strong scaling the
// count in whole nodes (in whole replicas when the range holds no whole node) with the lowest
// step time within the range (lowest_step).
ScalingSeries modelled_series(const Workload& workload, const std::vector<std::uint64_t>& gpu_counts,
                              const Fabric& fabric, const std::string& algorithm, const ScalingOptions& options);

// The verdicts on points (increasing GPU counts, relative figures filled).
std::vector<ScalingVerdict> scaling_verdicts(const std::vector<ScalingPoint>& points, BatchScaling scaling,
                                             double marginal_threshold);

// The GPU count in [min_gpus, max_gpus], a multiple of unit (itself a multiple of the model
// parallel degree), with the lowest step time, and that time: the best of a geometric grid
// of 16 counts per doubling and of the doublings of min_gpus, refined by bisection on the sign of step(k + 1) - step(k)
// between the grid's neighbours of the best. Where the step is convex in the count (one
// algorithm throughout, e.g. ring on one tier) this is the exact minimum; where the fastest
// algorithm changes with the count it is the lowest the search saw.
std::pair<std::uint64_t, double> lowest_step(const Workload& workload, std::uint64_t min_gpus, std::uint64_t max_gpus,
                                             std::uint64_t unit, const CollectiveCostFn& cost,
                                             const ScalingOptions& options);

// The unit lowest_step searches in on fabric: whole nodes (the innermost tier's members on a
// fabric of several tiers), and whole model replicas: their least common multiple.
std::uint64_t whole_nodes_unit(const Fabric& fabric, const Workload& workload);

// Where two fabrics put each verdict of their series, and which moves it further and by how much.
std::vector<FabricComparisonLine> compare_fabrics(const ScalingSeries& first, const ScalingSeries& other);

// "latency", "reduction", or the bandwidth of the tier that dominates terms, named for where it
// is: "bandwidth within the node (nvlink)", "bandwidth across nodes (infiniband)", "bandwidth
// (tcp)" on a one-tier fabric.
std::string dominant_term(const ScalingTerms& terms);

}  // namespace commbench
