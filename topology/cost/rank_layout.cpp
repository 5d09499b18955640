#include "topology/cost/rank_layout.hpp"

#include <algorithm>
#include <cmath>

#include "reports/format/escaped_text.hpp"
#include "reports/format/number_text.hpp"
#include "topology/cost/cost_model.hpp"

namespace commbench {
namespace {

[[noreturn]] void refuse_fabric(const Fabric& fabric, const std::string& what, const std::string& accepted) {
  throw ModelError(one_line_text("fabric '" + fabric.name + "': " + what + " (accepted: " + accepted + ")"));
}

// The loader refuses all of these already; a Fabric built in code has not been through it, and
// a zero or NaN figure would turn into an infinite or NaN prediction that looks like a number.
void check_fabric(const Fabric& fabric) {
  if (fabric.tiers.empty()) refuse_fabric(fabric, "has no tiers", "a fabric of at least one tier, docs/FABRIC.md");
  for (const FabricTier& tier : fabric.tiers) {
    const std::string where = "tier '" + tier.name + "': ";
    const double bandwidth = tier.link_bandwidth.value;
    if (!(std::isfinite(bandwidth) && bandwidth > 0)) {
      refuse_fabric(fabric,
                    where + "link_bandwidth " + formatted_number("%g", bandwidth) + " B/s is not a positive number",
                    "a bandwidth greater than 0");
    }
    const double latency = tier.latency.value;
    if (!(std::isfinite(latency) && latency >= 0)) {
      refuse_fabric(fabric, where + "latency " + formatted_number("%g", latency) + " s is not a number of 0 or more",
                    "a time of 0 or more");
    }
    if (tier.members < 1 || tier.links_per_member < 1 || tier.ranks_per_nic < 1) {
      refuse_fabric(fabric, where + "members, links_per_member or ranks_per_nic is 0", "whole numbers of at least 1");
    }
  }
  if (fabric.reduction_bandwidth) {
    const double bandwidth = fabric.reduction_bandwidth->value;
    if (!(std::isfinite(bandwidth) && bandwidth > 0)) {
      refuse_fabric(fabric,
                    "reduction_bandwidth " + formatted_number("%g", bandwidth) + " B/s is not a positive number",
                    "a bandwidth greater than 0, or none");
    }
  }
}

}  // namespace

double per_rank_bandwidth(const FabricTier& tier, std::uint64_t ranks_per_member) {
  const double sharing = static_cast<double>(std::max(ranks_per_member, tier.ranks_per_nic));
  return tier.link_bandwidth.value * static_cast<double>(tier.links_per_member) / sharing;
}

RankLayout rank_layout(const Fabric& fabric, std::int64_t ranks) {
  if (ranks < 1) {
    throw ModelError("ranks " + std::to_string(ranks) + " is less than 1 (accepted: a rank count of 1 or more)");
  }
  check_fabric(fabric);
  RankLayout layout;
  layout.ranks = static_cast<std::uint64_t>(ranks);
  const std::uint64_t p = layout.ranks;
  std::uint64_t below = 1;  // R_t: ranks in one member of tier t
  for (std::size_t t = 0; t < fabric.tiers.size(); ++t) {
    const FabricTier& tier = fabric.tiers[t];
    const std::uint64_t needed = (p + below - 1) / below;  // members of tier t the ranks need
    const bool outermost = t + 1 == fabric.tiers.size() || tier.members >= needed;
    const std::uint64_t members = outermost ? needed : tier.members;
    if (members > 1) {
      LayoutLevel level;
      level.name = tier.name;
      level.members = members;
      level.ranks_per_member = below;
      level.group_ranks = outermost ? RankLayout::kOutermost : below * members;
      level.latency_s = tier.latency.value;
      level.seconds_per_byte = 1.0 / per_rank_bandwidth(tier, below);
      level.links_per_member = tier.links_per_member;
      level.in_switch_reduction = tier.in_switch_reduction;
      layout.levels.push_back(level);
    }
    if (outermost) break;
    below *= tier.members;  // below * members < p here, so no overflow
  }
  return layout;
}

RankLayout uniform_layout(const std::vector<std::uint64_t>& group_sizes) {
  RankLayout layout;
  for (const std::uint64_t size : group_sizes) {
    if (size <= 1) continue;
    LayoutLevel level;
    level.name = "level " + std::to_string(layout.levels.size());
    level.members = size;
    level.ranks_per_member = layout.ranks;
    level.group_ranks = layout.ranks * size;
    layout.levels.push_back(level);
    layout.ranks *= size;
  }
  if (!layout.levels.empty()) layout.levels.back().group_ranks = RankLayout::kOutermost;
  return layout;
}

std::size_t separating_level(const RankLayout& layout, std::uint64_t a, std::uint64_t b) {
  const std::size_t top = layout.levels.size() - 1;
  for (std::size_t l = 0; l < top; ++l) {
    const std::uint64_t group = layout.levels[l].group_ranks;
    if (a / group == b / group) return l;
  }
  return top;
}

// Why min(shift, ranks - shift) < group_ranks of level l is exactly "some pair crosses level l"
// (groups nest, each level's group a whole number of the groups below; D = min(shift, p - shift)):
// a pair (r, r + s) without wrap-around is separated by level l when both ranks lie in one
// group of l but not in one group of the level below. That needs s < G_l; and when s < G_l, the
// pair (x, x + s) with x = 0 (if s >= G_below) or x = G_below - s (else) is such a pair, and it
// exists because the run has more than G_below ranks. The wrapped pairs (r, r + s - p) are the
// unwrapped pairs of the shift p - s. The outermost level's group holds every rank.
std::uint64_t shift_levels(const RankLayout& layout, std::uint64_t shift) {
  const std::uint64_t distance = std::min(shift, layout.ranks - shift);
  std::uint64_t levels = 0;
  for (std::size_t l = 0; l < layout.levels.size(); ++l) {
    if (distance < layout.levels[l].group_ranks) levels |= std::uint64_t{1} << l;
  }
  return levels;
}

double shift_seconds_per_byte(const RankLayout& layout, std::size_t level, std::uint64_t shift) {
  const LayoutLevel& at = layout.levels[level];
  if (shift == 0) return at.seconds_per_byte;
  const double ranks = static_cast<double>(at.ranks_per_member);
  const double crossing =
      static_cast<double>(std::min({shift, layout.ranks - shift, at.ranks_per_member}));
  const double one_rank_limit = std::max(1.0, ranks / static_cast<double>(at.links_per_member));
  return at.seconds_per_byte / std::min(ranks / crossing, one_rank_limit);
}

std::uint64_t all_levels(const RankLayout& layout) {
  return layout.levels.empty() ? 0 : (~std::uint64_t{0} >> (64 - layout.levels.size()));
}

}  // namespace commbench
