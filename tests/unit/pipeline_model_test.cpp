// The pipeline model against numbers worked by hand (docs/MODELS.md, "Pipeline parallelism").
#include <gtest/gtest.h>

#include "topology/training/pipeline_model.hpp"

namespace commbench {
namespace {

TEST(PipelineModel, OneFOneBAndGpipe) {
  // p = 4, m = 8, t_f = 2 ms, t_b = 4 ms, t_x = 0.5 ms:
  // ideal 8 * 6 = 48 ms, bubble 3 * 6 = 18 ms, transfers 2 * 3 * 0.5 = 3 ms, step 69 ms,
  // bubble fraction 3 / 11.
  for (PipelineSchedule schedule : {PipelineSchedule::gpipe, PipelineSchedule::one_f_one_b}) {
    const PipelineModelTerms terms = model_pipeline_step(schedule, {4, 8, 1}, 0.002, 0.004, 0.0005);
    EXPECT_NEAR(terms.ideal_s, 0.048, 1e-12);
    EXPECT_NEAR(terms.bubble_s, 0.018, 1e-12);
    EXPECT_NEAR(terms.transfer_s, 0.003, 1e-12);
    EXPECT_NEAR(terms.compute_only_s, 0.066, 1e-12);
    EXPECT_NEAR(terms.step_s, 0.069, 1e-12);
    EXPECT_NEAR(terms.bubble_fraction, 3.0 / 11.0, 1e-12);
  }
}

TEST(PipelineModel, InterleavedDividesTheBubbleAndMultipliesTransfers) {
  // v = 2: bubble 18 / 2 = 9 ms, transfers 3 * 2 = 6 ms; fraction 9 / 57.
  const PipelineModelTerms terms = model_pipeline_step(PipelineSchedule::interleaved, {4, 8, 2}, 0.002, 0.004, 0.0005);
  EXPECT_NEAR(terms.bubble_s, 0.009, 1e-12);
  EXPECT_NEAR(terms.transfer_s, 0.006, 1e-12);
  EXPECT_NEAR(terms.step_s, 0.048 + 0.009 + 0.006, 1e-12);
  EXPECT_NEAR(terms.bubble_fraction, 9.0 / 57.0, 1e-12);
}

TEST(PipelineModel, PointToPointTimeCrossesTheSeparatingTier) {
  Fabric fabric;
  fabric.name = "two-tier";
  FabricTier inner;
  inner.name = "inner";
  inner.members = 2;
  inner.link_bandwidth.value = 1e9;
  inner.latency.value = 1e-6;
  FabricTier outer;
  outer.name = "outer";
  outer.members = 2;
  outer.link_bandwidth.value = 1e8;
  outer.latency.value = 1e-5;
  fabric.tiers = {inner, outer};
  // Ranks 0 and 1 share an inner member: 1 us + 1e6 / 1e9 s.
  EXPECT_NEAR(point_to_point_time(fabric, "mpi", 4, 0, 1, 1000000), 1e-6 + 1e-3, 1e-12);
  // Ranks 1 and 2 cross the outer tier, whose member's link is shared by its 2 ranks:
  // 10 us + 1e6 / (1e8 / 2) s.
  EXPECT_NEAR(point_to_point_time(fabric, "mpi", 4, 1, 2, 1000000), 1e-5 + 2e-2, 1e-12);
}

}  // namespace
}  // namespace commbench
