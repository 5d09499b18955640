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

namespace commbench {

// A number read from a fabric file, kept with what the file said about it, so that writing
// the fabric back keeps the unit it was written in and the source of the figure.
struct Quantity {
  double value = 0;                  // SI base unit: bytes/s or seconds
  std::string unit;                  // the unit as written ("GB/s", "Gb/s", "us"); empty: SI
  std::string source;                // where the figure comes from (datasheet, measurement); may be empty
  std::optional<double> uncertainty; // one standard error, SI base unit (measured fabrics)
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
};

// One measured point behind a measured fabric: the median one-way time of a message of
// `bytes` between two ranks across tier `tier` (a tier's name).
struct FabricPoint {
  std::string tier;
  std::uint64_t bytes = 0;
  double time_s = 0;
};

// A fitted parameter with its 95% bootstrap confidence interval, SI base units.
struct FittedValue {
  double value = 0;
  double ci95_low = 0;
  double ci95_high = 0;
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
  std::vector<FabricPoint> measurements;  // empty unless `commbench fabric` measured it
  std::vector<FabricFit> fits;            // empty unless `commbench fit` produced it
};

// Field-by-field equality (exact for numbers): a fabric written and read back is equal to itself.
bool operator==(const Quantity& a, const Quantity& b);
bool operator==(const FabricTier& a, const FabricTier& b);
bool operator==(const FabricPoint& a, const FabricPoint& b);
bool operator==(const FittedValue& a, const FittedValue& b);
bool operator==(const FabricFit& a, const FabricFit& b);
bool operator==(const Fabric& a, const Fabric& b);
inline bool operator!=(const Fabric& a, const Fabric& b) { return !(a == b); }

// The ranks a fabric holds: the product of its tiers' members. Throws std::overflow_error when
// the product does not fit in 64 bits (load_fabric_text refuses such a fabric).
std::uint64_t fabric_ranks(const Fabric& fabric);

}  // namespace commbench
