#include "topology/cost/nccl_system.hpp"

#include <algorithm>
#include <climits>
#include <cmath>

#include "reports/format/escaped_text.hpp"
#include "topology/cost/cost_model.hpp"

namespace commbench {
namespace {

[[noreturn]] void refuse(const Fabric& fabric, const std::string& what, const std::string& accepted) {
  throw ModelError(one_line_text("fabric '" + fabric.name + "': " + what + " (accepted: " + accepted + ")"));
}

double calibrated(const std::optional<TierCalibration>& calibration, bool latency) {
  if (!calibration) return 1.0;
  return latency ? calibration->latency_scale.value : calibration->bandwidth_efficiency.value;
}

// One link's bandwidth as NCCL drives it, GB/s.
double achievable_link_gbps(const FabricTier& tier, GpuGeneration generation) {
  if (tier.achievable_link_bandwidth) return tier.achievable_link_bandwidth->value / 1e9;
  if (tier.kind == TierKind::nvlink) return nccl_nvlink_bandwidth_gbps(generation);
  return tier.link_bandwidth.value / 1e9;
}

}  // namespace

bool is_gpu_fabric(const Fabric& fabric) { return fabric.gpu.has_value(); }

NcclSystem nccl_system(const Fabric& fabric, std::int64_t ranks) {
  if (ranks < 1 || ranks > INT_MAX) {
    throw ModelError("ranks " + std::to_string(ranks) + " is not accepted (accepted: a rank count from 1 to " +
                     std::to_string(INT_MAX) + ")");
  }
  if (!fabric.gpu) {
    refuse(fabric, "describes no GPUs, and the NCCL model needs their generation",
           "a GPU fabric with a \"gpu\" section, format_version 2, docs/FABRIC.md");
  }
  if (fabric.tiers.empty()) refuse(fabric, "has no tiers", "a fabric of at least one tier, docs/FABRIC.md");
  const FabricTier& node = fabric.tiers.front();
  if (node.kind != TierKind::nvlink && node.kind != TierKind::pcie) {
    refuse(fabric, "tier '" + node.name + "' is the innermost tier but not of kind nvlink or pcie",
           "a GPU fabric whose first tier joins the GPUs of a node, \"kind\": \"nvlink\" or \"pcie\"");
  }
  if (fabric.tiers.size() > 2) {
    refuse(fabric, "has " + std::to_string(fabric.tiers.size()) + " tiers, and NCCL knows only links within a node "
                   "and the network between nodes",
           "a GPU fabric of a node tier and at most one network tier");
  }
  if (fabric.tiers.size() == 2 && fabric.tiers[1].kind != TierKind::network) {
    refuse(fabric, "tier '" + fabric.tiers[1].name + "' joins the nodes but is not of kind network",
           "\"kind\": \"network\" for the tier between GPU nodes");
  }
  if (node.members > static_cast<std::uint64_t>(INT_MAX)) {
    refuse(fabric, "tier '" + node.name + "' has more GPUs than the model takes", "at most " + std::to_string(INT_MAX));
  }
  NcclSystem system;
  system.generation = fabric.gpu->generation;
  system.amd_cpu = fabric.gpu->cpu_vendor == CpuVendor::amd;
  system.ranks = static_cast<int>(ranks);
  system.gpus_per_node = std::min(system.ranks, static_cast<int>(node.members));
  system.nodes = (system.ranks + system.gpus_per_node - 1) / system.gpus_per_node;
  if (system.nodes > 1 && fabric.tiers.size() < 2) {
    refuse(fabric, std::to_string(ranks) + " ranks need " + std::to_string(system.nodes) + " nodes of " +
                       std::to_string(node.members) + " GPUs, and the fabric has no network tier",
           "at most " + std::to_string(node.members) + " ranks, or a fabric with a network tier");
  }

  system.intra_tier = node.name;
  system.intra_hardware = node.kind == TierKind::nvlink ? NcclHardware::nvlink : NcclHardware::pci;
  system.gpu_bandwidth = static_cast<double>(node.links_per_member) * achievable_link_gbps(node, system.generation);
  system.nvswitch = node.kind == TierKind::nvlink && node.nvswitch;
  // NVLS needs NVSwitch multicast, Hopper or later (search.cc: "ccMin < 90" has no NVLS graph).
  system.nvls = system.nvswitch && node.in_switch_reduction && nccl_nvls_efficiency(system.generation) > 0;
  system.intra_latency_scale = calibrated(node.calibration, true);
  system.intra_bandwidth_efficiency = calibrated(node.calibration, false);

  if (fabric.tiers.size() == 2) {
    const FabricTier& network = fabric.tiers[1];
    if (network.links_per_member > static_cast<std::uint64_t>(INT_MAX)) {
      refuse(fabric, "tier '" + network.name + "' has more NICs per node than the model takes",
             "at most " + std::to_string(INT_MAX));
    }
    system.network_tier = network.name;
    system.nics = static_cast<int>(network.links_per_member);
    system.nic_bandwidth = achievable_link_gbps(network, system.generation);
    system.nic_path_bandwidth =
        network.nic_path_bandwidth ? network.nic_path_bandwidth->value / 1e9 : system.nic_bandwidth;
    system.collnet = network.in_switch_reduction;
    system.network_extra_latency_us = std::max(0.0, network.latency.value * 1e6 - kNcclReferenceNetworkLatencyUs);
    system.network_latency_scale = calibrated(network.calibration, true);
    system.network_bandwidth_efficiency = calibrated(network.calibration, false);
  }
  if (!(system.gpu_bandwidth > 0) || !std::isfinite(system.gpu_bandwidth)) {
    refuse(fabric, "tier '" + node.name + "' gives each GPU no bandwidth", "a link bandwidth greater than 0");
  }
  return system;
}

}  // namespace commbench
