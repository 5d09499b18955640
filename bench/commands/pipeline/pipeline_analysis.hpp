#pragma once
// From every rank's timed steps (pipeline_executor.hpp) to what the report says of a run:
// the step time (max over ranks), per stage the busy, transfer and idle time, per transfer
// its time and bandwidth, the bubble fraction, and the timeline of the median step. Pure.
//
// Definitions (docs/MODELS.md, "Pipeline parallelism, measured"):
//   busy      the passes' durations;
//   transfer  per communication call, end - max(its start, the start of the peer's matching
//             call for each of its messages): the time data moved once both sides were there;
//             the time before that is waiting for the peer, i.e. bubble;
//   idle      step - busy - transfer (the bubble);
//   bubble fraction  idle / step, averaged over stages (and pipelines) and steps;
//   one transfer's time  the receiving call's end - max(the two calls' starts).
#include <cstdint>
#include <vector>

#include "bench/commands/pipeline/pipeline_executor.hpp"
#include "reports/model/pipeline_report.hpp"
#include "topology/training/pipeline_schedule.hpp"

namespace commbench {

struct PipelineMeasurements {
  PipelineSchedule schedule = PipelineSchedule::one_f_one_b;
  PipelineShape shape;
  std::vector<std::vector<PipelineStep>> plans;  // per stage
  std::vector<std::vector<int>> ranks;           // [pipeline][stage] -> rank
  std::vector<std::vector<PlanTimes>> times;     // [rank][timed step]
  std::uint64_t bytes = 0;
};

// Fills every measured field of PipelineRun (not the model). times must hold at least one step.
PipelineRun analyse_pipeline(const PipelineMeasurements& measured);

}  // namespace commbench
