// collectives/pattern/data_pattern.hpp: the inputs that make verification exact. For every dtype,
// every operator and a range of rank counts, every input value and every partial result of
// the reduction (folded forward, backward, and bounded for any order) must be exactly
// representable in the dtype, and reduced(i) must equal the fold over every rank's input(r, i)
// computed here, independently of DataPattern::reduced. float8 data cannot live in host
// memory, so float8 patterns are checked through input() and reduced() alone.
#include "collectives/pattern/data_pattern.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "collectives/pattern/pattern_values.hpp"

namespace commbench {
namespace {

const std::vector<int> kRankCounts{1, 2, 3, 4, 7, 64, 1000};

// Exactly representable integers, written out by hand: int8 -128..127, uint8 0..255,
// uint32 0..2^32-1, binary16 up to 2^11, bfloat16 up to 2^8, float8 e4m3 (3 mantissa bits)
// up to 2^4, float8 e5m2 (2 mantissa bits) up to 2^3, binary32 up to 2^24; int64, uint64
// and binary64 are bounded by double (the type the expected values are computed in), 2^53.
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
    case Dtype::uint32:
      return {0.0, 4294967295.0};
    case Dtype::int64:
      return {-9007199254740992.0, 9007199254740992.0};
    case Dtype::uint64:
      return {0.0, 9007199254740992.0};
    case Dtype::float16:
      return {-2048.0, 2048.0};
    case Dtype::bfloat16:
      return {-256.0, 256.0};
    case Dtype::float8_e4m3:
      return {-16.0, 16.0};
    case Dtype::float8_e5m2:
      return {-8.0, 8.0};
    case Dtype::float32:
      return {-16777216.0, 16777216.0};
    case Dtype::float64:
      return {-9007199254740992.0, 9007199254740992.0};
  }
  return {0.0, 0.0};
}

// The largest finite power of two of the floating types, by hand (0 for integer types, whose
// exact range above already holds every power of two the patterns use): float8 e4m3's
// largest finite value is 448 = 1.75 * 2^8, e5m2's 57344 = 1.75 * 2^15, binary16's 65504.
double largest_power_of_two(Dtype dtype) {
  switch (dtype) {
    case Dtype::float16:
      return 32768.0;
    case Dtype::bfloat16:
    case Dtype::float32:
      return std::ldexp(1.0, 127);
    case Dtype::float8_e4m3:
      return 256.0;
    case Dtype::float8_e5m2:
      return 32768.0;
    case Dtype::float64:
      return std::ldexp(1.0, 1023);
    default:
      return 0.0;
  }
}

bool is_power_of_two(double magnitude) {
  int exponent = 0;
  return magnitude > 0 && std::frexp(magnitude, &exponent) == 0.5;
}

bool within_exact_range(Dtype dtype, double value) {
  const Range range = exact_range(dtype);
  return std::isfinite(value) && value == std::floor(value) && value >= range.low && value <= range.high;
}

// Exactly representable: an integer in the exact range, or a power of two a floating type
// holds exactly. Two kinds of value use the second: min and max give ranks outside the window
// 64 or -64, and products of up to four values from {-1, 1, 2} reach 16 (float8 e5m2's exact
// integers end at 8, e4m3's at 16, yet both hold 64 and 16 exactly).
bool representable(Dtype dtype, double value) {
  if (within_exact_range(dtype, value)) return true;
  const double magnitude = std::fabs(value);
  return is_power_of_two(magnitude) && magnitude <= largest_power_of_two(dtype) &&
         (value >= 0 || exact_range(dtype).low < 0);
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

bool unsigned_by_hand(Dtype dtype) { return dtype == Dtype::uint8 || dtype == Dtype::uint32 || dtype == Dtype::uint64; }

TEST_P(CopyPattern, InputsAreSmallIntegersRepresentableInTheDtype) {
  // [-64, 63] signed and [0, 127] unsigned, narrowed to the exact range (float8: [-16, 16]
  // for e4m3, [-8, 8] for e5m2).
  const Dtype dtype = GetParam().dtype;
  const bool is_signed = !unsigned_by_hand(dtype);
  const Range range = exact_range(dtype);
  const double low = is_signed ? std::max(-64.0, range.low) : 0.0;
  const double high = std::min(is_signed ? 63.0 : 127.0, range.high);
  for (int ranks : kRankCounts) {
    const DataPattern pattern(dtype, std::nullopt, ranks);
    for (std::size_t index : indexes_for(ranks)) {
      for (int r = 0; r < ranks; r += (ranks > 64 ? 37 : 1)) {
        const double value = pattern.input(r, index);
        ASSERT_TRUE(within_exact_range(dtype, value)) << describe(dtype, std::nullopt, ranks, index) << " value " << value;
        ASSERT_GE(value, low) << describe(dtype, std::nullopt, ranks, index);
        ASSERT_LE(value, high) << describe(dtype, std::nullopt, ranks, index);
      }
    }
  }
  // Over enough elements, both ends of the range occur.
  const DataPattern pattern(dtype, std::nullopt, 2);
  double seen_low = high, seen_high = low;
  for (std::size_t index = 0; index < 4096; ++index) {
    seen_low = std::min(seen_low, pattern.input(0, index));
    seen_high = std::max(seen_high, pattern.input(0, index));
  }
  EXPECT_EQ(seen_low, low) << dtype_name(dtype);
  EXPECT_EQ(seen_high, high) << dtype_name(dtype);
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
  // exceeds the product of magnitudes, which are 1 or 2, so every partial product is a power
  // of two no larger than the whole. (min and max partials are always one of the inputs.)
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
          if (op == ReduceOp::prod) {
            ASSERT_TRUE(is_power_of_two(bound) && bound <= 16.0) << describe(dtype, op, ranks, index) << ": " << bound;
            ASSERT_TRUE(representable(dtype, bound)) << describe(dtype, op, ranks, index) << ": " << bound;
          } else {
            ASSERT_LE(bound, limit) << describe(dtype, op, ranks, index);
          }
        }
      }
    }
  }
}

