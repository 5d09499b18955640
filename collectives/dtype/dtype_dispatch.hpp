#pragma once
// Calls a generic callable with the C++ storage type of a Dtype, so that typed loops are
// written once: visit_dtype(dtype, [&](auto tag) { using T = decltype(tag); ... }).
// Also converts between those storage types and double, exactly for the values used here.
// float8 types have no host storage type: their data is generated and checked on the GPU.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "collectives/dtype/dtype.hpp"
#include "collectives/dtype/half_float.hpp"

namespace commbench {

template <typename Visitor>
decltype(auto) visit_dtype(Dtype dtype, Visitor&& visitor) {
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
      return visitor(Float16{});
    case Dtype::bfloat16:
      return visitor(BFloat16{});
    case Dtype::float8_e4m3:
    case Dtype::float8_e5m2:
      throw std::invalid_argument(std::string(dtype_name(dtype)) +
                                  " data is generated and checked on the GPU only; host code never holds it");
    case Dtype::float32:
      return visitor(float{});
    case Dtype::float64:
      return visitor(double{});
  }
  throw std::logic_error("unhandled Dtype");
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
