#include "device_arithmetic.hpp"

#include "cuda_check.hpp"
#include "device_dtype.cuh"

namespace commbench {
namespace {

template <typename T>
__global__ void divide_kernel(T* data, std::size_t count, int divisor) {
  for (std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; i < count;
       i += static_cast<std::size_t>(gridDim.x) * blockDim.x) {
    if constexpr (std::is_integral_v<T>) {
      data[i] = static_cast<T>(data[i] / static_cast<T>(divisor));
    } else {
      data[i] = device_from_double<T>(device_to_double(data[i]) / divisor);
    }
  }
}

}  // namespace

void divide_on_device(void* data, std::size_t count, Dtype dtype, int divisor, cudaStream_t stream) {
  if (count == 0) return;
  const LaunchShape shape = launch_shape(count);
  visit_device_dtype(dtype, [&](auto tag) {
    using T = decltype(tag);
    divide_kernel<T><<<shape.blocks, shape.threads, 0, stream>>>(static_cast<T*>(data), count, divisor);
  });
  COMMBENCH_CUDA_CHECK(cudaGetLastError());
  COMMBENCH_CUDA_CHECK(cudaStreamSynchronize(stream));
}

}  // namespace commbench
