// bench/commands/predict/prediction_scope.hpp and prediction_sweep.hpp: what `commbench predict` computes, on the
// presets. The machine: --nodes and --gpus-per-node set the tiers, ranks = nodes x GPUs per node,
// and what no tier can hold is refused with one line naming the flag. The columns: native first,
// then what the fabric's model family has for the collective; names it lacks refused with what it
// accepts. The rows: the collective benchmark's sizes and bus factor, the model's pick and time.
#include "bench/commands/predict/prediction_sweep.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "bench/run/usage_error.hpp"
#include "topology/fabric_files/fabric_presets.hpp"
#include "text_search.hpp"

namespace commbench {
namespace {

template <typename Call>
std::string usage_error(Call call) {
  try {
    call();
  } catch (const UsageError& error) {
    return error.what();
  }
  return "(no error)";
}

PredictionScope dgx_h100(std::uint64_t nodes) { return prediction_scope(load_fabric_preset("dgx-h100"), nodes, {}); }

TEST(PredictionScope, NodesTimesGpusPerNodeAreTheRanks) {
  const PredictionScope two = dgx_h100(2);
  EXPECT_EQ(two.nodes, 2u);
  EXPECT_EQ(two.gpus_per_node, 8u);
  EXPECT_EQ(two.ranks, 16);
  const PredictionScope half = prediction_scope(load_fabric_preset("dgx-h100"), 4, 4);
  EXPECT_EQ(half.ranks, 16);
  EXPECT_EQ(half.fabric.tiers.front().members, 4u);
  EXPECT_TRUE(contains(half.fabric.tiers.front().members_source, "--gpus-per-node"));
  // Without flags: the fabric as written (every preset has two nodes).
  EXPECT_EQ(prediction_scope(load_fabric_preset("cpu-cluster"), {}, {}).ranks, 64);
}

TEST(PredictionScope, WhatNoTierHoldsIsRefusedNamingTheFlag) {
  const std::string above = usage_error([] { prediction_scope(load_fabric_preset("dgx-h100"), 2, 9); });
  EXPECT_TRUE(contains(above, "--gpus-per-node: 9 is more than a node of dgx-h100 has")) << above;
  EXPECT_TRUE(contains(above, "(accepted: 1 to 8)")) << above;
  const std::string too_many = usage_error([] { prediction_scope(load_fabric_preset("dgx-h100"), 1u << 30, {}); });
  EXPECT_TRUE(contains(too_many, "--nodes:")) << too_many;
  EXPECT_TRUE(contains(too_many, "at most 2147483647 ranks")) << too_many;
  Fabric one_tier = load_fabric_preset("dgx-h100");
  one_tier.tiers.pop_back();
  const std::string no_nodes = usage_error([&] { prediction_scope(one_tier, 2, {}); });
  EXPECT_TRUE(contains(no_nodes, "--nodes: fabric dgx-h100 has one tier ('nvlink')")) << no_nodes;
  EXPECT_EQ(prediction_scope(one_tier, {}, 4).ranks, 4);
}

TEST(PredictionGroups, AllIsNativeThenTheFamilysAlgorithms) {
  const auto nccl = prediction_groups(ModelFamily::nccl, "allreduce", "all", "");
  ASSERT_EQ(nccl.size(), 1u);
  EXPECT_EQ(nccl[0].requested, (std::vector<std::string>{"native", "ring", "tree", "nvls", "nvls-tree",
                                                          "collnet-direct", "collnet-chain"}));
  const auto pairs = prediction_groups(ModelFamily::nccl, "broadcast", "all", "all");
  EXPECT_EQ(pairs[0].requested, (std::vector<std::string>{"native", "ring/ll", "ring/ll128", "ring/simple"}));
  const auto every = prediction_groups(ModelFamily::nccl, "all", "native", "");
  EXPECT_EQ(every.size(), 7u);
  // An algorithm only some collectives have: the others are left out, as the sweep does.
  const auto nvls = prediction_groups(ModelFamily::nccl, "all", "nvls", "");
  std::vector<std::string> names;
  for (const PredictedCollective& c : nvls) names.push_back(c.collective);
  EXPECT_EQ(names, (std::vector<std::string>{"allreduce", "allgather", "reducescatter"}));
}

TEST(PredictionGroups, NamesTheFamilyLacksAreRefusedWithWhatItHas) {
  const std::string nvls = usage_error([] { prediction_groups(ModelFamily::nccl, "broadcast", "nvls", ""); });
  EXPECT_EQ(nvls, "--algo: broadcast has no algorithm 'nvls' in the nccl model family (accepted for broadcast: "
                  "native, ring, all)");
  const std::string mpi_name = usage_error([] { prediction_groups(ModelFamily::nccl, "allreduce", "rabenseifner", ""); });
  EXPECT_TRUE(contains(mpi_name, "--algo: allreduce has no algorithm 'rabenseifner' in the nccl model family")) << mpi_name;
  const std::string protocol = usage_error([] { prediction_groups(ModelFamily::nccl, "allreduce", "nvls", "ll"); });
  EXPECT_EQ(protocol, "--protocol: nvls has no protocol 'll' in NCCL's model (accepted for nvls: simple, all)");
  const std::string mpi = usage_error([] { prediction_groups(ModelFamily::mpi, "allreduce", "native", "ll"); });
  EXPECT_TRUE(contains(mpi, "--protocol: 'll' is NCCL's")) << mpi;
  EXPECT_TRUE(contains(mpi, "accepted: --protocol with a GPU fabric")) << mpi;
}

TEST(PredictionSweep, RowsFollowTheCollectiveBenchmarksSizesAndBusFactor) {
  const PredictionScope scope = dgx_h100(2);
  const PredictedSweep sweep =
      predict_sweep(ModelFamily::nccl, prediction_groups(ModelFamily::nccl, "allgather", "native", ""), scope,
                    {8, 1024, 1ULL << 30});
  // 8 B all-gathered by 16 ranks is a message of 0 B; 1 KiB is 16 blocks of 64 B.
  ASSERT_EQ(sweep.rows.size(), 3u);
  EXPECT_EQ(sweep.rows[0].bytes, 0u);
  EXPECT_EQ(sweep.rows[0].alg_bw, 0.0);
  const PredictionRow& large = sweep.rows[2];
  EXPECT_EQ(large.bytes, 1ULL << 30);
  EXPECT_EQ(large.count, (1ULL << 30) / 4);
  EXPECT_EQ(large.dtype, "float32");
  EXPECT_EQ(large.ranks, 16);
  EXPECT_TRUE(large.assumed);
  EXPECT_EQ(large.requested, "native");
  EXPECT_DOUBLE_EQ(large.bus_bw_factor, 15.0 / 16.0);
  EXPECT_DOUBLE_EQ(large.alg_bw, static_cast<double>(large.bytes) / large.time_s);
  EXPECT_DOUBLE_EQ(large.bus_bw, large.alg_bw * 15.0 / 16.0);
  EXPECT_FALSE(large.protocol.empty());
  EXPECT_GT(large.channels, 0);
  EXPECT_NEAR(large.latency_s + large.bandwidth_s + large.reduction_s, large.time_s, 1e-12 * large.time_s);
  ASSERT_FALSE(large.tiers.empty());
  EXPECT_EQ(large.tiers.front().tier, "nvlink");
}

TEST(PredictionSweep, WhatTheModelCannotRunIsUnavailableWithItsReason) {
  const PredictionScope scope = prediction_scope(load_fabric_preset("dgx-a100"), 2, {});
  const PredictedSweep sweep = predict_sweep(
      ModelFamily::nccl, prediction_groups(ModelFamily::nccl, "allreduce", "nvls", "all"), scope, {1024, 1ULL << 20});
  EXPECT_TRUE(sweep.rows.empty());
  ASSERT_EQ(sweep.unavailable.size(), 1u);
  EXPECT_EQ(sweep.unavailable[0].requested, "nvls/simple");
  EXPECT_EQ(sweep.unavailable[0].bytes, (std::vector<std::uint64_t>{1024, 1ULL << 20}));
  EXPECT_TRUE(contains(sweep.unavailable[0].reason, "NVSwitch")) << sweep.unavailable[0].reason;
}

TEST(PredictionSweep, TheMpiFamilyPredictsOnAFabricWithoutGpus) {
  const PredictionScope scope = prediction_scope(load_fabric_preset("cpu-cluster"), 1, 4);
  const ModelFamily family = model_family_for(scope.fabric, "");
  ASSERT_EQ(family, ModelFamily::mpi);
  const PredictedSweep sweep =
      predict_sweep(family, prediction_groups(family, "allreduce", "all", ""), scope, {1ULL << 20});
  const auto ring = std::find_if(sweep.rows.begin(), sweep.rows.end(),
                                 [](const PredictionRow& r) { return r.requested == "ring"; });
  ASSERT_NE(ring, sweep.rows.end());
  EXPECT_EQ(ring->algorithm, "ring");
  EXPECT_EQ(ring->protocol, "");
  EXPECT_EQ(ring->channels, 0);
  EXPECT_FALSE(ring->assumed);
  EXPECT_EQ(sweep.rows.front().requested, "native");
  EXPECT_TRUE(sweep.rows.front().assumed);
}

}  // namespace
}  // namespace commbench
