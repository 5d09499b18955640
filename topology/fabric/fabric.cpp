#include "topology/fabric/fabric.hpp"

#include <limits>
#include <stdexcept>

namespace commbench {

bool operator==(const Quantity& a, const Quantity& b) {
  return a.value == b.value && a.unit == b.unit && a.source == b.source && a.uncertainty == b.uncertainty;
}

bool operator==(const TierCalibration& a, const TierCalibration& b) {
  return a.latency_scale == b.latency_scale && a.bandwidth_efficiency == b.bandwidth_efficiency &&
         a.points == b.points && a.median_relative_error == b.median_relative_error && a.note == b.note;
}

bool operator==(const FabricTier& a, const FabricTier& b) {
  return a.name == b.name && a.members == b.members && a.members_source == b.members_source &&
         a.link_bandwidth == b.link_bandwidth && a.latency == b.latency && a.links_per_member == b.links_per_member &&
         a.ranks_per_nic == b.ranks_per_nic && a.in_switch_reduction == b.in_switch_reduction && a.kind == b.kind &&
         a.achievable_link_bandwidth == b.achievable_link_bandwidth && a.nic_path_bandwidth == b.nic_path_bandwidth &&
         a.nvswitch == b.nvswitch && a.calibration == b.calibration;
}

bool operator==(const GpuNode& a, const GpuNode& b) {
  return a.model == b.model && a.generation == b.generation && a.cpu_vendor == b.cpu_vendor && a.source == b.source;
}

bool operator==(const FabricPoint& a, const FabricPoint& b) {
  return a.tier == b.tier && a.bytes == b.bytes && a.time_s == b.time_s;
}

bool operator==(const FittedValue& a, const FittedValue& b) {
  return a.value == b.value && a.ci95_low == b.ci95_low && a.ci95_high == b.ci95_high;
}

bool operator==(const FabricFit& a, const FabricFit& b) {
  return a.collective == b.collective && a.algorithm == b.algorithm && a.tier == b.tier && a.ranks == b.ranks &&
         a.points == b.points && a.latency_s == b.latency_s && a.seconds_per_byte == b.seconds_per_byte &&
         a.reduction_seconds_per_byte == b.reduction_seconds_per_byte &&
         a.half_bandwidth_bytes == b.half_bandwidth_bytes && a.median_relative_error == b.median_relative_error &&
         a.max_relative_error == b.max_relative_error && a.note == b.note;
}

bool operator==(const Fabric& a, const Fabric& b) {
  return a.name == b.name && a.description == b.description && a.tiers == b.tiers &&
         a.reduction_bandwidth == b.reduction_bandwidth && a.gpu == b.gpu && a.measurements == b.measurements &&
         a.fits == b.fits;
}

std::uint64_t fabric_ranks(const Fabric& fabric) {
  std::uint64_t ranks = 1;
  for (const FabricTier& tier : fabric.tiers) {
    // A silently wrapped product would give a cost model a small, wrong rank count.
    if (tier.members != 0 && ranks > std::numeric_limits<std::uint64_t>::max() / tier.members) {
      throw std::overflow_error("fabric " + fabric.name + ": the tiers' members multiply to more than " +
                                std::to_string(std::numeric_limits<std::uint64_t>::max()) + " ranks");
    }
    ranks *= tier.members;
  }
  return ranks;
}

}  // namespace commbench
