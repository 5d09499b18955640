#include "collectives/dtype/host_arithmetic.hpp"

#include <algorithm>
#include <stdexcept>
#include <type_traits>

#include "collectives/dtype/dtype_dispatch.hpp"
#include "collectives/dtype/half_float.hpp"

namespace commbench {
namespace {

template <typename T>
constexpr bool kIsHalf = std::is_same_v<T, Float16> || std::is_same_v<T, BFloat16>;

Float16 narrow(float value, Float16 /*tag*/) { return float16_from_float(value); }
BFloat16 narrow(float value, BFloat16 /*tag*/) { return bfloat16_from_float(value); }

struct Add {
  template <typename V>
  V operator()(V a, V b) const {
    return a + b;
  }
};
struct Multiply {
  template <typename V>
  V operator()(V a, V b) const {
    return a * b;
  }
};
struct Smaller {
  template <typename V>
  V operator()(V a, V b) const {
    return std::min(a, b);
  }
};
struct Larger {
  template <typename V>
  V operator()(V a, V b) const {
    return std::max(a, b);
  }
};

// The type an integer sum or product is computed in: unsigned, so that it wraps instead of
// overflowing (undefined for signed types), and at least as wide as unsigned int, so that
// the promotion of 8-bit operands cannot bring signed int back.
template <typename T>
using Wrapping = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, std::make_unsigned_t<T>>;

template <typename T, typename Combine>
T combine(T a, T b, Combine how) {
  if constexpr (kIsHalf<T>) {
    return narrow(how(to_float(a), to_float(b)), T{});
  } else if constexpr (std::is_integral_v<T> && (std::is_same_v<Combine, Add> || std::is_same_v<Combine, Multiply>)) {
    return static_cast<T>(how(static_cast<Wrapping<T>>(a), static_cast<Wrapping<T>>(b)));
  } else {
    return how(a, b);
  }
}

// One loop per operator, so that the switch on op stays outside the loop.
template <typename T, typename Combine>
void combine_into(const void* source, void* target, std::size_t count, Combine how) {
  const T* in = static_cast<const T*>(source);
  T* inout = static_cast<T*>(target);
  for (std::size_t i = 0; i < count; ++i) inout[i] = combine(inout[i], in[i], how);
}

template <typename T>
void divide_typed(T* data, std::size_t count, int divisor) {
  if constexpr (kIsHalf<T>) {
    const float d = static_cast<float>(divisor);
    for (std::size_t i = 0; i < count; ++i) data[i] = narrow(to_float(data[i]) / d, T{});
  } else {
    for (std::size_t i = 0; i < count; ++i) data[i] = static_cast<T>(data[i] / divisor);
  }
}

}  // namespace

void reduce_elements(const void* source, void* target, std::size_t count, Dtype dtype, ReduceOp op) {
  visit_dtype(dtype, [&](auto tag) {
    using T = decltype(tag);
    switch (op) {
      case ReduceOp::sum:
      case ReduceOp::avg:
        return combine_into<T>(source, target, count, Add{});
      case ReduceOp::prod:
        return combine_into<T>(source, target, count, Multiply{});
      case ReduceOp::min:
        return combine_into<T>(source, target, count, Smaller{});
      case ReduceOp::max:
        return combine_into<T>(source, target, count, Larger{});
    }
    throw std::logic_error("unhandled ReduceOp");
  });
}

void divide_elements(void* data, std::size_t count, Dtype dtype, int divisor) {
  visit_dtype(dtype, [&](auto tag) {
    using T = decltype(tag);
    divide_typed(static_cast<T*>(data), count, divisor);
  });
}

}  // namespace commbench