TEST(DataPattern, ValuesStayWithinTheExactIntegersExceptTheOutsideWindowPowersOfTwo) {
  // Every input and every result is an integer in [-R, R] (R = dtype_max_exact_integer, by
  // hand in exact_range), with two exceptions, both powers of two every dtype holds: min and
  // max give ranks outside the window 64 (min) and -64 (max; 0 unsigned), and a product of
  // up to four values from {-1, 1, 2} reaches 16 (beyond float8 e5m2's R = 8).
  for (Dtype dtype : all_dtypes()) {
    const bool is_signed = !unsigned_by_hand(dtype);
    for (ReduceOp op : all_reduce_ops()) {
      for (int ranks : kRankCounts) {
        const DataPattern pattern(dtype, op, ranks);
        const int window = std::min(ranks, DataPattern::kWindow);
        for (std::size_t index : indexes_for(ranks)) {
          const std::string where = describe(dtype, op, ranks, index);
          for (int r = 0; r < ranks; ++r) {
            const double value = pattern.input(r, index);
            const int position = static_cast<int>((static_cast<std::size_t>(r) + ranks - index % ranks) % ranks);
            if (position >= window && op == ReduceOp::min) {
              ASSERT_EQ(value, 64.0) << where << " rank " << r;
            } else if (position >= window && op == ReduceOp::max) {
              ASSERT_EQ(value, is_signed ? -64.0 : 0.0) << where << " rank " << r;
            } else if (op == ReduceOp::min || op == ReduceOp::max) {
              ASSERT_TRUE(within_exact_range(dtype, value)) << where << " rank " << r << ": " << value;
              ASSERT_GE(value, is_signed ? -8.0 : 1.0) << where << " rank " << r;
              ASSERT_LE(value, is_signed ? 7.0 : 16.0) << where << " rank " << r;
            } else if (op == ReduceOp::prod) {
              ASSERT_TRUE(value == 1.0 || value == 2.0 || (is_signed && value == -1.0)) << where << " rank " << r;
            } else {
              ASSERT_TRUE(within_exact_range(dtype, value)) << where << " rank " << r << ": " << value;
            }
          }
          const double result = pattern.reduced(index);
          if (op == ReduceOp::prod) {
            ASSERT_TRUE(is_power_of_two(std::fabs(result)) && std::fabs(result) <= 16.0) << where << ": " << result;
          } else {
            ASSERT_TRUE(within_exact_range(dtype, result)) << where << ": " << result;
          }
        }
      }
    }
  }
}

TEST(DataPattern, Float8SumsUseTheFullExactRangeOfAWindow) {
  // float8 e5m2 (R = 8): 4 ranks of [-2, 2]; e4m3 (R = 16): 4 ranks of [-3, 3], as wider types.
  for (const auto& [dtype, amplitude] : {std::pair<Dtype, double>{Dtype::float8_e5m2, 2.0},
                                         std::pair<Dtype, double>{Dtype::float8_e4m3, 3.0},
                                         std::pair<Dtype, double>{Dtype::float32, 3.0}}) {
    const DataPattern pattern(dtype, ReduceOp::sum, 7);
    double largest = 0;
    for (std::size_t index = 0; index < 500; ++index) {
      for (int r = 0; r < 7; ++r) largest = std::max(largest, std::fabs(pattern.input(r, index)));
    }
    EXPECT_EQ(largest, amplitude) << dtype_name(dtype);
  }
}

TEST(DataPattern, UnsignedTypesGetNoNegativeValues) {
  for (Dtype dtype : {Dtype::uint8, Dtype::uint32, Dtype::uint64}) {
    for (ReduceOp op : all_reduce_ops()) {
      for (int ranks : kRankCounts) {
        const DataPattern pattern(dtype, op, ranks);
        for (std::size_t index : indexes_for(ranks)) {
          for (int r = 0; r < ranks; ++r) {
            ASSERT_GE(pattern.input(r, index), 0.0) << describe(dtype, op, ranks, index);
          }
          ASSERT_GE(pattern.reduced(index), 0.0) << describe(dtype, op, ranks, index);
        }
      }
    }
  }
}

