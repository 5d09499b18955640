// Binomial trees rooted at any rank (Thakur, Rabenseifner and Gropp 2005, sections 4.2 and
// 4.4; MPICH's binomial broadcast and reduce). Ranks are numbered relative to the root,
// v = (rank - root) mod p; the parent of v is v with its lowest set bit cleared and its
// children are v + 2^k for every 2^k below that bit. The whole vector travels along each of
// the p - 1 edges, in ceil(log2 p) rounds.
#include "collectives/algorithms/explicit_algorithm_parts.hpp"

namespace commbench {
namespace {

int relative_rank(int rank, int root, int ranks) { return (rank - root + ranks) % ranks; }
int real_rank(int relative, int root, int ranks) { return (relative + root) % ranks; }

// Receives from the parent, then sends to the children, farthest first, so that the larger
// subtrees start early.
void run_binomial_broadcast(const AlgorithmContext& context, const CollectiveCall& call,
                            AlgorithmWorkspace::State&) {
  const int ranks = context.size();
  const int root = call.root;
  const int relative = relative_rank(context.rank(), root, ranks);
  const std::size_t count = call.param_count;
  // The root, like NCCL's and the MPI backend's, also leaves the data in its output, and
  // sends from its input so that the copy is not on the way.
  const void* outgoing = call.recv;
  if (relative == 0) {
    context.copy(call.recv, call.send, count);
    outgoing = call.send;
  }
  int mask = 1;
  while (mask < ranks) {
    if ((relative & mask) != 0) {
      context.recv(call.recv, count, real_rank(relative - mask, root, ranks));
      break;
    }
    mask *= 2;
  }
  for (mask /= 2; mask > 0; mask /= 2) {
    if (relative + mask < ranks) context.send(outgoing, count, real_rank(relative + mask, root, ranks));
  }
}

std::size_t no_scratch(std::size_t, const AlgorithmWorkspace::State&) { return 0; }

// Receives from each child, nearest first, reducing into its accumulator, then sends the
// accumulator to its parent. The accumulator is the output buffer (the root's result; on
// other ranks the output is undefined after a reduce, so it may serve), except on a leaf,
// which sends its input as it is.
void run_binomial_reduce(const AlgorithmContext& context, const CollectiveCall& call, AlgorithmWorkspace::State&) {
  const int ranks = context.size();
  const int root = call.root;
  const int relative = relative_rank(context.rank(), root, ranks);
  const std::size_t count = call.param_count;
  const bool has_children = relative % 2 == 0 && relative + 1 < ranks;
  const void* accumulator = call.send;
  if (relative == 0 || has_children) {
    context.copy(call.recv, call.send, count);
    accumulator = call.recv;
  }
  for (int mask = 1; mask < ranks; mask *= 2) {
    if ((relative & mask) != 0) {
      context.send(accumulator, count, real_rank(relative - mask, root, ranks));
      break;
    }
    if (relative + mask < ranks) {
      void* incoming = context.scratch(count);
      context.recv(incoming, count, real_rank(relative + mask, root, ranks));
      context.reduce(incoming, call.recv, count);
    }
  }
  if (relative == 0) context.finish_average(call.recv, count);
}

std::size_t binomial_reduce_elements(std::size_t count, const AlgorithmWorkspace::State& state) {
  return state.backend().size() == 1 ? 0 : count;
}

}  // namespace

const ExplicitAlgorithm kBinomialBroadcast{run_binomial_broadcast, no_scratch};
const ExplicitAlgorithm kBinomialReduce{run_binomial_reduce, binomial_reduce_elements};

}  // namespace commbench
