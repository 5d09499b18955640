#pragma once
// Calls a generic callable with the C++ storage type of a Dtype, so that typed loops are
// written once: visit_dtype(dtype, [&](auto tag) { using T = decltype(tag); ... }).
// Also converts between those storage types and double, exactly for the values used here.
// float8 types have no host storage type: their data is generated and checked on the GPU.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "collectives/dtype/dtype.hpp"
#include "collectives/dtype/half_float.hpp"

namespace commbench {

// The storage types of the element types whose storage host and device code hold
// differently; the integers, float and double are the same on both sides. Host code has its
// own float16 and bfloat16 (half_float.hpp) and no float8 at all (void); device code names
// CUDA's types (DeviceStorageTypes, device_dtype.cuh). The one switch below serves both.
struct HostStorageTypes {
  using float16 = Float16;
  using bfloat16 = BFloat16;
  using float8_e4m3 = void;  // float8 data is generated and checked on the GPU only
  using float8_e5m2 = void;
};

inline std::invalid_argument no_host_storage_error(Dtype dtype) {
  return std::invalid_argument(std::string(dtype_name(dtype)) +
                               " data is generated and checked on the GPU only; host code never holds it");
}

// Calls visitor with a value of dtype's storage type as StorageTypes names it; a type it names
// void has no storage there, and visiting it throws no_host_storage_error.
template <typename StorageTypes, typename Visitor>
decltype(auto) visit_storage_type(Dtype dtype, Visitor&& visitor) {
  using Float8E4M3 = typename StorageTypes::float8_e4m3;
  using Float8E5M2 = typename StorageTypes::float8_e5m2;
  switch (dtype) {
    case Dtype::int8:
      return visitor(std::int8_t{});
    case Dtype::uint8:
      return visitor(std::uint8_t{});
    case Dtype::int32:
      return visitor(std::int32_t{});
    case Dtype::uint32:
      return visitor(std::uint32_t{});
    case Dtype::int64:
      return visitor(std::int64_t{});
    case Dtype::uint64:
      return visitor(std::uint64_t{});
    case Dtype::float16:
      return visitor(typename StorageTypes::float16{});
    case Dtype::bfloat16:
      return visitor(typename StorageTypes::bfloat16{});
    case Dtype::float8_e4m3:
      if constexpr (!std::is_void_v<Float8E4M3>) return visitor(Float8E4M3{});
      throw no_host_storage_error(dtype);
    case Dtype::float8_e5m2:
      if constexpr (!std::is_void_v<Float8E5M2>) return visitor(Float8E5M2{});
      throw no_host_storage_error(dtype);
    case Dtype::float32:
      return visitor(float{});
    case Dtype::float64:
      return visitor(double{});
  }
  throw std::logic_error("unhandled Dtype");
}

template <typename Visitor>
decltype(auto) visit_dtype(Dtype dtype, Visitor&& visitor) {
  return visit_storage_type<HostStorageTypes>(dtype, std::forward<Visitor>(visitor));
}

template <typename T>
T from_double(double value) {
  return static_cast<T>(value);
}
template <>
inline Float16 from_double<Float16>(double value) {
  return float16_from_float(static_cast<float>(value));
}
template <>
inline BFloat16 from_double<BFloat16>(double value) {
  return bfloat16_from_float(static_cast<float>(value));
}

template <typename T>
double to_double(T value) {
  return static_cast<double>(value);
}
template <>
inline double to_double<Float16>(Float16 value) {
  return static_cast<double>(to_float(value));
}
template <>
inline double to_double<BFloat16>(BFloat16 value) {
  return static_cast<double>(to_float(value));
}

}  // namespace commbench
