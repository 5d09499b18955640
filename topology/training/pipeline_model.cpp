#include "topology/training/pipeline_model.hpp"

#include "topology/cost/model_family.hpp"
#include "topology/cost/nccl_cost_model.hpp"
#include "topology/cost/rank_layout.hpp"

namespace commbench {

PipelineModelTerms model_pipeline_step(PipelineSchedule schedule, const PipelineShape& shape, double forward_s,
                                       double backward_s, double transfer_s) {
  const double m = shape.microbatches;
  const double p = shape.stages;
  // Interleaving divides the fill and drain by v (each pass is 1/v as long) and multiplies the
  // transfers by v (Narayanan et al. 2021, section 2.2).
  const double v = schedule == PipelineSchedule::interleaved ? shape.chunks : 1;
  PipelineModelTerms terms;
  terms.ideal_s = m * (forward_s + backward_s);
  terms.bubble_s = (p - 1) * (forward_s + backward_s) / v;
  terms.transfer_s = 2 * (p - 1) * v * transfer_s;
  terms.compute_only_s = terms.ideal_s + terms.bubble_s;
  terms.step_s = terms.compute_only_s + terms.transfer_s;
  terms.bubble_fraction = terms.compute_only_s > 0 ? terms.bubble_s / terms.compute_only_s : 0;
  return terms;
}

double point_to_point_time(const Fabric& fabric, const std::string& backend, std::int64_t ranks, int a, int b,
                           std::uint64_t bytes) {
  if (model_family_for(fabric, backend) == ModelFamily::nccl) {
    return nccl_send_time(fabric, static_cast<int>(ranks), a, b, bytes);
  }
  const RankLayout layout = rank_layout(fabric, ranks);
  if (layout.levels.empty() || a == b) return 0;
  const LayoutLevel& level =
      layout.levels[separating_level(layout, static_cast<std::uint64_t>(a), static_cast<std::uint64_t>(b))];
  return level.latency_s + static_cast<double>(bytes) * level.seconds_per_byte;
}

}  // namespace commbench
