// Rabenseifner's allreduce (Thakur, Rabenseifner and Gropp 2005, section 4.1; MPICH's
// reduce_scatter_allgather): a reduce-scatter by recursive halving, then an all-gather by
// recursive doubling, each in log2 p' steps. At step k of the halving a participant keeps
// half of its current range of blocks, sends the other half to the participant whose number
// differs in bit k and reduces the half it receives into its own; the all-gather retraces
// the steps backwards, swapping the halves back. Each phase moves (p' - 1)/p' of the vector
// in log2 p' steps: the bandwidth of the ring with the step count of recursive doubling.
#include <array>

#include "collectives/algorithms/explicit_algorithm_parts.hpp"

namespace commbench {
namespace {

// Blocks [first, last) of the participants' partition of the vector.
struct BlockRange {
  int first = 0;
  int last = 0;
};

void run_rabenseifner_allreduce(const AlgorithmContext& context, const CollectiveCall& call,
                                AlgorithmWorkspace::State&) {
  const std::size_t count = call.param_count;
  void* data = call.recv;
  context.copy(data, call.send, count);
  const PowerOfTwoFold fold(context.rank(), context.size());
  fold.fold(context, data, count);
  if (fold.new_rank() >= 0) {
    const int participants = fold.participants();
    const BlockPartition blocks(count, participants);
    void* incoming = context.scratch(blocks.span(0, participants / 2));  // the larger half
    // The range held before each halving step, for the all-gather to retrace (an int rank
    // count has at most 31 doublings; no allocation in the call).
    std::array<BlockRange, 32> before{};
    BlockRange held{0, participants};
    int steps = 0;
    for (int mask = 1; mask < participants; mask *= 2, ++steps) {
      const int partner_new = fold.new_rank() ^ mask;
      const int partner = fold.real_rank(partner_new);
      const int middle = held.first + (held.last - held.first) / 2;
      // The partner holds the same range (their numbers agree in the lower bits): the lower
      // number keeps the lower half.
      const bool keep_lower = fold.new_rank() < partner_new;
      const BlockRange kept = keep_lower ? BlockRange{held.first, middle} : BlockRange{middle, held.last};
      const BlockRange given = keep_lower ? BlockRange{middle, held.last} : BlockRange{held.first, middle};
      context.exchange(context.at(data, blocks.offset(given.first)), blocks.span(given.first, given.last), partner,
                       incoming, blocks.span(kept.first, kept.last), partner);
      context.reduce(incoming, context.at(data, blocks.offset(kept.first)), blocks.span(kept.first, kept.last));
      before[static_cast<std::size_t>(steps)] = held;
      held = kept;
    }
    // Now held is one block, reduced over every rank. The same partners in reverse order
    // each hold the other half of the range held before that step.
    for (int step = steps - 1; step >= 0; --step) {
      const int partner = fold.real_rank(fold.new_rank() ^ (1 << step));
      const BlockRange whole = before[static_cast<std::size_t>(step)];
      const BlockRange other = held.first == whole.first ? BlockRange{held.last, whole.last}
                                                         : BlockRange{whole.first, held.first};
      context.exchange(context.at(data, blocks.offset(held.first)), blocks.span(held.first, held.last), partner,
                       context.at(data, blocks.offset(other.first)), blocks.span(other.first, other.last), partner);
      held = whole;
    }
  }
  fold.unfold(context, data, count);
  context.finish_average(data, count);
}

// The fold receives a whole vector; with a power-of-two count only the larger half arrives.
std::size_t rabenseifner_elements(std::size_t count, const AlgorithmWorkspace::State& state) {
  const int ranks = state.backend().size();
  if (ranks == 1) return 0;
  const PowerOfTwoFold fold(0, ranks);
  if (fold.participants() != ranks) return count;
  return BlockPartition(count, ranks).span(0, ranks / 2);
}

}  // namespace

const ExplicitAlgorithm kRabenseifnerAllreduce{run_rabenseifner_allreduce, rabenseifner_elements};

}  // namespace commbench
