#include "cuda_memory_space.hpp"

#include "cuda_check.hpp"
#include "device_arithmetic.hpp"
#include "device_buffer.hpp"

namespace commbench {
namespace {

int select_device(int device) {
  COMMBENCH_CUDA_CHECK(cudaSetDevice(device));
  return device;
}

}  // namespace

CudaMemorySpace::CudaMemorySpace(int device) : device_(select_device(device)), access_(stream_.get()) {}

std::unique_ptr<Buffer> CudaMemorySpace::allocate(std::size_t bytes) {
  return std::make_unique<DeviceBuffer>(bytes, stream_.get());
}

void CudaMemorySpace::divide_elements(void* data, std::size_t count, Dtype dtype, int divisor) const {
  divide_on_device(data, count, dtype, divisor, stream_.get());
}

}  // namespace commbench
