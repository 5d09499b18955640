#include "collectives/cuda/cuda_memory_space.hpp"

#include "collectives/cuda/cuda_check.hpp"
#include "collectives/cuda/device_arithmetic.hpp"
#include "collectives/cuda/device_buffer.hpp"

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

void CudaMemorySpace::reduce_elements(const void* source, void* target, std::size_t count, Dtype dtype,
                                      ReduceOp op) const {
  reduce_on_device(source, target, count, dtype, op, stream_.get());
}

void CudaMemorySpace::copy_bytes(void* target, const void* source, std::size_t bytes) const {
  if (bytes == 0) return;
  COMMBENCH_CUDA_CHECK(cudaMemcpyAsync(target, source, bytes, cudaMemcpyDeviceToDevice, stream_.get()));
}

std::uint64_t CudaMemorySpace::available_bytes() const {
  std::size_t free_bytes = 0;
  std::size_t total_bytes = 0;
  COMMBENCH_CUDA_CHECK(cudaSetDevice(device_));
  COMMBENCH_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
  return free_bytes;
}

void CudaMemorySpace::synchronize() const { COMMBENCH_CUDA_CHECK(cudaStreamSynchronize(stream_.get())); }

}  // namespace commbench
