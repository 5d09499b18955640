#pragma once
// Where a backend's buffers live and how host code reaches them: host memory, or a GPU's
// memory (cuda_memory_space, --device cuda). The MPI backend takes one, so the same MPI
// collectives run on host buffers or, with a CUDA-aware MPI, on device buffers.
#include <cstddef>
#include <memory>
#include <string>

#include "buffer.hpp"
#include "dtype.hpp"
#include "pattern_access.hpp"

namespace commbench {

class MemorySpace {
 public:
  virtual ~MemorySpace() = default;
  virtual std::string name() const = 0;  // "host" or "cuda"
  virtual std::unique_ptr<Buffer> allocate(std::size_t bytes) = 0;
  virtual const PatternAccess& pattern_access() const = 0;
  // Divides count elements at data by divisor in place: what turns MPI's sum into avg,
  // which MPI lacks (integer division truncates, as NCCL's avg does).
  virtual void divide_elements(void* data, std::size_t count, Dtype dtype, int divisor) const = 0;
};

std::shared_ptr<MemorySpace> host_memory();

}  // namespace commbench
