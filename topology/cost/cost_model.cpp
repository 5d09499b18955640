#include "topology/cost/cost_model.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <utility>

#include "reports/format/escaped_text.hpp"
#include "reports/format/text_join.hpp"
#include "topology/cost/rank_layout.hpp"

namespace commbench {
namespace {

// Every algorithm is a schedule of steps. A step is one round in which ranks exchange messages
// at once; it costs what its slowest pair costs (one port, full duplex, no congestion), so it
// is charged to the slowest of the levels its pairs cross. Writing schedules once serves both
// predict (charged per level) and single_tier_coefficients (summed), so the two cannot drift.
struct Step {
  std::uint64_t levels = 0;  // bit l: some pair of the step crosses layout level l
  double bytes = 0;          // bytes the busiest rank sends (and receives) in the step
  double reduced = 0;        // bytes the busiest rank combines (a += b) in the step
  double count = 1;          // identical steps in a row
  std::uint64_t shift = 0;   // a cyclic shift by this distance (fewer ranks cross): shift_seconds_per_byte
};
using Schedule = std::vector<Step>;

struct CollectiveAlgorithms {
  const char* collective;
  std::vector<std::string> algorithms;  // the stable order modelled_algorithms gives
};

const std::vector<CollectiveAlgorithms>& algorithm_table() {
  static const std::vector<CollectiveAlgorithms> table = {
      {"allreduce", {"ring", "recursive-doubling", "rabenseifner", "double-binary-tree", "hierarchical", "in-switch"}},
      {"allgather", {"ring", "recursive-doubling"}},
      {"reducescatter", {"ring", "recursive-halving"}},
      {"broadcast", {"binomial", "chain", "double-binary-tree"}},
      {"reduce", {"binomial", "rabenseifner"}},
      {"alltoall", {"pairwise", "bruck"}},
      {"sendrecv", {"point-to-point"}},
  };
  return table;
}

bool is_pipelined(std::string_view algorithm) { return algorithm == "chain" || algorithm == "double-binary-tree"; }

// Quoted for a message: what the caller passed may hold anything, and a message stays one line.
std::string quoted(std::string_view text) { return "'" + one_line_text(std::string(text)) + "'"; }

// Checks the names; throws ModelError naming what is accepted.
void check_names(std::string_view collective, std::string_view algorithm) {
  const std::vector<std::string> algorithms = modelled_algorithms(collective);
  if (std::find(algorithms.begin(), algorithms.end(), algorithm) == algorithms.end()) {
    throw ModelError("unknown algorithm " + quoted(algorithm) + " for " + std::string(collective) +
                     " (accepted: " + joined(algorithms) + ")");
  }
}

std::uint64_t floor_log2(std::uint64_t x) {
  std::uint64_t log = 0;
  while (x > 1) {
    x >>= 1;
    ++log;
  }
  return log;
}

std::uint64_t ceil_log2(std::uint64_t x) { return x <= 1 ? 0 : floor_log2(x - 1) + 1; }

bool is_power_of_two(std::uint64_t x) { return x != 0 && (x & (x - 1)) == 0; }

// ---- which levels a step crosses ------------------------------------------------------------

// The recursive algorithms run on p' = the largest power of two <= p ranks; MPICH folds the
// other rem = p - p' in first: ranks 2i and 2i + 1 (i < rem) pair up and one of them sits the
// recursion out. New rank j is actual rank 2j + kept (kept = 1 when the odd rank stays in, as in
// MPICH's allreduce and reduce-scatter; 0 when the even one does, as in its reduce) for j < rem,
// and j + rem after.
struct Fold {
  std::uint64_t rem = 0;
  std::uint64_t kept = 1;
  std::uint64_t actual(std::uint64_t j) const { return j < rem ? 2 * j + kept : j + rem; }
};

enum class Pairs {
  exchange,  // j with j + m for every j whose bit m is 0: recursive doubling and halving
  binomial,  // j with j + m for every multiple j of 2m with j + m < count: a binomial tree rooted at 0
  gather,    // j with j + m for j < m: the binomial gather that undoes recursive halving
};

bool in_pattern(Pairs pairs, std::uint64_t j, std::uint64_t m, std::uint64_t count) {
  switch (pairs) {
    case Pairs::exchange:
      return j % (2 * m) < m;
    case Pairs::binomial:
      return j % (2 * m) == 0 && j + m < count;
    case Pairs::gather:
      return j < m;
  }
  return false;
}

// The levels crossed by the pairs (actual(j), actual(j + m)) of a pattern over count new ranks.
//
// Cheap whatever the rank count. Every pair is at least m ranks apart (folded pairs 2m, pairs
// of a folded and an unfolded rank at least m), and a group holds consecutive ranks, so when m
// is at least G, the group size of the level below the outermost, every pair crosses the
// outermost level. Otherwise the level a pair crosses depends only on its lower rank modulo G
// (every inner group size divides G), and pattern membership on j modulo 2m: one period,
// lcm(2m, G), of j covers every case; only the pairs that mix folded and unfolded ranks (fewer
// than m < G of them) break the period, and they are all looked at.
std::uint64_t pattern_levels(const RankLayout& layout, Pairs pairs, std::uint64_t m, std::uint64_t count,
                             const Fold& fold) {
  const std::size_t top = layout.levels.size() - 1;
  const std::uint64_t top_bit = std::uint64_t{1} << top;
  if (top == 0) return top_bit;
  const std::uint64_t inner_group = layout.levels[top - 1].group_ranks;
  if (m >= inner_group) return top_bit;
  const std::uint64_t period = std::lcm(2 * m, inner_group);
  const std::uint64_t everything = all_levels(layout);
  const std::uint64_t last = count > m ? count - m : 0;  // every pair has j < count - m
  std::uint64_t levels = 0;
  const auto scan = [&](std::uint64_t begin, std::uint64_t end, bool periodic) {
    if (periodic) end = std::min(end, begin + period);
    for (std::uint64_t j = begin; j < end && levels != everything; ++j) {
      if (in_pattern(pairs, j, m, count)) {
        levels |= std::uint64_t{1} << separating_level(layout, fold.actual(j), fold.actual(j + m));
      }
    }
  };
  const std::uint64_t mixed_begin = fold.rem > m ? fold.rem - m : 0;
  scan(0, std::min(mixed_begin, last), true);          // both ranks folded: 2j + kept, 2j + 2m + kept
  scan(mixed_begin, std::min(fold.rem, last), false);  // one folded, one not
  scan(std::min(fold.rem, last), last, true);          // neither: j + rem, j + m + rem
  return levels;
}

// The fold's own pairs (2i, 2i + 1), i < rem.
std::uint64_t fold_levels(const RankLayout& layout, const Fold& fold) {
  return pattern_levels(layout, Pairs::binomial, 1, 2 * fold.rem, Fold{0, 1});
}

// ---- schedules ------------------------------------------------------------------------------
// n is Result::bytes (docs/METRICS.md); p the ranks. Sizes are kept as real numbers: the model
// ignores the rounding of blocks to whole elements.

Schedule ring_allreduce(const RankLayout& layout, double n) {
  const double p = static_cast<double>(layout.ranks);
  const std::uint64_t levels = shift_levels(layout, 1);
  return {{levels, n / p, n / p, p - 1, 1},  // reduce-scatter
          {levels, n / p, 0, p - 1, 1}};     // all-gather
}

// The fold of the ranks beyond the largest power of two (kept as in Fold).
Fold fold_to_power_of_two(std::uint64_t ranks, std::uint64_t kept) {
  return {ranks - (std::uint64_t{1} << floor_log2(ranks)), kept};
}

Schedule recursive_doubling_allreduce(const RankLayout& layout, double n) {
  const Fold fold = fold_to_power_of_two(layout.ranks, 1);
  const std::uint64_t p2 = layout.ranks - fold.rem;
  Schedule schedule;
  if (fold.rem > 0) schedule.push_back({fold_levels(layout, fold), n, n, 1});
  for (std::uint64_t m = 1; m < p2; m *= 2) {
    schedule.push_back({pattern_levels(layout, Pairs::exchange, m, p2, fold), n, n, 1});
  }
  if (fold.rem > 0) schedule.push_back({fold_levels(layout, fold), n, 0, 1});
  return schedule;
}

// Both of Rabenseifner's algorithms: the fold of the ranks beyond the largest power of two p'
// (fold.kept: which rank of each folded pair stays in), a reduce-scatter by recursive halving
// among the p' ranks with the nearest partner first (it carries the most data, n/2), then the
// parts brought together again in the reverse order by the `gathering` pairs; the p' ranks
// split the whole vector into p' equal parts.
Schedule rabenseifner(const RankLayout& layout, double n, const Fold& fold, Pairs gathering) {
  const std::uint64_t p2 = layout.ranks - fold.rem;
  Schedule schedule;
  if (fold.rem > 0) schedule.push_back({fold_levels(layout, fold), n, n, 1});
  for (std::uint64_t m = 1; m < p2; m *= 2) {
    const double part = n / static_cast<double>(2 * m);
    schedule.push_back({pattern_levels(layout, Pairs::exchange, m, p2, fold), part, part, 1});
  }
  for (std::uint64_t m = p2 / 2; m >= 1; m /= 2) {
    schedule.push_back({pattern_levels(layout, gathering, m, p2, fold), n / static_cast<double>(2 * m), 0, 1});
  }
  return schedule;
}

// MPICH's allreduce: the all-gather by recursive doubling, then the result back to the ranks
// folded out.
Schedule rabenseifner_allreduce(const RankLayout& layout, double n) {
  const Fold fold = fold_to_power_of_two(layout.ranks, 1);
  Schedule schedule = rabenseifner(layout, n, fold, Pairs::exchange);
  if (fold.rem > 0) schedule.push_back({fold_levels(layout, fold), n, 0, 1});
  return schedule;
}

// Reduction up the tree or ring of groups, then the result back down: at each level, a ring
// reduce-scatter among the level's members before the levels above and a ring all-gather after
// them, on 1/(product of the members below) of the vector; the outermost level's pair is a ring
// allreduce. in_switch: a level whose tier reduces in the switch does its pair as one switch
// allreduce instead, alpha + m beta, no gamma (docs/MODELS.md).
Schedule hierarchical_allreduce(const RankLayout& layout, double n, bool in_switch) {
  Schedule schedule;
  double m = n;
  for (std::size_t l = 0; l < layout.levels.size(); ++l) {
    const LayoutLevel& level = layout.levels[l];
    const std::uint64_t bit = std::uint64_t{1} << l;
    const double q = static_cast<double>(level.members);
    if (in_switch && level.in_switch_reduction) {
      schedule.push_back({bit, m, 0, 1});
    } else {
      schedule.push_back({bit, m / q, m / q, q - 1});  // reduce-scatter
      schedule.push_back({bit, m / q, 0, q - 1});      // all-gather
    }
    m /= q;
  }
  return schedule;
}

Schedule ring_allgather(const RankLayout& layout, double n) {
  const double p = static_cast<double>(layout.ranks);
  return {{shift_levels(layout, 1), n / p, 0, p - 1, 1}};
}

// Power-of-two rank counts only (MPICH and Open MPI use it only then); distance 1 first.
Schedule recursive_doubling_allgather(const RankLayout& layout, double n) {
  const std::uint64_t p = layout.ranks;
  Schedule schedule;
  for (std::uint64_t m = 1; m < p; m *= 2) {
    schedule.push_back({pattern_levels(layout, Pairs::exchange, m, p, Fold{0, 1}),
                        static_cast<double>(m) * n / static_cast<double>(p), 0, 1});
  }
  return schedule;
}

Schedule ring_reducescatter(const RankLayout& layout, double n) {
  const double p = static_cast<double>(layout.ranks);
  return {{shift_levels(layout, 1), n / p, n / p, p - 1, 1}};
}

// MPICH's recursive halving: the farthest partner first. With a fold, the p' ranks hold the p
// result blocks unevenly (new ranks below rem hold two), so a step at distance m moves at most
// (m + min(m, rem)) blocks of n/p: the half of the first 2m new ranks that holds the doubled ones.
Schedule recursive_halving_reducescatter(const RankLayout& layout, double n) {
  const Fold fold = fold_to_power_of_two(layout.ranks, 1);
  const std::uint64_t p2 = layout.ranks - fold.rem;
  const double block = n / static_cast<double>(layout.ranks);
  Schedule schedule;
  if (fold.rem > 0) schedule.push_back({fold_levels(layout, fold), n, n, 1});
  for (std::uint64_t m = p2 / 2; m >= 1; m /= 2) {
    const double bytes = static_cast<double>(m + std::min(m, fold.rem)) * block;
    schedule.push_back({pattern_levels(layout, Pairs::exchange, m, p2, fold), bytes, bytes, 1});
  }
  if (fold.rem > 0) schedule.push_back({fold_levels(layout, fold), block, 0, 1});
  return schedule;
}

// MPICH's binomial trees rooted at 0: a broadcast sends at the largest distance first; a reduce
// receives at distance 1 first.
Schedule binomial_tree(const RankLayout& layout, double n, bool reduces) {
  const std::uint64_t p = layout.ranks;
  Schedule schedule;
  for (std::uint64_t i = 0; i < ceil_log2(p); ++i) {
    const std::uint64_t m = std::uint64_t{1} << i;
    schedule.push_back({pattern_levels(layout, Pairs::binomial, m, p, Fold{0, 1}), n, reduces ? n : 0, 1});
  }
  if (!reduces) std::reverse(schedule.begin(), schedule.end());
  return schedule;
}

// MPICH's reduce for long messages: fold (the even rank stays in, so root 0 takes part),
// reduce-scatter by recursive halving with the nearest partner first, binomial gather to root 0.
Schedule rabenseifner_reduce(const RankLayout& layout, double n) {
  return rabenseifner(layout, n, fold_to_power_of_two(layout.ranks, 0), Pairs::gather);
}

// Step s sends block r + s to rank r + s and receives from r - s. Shifts cross the same levels
// when min(s, p - s) falls between the same group sizes, so the p - 1 steps are grouped.
Schedule pairwise_alltoall(const RankLayout& layout, double n) {
  const std::uint64_t p = layout.ranks;
  const double block = n / static_cast<double>(p);
  const std::uint64_t half = p / 2;  // the largest min(s, p - s)
  // Shifts s in [1, p - 1] with min(s, p - s) in [low, high): two per distance, one for p / 2.
  const auto shifts = [&](std::uint64_t low, std::uint64_t high) {
    low = std::max<std::uint64_t>(low, 1);
    high = std::min(high, half + 1);
    if (low >= high) return std::uint64_t{0};
    std::uint64_t count = 2 * (high - low);
    if (p % 2 == 0 && high > half) --count;
    return count;
  };
  Schedule schedule;
  std::uint64_t low = 1;
  for (std::size_t l = 0; l < layout.levels.size(); ++l) {
    const std::uint64_t high = layout.levels[l].group_ranks;
    const std::uint64_t count = shifts(low, high);
    // Distances in [low, high) are below the group size of level l and every level above.
    if (count > 0) {
      schedule.push_back({all_levels(layout) & ~((std::uint64_t{1} << l) - 1), block, 0, static_cast<double>(count)});
    }
    low = std::max(low, high);
  }
  return schedule;
}

// Bruck's index algorithm: step k sends, to rank r + 2^k, every block whose index has bit k set:
// c_k = #{j < p : bit k of j is 1} blocks of n/p (p/2 blocks when p is a power of two). The local
// rotations before and after are memory copies, not modelled.
Schedule bruck_alltoall(const RankLayout& layout, double n) {
  const std::uint64_t p = layout.ranks;
  const double block = n / static_cast<double>(p);
  Schedule schedule;
  for (std::uint64_t m = 1; m < p; m *= 2) {
    const std::uint64_t blocks = (p / (2 * m)) * m + (p % (2 * m) > m ? p % (2 * m) - m : 0);
    schedule.push_back({shift_levels(layout, m), static_cast<double>(blocks) * block, 0, 1, m});
  }
  return schedule;
}

Schedule point_to_point(const RankLayout& layout, double n) { return {{shift_levels(layout, 1), n, 0, 1, 1}}; }

// ---- pipelined algorithms: k segments, k chosen for the least time ---------------------------

// Steps of a pipelined algorithm with k segments of n / k bytes, every edge busy at once.
Schedule pipelined(std::string_view collective, std::string_view algorithm, const RankLayout& layout, double n,
                   std::uint64_t k) {
  const double p = static_cast<double>(layout.ranks);
  const double segments = static_cast<double>(k);
  const double segment = n / segments;
  const std::uint64_t levels = all_levels(layout);
  if (algorithm == "chain") return {{levels, segment, 0, p - 2 + segments}};
  // Two binary trees (Sanders, Speck and Traeff 2009): depth d = ceil(lg p) from the root; a
  // segment passes the root's edge in one step and each tree level below in two (an interior
  // rank sends to two children); each rank sends and receives one segment per step.
  const double depth = static_cast<double>(ceil_log2(layout.ranks));
  const double steps = segments + 2 * (depth - 1);
  if (collective == "broadcast") return {{levels, segment, 0, steps}};
  // allreduce: a reduce up both trees, then a broadcast down them; the busiest rank (interior in
  // one tree) combines two children's halves: n bytes.
  return {{levels, segment, n / (2 * steps), 2 * steps}};
}

// ---- evaluating a schedule ------------------------------------------------------------------

double reduction_seconds_per_byte(const Fabric& fabric) {
  return fabric.reduction_bandwidth ? 1.0 / fabric.reduction_bandwidth->value : 0.0;
}

// Each step goes to the slowest level it crosses (ties: the outer one).
std::vector<ModelTerms> charge(const RankLayout& layout, double gamma, const Schedule& schedule) {
  std::vector<ModelTerms> terms(layout.levels.size());
  for (const Step& step : schedule) {
    std::size_t slowest = 0;
    double slowest_time = -1;
    for (std::size_t l = 0; l < layout.levels.size(); ++l) {
      if ((step.levels >> l & 1) == 0) continue;
      const double time = layout.levels[l].latency_s + step.bytes * shift_seconds_per_byte(layout, l, step.shift);
      if (time >= slowest_time) {
        slowest = l;
        slowest_time = time;
      }
    }
    if (slowest_time < 0) continue;  // no pair: nothing moves
    ModelTerms& level = terms[slowest];
    level.latency_s += step.count * layout.levels[slowest].latency_s;
    level.bandwidth_s += step.count * step.bytes * shift_seconds_per_byte(layout, slowest, step.shift);
    level.reduction_s += step.count * step.reduced * gamma;
  }
  return terms;
}

double total_of(const std::vector<ModelTerms>& terms) {
  double total = 0;
  for (const ModelTerms& level : terms) total += level.total_s();
  return total;
}

// The non-pipelined schedule of an algorithm (names already checked).
Schedule schedule_of(std::string_view collective, std::string_view algorithm, const RankLayout& layout, double n) {
  if (collective == "allreduce") {
    if (algorithm == "ring") return ring_allreduce(layout, n);
    if (algorithm == "recursive-doubling") return recursive_doubling_allreduce(layout, n);
    if (algorithm == "rabenseifner") return rabenseifner_allreduce(layout, n);
    if (algorithm == "hierarchical") return hierarchical_allreduce(layout, n, false);
    if (algorithm == "in-switch") return hierarchical_allreduce(layout, n, true);
  } else if (collective == "allgather") {
    if (algorithm == "ring") return ring_allgather(layout, n);
    if (algorithm == "recursive-doubling") return recursive_doubling_allgather(layout, n);
  } else if (collective == "reducescatter") {
    if (algorithm == "ring") return ring_reducescatter(layout, n);
    if (algorithm == "recursive-halving") return recursive_halving_reducescatter(layout, n);
  } else if (collective == "broadcast") {
    if (algorithm == "binomial") return binomial_tree(layout, n, false);
  } else if (collective == "reduce") {
    if (algorithm == "binomial") return binomial_tree(layout, n, true);
    if (algorithm == "rabenseifner") return rabenseifner_reduce(layout, n);
  } else if (collective == "alltoall") {
    if (algorithm == "pairwise") return pairwise_alltoall(layout, n);
    if (algorithm == "bruck") return bruck_alltoall(layout, n);
  } else if (collective == "sendrecv") {
    return point_to_point(layout, n);
  }
  throw ModelError("no schedule for " + std::string(algorithm) + " " + std::string(collective));  // unreachable
}

// The least time over whole segment counts k in [1, max(1, n)] (a segment is at least a byte).
// The time is convex in k (each level's (k + c)(alpha + n beta / k) is, and so is their maximum),
// so a ternary search over the integers finds the minimum.
std::vector<ModelTerms> best_pipelined(std::string_view collective, std::string_view algorithm,
                                       const RankLayout& layout, double n, double gamma) {
  const auto terms_for = [&](std::uint64_t k) {
    return charge(layout, gamma, pipelined(collective, algorithm, layout, n, k));
  };
  const auto time_for = [&](std::uint64_t k) { return total_of(terms_for(k)); };
  std::uint64_t low = 1;
  std::uint64_t high = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::min(n, 1.8e19)));
  while (high - low > 2) {
    const std::uint64_t third = (high - low) / 3;
    const std::uint64_t a = low + third;
    const std::uint64_t b = high - third;
    const double time_a = time_for(a);
    const double time_b = time_for(b);
    if (time_a < time_b) {
      high = b - 1;
    } else if (time_a > time_b) {
      low = a + 1;
    } else {
      low = a;
      high = b;
    }
  }
  std::uint64_t best = low;
  for (std::uint64_t k = low + 1; k <= high; ++k) {
    if (time_for(k) < time_for(best)) best = k;
  }
  return terms_for(best);
}

