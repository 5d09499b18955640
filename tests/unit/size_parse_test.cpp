// bench/run/size_parse.hpp: sizes written as nccl-tests users write them (K = 1024), the sizes
// of a sweep, and the human-readable text used in messages.
#include "bench/run/size_parse.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

namespace commbench {
namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

// --- parse_bytes ---

TEST(ParseBytes, PlainNumberIsBytes) {
  EXPECT_EQ(parse_bytes("8"), std::optional<std::uint64_t>(8));
  EXPECT_EQ(parse_bytes("0"), std::optional<std::uint64_t>(0));
  EXPECT_EQ(parse_bytes("1000"), std::optional<std::uint64_t>(1000));
}

TEST(ParseBytes, SuffixesArePowersOf1024) {
  EXPECT_EQ(parse_bytes("64K"), std::optional<std::uint64_t>(65536));
  EXPECT_EQ(parse_bytes("64M"), std::optional<std::uint64_t>(67108864));
  EXPECT_EQ(parse_bytes("8G"), std::optional<std::uint64_t>(8589934592ULL));
}

TEST(ParseBytes, LowercaseSuffixesAreAccepted) {
  EXPECT_EQ(parse_bytes("64k"), std::optional<std::uint64_t>(65536));
  EXPECT_EQ(parse_bytes("1m"), std::optional<std::uint64_t>(1048576));
  EXPECT_EQ(parse_bytes("2g"), std::optional<std::uint64_t>(2147483648ULL));
}

TEST(ParseBytes, RejectsEmptyText) { EXPECT_FALSE(parse_bytes("").has_value()); }

TEST(ParseBytes, RejectsSuffixWithoutNumber) {
  EXPECT_FALSE(parse_bytes("K").has_value());
  EXPECT_FALSE(parse_bytes("m").has_value());
}

TEST(ParseBytes, RejectsUnknownSuffix) {
  EXPECT_FALSE(parse_bytes("12Q").has_value());
  EXPECT_FALSE(parse_bytes("8KB").has_value());
  EXPECT_FALSE(parse_bytes("8T").has_value());
}

TEST(ParseBytes, RejectsNegativeNumbers) { EXPECT_FALSE(parse_bytes("-1").has_value()); }

TEST(ParseBytes, RejectsFractions) { EXPECT_FALSE(parse_bytes("1.5M").has_value()); }

TEST(ParseBytes, RejectsSignsAndSpaces) {
  EXPECT_FALSE(parse_bytes("+8").has_value());
  EXPECT_FALSE(parse_bytes(" 8").has_value());
  EXPECT_FALSE(parse_bytes("8 ").has_value());
  EXPECT_FALSE(parse_bytes("8 K").has_value());
}

TEST(ParseBytes, LargestValueIsAccepted) {
  EXPECT_EQ(parse_bytes("18446744073709551615"), std::optional<std::uint64_t>(kMax));
}

TEST(ParseBytes, RejectsNumbersThatOverflow) {
  EXPECT_FALSE(parse_bytes("18446744073709551616").has_value());  // 2^64
  EXPECT_FALSE(parse_bytes("99999999999999999999").has_value());
}

TEST(ParseBytes, RejectsSuffixedNumbersThatOverflow) {
  EXPECT_FALSE(parse_bytes("20000000000G").has_value());  // 2.1e19 > 1.8e19
  EXPECT_FALSE(parse_bytes("17179869184G").has_value());  // 2^34 * 2^30 = 2^64
}

TEST(ParseBytes, SuffixedNumberJustBelowOverflowIsAccepted) {
  // (2^34 - 1) * 2^30 = 2^64 - 2^30.
  EXPECT_EQ(parse_bytes("17179869183G"), std::optional<std::uint64_t>(kMax - (1ULL << 30) + 1));
}

// --- sweep_sizes ---

TEST(SweepSizes, DoublingFrom8To64MHas24SizesWithBothEndpoints) {
  const std::vector<std::uint64_t> sizes = sweep_sizes(8, 64ULL << 20, 2, 0);
  ASSERT_EQ(sizes.size(), 24u);  // 2^3 .. 2^26
  EXPECT_EQ(sizes.front(), 8u);
  EXPECT_EQ(sizes.back(), 67108864u);
  for (std::size_t i = 1; i < sizes.size(); ++i) EXPECT_EQ(sizes[i], sizes[i - 1] * 2);
}

TEST(SweepSizes, FactorFourStopsBelowAMaximumItDoesNotHit) {
  // 8, 32, 128, 512; 2048 would pass 1000.
  EXPECT_EQ(sweep_sizes(8, 1000, 4, 0), (std::vector<std::uint64_t>{8, 32, 128, 512}));
}

// A sweep whose next size would pass 2^64 ends instead of wrapping to a small size and
// starting over (which once grew the list until memory ran out).
TEST(SweepSizes, StepsNearTwoToThe64EndWithoutWrapping) {
  EXPECT_EQ(sweep_sizes(kMax, kMax, 2, 0), (std::vector<std::uint64_t>{kMax}));
  EXPECT_EQ(sweep_sizes(kMax - 1, kMax, 2, 16), (std::vector<std::uint64_t>{kMax - 1}));
  EXPECT_EQ(sweep_sizes(1ULL << 63, kMax, 2, 0), (std::vector<std::uint64_t>{1ULL << 63}));
  EXPECT_EQ(sweep_sizes(1, kMax, 2, 0).size(), 64u);
  EXPECT_EQ(sweep_sizes(3, kMax, kMax, 0), (std::vector<std::uint64_t>{3}));
  EXPECT_EQ(sweep_sizes(kMax - 10, kMax, 2, kMax), (std::vector<std::uint64_t>{kMax - 10}));
}

TEST(SweepSizes, AdditiveStepReplacesTheFactor) {
  // 100, 250, 400; 550 would pass 500.
  EXPECT_EQ(sweep_sizes(100, 500, 2, 150), (std::vector<std::uint64_t>{100, 250, 400}));
}

TEST(SweepSizes, AdditiveStepLandingOnMaximumIncludesIt) {
  EXPECT_EQ(sweep_sizes(100, 400, 2, 100), (std::vector<std::uint64_t>{100, 200, 300, 400}));
}

TEST(SweepSizes, AdditiveStepIgnoresAnInvalidFactor) {
  EXPECT_EQ(sweep_sizes(0, 20, 0, 10), (std::vector<std::uint64_t>{0, 10, 20}));
}

TEST(SweepSizes, EqualMinimumAndMaximumGiveOneSize) {
  EXPECT_EQ(sweep_sizes(4096, 4096, 2, 0), (std::vector<std::uint64_t>{4096}));
  EXPECT_EQ(sweep_sizes(4096, 4096, 2, 64), (std::vector<std::uint64_t>{4096}));
}

TEST(SweepSizes, MinimumAboveMaximumGivesNoSizes) { EXPECT_TRUE(sweep_sizes(1024, 8, 2, 0).empty()); }

TEST(SweepSizes, GeometricSweepNearTheTopDoesNotWrapAround) {
  // 2^62, 2^63; 2^64 does not fit and must not wrap to 0.
  EXPECT_EQ(sweep_sizes(1ULL << 62, kMax, 2, 0), (std::vector<std::uint64_t>{1ULL << 62, 1ULL << 63}));
}

TEST(SweepSizes, AdditiveSweepNearTheTopDoesNotWrapAround) {
  EXPECT_EQ(sweep_sizes(kMax - 10, kMax, 0, 4), (std::vector<std::uint64_t>{kMax - 10, kMax - 6, kMax - 2}));
}

TEST(SweepSizes, MaximumValueAloneIsOneSize) {
  EXPECT_EQ(sweep_sizes(kMax, kMax, 2, 0), (std::vector<std::uint64_t>{kMax}));
  EXPECT_EQ(sweep_sizes(kMax, kMax, 0, 1), (std::vector<std::uint64_t>{kMax}));
}

TEST(SweepSizes, GeometricSweepRejectsFactorBelowTwoAndZeroMinimum) {
  EXPECT_THROW(sweep_sizes(8, 64, 1, 0), std::invalid_argument);
  EXPECT_THROW(sweep_sizes(8, 64, 0, 0), std::invalid_argument);
  EXPECT_THROW(sweep_sizes(0, 64, 2, 0), std::invalid_argument);
}

TEST(SizeText, UsesTheLargestSuffixThatDividesExactly) {
  EXPECT_EQ(size_text(8), "8");
  EXPECT_EQ(size_text(1000), "1000");
  EXPECT_EQ(size_text(1024), "1K");
  EXPECT_EQ(size_text(1536), "1536");
  EXPECT_EQ(size_text(32ULL << 20), "32M");
  EXPECT_EQ(size_text(3ULL << 30), "3G");
  EXPECT_EQ(size_text(0), "0");
}

TEST(SizeText, ReadsBackAsTheSameSize) {
  for (std::uint64_t bytes : {1ULL, 7ULL, 1024ULL, 4096ULL + 1, 1ULL << 20, 48ULL << 20, 8ULL << 30}) {
    EXPECT_EQ(parse_bytes(size_text(bytes)), bytes) << size_text(bytes);
  }
}

}  // namespace
}  // namespace commbench