TEST(DataPattern, PoisonValueIsNaNForFloatingTypesAndOutOfRangeForIntegers) {
  for (Dtype dtype : all_dtypes()) {
    const double poison = DataPattern(dtype, std::nullopt, 4).poison_value();
    switch (dtype) {
      case Dtype::int8:
      case Dtype::int32:
      case Dtype::int64:
        EXPECT_EQ(poison, 120.0) << dtype_name(dtype);
        break;
      case Dtype::uint8:
      case Dtype::uint32:
      case Dtype::uint64:
        EXPECT_EQ(poison, 250.0) << dtype_name(dtype);  // unsigned copies reach 127
        break;
      default:
        EXPECT_TRUE(std::isnan(poison)) << dtype_name(dtype);
    }
  }
}

TEST(DataPattern, PoisonValueIsNeverACorrectOutput) {
  for (Dtype dtype : all_dtypes()) {
    for (int ranks : kRankCounts) {
      const DataPattern copy(dtype, std::nullopt, ranks);
      for (std::size_t index : indexes_for(ranks)) {
        for (int r = 0; r < ranks; r += (ranks > 64 ? 37 : 1)) {
          ASSERT_FALSE(copy.input(r, index) == copy.poison_value()) << describe(dtype, std::nullopt, ranks, index);
        }
      }
      for (ReduceOp op : all_reduce_ops()) {
        const DataPattern pattern(dtype, op, ranks);
        for (std::size_t index : indexes_for(ranks)) {
          ASSERT_FALSE(pattern.reduced(index) == pattern.poison_value()) << describe(dtype, op, ranks, index);
        }
      }
    }
  }
}

TEST(DataPattern, Float8DataCannotBeHeldInHostMemory) {
  // float8 data is generated and checked on the GPU: the host loops refuse it, naming the type.
  for (Dtype dtype : {Dtype::float8_e4m3, Dtype::float8_e5m2}) {
    const DataPattern pattern(dtype, ReduceOp::sum, 4);
    unsigned char bytes[16] = {};
    try {
      pattern.fill(bytes, 16, 0, 0);
      ADD_FAILURE() << "fill accepted " << dtype_name(dtype);
    } catch (const std::invalid_argument& error) {
      EXPECT_NE(std::string(error.what()).find(std::string(dtype_name(dtype))), std::string::npos) << error.what();
      EXPECT_NE(std::string(error.what()).find("GPU"), std::string::npos) << error.what();
    }
    EXPECT_THROW(pattern.poison(bytes, 16), std::invalid_argument);
    EXPECT_THROW(pattern.count_wrong_copy(bytes, 16, 0, 0), std::invalid_argument);
    EXPECT_THROW(pattern.count_wrong_reduced(bytes, 16, 0), std::invalid_argument);
    // The values themselves are still there, for the GPU to be checked against.
    EXPECT_NO_THROW(pattern.input(1, 5));
    EXPECT_NO_THROW(pattern.reduced(5));
  }
}

// --- pattern_values.hpp: the functions CUDA kernels call ---

static_assert(std::is_trivially_copyable_v<PatternParams>, "kernels take PatternParams by value");

TEST(PatternValues, EqualDataPatternInputAndReducedForEveryDtypeOpAndRankCount) {
  for (Dtype dtype : all_dtypes()) {
    std::vector<std::optional<ReduceOp>> ops{std::nullopt};
    for (ReduceOp op : all_reduce_ops()) ops.push_back(op);
    for (const std::optional<ReduceOp>& op : ops) {
      for (int ranks : kRankCounts) {
        const DataPattern pattern(dtype, op, ranks);
        const PatternParams params = pattern.params();  // a copy, as a kernel argument is
        for (std::size_t index : indexes_for(ranks)) {
          for (int r = 0; r < ranks; r += (ranks > 64 ? 37 : 1)) {
            ASSERT_EQ(pattern_input(params, r, index), pattern.input(r, index)) << describe(dtype, op, ranks, index);
          }
          if (op) {
            ASSERT_EQ(pattern_reduced(params, index), pattern.reduced(index)) << describe(dtype, op, ranks, index);
          }
        }
      }
    }
  }
}

TEST(PatternValues, ParamsDescribeThePattern) {
  const PatternParams copy = DataPattern(Dtype::float8_e5m2, std::nullopt, 7, 42).params();
  EXPECT_EQ(copy.dtype, Dtype::float8_e5m2);
  EXPECT_FALSE(copy.has_op);
  EXPECT_EQ(copy.ranks, 7);
  EXPECT_EQ(copy.window, 4);
  EXPECT_EQ(copy.seed, 42u);
  EXPECT_EQ(copy.copy_low, -8);
  EXPECT_EQ(copy.copy_high, 8);
  const PatternParams sum = DataPattern(Dtype::uint32, ReduceOp::sum, 2).params();
  EXPECT_TRUE(sum.has_op);
  EXPECT_EQ(sum.op, ReduceOp::sum);
  EXPECT_EQ(sum.window, 2);
  EXPECT_FALSE(sum.is_signed);
  EXPECT_EQ(sum.sum_low, 0);
  EXPECT_EQ(sum.sum_high, 6);
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
