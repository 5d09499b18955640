// collectives/data_pattern.hpp: the inputs that make verification exact. For every dtype,
// every operator and a range of rank counts, every input value and every partial result of
// the reduction (folded forward, backward, and bounded for any order) must be exactly
// representable in the dtype, and reduced(i) must equal the fold over every rank's input(r, i)
// computed here, independently of DataPattern::reduced.
#include "data_pattern.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace commbench {
namespace {

const std::vector<int> kRankCounts{1, 2, 3, 4, 7, 64, 1000};

// Exactly representable integers, written out by hand: int8 -128..127, uint8 0..255,
// binary16 up to 2^11, bfloat16 up to 2^8, binary32 up to 2^24; int64 and binary64 are
// bounded by double (the type the expected values are computed in), 2^53.
struct Range {
  double low;
  double high;
};

Range exact_range(Dtype dtype) {
  switch (dtype) {
    case Dtype::int8:
      return {-128.0, 127.0};
    case Dtype::uint8:
      return {0.0, 255.0};
    case Dtype::int32:
      return {-2147483648.0, 2147483647.0};
    case Dtype::int64:
      return {-9007199254740992.0, 9007199254740992.0};
    case Dtype::float16:
      return {-2048.0, 2048.0};
    case Dtype::bfloat16:
      return {-256.0, 256.0};
    case Dtype::float32:
      return {-16777216.0, 16777216.0};
    case Dtype::float64:
      return {-9007199254740992.0, 9007199254740992.0};
  }
  return {0.0, 0.0};
}

bool representable(Dtype dtype, double value) {
  const Range range = exact_range(dtype);
  return std::isfinite(value) && value == std::floor(value) && value >= range.low && value <= range.high;
}

// The largest magnitude that every partial result in any order must stay within.
double magnitude_limit(Dtype dtype) {
  const Range range = exact_range(dtype);
  return std::min(-range.low == 0.0 ? range.high : -range.low, range.high);
}

double combine(ReduceOp op, double accumulated, double value) {
  switch (op) {
    case ReduceOp::sum:
    case ReduceOp::avg:
      return accumulated + value;
    case ReduceOp::prod:
      return accumulated * value;
    case ReduceOp::min:
      return value < accumulated ? value : accumulated;
    case ReduceOp::max:
      return value > accumulated ? value : accumulated;
  }
  throw std::logic_error("unhandled op");
}

std::string describe(Dtype dtype, std::optional<ReduceOp> op, int ranks, std::size_t index) {
  std::ostringstream text;
  text << dtype_name(dtype) << " " << (op ? std::string(reduce_op_name(*op)) : std::string("copy")) << " ranks=" << ranks
       << " index=" << index;
  return text.str();
}

// Folds the inputs in the given rank order; returns the first partial result (or input) that
// is not representable in *problem, and the final result (sum / ranks for avg).
double fold(const DataPattern& pattern, ReduceOp op, Dtype dtype, const std::vector<int>& order, std::size_t index,
            std::string* problem) {
  double accumulated = 0;
  bool first = true;
  for (int rank : order) {
    const double value = pattern.input(rank, index);
    if (!representable(dtype, value) && problem->empty()) {
      *problem = "input of rank " + std::to_string(rank) + " = " + std::to_string(value) + " not representable";
    }
    accumulated = first ? value : combine(op, accumulated, value);
    first = false;
    if (!representable(dtype, accumulated) && problem->empty()) {
      *problem = "partial result " + std::to_string(accumulated) + " after rank " + std::to_string(rank) +
                 " not representable";
    }
  }
  if (op == ReduceOp::avg) accumulated /= static_cast<double>(order.size());
  return accumulated;
}

std::vector<std::size_t> indexes_for(int ranks) {
  std::vector<std::size_t> indexes;
  if (ranks <= 64) {
    for (std::size_t i = 0; i < static_cast<std::size_t>(3 * ranks + 8); ++i) indexes.push_back(i);
  } else {
    const std::size_t n = static_cast<std::size_t>(ranks);
    for (std::size_t i = 0; i < 40; ++i) indexes.push_back(i);
    for (std::size_t i = n - 10; i < n + 10; ++i) indexes.push_back(i);
    for (std::size_t i = 2 * n - 5; i < 2 * n + 5; ++i) indexes.push_back(i);
    for (std::size_t i = 123456; i < 123466; ++i) indexes.push_back(i);
  }
  return indexes;
}

struct PatternCase {
  Dtype dtype;
  std::optional<ReduceOp> op;
};

void PrintTo(const PatternCase& c, std::ostream* out) {
  *out << dtype_name(c.dtype) << " " << (c.op ? std::string(reduce_op_name(*c.op)) : std::string("copy"));
}

std::string case_name(const ::testing::TestParamInfo<PatternCase>& info) {
  return std::string(dtype_name(info.param.dtype)) + "_" +
         (info.param.op ? std::string(reduce_op_name(*info.param.op)) : std::string("copy"));
}

std::vector<PatternCase> reduction_cases() {
  std::vector<PatternCase> cases;
  for (Dtype dtype : all_dtypes()) {
    for (ReduceOp op : all_reduce_ops()) cases.push_back({dtype, op});
  }
  return cases;
}

std::vector<PatternCase> copy_cases() {
  std::vector<PatternCase> cases;
  for (Dtype dtype : all_dtypes()) cases.push_back({dtype, std::nullopt});
  return cases;
}

class ReductionPattern : public ::testing::TestWithParam<PatternCase> {};

TEST_P(ReductionPattern, ForwardFoldStaysRepresentableAndEqualsReduced) {
  const auto [dtype, op] = GetParam();
  for (int ranks : kRankCounts) {
    const DataPattern pattern(dtype, op, ranks);
    std::vector<int> order(static_cast<std::size_t>(ranks));
    for (int r = 0; r < ranks; ++r) order[static_cast<std::size_t>(r)] = r;
    for (std::size_t index : indexes_for(ranks)) {
      std::string problem;
      const double expected = fold(pattern, *op, dtype, order, index, &problem);
      ASSERT_TRUE(problem.empty()) << describe(dtype, op, ranks, index) << ": " << problem;
      ASSERT_EQ(pattern.reduced(index), expected) << describe(dtype, op, ranks, index);
      ASSERT_TRUE(representable(dtype, expected)) << describe(dtype, op, ranks, index) << ": result " << expected;
    }
  }
}

TEST_P(ReductionPattern, ReverseFoldStaysRepresentableAndGivesTheSameResult) {
  const auto [dtype, op] = GetParam();
  for (int ranks : kRankCounts) {
    const DataPattern pattern(dtype, op, ranks);
    std::vector<int> order(static_cast<std::size_t>(ranks));
    for (int r = 0; r < ranks; ++r) order[static_cast<std::size_t>(r)] = ranks - 1 - r;
    for (std::size_t index : indexes_for(ranks)) {
      std::string problem;
      const double expected = fold(pattern, *op, dtype, order, index, &problem);
      ASSERT_TRUE(problem.empty()) << describe(dtype, op, ranks, index) << ": " << problem;
      ASSERT_EQ(pattern.reduced(index), expected) << describe(dtype, op, ranks, index);
    }
  }
}

TEST_P(ReductionPattern, SameArgumentsGiveTheSameValuesOnEveryRank) {
  // Every rank builds its own DataPattern; they must agree for the check to be meaningful.
  const auto [dtype, op] = GetParam();
  const DataPattern a(dtype, op, 7);
  const DataPattern b(dtype, op, 7);
  for (std::size_t index = 0; index < 50; ++index) {
    EXPECT_EQ(a.reduced(index), b.reduced(index));
    for (int r = 0; r < 7; ++r) EXPECT_EQ(a.input(r, index), b.input(r, index));
  }
}

INSTANTIATE_TEST_SUITE_P(AllDtypesAndOps, ReductionPattern, ::testing::ValuesIn(reduction_cases()), case_name);

class CopyPattern : public ::testing::TestWithParam<PatternCase> {};

TEST_P(CopyPattern, InputsAreSmallIntegersRepresentableInTheDtype) {
  const Dtype dtype = GetParam().dtype;
  const bool is_signed = dtype != Dtype::uint8;
  for (int ranks : kRankCounts) {
    const DataPattern pattern(dtype, std::nullopt, ranks);
    for (std::size_t index : indexes_for(ranks)) {
      for (int r = 0; r < ranks; r += (ranks > 64 ? 37 : 1)) {
        const double value = pattern.input(r, index);
        ASSERT_TRUE(representable(dtype, value)) << describe(dtype, std::nullopt, ranks, index) << " value " << value;
        ASSERT_GE(value, is_signed ? -64.0 : 0.0);
        ASSERT_LE(value, is_signed ? 63.0 : 127.0);
      }
    }
  }
}

TEST_P(CopyPattern, DifferentRanksHoldDifferentData) {
  // A block taken from the wrong rank must show: two ranks' inputs differ almost everywhere.
  const DataPattern pattern(GetParam().dtype, std::nullopt, 4);
  for (int a = 0; a < 4; ++a) {
    for (int b = a + 1; b < 4; ++b) {
      int differing = 0;
      for (std::size_t index = 0; index < 64; ++index) differing += pattern.input(a, index) != pattern.input(b, index);
      EXPECT_GT(differing, 48) << "ranks " << a << " and " << b;
    }
  }
}

TEST_P(CopyPattern, ReducedWithoutAnOperatorIsALogicError) {
  const DataPattern pattern(GetParam().dtype, std::nullopt, 4);
  EXPECT_THROW(pattern.reduced(0), std::logic_error);
}

INSTANTIATE_TEST_SUITE_P(AllDtypes, CopyPattern, ::testing::ValuesIn(copy_cases()), case_name);

TEST(DataPattern, SumProdAvgPartialResultsInAnyOrderAreBoundedByTheMagnitudes) {
  // A sum (or avg's sum) in any order never exceeds the sum of magnitudes; a product never
  // exceeds the product of magnitudes. (min and max partials are always one of the inputs.)
  for (Dtype dtype : all_dtypes()) {
    const double limit = magnitude_limit(dtype);
    for (ReduceOp op : {ReduceOp::sum, ReduceOp::prod, ReduceOp::avg}) {
      for (int ranks : kRankCounts) {
        const DataPattern pattern(dtype, op, ranks);
        for (std::size_t index : indexes_for(ranks)) {
          double bound = op == ReduceOp::prod ? 1.0 : 0.0;
          for (int r = 0; r < ranks; ++r) {
            const double magnitude = std::fabs(pattern.input(r, index));
            bound = op == ReduceOp::prod ? bound * magnitude : bound + magnitude;
          }
          ASSERT_LE(bound, limit) << describe(dtype, op, ranks, index);
        }
      }
    }
  }
}

TEST(DataPattern, Uint8GetsNoNegativeValues) {
  for (ReduceOp op : all_reduce_ops()) {
    for (int ranks : kRankCounts) {
      const DataPattern pattern(Dtype::uint8, op, ranks);
      for (std::size_t index : indexes_for(ranks)) {
        for (int r = 0; r < ranks; ++r) {
          ASSERT_GE(pattern.input(r, index), 0.0) << describe(Dtype::uint8, op, ranks, index);
        }
        ASSERT_GE(pattern.reduced(index), 0.0) << describe(Dtype::uint8, op, ranks, index);
      }
    }
  }
}

TEST(DataPattern, ZeroRanksIsRejected) {
  EXPECT_THROW(DataPattern(Dtype::float32, ReduceOp::sum, 0), std::invalid_argument);
}

TEST(DataPattern, ReportsItsDtype) { EXPECT_EQ(DataPattern(Dtype::bfloat16, ReduceOp::max, 4).dtype(), Dtype::bfloat16); }

TEST(DataPattern, EveryRankContributesANonNeutralSumValueSomewhere) {
  // Otherwise a rank whose data never reaches the output would go unnoticed.
  for (int ranks : {2, 3, 4, 7, 64}) {
    const DataPattern pattern(Dtype::float32, ReduceOp::sum, ranks);
    for (int r = 0; r < ranks; ++r) {
      bool contributes = false;
      for (std::size_t index = 0; index < static_cast<std::size_t>(8 * ranks) && !contributes; ++index) {
        contributes = pattern.input(r, index) != 0.0;
      }
      EXPECT_TRUE(contributes) << "rank " << r << " of " << ranks;
    }
  }
}

TEST(DataPattern, ReducedValuesVaryAlongTheBuffer) {
  // A constant expected value would not catch a shifted or misplaced block.
  const DataPattern pattern(Dtype::int32, ReduceOp::sum, 4);
  std::vector<double> values;
  for (std::size_t index = 0; index < 64; ++index) values.push_back(pattern.reduced(index));
  std::sort(values.begin(), values.end());
  EXPECT_GT(std::unique(values.begin(), values.end()) - values.begin(), 5);
}

TEST(DataPattern, DifferentSeedsGiveDifferentData) {
  const DataPattern a(Dtype::float32, std::nullopt, 4, 1);
  const DataPattern b(Dtype::float32, std::nullopt, 4, 2);
  int differing = 0;
  for (std::size_t index = 0; index < 64; ++index) differing += a.input(0, index) != b.input(0, index);
  EXPECT_GT(differing, 32);
}

}  // namespace
}  // namespace commbench
