#pragma once
// Internal to the explicit algorithms (explicit_algorithms.hpp): the workspace's state, what
// one algorithm call sees, how a vector is cut into blocks, the building blocks more than one
// algorithm uses, and each algorithm's entry point, so that each family lives in its own
// source file (ring_algorithms, power_of_two_fold, recursive_doubling, rabenseifner,
// binomial_tree, hierarchical_allreduce) and explicit_algorithms.cpp only dispatches.
//
// Every algorithm works with the Backend's exchange (a simultaneous send and receive), send,
// recv and its local reduce, copy and divide, so the same code runs on host memory (MPI) and
// on a GPU's stream (NCCL). None allocates: scratch memory is the workspace's.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "collectives/algorithms/explicit_algorithms.hpp"
#include "collectives/backend/backend.hpp"
#include "collectives/backend/collective_spec.hpp"

namespace commbench {

// Cuts count elements into parts blocks whose sizes differ by at most one, the larger ones
// first (MPICH's split): any count works, including 0 and counts below parts, which leave
// some blocks empty.
class BlockPartition {
 public:
  BlockPartition(std::size_t count, int parts)
      : parts_(parts),
        base_(count / static_cast<std::size_t>(parts)),
        extra_(count % static_cast<std::size_t>(parts)) {}
  int parts() const { return parts_; }
  // Where block starts, in elements; offset(parts()) is the whole count.
  std::size_t offset(int block) const {
    const auto b = static_cast<std::size_t>(block);
    return b * base_ + (b < extra_ ? b : extra_);
  }
  std::size_t size(int block) const { return base_ + (static_cast<std::size_t>(block) < extra_ ? 1 : 0); }
  // Elements of blocks [first, last).
  std::size_t span(int first, int last) const { return offset(last) - offset(first); }
  std::size_t largest() const { return base_ + (extra_ > 0 ? 1 : 0); }

 private:
  int parts_;
  std::size_t base_;
  std::size_t extra_;
};

// How the ranks sit on hosts, as "hierarchical" needs it: why it cannot run (empty when it
// can), and then the number of hosts and of ranks on each.
struct HostLayout {
  std::string unavailable;
  int hosts = 0;
  int ranks_per_host = 0;
};

// The workspace's state: scratch memory made once from the backend, and for "hierarchical"
// the communicators within and across hosts.
class AlgorithmWorkspace::State {
 public:
  State(Backend& backend, std::size_t max_bytes, std::vector<int> host_of_rank);

  Backend& backend() const { return backend_; }
  void* scratch() const { return scratch_->data(); }
  std::size_t scratch_bytes() const { return scratch_bytes_; }
  // Why "hierarchical" cannot run on this job, or empty; when it can, every host has
  // ranks_per_host() ranks.
  const std::string& hierarchical_unavailable() const { return layout_.unavailable; }
  int host_count() const { return layout_.hosts; }
  int ranks_per_host() const { return layout_.ranks_per_host; }
  // The ranks of this rank's host (ordered by rank) and the ranks at the same position on
  // every host (ordered by host). Made on first use: split is collective, and every rank
  // runs the same cases, so every rank gets here at the same call.
  Backend& within_host();
  Backend& across_hosts();

 private:
  void split_by_host();

  Backend& backend_;
  std::size_t scratch_bytes_;
  std::unique_ptr<Buffer> scratch_;
  std::vector<int> host_of_rank_;
  HostLayout layout_;
  std::unique_ptr<Backend> within_host_;
  std::unique_ptr<Backend> across_hosts_;
};

// What an algorithm's steps need: the communicator they run on, the element type and
// operator, and the scratch memory. on() moves the same call to a sub-communicator.
class AlgorithmContext {
 public:
  AlgorithmContext(Backend& backend, Dtype dtype, ReduceOp op, void* scratch, std::size_t scratch_bytes)
      : backend_(&backend), dtype_(dtype), op_(op), scratch_(scratch), scratch_bytes_(scratch_bytes) {}

  AlgorithmContext on(Backend& communicator) const {
    AlgorithmContext moved = *this;
    moved.backend_ = &communicator;
    return moved;
  }
  Backend& backend() const { return *backend_; }
  int rank() const { return backend_->rank(); }
  int size() const { return backend_->size(); }
  Dtype dtype() const { return dtype_; }
  ReduceOp op() const { return op_; }

  // The element at index elements of base.
  const void* at(const void* base, std::size_t elements) const {
    return static_cast<const char*>(base) + elements * dtype_size(dtype_);
  }
  void* at(void* base, std::size_t elements) const { return static_cast<char*>(base) + elements * dtype_size(dtype_); }
  // The first elements of scratch; run_explicit_algorithm has checked the size before any
  // message, on every rank alike, so this only guards against a wrong scratch_elements.
  void* scratch(std::size_t elements) const;

