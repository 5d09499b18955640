// collectives/dtype/dtype.hpp and reduce_op.hpp: the names users type after -d and -o, the
// element sizes that turn bytes into counts, and the exact-integer limits verification uses.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <vector>

#include "collectives/dtype/dtype.hpp"
#include "collectives/dtype/reduce_op.hpp"

namespace commbench {
namespace {

TEST(Dtype, NamesAndSizes) {
  EXPECT_EQ(dtype_size(Dtype::int8), 1u);
  EXPECT_EQ(dtype_size(Dtype::uint8), 1u);
  EXPECT_EQ(dtype_size(Dtype::int32), 4u);
  EXPECT_EQ(dtype_size(Dtype::uint32), 4u);
  EXPECT_EQ(dtype_size(Dtype::int64), 8u);
  EXPECT_EQ(dtype_size(Dtype::uint64), 8u);
  EXPECT_EQ(dtype_size(Dtype::float16), 2u);
  EXPECT_EQ(dtype_size(Dtype::bfloat16), 2u);
  EXPECT_EQ(dtype_size(Dtype::float8_e4m3), 1u);
  EXPECT_EQ(dtype_size(Dtype::float8_e5m2), 1u);
  EXPECT_EQ(dtype_size(Dtype::float32), 4u);
  EXPECT_EQ(dtype_size(Dtype::float64), 8u);
  EXPECT_EQ(dtype_name(Dtype::bfloat16), "bfloat16");
  EXPECT_EQ(dtype_name(Dtype::uint8), "uint8");
  EXPECT_EQ(dtype_name(Dtype::uint32), "uint32");
  EXPECT_EQ(dtype_name(Dtype::uint64), "uint64");
  EXPECT_EQ(dtype_name(Dtype::float8_e4m3), "float8_e4m3");
  EXPECT_EQ(dtype_name(Dtype::float8_e5m2), "float8_e5m2");
}

TEST(Dtype, AllDtypesInEnumOrder) {
  EXPECT_EQ(all_dtypes(), (std::vector<Dtype>{Dtype::int8, Dtype::uint8, Dtype::int32, Dtype::uint32, Dtype::int64,
                                              Dtype::uint64, Dtype::float16, Dtype::bfloat16, Dtype::float8_e4m3,
                                              Dtype::float8_e5m2, Dtype::float32, Dtype::float64}));
  for (std::size_t i = 0; i < all_dtypes().size(); ++i) EXPECT_EQ(static_cast<std::size_t>(all_dtypes()[i]), i);
}

TEST(Dtype, ParsesEveryNameBackToItsType) {
  for (Dtype dtype : all_dtypes()) EXPECT_EQ(parse_dtype(dtype_name(dtype)), dtype);
  EXPECT_EQ(all_dtypes().size(), 12u);
  EXPECT_EQ(parse_dtype("float8_e4m3"), Dtype::float8_e4m3);
  EXPECT_EQ(parse_dtype("uint64"), Dtype::uint64);
}

TEST(Dtype, UnknownNamesAreRejected) {
  EXPECT_FALSE(parse_dtype("float").has_value());
  EXPECT_FALSE(parse_dtype("Float32").has_value());
  EXPECT_FALSE(parse_dtype("").has_value());
  EXPECT_FALSE(parse_dtype("all").has_value());
  EXPECT_FALSE(parse_dtype("float8").has_value());
  EXPECT_FALSE(parse_dtype("fp8_e4m3").has_value());
}

TEST(Dtype, OnlyTheUintTypesAreUnsigned) {
  for (Dtype dtype : all_dtypes()) {
    const bool is_unsigned = dtype == Dtype::uint8 || dtype == Dtype::uint32 || dtype == Dtype::uint64;
    EXPECT_EQ(dtype_is_signed(dtype), !is_unsigned) << dtype_name(dtype);
  }
}

TEST(Dtype, OnlyTheTwoFloat8TypesAreFloat8) {
  for (Dtype dtype : all_dtypes()) {
    EXPECT_EQ(dtype_is_float8(dtype), dtype == Dtype::float8_e4m3 || dtype == Dtype::float8_e5m2) << dtype_name(dtype);
  }
}

TEST(Dtype, MaxExactIntegers) {
  EXPECT_EQ(dtype_max_exact_integer(Dtype::int8), 127.0);
  EXPECT_EQ(dtype_max_exact_integer(Dtype::uint8), 255.0);
  EXPECT_EQ(dtype_max_exact_integer(Dtype::float16), 2048.0);
  EXPECT_EQ(dtype_max_exact_integer(Dtype::bfloat16), 256.0);
  EXPECT_EQ(dtype_max_exact_integer(Dtype::float32), 16777216.0);
  EXPECT_EQ(dtype_max_exact_integer(Dtype::uint32), 4294967295.0);
  EXPECT_EQ(dtype_max_exact_integer(Dtype::uint64), 9007199254740992.0);  // 2^53: limited by double
  EXPECT_EQ(dtype_max_exact_integer(Dtype::float8_e4m3), 16.0);            // 3 mantissa bits
  EXPECT_EQ(dtype_max_exact_integer(Dtype::float8_e5m2), 8.0);             // 2 mantissa bits
}

TEST(Dtype, NamesJoinedForMessages) {
  EXPECT_EQ(dtype_names_joined(), "int8, uint8, int32, uint32, int64, uint64, float16, bfloat16, float8_e4m3, float8_e5m2, float32, float64");
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
