#pragma once
// The Fabric: what the ranks communicate over, as an ordered list of tiers, innermost first
// (e.g. NVLink inside a node, then InfiniBand across nodes). Cost models (topology/) read it;
// `commbench fabric` writes it from a preset or from a measurement. The JSON format is
// docs/FABRIC.md. SI base units in the data (bytes/s, seconds); GB means 1e9 bytes.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "topology/fabric/gpu_generation.hpp"

namespace commbench {

// A number read from a fabric file, kept with what the file said about it, so that writing
// the fabric back keeps the unit it was written in and the source of the figure.
struct Quantity {
  double value = 0;                  // SI base unit: bytes/s or seconds
  std::string unit;                  // the unit as written ("GB/s", "Gb/s", "us"); empty: SI
  std::string source;                // where the figure comes from (datasheet, measurement); may be empty
  std::optional<double> uncertainty; // one standard error, SI base unit (measured fabrics)
};

// What a tier is made of, for the NCCL model (docs/FABRIC.md, "Format version 2"): NVLink or
// PCIe within a GPU node, a network between nodes, or host memory (CPU ranks). Unspecified in
// version 1 files and where the file does not say.
enum class TierKind { unspecified, nvlink, pcie, network, memory };

// A fitted value with its 95% bootstrap confidence interval, SI base units (or a ratio).
struct FittedValue {
  double value = 0;
  double ci95_low = 0;
  double ci95_high = 0;
};

// The NCCL model's corrections for one tier, fitted by `commbench fit` to a measured NCCL run
// (docs/MODELS.md, "Calibrating the NCCL model"): every latency the model charges to the tier is
// multiplied by latency_scale, and the bandwidth it gets across the tier by bandwidth_efficiency.
struct TierCalibration {
  FittedValue latency_scale;
  FittedValue bandwidth_efficiency;
  std::size_t points = 0;  // sizes fitted
  double median_relative_error = 0;
  std::string note;  // what was fitted, from which report; may be empty
};

struct FabricTier {
  std::string name;                  // e.g. "nvlink", "infiniband", "shared-memory", "tcp"
  std::uint64_t members = 1;         // members joined by this tier: GPUs in a node, nodes in the cluster
  std::string members_source;        // why that many (may be empty)
  Quantity link_bandwidth;           // bytes/s per link (or NIC), one direction
  Quantity latency;                  // seconds, one message across the tier
  std::uint64_t links_per_member = 1;  // NVLinks per GPU, NICs per node
  std::uint64_t ranks_per_nic = 1;   // ranks that share one link or NIC
  bool in_switch_reduction = false;  // the switch reduces (NVLink SHARP, InfiniBand SHARP)
  // Format version 2: what the NCCL model needs (docs/FABRIC.md).
  TierKind kind = TierKind::unspecified;
  // Bytes/s of one link as NCCL can drive it (NVLink: NCCL's per-generation figure); empty:
  // link_bandwidth, or for NVLink the GPU generation's figure.
  std::optional<Quantity> achievable_link_bandwidth;
  // Network tiers: bytes/s of the PCIe path between a GPU and its NIC as NCCL counts it; empty:
  // no narrower than the NIC.
  std::optional<Quantity> nic_path_bandwidth;
  bool nvswitch = false;  // NVLink tiers: every GPU reaches the others through NVSwitch
  std::optional<TierCalibration> calibration;
};

// The GPUs of a GPU fabric (format version 2): a fabric that has one is modelled as NCCL runs on
// it (docs/MODELS.md, "The NCCL model").
struct GpuNode {
  std::string model;  // e.g. "H100 SXM5 80GB"; may be empty
  GpuGeneration generation = GpuGeneration::hopper;
  CpuVendor cpu_vendor = CpuVendor::intel;  // the host CPUs, which NCCL's LL ceiling across nodes depends on
  std::string source;  // where the figures come from; may be empty
};

// One measured point behind a measured fabric: the median one-way time of a message of
// `bytes` between two ranks across tier `tier` (a tier's name).
struct FabricPoint {
  std::string tier;
  std::uint64_t bytes = 0;
  double time_s = 0;
};

// FabricFit::collective of a tier's point-to-point fit.
inline constexpr const char* kPointToPointFit = "point-to-point";

// One fit `commbench fit` made: a cost model's parameters fitted to measured times
// (docs/MODELS.md). Kept in the fabric it produced, so that the figures say where they came from.
struct FabricFit {
  std::string collective;  // "allreduce", ...; "point-to-point" for a tier's fit
  std::string algorithm;   // "ring", ..., "native"; empty for a tier's fit
  std::string tier;        // a tier's fit: the tier's name; empty otherwise
  int ranks = 0;           // ranks of the measured run (2 for a tier's fit)
  std::size_t points = 0;  // sizes fitted
  FittedValue latency_s;                                  // alpha
  FittedValue seconds_per_byte;                           // beta = 1 / bandwidth
  std::optional<FittedValue> reduction_seconds_per_byte;  // gamma; empty when not fitted
  double half_bandwidth_bytes = 0;                        // n1/2 = alpha / beta
  double median_relative_error = 0;                       // |model - measured| / measured
  double max_relative_error = 0;
  std::string note;  // e.g. why gamma was not separated from beta; may be empty
};

struct Fabric {
  std::string name;
  std::string description;
  std::vector<FabricTier> tiers;          // innermost first; at least one
  // Bytes per second at which one rank combines two buffers (a += b): what the reduction
  // term of a cost model divides by (gamma = 1 / this). Empty: reductions are not modelled.
  std::optional<Quantity> reduction_bandwidth;
  std::optional<GpuNode> gpu;             // present: a GPU fabric, modelled as NCCL runs on it
  std::vector<FabricPoint> measurements;  // empty unless `commbench fabric` measured it
  std::vector<FabricFit> fits;            // empty unless `commbench fit` produced it
};

// Field-by-field equality (exact for numbers): a fabric written and read back is equal to itself.
bool operator==(const Quantity& a, const Quantity& b);
bool operator==(const TierCalibration& a, const TierCalibration& b);
bool operator==(const FabricTier& a, const FabricTier& b);
bool operator==(const GpuNode& a, const GpuNode& b);
bool operator==(const FabricPoint& a, const FabricPoint& b);
bool operator==(const FittedValue& a, const FittedValue& b);
bool operator==(const FabricFit& a, const FabricFit& b);
bool operator==(const Fabric& a, const Fabric& b);
inline bool operator!=(const Fabric& a, const Fabric& b) { return !(a == b); }

// The ranks a fabric holds: the product of its tiers' members. Throws std::overflow_error when
// the product does not fit in 64 bits (load_fabric_text refuses such a fabric).
std::uint64_t fabric_ranks(const Fabric& fabric);

}  // namespace commbench
