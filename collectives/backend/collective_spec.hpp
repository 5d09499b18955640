#pragma once
// What commbench knows about each collective, in one small descriptor: how a requested
// size becomes element counts (nccl-tests' convention), the bus-bandwidth factor, how to
// call it on a Backend, and where each output element comes from (for exact checks).
// The sweep, timing and verification code is written once against this interface.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "collectives/backend/backend.hpp"

namespace commbench {

// Element counts for one case. param_count is what the Backend call takes (per-rank block
// for allgather, reducescatter and alltoall). In place, the input starts at
// recv_buffer + rank * send_inplace_offset and the output at
// recv_buffer + rank * recv_inplace_offset (elements), as in nccl-tests.
struct CollectiveCounts {
  std::size_t send_count = 0;
  std::size_t recv_count = 0;
  std::size_t param_count = 0;
  std::size_t send_inplace_offset = 0;
  std::size_t recv_inplace_offset = 0;
};

// A run of output elements and where they come from: either the reduction over all ranks
// of input index source_index + k, or a copy of source_rank's input at source_index + k.
struct OutputBlock {
  std::size_t output_offset = 0;
  std::size_t count = 0;
  bool reduced = false;
  int source_rank = 0;
  std::size_t source_index = 0;
};

struct CollectiveCall {
  const void* send = nullptr;
  void* recv = nullptr;
  std::size_t param_count = 0;
  Dtype dtype = Dtype::float32;
  ReduceOp op = ReduceOp::sum;
  int root = 0;
};

class CollectiveSpec {
 public:
  virtual ~CollectiveSpec() = default;
  virtual std::string_view name() const = 0;
  virtual bool uses_op() const { return false; }
  virtual bool uses_root() const { return false; }
  virtual CollectiveCounts counts(std::size_t bytes, std::size_t element_size, int ranks) const = 0;
  // busbw = algbw * factor; docs/METRICS.md derives each.
  virtual double bus_bandwidth_factor(int ranks) const = 0;
  virtual void run(Backend& backend, const CollectiveCall& call) const = 0;
  // The output elements of rank that have a defined value (all of them, except for reduce
  // on non-root ranks, where NCCL and MPI leave the output undefined).
  virtual std::vector<OutputBlock> expected_output(int rank, int ranks, std::size_t param_count, int root) const = 0;
};

// The bytes a case moves for algbw, and the size printed in the table: the larger of the
// send and receive buffers (nccl-tests' definition).
std::size_t message_bytes(const CollectiveCounts& counts, std::size_t element_size);

// A requested size of a sweep and the message it gives (message_bytes of its counts).
struct SweptMessage {
  std::uint64_t requested = 0;
  std::size_t bytes = 0;
};

// The messages a sweep's sizes give spec with ranks, in order, each once: rounding per-rank
// blocks can map neighbouring requested sizes onto the same message (e.g. 8 B and 32 B
// all-gathered by 4 ranks are both 0 B), which is measured (or predicted) once.
std::vector<SweptMessage> swept_messages(const CollectiveSpec& spec, const std::vector<std::uint64_t>& sizes,
                                         std::size_t element_size, int ranks);

const std::vector<const CollectiveSpec*>& all_collective_specs();
const CollectiveSpec* find_collective_spec(std::string_view name);

}  // namespace commbench
