#include "collectives/pattern/data_pattern.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "collectives/dtype/dtype_dispatch.hpp"

namespace commbench {
namespace {

// Values outside the window for min and max: beyond every in-window value (at most 16 in
// magnitude), and a power of two, so exact in every dtype, float8 included.
constexpr double kOutsideWindow = 64.0;

// The smaller of limit and floor(bound), as an integer (bound >= 0).
std::int64_t capped(std::int64_t limit, double bound) {
  return static_cast<std::int64_t>(std::min(static_cast<double>(limit), std::floor(bound)));
}

bool is_floating(Dtype dtype) {
  switch (dtype) {
    case Dtype::int8:
    case Dtype::uint8:
    case Dtype::int32:
    case Dtype::uint32:
    case Dtype::int64:
    case Dtype::uint64:
      return false;
    case Dtype::float16:
    case Dtype::bfloat16:
    case Dtype::float8_e4m3:
    case Dtype::float8_e5m2:
    case Dtype::float32:
    case Dtype::float64:
      return true;
  }
  throw std::logic_error("unhandled Dtype");
}

PatternParams make_params(Dtype dtype, std::optional<ReduceOp> op, int ranks, std::uint64_t seed) {
  if (ranks < 1) throw std::invalid_argument("DataPattern needs at least one rank");
  // Every integer in [-exact, exact] ([0, exact] unsigned) is exactly representable; the
  // ranges below keep every input and every partial result inside it (float8 makes it small).
  const double exact = dtype_max_exact_integer(dtype);
  PatternParams p{};
  p.dtype = dtype;
  p.ranks = ranks;
  p.window = std::min(ranks, DataPattern::kWindow);
  p.seed = seed;
  p.has_op = op.has_value();
  p.op = op.value_or(ReduceOp::sum);
  p.is_signed = dtype_is_signed(dtype);
  // sum: at most window values of magnitude a add up, so a * window must stay exact.
  const std::int64_t sum_amplitude = capped(p.is_signed ? 3 : 6, exact / p.window);
  // avg: one rank holds ranks * a, the others 0, so the average is exactly a. |ranks * a|
  // must stay exact in the dtype, which bounds a (it is 0 when not even ranks * 1 fits).
  const std::int64_t avg_amplitude = capped(3, exact / ranks);
  if (p.is_signed) {
    p.copy_low = -capped(64, exact);
    p.copy_high = capped(63, exact);
    p.sum_low = -sum_amplitude;
    p.sum_high = sum_amplitude;
    p.extreme_low = -capped(8, exact);
    p.extreme_high = capped(7, exact);
    p.min_outside = kOutsideWindow;
    p.max_outside = -kOutsideWindow;
    p.avg_low = -avg_amplitude;
  } else {
    p.copy_low = 0;
    p.copy_high = capped(127, exact);
    p.sum_low = 0;
    p.sum_high = sum_amplitude;
    p.extreme_low = 1;
    p.extreme_high = capped(16, exact);
    p.min_outside = kOutsideWindow;
    p.max_outside = 0.0;
    p.avg_low = 0;
  }
  p.avg_high = avg_amplitude;
  return p;
}

}  // namespace

DataPattern::DataPattern(Dtype dtype, std::optional<ReduceOp> op, int ranks, std::uint64_t seed)
    : dtype_(dtype), op_(op), params_(make_params(dtype, op, ranks, seed)) {}

double DataPattern::input(int rank, std::size_t index) const { return pattern_input(params_, rank, index); }

double DataPattern::reduced(std::size_t index) const {
  if (!op_) throw std::logic_error("DataPattern::reduced needs a reduction operator");
  return pattern_reduced(params_, index);
}

double DataPattern::poison_value() const {
  // Copies are within [-64, 127] and reductions within [-64, 64]: 120 (signed) and 250
  // (unsigned, whose copies reach 127) are never right answers.
  if (is_floating(dtype_)) return std::nan("");
  return dtype_is_signed(dtype_) ? 120.0 : 250.0;
}

void DataPattern::fill(void* data, std::size_t count, int rank, std::size_t first_index) const {
  visit_dtype(dtype_, [&](auto tag) {
    using T = decltype(tag);
    auto* typed = static_cast<T*>(data);
    for (std::size_t k = 0; k < count; ++k) typed[k] = from_double<T>(input(rank, first_index + k));
  });
}

void DataPattern::poison(void* data, std::size_t count) const {
  const double value_as_double = poison_value();
  visit_dtype(dtype_, [&](auto tag) {
    using T = decltype(tag);
    const T value = from_double<T>(value_as_double);
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
