// Ring algorithms (Patarasuk and Yuan 2009; Thakur, Rabenseifner and Gropp 2005, section 4):
// every rank sends to rank + 1 and receives from rank - 1 at each of p - 1 steps, one block
// of n/p elements each way, so the bandwidth term is (p - 1)/p of the vector per phase
// whatever p is.
#include "collectives/algorithms/explicit_algorithm_parts.hpp"

namespace commbench {
namespace {

int ring_position(int value, int ranks) { return ((value % ranks) + ranks) % ranks; }

}  // namespace

std::size_t ring_reduce_scatter_scratch(const BlockPartition& blocks) {
  return blocks.parts() == 1 ? 0 : 2 * blocks.largest();
}

// At step s rank r sends the partial reduction of block r - s - 1 and receives that of block
// r - s - 2 from rank r - 1, adds its own input block to it and passes it on at step s + 1;
// the block that arrives at the last step is block r, which then holds every rank's share.
// The partials alternate between two scratch blocks (one is being sent while the other
// receives), so the input is only read: an out-of-place reduce-scatter leaves it as it was.
void ring_reduce_scatter(const AlgorithmContext& context, const void* input, const BlockPartition& blocks,
                         void* result) {
  const int ranks = context.size();
  const int rank = context.rank();
  const void* own = context.at(input, blocks.offset(rank));
  if (ranks == 1) {
    context.copy(result, own, blocks.size(rank));
    return;
  }
  const int next = ring_position(rank + 1, ranks);
  const int previous = ring_position(rank - 1, ranks);
  void* partial[2] = {context.scratch(ring_reduce_scatter_scratch(blocks)), nullptr};
  partial[1] = context.at(partial[0], blocks.largest());
  const bool in_place = result == own;

  const void* outgoing = context.at(input, blocks.offset(ring_position(rank - 1, ranks)));
  for (int step = 0; step < ranks - 1; ++step) {
    const int send_block = ring_position(rank - step - 1, ranks);
    const int recv_block = ring_position(rank - step - 2, ranks);
    const bool last = step == ranks - 2;  // recv_block == rank
    // Out of place, the last partial lands where the result goes; in place it cannot, as
    // the result's place still holds this rank's input block, which is added afterwards.
    void* incoming = last && !in_place ? result : partial[step % 2];
    context.exchange(outgoing, blocks.size(send_block), next, incoming, blocks.size(recv_block), previous);
    if (last && in_place) {
      context.reduce(incoming, result, blocks.size(recv_block));
    } else {
      context.reduce(context.at(input, blocks.offset(recv_block)), incoming, blocks.size(recv_block));
    }
    outgoing = incoming;
  }
}

// At step s rank r passes on block r - s (its own at step 0, then the one it received last)
// and receives block r - s - 1 straight into its place: no scratch, no copies.
void ring_allgather(const AlgorithmContext& context, void* data, const BlockPartition& blocks) {
  const int ranks = context.size();
  const int rank = context.rank();
  const int next = ring_position(rank + 1, ranks);
  const int previous = ring_position(rank - 1, ranks);
  for (int step = 0; step < ranks - 1; ++step) {
    const int send_block = ring_position(rank - step, ranks);
    const int recv_block = ring_position(rank - step - 1, ranks);
    context.exchange(context.at(data, blocks.offset(send_block)), blocks.size(send_block), next,
                     context.at(data, blocks.offset(recv_block)), blocks.size(recv_block), previous);
  }
}

std::size_t ring_allreduce_scratch(std::size_t count, int ranks) {
  return ring_reduce_scatter_scratch(BlockPartition(count, ranks));
}

void ring_allreduce_steps(const AlgorithmContext& context, const void* send, void* recv, std::size_t count) {
  const BlockPartition blocks(count, context.size());
  ring_reduce_scatter(context, send, blocks, context.at(recv, blocks.offset(context.rank())));
  ring_allgather(context, recv, blocks);
}

namespace {

void run_ring_allreduce(const AlgorithmContext& context, const CollectiveCall& call, AlgorithmWorkspace::State&) {
  ring_allreduce_steps(context, call.send, call.recv, call.param_count);
  context.finish_average(call.recv, call.param_count);
}

std::size_t ring_allreduce_elements(std::size_t count, const AlgorithmWorkspace::State& state) {
  return ring_allreduce_scratch(count, state.backend().size());
}

// count is each rank's block; rank r's input goes to block r of the output first (unless it
// is already there, in place).
void run_ring_allgather(const AlgorithmContext& context, const CollectiveCall& call, AlgorithmWorkspace::State&) {
  const BlockPartition blocks(call.param_count * static_cast<std::size_t>(context.size()), context.size());
  context.copy(context.at(call.recv, blocks.offset(context.rank())), call.send, call.param_count);
  ring_allgather(context, call.recv, blocks);
}

std::size_t no_scratch(std::size_t, const AlgorithmWorkspace::State&) { return 0; }

// count is each rank's block of the result; the input holds p of them. In place the result
// is the input's own block, which ring_reduce_scatter recognises.
void run_ring_reducescatter(const AlgorithmContext& context, const CollectiveCall& call, AlgorithmWorkspace::State&) {
  const BlockPartition blocks(call.param_count * static_cast<std::size_t>(context.size()), context.size());
  ring_reduce_scatter(context, call.send, blocks, call.recv);
  context.finish_average(call.recv, call.param_count);
}

std::size_t ring_reducescatter_elements(std::size_t count, const AlgorithmWorkspace::State& state) {
  const int ranks = state.backend().size();
  return ring_reduce_scatter_scratch(BlockPartition(count * static_cast<std::size_t>(ranks), ranks));
}

}  // namespace

const ExplicitAlgorithm kRingAllreduce{run_ring_allreduce, ring_allreduce_elements};
const ExplicitAlgorithm kRingAllgather{run_ring_allgather, no_scratch};
const ExplicitAlgorithm kRingReducescatter{run_ring_reducescatter, ring_reducescatter_elements};

}  // namespace commbench
