// topology/rank_layout (shift_seconds_per_byte) and the MPI-style model's charge of a step in
// which only some ranks of a member cross a tier: a ring step across hosts whose ranks share
// one link. Numbers worked by hand in the comments; docs/MODELS.md, "Per-rank bandwidth".
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>

#include "topology/cost/cost_model.hpp"
#include "topology/cost/rank_layout.hpp"
#include "topology/fabric/fabric.hpp"
#include "topology/fabric_files/fabric_presets.hpp"

namespace commbench {
namespace {

// What `commbench fabric` writes for H hosts of 2 ranks on links of 48 MB/s (the emulated
// cluster at 400 Mbit/s): intra-host 2 members, 10 GB/s, 2 us; inter-host H members, one link
// of 48 MB/s per host that its 2 ranks share, 50 us. No reductions, so that only alpha and
// beta are charged.
constexpr double kLink = 48e6;
constexpr double kHostAlpha = 2e-6;
constexpr double kNetAlpha = 50e-6;

Fabric two_ranks_per_host(std::uint64_t hosts) {
  Fabric fabric;
  fabric.name = "measured";
  FabricTier host;
  host.name = "intra-host";
  host.members = 2;
  host.link_bandwidth.value = 10e9;
  host.latency.value = kHostAlpha;
  FabricTier net;
  net.name = "inter-host";
  net.members = hosts;
  net.link_bandwidth.value = kLink;
  net.latency.value = kNetAlpha;
  net.ranks_per_nic = 2;
  fabric.tiers = {host, net};
  return fabric;
}

double tier_bandwidth(const Prediction& prediction, const std::string& tier) {
  for (const TierTerms& terms : prediction.tiers) {
    if (terms.tier == tier) return terms.terms.bandwidth_s;
  }
  ADD_FAILURE() << "no tier " << tier;
  return 0;
}

void expect_relative(double actual, double expected, const std::string& what) {
  EXPECT_NEAR(actual / expected, 1.0, 1e-12) << what << ": " << actual << " vs " << expected;
}

TEST(SharedLink, ARingStepHasTheLinkToItselfAnExchangeOfEveryRankShares) {
  // 4 ranks on 2 hosts: a member of inter-host holds R = 2 ranks on 1 link. Every rank
  // crossing at once: 48 / 2 = 24 MB/s each. A shift by 1 (a ring step: 1 -> 2, 3 -> 0) takes
  // min(1, 3, 2) = 1 rank of each host across: it has the link alone, 48 MB/s. A shift by 2
  // (0 -> 2, 1 -> 3) takes both.
  const RankLayout layout = rank_layout(two_ranks_per_host(2), 4);
  ASSERT_EQ(layout.levels.size(), 2u);
  expect_relative(1 / layout.levels[1].seconds_per_byte, kLink / 2, "every rank");
  expect_relative(1 / shift_seconds_per_byte(layout, 1, 1), kLink, "shift 1");
  expect_relative(1 / shift_seconds_per_byte(layout, 1, 3), kLink, "shift 3 (= -1)");
  expect_relative(1 / shift_seconds_per_byte(layout, 1, 2), kLink / 2, "shift 2");
  expect_relative(1 / shift_seconds_per_byte(layout, 1, 0), kLink / 2, "not a shift");
  // Within a host a member is one rank: nothing changes.
  expect_relative(shift_seconds_per_byte(layout, 0, 1), layout.levels[0].seconds_per_byte, "intra-host");
}

TEST(SharedLink, RingCollectivesAcrossHostsRunAtTheLinkRate) {
  // 8 ranks on 4 hosts, as in the issue: each of the p - 1 = 7 steps of a ring all-gather of
  // n = 8 MiB moves n / 8 = 1 MiB across a host link, charged to inter-host (50 us + 1048576 /
  // 48e6 s, slower than 2 us + 1048576 / 10e9 s): 7 x 50 us = 350 us of latency and
  // 7 x 1048576 / 48e6 = 0.152917 s of bandwidth. The all-reduce has twice the steps.
  const std::uint64_t n = 8u << 20;
  const Prediction gather = predict("allgather", "ring", n, 8, two_ranks_per_host(4));
  expect_relative(gather.terms.latency_s, 7 * kNetAlpha, "allgather latency");
  expect_relative(gather.terms.bandwidth_s, 7 * 1048576 / kLink, "allgather bandwidth");
  const Prediction reduce = predict("allreduce", "ring", n, 8, two_ranks_per_host(4));
  expect_relative(reduce.terms.bandwidth_s, 14 * 1048576 / kLink, "allreduce bandwidth");
  // Recursive doubling's all-gather: distance 1 within the hosts (n/8, intra-host), then 2 and
  // 4 across them with every rank crossing, n/4 and n/2 at 24 MB/s each.
  const Prediction doubling = predict("allgather", "recursive-doubling", n, 8, two_ranks_per_host(4));
  expect_relative(tier_bandwidth(doubling, "inter-host"), (2097152.0 + 4194304.0) / (kLink / 2), "doubling");
}

TEST(SharedLink, PresetsWithALinkPerRankAreUnchangedAndSharedNicsAreNot) {
  // dgx-h100: 8 NICs for 8 ranks: a ring step's rank has one NIC, 50 GB/s, as when all cross.
  const RankLayout h100 = rank_layout(load_fabric_preset("dgx-h100"), 16);
  expect_relative(shift_seconds_per_byte(h100, 1, 1), h100.levels[1].seconds_per_byte, "dgx-h100");
  // pcie-gen5-8gpu-2x400gbe: 2 NICs of 50 GB/s for 8 ranks. All crossing: 2 x 50 / 8 = 12.5
  // GB/s each; one crossing rank: min(8 / 1, max(1, 8 / 2)) = 4 x that, 50 GB/s, its NIC alone
  // (not both NICs: one rank's messages take one link).
  const RankLayout pcie = rank_layout(load_fabric_preset("pcie-gen5-8gpu-2x400gbe"), 16);
  expect_relative(1 / pcie.levels[1].seconds_per_byte, 12.5e9, "pcie all");
  expect_relative(1 / shift_seconds_per_byte(pcie, 1, 1), 50e9, "pcie ring step");
  // A shift by 3 on 16 ranks takes 3 ranks of each node across: min(8 / 3, 4) x 12.5 = 33.3
  // GB/s each.
  expect_relative(1 / shift_seconds_per_byte(pcie, 1, 3), 12.5e9 * 8 / 3, "pcie shift 3");
}

}  // namespace
}  // namespace commbench
