// collectives/dtype/half_float.hpp: float16 (IEEE binary16) and bfloat16 conversions. Decoding is
// checked against a decoder written here from the formats' definitions; encoding against
// round-to-nearest-even worked out from the neighbouring representable values.
#include "collectives/dtype/half_float.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace commbench {
namespace {

bool fp16_is_nan(std::uint16_t bits) { return (bits & 0x7C00u) == 0x7C00u && (bits & 0x03FFu) != 0; }
bool bf16_is_nan(std::uint16_t bits) { return (bits & 0x7F80u) == 0x7F80u && (bits & 0x007Fu) != 0; }

// binary16: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits.
double decode_fp16(std::uint16_t bits) {
  const int sign = bits >> 15;
  const int exponent = (bits >> 10) & 0x1F;
  const int fraction = bits & 0x3FF;
  double magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(static_cast<double>(fraction), -24);
  } else if (exponent == 31) {
    magnitude = std::numeric_limits<double>::infinity();
  } else {
    magnitude = std::ldexp(1.0 + fraction / 1024.0, exponent - 15);
  }
  return sign ? -magnitude : magnitude;
}

// bfloat16: the upper half of a binary32: 8 exponent bits (bias 127), 7 fraction bits.
double decode_bf16(std::uint16_t bits) {
  const int sign = bits >> 15;
  const int exponent = (bits >> 7) & 0xFF;
  const int fraction = bits & 0x7F;
  double magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(static_cast<double>(fraction), -133);
  } else if (exponent == 255) {
    magnitude = std::numeric_limits<double>::infinity();
  } else {
    magnitude = std::ldexp(1.0 + fraction / 128.0, exponent - 127);
  }
  return sign ? -magnitude : magnitude;
}

std::uint16_t fp16(float value) { return float16_from_float(value).bits; }
std::uint16_t bf16(float value) { return bfloat16_from_float(value).bits; }

// --- float16 ---

TEST(Float16, EveryNonNaNBitPatternDecodesToItsValue) {
  for (std::uint32_t bits = 0; bits <= 0xFFFF; ++bits) {
    const auto b = static_cast<std::uint16_t>(bits);
    if (fp16_is_nan(b)) continue;
    const float value = to_float(Float16{b});
    ASSERT_EQ(static_cast<double>(value), decode_fp16(b)) << std::hex << bits;
    ASSERT_EQ(std::signbit(value), (b & 0x8000u) != 0) << std::hex << bits;
  }
}

TEST(Float16, EveryNonNaNBitPatternRoundTrips) {
  for (std::uint32_t bits = 0; bits <= 0xFFFF; ++bits) {
    const auto b = static_cast<std::uint16_t>(bits);
    if (fp16_is_nan(b)) continue;
    ASSERT_EQ(fp16(to_float(Float16{b})), b) << std::hex << bits;
  }
}

TEST(Float16, HandDecodedValues) {
  EXPECT_EQ(to_float(Float16{0x3C00}), 1.0f);
  EXPECT_EQ(to_float(Float16{0xC000}), -2.0f);
  EXPECT_EQ(to_float(Float16{0x7BFF}), 65504.0f);
  EXPECT_EQ(to_float(Float16{0x6800}), 2048.0f);
  EXPECT_EQ(to_float(Float16{0x3555}), 0.333251953125f);
  EXPECT_EQ(to_float(Float16{0x0400}), std::ldexp(1.0f, -14));  // smallest normal
}

TEST(Float16, SmallestSubnormalIsTwoToTheMinus24) {
  EXPECT_EQ(to_float(Float16{0x0001}), std::ldexp(1.0f, -24));
  EXPECT_EQ(fp16(std::ldexp(1.0f, -24)), 0x0001);
  EXPECT_EQ(to_float(Float16{0x03FF}), 1023.0f * std::ldexp(1.0f, -24));  // largest subnormal
}

TEST(Float16, HalfTheSmallestSubnormalRoundsToEvenZero) {
  EXPECT_EQ(fp16(std::ldexp(1.0f, -25)), 0x0000);
  EXPECT_EQ(fp16(std::ldexp(1.0f, -26)), 0x0000);
  EXPECT_EQ(fp16(1.5f * std::ldexp(1.0f, -24)), 0x0002);  // tie between 1 and 2: even 2
  EXPECT_EQ(fp16(std::ldexp(1.5f, -25)), 0x0001);         // 0.75 ulp: nearest is 1
}

TEST(Float16, SignedZeros) {
  EXPECT_EQ(fp16(0.0f), 0x0000);
  EXPECT_EQ(fp16(-0.0f), 0x8000);
  EXPECT_TRUE(std::signbit(to_float(Float16{0x8000})));
}

