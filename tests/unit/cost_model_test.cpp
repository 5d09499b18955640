// topology/cost_model and topology/rank_layout: every formula against numbers worked by hand
// (the arithmetic is in the comments), the limits (one rank, two ranks, rank counts that are
// not powers of two, fewer bytes than ranks, no bytes), the breakdown over tiers, runs larger
// than the fabric, the choice of the fastest algorithm, in-switch reduction, the linear
// coefficients against predict, and the one-line errors. docs/MODELS.md states the formulas.
#include "topology/cost/cost_model.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "topology/cost/rank_layout.hpp"
#include "topology/fabric/fabric.hpp"
#include "topology/fabric_files/fabric_presets.hpp"

namespace commbench {
namespace {

// One tier of 64 ranks: alpha = 1 us, beta = 1 / (1 GB/s) = 1e-9 s/B, gamma = 1 / (10 GB/s) =
// 1e-10 s/B. n = 1e6 B unless a test says otherwise, so n beta = 1e-3 s and n gamma = 1e-4 s.
constexpr double kAlpha = 1e-6;
constexpr double kBeta = 1e-9;
constexpr double kGamma = 1e-10;
constexpr std::uint64_t kN = 1000000;

Fabric one_tier(bool in_switch = false) {
  Fabric fabric;
  fabric.name = "flat";
  FabricTier tier;
  tier.name = "net";
  tier.members = 64;
  tier.link_bandwidth.value = 1e9;
  tier.latency.value = kAlpha;
  tier.in_switch_reduction = in_switch;
  fabric.tiers.push_back(tier);
  fabric.reduction_bandwidth = Quantity{1e10, "", "", std::nullopt};
  return fabric;
}

// Two tiers of 4 x 4 ranks. node: 4 links of 25 GB/s per rank = 100 GB/s per rank (beta0 =
// 1e-11), alpha0 = 1 us. net: 4 NICs of 12.5 GB/s per node = 50 GB/s shared by the node's 4
// ranks = 12.5 GB/s per rank (beta1 = 8e-11), alpha1 = 5 us. gamma = 1e-10.
constexpr double kAlpha0 = 1e-6;
constexpr double kBeta0 = 1e-11;
constexpr double kAlpha1 = 5e-6;
constexpr double kBeta1 = 8e-11;

Fabric two_tier(bool node_switch = false, bool net_switch = false, std::uint64_t nodes = 4) {
  Fabric fabric;
  fabric.name = "two-tier";
  FabricTier node;
  node.name = "node";
  node.members = 4;
  node.link_bandwidth.value = 25e9;
  node.links_per_member = 4;
  node.latency.value = kAlpha0;
  node.in_switch_reduction = node_switch;
  FabricTier net;
  net.name = "net";
  net.members = nodes;
  net.link_bandwidth.value = 12.5e9;
  net.links_per_member = 4;
  net.latency.value = kAlpha1;
  net.in_switch_reduction = net_switch;
  fabric.tiers = {node, net};
  fabric.reduction_bandwidth = Quantity{1e10, "", "", std::nullopt};
  return fabric;
}

void expect_near(double actual, double expected, const std::string& what) {
  // Relative: the figures span 1e-6 s to 1e-2 s; 1e-9 leaves room for rounding only.
  EXPECT_NEAR(actual, expected, 1e-9 * std::fabs(expected) + 1e-18) << what;
}

void expect_terms(const ModelTerms& terms, double latency, double bandwidth, double reduction,
                  const std::string& what) {
  expect_near(terms.latency_s, latency, what + " latency");
  expect_near(terms.bandwidth_s, bandwidth, what + " bandwidth");
  expect_near(terms.reduction_s, reduction, what + " reduction");
}

// predict on the one-tier fabric, checked term by term and in total.
void expect_flat(const std::string& collective, const std::string& algorithm, int ranks, std::uint64_t bytes,
                 double latency, double bandwidth, double reduction) {
  const std::string what = collective + " " + algorithm + " p=" + std::to_string(ranks) + " n=" + std::to_string(bytes);
  const Prediction prediction = predict(collective, algorithm, bytes, ranks, one_tier());
  expect_terms(prediction.terms, latency, bandwidth, reduction, what);
  expect_near(prediction.time_s, latency + bandwidth + reduction, what + " total");
  EXPECT_EQ(prediction.collective, collective);
  EXPECT_EQ(prediction.algorithm, algorithm);
  EXPECT_EQ(prediction.bytes, bytes);
  EXPECT_EQ(prediction.ranks, ranks);
}

std::string model_error(const std::function<void()>& call) {
  try {
    call();
  } catch (const ModelError& error) {
    return error.what();
  }
  return "no error";
}

const TierTerms& tier_named(const Prediction& prediction, const std::string& name) {
  for (const TierTerms& tier : prediction.tiers) {
    if (tier.tier == name) return tier;
  }
  throw std::runtime_error("no tier " + name);
}

std::vector<std::string> tier_names(const Prediction& prediction) {
  std::vector<std::string> names;
  for (const TierTerms& tier : prediction.tiers) names.push_back(tier.tier);
  return names;
}

// ---- the lists ------------------------------------------------------------------------------

TEST(CostModelNames, CollectivesAndAlgorithmsInStableOrder) {
  EXPECT_EQ(modelled_collectives(), (std::vector<std::string>{"allreduce", "allgather", "reducescatter", "broadcast",
                                                              "reduce", "alltoall", "sendrecv"}));
  EXPECT_EQ(modelled_algorithms("allreduce"),
            (std::vector<std::string>{"ring", "recursive-doubling", "rabenseifner", "double-binary-tree",
                                      "hierarchical", "in-switch"}));
  EXPECT_EQ(modelled_algorithms("allgather"), (std::vector<std::string>{"ring", "recursive-doubling"}));
  EXPECT_EQ(modelled_algorithms("reducescatter"), (std::vector<std::string>{"ring", "recursive-halving"}));
  EXPECT_EQ(modelled_algorithms("broadcast"), (std::vector<std::string>{"binomial", "chain", "double-binary-tree"}));
  EXPECT_EQ(modelled_algorithms("reduce"), (std::vector<std::string>{"binomial", "rabenseifner"}));
  EXPECT_EQ(modelled_algorithms("alltoall"), (std::vector<std::string>{"pairwise", "bruck"}));
  EXPECT_EQ(modelled_algorithms("sendrecv"), (std::vector<std::string>{"point-to-point"}));
}

// ---- allreduce --------------------------------------------------------------------------------

TEST(CostModelAllreduce, Ring) {
  // 2(p-1) a + 2(p-1)/p n b + (p-1)/p n g. p = 4: 6 us; 2 * 3/4 * 1e-3 = 1.5e-3; 3/4 * 1e-4 = 7.5e-5.
  expect_flat("allreduce", "ring", 4, kN, 6e-6, 1.5e-3, 7.5e-5);
  // p = 5: 8 us; 2 * 4/5 * 1e-3 = 1.6e-3; 4/5 * 1e-4 = 8e-5.
  expect_flat("allreduce", "ring", 5, kN, 8e-6, 1.6e-3, 8e-5);
  // p = 2: 2 us; 2 * 1/2 * 1e-3 = 1e-3; 1/2 * 1e-4 = 5e-5.
  expect_flat("allreduce", "ring", 2, kN, 2e-6, 1e-3, 5e-5);
}

TEST(CostModelAllreduce, RecursiveDoubling) {
  // lg p (a + n b + n g). p = 8: 3 us, 3e-3, 3e-4; p = 2: 1 us, 1e-3, 1e-4.
  expect_flat("allreduce", "recursive-doubling", 8, kN, 3e-6, 3e-3, 3e-4);
  expect_flat("allreduce", "recursive-doubling", 2, kN, 1e-6, 1e-3, 1e-4);
  // Not a power of two: lg p' steps on p' = 4, plus the fold (a + n b + n g) and the unfold
  // (a + n b): 4 a, 4 n b, 3 n g for p = 5, 6 and 7.
  for (const int p : {5, 6, 7}) expect_flat("allreduce", "recursive-doubling", p, kN, 4e-6, 4e-3, 3e-4);
  // p = 3: p' = 2: 1 + 2 steps: 3 us, 3e-3, 2e-4.
  expect_flat("allreduce", "recursive-doubling", 3, kN, 3e-6, 3e-3, 2e-4);
}

TEST(CostModelAllreduce, Rabenseifner) {
  // 2 lg p a + 2 (p-1)/p n b + (p-1)/p n g. p = 8: 6 us; 2 * 7/8 * 1e-3 = 1.75e-3; 7/8 * 1e-4 = 8.75e-5.
  expect_flat("allreduce", "rabenseifner", 8, kN, 6e-6, 1.75e-3, 8.75e-5);
  // p = 6, p' = 4: fold a + n b + n g (1 us, 1e-3, 1e-4); on p' = 4: 4 us, 2 * 3/4 * 1e-3 =
  // 1.5e-3, 3/4 * 1e-4 = 7.5e-5; final a + n b (1 us, 1e-3). Sum: 6 us, 3.5e-3, 1.75e-4.
  expect_flat("allreduce", "rabenseifner", 6, kN, 6e-6, 3.5e-3, 1.75e-4);
  // p = 3, p' = 2: fold (1 us, 1e-3, 1e-4) + 2 us, 2 * 1/2 * 1e-3, 1/2 * 1e-4 + final (1 us,
  // 1e-3): 4 us, 3e-3, 1.5e-4.
  expect_flat("allreduce", "rabenseifner", 3, kN, 4e-6, 3e-3, 1.5e-4);
  // p = 5 and 7 share p' = 4 with p = 6.
  expect_flat("allreduce", "rabenseifner", 5, kN, 6e-6, 3.5e-3, 1.75e-4);
  expect_flat("allreduce", "rabenseifner", 7, kN, 6e-6, 3.5e-3, 1.75e-4);
}

TEST(CostModelAllreduce, DoubleBinaryTree) {
  // 2 (k + 2(d-1)) (a + n b / k) + n g, d = ceil(lg p), k chosen optimally. p = 8: d = 3.
  // n = 1.6e6: n b / a = 1600, optimal k = sqrt(2 (d-1) n b / a) = sqrt(6400) = 80 exactly.
  // Steps 2 (80 + 4) = 168: latency 168 us; bandwidth 168 * (1.6e6 / 80) * 1e-9 = 168 * 2e-5 =
  // 3.36e-3; reduction 1.6e6 * 1e-10 = 1.6e-4. (k = 79: 166 * (1e-6 + 2.02532e-5) = 3.52803e-3
  // for the two passes, more than 168 * 2.1e-5 = 3.528e-3.)
  expect_flat("allreduce", "double-binary-tree", 8, 1600000, 168e-6, 3.36e-3, 1.6e-4);
  // p = 2: d = 1; 2 (k)(a + n b / k) is least at k = 1: 2 us, 2e-3; n g = 1e-4.
  expect_flat("allreduce", "double-binary-tree", 2, kN, 2e-6, 2e-3, 1e-4);
}

TEST(CostModelAllreduce, HierarchicalOnOneTierIsTheRing) {
  for (const int p : {2, 3, 4, 7, 16}) {
    const Prediction ring = predict("allreduce", "ring", kN, p, one_tier());
    const Prediction hierarchical = predict("allreduce", "hierarchical", kN, p, one_tier());
    expect_terms(hierarchical.terms, ring.terms.latency_s, ring.terms.bandwidth_s, ring.terms.reduction_s,
                 "p=" + std::to_string(p));
  }
}

TEST(CostModelAllreduce, InSwitchOnOneTier) {
  // a + n b, and the switch reduces: no gamma. p = 8: 1 us + 1e-3.
  const Prediction prediction = predict("allreduce", "in-switch", kN, 8, one_tier(true));
  expect_terms(prediction.terms, 1e-6, 1e-3, 0, "in-switch p=8");
}

// ---- the other collectives --------------------------------------------------------------------

TEST(CostModelAllgather, RingAndRecursiveDoubling) {
  // n is the whole output. Ring: (p-1)(a + n/p b). p = 4: 3 us; 3 * 2.5e5 * 1e-9 = 7.5e-4.
  expect_flat("allgather", "ring", 4, kN, 3e-6, 7.5e-4, 0);
  // p = 6: 5 us; 5/6 * 1e-3.
  expect_flat("allgather", "ring", 6, kN, 5e-6, 5e-3 / 6, 0);
  // Recursive doubling: lg p a + (p-1)/p n b. p = 8: 3 us; 7/8 * 1e-3 = 8.75e-4.
  expect_flat("allgather", "recursive-doubling", 8, kN, 3e-6, 8.75e-4, 0);
  expect_flat("allgather", "recursive-doubling", 2, kN, 1e-6, 5e-4, 0);
}

TEST(CostModelReducescatter, RingAndRecursiveHalving) {
  // n is the whole input. Ring: (p-1)(a + n/p b + n/p g). p = 4: 3 us, 7.5e-4, 7.5e-5.
  expect_flat("reducescatter", "ring", 4, kN, 3e-6, 7.5e-4, 7.5e-5);
  // Recursive halving: lg p a + (p-1)/p n (b + g). p = 8: 3 us, 8.75e-4, 8.75e-5.
  expect_flat("reducescatter", "recursive-halving", 8, kN, 3e-6, 8.75e-4, 8.75e-5);
  // Not a power of two: fold (a + n b + n g), steps at distance m moving (m + min(m, rem)) blocks
  // of n/p (reduced as well), unfold (a + n/p b).
  // p = 3 (p' = 2, rem 1): n + 2n/3 + n/3 = 2n moved, n + 2n/3 reduced, 3 steps.
  expect_flat("reducescatter", "recursive-halving", 3, kN, 3e-6, 2e-3, 1e-4 * 5 / 3);
  // p = 5 (p' = 4, rem 1): m = 2: 3n/5, m = 1: 2n/5; moved n + 0.6n + 0.4n + 0.2n = 2.2n,
  // reduced 2n, 4 steps.
  expect_flat("reducescatter", "recursive-halving", 5, kN, 4e-6, 2.2e-3, 2e-4);
  // p = 6 (rem 2): m = 2: 4n/6, m = 1: 2n/6; moved n + 4n/6 + 2n/6 + n/6 = 13n/6, reduced 2n.
  expect_flat("reducescatter", "recursive-halving", 6, kN, 4e-6, 13e-3 / 6, 2e-4);
  // p = 7 (rem 3): m = 2: 4n/7, m = 1: 2n/7; moved n + 6n/7 + n/7 = 2n, reduced n + 6n/7.
  expect_flat("reducescatter", "recursive-halving", 7, kN, 4e-6, 2e-3, 1e-4 * 13 / 7);
}

TEST(CostModelBroadcast, BinomialChainAndDoubleBinaryTree) {
  // Binomial: ceil(lg p)(a + n b). p = 5 and 8: 3 steps; p = 2: 1.
  expect_flat("broadcast", "binomial", 5, kN, 3e-6, 3e-3, 0);
  expect_flat("broadcast", "binomial", 8, kN, 3e-6, 3e-3, 0);
  expect_flat("broadcast", "binomial", 2, kN, 1e-6, 1e-3, 0);
  // Chain: (p - 2 + k)(a + n b / k), optimal k = sqrt((p-2) n b / a). p = 11, n = 1.6e6:
  // k = sqrt(9 * 1600) = 120; 129 steps: 129 us; 129 * (1.6e6 / 120) * 1e-9 = 1.72e-3.
  // Closed form n b + (p-2) a + 2 sqrt((p-2) a n b) = 1.6e-3 + 9e-6 + 2.4e-4 = 1.849e-3.
  expect_flat("broadcast", "chain", 11, 1600000, 129e-6, 1.72e-3, 0);
  // p = 2: one segment, one message: a + n b.
  expect_flat("broadcast", "chain", 2, kN, 1e-6, 1e-3, 0);
  // Two trees: (k + 2(d-1))(a + n b / k), k = sqrt(2(d-1) n b / a). p = 8 (d = 3), n = 1.6e6:
  // k = 80, 84 steps: 84 us; 84 * 2e-5 = 1.68e-3. Closed form n b + 2(d-1) a +
  // 2 sqrt(2(d-1) a n b) = 1.6e-3 + 4e-6 + 1.6e-4 = 1.764e-3.
  expect_flat("broadcast", "double-binary-tree", 8, 1600000, 84e-6, 1.68e-3, 0);
  expect_flat("broadcast", "double-binary-tree", 2, kN, 1e-6, 1e-3, 0);
}

TEST(CostModelReduce, BinomialAndRabenseifner) {
  // Binomial: ceil(lg p)(a + n b + n g). p = 5: 3 us, 3e-3, 3e-4.
  expect_flat("reduce", "binomial", 5, kN, 3e-6, 3e-3, 3e-4);
  // Reduce-scatter + binomial gather: 2 lg p a + 2 (p-1)/p n b + (p-1)/p n g. p = 8: 6 us,
  // 1.75e-3, 8.75e-5.
  expect_flat("reduce", "rabenseifner", 8, kN, 6e-6, 1.75e-3, 8.75e-5);
  // p = 6: fold (1 us, 1e-3, 1e-4), then on p' = 4: 4 us, 1.5e-3, 7.5e-5; root 0 takes part, so
  // no final step: 5 us, 2.5e-3, 1.75e-4.
  expect_flat("reduce", "rabenseifner", 6, kN, 5e-6, 2.5e-3, 1.75e-4);
}

TEST(CostModelAlltoall, PairwiseAndBruck) {
  // n is a rank's whole send buffer. Pairwise: (p-1)(a + n/p b). p = 4: 3 us, 7.5e-4.
  expect_flat("alltoall", "pairwise", 4, kN, 3e-6, 7.5e-4, 0);
  expect_flat("alltoall", "pairwise", 7, kN, 6e-6, 6e-3 / 7, 0);
  // Bruck: step k moves the blocks whose index has bit k set. p = 4: 2 steps of 2 blocks:
  // 2 us; 4 * 2.5e5 * 1e-9 = 1e-3 (= ceil(lg p) n/2 b).
  expect_flat("alltoall", "bruck", 4, kN, 2e-6, 1e-3, 0);
  // p = 5: blocks {1,3}, {2,3}, {4}: 5 blocks of 2e5: 3 us, 1e-3.
  expect_flat("alltoall", "bruck", 5, kN, 3e-6, 1e-3, 0);
  // p = 6: {1,3,5}, {2,3}, {4,5}: 7 blocks of n/6: 3 us, 7/6 * 1e-3.
  expect_flat("alltoall", "bruck", 6, kN, 3e-6, 7e-3 / 6, 0);
}

TEST(CostModelSendrecv, PointToPoint) {
  // a + n b, whatever the rank count (every rank sends to the next at once).
  expect_flat("sendrecv", "point-to-point", 2, kN, 1e-6, 1e-3, 0);
  expect_flat("sendrecv", "point-to-point", 16, kN, 1e-6, 1e-3, 0);
}

// ---- limits -----------------------------------------------------------------------------------

TEST(CostModelLimits, OneRankMovesNothing) {
  for (const Fabric& fabric : {one_tier(), two_tier()}) {
    for (const std::string& collective : modelled_collectives()) {
      for (const std::string& algorithm : modelled_algorithms(collective)) {
        const Prediction prediction = predict(collective, algorithm, kN, 1, fabric);
        EXPECT_EQ(prediction.time_s, 0) << collective << " " << algorithm;
        EXPECT_TRUE(prediction.tiers.empty()) << collective << " " << algorithm;
      }
    }
  }
}

TEST(CostModelLimits, NoBytesCostNothing) {
  // MPI and NCCL return from a count of 0 without communicating: 0, not the latency terms.
  for (const std::string& collective : modelled_collectives()) {
    for (const std::string& algorithm : modelled_algorithms(collective)) {
      if (algorithm == "in-switch") continue;
      const Prediction prediction = predict(collective, algorithm, 0, 16, two_tier());
      EXPECT_EQ(prediction.time_s, 0) << collective << " " << algorithm;
      EXPECT_EQ(tier_names(prediction), (std::vector<std::string>{"node", "net"})) << collective << " " << algorithm;
    }
  }
}

TEST(CostModelLimits, FewerBytesThanRanksIsLatencyBound) {
  // 8 bytes on 16 ranks: half a byte per rank and less. Finite, positive, and the latency terms
  // are nearly all of it.
  for (const Fabric& fabric : {one_tier(), two_tier(), load_fabric_preset("dgx-h100")}) {
    for (const std::string& collective : modelled_collectives()) {
      for (const std::string& algorithm : modelled_algorithms(collective)) {
        if (algorithm == "in-switch" && fabric.name != "dgx-h100") continue;
        const Prediction prediction = predict(collective, algorithm, 8, 16, fabric);
        const std::string what = fabric.name + " " + collective + " " + algorithm;
        EXPECT_TRUE(std::isfinite(prediction.time_s)) << what;
        EXPECT_GT(prediction.time_s, 0) << what;
        EXPECT_GE(prediction.terms.bandwidth_s, 0) << what;
        EXPECT_GE(prediction.terms.reduction_s, 0) << what;
        EXPECT_GT(prediction.terms.latency_s, 0.99 * prediction.time_s) << what;
      }
    }
  }
}

TEST(CostModelLimits, TimeNeverFallsAsBytesGrow) {
  const Fabric fabric = load_fabric_preset("dgx-h100");  // 2 nodes of 8
  std::vector<std::uint64_t> sizes = {1, 3, 7, 100, 1000, 4095, 4097, 999999};
  for (std::uint64_t n = 1; n <= (std::uint64_t{1} << 36); n *= 2) sizes.push_back(n);
  std::sort(sizes.begin(), sizes.end());
  for (const int ranks : {2, 5, 8, 12, 16, 24}) {
    for (const std::string& collective : modelled_collectives()) {
      for (const std::string& algorithm : modelled_algorithms(collective)) {
        double previous = 0;
        for (const std::uint64_t n : sizes) {
          double time = 0;
          try {
            time = predict(collective, algorithm, n, ranks, fabric).time_s;
          } catch (const ModelError&) {
            break;  // not available for this rank count (tested elsewhere)
          }
          EXPECT_GE(time, previous) << collective << " " << algorithm << " p=" << ranks << " n=" << n;
          previous = time;
        }
      }
    }
  }
}

TEST(CostModelLimits, NoReductionBandwidthLeavesTheReductionTermOut) {
  Fabric fabric = one_tier();
  fabric.reduction_bandwidth.reset();
  const Prediction prediction = predict("allreduce", "ring", kN, 4, fabric);
  expect_terms(prediction.terms, 6e-6, 1.5e-3, 0, "ring without gamma");
}

TEST(CostModelLimits, NoAlgorithmBeatsTheLowerBounds) {
  // Chan et al. 2007, one port, full duplex, on one tier: every rank must take part in at least
  // ceil(lg p) rounds; broadcast and reduce move n across some link; an allgather or
  // reduce-scatter rank receives (p-1)/p n; an allreduce moves 2 (p-1)/p n per rank (Patarasuk
  // and Yuan 2009); every reduction combines (p-1)/p n per rank. The switch's reduction is
  // outside these bounds (the switch computes), so in-switch is left out.
  for (const int p : {2, 3, 4, 5, 6, 7, 8, 13, 16, 64}) {
    for (const std::uint64_t n : {std::uint64_t{8}, std::uint64_t{1000}, kN, std::uint64_t{1} << 30}) {
      const double nd = static_cast<double>(n);
      const double share = static_cast<double>(p - 1) / p * nd;
      const double rounds = std::ceil(std::log2(static_cast<double>(p)));
      const std::vector<std::tuple<std::string, double, double, double>> bounds = {
          {"allreduce", rounds, 2 * share, share},
          {"allgather", rounds, share, 0},
          {"reducescatter", rounds, share, share},
          {"broadcast", rounds, nd, 0},
          {"reduce", rounds, nd, share},
          {"alltoall", rounds, share, 0},
          {"sendrecv", 1, nd, 0}};
      for (const auto& [collective, latency_steps, bytes, reduced] : bounds) {
        for (const std::string& algorithm : modelled_algorithms(collective)) {
          if (algorithm == "in-switch" ||
              (algorithm == "recursive-doubling" && collective == "allgather" && (p & (p - 1)) != 0)) {
            continue;
          }
          const ModelTerms terms = predict(collective, algorithm, n, p, one_tier()).terms;
          const std::string what = collective + " " + algorithm + " p=" + std::to_string(p) + " n=" + std::to_string(n);
          EXPECT_GE(terms.latency_s, latency_steps * kAlpha * (1 - 1e-12)) << what;
          EXPECT_GE(terms.bandwidth_s, bytes * kBeta * (1 - 1e-12)) << what;
          EXPECT_GE(terms.reduction_s, reduced * kGamma * (1 - 1e-12)) << what;
        }
      }
    }
  }
}

// ---- tiers ------------------------------------------------------------------------------------

TEST(CostModelTiers, RanksInsideOneNodeCrossNothingOuter) {
  for (const std::string& collective : modelled_collectives()) {
    for (const std::string& algorithm : modelled_algorithms(collective)) {
      if (algorithm == "in-switch") continue;
      const Prediction prediction = predict(collective, algorithm, kN, 4, two_tier());
      EXPECT_EQ(tier_names(prediction), std::vector<std::string>{"node"}) << collective << " " << algorithm;
    }
  }
  // Ring allreduce on 4 ranks of one node: 6 a0 + 1.5 n b0 = 6e-6 + 1.5e-5; 3/4 n g = 7.5e-5.
  const Prediction ring = predict("allreduce", "ring", kN, 4, two_tier());
  expect_terms(ring.terms, 6e-6, 1.5e-5, 7.5e-5, "ring in one node");
}

TEST(CostModelTiers, SixteenRanksOnFourNodesCrossBoth) {
  const Fabric fabric = two_tier();
  // Ring: every step has a pair crossing the network, so every step is the network's:
  // 30 a1 = 1.5e-4; 2 * 15/16 * n * b1 = 1.875 * 1e6 * 8e-11 = 1.5e-4; nothing on the node tier.
  const Prediction ring = predict("allreduce", "ring", kN, 16, fabric);
  EXPECT_EQ(tier_names(ring), (std::vector<std::string>{"node", "net"}));
  expect_terms(tier_named(ring, "node").terms, 0, 0, 0, "ring node");
  expect_terms(tier_named(ring, "net").terms, 1.5e-4, 1.5e-4, 1e-4 * 15 / 16, "ring net");
  // Binomial broadcast from rank 0: distances 8 and 4 cross nodes, 2 and 1 stay inside:
  // net 2 (a1 + n b1) = 1e-5, 1.6e-4; node 2 (a0 + n b0) = 2e-6, 2e-5.
  const Prediction binomial = predict("broadcast", "binomial", kN, 16, fabric);
  expect_terms(tier_named(binomial, "net").terms, 1e-5, 1.6e-4, 0, "binomial net");
  expect_terms(tier_named(binomial, "node").terms, 2e-6, 2e-5, 0, "binomial node");
  // Rabenseifner: distance 1 and 2 (n/2 and n/4) inside a node, 4 and 8 (n/8, n/16) across:
  // node 4 a0 = 4e-6, 2 (0.5 + 0.25) n b0 = 1.5e-5; net 4 a1 = 2e-5,
  // 2 (0.125 + 0.0625) n b1 = 3e-5; gamma: node 0.75 n g = 7.5e-5, net 0.1875 n g = 1.875e-5.
  const Prediction rabenseifner = predict("allreduce", "rabenseifner", kN, 16, fabric);
  expect_terms(tier_named(rabenseifner, "node").terms, 4e-6, 1.5e-5, 7.5e-5, "rabenseifner node");
  expect_terms(tier_named(rabenseifner, "net").terms, 2e-5, 3e-5, 1.875e-5, "rabenseifner net");
  // The tiers add up to the whole.
  for (const Prediction& prediction : {ring, binomial, rabenseifner}) {
    double total = 0;
    for (const TierTerms& tier : prediction.tiers) total += tier.terms.total_s();
    expect_near(total, prediction.time_s, prediction.algorithm + " sum of tiers");
  }
}

TEST(CostModelTiers, Hierarchical) {
  // Node: ring reduce-scatter and all-gather of n among 4: 6 (a0 + n/4 b0) = 6e-6, 1.5e-5;
  // 3/4 n g = 7.5e-5. Net: ring allreduce of n/4 = 2.5e5 among 4 nodes: 6 (a1 + 2.5e5/4 b1)
  // = 3e-5, 6 * 62500 * 8e-11 = 3e-5; 3/4 * 2.5e5 * g = 1.875e-5. Gamma in all: 15/16 n g.
  const Prediction prediction = predict("allreduce", "hierarchical", kN, 16, two_tier());
  expect_terms(tier_named(prediction, "node").terms, 6e-6, 1.5e-5, 7.5e-5, "node");
  expect_terms(tier_named(prediction, "net").terms, 3e-5, 3e-5, 1.875e-5, "net");
  expect_near(prediction.terms.reduction_s, 1e-4 * 15 / 16, "gamma");
}

TEST(CostModelTiers, MoreRanksThanTheFabricHoldsAddOutermostMembers) {
  // 32 ranks on 4 x 4: 8 members of the net tier. Hierarchical: node as for 16 ranks; net: ring
  // allreduce of 2.5e5 among 8: 14 (a1 + 2.5e5/8 b1) = 7e-5, 14 * 31250 * 8e-11 = 3.5e-5;
  // 7/8 * 2.5e5 * g = 2.1875e-5.
  const Prediction prediction = predict("allreduce", "hierarchical", kN, 32, two_tier());
  EXPECT_EQ(tier_names(prediction), (std::vector<std::string>{"node", "net"}));
  expect_terms(tier_named(prediction, "node").terms, 6e-6, 1.5e-5, 7.5e-5, "node");
  expect_terms(tier_named(prediction, "net").terms, 7e-5, 3.5e-5, 2.1875e-5, "net");
  // A fabric of one node (net members 1) holds 4; 8 ranks make 2 nodes: the net tier appears.
  const RankLayout layout = rank_layout(two_tier(false, false, 1), 8);
  ASSERT_EQ(layout.levels.size(), 2u);
  EXPECT_EQ(layout.levels[1].name, "net");
  EXPECT_EQ(layout.levels[1].members, 2u);
  expect_near(predict("allreduce", "ring", kN, 8, two_tier(false, false, 1)).terms.latency_s, 14 * kAlpha1, "ring");
}

TEST(CostModelTiers, HierarchicalNeedsWholeMembers) {
  // 18 ranks on nodes of 4: the last node would hold 2.
  EXPECT_EQ(model_error([] { predict("allreduce", "hierarchical", kN, 18, two_tier()); }),
            "algorithm 'hierarchical' for allreduce needs whole members of the outermost tier the ranks cross: a net "
            "member holds 4 ranks, and 18 is not a multiple of 4 (accepted for 18 ranks on two-tier: ring, "
            "recursive-doubling, rabenseifner, double-binary-tree)");
  EXPECT_NE(predict_best("allreduce", kN, 18, two_tier()).algorithm, "hierarchical");
  // Within one node any count works: one level, a ring.
  EXPECT_NO_THROW(predict("allreduce", "hierarchical", kN, 3, two_tier()));
}

TEST(CostModelTiers, PerRankBandwidthOfThePresets) {
  // dgx-h100: NVLink 18 x 25 GB/s = 450 GB/s per GPU; network 8 x 400 Gb/s = 400 GB/s per node,
  // 8 ranks: 50 GB/s per rank (= link_bandwidth / ranks_per_nic, ranks_per_nic 1).
  const RankLayout h100 = rank_layout(load_fabric_preset("dgx-h100"), 16);
  ASSERT_EQ(h100.levels.size(), 2u);
  expect_near(1 / h100.levels[0].seconds_per_byte, 450e9, "nvlink");
  expect_near(1 / h100.levels[1].seconds_per_byte, 50e9, "infiniband");
  expect_near(h100.levels[1].latency_s, 2.7e-6, "infiniband latency");
  // pcie-gen5-8gpu-2x400gbe: 2 x 50 GB/s per node over 8 ranks = 12.5 GB/s = 50 / 4 per NIC.
  const RankLayout pcie = rank_layout(load_fabric_preset("pcie-gen5-8gpu-2x400gbe"), 16);
  expect_near(1 / pcie.levels[1].seconds_per_byte, 12.5e9, "ethernet");
  // cpu-cluster: at tier 0 a member is one rank and 4 ranks share a memory channel: 25.6 / 4 =
  // 6.4 GB/s; tcp 3.125 GB/s for 32 ranks.
  const RankLayout cpu = rank_layout(load_fabric_preset("cpu-cluster"), 64);
  expect_near(1 / cpu.levels[0].seconds_per_byte, 6.4e9, "shared-memory");
  expect_near(1 / cpu.levels[1].seconds_per_byte, 3.125e9 / 32, "tcp");
  // In every preset a tier above the first gives each rank link_bandwidth / ranks_per_nic.
  for (const std::string& name : fabric_preset_names()) {
    const Fabric fabric = load_fabric_preset(name);
    std::uint64_t below = fabric.tiers[0].members;
    for (std::size_t t = 1; t < fabric.tiers.size(); ++t) {
      const FabricTier& tier = fabric.tiers[t];
      expect_near(per_rank_bandwidth(tier, below), tier.link_bandwidth.value / static_cast<double>(tier.ranks_per_nic),
                  name + " " + tier.name);
      below *= tier.members;
    }
  }
}

// ---- the fastest algorithm --------------------------------------------------------------------

TEST(CostModelBest, ObviousChoicesAtSmallAndLargeSizes) {
  const Fabric flat = one_tier();
  // 8 bytes: fewest steps. allreduce: lg p = 4 steps of recursive doubling against 8 for
  // Rabenseifner and 30 for the ring.
  EXPECT_EQ(predict_best("allreduce", 8, 16, flat).algorithm, "recursive-doubling");
  EXPECT_EQ(predict_best("broadcast", 8, 16, flat).algorithm, "binomial");
  EXPECT_EQ(predict_best("alltoall", 8, 16, flat).algorithm, "bruck");
  EXPECT_EQ(predict_best("reduce", 8, 16, flat).algorithm, "binomial");
  // 1 GB: the least bandwidth term. Rabenseifner moves what the ring moves in fewer steps;
  // two trees move n once; pairwise exchange moves (p-1)/p n against Bruck's lg p n/2.
  EXPECT_EQ(predict_best("allreduce", 1000000000, 16, flat).algorithm, "rabenseifner");
  EXPECT_EQ(predict_best("broadcast", 1000000000, 16, flat).algorithm, "double-binary-tree");
  EXPECT_EQ(predict_best("alltoall", 1000000000, 16, flat).algorithm, "pairwise");
  EXPECT_EQ(predict_best("reduce", 1000000000, 16, flat).algorithm, "rabenseifner");
  // The best is the least of the candidates.
  const Prediction best = predict_best("allreduce", 1000000000, 16, flat);
  for (const std::string& algorithm : modelled_algorithms("allreduce")) {
    if (algorithm == "in-switch") continue;
    EXPECT_LE(best.time_s, predict("allreduce", algorithm, 1000000000, 16, flat).time_s) << algorithm;
  }
  // On DGX H100 nodes the switch's reduction wins at 1 GiB; DGX A100's NVSwitch has none.
  EXPECT_EQ(predict_best("allreduce", std::uint64_t{1} << 30, 16, load_fabric_preset("dgx-h100")).algorithm,
            "in-switch");
  EXPECT_NE(predict_best("allreduce", std::uint64_t{1} << 30, 16, load_fabric_preset("dgx-a100")).algorithm,
            "in-switch");
  // One rank: everything is 0; the first algorithm stands.
  EXPECT_EQ(predict_best("allreduce", kN, 1, flat).algorithm, "ring");
}

// ---- in-switch ----------------------------------------------------------------------------------

TEST(CostModelInSwitch, OnlyWhereATierReducesInTheSwitch) {
  EXPECT_EQ(model_error([] { predict("allreduce", "in-switch", kN, 16, two_tier()); }),
            "algorithm 'in-switch' for allreduce needs a tier that reduces in the switch, and none of the tiers 16 "
            "ranks cross does: node, net (accepted for 16 ranks on two-tier: ring, recursive-doubling, rabenseifner, "
            "double-binary-tree, hierarchical)");
  for (const std::uint64_t n : {std::uint64_t{8}, std::uint64_t{1} << 30}) {
    EXPECT_NE(predict_best("allreduce", n, 16, two_tier()).algorithm, "in-switch");
  }
  // A switch in the network only: 4 ranks inside a node do not reach it.
  EXPECT_EQ(model_error([] { predict("allreduce", "in-switch", kN, 4, two_tier(false, true)); }),
            "algorithm 'in-switch' for allreduce needs a tier that reduces in the switch, and none of the tiers 4 "
            "ranks cross does: node (accepted for 4 ranks on two-tier: ring, recursive-doubling, rabenseifner, "
            "double-binary-tree, hierarchical)");
  EXPECT_EQ(model_error([] {
              predict("allreduce", "in-switch", kN, 4, load_fabric_preset("dgx-a100"));
            }).rfind("algorithm 'in-switch' for allreduce needs a tier that reduces in the switch", 0),
            0u);
}

TEST(CostModelInSwitch, SwitchLevelsReplaceTheirRings) {
  // Switch in the node: 4 ranks: a0 + n b0 = 1e-6, 1e-5, no gamma.
  expect_terms(predict("allreduce", "in-switch", kN, 4, two_tier(true)).terms, 1e-6, 1e-5, 0, "4 ranks");
  // 16 ranks: node a0 + n b0 (1e-6, 1e-5); net ring allreduce of n/4 as in Hierarchical (3e-5,
  // 3e-5, 1.875e-5).
  const Prediction sixteen = predict("allreduce", "in-switch", kN, 16, two_tier(true));
  expect_terms(tier_named(sixteen, "node").terms, 1e-6, 1e-5, 0, "node");
  expect_terms(tier_named(sixteen, "net").terms, 3e-5, 3e-5, 1.875e-5, "net");
  // Both tiers reduce: node as above; net a1 + (n/4) b1 = 5e-6, 2e-5.
  const Prediction both = predict("allreduce", "in-switch", kN, 16, two_tier(true, true));
  expect_terms(tier_named(both, "net").terms, 5e-6, 2e-5, 0, "net switch");
  // Switch in the network only, across nodes: node ring reduce-scatter + all-gather (6e-6,
  // 1.5e-5, 7.5e-5), net a1 + (n/4) b1.
  const Prediction outer = predict("allreduce", "in-switch", kN, 16, two_tier(false, true));
  expect_terms(tier_named(outer, "node").terms, 6e-6, 1.5e-5, 7.5e-5, "node ring");
  expect_terms(tier_named(outer, "net").terms, 5e-6, 2e-5, 0, "net switch only");
}

// ---- linear coefficients ------------------------------------------------------------------------

TEST(CostModelCoefficients, HandWorked) {
  // Ring allreduce p = 4, n = 1e6: 2(p-1) = 6 steps, 2 (p-1)/p n = 1.5e6 bytes, (p-1)/p n = 7.5e5.
  const CostCoefficients ring = single_tier_coefficients("allreduce", "ring", kN, 4);
  EXPECT_DOUBLE_EQ(ring.latency_steps, 6);
  EXPECT_DOUBLE_EQ(ring.bandwidth_bytes, 1.5e6);
  EXPECT_DOUBLE_EQ(ring.reduction_bytes, 7.5e5);
  // Hierarchical, 16 ranks in groups of 4: 2*3 + 2*3 = 12 steps; 2 * 3/4 n + 2 * 3/4 * n/4 =
  // 1.875e6 bytes; 3/4 n + 3/4 * n/4 = 15/16 n reduced.
  const CostCoefficients hierarchical = single_tier_coefficients("allreduce", "hierarchical", kN, 16, 4);
  EXPECT_DOUBLE_EQ(hierarchical.latency_steps, 12);
  EXPECT_DOUBLE_EQ(hierarchical.bandwidth_bytes, 1.875e6);
  EXPECT_DOUBLE_EQ(hierarchical.reduction_bytes, 937500);
  // In-switch: one step of n, nothing reduced by the ranks.
  const CostCoefficients in_switch = single_tier_coefficients("allreduce", "in-switch", kN, 8);
  EXPECT_DOUBLE_EQ(in_switch.latency_steps, 1);
  EXPECT_DOUBLE_EQ(in_switch.bandwidth_bytes, 1e6);
  EXPECT_DOUBLE_EQ(in_switch.reduction_bytes, 0);
  // One rank or no bytes: nothing.
  const CostCoefficients none = single_tier_coefficients("allreduce", "ring", 0, 4);
  EXPECT_EQ(none.latency_steps + none.bandwidth_bytes + none.reduction_bytes, 0);
}

TEST(CostModelCoefficients, AgreeWithPredictOnOneTier) {
  for (const std::string& collective : modelled_collectives()) {
    for (const std::string& algorithm : modelled_algorithms(collective)) {
      if (algorithm == "chain" || algorithm == "double-binary-tree") continue;
      for (const int p : {1, 2, 3, 4, 5, 6, 7, 8, 16, 33}) {
        for (const std::uint64_t n : {std::uint64_t{8}, kN}) {
          const std::string what = collective + " " + algorithm + " p=" + std::to_string(p) + " n=" + std::to_string(n);
          const Fabric fabric = one_tier(algorithm == "in-switch");
          if (collective == "allgather" && algorithm == "recursive-doubling" && (p & (p - 1)) != 0) {
            EXPECT_THROW(single_tier_coefficients(collective, algorithm, n, p), ModelError) << what;
            EXPECT_THROW(predict(collective, algorithm, n, p, fabric), ModelError) << what;
            continue;
          }
          const CostCoefficients c = single_tier_coefficients(collective, algorithm, n, p, p);
          const Prediction prediction = predict(collective, algorithm, n, p, fabric);
          expect_terms(prediction.terms, c.latency_steps * kAlpha, c.bandwidth_bytes * kBeta,
                       c.reduction_bytes * kGamma, what);
        }
      }
    }
  }
}

TEST(CostModelCoefficients, HierarchicalAgreesWithPredictWhenBothTiersAreAlike) {
  // Two tiers with the same latency and the same per-rank bandwidth (the outer tier's link is g
  // times as fast, shared by the g ranks of a member): predict = coefficients . (a, b, g).
  for (const auto& [groups, group_ranks] : std::vector<std::pair<std::uint64_t, int>>{{4, 4}, {3, 8}, {2, 2}, {5, 3}}) {
    Fabric fabric = one_tier();
    fabric.tiers[0].members = static_cast<std::uint64_t>(group_ranks);
    FabricTier outer = fabric.tiers[0];
    outer.name = "outer";
    outer.members = groups;
    outer.link_bandwidth.value = 1e9 * group_ranks;
    fabric.tiers.push_back(outer);
    const int p = static_cast<int>(groups) * group_ranks;
    const CostCoefficients c = single_tier_coefficients("allreduce", "hierarchical", kN, p, group_ranks);
    const Prediction prediction = predict("allreduce", "hierarchical", kN, p, fabric);
    expect_terms(prediction.terms, c.latency_steps * kAlpha, c.bandwidth_bytes * kBeta, c.reduction_bytes * kGamma,
                 "groups of " + std::to_string(group_ranks));
  }
}

TEST(CostModelCoefficients, RefusedCases) {
  EXPECT_EQ(
      model_error([] { single_tier_coefficients("broadcast", "chain", kN, 8); }),
      "algorithm 'chain' for broadcast is pipelined: its optimal segment count makes the cost non-linear in alpha "
      "and beta (accepted: binomial)");
  EXPECT_EQ(model_error([] { single_tier_coefficients("allreduce", "double-binary-tree", kN, 8); }),
            "algorithm 'double-binary-tree' for allreduce is pipelined: its optimal segment count makes the cost "
            "non-linear in alpha and beta (accepted: ring, recursive-doubling, rabenseifner, hierarchical, in-switch)");
  EXPECT_EQ(model_error([] { single_tier_coefficients("allreduce", "hierarchical", kN, 8, 3); }),
            "hierarchical: group_ranks 3 does not divide 8 ranks into groups (accepted: a divisor of 8)");
  EXPECT_EQ(model_error([] { single_tier_coefficients("allreduce", "hierarchical", kN, 8); }),
            "hierarchical: group_ranks 0 does not divide 8 ranks into groups (accepted: a divisor of 8)");
  EXPECT_EQ(model_error([] { single_tier_coefficients("allgather", "recursive-doubling", kN, 6); }),
            "algorithm 'recursive-doubling' for allgather needs a power-of-two rank count, as in MPICH and Open MPI, "
            "and 6 is not (accepted for 6 ranks: ring)");
}

// ---- errors -----------------------------------------------------------------------------------

TEST(CostModelErrors, OneLineNamingWhatAndWhatIsAccepted) {
  const Fabric flat = one_tier();
  EXPECT_EQ(model_error([&] { predict("allreduse", "ring", kN, 4, flat); }),
            "unknown collective 'allreduse' (accepted: allreduce, allgather, reducescatter, broadcast, reduce, "
            "alltoall, sendrecv)");
  EXPECT_EQ(model_error([&] { predict("allreduce", "foo", kN, 4, flat); }),
            "unknown algorithm 'foo' for allreduce (accepted: ring, recursive-doubling, rabenseifner, "
            "double-binary-tree, hierarchical, in-switch)");
  EXPECT_EQ(model_error([&] { predict("broadcast", "bruck", kN, 4, flat); }),
            "unknown algorithm 'bruck' for broadcast (accepted: binomial, chain, double-binary-tree)");
  EXPECT_EQ(model_error([&] { predict("allreduce", "bad\nname", kN, 4, flat); }).find('\n'), std::string::npos);
  EXPECT_EQ(model_error([&] { predict_best("gather", kN, 4, flat); }),
            "unknown collective 'gather' (accepted: allreduce, allgather, reducescatter, broadcast, reduce, alltoall, "
            "sendrecv)");
  EXPECT_EQ(model_error([&] { modelled_algorithms("scan"); }),
            "unknown collective 'scan' (accepted: allreduce, allgather, reducescatter, broadcast, reduce, alltoall, "
            "sendrecv)");
  EXPECT_EQ(model_error([&] { predict("allreduce", "ring", kN, 0, flat); }),
            "ranks 0 is less than 1 (accepted: a rank count of 1 or more)");
  EXPECT_EQ(
      model_error([&] { predict("allgather", "recursive-doubling", kN, 6, flat); }),
      "algorithm 'recursive-doubling' for allgather needs a power-of-two rank count, as in MPICH and Open MPI, and "
      "6 is not (accepted for 6 ranks on flat: ring)");
  Fabric empty;
  empty.name = "empty";
  EXPECT_EQ(model_error([&] { predict("allreduce", "ring", kN, 4, empty); }),
            "fabric 'empty': has no tiers (accepted: a fabric of at least one tier, docs/FABRIC.md)");
  Fabric zero = one_tier();
  zero.tiers[0].link_bandwidth.value = 0;
  EXPECT_EQ(model_error([&] { predict("allreduce", "ring", kN, 4, zero); }),
            "fabric 'flat': tier 'net': link_bandwidth 0 B/s is not a positive number (accepted: a bandwidth greater "
            "than 0)");
  Fabric no_reduction = one_tier();
  no_reduction.reduction_bandwidth->value = -1;
  EXPECT_EQ(model_error([&] { predict("allreduce", "ring", kN, 4, no_reduction); }),
            "fabric 'flat': reduction_bandwidth -1 B/s is not a positive number (accepted: a bandwidth greater than 0, "
            "or none)");
}

}  // namespace
}  // namespace commbench
