#pragma once
// Inputs whose correct collective output does not depend on the order of reduction, and
// the exact check of outputs against them.
//
// Every value is a small integer (or, for prod, a product of small integers) that is
// exactly representable in the dtype, and so is every partial result in any order: for
// each element only a window of at most kWindow ranks contributes a non-neutral value, so
// the bound holds for any rank count. The window slides with the element index, so every
// rank's data is checked and a misplaced block shows. The expected reduced value is
// computed from the window alone, in O(kWindow) per element. docs/METRICS.md describes
// the patterns in full.
//
// The values themselves are computed by pattern_input and pattern_reduced
// (pattern_values.hpp), which CUDA kernels call with params() to fill and check device
// memory; this class adds the host-side checks and the host-memory loops. float8 data lives
// on the GPU only: fill, poison and the counts throw std::invalid_argument for it, while
// input and reduced serve every dtype.
#include <cstddef>
#include <cstdint>
#include <optional>

#include "collectives/dtype/dtype.hpp"
#include "collectives/dtype/reduce_op.hpp"
#include "collectives/pattern/pattern_values.hpp"

namespace commbench {

class DataPattern {
 public:
  static constexpr int kWindow = 4;

  // op is empty for collectives that only move data.
  DataPattern(Dtype dtype, std::optional<ReduceOp> op, int ranks, std::uint64_t seed = 0x636f6d6d62656e63ULL);

  // The value rank holds at index of its input buffer.
  double input(int rank, std::size_t index) const;
  // The reduction over every rank's input at index.
  double reduced(std::size_t index) const;

  // Writes input(rank, first_index + k) for k in [0, count) to data.
  void fill(void* data, std::size_t count, int rank, std::size_t first_index) const;
  // Writes a value no correct output holds (NaN, or an integer outside every pattern's
  // range), so that an output element the collective never wrote is counted as wrong.
  void poison(void* data, std::size_t count) const;
  // Counts the elements of data that differ from input(source_rank, first_index + k).
  std::size_t count_wrong_copy(const void* data, std::size_t count, int source_rank, std::size_t first_index) const;
  // Counts the elements of data that differ from reduced(first_index + k).
  std::size_t count_wrong_reduced(const void* data, std::size_t count, std::size_t first_index) const;

  Dtype dtype() const { return dtype_; }
  // What pattern_input and pattern_reduced take: kernels receive it by value.
  const PatternParams& params() const { return params_; }
  // The value poison() writes, as a double: NaN for floating types (float8 included), 250
  // for unsigned integer types, 120 for signed ones.
  double poison_value() const;

 private:
  Dtype dtype_;
  std::optional<ReduceOp> op_;
  PatternParams params_;
};

}  // namespace commbench
