#include "data_pattern.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <type_traits>

#include "dtype_dispatch.hpp"

namespace commbench {
namespace {

// splitmix64: a fast, well-mixed hash of (seed, rank, index).
std::uint64_t mix(std::uint64_t value) {
  value += 0x9e3779b97f4a7c15ULL;
  value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
  value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
  return value ^ (value >> 31);
}

// Values outside the window for min and max: beyond every in-window value, inside int8.
constexpr double kAboveWindow = 100.0;
constexpr double kBelowWindowSigned = -100.0;

}  // namespace

DataPattern::DataPattern(Dtype dtype, std::optional<ReduceOp> op, int ranks, std::uint64_t seed)
    : dtype_(dtype),
      op_(op),
      ranks_(ranks),
      window_(std::min(ranks, kWindow)),
      seed_(seed),
      signed_(dtype_is_signed(dtype)) {
  if (ranks < 1) throw std::invalid_argument("DataPattern needs at least one rank");
  // avg: one rank holds ranks * a, the others 0, so the average is exactly a. |ranks * a|
  // must stay exact in the dtype, which bounds a (it is 0 when not even ranks * 1 fits).
  avg_amplitude_ = std::min<std::int64_t>(3, static_cast<std::int64_t>(dtype_max_exact_integer(dtype) / ranks));
}

int DataPattern::window_position(int rank, std::size_t index) const {
  const int start = static_cast<int>(index % static_cast<std::size_t>(ranks_));
  return (rank - start + ranks_) % ranks_;
}

std::int64_t DataPattern::small_value(int rank, std::size_t index, std::int64_t low, std::int64_t high) const {
  const std::uint64_t hash = mix(seed_ ^ mix((static_cast<std::uint64_t>(rank) << 40) ^ index));
  return low + static_cast<std::int64_t>(hash % static_cast<std::uint64_t>(high - low + 1));
}

double DataPattern::input(int rank, std::size_t index) const {
  if (!op_) {
    return static_cast<double>(signed_ ? small_value(rank, index, -64, 63) : small_value(rank, index, 0, 127));
  }
  const int position = window_position(rank, index);
  const bool in_window = position < window_;
  switch (*op_) {
    case ReduceOp::sum:
      if (!in_window) return 0.0;
      return static_cast<double>(signed_ ? small_value(rank, index, -3, 3) : small_value(rank, index, 0, 6));
    case ReduceOp::prod: {
      if (!in_window) return 1.0;
      const std::int64_t pick = small_value(rank, index, 0, 2);  // signed: -1, 1, 2; unsigned: 1, 2
      if (signed_) return pick == 0 ? -1.0 : static_cast<double>(pick);
      return pick == 2 ? 2.0 : 1.0;
    }
    case ReduceOp::min:
      if (!in_window) return kAboveWindow;
      return static_cast<double>(signed_ ? small_value(rank, index, -8, 7) : small_value(rank, index, 1, 16));
    case ReduceOp::max:
      if (!in_window) return signed_ ? kBelowWindowSigned : 0.0;
      return static_cast<double>(signed_ ? small_value(rank, index, -8, 7) : small_value(rank, index, 1, 16));
    case ReduceOp::avg: {
      if (position != 0) return 0.0;
      const std::int64_t low = signed_ ? -avg_amplitude_ : 0;
      return static_cast<double>(ranks_ * small_value(rank, index, low, avg_amplitude_));
    }
  }
  throw std::logic_error("unhandled ReduceOp");
}

double DataPattern::reduced(std::size_t index) const {
  if (!op_) throw std::logic_error("DataPattern::reduced needs a reduction operator");
  const int start = static_cast<int>(index % static_cast<std::size_t>(ranks_));
  if (*op_ == ReduceOp::avg) return input(start, index) / ranks_;
  double result = input(start, index);
  for (int position = 1; position < window_; ++position) {
    const double value = input((start + position) % ranks_, index);
    switch (*op_) {
      case ReduceOp::sum:
        result += value;
        break;
      case ReduceOp::prod:
        result *= value;
        break;
      case ReduceOp::min:
        result = std::min(result, value);
        break;
      case ReduceOp::max:
        result = std::max(result, value);
        break;
      case ReduceOp::avg:
        break;
    }
  }
  // Ranks outside the window hold the neutral value, except for min and max, where they
  // hold a value beyond every in-window value: it wins only if the window is empty.
  if (window_ < ranks_ && *op_ == ReduceOp::min) result = std::min(result, kAboveWindow);
  if (window_ < ranks_ && *op_ == ReduceOp::max) result = std::max(result, signed_ ? kBelowWindowSigned : 0.0);
  return result;
}

void DataPattern::fill(void* data, std::size_t count, int rank, std::size_t first_index) const {
  visit_dtype(dtype_, [&](auto tag) {
    using T = decltype(tag);
    auto* typed = static_cast<T*>(data);
    for (std::size_t k = 0; k < count; ++k) typed[k] = from_double<T>(input(rank, first_index + k));
  });
}

void DataPattern::poison(void* data, std::size_t count) const {
  // Copies are within [-64, 127] and reductions within [-100, 100]: 120 and 250 are never
  // right answers.
  const double poison_value = dtype_ == Dtype::uint8 ? 250.0 : 120.0;
  visit_dtype(dtype_, [&](auto tag) {
    using T = decltype(tag);
    const T value = std::is_integral_v<T> ? from_double<T>(poison_value) : from_double<T>(std::nan(""));
    auto* typed = static_cast<T*>(data);
    for (std::size_t k = 0; k < count; ++k) typed[k] = value;
  });
}

std::size_t DataPattern::count_wrong_copy(const void* data, std::size_t count, int source_rank,
                                          std::size_t first_index) const {
  return visit_dtype(dtype_, [&](auto tag) {
    using T = decltype(tag);
    const auto* typed = static_cast<const T*>(data);
    std::size_t wrong = 0;
    for (std::size_t k = 0; k < count; ++k) {
      // != is false for NaN against anything, so a NaN output counts as wrong too.
      if (!(to_double(typed[k]) == input(source_rank, first_index + k))) ++wrong;
    }
    return wrong;
  });
}

std::size_t DataPattern::count_wrong_reduced(const void* data, std::size_t count, std::size_t first_index) const {
  return visit_dtype(dtype_, [&](auto tag) {
    using T = decltype(tag);
    const auto* typed = static_cast<const T*>(data);
    std::size_t wrong = 0;
    for (std::size_t k = 0; k < count; ++k) {
      if (!(to_double(typed[k]) == reduced(first_index + k))) ++wrong;
    }
    return wrong;
  });
}

}  // namespace commbench
