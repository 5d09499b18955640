#pragma once
// The report of the scaling analysis (`commbench scaling`, measured on sub-communicators and
// extrapolated by the cost model; `commbench plan`, from the cost model alone): for each GPU
// count, a data-parallel training step's compute, communication, exposed communication and
// throughput, and the verdicts on where adding GPUs stops paying. Plain data, SI units
// (docs/REPORT_SCHEMA.md); topology/scaling/scaling_analysis.hpp fills it.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "reports/model/result.hpp"

namespace commbench {

inline constexpr int kScalingSchemaVersion = 1;

// Seconds a step's collectives spend crossing one tier of the fabric (the bandwidth term).
struct TierSeconds {
  std::string tier;
  // "within the node" (the innermost tier of a fabric of several), "across nodes" (the
  // others), or "" (a fabric of one tier).
  std::string scope;
  double seconds = 0;
};

// Where a step's communication time goes, by the cost model's terms summed over its
// collectives (docs/MODELS.md).
struct ScalingTerms {
  double latency_s = 0;
  double reduction_s = 0;
  std::vector<TierSeconds> bandwidth;  // innermost tier first; only the tiers crossed
};

// The collectives of one kind and size in a step.
struct ScalingCollective {
  std::string collective;   // allreduce, reducescatter, allgather
  std::uint64_t bytes = 0;  // the collective benchmark's size (whole input of a reduce-scatter, ...)
  std::uint64_t count = 0;  // how many the step has
  double seconds = 0;       // one of them: measured (median of the slowest rank's) or modelled
  std::string algorithm;    // the modelled algorithm; "native" when measured
  std::uint64_t wrong = 0;  // measured: wrong elements in its verification, summed over ranks
};

// One GPU count.
struct ScalingPoint {
  std::uint64_t gpus = 0;
  std::uint64_t data_parallel = 0;  // gpus / (tensor_parallel x pipeline_parallel)
  double compute_s = 0;             // forward + backward on one GPU (docs/WORKLOADS.md)
  double communication_s = 0;       // the step's collectives one after another
  double exposed_s = 0;             // step - compute: the communication nothing hid
  double step_s = 0;
  double samples_per_step = 0;      // the global batch
  double samples_per_s = 0;
  double tokens_per_s = 0;
  double speedup = 0;     // throughput over the first point's
  double efficiency = 0;  // speedup / (gpus / the first point's gpus)
  // The last doubling's gain as a share of the ideal: (throughput / the previous point's - 1)
  // / (gpus / the previous point's - 1); 1 is ideal. Empty for the first point.
  std::optional<double> marginal_gain;
  std::optional<double> cost_per_step;  // price per GPU-hour x gpus x step_s / 3600, when a price is given
  std::optional<ScalingTerms> terms;    // the cost model's split of communication_s
  // The term that dominates the communication: "latency", "reduction", "bandwidth within the
  // node (TIER)", "bandwidth across nodes (TIER)", or "bandwidth (TIER)" on a one-tier fabric;
  // empty when no model was given.
  std::string dominant_term;
  std::vector<ScalingCollective> collectives;
  std::vector<int> ranks;  // measured: the world ranks of the data-parallel group; empty for the model
};

// Where adding GPUs stops paying, by one criterion.
struct ScalingVerdict {
  // "step_time_stops_falling": the first count whose step is no shorter than the previous
  //   count's (strong scaling only);
  // "marginal_gain_below_threshold": the first count whose doubling gains less than the
  //   threshold's share of the ideal;
  // "exposed_exceeds_compute": the first count whose exposed communication exceeds compute.
  std::string criterion;
  bool applicable = true;              // false: step_time_stops_falling under weak scaling
  std::optional<std::uint64_t> gpus;   // empty: not reached within the range
  std::string dominant_term;           // at gpus
  std::string statement;               // one plain sentence
};

// The analysis from one source of collective times.
struct ScalingSeries {
  std::string source;  // "measured" or "model"
  std::string fabric;  // the model's fabric; for measured, the fabric its terms come from (may be empty)
  std::vector<ScalingPoint> points;
  std::vector<ScalingVerdict> verdicts;
  // Model only: the GPU count (a multiple of tensor x pipeline parallel within the range)
  // with the lowest step time, found by a search over every count, not only the doublings.
  std::optional<std::uint64_t> lowest_step_gpus;
  std::optional<double> lowest_step_s;
};

// --compare-fabric: where each fabric puts each verdict, and which one moves it further.
struct FabricComparisonLine {
  std::string criterion;
  std::optional<std::uint64_t> gpus;        // on the first fabric
  std::optional<std::uint64_t> other_gpus;  // on the other
  std::string statement;
};

struct ScalingReport {
  RunOutcome outcome;
  RunMeta meta;
  std::string command;  // "scaling" or "plan"
  nlohmann::json config = nlohmann::json::object();
  nlohmann::json workload = nlohmann::json::object();  // as analysed, in the file format (docs/WORKLOADS.md)
  std::uint64_t gradient_bytes = 0;  // all gradients of the model
  double marginal_threshold = 0.5;
  std::optional<double> price_per_gpu_hour;
  std::string placement;  // scaling: "fill-hosts" or "one-per-host"; plan: empty
  std::optional<ScalingSeries> measured;
  std::vector<ScalingSeries> predicted;  // --fabric's, then --compare-fabric's
  std::vector<FabricComparisonLine> comparison;
  std::uint64_t wrong_total = 0;
  std::vector<std::string> notes;
};

void to_json(nlohmann::json& json, const ScalingReport& report);
// Throws std::runtime_error for another kind or schema version.
void from_json(const nlohmann::json& json, ScalingReport& report);

}  // namespace commbench
