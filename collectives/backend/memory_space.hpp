#pragma once
// Where a backend's buffers live and how host code reaches them: host memory, or a GPU's
// memory (cuda_memory_space, --device cuda). The MPI backend takes one, so the same MPI
// collectives run on host buffers or, with a CUDA-aware MPI, on device buffers.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "collectives/backend/buffer.hpp"
#include "collectives/dtype/dtype.hpp"
#include "collectives/dtype/reduce_op.hpp"
#include "collectives/pattern/pattern_access.hpp"

namespace commbench {

// The element-wise work below is what a transport leaves to the caller: MPI's missing avg,
// and what the explicit algorithms (explicit_algorithms.hpp) compute between messages. On a
// GPU it is enqueued on the memory's stream, in order with everything else issued there (the
// NCCL backend's operations), and may still be running on return: a caller that hands the
// memory to something outside that stream (MPI, the host) calls synchronize() first. Host
// memory is done on return.
class MemorySpace {
 public:
  virtual ~MemorySpace() = default;
  virtual std::string name() const = 0;  // "host" or "cuda"
  virtual std::unique_ptr<Buffer> allocate(std::size_t bytes) = 0;
  virtual const PatternAccess& pattern_access() const = 0;
  // Divides count elements at data by divisor in place: what turns MPI's sum into avg,
  // which MPI lacks (integer division truncates, as NCCL's avg does).
  virtual void divide_elements(void* data, std::size_t count, Dtype dtype, int divisor) const = 0;
  // target[i] = target[i] op source[i]; avg reduces as sum (the caller divides at the end).
  virtual void reduce_elements(const void* source, void* target, std::size_t count, Dtype dtype,
                               ReduceOp op) const = 0;
  // Copies bytes between two regions of this memory that do not overlap.
  virtual void copy_bytes(void* target, const void* source, std::size_t bytes) const = 0;
  // Waits until the work above has finished.
  virtual void synchronize() const = 0;
  // Bytes that allocate() could still take now, shared with every other process on this
  // host (or GPU): the kernel's MemAvailable, or the GPU's free memory. For refusing up
  // front a run whose buffers cannot fit, with a message instead of a failed allocation.
  virtual std::uint64_t available_bytes() const = 0;
};

std::shared_ptr<MemorySpace> host_memory();
// MemAvailable from /proc/meminfo, in bytes.
std::uint64_t host_available_bytes();

}  // namespace commbench
