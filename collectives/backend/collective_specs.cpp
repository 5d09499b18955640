// The seven collectives. Counts follow nccl-tests (src/*.cu GetCollByteCount): per-rank
// blocks are rounded down to 16-byte multiples so that in-place blocks stay aligned.
#include <algorithm>

#include "collectives/backend/collective_spec.hpp"

namespace commbench {
namespace {

std::size_t aligned_block(std::size_t bytes, std::size_t element_size, int ranks) {
  const std::size_t per_rank = bytes / element_size / static_cast<std::size_t>(ranks);
  const std::size_t granule = std::max<std::size_t>(1, 16 / element_size);
  return per_rank / granule * granule;
}

double ring_factor(int ranks) { return static_cast<double>(ranks - 1) / ranks; }

CollectiveCounts whole_message(std::size_t bytes, std::size_t element_size) {
  const std::size_t count = bytes / element_size;
  return {count, count, count, 0, 0};
}

std::vector<OutputBlock> blocks_from_every_rank(int ranks, std::size_t count, std::size_t source_index) {
  std::vector<OutputBlock> blocks;
  for (int source = 0; source < ranks; ++source) {
    blocks.push_back({static_cast<std::size_t>(source) * count, count, false, source, source_index});
  }
  return blocks;
}

class AllReduce final : public CollectiveSpec {
 public:
  std::string_view name() const override { return "allreduce"; }
  bool uses_op() const override { return true; }
  CollectiveCounts counts(std::size_t bytes, std::size_t element_size, int) const override {
    return whole_message(bytes, element_size);
  }
  double bus_bandwidth_factor(int ranks) const override { return 2.0 * ring_factor(ranks); }
  void run(Backend& backend, const CollectiveCall& c) const override {
    backend.allreduce(c.send, c.recv, c.param_count, c.dtype, {c.op});
  }
  std::vector<OutputBlock> expected_output(int, int, std::size_t count, int) const override {
    return {{0, count, true, 0, 0}};
  }
};

class AllGather final : public CollectiveSpec {
 public:
  std::string_view name() const override { return "allgather"; }
  CollectiveCounts counts(std::size_t bytes, std::size_t element_size, int ranks) const override {
    const std::size_t block = aligned_block(bytes, element_size, ranks);
    return {block, block * ranks, block, block, 0};
  }
  double bus_bandwidth_factor(int ranks) const override { return ring_factor(ranks); }
  void run(Backend& backend, const CollectiveCall& c) const override {
    backend.allgather(c.send, c.recv, c.param_count, c.dtype);
  }
  std::vector<OutputBlock> expected_output(int, int ranks, std::size_t count, int) const override {
    return blocks_from_every_rank(ranks, count, 0);
  }
};

class ReduceScatter final : public CollectiveSpec {
 public:
  std::string_view name() const override { return "reducescatter"; }
  bool uses_op() const override { return true; }
  CollectiveCounts counts(std::size_t bytes, std::size_t element_size, int ranks) const override {
    const std::size_t block = aligned_block(bytes, element_size, ranks);
    return {block * ranks, block, block, 0, block};
  }
  double bus_bandwidth_factor(int ranks) const override { return ring_factor(ranks); }
  void run(Backend& backend, const CollectiveCall& c) const override {
    backend.reducescatter(c.send, c.recv, c.param_count, c.dtype, {c.op});
  }
  std::vector<OutputBlock> expected_output(int rank, int, std::size_t count, int) const override {
    return {{0, count, true, 0, static_cast<std::size_t>(rank) * count}};
  }
};

class Broadcast final : public CollectiveSpec {
 public:
  std::string_view name() const override { return "broadcast"; }
  bool uses_root() const override { return true; }
  CollectiveCounts counts(std::size_t bytes, std::size_t element_size, int) const override {
    return whole_message(bytes, element_size);
  }
  double bus_bandwidth_factor(int) const override { return 1.0; }
  void run(Backend& backend, const CollectiveCall& c) const override {
    backend.broadcast(c.send, c.recv, c.param_count, c.dtype, {c.root});
  }
  std::vector<OutputBlock> expected_output(int, int, std::size_t count, int root) const override {
    return {{0, count, false, root, 0}};
  }
};

class Reduce final : public CollectiveSpec {
 public:
  std::string_view name() const override { return "reduce"; }
  bool uses_op() const override { return true; }
  bool uses_root() const override { return true; }
  CollectiveCounts counts(std::size_t bytes, std::size_t element_size, int) const override {
    return whole_message(bytes, element_size);
  }
  double bus_bandwidth_factor(int) const override { return 1.0; }
  void run(Backend& backend, const CollectiveCall& c) const override {
    backend.reduce(c.send, c.recv, c.param_count, c.dtype, {c.op, c.root});
  }
  std::vector<OutputBlock> expected_output(int rank, int, std::size_t count, int root) const override {
    if (rank != root) return {};
    return {{0, count, true, 0, 0}};
  }
};

class AllToAll final : public CollectiveSpec {
 public:
  std::string_view name() const override { return "alltoall"; }
  CollectiveCounts counts(std::size_t bytes, std::size_t element_size, int ranks) const override {
    const std::size_t block = aligned_block(bytes, element_size, ranks);
    return {block * ranks, block * ranks, block, 0, 0};
  }
  double bus_bandwidth_factor(int ranks) const override { return ring_factor(ranks); }
  void run(Backend& backend, const CollectiveCall& c) const override {
    backend.alltoall(c.send, c.recv, c.param_count, c.dtype);
  }
  std::vector<OutputBlock> expected_output(int rank, int ranks, std::size_t count, int) const override {
    // Block j of rank r's output is block r of rank j's input.
    return blocks_from_every_rank(ranks, count, static_cast<std::size_t>(rank) * count);
  }
};

class SendRecv final : public CollectiveSpec {
 public:
  std::string_view name() const override { return "sendrecv"; }
  CollectiveCounts counts(std::size_t bytes, std::size_t element_size, int) const override {
    return whole_message(bytes, element_size);
  }
  double bus_bandwidth_factor(int) const override { return 1.0; }
  void run(Backend& backend, const CollectiveCall& c) const override {
    backend.sendrecv(c.send, c.recv, c.param_count, c.dtype);
  }
  std::vector<OutputBlock> expected_output(int rank, int ranks, std::size_t count, int) const override {
    return {{0, count, false, (rank - 1 + ranks) % ranks, 0}};
  }
};

}  // namespace

std::size_t message_bytes(const CollectiveCounts& counts, std::size_t element_size) {
  return std::max(counts.send_count, counts.recv_count) * element_size;
}

std::vector<SweptMessage> swept_messages(const CollectiveSpec& spec, const std::vector<std::uint64_t>& sizes,
                                         std::size_t element_size, int ranks) {
  std::vector<SweptMessage> messages;
  for (std::uint64_t size : sizes) {
    const std::size_t bytes = message_bytes(spec.counts(size, element_size, ranks), element_size);
    if (!messages.empty() && messages.back().bytes == bytes) continue;
    messages.push_back({size, bytes});
  }
  return messages;
}

const std::vector<const CollectiveSpec*>& all_collective_specs() {
  static const AllReduce allreduce;
  static const AllGather allgather;
  static const ReduceScatter reducescatter;
  static const Broadcast broadcast;
  static const Reduce reduce;
  static const AllToAll alltoall;
  static const SendRecv sendrecv;
  static const std::vector<const CollectiveSpec*> specs{&allreduce, &allgather, &reducescatter, &broadcast,
                                                        &reduce,    &alltoall,  &sendrecv};
  return specs;
}

const CollectiveSpec* find_collective_spec(std::string_view name) {
  for (const CollectiveSpec* spec : all_collective_specs()) {
    if (spec->name() == name) return spec;
  }
  return nullptr;
}

}  // namespace commbench