// Why algorithm cannot model this case, or empty. One rank moves nothing, so everything applies.
std::string unavailable(std::string_view collective, std::string_view algorithm, const RankLayout& layout) {
  if (layout.ranks <= 1) return {};
  const std::string ranks = std::to_string(layout.ranks);
  if (collective == "allgather" && algorithm == "recursive-doubling" && !is_power_of_two(layout.ranks)) {
    return "needs a power-of-two rank count, as in MPICH and Open MPI, and " + ranks + " is not";
  }
  if (collective != "allreduce" || (algorithm != "hierarchical" && algorithm != "in-switch")) return {};
  if (algorithm == "in-switch") {
    bool any = false;
    std::vector<std::string> names;
    for (const LayoutLevel& level : layout.levels) {
      any = any || level.in_switch_reduction;
      names.push_back(level.name);
    }
    if (!any) {
      return "needs a tier that reduces in the switch, and none of the tiers " + ranks +
             " ranks cross does: " + joined(names);
    }
  }
  const LayoutLevel& outer = layout.levels.back();
  if (layout.levels.size() > 1 && layout.ranks % outer.ranks_per_member != 0) {
    return "needs whole members of the outermost tier the ranks cross: a " + outer.name + " member holds " +
           std::to_string(outer.ranks_per_member) + " ranks, and " + ranks + " is not a multiple of " +
           std::to_string(outer.ranks_per_member);
  }
  return {};
}

