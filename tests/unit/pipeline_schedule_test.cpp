// The schedule generator: every micro-batch's forward and backward once per chunk and stage,
// dependencies feasible, transfers matched in order and free of deadlock (plan_problem), and
// the passes of small cases written out by hand.
#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include "topology/training/pipeline_schedule.hpp"

namespace commbench {
namespace {

std::string passes_text(const std::vector<ComputeOp>& passes) {
  std::string text;
  for (const ComputeOp& op : passes) {
    text += (text.empty() ? "" : " ") + std::string(op.pass == Pass::forward ? "F" : "B") +
            std::to_string(op.microbatch) + (op.chunk > 0 ? "." + std::to_string(op.chunk) : "");
  }
  return text;
}

TEST(PipelineSchedule, GpipeRunsEveryForwardThenEveryBackward) {
  EXPECT_EQ(passes_text(stage_passes(PipelineSchedule::gpipe, {3, 3, 1}, 1)), "F0 F1 F2 B2 B1 B0");
}

TEST(PipelineSchedule, OneFOneBWarmsUpWithStagesLeftThenAlternates) {
  const PipelineShape shape{4, 6, 1};
  EXPECT_EQ(passes_text(stage_passes(PipelineSchedule::one_f_one_b, shape, 0)),
            "F0 F1 F2 F3 B0 F4 B1 F5 B2 B3 B4 B5");
  EXPECT_EQ(passes_text(stage_passes(PipelineSchedule::one_f_one_b, shape, 2)),
            "F0 F1 B0 F2 B1 F3 B2 F4 B3 F5 B4 B5");
  EXPECT_EQ(passes_text(stage_passes(PipelineSchedule::one_f_one_b, shape, 3)),
            "F0 B0 F1 B1 F2 B2 F3 B3 F4 B4 F5 B5");
  // Fewer micro-batches than stages: the warm-up is cut at m.
  EXPECT_EQ(passes_text(stage_passes(PipelineSchedule::one_f_one_b, {4, 2, 1}, 0)), "F0 F1 B0 B1");
}

TEST(PipelineSchedule, InterleavedFollowsMegatron) {
  // S = 2, v = 2, m = 4: stage 0 warms up with (2 - 0 - 1) * 2 + (2 - 1) * 2 = 4 forwards;
  // forward k is chunk (k / 2) mod 2 of micro-batch (k / 4) * 2 + k mod 2.
  const PipelineShape shape{2, 4, 2};
  EXPECT_EQ(passes_text(stage_passes(PipelineSchedule::interleaved, shape, 0)),
            "F0 F1 F0.1 F1.1 F2 B0.1 F3 B1.1 F2.1 B0 F3.1 B1 B2.1 B3.1 B2 B3");
  EXPECT_EQ(passes_text(stage_passes(PipelineSchedule::interleaved, shape, 1)),
            "F0 F1 F0.1 B0.1 F1.1 B1.1 F2 B0 F3 B1 F2.1 B2.1 F3.1 B3.1 B2 B3");
}

TEST(PipelineSchedule, EveryPassOnceAndPlansRunWithoutDeadlock) {
  for (PipelineSchedule schedule :
       {PipelineSchedule::gpipe, PipelineSchedule::one_f_one_b, PipelineSchedule::interleaved}) {
    for (int stages = 2; stages <= 6; ++stages) {
      for (int microbatches = 1; microbatches <= 3 * stages; ++microbatches) {
        for (int chunks = 1; chunks <= (schedule == PipelineSchedule::interleaved ? 3 : 1); ++chunks) {
          if (schedule == PipelineSchedule::interleaved && microbatches % stages != 0) continue;
          const PipelineShape shape{stages, microbatches, chunks};
          const std::string where = pipeline_schedule_name(schedule) + " S=" + std::to_string(stages) +
                                    " m=" + std::to_string(microbatches) + " v=" + std::to_string(chunks);
          std::vector<std::vector<PipelineStep>> plans;
          for (int stage = 0; stage < stages; ++stage) {
            std::set<std::tuple<int, int, int>> seen;
            std::set<std::pair<int, int>> forwarded;
            for (const ComputeOp& op : stage_passes(schedule, shape, stage)) {
              EXPECT_TRUE(seen.insert({static_cast<int>(op.pass), op.microbatch, op.chunk}).second) << where;
              // A stage runs a backward only after its own forward of that micro-batch and chunk.
              if (op.pass == Pass::forward) forwarded.insert({op.microbatch, op.chunk});
              if (op.pass == Pass::backward) {
                EXPECT_TRUE(forwarded.count({op.microbatch, op.chunk})) << where;
              }
            }
            EXPECT_EQ(seen.size(), static_cast<std::size_t>(2 * microbatches * chunks)) << where;
            plans.push_back(stage_plan(schedule, shape, stage));
          }
          // gpipe and 1f1b under the worst case; interleaved needs buffered sends (docs/MODELS.md).
          const SendCompletion sends = schedule == PipelineSchedule::interleaved ? SendCompletion::buffered
                                                                                 : SendCompletion::rendezvous;
          EXPECT_EQ(plan_problem(plans, shape, sends), "") << where;
        }
      }
    }
  }
}

TEST(PipelineSchedule, PlanReceivesEachInputBeforeItsPass) {
  const PipelineShape shape{3, 4, 1};
  const auto plan = stage_plan(PipelineSchedule::one_f_one_b, shape, 1);
  std::set<std::tuple<int, int>> arrived;  // (payload, micro-batch)
  for (const PipelineStep& step : plan) {
    if (step.receive) arrived.insert({static_cast<int>(step.receive->payload), step.receive->microbatch});
    if (!step.compute) continue;
    const auto payload = step.compute->pass == Pass::forward ? Payload::activation : Payload::gradient;
    EXPECT_TRUE(arrived.count({static_cast<int>(payload), step.compute->microbatch}));
  }
}

TEST(PipelineSchedule, PlanProblemFindsADeadlock) {
  // Two stages that both receive before they send: neither can go on.
  const PipelineShape shape{2, 1, 1};
  const PipelineMessage to_one{Payload::activation, 0, 0, 1};
  const PipelineMessage to_zero{Payload::gradient, 0, 1, 0};
  const std::vector<std::vector<PipelineStep>> plans{
      {{std::nullopt, std::nullopt, to_zero}, {std::nullopt, to_one, std::nullopt}},
      {{std::nullopt, std::nullopt, to_one}, {std::nullopt, to_zero, std::nullopt}}};
  EXPECT_NE(plan_problem(plans, shape).find("deadlock"), std::string::npos);
}

TEST(PipelineSchedule, Names) {
  EXPECT_EQ(parse_pipeline_schedule("1f1b"), PipelineSchedule::one_f_one_b);
  EXPECT_EQ(parse_pipeline_schedule("interleaved"), PipelineSchedule::interleaved);
  EXPECT_FALSE(parse_pipeline_schedule("pipedream"));
}

}  // namespace
}  // namespace commbench
