// The NCCL model family, each figure worked by hand from NCCL 2.30.7's own source
// (src/graph/search.cc, src/graph/tuning.cc, src/graph/topo.h) and docs/MODELS.md.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "topology/cost/model_family.hpp"
#include "topology/cost/nccl_calibration.hpp"
#include "topology/cost/nccl_channel_search.hpp"
#include "topology/cost/nccl_cost_model.hpp"
#include "topology/cost/nccl_system.hpp"
#include "topology/fabric/fabric_switches.hpp"
#include "topology/fabric_files/fabric_presets.hpp"

namespace commbench {
namespace {

Fabric preset_on(const std::string& name, std::uint64_t nodes) {
  return with_nodes(load_fabric_preset(name), nodes);
}

// Bus bandwidth in GB/s of a prediction, nccl-tests' way.
double busbw(const Prediction& p, double factor) { return static_cast<double>(p.bytes) * factor / p.time_s / 1e9; }

TEST(NcclSystem, ReadsTheNodeAsNcclCountsIt) {
  const NcclSystem h100 = nccl_system(preset_on("dgx-h100", 2), 16);
  EXPECT_EQ(h100.nodes, 2);
  EXPECT_EQ(h100.gpus_per_node, 8);
  EXPECT_DOUBLE_EQ(h100.gpu_bandwidth, 18 * 20.6);  // 18 NVLinks x SM90_NVLINK_BW
  EXPECT_TRUE(h100.nvls);
  EXPECT_EQ(h100.nics, 8);
  EXPECT_DOUBLE_EQ(h100.nic_bandwidth, 50);
  EXPECT_DOUBLE_EQ(h100.nic_path_bandwidth, 48);  // PCIe Gen5 x16: 16 x 240 / 80
  EXPECT_DOUBLE_EQ(h100.network_extra_latency_us, 0);
  const NcclSystem a100 = nccl_system(load_fabric_preset("dgx-a100"), 8);
  EXPECT_EQ(a100.nodes, 1);
  EXPECT_FALSE(a100.nvls);  // second-generation NVSwitch does not reduce
  EXPECT_TRUE(a100.amd_cpu);
  // EFA's 25 us against InfiniBand's 2.7 us: 22.3 us more per network step.
  EXPECT_NEAR(nccl_system(preset_on("aws-p5", 2), 16).network_extra_latency_us, 22.3, 1e-9);
}

TEST(NcclSystem, RefusesWhatTheModelCannotUse) {
  EXPECT_THROW(nccl_system(load_fabric_preset("cpu-cluster"), 2), ModelError);  // no GPUs
  Fabric one_node = load_fabric_preset("dgx-h100");
  one_node.tiers.pop_back();
  EXPECT_THROW(nccl_system(one_node, 16), ModelError);  // 16 ranks need a network tier
  EXPECT_THROW(nccl_system(one_node, 0), ModelError);
  try {
    nccl_system(load_fabric_preset("cpu-cluster"), 2);
  } catch (const ModelError& error) {
    EXPECT_EQ(std::string(error.what()),
              "fabric 'cpu-cluster': describes no GPUs, and the NCCL model needs their generation (accepted: a GPU "
              "fabric with a \"gpu\" section, format_version 2, docs/FABRIC.md)");
  }
}

TEST(NcclChannelSearch, OneH100NodeAsNcclFindsIt) {
  // Ring: speeds from 60 (sm90SpeedArrayIntra): 60 -> floor(370.8 / 60) = 6 channels (360), 50 -> 7
  // (350), 40 -> 9 (360, not more), 30 -> 12 (360, not more), 24 / 60 < .49 stops: 6 x 60; then
  // ncclTopoDupChannels doubles to 12 x 30, and 12 x 40 = 480 > 370.8 stops pass 2.
  const NcclGraphs graphs = nccl_channel_graphs(nccl_system(load_fabric_preset("dgx-h100"), 8));
  EXPECT_EQ(graphs.ring.channels, 12);
  EXPECT_DOUBLE_EQ(graphs.ring.bw_intra, 30);
  // Tree: the ring's 12 channels at 30.
  EXPECT_EQ(graphs.tree.channels, 12);
  EXPECT_DOUBLE_EQ(graphs.tree.bw_intra, 30);
  // NVLS: 8 heads, each GPU's link carries 8 + 1 channels: 9 x 50 > 370.8, 9 x 40 = 360 fits; pass 2
  // raises the network speed to the table's top, 60 (< 2 x 40).
  EXPECT_EQ(graphs.nvls.channels, 8);
  EXPECT_DOUBLE_EQ(graphs.nvls.bw_intra, 40);
  EXPECT_DOUBLE_EQ(graphs.nvls.bw_inter, 60);
}

TEST(NcclChannelSearch, AcrossNodesOneChannelPerNic) {
  // 8 NICs of 50 GB/s behind 48 GB/s of PCIe: 48 (sm90SpeedArrayInter's top) fits one channel per
  // NIC: 8 x 48 = 384 GB/s, NVLink carrying 8 x 48 x 7/8 = 336 < 370.8. No doubling (Hopper, below
  // 50 GB/s with more than 4 channels).
  const NcclGraphs h100 = nccl_channel_graphs(nccl_system(preset_on("dgx-h100", 4), 32));
  EXPECT_EQ(h100.ring.channels, 8);
  EXPECT_DOUBLE_EQ(h100.ring.bw_inter, 48);
  // DGX A100: 8 HDR NICs of 25 GB/s behind 24 GB/s of PCIe Gen4: 24 from the Volta/Ampere table,
  // one channel per NIC: 8 x 24 = 192 GB/s, the figure NVIDIA quotes (nccl issue 812).
  const NcclGraphs a100 = nccl_channel_graphs(nccl_system(preset_on("dgx-a100", 4), 32));
  EXPECT_EQ(a100.ring.channels, 8);
  EXPECT_DOUBLE_EQ(a100.ring.bw_inter, 24);
  // A node that runs one GPU reaches the NICs through that GPU's PCIe link only: one channel.
  Fabric one_gpu = preset_on("dgx-a100", 2);
  one_gpu.tiers[0].members = 1;
  EXPECT_EQ(nccl_channel_graphs(nccl_system(one_gpu, 2)).ring.channels, 1);
}

TEST(NcclCostModel, SmallSizesTakeRingLlOnOneNode) {
  // Ring LL on 8 H100: base 6.6 us + 2 x 7 steps x 0.6 us = 15 us, NCCL's least at 8 bytes; the
  // 8 bytes cross at LL's bandwidth (min(141, 360 / 2) GB/s busbw x 8/14) twice: once, and once
  // more as the pipeline's fill (a message smaller than the window fills only itself).
  const Prediction p = predict_nccl("allreduce", "", "", 8, 8, load_fabric_preset("dgx-h100"));
  EXPECT_EQ(p.family, "nccl");
  EXPECT_EQ(choice_text(p), "ring/ll");
  EXPECT_NEAR(p.time_s, 15.0e-6 + 2 * 8 / (1000.0 * 141 * 8 / 14) * 1e-6, 1e-12);
  EXPECT_NEAR(p.terms.latency_s, 15e-6, 1e-12);
}

TEST(NcclCostModel, LargeAllreduceOnOneH100NodeIsNvls) {
  // NCCL's NVLS estimate: 8 channels x 40 x .85 x 7/8 x 2 = 476 GB/s busbw; the model's NVLS
  // bandwidth is the same formula without the speed table's steps: .85 x 370.8 x 8/9 GB/s algbw.
  const std::uint64_t bytes = 16ull << 30;
  const Prediction p = predict_nccl("allreduce", "", "", bytes, 8, load_fabric_preset("dgx-h100"));
  EXPECT_EQ(choice_text(p), "nvls/simple");
  EXPECT_EQ(p.channels, 8);
  const double algbw = .85 * 370.8 * 8 / 9;
  const double fill = std::min<double>(bytes, 8.0 * 16 * 128 * 1024);  // NCCL_STEPS x 16 channels x 128 KiB
  EXPECT_NEAR(p.time_s, (25 + (bytes + fill) / (1000 * algbw)) * 1e-6, 1e-9);
  EXPECT_NEAR(busbw(p, 1.75), algbw * 1.75, 1.0);  // 490 GB/s: published 475-483 (docs/MODELS.md)
}

TEST(NcclCostModel, NvlsOffLeavesTheRing) {
  // NCCL_NVLS_ENABLE=0: 12 x 30 = 360 GB/s of ring Simple (published 365-370), less the latency
  // (8.4 + 14 x 3.4 us) and the fill of one buffer per channel (12 x 4 MiB).
  const Fabric fabric = with_switches(load_fabric_preset("dgx-h100"), "nvls=off");
  const std::uint64_t bytes = 16ull << 30;
  const Prediction p = predict_nccl("allreduce", "", "", bytes, 8, fabric);
  EXPECT_EQ(choice_text(p), "ring/simple");
  const double algbw = 360.0 * 8 / 14;
  EXPECT_NEAR(p.time_s, (8.4 + 14 * 3.4 + (bytes + 12 * 4.0 * 1024 * 1024) / (1000 * algbw)) * 1e-6, 1e-9);
  EXPECT_NEAR(busbw(p, 1.75), 360, 2.0);
}

TEST(NcclCostModel, RingAcrossNodesRunsAtTheNicsBandwidth) {
  // 4 DGX H100 nodes: 8 channels x 48 = 384 GB/s bus bandwidth (a maintainer's "up to ~396").
  const Prediction p = predict_nccl("allreduce", "ring", "simple", 16ull << 30, 32, preset_on("dgx-h100", 4));
  EXPECT_NEAR(busbw(p, 2.0 * 31 / 32), 384, 2.0);
  // The network carries the bandwidth term; no pipeline fill across nodes.
  ASSERT_EQ(p.tiers.size(), 2u);
  EXPECT_EQ(p.tiers[1].tier, "infiniband");
  EXPECT_GT(p.tiers[1].terms.bandwidth_s, 0);
  EXPECT_EQ(p.tiers[0].terms.bandwidth_s, 0);
}

TEST(NcclCostModel, NativeChoosesByNcclsOwnEstimate) {
  // On 8 A100 at 16 MiB NCCL's estimate prefers LL128 (40.6 + 16.78 MB / 126 GB/s = 173.6 us) to
  // Simple (56 + 16.78 MB / 137 GB/s = 178.3 us), though the model's time of Simple, with its pipeline
  // fill, differs more: NCCL runs what its estimate prefers.
  const Prediction p = predict_nccl("allreduce", "", "", 16ull << 20, 8, load_fabric_preset("dgx-a100"));
  EXPECT_EQ(choice_text(p), "ring/ll128");
}

TEST(NcclCostModel, SaysWhyNcclWouldNotRunAChoice) {
  const auto message = [](const std::string& collective, const std::string& algorithm, const std::string& protocol,
                          int ranks, const Fabric& fabric) {
    try {
      predict_nccl(collective, algorithm, protocol, 1 << 20, ranks, fabric);
    } catch (const ModelError& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("allreduce", "nvls", "", 8, load_fabric_preset("dgx-a100")),
            "nvls does not run allreduce on 8 ranks of dgx-a100: nvls/simple: nvls needs an NVSwitch that reduces "
            "(NVLink SHARP, Hopper or later), and tier 'nvlink' of dgx-a100 has none");
  EXPECT_EQ(message("allreduce", "collnet-direct", "", 16, preset_on("dgx-h100", 2)),
            "collnet-direct does not run allreduce on 16 ranks of dgx-h100: collnet-direct/simple: collnet-direct "
            "needs a network between nodes that reduces in the switch (e.g. SHARP), and tier 'infiniband' of "
            "dgx-h100 does not");
  EXPECT_EQ(message("allgather", "pat", "", 16, preset_on("dgx-h100", 2)),
            "pat does not run allgather on 16 ranks of dgx-h100: pat/simple: pat needs one GPU per node");
  EXPECT_EQ(message("allreduce", "ring", "ll128", 8, load_fabric_preset("ethernet-100g")),
            "ring/ll128 does not run allreduce on 8 ranks of ethernet-100g: ring/ll128: NCCL enables ll128 only "
            "where the GPUs of a node talk over NVLink, and tier 'pcie' of ethernet-100g is PCIe");
  EXPECT_EQ(message("broadcast", "tree", "", 8, load_fabric_preset("dgx-h100")),
            "NCCL has no algorithm 'tree' for broadcast (accepted: ring)");
  EXPECT_EQ(message("allreduce", "nvls", "ll", 8, load_fabric_preset("dgx-h100")),
            "NCCL's nvls has no protocol 'll' (accepted: simple)");
  // With SHARP switched on, CollNet runs.
  const Fabric sharp = with_switches(preset_on("dgx-h100", 2), "collnet=on");
  EXPECT_EQ(predict_nccl("allreduce", "collnet-chain", "", 1 << 20, 16, sharp).algorithm, "collnet-chain");
}

TEST(NcclCostModel, PatRunsWithOneGpuPerNode) {
  Fabric one_gpu = preset_on("dgx-h100", 4);
  one_gpu.tiers[0].members = 1;
  const Prediction p = predict_nccl("allgather", "pat", "", 1 << 20, 4, one_gpu);
  EXPECT_EQ(p.algorithm, "pat");
  // PAT's latency: base 8 + log2(4) x 14 / 3.5 (its network latency, with ppn 1 the tree's Simple
  // entry) + 4 ranks x 2.8 us.
  EXPECT_NEAR(p.terms.latency_s, (8 + 2 * 14 / 3.5 + 4 * 2.8) * 1e-6, 1e-12);
}

TEST(NcclCostModel, CandidatesListEveryPairWithItsReason) {
  const std::vector<NcclCandidate> candidates = nccl_candidates("allreduce", 1 << 20, 8, load_fabric_preset("dgx-a100"));
  // ring and tree x 3 protocols, and nvls, nvls-tree, collnet-direct, collnet-chain with simple.
  ASSERT_EQ(candidates.size(), 10u);
  int available = 0;
  for (const NcclCandidate& candidate : candidates) {
    if (candidate.unavailable.empty()) {
      ++available;
      EXPECT_GT(candidate.prediction.time_s, 0);
      EXPECT_GT(candidate.nccl_estimate_s, 0);
    }
  }
  EXPECT_EQ(available, 6);  // ring and tree in each protocol
}

TEST(NcclCostModel, PointToPointCrossesTheSlowerPath) {
  const Fabric fabric = preset_on("dgx-h100", 2);
  // sendrecv on 16 ranks: the node's ring bandwidth (360 GB/s) within, one NIC (48 GB/s) across:
  // the NIC decides.
  const Prediction p = predict_nccl("sendrecv", "", "", 1 << 30, 16, fabric);
  EXPECT_EQ(choice_text(p), "p2p/simple");
  EXPECT_NEAR(p.terms.bandwidth_s, (1 << 30) / 48e9, 1e-9);
  EXPECT_NEAR(nccl_send_time(fabric, 16, 0, 1, 1 << 30), (8.4 + 3.4) * 1e-6 + (1 << 30) / 360e9, 1e-9);
  EXPECT_NEAR(nccl_send_time(fabric, 16, 7, 8, 1 << 30), (8.4 + 14) * 1e-6 + (1 << 30) / 48e9, 1e-9);
}

TEST(NcclCostModel, OneRankOrNoBytesMovesNothing) {
  EXPECT_EQ(predict_nccl("allreduce", "", "", 1 << 20, 1, load_fabric_preset("dgx-h100")).time_s, 0);
  EXPECT_EQ(predict_nccl("allreduce", "", "", 0, 8, load_fabric_preset("dgx-h100")).time_s, 0);
}

TEST(ModelFamily, GpuFabricsAreNcclsMpiRunsAreMpis) {
  const Fabric gpu = load_fabric_preset("dgx-h100");
  EXPECT_EQ(model_family_for(gpu, ""), ModelFamily::nccl);
  EXPECT_EQ(model_family_for(gpu, "mpi"), ModelFamily::mpi);
  EXPECT_EQ(model_family_for(load_fabric_preset("cpu-cluster"), ""), ModelFamily::mpi);
  EXPECT_EQ(predict_case(ModelFamily::mpi, "allreduce", "native", "", 1 << 20, 8, gpu).family, "mpi");
  EXPECT_THROW(predict_case(ModelFamily::mpi, "allreduce", "ring", "simple", 1 << 20, 8, gpu), ModelError);
}

TEST(NcclCalibration, RecoversTheFactorsItWasGiven) {
  // Times the model predicts with a known calibration of the network, measured back: the fit
  // recovers the factors (latency x 2, 80% of the bandwidth).
  const Fabric base = preset_on("dgx-a100", 2);
  NcclCalibrationFit truth;
  truth.tier = "infiniband";
  truth.calibration.latency_scale = {2, 2, 2};
  truth.calibration.bandwidth_efficiency = {0.8, 0.8, 0.8};
  const Fabric calibrated = with_calibration(base, truth);
  std::vector<NcclMeasurement> measurements;
  for (std::uint64_t bytes = 8; bytes <= (1ull << 32); bytes *= 4) {
    measurements.push_back(
        {"allreduce", "", "", bytes, 16, predict_nccl("allreduce", "", "", bytes, 16, calibrated).time_s});
  }
  CostFitOptions options;
  options.bootstrap_resamples = 50;
  const NcclCalibrationFit fit = fit_nccl_calibration(base, measurements, options);
  EXPECT_EQ(fit.tier, "infiniband");
  EXPECT_NEAR(fit.calibration.latency_scale.value, 2, 1e-6);
  EXPECT_NEAR(fit.calibration.bandwidth_efficiency.value, 0.8, 1e-6);
  EXPECT_LT(fit.calibration.median_relative_error, 1e-9);
  // The calibration changes what the fabric predicts, as a tier of the fabric file.
  EXPECT_NEAR(predict_nccl("allreduce", "", "", 1 << 30, 16, with_calibration(base, fit)).time_s,
              predict_nccl("allreduce", "", "", 1 << 30, 16, calibrated).time_s, 1e-9);
}

}  // namespace
}  // namespace commbench
