#pragma once
// The report of `commbench predict` (kind "prediction"): what the cost models say a sweep of
// collectives would take on a fabric, without running anything. One row per collective, size
// and column group (the library's own choice, or an algorithm and protocol asked for), in the
// collective benchmark's conventions (docs/METRICS.md), so that `commbench report` draws it
// beside measured runs and `commbench compare` holds a measured run against it. Plain data, SI
// units (docs/REPORT_SCHEMA.md); bench/commands/predict/prediction_sweep.hpp fills it.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "reports/model/result.hpp"

namespace commbench {

inline constexpr int kPredictionSchemaVersion = 1;

// What "requested" says for the library's own choice: NCCL's tuner, or the fastest MPI-style
// algorithm (docs/MODELS.md).
inline const std::string kNativeRequest = "native";

// What the command was asked, with the machine it resolved to.
struct PredictionConfig {
  std::string fabric;                    // --fabric as given: a file or a preset, with any switches
  std::uint64_t nodes = 1;               // the outermost tier's members
  std::uint64_t gpus_per_node = 1;       // members of the innermost tier used on each node
  int ranks = 1;                         // the product of the tiers' members
  std::string family;                    // "nccl" or "mpi" (topology/cost/model_family.hpp)
  std::string collective;                // as asked: a collective's name or "all"
  std::string algorithm;                 // --algo: "native", an algorithm's name or "all"
  std::string protocol;                  // --protocol: "" (the library picks), a protocol's name or "all"
  std::uint64_t min_bytes = 0;
  std::uint64_t max_bytes = 0;
  std::uint64_t step_factor = 2;
  std::uint64_t step_bytes = 0;          // > 0: additive steps instead of the factor
};

// The share of a prediction spent on one tier of the fabric.
struct PredictionTierTerms {
  std::string tier;
  double latency_s = 0;
  double bandwidth_s = 0;
  double reduction_s = 0;
};

struct PredictionRow {
  std::string collective;
  std::uint64_t bytes = 0;  // the message, as a measured row's bytes (docs/METRICS.md)
  std::uint64_t count = 0;  // bytes / the element size
  std::string dtype;        // float32, as nccl-tests prints it by default
  int ranks = 0;
  // The column group the row belongs to: "native", an algorithm, or "algorithm/protocol"
  // (also "native/ll": NCCL's choice among the algorithms with that protocol).
  std::string requested;
  std::string algorithm;  // what the model assumes runs
  std::string protocol;   // NCCL's protocol; empty for the MPI family
  int channels = 0;       // NCCL's channels; 0 for the MPI family
  // True for the library's own choice: the library does not say what it runs, the model assumes it.
  bool assumed = false;
  double time_s = 0;
  double alg_bw = 0;  // bytes / time_s; 0 when the model predicts no time
  double bus_bw = 0;  // alg_bw * bus_bw_factor
  double bus_bw_factor = 0;
  double latency_s = 0;  // the model's terms, summed over the tiers
  double bandwidth_s = 0;
  double reduction_s = 0;
  std::vector<PredictionTierTerms> tiers;  // innermost first; the tiers the case crosses
};

// In the header: the report loader reads the rows one at a time (report_loader.cpp). The member
// names are the report's keys; from_json requires every one.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PredictionTierTerms, tier, latency_s, bandwidth_s, reduction_s)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PredictionRow, collective, bytes, count, dtype, ranks, requested, algorithm, protocol,
                                   channels, assumed, time_s, alg_bw, bus_bw, bus_bw_factor, latency_s, bandwidth_s,
                                   reduction_s, tiers)

// A column group the model cannot predict at some sizes, and why (once per reason).
struct UnavailablePrediction {
  std::string collective;
  std::string requested;
  std::string reason;
  std::vector<std::uint64_t> bytes;  // the sizes it applies to
};

// The column groups of one collective, in the order the table shows them: "native" (the
// library's own choice) and what --algo and --protocol asked that the collective has.
struct PredictedCollective {
  std::string collective;
  std::vector<std::string> requested;
};

struct PredictionReport {
  RunOutcome outcome;
  RunMeta meta;
  PredictionConfig config;
  nlohmann::json fabric = nlohmann::json::object();  // as modelled, in the fabric file format (docs/FABRIC.md)
  std::vector<PredictedCollective> collectives;  // in the suite's order
  std::vector<PredictionRow> rows;  // by collective, then size, then column group
  std::vector<UnavailablePrediction> unavailable;
  std::vector<std::string> notes;   // what the figures leave out
};

// "nvls/simple" for NCCL, "ring" for the MPI family: what the row assumes runs.
std::string prediction_choice_text(const PredictionRow& row);

// The column groups of collective (empty for one the report does not have).
std::vector<std::string> requested_groups(const PredictionReport& report, const std::string& collective);

void to_json(nlohmann::json& json, const PredictionReport& report);
// Throws std::runtime_error for another kind or schema version.
void from_json(const nlohmann::json& json, PredictionReport& report);

}  // namespace commbench