TEST(Float16, RoundsTiesToEven) {
  // Between 2048 and 4096 the spacing is 2: 2048 = 0x6800, 2050 = 0x6801, 2052 = 0x6802.
  EXPECT_EQ(fp16(2048.0f), 0x6800);
  EXPECT_EQ(fp16(2049.0f), 0x6800);  // tie: 2048 (even) not 2050
  EXPECT_EQ(fp16(2050.0f), 0x6801);
  EXPECT_EQ(fp16(2051.0f), 0x6802);  // tie: 2052 (even) not 2050
  EXPECT_EQ(to_float(Float16{fp16(2051.0f)}), 2052.0f);
  EXPECT_EQ(fp16(-2049.0f), 0xE800);
}

TEST(Float16, RoundsToNearestOffTies) {
  EXPECT_EQ(fp16(2049.5f), 0x6801);  // nearer 2050
  EXPECT_EQ(fp16(2048.9f), 0x6800);  // nearer 2048
}

TEST(Float16, EveryMidpointRoundsToEvenAndItsNeighboursToTheNearerValue) {
  // For adjacent finite positive values a < b, the float halfway between them is exact; it
  // must go to whichever has an even last bit, and the floats just around it to the nearer.
  for (std::uint32_t bits = 0; bits < 0x7BFF; ++bits) {
    const auto low = static_cast<std::uint16_t>(bits);
    const auto high = static_cast<std::uint16_t>(bits + 1);
    const float midpoint = static_cast<float>((decode_fp16(low) + decode_fp16(high)) / 2.0);
    const std::uint16_t even = (low & 1u) == 0 ? low : high;
    ASSERT_EQ(fp16(midpoint), even) << std::hex << bits;
    ASSERT_EQ(fp16(std::nextafter(midpoint, 0.0f)), low) << std::hex << bits;
    ASSERT_EQ(fp16(std::nextafter(midpoint, 1e9f)), high) << std::hex << bits;
    ASSERT_EQ(fp16(-midpoint), static_cast<std::uint16_t>(even | 0x8000u)) << std::hex << bits;
  }
}

TEST(Float16, LargeValuesOverflowToInfinity) {
  EXPECT_EQ(fp16(65504.0f), 0x7BFF);
  EXPECT_EQ(fp16(65519.0f), 0x7BFF);  // below the midpoint 65520
  EXPECT_EQ(fp16(65520.0f), 0x7C00);  // tie between 65504 (odd) and 65536 (even, overflow)
  EXPECT_EQ(fp16(1e6f), 0x7C00);
  EXPECT_EQ(fp16(-1e6f), 0xFC00);
  EXPECT_EQ(fp16(std::numeric_limits<float>::max()), 0x7C00);
}

TEST(Float16, InfinitiesStayInfinite) {
  EXPECT_EQ(fp16(std::numeric_limits<float>::infinity()), 0x7C00);
  EXPECT_EQ(fp16(-std::numeric_limits<float>::infinity()), 0xFC00);
  EXPECT_EQ(to_float(Float16{0x7C00}), std::numeric_limits<float>::infinity());
  EXPECT_EQ(to_float(Float16{0xFC00}), -std::numeric_limits<float>::infinity());
}

TEST(Float16, NaNStaysNaN) {
  EXPECT_TRUE(fp16_is_nan(fp16(std::numeric_limits<float>::quiet_NaN())));
  EXPECT_TRUE(fp16_is_nan(fp16(-std::numeric_limits<float>::quiet_NaN())));
  EXPECT_TRUE(fp16_is_nan(fp16(std::numeric_limits<float>::signaling_NaN())));
  for (std::uint16_t bits : {0x7C01, 0x7E00, 0x7FFF, 0xFC01, 0xFE00}) {
    EXPECT_TRUE(std::isnan(to_float(Float16{bits}))) << std::hex << bits;
  }
}

// --- bfloat16 ---

TEST(BFloat16, EveryNonNaNBitPatternDecodesToItsValue) {
  for (std::uint32_t bits = 0; bits <= 0xFFFF; ++bits) {
    const auto b = static_cast<std::uint16_t>(bits);
    if (bf16_is_nan(b)) continue;
    const float value = to_float(BFloat16{b});
    ASSERT_EQ(static_cast<double>(value), decode_bf16(b)) << std::hex << bits;
    ASSERT_EQ(std::signbit(value), (b & 0x8000u) != 0) << std::hex << bits;
  }
}

TEST(BFloat16, EveryNonNaNBitPatternRoundTrips) {
  for (std::uint32_t bits = 0; bits <= 0xFFFF; ++bits) {
    const auto b = static_cast<std::uint16_t>(bits);
    if (bf16_is_nan(b)) continue;
    ASSERT_EQ(bf16(to_float(BFloat16{b})), b) << std::hex << bits;
  }
}