[[noreturn]] void refuse_unavailable(std::string_view collective, std::string_view algorithm, const std::string& reason,
                                     const RankLayout& layout, const std::string& fabric_name) {
  std::vector<std::string> usable;
  for (const std::string& other : modelled_algorithms(collective)) {
    if (unavailable(collective, other, layout).empty()) usable.push_back(other);
  }
  throw ModelError(one_line_text("algorithm " + quoted(algorithm) + " for " + std::string(collective) + " " + reason +
                                 " (accepted for " + std::to_string(layout.ranks) + " ranks" +
                                 (fabric_name.empty() ? "" : " on " + fabric_name) + ": " + joined(usable) + ")"));
}

}  // namespace

const std::vector<std::string>& modelled_collectives() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> list;
    for (const CollectiveAlgorithms& entry : algorithm_table()) list.emplace_back(entry.collective);
    return list;
  }();
  return names;
}

std::vector<std::string> modelled_algorithms(std::string_view collective) {
  for (const CollectiveAlgorithms& entry : algorithm_table()) {
    if (collective == entry.collective) return entry.algorithms;
  }
  throw ModelError("unknown collective " + quoted(collective) + " (accepted: " + joined(modelled_collectives()) + ")");
}

Prediction predict(std::string_view collective, std::string_view algorithm, std::uint64_t bytes, int ranks,
                   const Fabric& fabric) {
  check_names(collective, algorithm);
  const RankLayout layout = rank_layout(fabric, ranks);
  if (const std::string reason = unavailable(collective, algorithm, layout); !reason.empty()) {
    refuse_unavailable(collective, algorithm, reason, layout, fabric.name);
  }
  const double gamma = reduction_seconds_per_byte(fabric);
  const double n = static_cast<double>(bytes);
  std::vector<ModelTerms> terms(layout.levels.size());
  // Nothing moves for one rank or for no bytes: MPI and NCCL return from a count of 0 without
  // communicating, so no latency is charged either.
  if (ranks > 1 && bytes > 0) {
    terms = is_pipelined(algorithm) ? best_pipelined(collective, algorithm, layout, n, gamma)
                                    : charge(layout, gamma, schedule_of(collective, algorithm, layout, n));
  }
  Prediction prediction;
  prediction.collective = std::string(collective);
  prediction.algorithm = std::string(algorithm);
  prediction.bytes = bytes;
  prediction.ranks = ranks;
  for (std::size_t l = 0; l < layout.levels.size(); ++l) {
    prediction.tiers.push_back({layout.levels[l].name, terms[l]});
    prediction.terms.latency_s += terms[l].latency_s;
    prediction.terms.bandwidth_s += terms[l].bandwidth_s;
    prediction.terms.reduction_s += terms[l].reduction_s;
  }
  prediction.time_s = prediction.terms.total_s();
  return prediction;
}

