#pragma once
// The report of `commbench pipeline`: pipeline-parallel steps measured stage by stage, the
// bubble and the transfers, beside the model's step (docs/MODELS.md), one run per value of
// a sweep (or one), with a timeline of one step. Plain data, SI units, as the other reports
// (docs/REPORT_SCHEMA.md).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "reports/model/json_report.hpp"
#include "reports/model/result.hpp"

namespace commbench {

inline constexpr int kPipelineSchemaVersion = 1;

// Where one stage of one pipeline runs.
struct PipelineStagePlacement {
  int pipeline = 0;
  int stage = 0;
  int rank = 0;
  std::string host;
};

// Emulated compute asked for and what it took (mean over repetitions, max over ranks).
struct ComputeCalibration {
  double requested_s = 0;
  double achieved_s = 0;
  double relative_error = 0;  // (achieved - requested) / requested
};

// One stage over the timed steps (means per step).
struct PipelineStageTimes {
  int pipeline = 0;
  int stage = 0;
  int rank = 0;
  double busy_s = 0;      // computing
  double transfer_s = 0;  // moving data: in a transfer call after its peer had posted its side
  double idle_s = 0;      // step - busy - transfer: the bubble, waiting for a peer included
  double bubble_fraction = 0;  // idle_s / step
};

// One entry of the timeline: a pass or one side of a transfer, in seconds from the step's
// start (a barrier), on the rank's clock.
struct PipelineTimelineEntry {
  int pipeline = 0;
  int stage = 0;
  int rank = 0;
  std::string operation;  // "forward", "backward", "send", "recv"
  int microbatch = 0;
  int chunk = 0;          // the stage's chunk (interleaved), else 0
  int virtual_stage = 0;  // of the pass; of this stage's side for a transfer
  std::string payload;    // "activation" or "gradient" for a transfer; empty for a pass
  int peer_stage = -1;    // the other stage of a transfer; -1 for a pass
  std::uint64_t bytes = 0;
  double start_s = 0;
  double end_s = 0;
};

// What the model predicts for a run.
struct PipelineModelPrediction {
  double ideal_s = 0;
  double bubble_s = 0;
  double transfer_s = 0;
  double compute_only_s = 0;
  double step_s = 0;
  double bubble_fraction = 0;
  double transfer_per_hop_s = 0;   // t_x: the slowest hop between adjacent stages; 0 without a fabric
  double relative_error = 0;       // (step_s - measured median) / measured median
  double bubble_fraction_error = 0;  // predicted - measured bubble fraction
};

// One measured configuration.
struct PipelineRun {
  int microbatches = 0;
  std::uint64_t activation_bytes = 0;
  SampleStatistics step;          // per step the max over ranks
  double bubble_fraction = 0;     // mean over stages and steps of idle / step
  double busy_fraction = 0;       // mean over stages of busy / step
  double transfer_fraction = 0;   // mean over stages of transfer / step
  double exposed_transfer_s = 0;  // measured median step - model compute_only_s (0 if below)
  std::uint64_t transfers = 0;    // transfers timed, over steps and pipelines
  double transfer_time_median_s = 0;   // per transfer
  double transfer_bandwidth_median = 0;  // bytes/s, bytes / time per transfer
  double transfer_bandwidth_min = 0;
  PipelineModelPrediction model;
  std::vector<PipelineStageTimes> stages;
  std::vector<PipelineTimelineEntry> timeline;  // the timed step whose time is the median
  int timeline_step = 0;                        // which timed step that is (0-based)
};

struct PipelineReport {
  RunOutcome outcome;
  RunMeta meta;
  nlohmann::json config = nlohmann::json::object();
  std::string schedule;  // "gpipe", "1f1b", "interleaved"
  int stages = 0;
  int pipelines = 0;
  int chunks = 1;
  double forward_s = 0;   // per micro-batch and stage, all chunks
  double backward_s = 0;
  std::string placement_policy;  // "consecutive" or "across-hosts"
  std::string placement_note;    // e.g. that one host makes both policies the same
  std::vector<PipelineStagePlacement> placement;
  std::vector<ComputeCalibration> calibration;
  std::string fabric;  // the fabric of the model's transfers; empty: compute only
  std::string sweep;   // "none", "microbatches" or "activation-bytes"
  std::vector<PipelineRun> runs;
  double recommendation_bubble_threshold = 0.1;    // bubble fraction below which m is enough
  double recommendation_exposed_threshold = 0.1;   // exposed transfer / step below which it is hidden
  std::string recommendation;  // one paragraph; empty without a sweep
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PipelineStagePlacement, pipeline, stage, rank, host)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ComputeCalibration, requested_s, achieved_s, relative_error)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PipelineStageTimes, pipeline, stage, rank, busy_s, transfer_s, idle_s,
                                   bubble_fraction)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PipelineTimelineEntry, pipeline, stage, rank, operation, microbatch, chunk,
                                   virtual_stage, payload, peer_stage, bytes, start_s, end_s)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PipelineModelPrediction, ideal_s, bubble_s, transfer_s, compute_only_s, step_s,
                                   bubble_fraction, transfer_per_hop_s, relative_error, bubble_fraction_error)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PipelineRun, microbatches, activation_bytes, step, bubble_fraction, busy_fraction,
                                   transfer_fraction, exposed_transfer_s, transfers, transfer_time_median_s,
                                   transfer_bandwidth_median, transfer_bandwidth_min, model, stages, timeline,
                                   timeline_step)

// Adds "kind": "pipeline" and "schema_version".
void to_json(nlohmann::json& json, const PipelineReport& report);
// Throws std::runtime_error for another kind or schema version.
void from_json(const nlohmann::json& json, PipelineReport& report);

}  // namespace commbench
