#pragma once
// The pure arithmetic of DataPattern (data_pattern.hpp): the value a rank holds at an index,
// and the reduction over every rank at an index. Host C++ and CUDA kernels (nvcc) include
// this one header, so the GPU generates and checks exactly the values the host computes.
//
// Device rules: no std:: calls, exceptions or library types in these functions, only
// arithmetic on built-in types and the Dtype and ReduceOp enums. Misuse (reduced without an
// operator) is refused by the host-side DataPattern, which also computes PatternParams.
// docs/METRICS.md describes the patterns.
#include <cstdint>

#include "collectives/dtype/dtype.hpp"
#include "collectives/dtype/reduce_op.hpp"

#if defined(__CUDACC__)
#define COMMBENCH_HOST_DEVICE __host__ __device__
#else
#define COMMBENCH_HOST_DEVICE
#endif

namespace commbench {

// Everything the value functions need, trivially copyable so that a kernel takes it by value.
// Integer ranges are inclusive.
struct PatternParams {
  Dtype dtype;
  int ranks;
  // For each element, the ranks at window positions [0, window) hold non-neutral values.
  int window;
  std::uint64_t seed;
  // False for collectives that only move data: then op is ignored and inputs are copy values.
  bool has_op;
  ReduceOp op;
  // Copies: every rank's input.
  std::int64_t copy_low;
  std::int64_t copy_high;
  // sum: each in-window rank's input.
  std::int64_t sum_low;
  std::int64_t sum_high;
  // min and max: each in-window rank's input.
  std::int64_t extreme_low;
  std::int64_t extreme_high;
  // min and max: the value ranks outside the window hold, beyond every in-window value.
  double min_outside;
  double max_outside;
  // prod: in-window values are -1, 1, 2 when signed and 1, 2 when not.
  bool is_signed;
  // avg: the window-start rank holds ranks * a with a in [avg_low, avg_high], the rest 0.
  std::int64_t avg_low;
  std::int64_t avg_high;
};

namespace pattern_detail {

// splitmix64: a fast, well-mixed hash of (seed, rank, index).
COMMBENCH_HOST_DEVICE inline std::uint64_t mix(std::uint64_t value) {
  value += 0x9e3779b97f4a7c15ULL;
  value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
  value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
  return value ^ (value >> 31);
}

// As std::min and std::max: the first argument unless the second is strictly beyond it.
COMMBENCH_HOST_DEVICE inline double min_of(double a, double b) { return b < a ? b : a; }
COMMBENCH_HOST_DEVICE inline double max_of(double a, double b) { return a < b ? b : a; }

// An integer in [low, high] drawn from (seed, rank, index).
COMMBENCH_HOST_DEVICE inline std::int64_t small_value(const PatternParams& p, int rank, std::uint64_t index,
                                                      std::int64_t low, std::int64_t high) {
  const std::uint64_t hash = mix(p.seed ^ mix((static_cast<std::uint64_t>(rank) << 40) ^ index));
  return low + static_cast<std::int64_t>(hash % static_cast<std::uint64_t>(high - low + 1));
}

// The rank whose window position is 0 at index.
COMMBENCH_HOST_DEVICE inline int window_start(const PatternParams& p, std::uint64_t index) {
  return static_cast<int>(index % static_cast<std::uint64_t>(p.ranks));
}

COMMBENCH_HOST_DEVICE inline int window_position(const PatternParams& p, int rank, std::uint64_t index) {
  return (rank - window_start(p, index) + p.ranks) % p.ranks;
}

}  // namespace pattern_detail

// The value rank holds at index of its input buffer.
COMMBENCH_HOST_DEVICE inline double pattern_input(const PatternParams& p, int rank, std::uint64_t index) {
  using pattern_detail::small_value;
  if (!p.has_op) return static_cast<double>(small_value(p, rank, index, p.copy_low, p.copy_high));
  const int position = pattern_detail::window_position(p, rank, index);
  const bool in_window = position < p.window;
  switch (p.op) {
    case ReduceOp::sum:
      if (!in_window) return 0.0;
      return static_cast<double>(small_value(p, rank, index, p.sum_low, p.sum_high));
    case ReduceOp::prod: {
      if (!in_window) return 1.0;
      const std::int64_t pick = small_value(p, rank, index, 0, 2);  // signed: -1, 1, 2; unsigned: 1, 2
      if (p.is_signed) return pick == 0 ? -1.0 : static_cast<double>(pick);
      return pick == 2 ? 2.0 : 1.0;
    }
    case ReduceOp::min:
      if (!in_window) return p.min_outside;
      return static_cast<double>(small_value(p, rank, index, p.extreme_low, p.extreme_high));
    case ReduceOp::max:
      if (!in_window) return p.max_outside;
      return static_cast<double>(small_value(p, rank, index, p.extreme_low, p.extreme_high));
    case ReduceOp::avg:
      if (position != 0) return 0.0;
      return static_cast<double>(static_cast<std::int64_t>(p.ranks) * small_value(p, rank, index, p.avg_low, p.avg_high));
  }
  return 0.0;  // not reached: every ReduceOp is handled above
}

// The reduction over every rank's input at index, computed from the window alone in
// O(window). Meaningful only when p.has_op (DataPattern::reduced refuses otherwise).
COMMBENCH_HOST_DEVICE inline double pattern_reduced(const PatternParams& p, std::uint64_t index) {
  const int start = pattern_detail::window_start(p, index);
  if (p.op == ReduceOp::avg) return pattern_input(p, start, index) / p.ranks;
  double result = pattern_input(p, start, index);
  for (int position = 1; position < p.window; ++position) {
    const double value = pattern_input(p, (start + position) % p.ranks, index);
    switch (p.op) {
      case ReduceOp::sum:
        result += value;
        break;
      case ReduceOp::prod:
        result *= value;
        break;
      case ReduceOp::min:
        result = pattern_detail::min_of(result, value);
        break;
      case ReduceOp::max:
        result = pattern_detail::max_of(result, value);
        break;
      case ReduceOp::avg:
        break;
    }
  }
  // Ranks outside the window hold the neutral value, except for min and max, where they
  // hold a value beyond every in-window value: it wins only if the window is empty.
  if (p.window < p.ranks && p.op == ReduceOp::min) result = pattern_detail::min_of(result, p.min_outside);
  if (p.window < p.ranks && p.op == ReduceOp::max) result = pattern_detail::max_of(result, p.max_outside);
  return result;
}

}  // namespace commbench
