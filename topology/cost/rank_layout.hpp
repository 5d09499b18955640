#pragma once
// How a run's ranks sit on a Fabric's tiers, for the cost models (docs/MODELS.md, "Ranks on
// tiers"): ranks fill the tiers innermost first, so rank r is in member r / R_t of tier t, where
// R_t is the ranks one member of tier t holds. A layout lists only the tiers the run crosses
// (those joining more than one of its groups), each with its latency and the bandwidth one rank
// gets across it, and answers which of them a pair of ranks, or a whole step, crosses.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "topology/fabric/fabric.hpp"

namespace commbench {

// One tier the run crosses.
struct LayoutLevel {
  std::string name;                    // the tier's name
  std::uint64_t members = 0;           // members of the tier the run uses (2 or more)
  std::uint64_t ranks_per_member = 1;  // R_t: ranks in one member (the product of the members below)
  // Ranks in one group the tier joins (members * ranks_per_member); kOutermost for the outermost
  // level, whose one group holds every rank.
  std::uint64_t group_ranks = 0;
  double latency_s = 0;         // alpha
  double seconds_per_byte = 0;  // beta = 1 / per-rank bandwidth (per_rank_bandwidth): every rank crossing
  std::uint64_t links_per_member = 1;
  bool in_switch_reduction = false;
};

struct RankLayout {
  static constexpr std::uint64_t kOutermost = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t ranks = 1;
  std::vector<LayoutLevel> levels;  // innermost first; empty for one rank
};

// The bandwidth one rank gets across a tier whose members hold ranks_per_member ranks each:
// link_bandwidth * links_per_member / max(ranks_per_member, ranks_per_nic). The member's links
// are shared by its ranks (NCCL drives every NIC with its own channel, so all of them carry
// traffic at once); at tier 0 a member is one rank, and ranks_per_nic says how many ranks share
// its links (1 on every GPU preset: a GPU reaches its switch over all its links).
double per_rank_bandwidth(const FabricTier& tier, std::uint64_t ranks_per_member);

// The layout of ranks on fabric. A run with more ranks than the fabric holds gets more members
// in the outermost tier (ceil(ranks / R_outermost)); one with fewer uses only the tiers it
// spans. Throws ModelError (cost_model.hpp) for ranks < 1 or a fabric that cannot be modelled
// (no tiers, a tier with a bandwidth that is not a positive number, a negative latency, a count
// of 0, a reduction_bandwidth that is not positive).
RankLayout rank_layout(const Fabric& fabric, std::int64_t ranks);

// A layout of groups with no figures (latencies and bandwidths 0), for the linear coefficients
// of an algorithm: group_sizes innermost first, their product the ranks; sizes of 1 are dropped.
RankLayout uniform_layout(const std::vector<std::uint64_t>& group_sizes);

// The level that separates ranks a and b (a != b): the innermost level whose groups hold both.
std::size_t separating_level(const RankLayout& layout, std::uint64_t a, std::uint64_t b);

// Bit l set for every level l that some pair (r, (r + shift) mod ranks) crosses, 0 < shift < ranks:
// exactly the levels whose groups hold more than min(shift, ranks - shift) ranks (a ring step,
// one step of pairwise exchange or of Bruck's algorithm). docs/MODELS.md derives it.
std::uint64_t shift_levels(const RankLayout& layout, std::uint64_t shift);

// Seconds per byte one rank pays across level l in a step in which only some ranks of each
// member cross it: those whose partner in a cyclic shift (rank r with (r + shift) mod ranks)
// lies outside their member, min(shift, ranks - shift, R_l) of them. They share the member's
// links among themselves rather than with all R_l ranks, but one rank's traffic takes at most
// one link, or its share of them where there are more links than ranks: the per-rank
// bandwidth x min(R_l / crossing, max(1, R_l / links_per_member)) (docs/MODELS.md, "Per-rank
// bandwidth"). shift 0, or every rank crossing: seconds_per_byte.
double shift_seconds_per_byte(const RankLayout& layout, std::size_t level, std::uint64_t shift);

// Bit l set for every level of the layout.
std::uint64_t all_levels(const RankLayout& layout);

}  // namespace commbench
