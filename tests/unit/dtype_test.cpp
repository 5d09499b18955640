// collectives/dtype.hpp and reduce_op.hpp: the names users type after -d and -o, the
// element sizes that turn bytes into counts, and the exact-integer limits verification uses.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dtype.hpp"
#include "reduce_op.hpp"

namespace commbench {
namespace {

TEST(Dtype, NamesAndSizes) {
  EXPECT_EQ(dtype_size(Dtype::int8), 1u);
  EXPECT_EQ(dtype_size(Dtype::uint8), 1u);
  EXPECT_EQ(dtype_size(Dtype::int32), 4u);
  EXPECT_EQ(dtype_size(Dtype::int64), 8u);
  EXPECT_EQ(dtype_size(Dtype::float16), 2u);
  EXPECT_EQ(dtype_size(Dtype::bfloat16), 2u);
  EXPECT_EQ(dtype_size(Dtype::float32), 4u);
  EXPECT_EQ(dtype_size(Dtype::float64), 8u);
  EXPECT_EQ(dtype_name(Dtype::bfloat16), "bfloat16");
  EXPECT_EQ(dtype_name(Dtype::uint8), "uint8");
}

TEST(Dtype, ParsesEveryNameBackToItsType) {
  for (Dtype dtype : all_dtypes()) EXPECT_EQ(parse_dtype(dtype_name(dtype)), dtype);
  EXPECT_EQ(all_dtypes().size(), 8u);
}

TEST(Dtype, UnknownNamesAreRejected) {
  EXPECT_FALSE(parse_dtype("float").has_value());
  EXPECT_FALSE(parse_dtype("Float32").has_value());
  EXPECT_FALSE(parse_dtype("").has_value());
  EXPECT_FALSE(parse_dtype("all").has_value());
}

TEST(Dtype, OnlyUint8IsUnsigned) {
  for (Dtype dtype : all_dtypes()) EXPECT_EQ(dtype_is_signed(dtype), dtype != Dtype::uint8) << dtype_name(dtype);
}

TEST(Dtype, MaxExactIntegers) {
  EXPECT_EQ(dtype_max_exact_integer(Dtype::int8), 127.0);
  EXPECT_EQ(dtype_max_exact_integer(Dtype::uint8), 255.0);
  EXPECT_EQ(dtype_max_exact_integer(Dtype::float16), 2048.0);
  EXPECT_EQ(dtype_max_exact_integer(Dtype::bfloat16), 256.0);
  EXPECT_EQ(dtype_max_exact_integer(Dtype::float32), 16777216.0);
}

TEST(Dtype, NamesJoinedForMessages) {
  EXPECT_EQ(dtype_names_joined(), "int8, uint8, int32, int64, float16, bfloat16, float32, float64");
}

TEST(ReduceOp, NamesParseBack) {
  EXPECT_EQ(all_reduce_ops().size(), 5u);
  for (ReduceOp op : all_reduce_ops()) EXPECT_EQ(parse_reduce_op(reduce_op_name(op)), op);
  EXPECT_EQ(reduce_op_names_joined(), "sum, prod, min, max, avg");
  EXPECT_FALSE(parse_reduce_op("mean").has_value());
  EXPECT_FALSE(parse_reduce_op("SUM").has_value());
}

}  // namespace
}  // namespace commbench