  void exchange(const void* send, std::size_t send_count, int destination, void* recv, std::size_t recv_count,
                int source) const {
    backend_->exchange(send, send_count, destination, recv, recv_count, source, dtype_);
  }
  void send(const void* data, std::size_t count, int peer) const { backend_->send(data, count, dtype_, peer); }
  void recv(void* data, std::size_t count, int peer) const { backend_->recv(data, count, dtype_, peer); }
  // target = target op source (avg as sum).
  void reduce(const void* source, void* target, std::size_t count) const {
    if (count != 0) backend_->reduce_local(source, target, count, dtype_, op_);
  }
  // Nothing to do when target is source (in place).
  void copy(void* target, const void* source, std::size_t count) const {
    if (count != 0 && target != source) backend_->copy_local(target, source, count * dtype_size(dtype_));
  }
  // avg: the sums over every rank of this communicator divided by its size; nothing for
  // the other operators.
  void finish_average(void* data, std::size_t count) const {
    if (op_ == ReduceOp::avg && count != 0) backend_->divide_local(data, count, dtype_, size());
  }

 private:
  Backend* backend_;
  Dtype dtype_;
  ReduceOp op_;
  void* scratch_;
  std::size_t scratch_bytes_;
};

// --- Building blocks ---

// Ring reduce-scatter over the context's ranks: input holds every block of blocks on every
// rank (unchanged unless result lies in it); result receives block rank() of the reduction
// over all ranks (avg as sum). result may be input's own block rank() (in place). p - 1
// steps; scratch: ring_reduce_scatter_scratch.
void ring_reduce_scatter(const AlgorithmContext& context, const void* input, const BlockPartition& blocks,
                         void* result);
std::size_t ring_reduce_scatter_scratch(const BlockPartition& blocks);
// Ring all-gather: data holds this rank's block at its offset; afterwards every block.
// p - 1 steps, no scratch.
void ring_allgather(const AlgorithmContext& context, void* data, const BlockPartition& blocks);
// Ring reduce-scatter then ring all-gather of count elements: recv = the reduction (avg as
// sum) of every rank's send; send may be recv.
void ring_allreduce_steps(const AlgorithmContext& context, const void* send, void* recv, std::size_t count);
std::size_t ring_allreduce_scratch(std::size_t count, int ranks);

// MPICH's answer to a rank count that is not a power of two (Thakur, Rabenseifner and Gropp
// 2005, section 4): with p' the largest power of two <= p and r = p - p', the first 2r ranks
// pair up; each even one sends its whole vector to its odd partner, which reduces it into
// its own and takes part in the power-of-two algorithm for both, and sends the result back to
// the even one at the end. The p' ranks left renumber 0 .. p' - 1.
class PowerOfTwoFold {
 public:
  PowerOfTwoFold(int rank, int ranks);
  int participants() const { return participants_; }
  // This rank's number among the participants, or -1 when it waits out the algorithm.
  int new_rank() const { return new_rank_; }
  // The rank that takes part as participant number new_rank.
  int real_rank(int new_rank) const;
  // The first exchange: data (count elements) of each even rank below 2r reduced into its
  // odd partner's. Scratch: count elements on the odd ranks.
  void fold(const AlgorithmContext& context, void* data, std::size_t count) const;
  // The last: each odd rank below 2r sends its result to its even partner.
  void unfold(const AlgorithmContext& context, void* data, std::size_t count) const;

 private:
  int rank_;
  int folded_pairs_;  // r
  int participants_;  // p'
  int new_rank_;
};

// --- The algorithms: one per collective and algorithm (explicit_algorithms.cpp's table) ---

struct ExplicitAlgorithm {
  // Runs the whole collective on context's backend (the workspace's for "hierarchical"),
  // dividing for avg at the end. Pointers and counts as backend.hpp defines them.
  void (*run)(const AlgorithmContext& context, const CollectiveCall& call, AlgorithmWorkspace::State& state);
  // The scratch elements a call of count elements (the Backend call's count) needs: the same
  // on every rank, so that a workspace too small is refused by all before any message.
  std::size_t (*scratch_elements)(std::size_t count, const AlgorithmWorkspace::State& state);
};

extern const ExplicitAlgorithm kRingAllreduce;
extern const ExplicitAlgorithm kRingAllgather;
extern const ExplicitAlgorithm kRingReducescatter;
extern const ExplicitAlgorithm kRecursiveDoublingAllreduce;
extern const ExplicitAlgorithm kRabenseifnerAllreduce;
extern const ExplicitAlgorithm kBinomialBroadcast;
extern const ExplicitAlgorithm kBinomialReduce;
extern const ExplicitAlgorithm kHierarchicalAllreduce;

}  // namespace commbench
