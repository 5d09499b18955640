#pragma once
// How verification reaches a backend's memory: loops on the host for host memory, CUDA
// kernels on the backend's stream for device memory (device_pattern_access). The case runner
// fills inputs, poisons outputs and counts wrong elements through this interface only, so
// one verification pass serves every backend and memory kind.
#include <cstddef>
#include <cstdint>

#include "collectives/pattern/data_pattern.hpp"

namespace commbench {

class PatternAccess {
 public:
  virtual ~PatternAccess() = default;
  // Writes pattern.input(rank, first_index + k) for k in [0, count) to data.
  virtual void fill(const DataPattern& pattern, void* data, std::size_t count, int rank,
                    std::size_t first_index) const = 0;
  // Writes a value no correct output holds (DataPattern::poison).
  virtual void poison(const DataPattern& pattern, void* data, std::size_t count) const = 0;
  // Elements of data that differ from pattern.input(source_rank, first_index + k).
  virtual std::uint64_t count_wrong_copy(const DataPattern& pattern, const void* data, std::size_t count,
                                         int source_rank, std::size_t first_index) const = 0;
  // Elements of data that differ from pattern.reduced(first_index + k).
  virtual std::uint64_t count_wrong_reduced(const DataPattern& pattern, const void* data, std::size_t count,
                                            std::size_t first_index) const = 0;
  // Test-only fault injection: flips the lowest bit of the byte at address.
  virtual void flip_lowest_bit(void* address) const = 0;
};

// Host memory: every call has finished when it returns.
const PatternAccess& host_pattern_access();

}  // namespace commbench
