#include "collectives/cuda/device_pattern_access.hpp"

#include "collectives/cuda/cuda_check.hpp"
#include "collectives/cuda/device_dtype.cuh"
#include "collectives/pattern/pattern_values.hpp"

namespace commbench {
namespace {

template <typename T>
__global__ void fill_kernel(T* data, std::size_t count, PatternParams params, int rank, std::size_t first_index) {
  for (std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; i < count;
       i += static_cast<std::size_t>(gridDim.x) * blockDim.x) {
    data[i] = device_from_double<T>(pattern_input(params, rank, first_index + i));
  }
}

template <typename T>
__global__ void poison_kernel(T* data, std::size_t count, double value) {
  const T poison = device_from_double<T>(value);
  for (std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; i < count;
       i += static_cast<std::size_t>(gridDim.x) * blockDim.x) {
    data[i] = poison;
  }
}

template <typename T>
__global__ void count_wrong_kernel(const T* data, std::size_t count, PatternParams params, bool reduced,
                                   int source_rank, std::size_t first_index, unsigned long long* wrong) {
  unsigned long long local = 0;
  for (std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; i < count;
       i += static_cast<std::size_t>(gridDim.x) * blockDim.x) {
    const double expected =
        reduced ? pattern_reduced(params, first_index + i) : pattern_input(params, source_rank, first_index + i);
    // Written as !(a == b) so that a NaN output (the poison) counts as wrong.
    if (!(device_to_double(data[i]) == expected)) ++local;
  }
  if (local != 0) atomicAdd(wrong, local);
}

}  // namespace

DevicePatternAccess::DevicePatternAccess(cudaStream_t stream)
    : stream_(stream), wrong_counter_(sizeof(unsigned long long)) {}

void DevicePatternAccess::fill(const DataPattern& pattern, void* data, std::size_t count, int rank,
                               std::size_t first_index) const {
  if (count == 0) return;
  const LaunchShape shape = launch_shape(count);
  visit_device_dtype(pattern.dtype(), [&](auto tag) {
    using T = decltype(tag);
    fill_kernel<T><<<shape.blocks, shape.threads, 0, stream_>>>(static_cast<T*>(data), count, pattern.params(), rank,
                                                                 first_index);
  });
  COMMBENCH_CUDA_CHECK(cudaGetLastError());
  COMMBENCH_CUDA_CHECK(cudaStreamSynchronize(stream_));
}

void DevicePatternAccess::poison(const DataPattern& pattern, void* data, std::size_t count) const {
  if (count == 0) return;
  const LaunchShape shape = launch_shape(count);
  visit_device_dtype(pattern.dtype(), [&](auto tag) {
    using T = decltype(tag);
    poison_kernel<T><<<shape.blocks, shape.threads, 0, stream_>>>(static_cast<T*>(data), count, pattern.poison_value());
  });
  COMMBENCH_CUDA_CHECK(cudaGetLastError());
  COMMBENCH_CUDA_CHECK(cudaStreamSynchronize(stream_));
}

std::uint64_t DevicePatternAccess::count_wrong(const DataPattern& pattern, const void* data, std::size_t count,
                                               bool reduced, int source_rank, std::size_t first_index) const {
  if (count == 0) return 0;
  auto* counter = static_cast<unsigned long long*>(wrong_counter_.get());
  COMMBENCH_CUDA_CHECK(cudaMemsetAsync(counter, 0, sizeof *counter, stream_));
  const LaunchShape shape = launch_shape(count);
  visit_device_dtype(pattern.dtype(), [&](auto tag) {
    using T = decltype(tag);
    count_wrong_kernel<T><<<shape.blocks, shape.threads, 0, stream_>>>(
        static_cast<const T*>(data), count, pattern.params(), reduced, source_rank, first_index, counter);
  });
  COMMBENCH_CUDA_CHECK(cudaGetLastError());
  unsigned long long wrong = 0;
  COMMBENCH_CUDA_CHECK(cudaMemcpyAsync(&wrong, counter, sizeof wrong, cudaMemcpyDeviceToHost, stream_));
  COMMBENCH_CUDA_CHECK(cudaStreamSynchronize(stream_));
  return wrong;
}

std::uint64_t DevicePatternAccess::count_wrong_copy(const DataPattern& pattern, const void* data, std::size_t count,
                                                    int source_rank, std::size_t first_index) const {
  return count_wrong(pattern, data, count, false, source_rank, first_index);
}

std::uint64_t DevicePatternAccess::count_wrong_reduced(const DataPattern& pattern, const void* data,
                                                       std::size_t count, std::size_t first_index) const {
  return count_wrong(pattern, data, count, true, 0, first_index);
}

void DevicePatternAccess::flip_lowest_bit(void* address) const {
  unsigned char byte = 0;
  COMMBENCH_CUDA_CHECK(cudaMemcpyAsync(&byte, address, 1, cudaMemcpyDeviceToHost, stream_));
  COMMBENCH_CUDA_CHECK(cudaStreamSynchronize(stream_));
  byte ^= 0x01;
  COMMBENCH_CUDA_CHECK(cudaMemcpyAsync(address, &byte, 1, cudaMemcpyHostToDevice, stream_));
  COMMBENCH_CUDA_CHECK(cudaStreamSynchronize(stream_));
}

}  // namespace commbench
