// topology/workload/workload_plan.hpp: the smallest bucket size a workload's gradients accept, so that
// a step is never cut into more than kMaxBucketsPerStep collectives (a bucket of 1 byte once
// cut resnet50 into 25 million and never ended).
#include "topology/workload/workload_plan.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "topology/workload/workload_presets.hpp"
#include "text_search.hpp"

namespace commbench {
namespace {

TEST(SmallestBucketBytes, CutsTheGradientsIntoAtMostTheBoundInWholeElements) {
  Workload workload;
  workload.parameters = 25557032;  // resnet50
  // ceil(25557032 / 100000) = 256 elements.
  EXPECT_EQ(smallest_bucket_bytes(workload, Dtype::float32), 256u * 4);
  EXPECT_EQ(smallest_bucket_bytes(workload, Dtype::bfloat16), 256u * 2);
  workload.parameters = 1000;
  EXPECT_EQ(smallest_bucket_bytes(workload, Dtype::float64), 8u);  // one element at least
  workload.parameters = std::numeric_limits<std::uint64_t>::max();
  // Gradients past 64 bits: the bound is formed in elements first, so it does not wrap.
  EXPECT_EQ(smallest_bucket_bytes(workload, Dtype::float64),
            (std::numeric_limits<std::uint64_t>::max() / kMaxBucketsPerStep + 1) * 8);
}

TEST(SmallestBucketBytes, ThePlanAtTheSmallestSizeHasAtMostTheBound) {
  const Workload workload = load_workload_preset("resnet50");
  WorkloadStep step;
  step.dtype = Dtype::float32;
  step.bucket_bytes = smallest_bucket_bytes(workload, step.dtype);
  step.first_bucket_bytes = step.bucket_bytes;
  const GradsyncPlan plan = workload_gradsync_plan(workload, step);
  EXPECT_LE(plan.bucket_elements, workload.parameters);
  EXPECT_LE(workload.parameters / plan.bucket_elements, kMaxBucketsPerStep);
}

TEST(BucketSizeProblem, NamesTheWorkloadAndTheSmallestSize) {
  const Workload workload = load_workload_preset("resnet50");
  EXPECT_EQ(bucket_size_problem(25ULL << 20, workload, Dtype::float32), "");
  EXPECT_EQ(bucket_size_problem(1024, workload, Dtype::float32), "");
  const std::string message = bucket_size_problem(1, workload, Dtype::float32);
  EXPECT_TRUE(contains(message, "resnet50")) << message;
  EXPECT_TRUE(contains(message, "100000")) << message;
  EXPECT_TRUE(contains(message, "at least 1 KiB")) << message;
}

}  // namespace
}  // namespace commbench
