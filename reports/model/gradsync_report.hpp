#pragma once
// The report of `commbench gradsync`: data-parallel training steps with bucketed,
// overlapped gradient synchronization, measured and modelled, one case per bucket size.
// Plain data, SI units (docs/REPORT_SCHEMA.md).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "reports/model/result.hpp"

namespace commbench {

inline constexpr int kGradsyncSchemaVersion = 1;

// One collective of the step.
struct GradsyncMessage {
  std::string collective;  // allreduce, reducescatter, allgather
  std::string purpose;     // e.g. "gradient bucket 3"
  std::uint64_t bytes = 0;  // the region it synchronizes (allreduce buffer, reduce-scatter input, all-gather output)
  // Measured alone (started, then waited for, nothing else running): median over the timed
  // iterations of the slowest rank's time.
  double alone_s = 0;
  // Inside the overlapped step: median over the timed steps of the slowest rank's time
  // from start to completion (longer than alone when it queues behind others or competes
  // with compute).
  double in_step_s = 0;
  double ready_s = 0;  // where the step starts it, on the event schedule of measured durations
  std::optional<double> predicted_s;  // the cost model's time on the run's fabric (--fabric)
};

// The event schedule (docs/MODELS.md) replayed with some collective durations.
struct GradsyncSchedule {
  std::string durations;  // "measured alone" or "cost model on FABRIC"
  double step_s = 0;
  double communication_s = 0;
  double exposed_s = 0;
  // (schedule - measured) / measured, of the step and of the exposed communication (the
  // latter empty when the measured exposed time is not above zero).
  double step_relative_error = 0;
  std::optional<double> exposed_relative_error;
};

// One bucket size.
struct GradsyncCase {
  std::uint64_t bucket_bytes = 0;        // ddp and zero: bucket size; zero3 and fsdp: smallest unit
  std::uint64_t first_bucket_bytes = 0;  // ddp and zero
  std::uint64_t warmup_iterations = 0;
  std::uint64_t iterations = 0;
  SampleStatistics step_stats_s;  // whole steps, each the slowest rank's
  double step_s = 0;              // their median
  double forward_s = 0;           // compute alone: median of the slowest rank's forward pass
  double backward_s = 0;
  double compute_s = 0;           // forward + backward
  double communication_s = 0;     // the collectives alone, summed
  double exposed_s = 0;           // step - compute
  // Share of the communication hidden behind compute: (communication - exposed) /
  // communication, clamped to [0, 1].
  double overlap = 0;
  double volume_bytes = 0;  // what each rank sends per step with ring collectives
  std::uint64_t wrong = 0;  // wrong elements over every collective of the step, summed over ranks
  std::vector<GradsyncMessage> messages;
  GradsyncSchedule measured_schedule;                   // with the durations measured alone
  std::optional<GradsyncSchedule> predicted_schedule;  // with the cost model's (--fabric)
};

struct GradsyncReport {
  RunOutcome outcome;
  RunMeta meta;
  nlohmann::json config = nlohmann::json::object();
  nlohmann::json workload = nlohmann::json::object();  // the workload file format (docs/WORKLOADS.md)
  std::string strategy;
  bool overlap = true;
  std::string gradient_dtype;
  int ranks = 0;
  std::uint64_t parameters = 0;
  std::uint64_t gradient_bytes = 0;
  double volume_factor = 0;  // per-rank traffic in units of gradient_bytes: 2 or 3
  // Emulated compute: what was asked per step and (compute_s - requested) / requested of the
  // first case, the calibration error of the busy wait or spin kernel.
  double requested_forward_s = 0;
  double requested_backward_s = 0;
  double compute_calibration_error = 0;
  std::string fabric;  // the fabric of the predictions; empty without --fabric
  std::vector<GradsyncCase> cases;
  // The case with the least measured exposed communication, and the one the model picks
  // (--fabric); with one case, that case.
  std::optional<std::uint64_t> best_bucket_bytes;
  std::optional<std::uint64_t> predicted_best_bucket_bytes;
  std::uint64_t wrong_total = 0;
  std::vector<std::string> notes;
};

void to_json(nlohmann::json& json, const GradsyncReport& report);
// Throws std::runtime_error for another kind or schema version.
void from_json(const nlohmann::json& json, GradsyncReport& report);

}  // namespace commbench
