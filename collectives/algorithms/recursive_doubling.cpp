// Recursive doubling allreduce (Thakur, Rabenseifner and Gropp 2005, section 4.1): in log2 p'
// steps each participant exchanges its whole vector with the participant whose number
// differs in bit k and reduces what it receives, so after step k it holds the reduction over
// 2^(k+1) ranks. Few steps and whole vectors: the latency-bound choice for short messages.
#include "collectives/algorithms/explicit_algorithm_parts.hpp"

namespace commbench {
namespace {

void run_recursive_doubling_allreduce(const AlgorithmContext& context, const CollectiveCall& call,
                                      AlgorithmWorkspace::State&) {
  const std::size_t count = call.param_count;
  context.copy(call.recv, call.send, count);
  const PowerOfTwoFold fold(context.rank(), context.size());
  fold.fold(context, call.recv, count);
  if (fold.new_rank() >= 0) {
    void* incoming = context.scratch(count);
    for (int mask = 1; mask < fold.participants(); mask *= 2) {
      const int partner = fold.real_rank(fold.new_rank() ^ mask);
      context.exchange(call.recv, count, partner, incoming, count, partner);
      context.reduce(incoming, call.recv, count);
    }
  }
  fold.unfold(context, call.recv, count);
  context.finish_average(call.recv, count);
}

std::size_t recursive_doubling_elements(std::size_t count, const AlgorithmWorkspace::State& state) {
  return state.backend().size() == 1 ? 0 : count;
}

}  // namespace

const ExplicitAlgorithm kRecursiveDoublingAllreduce{run_recursive_doubling_allreduce, recursive_doubling_elements};

}  // namespace commbench
