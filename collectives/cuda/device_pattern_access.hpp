#pragma once
// Verification on the GPU: CUDA kernels fill inputs, poison outputs and count wrong
// elements on the backend's stream, computing the very values DataPattern computes on the
// host (pattern_values.hpp is compiled for both). Only the count crosses to the host.
#include <cuda_runtime_api.h>

#include "collectives/cuda/cuda_handles.hpp"
#include "collectives/pattern/pattern_access.hpp"

namespace commbench {

class DevicePatternAccess final : public PatternAccess {
 public:
  explicit DevicePatternAccess(cudaStream_t stream);
  // fill and poison return once the kernel has finished: an MPI library reading the buffer
  // next does not follow the stream's order.
  void fill(const DataPattern& pattern, void* data, std::size_t count, int rank,
            std::size_t first_index) const override;
  void poison(const DataPattern& pattern, void* data, std::size_t count) const override;
  std::uint64_t count_wrong_copy(const DataPattern& pattern, const void* data, std::size_t count, int source_rank,
                                 std::size_t first_index) const override;
  std::uint64_t count_wrong_reduced(const DataPattern& pattern, const void* data, std::size_t count,
                                    std::size_t first_index) const override;
  void flip_lowest_bit(void* address) const override;

 private:
  std::uint64_t count_wrong(const DataPattern& pattern, const void* data, std::size_t count, bool reduced,
                            int source_rank, std::size_t first_index) const;

  cudaStream_t stream_;
  DeviceAllocation wrong_counter_;  // one unsigned long long on the device
};

}  // namespace commbench
