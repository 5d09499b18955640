#pragma once
// GPU memory (cudaMalloc) for the collectives. The host cannot touch it: verification runs
// as CUDA kernels (device_pattern_access), and upload/download copy through the stream.
#include <cuda_runtime_api.h>

#include "collectives/backend/buffer.hpp"
#include "collectives/cuda/cuda_handles.hpp"

namespace commbench {

class DeviceBuffer final : public Buffer {
 public:
  DeviceBuffer(std::size_t bytes, cudaStream_t stream);
  void* data() override { return memory_.get(); }
  std::size_t bytes() const override { return memory_.bytes(); }
  bool host_accessible() const override { return false; }
  // Both return once the copy has completed.
  void upload(const void* source, std::size_t bytes, std::size_t offset) override;
  void download(void* destination, std::size_t bytes, std::size_t offset) const override;

 private:
  DeviceAllocation memory_;
  cudaStream_t stream_;
};

}  // namespace commbench
