// Hierarchical allreduce, as NCCL and Horovod build it across nodes: with g ranks on each of
// h hosts, a ring reduce-scatter within each host leaves local rank l with block l (1/g of
// the vector) reduced over its host; a ring allreduce of that block among the h ranks of
// local rank l (one per host) reduces it over every host; a ring all-gather within each host
// hands every block to every rank. Only 1/g of the vector crosses the network from each
// rank, and the g ranks of a host use the network at once.
#include "collectives/algorithms/explicit_algorithm_parts.hpp"

namespace commbench {
namespace {

void run_hierarchical_allreduce(const AlgorithmContext& context, const CollectiveCall& call,
                                AlgorithmWorkspace::State& state) {
  const AlgorithmContext within = context.on(state.within_host());
  const AlgorithmContext across = context.on(state.across_hosts());
  const BlockPartition blocks(call.param_count, within.size());
  const int local_rank = within.rank();
  void* mine = within.at(call.recv, blocks.offset(local_rank));
  ring_reduce_scatter(within, call.send, blocks, mine);
  ring_allreduce_steps(across, mine, mine, blocks.size(local_rank));
  ring_allgather(within, call.recv, blocks);
  // avg: divided by every rank of the job, once, at the end (context is the whole job).
  context.finish_average(call.recv, call.param_count);
}

std::size_t hierarchical_elements(std::size_t count, const AlgorithmWorkspace::State& state) {
  const BlockPartition blocks(count, state.ranks_per_host());
  const std::size_t within = ring_reduce_scatter_scratch(blocks);
  const std::size_t across = ring_allreduce_scratch(blocks.largest(), state.host_count());
  return within > across ? within : across;
}

}  // namespace

const ExplicitAlgorithm kHierarchicalAllreduce{run_hierarchical_allreduce, hierarchical_elements};

}  // namespace commbench