TEST(BFloat16, HandDecodedValues) {
  EXPECT_EQ(to_float(BFloat16{0x3F80}), 1.0f);
  EXPECT_EQ(to_float(BFloat16{0xC000}), -2.0f);
  EXPECT_EQ(to_float(BFloat16{0x4380}), 256.0f);
  EXPECT_EQ(to_float(BFloat16{0x4381}), 258.0f);
  EXPECT_EQ(to_float(BFloat16{0x0001}), std::ldexp(1.0f, -133));  // smallest subnormal
}

TEST(BFloat16, RoundsTiesToEven) {
  // Between 256 and 512 the spacing is 2: 256 = 0x4380, 258 = 0x4381, 260 = 0x4382.
  EXPECT_EQ(bf16(256.0f), 0x4380);
  EXPECT_EQ(bf16(257.0f), 0x4380);  // tie: 256 (even)
  EXPECT_EQ(bf16(258.0f), 0x4381);
  EXPECT_EQ(bf16(259.0f), 0x4382);  // tie: 260 (even)
  EXPECT_EQ(to_float(BFloat16{bf16(259.0f)}), 260.0f);
  EXPECT_EQ(bf16(-257.0f), 0xC380);
}

TEST(BFloat16, RoundsToNearestOffTies) {
  EXPECT_EQ(bf16(257.5f), 0x4381);
  EXPECT_EQ(bf16(256.9f), 0x4380);
}

TEST(BFloat16, EveryMidpointRoundsToEvenAndItsNeighboursToTheNearerValue) {
  for (std::uint32_t bits = 0; bits < 0x7F7F; ++bits) {
    const auto low = static_cast<std::uint16_t>(bits);
    const auto high = static_cast<std::uint16_t>(bits + 1);
    const float midpoint = static_cast<float>((decode_bf16(low) + decode_bf16(high)) / 2.0);
    const std::uint16_t even = (low & 1u) == 0 ? low : high;
    ASSERT_EQ(bf16(midpoint), even) << std::hex << bits;
    ASSERT_EQ(bf16(std::nextafter(midpoint, 0.0f)), low) << std::hex << bits;
    ASSERT_EQ(bf16(std::nextafter(midpoint, std::numeric_limits<float>::infinity())), high) << std::hex << bits;
    ASSERT_EQ(bf16(-midpoint), static_cast<std::uint16_t>(even | 0x8000u)) << std::hex << bits;
  }
}

TEST(BFloat16, LargestFloatRoundsToInfinity) {
  // FLT_MAX lies above the midpoint between bfloat16's largest finite value and 2^128.
  EXPECT_EQ(bf16(std::numeric_limits<float>::max()), 0x7F80);
  EXPECT_EQ(bf16(-std::numeric_limits<float>::max()), 0xFF80);
}

TEST(BFloat16, InfinitiesStayInfinite) {
  EXPECT_EQ(bf16(std::numeric_limits<float>::infinity()), 0x7F80);
  EXPECT_EQ(bf16(-std::numeric_limits<float>::infinity()), 0xFF80);
  EXPECT_EQ(to_float(BFloat16{0x7F80}), std::numeric_limits<float>::infinity());
  EXPECT_EQ(to_float(BFloat16{0xFF80}), -std::numeric_limits<float>::infinity());
}

TEST(BFloat16, SignedZeros) {
  EXPECT_EQ(bf16(0.0f), 0x0000);
  EXPECT_EQ(bf16(-0.0f), 0x8000);
}

TEST(BFloat16, NaNStaysNaN) {
  EXPECT_TRUE(bf16_is_nan(bf16(std::numeric_limits<float>::quiet_NaN())));
  EXPECT_TRUE(bf16_is_nan(bf16(-std::numeric_limits<float>::quiet_NaN())));
  for (std::uint16_t bits : {0x7F81, 0x7FC0, 0xFFC0}) EXPECT_TRUE(std::isnan(to_float(BFloat16{bits})));
}

TEST(BFloat16, NaNWithPayloadOnlyInTheLowHalfStaysNaN) {
  // Truncating 0x7F800001 would give 0x7F80, infinity; rounding could carry into the sign.
  std::uint32_t bits = 0x7F800001u;
  float nan_low_payload;
  std::memcpy(&nan_low_payload, &bits, sizeof bits);
  EXPECT_TRUE(bf16_is_nan(bf16(nan_low_payload)));
  bits = 0x7FFFFFFFu;
  float nan_all_ones;
  std::memcpy(&nan_all_ones, &bits, sizeof bits);
  const std::uint16_t converted = bf16(nan_all_ones);
  EXPECT_TRUE(bf16_is_nan(converted));
  EXPECT_EQ(converted & 0x8000u, 0u);
}

}  // namespace
}  // namespace commbench
