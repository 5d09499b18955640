// topology/scaling_analysis: the scaling analysis against numbers worked by hand. A one-tier
// fabric with one ring allreduce per step has a closed form, T(N) = Tc/N + 2(N-1) a +
// 2 (N-1)/N S/B (docs/MODELS.md, allreduce ring; docs/WORKLOADS.md, compute per step), whose
// minimum the search must find; the verdicts land where the arithmetic says; a preset's plan is
// deterministic and matches figures worked from the preset's published numbers; the relative
// figures (speedup, efficiency, marginal gain), the price, tensor parallelism's share of the
// gradients and the comparison of two fabrics follow their definitions.
#include "topology/scaling/scaling_analysis.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "reports/model/scaling_report.hpp"
#include "topology/fabric/fabric.hpp"
#include "topology/fabric_files/fabric_presets.hpp"
#include "topology/workload/workload.hpp"
#include "topology/workload/workload_presets.hpp"

namespace commbench {
namespace {

void expect_relative(double actual, double expected, double tolerance, const std::string& what) {
  EXPECT_NEAR(actual, expected, tolerance * std::fabs(expected)) << what;
}

// One tier named "net" of `bandwidth` B/s per rank and `alpha` s per message: two members, one
// link each, one rank per link, so beta = 1 / bandwidth; no reduction_bandwidth, so no gamma.
Fabric one_tier(const std::string& name, double bandwidth, double alpha) {
  Fabric fabric;
  fabric.name = name;
  FabricTier tier;
  tier.name = "net";
  tier.members = 2;
  tier.link_bandwidth.value = bandwidth;
  tier.latency.value = alpha;
  tier.links_per_member = 1;
  tier.ranks_per_nic = 1;
  fabric.tiers.push_back(tier);
  return fabric;
}

// One layer of `parameters` float32 gradients, ddp with one bucket that holds them all, nothing
// overlapped (overlap_fraction 0: step = compute + communication), strong scaling, compute
// given as seconds per sample, so a step on one GPU computes for Tc = batch x seconds_per_sample.
Workload one_layer(std::uint64_t parameters, std::uint64_t batch, double seconds_per_sample) {
  Workload workload;
  workload.name = "one-layer";
  workload.parameters = parameters;
  workload.gradient_dtype = Dtype::float32;
  workload.layers = {{"layer", parameters}};
  workload.batch = batch;
  workload.scaling = BatchScaling::strong;
  workload.compute.seconds_per_sample = seconds_per_sample;
  workload.strategy = "ddp";
  workload.bucket_bytes = 4 * parameters;
  workload.overlap_fraction = 0;
  return workload;
}

// DDP's first bucket as large as the gradients: the step is exactly one allreduce.
ScalingOptions one_bucket(const Workload& workload) {
  ScalingOptions options;
  options.first_bucket_bytes = gradient_bytes(workload);
  return options;
}

// ---- the closed form on one tier ------------------------------------------------------------

struct RingCase {
  std::uint64_t parameters;
  std::uint64_t batch;
  double seconds_per_sample;
  double alpha;
  double bandwidth;

