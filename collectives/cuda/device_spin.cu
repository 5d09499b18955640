#include "collectives/cuda/device_spin.hpp"

#include <cstdint>

#include "collectives/cuda/cuda_check.hpp"

namespace commbench {
namespace {

__device__ std::uint64_t global_nanoseconds() {
  std::uint64_t now = 0;
  asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(now));
  return now;
}

__global__ void spin_kernel(std::uint64_t nanoseconds) {
  const std::uint64_t start = global_nanoseconds();
  while (global_nanoseconds() - start < nanoseconds) {
  }
}

}  // namespace

void spin_on_device(double seconds, cudaStream_t stream) {
  if (!(seconds > 0)) return;
  spin_kernel<<<1, 1, 0, stream>>>(static_cast<std::uint64_t>(seconds * 1e9 + 0.5));
  COMMBENCH_CUDA_CHECK(cudaGetLastError());
}

}  // namespace commbench
