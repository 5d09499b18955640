#pragma once
// The pipeline step-time model (docs/MODELS.md, "Pipeline parallelism"): a schedule's step
// as compute, bubble and transfer terms, and its bubble fraction. Pure functions.
//   gpipe, 1f1b:  T = m (t_f + t_b) + (p - 1)(t_f + t_b) + 2 (p - 1) t_x
//   interleaved:  T = m (t_f + t_b) + (p - 1)(t_f + t_b) / v + 2 (p - 1) v t_x
// with t_f, t_b the forward and backward time of one micro-batch on one stage (all of its
// chunks) and t_x the time of one transfer between adjacent stages (0 without a fabric).
#include <cstdint>

#include "topology/fabric/fabric.hpp"
#include "topology/training/pipeline_schedule.hpp"

namespace commbench {

struct PipelineModelTerms {
  double ideal_s = 0;     // m (t_f + t_b): every stage busy the whole time
  double bubble_s = 0;    // the fill and drain
  double transfer_s = 0;  // transfers on the critical path
  double step_s = 0;      // the sum
  double compute_only_s = 0;   // ideal_s + bubble_s: the step if transfers took no time
  double bubble_fraction = 0;  // bubble_s / compute_only_s: (p - 1) / (m + p - 1), bubble / v interleaved
};

PipelineModelTerms model_pipeline_step(PipelineSchedule schedule, const PipelineShape& shape, double forward_s,
                                       double backward_s, double transfer_s);

// One transfer of bytes between ranks a and b (a != b) of a run of `ranks` ranks laid out on
// fabric. Over NCCL (backend "nccl") as NCCL's point-to-point path carries it
// (topology/cost/nccl_cost_model.hpp, nccl_send_time); otherwise (topology/cost/rank_layout.hpp) the latency
// plus bytes over the per-rank bandwidth of the innermost tier that joins them. Throws ModelError
// for a fabric that cannot be modelled.
double point_to_point_time(const Fabric& fabric, const std::string& backend, std::int64_t ranks, int a, int b,
                           std::uint64_t bytes);

}  // namespace commbench
