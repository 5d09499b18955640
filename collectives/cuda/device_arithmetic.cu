#include "collectives/cuda/device_arithmetic.hpp"

#include <type_traits>

#include "collectives/cuda/cuda_check.hpp"
#include "collectives/cuda/device_dtype.cuh"

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

// The type an integer sum or product is computed in: unsigned, so that it wraps instead of
// overflowing, and at least as wide as unsigned int (host_arithmetic.cpp does the same).
template <typename T>
using Wrapping = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, std::make_unsigned_t<T>>;

template <ReduceOp kOp, typename V>
__device__ V combine_values(V a, V b) {
  if constexpr (kOp == ReduceOp::prod) {
    return a * b;
  } else if constexpr (kOp == ReduceOp::min) {
    return b < a ? b : a;
  } else if constexpr (kOp == ReduceOp::max) {
    return a < b ? b : a;
  } else {
    return a + b;  // sum, and avg, which the caller divides at the end
  }
}

template <ReduceOp kOp, typename T>
__device__ T combine(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    if constexpr (kOp == ReduceOp::min || kOp == ReduceOp::max) return combine_values<kOp>(a, b);
    return static_cast<T>(combine_values<kOp>(static_cast<Wrapping<T>>(a), static_cast<Wrapping<T>>(b)));
  } else if constexpr (std::is_floating_point_v<T>) {
    return combine_values<kOp>(a, b);
  } else {
    // float16, bfloat16 and float8: exact in double for two operands, then rounded once.
    return device_from_double<T>(combine_values<kOp>(device_to_double(a), device_to_double(b)));
  }
}

template <typename T, ReduceOp kOp>
__global__ void reduce_kernel(const T* source, T* target, std::size_t count) {
  for (std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; i < count;
       i += static_cast<std::size_t>(gridDim.x) * blockDim.x) {
    target[i] = combine<kOp>(target[i], source[i]);
  }
}

template <typename T, ReduceOp kOp>
void launch_reduce(const void* source, void* target, std::size_t count, cudaStream_t stream) {
  const LaunchShape shape = launch_shape(count);
  reduce_kernel<T, kOp>
      <<<shape.blocks, shape.threads, 0, stream>>>(static_cast<const T*>(source), static_cast<T*>(target), count);
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
}

void reduce_on_device(const void* source, void* target, std::size_t count, Dtype dtype, ReduceOp op,
                      cudaStream_t stream) {
  if (count == 0) return;
  visit_device_dtype(dtype, [&](auto tag) {
    using T = decltype(tag);
    switch (op) {
      case ReduceOp::sum:
      case ReduceOp::avg:
        return launch_reduce<T, ReduceOp::sum>(source, target, count, stream);
      case ReduceOp::prod:
        return launch_reduce<T, ReduceOp::prod>(source, target, count, stream);
      case ReduceOp::min:
        return launch_reduce<T, ReduceOp::min>(source, target, count, stream);
      case ReduceOp::max:
        return launch_reduce<T, ReduceOp::max>(source, target, count, stream);
    }
  });
  COMMBENCH_CUDA_CHECK(cudaGetLastError());
}

}  // namespace commbench
