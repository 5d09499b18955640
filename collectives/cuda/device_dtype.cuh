#pragma once
// The device side of dtype_dispatch.hpp, for CUDA code only: calls a generic callable with
// the CUDA storage type of a Dtype (cuda_fp16, cuda_bf16 and cuda_fp8 types included; the
// switch is dtype_dispatch.hpp's, with CUDA's types), and converts between those types and
// double, exactly for the small integers that verification uses.
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_fp8.h>

#include <cstddef>
#include <utility>

#include "collectives/dtype/dtype_dispatch.hpp"

namespace commbench {

// CUDA's storage types for the element types that host code holds otherwise (or not at all).
struct DeviceStorageTypes {
  using float16 = __half;
  using bfloat16 = __nv_bfloat16;
  using float8_e4m3 = __nv_fp8_e4m3;
  using float8_e5m2 = __nv_fp8_e5m2;
};

template <typename Visitor>
decltype(auto) visit_device_dtype(Dtype dtype, Visitor&& visitor) {
  return visit_storage_type<DeviceStorageTypes>(dtype, std::forward<Visitor>(visitor));
}

template <typename T>
__device__ inline T device_from_double(double value) {
  return static_cast<T>(value);
}
template <>
__device__ inline __half device_from_double<__half>(double value) {
  return __double2half(value);
}
template <>
__device__ inline __nv_bfloat16 device_from_double<__nv_bfloat16>(double value) {
  return __double2bfloat16(value);
}
template <>
__device__ inline __nv_fp8_e4m3 device_from_double<__nv_fp8_e4m3>(double value) {
  return __nv_fp8_e4m3(value);
}
template <>
__device__ inline __nv_fp8_e5m2 device_from_double<__nv_fp8_e5m2>(double value) {
  return __nv_fp8_e5m2(value);
}

template <typename T>
__device__ inline double device_to_double(T value) {
  return static_cast<double>(value);
}
template <>
__device__ inline double device_to_double<__half>(__half value) {
  return static_cast<double>(__half2float(value));
}
template <>
__device__ inline double device_to_double<__nv_bfloat16>(__nv_bfloat16 value) {
  return static_cast<double>(__bfloat162float(value));
}
template <>
__device__ inline double device_to_double<__nv_fp8_e4m3>(__nv_fp8_e4m3 value) {
  return static_cast<double>(static_cast<float>(value));
}
template <>
__device__ inline double device_to_double<__nv_fp8_e5m2>(__nv_fp8_e5m2 value) {
  return static_cast<double>(static_cast<float>(value));
}

// A grid that covers count elements with grid-stride loops, capped so that huge buffers do
// not ask for more blocks than useful.
struct LaunchShape {
  unsigned blocks;
  unsigned threads;
};
inline LaunchShape launch_shape(std::size_t count) {
  constexpr unsigned kThreads = 256;
  constexpr std::size_t kMaxBlocks = 4096;
  const std::size_t blocks = (count + kThreads - 1) / kThreads;
  return {static_cast<unsigned>(blocks < kMaxBlocks ? blocks : kMaxBlocks), kThreads};
}

}  // namespace commbench
