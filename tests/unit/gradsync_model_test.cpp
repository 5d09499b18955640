// topology/gradient_buckets, gradsync_program and step_simulation: buckets worked by hand,
// each strategy's program (what it sends, in which order, how much), and the event-schedule
// model against a three-bucket example worked by hand (docs/MODELS.md).
#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "topology/training/gradient_buckets.hpp"
#include "topology/training/gradsync_program.hpp"
#include "topology/training/step_simulation.hpp"

namespace commbench {
namespace {

std::uint64_t elements_sent(const StepProgram& program, const std::string& collective) {
  std::uint64_t total = 0;
  for (const SyncMessage& message : program.messages) {
    if (message.collective == collective) total += message.elements;
  }
  return total;
}

// The actions of a program as text, e.g. "F0 F1 B1 S0 B0 S1 W0 W1".
std::string action_text(const StepProgram& program) {
  std::string text;
  for (const StepAction& action : program.actions) {
    const char letter = "FBSW"[static_cast<int>(action.kind)];
    text += (text.empty() ? "" : " ") + std::string(1, letter) + std::to_string(action.index);
  }
  return text;
}

GradsyncPlan three_layer_plan(SyncStrategy strategy, bool overlap) {
  GradsyncPlan plan;
  plan.strategy = strategy;
  plan.overlap = overlap;
  plan.layer_elements = {4, 4, 4};
  plan.forward_s = {1, 1, 1};
  plan.backward_s = {2, 2, 2};
  plan.bucket_elements = 4;
  plan.first_bucket_elements = 4;
  plan.ranks = 2;
  return plan;
}

TEST(GradientBuckets, FillInReverseLayerOrderWithASmallFirstBucket) {
  // Flat in backward order: layer 2 (7), layer 1 (3), layer 0 (10); first bucket 2, then 5:
  // [2 of L2] [5 of L2] [3 of L1 + 2 of L0] [5 of L0] [3 of L0].
  const auto buckets = gradient_buckets({10, 3, 7}, 5, 2, 1);
  ASSERT_EQ(buckets.size(), 5u);
  const std::vector<std::uint64_t> elements{2, 5, 5, 5, 3};
  const std::vector<std::size_t> ready{2, 2, 0, 0, 0};
  std::uint64_t offset = 0;
  for (std::size_t k = 0; k < buckets.size(); ++k) {
    EXPECT_EQ(buckets[k].elements, elements[k]) << k;
    EXPECT_EQ(buckets[k].padded_elements, elements[k]) << k;
    EXPECT_EQ(buckets[k].ready_after_layer, ready[k]) << k;
    EXPECT_EQ(buckets[k].offset, offset) << k;
    offset += buckets[k].padded_elements;
  }
}

TEST(GradientBuckets, PadToTheRankCountBackToBack) {
  const auto buckets = gradient_buckets({10, 3, 7}, 5, 2, 4);
  const std::vector<std::uint64_t> padded{4, 8, 8, 8, 4};
  const std::vector<std::uint64_t> offsets{0, 4, 12, 20, 28};
  ASSERT_EQ(buckets.size(), padded.size());
  for (std::size_t k = 0; k < buckets.size(); ++k) {
    EXPECT_EQ(buckets[k].padded_elements, padded[k]) << k;
    EXPECT_EQ(buckets[k].offset, offsets[k]) << k;
  }
}

TEST(GradientBuckets, OneBucketWhenItHoldsEverything) {
  const auto buckets = gradient_buckets({3, 3}, 100, 100, 1);
  ASSERT_EQ(buckets.size(), 1u);
  EXPECT_EQ(buckets[0].elements, 6u);
  EXPECT_EQ(buckets[0].ready_after_layer, 0u);
}

TEST(GradientBuckets, RefuseZeroSizes) {
  EXPECT_THROW(gradient_buckets({3}, 0, 1, 1), std::invalid_argument);
  EXPECT_THROW(gradient_buckets({3}, 1, 0, 1), std::invalid_argument);
}

TEST(SyncStrategy, NamesAndVolumes) {
  EXPECT_EQ(sync_strategy_names_text(), "ddp, zero1, zero2, zero3, fsdp");
  for (const char* name : {"ddp", "zero1", "zero2", "zero3", "fsdp"}) {
    ASSERT_TRUE(parse_sync_strategy(name)) << name;
    EXPECT_STREQ(sync_strategy_name(*parse_sync_strategy(name)), name);
  }
  EXPECT_FALSE(parse_sync_strategy("zero4"));
  EXPECT_EQ(communication_volume_factor(SyncStrategy::ddp), 2.0);
  EXPECT_EQ(communication_volume_factor(SyncStrategy::zero2), 2.0);
  EXPECT_EQ(communication_volume_factor(SyncStrategy::fsdp), 3.0);
}

TEST(GradsyncProgram, DdpStartsEachBucketAfterTheBackwardThatFillsIt) {
  const StepProgram program = gradsync_step_program(three_layer_plan(SyncStrategy::ddp, true));
  EXPECT_EQ(action_text(program), "F0 F1 F2 B2 S0 B1 S1 B0 S2 W0 W1 W2");
  EXPECT_EQ(elements_sent(program, "allreduce"), 12u);
  EXPECT_EQ(program.buffer_elements, 12u);
}

TEST(GradsyncProgram, WithoutOverlapEachCollectiveWaitsForTheBackwardPassAndThePreviousOne) {
  const StepProgram program = gradsync_step_program(three_layer_plan(SyncStrategy::ddp, false));
  EXPECT_EQ(action_text(program), "F0 F1 F2 B2 B1 B0 S0 W0 S1 W1 S2 W2");
}

TEST(GradsyncProgram, ZeroReduceScattersGradientsThenGathersParameters) {
  const StepProgram zero2 = gradsync_step_program(three_layer_plan(SyncStrategy::zero2, true));
  EXPECT_EQ(action_text(zero2), "F0 F1 F2 B2 S0 B1 S1 B0 S2 W0 W1 W2 S3 S4 S5 W3 W4 W5");
  EXPECT_EQ(elements_sent(zero2, "reducescatter"), 12u);
  EXPECT_EQ(elements_sent(zero2, "allgather"), 12u);
  // zero1 keeps whole gradients through the backward pass.
  const StepProgram zero1 = gradsync_step_program(three_layer_plan(SyncStrategy::zero1, true));
  EXPECT_EQ(action_text(zero1), "F0 F1 F2 B2 B1 B0 S0 S1 S2 W0 W1 W2 S3 S4 S5 W3 W4 W5");
}

TEST(GradsyncProgram, FsdpGathersBeforeEachPassAndPrefetchesTheNextLayer) {
  const StepProgram program = gradsync_step_program(three_layer_plan(SyncStrategy::fsdp, true));
  // Messages: gathers for forward 0..2 (0-2), then per layer from the last: gather for
  // backward and reduce-scatter (layer 2: 3, 4; layer 1: 5, 6; layer 0: 7, 8).
  EXPECT_EQ(action_text(program), "S0 W0 S1 F0 W1 S2 F1 W2 F2 S3 W3 S5 B2 S4 W5 S7 B1 S6 W7 B0 S8 W4 W6 W8");
  // Three times the parameters: psi gathered for forward, psi for backward, psi reduce-scattered.
  EXPECT_EQ(elements_sent(program, "allgather"), 24u);
  EXPECT_EQ(elements_sent(program, "reducescatter"), 12u);
  const StepProgram blocking = gradsync_step_program(three_layer_plan(SyncStrategy::fsdp, false));
  EXPECT_EQ(action_text(blocking), "S0 W0 F0 S1 W1 F1 S2 W2 F2 S3 W3 B2 S4 W4 S5 W5 B1 S6 W6 S7 W7 B0 S8 W8");
}

TEST(GradsyncProgram, FsdpRegionsArePaddedToTheRankCount) {
  GradsyncPlan plan = three_layer_plan(SyncStrategy::zero3, true);
  plan.layer_elements = {5, 1, 9};
  plan.ranks = 4;
  const StepProgram program = gradsync_step_program(plan);
  EXPECT_EQ(program.buffer_elements, 8u + 4u + 12u);
  for (const SyncMessage& message : program.messages) EXPECT_EQ(message.elements % 4, 0u) << message.purpose;
}

TEST(GradsyncProgram, WrappingMergesConsecutiveLayersIntoUnitsOfAtLeastTheSize) {
  GradsyncPlan plan = three_layer_plan(SyncStrategy::fsdp, true);
  plan.layer_elements = {3, 2, 6, 1};
  plan.forward_s = {1, 2, 3, 4};
  plan.backward_s = {10, 20, 30, 40};
  const GradsyncPlan units = wrapped_in_units(plan, 5);
  EXPECT_EQ(units.layer_elements, (std::vector<std::uint64_t>{5, 6, 1}));
  EXPECT_EQ(units.forward_s, (std::vector<double>{3, 3, 4}));
  EXPECT_EQ(units.backward_s, (std::vector<double>{30, 30, 40}));
  EXPECT_EQ(wrapped_in_units(plan, 1).layer_elements, plan.layer_elements);
}

TEST(GradsyncProgram, RefusesInconsistentPlans) {
  GradsyncPlan plan = three_layer_plan(SyncStrategy::ddp, true);
  plan.backward_s.pop_back();
  EXPECT_THROW(gradsync_step_program(plan), std::invalid_argument);
  plan = three_layer_plan(SyncStrategy::ddp, true);
  plan.layer_elements[1] = 0;
  EXPECT_THROW(gradsync_step_program(plan), std::invalid_argument);
}

// Three buckets, one per layer; forward 1 + 1 + 1, backward 2 + 2 + 2, collectives 3, 1, 1.
// Forward ends at 3. Backward of layer 2 ends at 5: bucket 0 ready, e0 = max(5, 0) + 3 = 8.
// Layer 1 ends at 7: e1 = max(7, 8) + 1 = 9. Layer 0 ends at 9: e2 = max(9, 9) + 1 = 10.
// Step 10, compute 9, exposed 1 = e2 - end of backward (9): the last bucket's collective.
TEST(StepSimulation, MatchesTheThreeBucketExampleWorkedByHand) {
  const StepProgram program = gradsync_step_program(three_layer_plan(SyncStrategy::ddp, true));
  const SimulatedStep step = simulate_step(program, {3, 1, 1});
  ASSERT_EQ(step.messages.size(), 3u);
  const std::vector<double> ready{5, 7, 9}, start{5, 8, 9}, end{8, 9, 10};
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_DOUBLE_EQ(step.messages[k].ready_s, ready[k]) << k;
    EXPECT_DOUBLE_EQ(step.messages[k].start_s, start[k]) << k;
    EXPECT_DOUBLE_EQ(step.messages[k].end_s, end[k]) << k;
  }
  EXPECT_DOUBLE_EQ(step.forward_s, 3);
  EXPECT_DOUBLE_EQ(step.backward_s, 6);
  EXPECT_DOUBLE_EQ(step.compute_s, 9);
  EXPECT_DOUBLE_EQ(step.communication_s, 5);
  EXPECT_DOUBLE_EQ(step.backward_end_s, 9);
  EXPECT_DOUBLE_EQ(step.step_s, 10);
  EXPECT_DOUBLE_EQ(step.exposed_s, 1);
}

// Without overlap the collectives follow the backward pass one after another: exposed is
// their sum, 3 + 1 + 1.
TEST(StepSimulation, WithoutOverlapTheExposedTimeIsTheSum) {
  const SimulatedStep step = simulate_step(gradsync_step_program(three_layer_plan(SyncStrategy::ddp, false)), {3, 1, 1});
  EXPECT_DOUBLE_EQ(step.step_s, 14);
  EXPECT_DOUBLE_EQ(step.exposed_s, 5);
}

// Compute far longer than communication hides every bucket but the last.
TEST(StepSimulation, LongComputeLeavesOnlyTheLastBucketExposed) {
  GradsyncPlan plan = three_layer_plan(SyncStrategy::ddp, true);
  plan.backward_s = {100, 100, 100};
  const SimulatedStep step = simulate_step(gradsync_step_program(plan), {3, 2, 1.5});
  EXPECT_DOUBLE_EQ(step.exposed_s, 1.5);
}

// FSDP, collectives of 0.5 each, forward 1 and backward 2 per layer: every gather but the
// first is prefetched behind compute, and the last reduce-scatter follows the last backward.
// Gather 0: 0 to 0.5; forward 0.5 to 3.5 (gathers 1, 2 hidden); gather for backward of layer 2
// 3.5 to 4; backward 4 to 10 with the other collectives hidden; reduce-scatter of layer 0
// 10 to 10.5. Exposed: 0.5 + 0.5 + 0.5.
TEST(StepSimulation, FsdpExposesTheFirstGathersAndTheLastReduceScatter) {
  const StepProgram program = gradsync_step_program(three_layer_plan(SyncStrategy::fsdp, true));
  const SimulatedStep step = simulate_step(program, std::vector<double>(program.messages.size(), 0.5));
  EXPECT_DOUBLE_EQ(step.step_s, 10.5);
  EXPECT_DOUBLE_EQ(step.exposed_s, 1.5);
  EXPECT_DOUBLE_EQ(step.communication_s, 4.5);
}

TEST(StepSimulation, RefusesAMissingDuration) {
  const StepProgram program = gradsync_step_program(three_layer_plan(SyncStrategy::ddp, true));
  EXPECT_THROW(simulate_step(program, {1, 1}), std::invalid_argument);
}

}  // namespace
}  // namespace commbench