  double compute() const { return static_cast<double>(batch) * seconds_per_sample; }
  double bytes() const { return 4.0 * static_cast<double>(parameters); }
  // T(N) = Tc/N + 2(N-1) a + 2 (N-1)/N S/B: compute shared by N, then a ring allreduce of S.
  double step(std::uint64_t gpus) const {
    const auto n = static_cast<double>(gpus);
    return compute() / n + 2 * (n - 1) * alpha + 2 * (n - 1) / n * bytes() / bandwidth;
  }
  // dT/dN = -(Tc - 2 S/B) / N^2 + 2 a = 0.
  double best() const { return std::sqrt((compute() - 2 * bytes() / bandwidth) / (2 * alpha)); }
};

void expect_lowest_step_at_the_closed_form_minimum(const RingCase& ring, std::uint64_t max_gpus) {
  const Fabric fabric = one_tier("flat", ring.bandwidth, ring.alpha);
  const Workload workload = one_layer(ring.parameters, ring.batch, ring.seconds_per_sample);
  const ScalingOptions options = one_bucket(workload);
  const CollectiveCostFn cost = modelled_collective_cost(fabric, 1, "ring");

  const double best = ring.best();
  const auto below = static_cast<std::uint64_t>(std::floor(best));
  const auto above = static_cast<std::uint64_t>(std::ceil(best));
  const std::uint64_t expected = ring.step(below) <= ring.step(above) ? below : above;
  // The two neighbours must differ by more than rounding, or the check would be luck.
  ASSERT_GT(std::fabs(ring.step(below) - ring.step(above)), 1e-12 * ring.step(expected)) << best;

  const auto [gpus, step_s] = lowest_step(workload, 1, max_gpus, 1, cost, options);
  EXPECT_EQ(gpus, expected) << "N* = " << best;
  expect_relative(step_s, ring.step(expected), 1e-9, "T(N*)");
}

TEST(ScalingClosedForm, LowestStepIsTheRingMinimumNearFifty) {
  // Tc = 260 x 1e-4 = 0.026 s; S = 4e6 B, S/B = 4e-4 s; a = 5 us:
  // N* = sqrt((0.026 - 8e-4) / 1e-5) = sqrt(2520) = 50.2, and T(50) < T(51).
  expect_lowest_step_at_the_closed_form_minimum({1000000, 260, 1e-4, 5e-6, 10e9}, 200);
}

TEST(ScalingClosedForm, LowestStepIsTheRingMinimumNearThreeThousand) {
  // Tc = 18500 x 1e-3 = 18.5 s; S/B = 4e-4 s; a = 1 us:
  // N* = sqrt((18.5 - 8e-4) / 2e-6) = sqrt(9249600) = 3041.3; T(3041) and T(3042) differ by
  // 2e-8 of T, far above rounding, so the search must resolve single GPUs.
  expect_lowest_step_at_the_closed_form_minimum({1000000, 18500, 1e-3, 1e-6, 10e9}, 10000);
}

TEST(ScalingClosedForm, LowestStepStopsAtTheEndOfTheRangeBelowTheMinimum) {
  // The step still falls at 32 (N* = 50.2): the best within 1..32 is 32.
  const RingCase ring{1000000, 260, 1e-4, 5e-6, 10e9};
  const Workload workload = one_layer(ring.parameters, ring.batch, ring.seconds_per_sample);
  const CollectiveCostFn cost = modelled_collective_cost(one_tier("flat", ring.bandwidth, ring.alpha), 1, "ring");
  const auto [gpus, step_s] = lowest_step(workload, 1, 32, 1, cost, one_bucket(workload));
  EXPECT_EQ(gpus, 32u);
  expect_relative(step_s, ring.step(32), 1e-9, "T(32)");
}

TEST(ScalingClosedForm, EachPointIsComputePlusOneRingAllreduce) {
  // The model path end to end: workload -> plan -> one collective -> cost model -> schedule.
  const RingCase ring{1000000, 260, 1e-4, 5e-6, 10e9};
  const Fabric fabric = one_tier("flat", ring.bandwidth, ring.alpha);
  const Workload workload = one_layer(ring.parameters, ring.batch, ring.seconds_per_sample);
  const CollectiveCostFn cost = modelled_collective_cost(fabric, 1, "ring");
  for (std::uint64_t gpus : {2u, 7u, 50u, 1000u}) {
    const std::string what = std::to_string(gpus) + " GPUs";
    const ScalingPoint point = scaling_point(workload, gpus, cost, one_bucket(workload));
    const auto n = static_cast<double>(gpus);
    EXPECT_EQ(point.data_parallel, gpus) << what;
    expect_relative(point.compute_s, ring.compute() / n, 1e-12, what + " compute");
    const double ring_s = 2 * (n - 1) * ring.alpha + 2 * (n - 1) / n * ring.bytes() / ring.bandwidth;
    expect_relative(point.communication_s, ring_s, 1e-12, what + " communication");
    // Nothing overlaps: all of it is exposed.
    expect_relative(point.exposed_s, ring_s, 1e-12, what + " exposed");
    expect_relative(point.step_s, ring.step(gpus), 1e-12, what + " step");
    expect_relative(point.samples_per_s, 260 / ring.step(gpus), 1e-12, what + " samples/s");
    ASSERT_EQ(point.collectives.size(), 1u) << what;
    EXPECT_EQ(point.collectives[0].collective, "allreduce");
    EXPECT_EQ(point.collectives[0].bytes, 4000000u);
    EXPECT_EQ(point.collectives[0].count, 1u);
    EXPECT_EQ(point.collectives[0].algorithm, "ring");
    EXPECT_EQ(point.dominant_term, gpus >= 1000 ? "latency" : "bandwidth (net)") << what;
  }
}

// ---- verdicts -------------------------------------------------------------------------------

TEST(ScalingVerdicts, ComputeThatDwarfsCommunicationReachesNoVerdictWithinTheRange) {
  // 1,048,576 samples of 1 s each (Tc ~ 1e6 s, still 64 s per GPU at 16384) against 4 kB of
  // gradients (microseconds to synchronize): every doubling nearly halves the step.
  Workload workload = one_layer(1000, 1048576, 1.0);
  workload.overlap_fraction = 1;
  const Fabric fabric = load_fabric_preset("dgx-h100");
  const ScalingSeries series =
      modelled_series(workload, doubling_gpu_counts(8, 16384), fabric, "", one_bucket(workload));
  ASSERT_EQ(series.points.size(), 12u);
  ASSERT_EQ(series.verdicts.size(), 3u);
  for (const ScalingVerdict& verdict : series.verdicts) {
    EXPECT_TRUE(verdict.applicable) << verdict.criterion;
    EXPECT_FALSE(verdict.gpus.has_value()) << verdict.criterion << ": " << *verdict.gpus;
    EXPECT_NE(verdict.statement.find("16384 GPUs"), std::string::npos) << verdict.statement;
  }
  EXPECT_EQ(series.verdicts[0].criterion, "step_time_stops_falling");
  EXPECT_NE(series.verdicts[0].statement.find("does not stop falling within the range"), std::string::npos)
      << series.verdicts[0].statement;
  EXPECT_EQ(series.verdicts[1].criterion, "marginal_gain_below_threshold");
  EXPECT_NE(series.verdicts[1].statement.find("no break-even within the range"), std::string::npos)
      << series.verdicts[1].statement;
  EXPECT_EQ(series.verdicts[2].criterion, "exposed_exceeds_compute");
  EXPECT_NE(series.verdicts[2].statement.find("stays at or below compute"), std::string::npos)
      << series.verdicts[2].statement;
  // And the lowest step is at the end of the range.
  ASSERT_TRUE(series.lowest_step_gpus.has_value());
  EXPECT_EQ(*series.lowest_step_gpus, 16384u);
}

// Tc = 128 x 0.1 = 12.8 s; S = 4e8 B on 1 GB/s (S/B = 0.4 s), a = 5 us, ring:
//   T(N) = 12.8/N + 0.8 (N-1)/N + 2(N-1) a
//   N    compute  comm      T          T(N/2)/T(N) - 1 (strong scaling: the marginal gain)
//   1    12.8     0         12.8
//   2    6.4      0.40001   6.80001    0.882
//   4    3.2      0.60003   3.80003    0.789
//   8    1.6      0.70007   2.30007    0.652
//   16   0.8      0.75015   1.55015    0.484  <- first below 0.5
//   32   0.4      0.77531   1.17531    0.319     comm > compute from here
//   ...
//   1024 0.0125   0.80945   0.82195    0.008
//   2048 0.00625  0.82008   0.82633   -0.005  <- the step stops falling
constexpr std::uint64_t kHeavyParameters = 100000000;
constexpr std::uint64_t kHeavyBatch = 128;
constexpr double kHeavySecondsPerSample = 0.1;

TEST(ScalingVerdicts, CommunicationHeavyWorkloadStopsPayingWhereTheArithmeticSays) {
  const Workload workload = one_layer(kHeavyParameters, kHeavyBatch, kHeavySecondsPerSample);
  const ScalingSeries series = modelled_series(workload, doubling_gpu_counts(1, 4096),
                                               one_tier("slow", 1e9, 5e-6), "ring", one_bucket(workload));
  ASSERT_EQ(series.points.size(), 13u);
  ASSERT_EQ(series.verdicts.size(), 3u);

  EXPECT_EQ(series.verdicts[0].criterion, "step_time_stops_falling");
  ASSERT_TRUE(series.verdicts[0].gpus.has_value());
  EXPECT_EQ(*series.verdicts[0].gpus, 2048u);
  EXPECT_EQ(series.verdicts[1].criterion, "marginal_gain_below_threshold");
  ASSERT_TRUE(series.verdicts[1].gpus.has_value());
  EXPECT_EQ(*series.verdicts[1].gpus, 16u);
  EXPECT_EQ(series.verdicts[1].dominant_term, "bandwidth (net)");
  EXPECT_NE(series.verdicts[1].statement.find("Going from 8 to 16 GPUs gains 48% of the ideal"), std::string::npos)
      << series.verdicts[1].statement;
  EXPECT_EQ(series.verdicts[2].criterion, "exposed_exceeds_compute");
  ASSERT_TRUE(series.verdicts[2].gpus.has_value());
  EXPECT_EQ(*series.verdicts[2].gpus, 32u);

  // The verdicts agree with the points they come from.
  std::optional<std::uint64_t> stops;
  std::optional<std::uint64_t> below_half;
  std::optional<std::uint64_t> exposed;
  for (std::size_t i = 0; i < series.points.size(); ++i) {
    const ScalingPoint& point = series.points[i];
    if (!exposed && point.exposed_s > point.compute_s) exposed = point.gpus;
    if (i == 0) continue;
    const ScalingPoint& previous = series.points[i - 1];
    ASSERT_EQ(point.gpus, 2 * previous.gpus);
    if (!stops && point.step_s >= previous.step_s) stops = point.gpus;
    if (!below_half && *point.marginal_gain < 0.5) below_half = point.gpus;
  }
  EXPECT_EQ(series.verdicts[0].gpus, stops);
  EXPECT_EQ(series.verdicts[1].gpus, below_half);
  EXPECT_EQ(series.verdicts[2].gpus, exposed);
}

TEST(ScalingVerdicts, WeakScalingHasNoStepTimeVerdict) {
  // Each GPU keeps its batch: the step grows with the ring and cannot fall, so the criterion
  // does not apply; the others still do.
  Workload workload = one_layer(kHeavyParameters, kHeavyBatch, kHeavySecondsPerSample);
  workload.scaling = BatchScaling::weak;
  const ScalingSeries series = modelled_series(workload, doubling_gpu_counts(1, 64), one_tier("slow", 1e9, 5e-6),
                                               "ring", one_bucket(workload));
  ASSERT_EQ(series.verdicts.size(), 3u);
  EXPECT_EQ(series.verdicts[0].criterion, "step_time_stops_falling");
  EXPECT_FALSE(series.verdicts[0].applicable);
  EXPECT_FALSE(series.verdicts[0].gpus.has_value());
  EXPECT_NE(series.verdicts[0].statement.find("does not apply to weak scaling"), std::string::npos);
  EXPECT_TRUE(series.verdicts[1].applicable);
  EXPECT_TRUE(series.verdicts[2].applicable);
  // Weak scaling has no lowest step to search for: the step only grows.
  EXPECT_FALSE(series.lowest_step_gpus.has_value());
  // Compute stays 12.8 s per GPU and the global batch grows with the GPUs.
  for (const ScalingPoint& point : series.points) {
    expect_relative(point.compute_s, 12.8, 1e-12, std::to_string(point.gpus) + " compute");
    EXPECT_EQ(point.samples_per_step, 128.0 * static_cast<double>(point.gpus));
  }
}

// ---- a preset -------------------------------------------------------------------------------

TEST(ScalingPreset, ThePlanForAPresetIsDeterministic) {
  const auto plan = [] {
    ScalingReport report;
    report.command = "plan";
    report.predicted.push_back(modelled_series(load_workload_preset("resnet50"), doubling_gpu_counts(8, 1024),
                                               load_fabric_preset("dgx-h100"), "", ScalingOptions{}));
    return nlohmann::json(report);
  };
  const nlohmann::json first = plan();
  const nlohmann::json second = plan();
  ASSERT_EQ(first.at("predicted").at(0).at("points").size(), 8u);
  EXPECT_GT(first.at("predicted").at(0).at("points").at(7).at("communication_s").get<double>(), 0);
  EXPECT_EQ(first, second) << first.dump() << "\n" << second.dump();
}

// A plan inside one node (2 to 4 GPUs of an 8-GPU node) has no whole node to search in: the
// lowest step is searched in replicas instead, within the range, rather than refused.
TEST(ScalingPreset, APlanWithinOneNodeSearchesInReplicas) {
  const ScalingSeries series = modelled_series(load_workload_preset("resnet50"), doubling_gpu_counts(2, 4),
                                               load_fabric_preset("dgx-h100"), "", ScalingOptions{});
  ASSERT_TRUE(series.lowest_step_gpus.has_value());
  EXPECT_GE(*series.lowest_step_gpus, 2u);
  EXPECT_LE(*series.lowest_step_gpus, 4u);
}

TEST(ScalingPreset, EthernetPresetMatchesFiguresWorkedByHand) {
  // ethernet-100g (topology/fabric_files/presets/ethernet-100g.json): nodes of 8 GPUs on PCIe Gen4 x16,
  // 31.5 GB/s per GPU, a = 1.0 us; across nodes 100 Gb/s = 12.5 GB/s per NIC, one NIC shared
  // by 8 ranks, a = 2.7 us. In a ring step one rank of each node crosses to the next node, so it
  // has the NIC to itself: 12.5 GB/s, not the 12.5 / 8 = 1.5625 GB/s of a step in which all 8
  // cross at once (docs/MODELS.md, per-rank bandwidth). A ring step across nodes crosses both
  // tiers and is charged at the slower, the Ethernet (2.7 us + m / 12.5 GB/s > 1.0 us + m /
  // 31.5 GB/s for every m).
  //
  // Workload: 25e6 float32 parameters, S = 1e8 B, one allreduce (one bucket), ring forced,
  // nothing overlapped; 256 samples x 0.01 s = Tc = 2.56 s, strong scaling.
  //
  //  8 GPUs (one node, PCIe only): compute 2.56 / 8 = 0.32 s;
  //    ring 2 x 7 x 1.0 us = 1.4e-5 s + 2 x 7/8 x 1e8 / 31.5e9 = 1.75e8 / 31.5e9 = 1/180 s
  //    = 0.0055556 s: communication 0.0055696 s; step 0.3255696 s; 256 / step = 786.314 /s.
  // 16 GPUs (two nodes): compute 0.16 s; ring 30 x 2.7 us = 8.1e-5 s + 2 x 15/16 x 1e8 /
  //    12.5e9 = 0.015 s: communication 0.015081 s; step 0.175081 s; 1462.180 /s.
  // 32 GPUs (four nodes, beyond the preset's two): compute 0.08 s; ring 62 x 2.7 us =
  //    1.674e-4 s + 2 x 31/32 x 1e8 / 12.5e9 = 1.9375e8 / 12.5e9 = 0.0155 s: communication
  //    0.0156674 s; step 0.0956674 s; 2675.938 /s.
  const Workload workload = one_layer(25000000, 256, 0.01);
  // The MPI-style family's figures: the preset's tiers without its GPU section, which would
  // have NCCL's family predict it (its own worked example is in nccl_cost_model_test.cpp).
  Fabric fabric = load_fabric_preset("ethernet-100g");
  fabric.gpu.reset();
  const ScalingSeries series =
      modelled_series(workload, doubling_gpu_counts(8, 32), fabric, "ring", one_bucket(workload));
  ASSERT_EQ(series.points.size(), 3u);
  struct Expected {
    std::uint64_t gpus;
    double compute_s;
    double communication_s;
    std::string dominant_term;
  };
  const std::vector<Expected> expected{
      {8, 0.32, 1.4e-5 + 1.0 / 180, "bandwidth within the node (pcie)"},
      {16, 0.16, 8.1e-5 + 0.015, "bandwidth across nodes (ethernet)"},
      {32, 0.08, 1.674e-4 + 0.0155, "bandwidth across nodes (ethernet)"},
  };
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const ScalingPoint& point = series.points[i];
    const Expected& hand = expected[i];
    const std::string what = std::to_string(hand.gpus) + " GPUs";
    EXPECT_EQ(point.gpus, hand.gpus);
    expect_relative(point.compute_s, hand.compute_s, 1e-9, what + " compute");
    expect_relative(point.communication_s, hand.communication_s, 1e-9, what + " communication");
    expect_relative(point.exposed_s, hand.communication_s, 1e-9, what + " exposed");
    expect_relative(point.step_s, hand.compute_s + hand.communication_s, 1e-9, what + " step");
    expect_relative(point.samples_per_s, 256 / (hand.compute_s + hand.communication_s), 1e-9, what + " samples/s");
    EXPECT_EQ(point.dominant_term, hand.dominant_term) << what;
  }
  // The decimals above, so that a slip in the expressions shows.
  expect_relative(series.points[0].samples_per_s, 786.314308668, 1e-9, "8 GPUs samples/s");
  expect_relative(series.points[1].samples_per_s, 1462.180362232, 1e-9, "16 GPUs samples/s");
  expect_relative(series.points[2].samples_per_s, 2675.937675739, 1e-9, "32 GPUs samples/s");
}

// ---- two fabrics ----------------------------------------------------------------------------

TEST(ScalingCompareFabrics, FourTimesTheBandwidthMovesTheBreakEvenFurther) {
  // The communication-heavy workload above: on 1 GB/s the doubling to 16 gains 48% of the
  // ideal. On 4 GB/s (S/B = 0.1 s): T = 12.8/N + 0.2 (N-1)/N + 2(N-1) a: T(32) = 0.59406,
  // T(64) = 0.397505, 0.59406 / 0.397505 - 1 = 0.494 < 0.5 (32 gained 0.663): 64, 4x further.
  const Workload workload = one_layer(kHeavyParameters, kHeavyBatch, kHeavySecondsPerSample);
  const std::vector<std::uint64_t> counts = doubling_gpu_counts(1, 4096);
  const ScalingOptions options = one_bucket(workload);
  const ScalingSeries slow = modelled_series(workload, counts, one_tier("slow", 1e9, 5e-6), "ring", options);
  const ScalingSeries fast = modelled_series(workload, counts, one_tier("fast", 4e9, 5e-6), "ring", options);
  const std::vector<FabricComparisonLine> lines = compare_fabrics(slow, fast);
  const FabricComparisonLine* gain = nullptr;
  for (const FabricComparisonLine& line : lines) {
    if (line.criterion == "marginal_gain_below_threshold") gain = &line;
  }
  ASSERT_NE(gain, nullptr);
  ASSERT_TRUE(gain->gpus.has_value());
  ASSERT_TRUE(gain->other_gpus.has_value());
  EXPECT_EQ(*gain->gpus, 16u);
  EXPECT_EQ(*gain->other_gpus, 64u);
  EXPECT_GT(*gain->other_gpus, *gain->gpus);
  EXPECT_NE(gain->statement.find("fast moves it 4x further"), std::string::npos) << gain->statement;
  // Either order names the faster fabric.
  for (const FabricComparisonLine& line : compare_fabrics(fast, slow)) {
    if (line.criterion != "marginal_gain_below_threshold") continue;
    EXPECT_EQ(line.gpus, std::optional<std::uint64_t>(64));
    EXPECT_NE(line.statement.find("fast moves it 4x further"), std::string::npos) << line.statement;
  }
}

// ---- tensor parallelism ---------------------------------------------------------------------

// A cost that records what it was asked: 0.01 s per data-parallel rank for every collective.
struct RecordingCost {
  std::vector<std::tuple<std::string, std::uint64_t, std::uint64_t>> calls;
  CollectiveCostFn function() {
    return [this](const std::string& collective, std::uint64_t bytes, std::uint64_t data_parallel) {
      calls.emplace_back(collective, bytes, data_parallel);
      return CollectiveCost{0.01 * static_cast<double>(data_parallel), "fake", std::nullopt};
    };
  }
};

TEST(ScalingTensorParallel, EachReplicaOfTwoGpusSynchronizesHalfTheGradients) {
  // 1,000,001 parameters split over 2 GPUs: each holds ceil(1000001 / 2) = 500,001, whose
  // float32 gradients (2,000,004 B) its data-parallel group allreduces.
  Workload workload = one_layer(1000001, 64, 0.01);
  workload.tensor_parallel = 2;
  RecordingCost recording;
  const CollectiveCostFn cost = recording.function();
  EXPECT_THROW(scaling_point(workload, 3, cost, one_bucket(workload)), std::invalid_argument);
  EXPECT_THROW(scaling_point(workload, 0, cost, one_bucket(workload)), std::invalid_argument);
  EXPECT_TRUE(recording.calls.empty());

  const ScalingPoint point = scaling_point(workload, 8, cost, one_bucket(workload));
  EXPECT_EQ(point.gpus, 8u);
  EXPECT_EQ(point.data_parallel, 4u);
  // 64 samples over 4 replicas, 0.01 s each, shared by the replica's 2 GPUs: 0.08 s.
  expect_relative(point.compute_s, 0.08, 1e-12, "compute");
  ASSERT_EQ(point.collectives.size(), 1u);
  EXPECT_EQ(point.collectives[0].collective, "allreduce");
  EXPECT_EQ(point.collectives[0].bytes, 2000004u);
  EXPECT_EQ(point.collectives[0].count, 1u);
  ASSERT_EQ(recording.calls.size(), 1u);
  EXPECT_EQ(recording.calls[0], std::make_tuple(std::string("allreduce"), std::uint64_t{2000004}, std::uint64_t{4}));
  // The fake's time, with no model terms: no dominant term.
  expect_relative(point.communication_s, 0.04, 1e-12, "communication");
  EXPECT_FALSE(point.terms.has_value());
  EXPECT_EQ(point.dominant_term, "");

  // The search's unit must hold whole replicas.
  EXPECT_THROW(lowest_step(workload, 2, 16, 3, cost, one_bucket(workload)), std::invalid_argument);
}

TEST(ScalingTensorParallel, ReplicasTakeTheGpusOfANodeFirst) {
  // Tensor parallel 2 on DGX H100 nodes of 8: each node holds 4 ranks of a data-parallel
  // group; the network tier is unchanged. The search goes by whole nodes: lcm(8, 2) = 8, and
  // lcm(8, 3) = 24 for tensor parallel 3.
  const Fabric fabric = load_fabric_preset("dgx-h100");
  const Fabric group = data_parallel_fabric(fabric, 2);
  ASSERT_EQ(group.tiers.size(), 2u);
  EXPECT_EQ(group.tiers[0].members, 4u);
  EXPECT_EQ(group.tiers[1], fabric.tiers[1]);
  EXPECT_EQ(data_parallel_fabric(fabric, 1), fabric);
  Workload workload = one_layer(1000, 64, 0.01);
  workload.tensor_parallel = 2;
  EXPECT_EQ(whole_nodes_unit(fabric, workload), 8u);
  workload.tensor_parallel = 3;
  EXPECT_EQ(whole_nodes_unit(fabric, workload), 24u);
}

// ---- relative figures and price -------------------------------------------------------------

TEST(ScalingRelativeFigures, SpeedupEfficiencyAndMarginalGainFollowTheirDefinitions) {
  // Tc = 120 x 0.01 = 1.2 s; the fake allreduce takes 0.01 s per rank; nothing overlapped.
  //   2 GPUs: 0.6 + 0.02 = 0.62 s;  4: 0.3 + 0.04 = 0.34 s;  12: 0.1 + 0.12 = 0.22 s.
  // Strong scaling: throughput 120 / step, so speedup = 0.62 / step: 1, 1.8235, 2.8182;
  // efficiency = speedup / (gpus / 2): 1, 0.91176, 0.46970; marginal gain 2 -> 4:
  // (0.62 / 0.34 - 1) / (4/2 - 1) = 0.82353; 4 -> 12: (0.34 / 0.22 - 1) / (12/4 - 1) = 0.27273.
  const Workload workload = one_layer(1000, 120, 0.01);
  RecordingCost recording;
  const ScalingSeries series =
      scaling_series(workload, {2, 4, 12}, recording.function(), one_bucket(workload), "measured", "");
  ASSERT_EQ(series.points.size(), 3u);
  const std::vector<double> steps{0.62, 0.34, 0.22};
  for (std::size_t i = 0; i < steps.size(); ++i) expect_relative(series.points[i].step_s, steps[i], 1e-12, "step");

  const ScalingPoint& first = series.points[0];
  EXPECT_FALSE(first.marginal_gain.has_value());
  EXPECT_DOUBLE_EQ(first.speedup, 1);
  EXPECT_DOUBLE_EQ(first.efficiency, 1);
  for (std::size_t i = 1; i < series.points.size(); ++i) {
    const ScalingPoint& point = series.points[i];
    const ScalingPoint& previous = series.points[i - 1];
    const std::string what = std::to_string(point.gpus) + " GPUs";
    const double speedup = point.samples_per_s / first.samples_per_s;
    expect_relative(point.speedup, speedup, 1e-12, what + " speedup");
    expect_relative(point.efficiency,
                    speedup / (static_cast<double>(point.gpus) / static_cast<double>(first.gpus)), 1e-12,
                    what + " efficiency");
    ASSERT_TRUE(point.marginal_gain.has_value()) << what;
    expect_relative(*point.marginal_gain,
                    (point.samples_per_s / previous.samples_per_s - 1) /
                        (static_cast<double>(point.gpus) / static_cast<double>(previous.gpus) - 1),
                    1e-12, what + " marginal gain");
  }
  // The hand-worked figures.
  expect_relative(series.points[1].speedup, 0.62 / 0.34, 1e-12, "4 speedup");
  expect_relative(series.points[2].speedup, 0.62 / 0.22, 1e-12, "12 speedup");
  expect_relative(series.points[1].efficiency, 0.62 / 0.34 / 2, 1e-12, "4 efficiency");
  expect_relative(series.points[2].efficiency, 0.62 / 0.22 / 6, 1e-12, "12 efficiency");
  expect_relative(*series.points[1].marginal_gain, 0.62 / 0.34 - 1, 1e-12, "4 marginal gain");
  expect_relative(*series.points[2].marginal_gain, (0.34 / 0.22 - 1) / 2, 1e-12, "12 marginal gain");
  // 0.273 < 0.5: the break-even is at 12; the step fell at every count; comm 0.12 > compute 0.1 at 12.
  EXPECT_EQ(series.verdicts[1].gpus, std::optional<std::uint64_t>(12));
  EXPECT_FALSE(series.verdicts[0].gpus.has_value());
  EXPECT_EQ(series.verdicts[2].gpus, std::optional<std::uint64_t>(12));
  EXPECT_EQ(series.source, "measured");
  EXPECT_FALSE(series.lowest_step_gpus.has_value());
}

TEST(ScalingPrice, CostPerStepIsThePriceOfTheGpusForTheStep) {
  const Workload workload = one_layer(1000, 120, 0.01);
  RecordingCost recording;
  ScalingOptions options = one_bucket(workload);
  const ScalingPoint unpriced = scaling_point(workload, 4, recording.function(), options);
  EXPECT_FALSE(unpriced.cost_per_step.has_value());
  options.price_per_gpu_hour = 2.5;
  for (std::uint64_t gpus : {2u, 4u, 12u}) {
    const ScalingPoint point = scaling_point(workload, gpus, recording.function(), options);
    ASSERT_TRUE(point.cost_per_step.has_value());
    expect_relative(*point.cost_per_step, 2.5 * static_cast<double>(gpus) * point.step_s / 3600, 1e-12,
                    std::to_string(gpus) + " GPUs");
  }
  // 4 GPUs for 0.34 s at 2.5 per GPU-hour: 2.5 x 4 x 0.34 / 3600 = 9.4444e-4.
  expect_relative(*scaling_point(workload, 4, recording.function(), options).cost_per_step, 3.4 / 3600, 1e-12,
                  "4 GPUs by hand");
}

TEST(ScalingGpuCounts, DoublingsFromTheMinimumUpToTheMaximum) {
  EXPECT_EQ(doubling_gpu_counts(8, 100), (std::vector<std::uint64_t>{8, 16, 32, 64}));
  EXPECT_EQ(doubling_gpu_counts(3, 3), (std::vector<std::uint64_t>{3}));
  EXPECT_THROW(doubling_gpu_counts(0, 8), std::invalid_argument);
  EXPECT_THROW(doubling_gpu_counts(16, 8), std::invalid_argument);
}

}  // namespace
}  // namespace commbench
