// collectives/dtype/host_arithmetic.hpp: reduce_elements for every host dtype and operator against
// results worked out here in double, integer wrap-around, float16/bfloat16 rounding to
// nearest even, and divide_elements' truncation. The MPI backend's float16/bfloat16
// operators and the explicit algorithms on host memory both go through these loops.
#include "collectives/dtype/host_arithmetic.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "collectives/dtype/dtype_dispatch.hpp"
#include "collectives/dtype/half_float.hpp"

namespace commbench {
namespace {

std::vector<Dtype> host_dtypes() {
  std::vector<Dtype> dtypes;
  for (Dtype dtype : all_dtypes()) {
    if (!dtype_is_float8(dtype)) dtypes.push_back(dtype);
  }
  return dtypes;
}

double expected(ReduceOp op, double target, double source) {
  switch (op) {
    case ReduceOp::sum:
    case ReduceOp::avg:  // avg reduces as sum; the divide comes once at the end
      return target + source;
    case ReduceOp::prod:
      return target * source;
    case ReduceOp::min:
      return std::min(target, source);
    case ReduceOp::max:
      return std::max(target, source);
  }
  return 0;
}

// Operand pairs whose results every dtype holds exactly: small enough for int8 and bfloat16,
// not negative for the unsigned types.
std::vector<std::pair<double, double>> operands(Dtype dtype) {
  if (dtype_is_signed(dtype)) {
    return {{3, 4}, {-5, 2}, {0, -7}, {-3, -3}, {11, -1}, {6, 6}, {-8, 0}, {1, 9}};
  }
  return {{3, 4}, {5, 2}, {0, 7}, {3, 3}, {11, 1}, {6, 6}, {8, 0}, {1, 9}};
}

// Runs reduce_elements on the pairs in dtype and returns the targets as doubles.
std::vector<double> reduce_as(Dtype dtype, ReduceOp op, const std::vector<std::pair<double, double>>& pairs) {
  return visit_dtype(dtype, [&](auto tag) {
    using T = decltype(tag);
    std::vector<T> target, source;
    for (const auto& [t, s] : pairs) {
      target.push_back(from_double<T>(t));
      source.push_back(from_double<T>(s));
    }
    reduce_elements(source.data(), target.data(), target.size(), dtype, op);
    std::vector<double> result;
    for (T value : target) result.push_back(to_double(value));
    // The source is only read.
    for (std::size_t i = 0; i < pairs.size(); ++i) EXPECT_EQ(to_double(source[i]), pairs[i].second);
    return result;
  });
}

TEST(HostArithmetic, ReduceElementsComputesEveryOperatorForEveryHostDtype) {
  for (Dtype dtype : host_dtypes()) {
    for (ReduceOp op : all_reduce_ops()) {
      const auto pairs = operands(dtype);
      const std::vector<double> result = reduce_as(dtype, op, pairs);
      for (std::size_t i = 0; i < pairs.size(); ++i) {
        EXPECT_EQ(result[i], expected(op, pairs[i].first, pairs[i].second))
            << dtype_name(dtype) << " " << reduce_op_name(op) << " of " << pairs[i].first << " and " << pairs[i].second;
      }
    }
  }
}

TEST(HostArithmetic, ReduceElementsTakesTargetAsItsOwnSource) {
  std::vector<std::int32_t> data{1, -2, 3};
  reduce_elements(data.data(), data.data(), data.size(), Dtype::int32, ReduceOp::sum);
  EXPECT_EQ(data, (std::vector<std::int32_t>{2, -4, 6}));
}

TEST(HostArithmetic, ReduceElementsOfNoElementsTouchesNothing) {
  std::int64_t target = 5;
  const std::int64_t source = 7;
  reduce_elements(&source, &target, 0, Dtype::int64, ReduceOp::sum);
  EXPECT_EQ(target, 5);
}

TEST(HostArithmetic, IntegerSumsAndProductsWrapAround) {
  std::vector<std::int8_t> small{100, -128};
  const std::vector<std::int8_t> small_add{100, -1};
  reduce_elements(small_add.data(), small.data(), small.size(), Dtype::int8, ReduceOp::sum);
  EXPECT_EQ(small, (std::vector<std::int8_t>{-56, 127}));

  std::uint8_t byte = 200;
  const std::uint8_t byte_add = 100;
  reduce_elements(&byte_add, &byte, 1, Dtype::uint8, ReduceOp::sum);
  EXPECT_EQ(byte, 44);

  std::int32_t largest = std::numeric_limits<std::int32_t>::max();
  const std::int32_t one = 1;
  reduce_elements(&one, &largest, 1, Dtype::int32, ReduceOp::sum);
  EXPECT_EQ(largest, std::numeric_limits<std::int32_t>::min());

  std::int64_t big = std::int64_t{1} << 62;
  const std::int64_t four = 4;
  reduce_elements(&four, &big, 1, Dtype::int64, ReduceOp::prod);
  EXPECT_EQ(big, 0);

  std::uint64_t huge = std::numeric_limits<std::uint64_t>::max();
  const std::uint64_t two = 2;
  reduce_elements(&two, &huge, 1, Dtype::uint64, ReduceOp::sum);
  EXPECT_EQ(huge, 1u);
}

TEST(HostArithmetic, HalfPrecisionResultsRoundToNearestEven) {
  // float16 holds every integer up to 2048, then only even ones: 2048 + 1 is a tie between
  // 2048 and 2050, and the even mantissa (2048) wins; 2048 + 3 = 2051 ties to 2052.
  std::vector<Float16> half{float16_from_float(2048), float16_from_float(2048)};
  const std::vector<Float16> half_add{float16_from_float(1), float16_from_float(3)};
  reduce_elements(half_add.data(), half.data(), half.size(), Dtype::float16, ReduceOp::sum);
  EXPECT_EQ(to_float(half[0]), 2048.0f);
  EXPECT_EQ(to_float(half[1]), 2052.0f);

  // bfloat16 holds every integer up to 256: 256 + 1 ties to 256, 256 + 3 to 260.
  std::vector<BFloat16> brain{bfloat16_from_float(256), bfloat16_from_float(256)};
  const std::vector<BFloat16> brain_add{bfloat16_from_float(1), bfloat16_from_float(3)};
  reduce_elements(brain_add.data(), brain.data(), brain.size(), Dtype::bfloat16, ReduceOp::sum);
  EXPECT_EQ(to_float(brain[0]), 256.0f);
  EXPECT_EQ(to_float(brain[1]), 260.0f);
}

TEST(HostArithmetic, Float8HasNoHostArithmetic) {
  unsigned char data[2] = {0, 0};
  EXPECT_THROW(reduce_elements(data, data + 1, 1, Dtype::float8_e4m3, ReduceOp::sum), std::invalid_argument);
  EXPECT_THROW(divide_elements(data, 1, Dtype::float8_e5m2, 2), std::invalid_argument);
}

TEST(HostArithmetic, DivideElementsTruncatesIntegersAndDividesFloats) {
  std::vector<std::int32_t> integers{7, -7, 6, 0};
  divide_elements(integers.data(), integers.size(), Dtype::int32, 2);
  EXPECT_EQ(integers, (std::vector<std::int32_t>{3, -3, 3, 0}));

  std::vector<std::uint8_t> bytes{255, 4};
  divide_elements(bytes.data(), bytes.size(), Dtype::uint8, 4);
  EXPECT_EQ(bytes, (std::vector<std::uint8_t>{63, 1}));

  std::vector<double> reals{7, -1};
  divide_elements(reals.data(), reals.size(), Dtype::float64, 2);
  EXPECT_EQ(reals, (std::vector<double>{3.5, -0.5}));

  BFloat16 brain = bfloat16_from_float(12);
  divide_elements(&brain, 1, Dtype::bfloat16, 4);
  EXPECT_EQ(to_float(brain), 3.0f);
}

}  // namespace
}  // namespace commbench