Prediction predict_best(std::string_view collective, std::uint64_t bytes, int ranks, const Fabric& fabric) {
  const std::vector<std::string> algorithms = modelled_algorithms(collective);
  const RankLayout layout = rank_layout(fabric, ranks);
  std::optional<Prediction> best;
  for (const std::string& algorithm : algorithms) {
    if (!unavailable(collective, algorithm, layout).empty()) continue;
    Prediction candidate = predict(collective, algorithm, bytes, ranks, fabric);
    if (!best || candidate.time_s < best->time_s) best = std::move(candidate);
  }
  return *best;  // the first algorithm of every collective applies to every case
}

CostCoefficients single_tier_coefficients(std::string_view collective, std::string_view algorithm, std::uint64_t bytes,
                                          int ranks, int group_ranks) {
  check_names(collective, algorithm);
  if (ranks < 1) {
    throw ModelError("ranks " + std::to_string(ranks) + " is less than 1 (accepted: a rank count of 1 or more)");
  }
  if (is_pipelined(algorithm)) {
    std::vector<std::string> linear;
    for (const std::string& other : modelled_algorithms(collective)) {
      if (!is_pipelined(other)) linear.push_back(other);
    }
    throw ModelError(
        "algorithm " + quoted(algorithm) + " for " + std::string(collective) +
        " is pipelined: its optimal segment count makes the cost non-linear in alpha and beta (accepted: " +
        joined(linear) + ")");
  }
  const std::uint64_t p = static_cast<std::uint64_t>(ranks);
  std::vector<std::uint64_t> groups = {p};
  if (collective == "allreduce" && algorithm == "hierarchical") {
    if (group_ranks < 1 || p % static_cast<std::uint64_t>(group_ranks) != 0) {
      throw ModelError("hierarchical: group_ranks " + std::to_string(group_ranks) + " does not divide " +
                       std::to_string(ranks) + " ranks into groups (accepted: a divisor of " + std::to_string(ranks) +
                       ")");
    }
    const std::uint64_t inner = static_cast<std::uint64_t>(group_ranks);
    groups = {inner, p / inner};
  }
  RankLayout layout = uniform_layout(groups);
  layout.ranks = p;  // uniform_layout drops groups of 1; the product is p either way
  // One tier that reduces in the switch, so that in-switch has what it needs.
  for (LayoutLevel& level : layout.levels) level.in_switch_reduction = true;
  if (const std::string reason = unavailable(collective, algorithm, layout); !reason.empty()) {
    refuse_unavailable(collective, algorithm, reason, layout, "");
  }
  CostCoefficients coefficients;
  if (ranks <= 1 || bytes == 0) return coefficients;
  for (const Step& step : schedule_of(collective, algorithm, layout, static_cast<double>(bytes))) {
    if (step.levels == 0) continue;
    coefficients.latency_steps += step.count;
    coefficients.bandwidth_bytes += step.count * step.bytes;
    coefficients.reduction_bytes += step.count * step.reduced;
  }
  return coefficients;
}

}  // namespace commbench
