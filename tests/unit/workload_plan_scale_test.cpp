// topology/workload_plan at scale: the plan merges layers where nothing of the step happens between
// them, so that its size, its program and every simulation of it grow with the buckets, not
// the layers (issue 21: 10^6 layers took 48-325 s in `plan`, walked at every GPU count). Pinned
// without timing: by the number of entries and actions a 10^6-layer plan builds, and by the
// schedule being the one of the layers taken one by one.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "topology/training/gradsync_program.hpp"
#include "topology/training/step_simulation.hpp"
#include "topology/workload/workload_plan.hpp"

namespace commbench {
namespace {

Workload workload_of(const std::vector<std::uint64_t>& layer_parameters, const std::string& strategy) {
  Workload workload;
  workload.name = "test";
  workload.strategy = strategy;
  for (std::size_t i = 0; i < layer_parameters.size(); ++i) {
    workload.layers.push_back({"layer " + std::to_string(i), layer_parameters[i]});
    workload.parameters += layer_parameters[i];
  }
  return workload;
}

WorkloadStep step_of(SyncStrategy strategy, bool overlap, std::uint64_t bucket_bytes, int ranks) {
  WorkloadStep step;
  step.strategy = strategy;
  step.dtype = Dtype::float32;
  step.bucket_bytes = bucket_bytes;
  step.first_bucket_bytes = bucket_bytes / 3;
  step.forward_s = 1.0;
  step.backward_s = 2.0;
  step.ranks = ranks;
  step.overlap = overlap;
  step.model_parallel = 2;
  return step;
}

// The plan of the layers one by one, as it was built before layers were merged.
GradsyncPlan layer_by_layer_plan(const Workload& workload, const WorkloadStep& step) {
  GradsyncPlan plan;
  plan.strategy = step.strategy;
  plan.overlap = step.overlap;
  plan.ranks = step.ranks;
  plan.bucket_elements = std::max<std::uint64_t>(1, step.bucket_bytes / 4);
  plan.first_bucket_elements = std::max<std::uint64_t>(1, step.first_bucket_bytes / 4);
  for (const WorkloadLayer& layer : workload.layers) {
    const double share = static_cast<double>(layer.parameters) / static_cast<double>(workload.parameters);
    plan.layer_elements.push_back((layer.parameters + step.model_parallel - 1) / step.model_parallel);
    plan.forward_s.push_back(step.forward_s * share);
    plan.backward_s.push_back(step.backward_s * share);
  }
  if (step.strategy == SyncStrategy::zero3 || step.strategy == SyncStrategy::fsdp) {
    return wrapped_in_units(plan, plan.bucket_elements);
  }
  return plan;
}

// Every message's duration proportional to its size, so that the schedule depends on them.
SimulatedStep simulated(const StepProgram& program) {
  std::vector<double> seconds;
  for (const SyncMessage& message : program.messages) seconds.push_back(1e-6 * static_cast<double>(message.elements));
  return simulate_step(program, seconds);
}

TEST(WorkloadPlan, MergedLayersGiveTheScheduleOfTheLayersOneByOne) {
  // Layers of uneven sizes: some smaller than a bucket, some spanning several, some ending a
  // bucket exactly (bucket of 1000 elements, first of 333).
  std::vector<std::uint64_t> layers;
  for (std::uint64_t i = 0; i < 400; ++i) layers.push_back(1 + (i * 7919) % 2600 + (i % 17 == 0 ? 4000 : 0));
  layers.push_back(2000);  // 1000 elements at model_parallel 2: one bucket exactly
  for (const char* strategy : {"ddp", "zero1", "zero2", "zero3", "fsdp"}) {
    for (bool overlap : {true, false}) {
      SCOPED_TRACE(std::string(strategy) + (overlap ? " overlap" : " no overlap"));
      const Workload workload = workload_of(layers, strategy);
      const WorkloadStep step = step_of(*parse_sync_strategy(strategy), overlap, 4000, 3);
      const GradsyncPlan merged = workload_gradsync_plan(workload, step);
      const GradsyncPlan one_by_one = layer_by_layer_plan(workload, step);
      EXPECT_LE(merged.layer_elements.size(), one_by_one.layer_elements.size());
      const StepProgram a = gradsync_step_program(merged);
      const StepProgram b = gradsync_step_program(one_by_one);
      ASSERT_EQ(a.messages.size(), b.messages.size());
      for (std::size_t k = 0; k < a.messages.size(); ++k) {
        EXPECT_EQ(a.messages[k].collective, b.messages[k].collective);
        EXPECT_EQ(a.messages[k].offset, b.messages[k].offset);
        EXPECT_EQ(a.messages[k].elements, b.messages[k].elements);
      }
      EXPECT_EQ(a.buffer_elements, b.buffer_elements);
      const SimulatedStep x = simulated(a);
      const SimulatedStep y = simulated(b);
      EXPECT_NEAR(x.step_s, y.step_s, 1e-9 * y.step_s);
      EXPECT_NEAR(x.exposed_s, y.exposed_s, 1e-9 * y.step_s);
      EXPECT_NEAR(x.compute_s, y.compute_s, 1e-9 * y.step_s);
      for (std::size_t k = 0; k < x.messages.size(); ++k) {
        EXPECT_NEAR(x.messages[k].start_s, y.messages[k].start_s, 1e-9 * y.step_s) << "message " << k;
      }
    }
  }
}

TEST(WorkloadPlan, AMillionLayersMakeAPlanOfTheBucketsNotTheLayers) {
  // The documented limit, layers_count 1000000, of a 70B model in 25 MiB bf16 buckets: the
  // plan and its program hold a few thousand entries, whatever the layer count.
  Workload workload;
  workload.name = "million";
  workload.parameters = 70'000'000'000ULL;
  workload.layers.assign(1'000'000, WorkloadLayer{"layer", 70'000});
  for (const char* strategy : {"ddp", "zero2", "fsdp"}) {
    SCOPED_TRACE(strategy);
    WorkloadStep step;
    step.strategy = *parse_sync_strategy(strategy);
    step.dtype = Dtype::bfloat16;
    step.forward_s = 1;
    step.backward_s = 2;
    step.ranks = 1024;
    const GradsyncPlan plan = workload_gradsync_plan(workload, step);
    const double buckets = std::ceil(140e9 / static_cast<double>(25ULL << 20));  // 5341
    EXPECT_LE(static_cast<double>(plan.layer_elements.size()), buckets + 2);
    const StepProgram program = gradsync_step_program(plan);
    EXPECT_LE(static_cast<double>(program.actions.size()), 8 * (buckets + 2));
  }
}

}  // namespace
}  // namespace commbench
