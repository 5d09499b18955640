#pragma once
// One GPU's memory, with the stream that every operation on it goes through: buffers,
// verification kernels and (for NCCL) the collectives themselves, so that their order on
// the device is the order they were issued in.
#include <cuda_runtime_api.h>

#include "collectives/backend/memory_space.hpp"
#include "collectives/cuda/cuda_handles.hpp"
#include "collectives/cuda/device_pattern_access.hpp"

namespace commbench {

class CudaMemorySpace final : public MemorySpace {
 public:
  // Makes device the calling thread's current device (cudaSetDevice) before creating anything.
  explicit CudaMemorySpace(int device);
  std::string name() const override { return "cuda"; }
  std::unique_ptr<Buffer> allocate(std::size_t bytes) override;
  const PatternAccess& pattern_access() const override { return access_; }
  void divide_elements(void* data, std::size_t count, Dtype dtype, int divisor) const override;
  void reduce_elements(const void* source, void* target, std::size_t count, Dtype dtype,
                       ReduceOp op) const override;
  void copy_bytes(void* target, const void* source, std::size_t bytes) const override;
  void synchronize() const override;
  std::uint64_t available_bytes() const override;  // cudaMemGetInfo's free memory

  int device() const { return device_; }
  cudaStream_t stream() const { return stream_.get(); }

 private:
  int device_;
  CudaStream stream_;
  DevicePatternAccess access_;
};

}  // namespace commbench
