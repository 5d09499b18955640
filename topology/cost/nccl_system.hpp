#pragma once
// A GPU fabric as NCCL sees it for one run (docs/MODELS.md, "The NCCL model"): the node its
// topology search works on (the GPUs' NVLink or PCIe bandwidth, NVSwitch and NVLink SHARP, the
// NICs and the PCIe path to them), how the run's ranks spread over nodes, and the calibration
// `commbench fit` found. Figures are in NCCL's units: GB/s (1e9 bytes/s) and microseconds.
#include <cstdint>
#include <string>

#include "topology/cost/nccl_tuning_tables.hpp"
#include "topology/fabric/fabric.hpp"

namespace commbench {

// Latency of one network step NCCL's tables assume (hwLatencies[NET][Ring][LL], an InfiniBand
// figure, tuning.cc): a network tier whose latency is larger adds the difference to every
// network step, as NCCL adds the latency its network plugin reports (graph latencyInter).
inline constexpr double kNcclReferenceNetworkLatencyUs = 2.7;

struct NcclSystem {
  GpuGeneration generation = GpuGeneration::hopper;
  bool amd_cpu = false;
  int ranks = 1;          // nRanks
  int nodes = 1;          // nNodes
  int gpus_per_node = 1;  // the run's ranks on a full node (NCCL's ppn = ranks / nodes)

  // Within a node.
  std::string intra_tier;  // the tier's name, for the breakdown
  NcclHardware intra_hardware = NcclHardware::nvlink;  // nvlink or pci
  double gpu_bandwidth = 0;  // GB/s one GPU reaches the others with: links x achievable link bandwidth
  bool nvswitch = false;
  bool nvls = false;  // NVLink SHARP: an NVSwitch that reduces, on Hopper or later

  // Across nodes; unused on one node.
  std::string network_tier;
  int nics = 0;                 // per node
  double nic_bandwidth = 0;     // GB/s of one NIC
  double nic_path_bandwidth = 0;  // GB/s of the PCIe path between a GPU and its NIC
  bool collnet = false;         // the network reduces in the switch (SHARP)
  double network_extra_latency_us = 0;  // beyond kNcclReferenceNetworkLatencyUs, per network step

  // `commbench fit`'s calibration of each tier (1 when uncalibrated).
  double intra_latency_scale = 1;
  double intra_bandwidth_efficiency = 1;
  double network_latency_scale = 1;
  double network_bandwidth_efficiency = 1;
};

// True when fabric describes GPUs (format version 2's "gpu" section): the NCCL model applies.
bool is_gpu_fabric(const Fabric& fabric);

// The system ranks see on fabric, filling nodes first (tier 0's members are the GPUs of a node).
// Throws ModelError (one line naming the fabric, the field and what is accepted) when the fabric
// lacks what the model needs: a "gpu" section, an intra-node tier of kind nvlink or pcie first, at
// most one network tier after it (kind network), enough nodes' worth of tiers for the ranks; or for
// ranks < 1.
NcclSystem nccl_system(const Fabric& fabric, std::int64_t ranks);

}  // namespace commbench
