// collectives/backend/checked_size.hpp: products and sums of sizes that report overflow instead of
// wrapping, and the largest message size, which every size flag is held to.
#include "collectives/backend/checked_size.hpp"
#include "collectives/backend/memory_demand.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>

#include "collectives/backend/buffer.hpp"

namespace commbench {
namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

TEST(CheckedMultiply, ExactProductsPass) {
  EXPECT_EQ(checked_multiply(0, kMax), std::optional<std::uint64_t>(0));
  EXPECT_EQ(checked_multiply(1, kMax), std::optional<std::uint64_t>(kMax));
  EXPECT_EQ(checked_multiply(1ULL << 32, (1ULL << 32) - 1), std::optional<std::uint64_t>(kMax - (1ULL << 32) + 1));
}

TEST(CheckedMultiply, ProductsPast64BitsAreEmpty) {
  EXPECT_FALSE(checked_multiply(1ULL << 32, 1ULL << 32).has_value());
  EXPECT_FALSE(checked_multiply(kMax, 2).has_value());
  // The largest message times the largest rank count an int holds.
  EXPECT_FALSE(
      checked_multiply(kMaxMessageBytes, static_cast<std::uint64_t>(std::numeric_limits<int>::max())).has_value());
}

TEST(CheckedAdd, SumsPast64BitsAreEmpty) {
  EXPECT_EQ(checked_add(kMax - 1, 1), std::optional<std::uint64_t>(kMax));
  EXPECT_FALSE(checked_add(kMax, 1).has_value());
  EXPECT_FALSE(checked_add(18446744073709551600ULL, 18446744073709551600ULL).has_value());
}

TEST(CheckedRoundUp, RoundsToTheNextMultiple) {
  EXPECT_EQ(checked_round_up(0, 4096), std::optional<std::uint64_t>(0));
  EXPECT_EQ(checked_round_up(1, 4096), std::optional<std::uint64_t>(4096));
  EXPECT_EQ(checked_round_up(4096, 4096), std::optional<std::uint64_t>(4096));
  EXPECT_EQ(checked_round_up(4097, 16), std::optional<std::uint64_t>(4112));
}

// The rounding that once turned -e 18446744073709551615 into a 0-byte buffer.
TEST(CheckedRoundUp, SizesNearTwoToThe64AreEmptyNotWrapped) {
  EXPECT_FALSE(checked_round_up(kMax, 4096).has_value());
  EXPECT_FALSE(checked_round_up(kMax - 4094, 4096).has_value());
  EXPECT_EQ(checked_round_up(kMax - 4095, 4096), std::optional<std::uint64_t>(kMax - 4095));
  EXPECT_FALSE(checked_round_up(5, 0).has_value());
}

// The bound's promises (checked_size.hpp): above 64 TiB, exact in a double, and the fixed
// factors a run applies to it stay within 64 bits.
TEST(LargestMessage, BoundKeepsItsPromises) {
  EXPECT_GT(kMaxMessageBytes, 65536ULL << 30);
  EXPECT_EQ(static_cast<std::uint64_t>(static_cast<double>(kMaxMessageBytes) + 1.0), kMaxMessageBytes + 1);
  EXPECT_TRUE(checked_multiply(kMaxMessageBytes, 1ULL << 13).has_value());
  EXPECT_TRUE(checked_round_up(kMaxMessageBytes * 2 + 4095, 4096).has_value());
}

// The crash of `all -b 18446744073709551615`: the host buffer's page rounding wrapped to a
// 0-byte buffer that the run then wrote past. Now the rounding's overflow is refused before
// any allocation is tried (so this runs under AddressSanitizer too, which aborts on a huge
// allocation instead of returning null).
TEST(HostBufferSize, ASizeWhoseRoundingWrapsIsRefusedNotWrapped) {
  for (const std::uint64_t bytes : {kMax, kMax - 15, kMax - 4094}) {
    try {
      HostBuffer buffer(static_cast<std::size_t>(bytes));
      FAIL() << bytes << " bytes gave a buffer of " << buffer.bytes();
    } catch (const OutOfMemoryError& error) {
      // The exit-3 line's words (collectives/backend/memory_demand.hpp): what, how much, what to change.
      const std::string what = error.what();
      EXPECT_EQ(what.rfind("ran out of memory while allocating a host buffer of " + std::to_string(bytes) +
                               " bytes (about 18 EB): ask for smaller messages",
                           0),
                0u)
          << what;
    }
  }
}

}  // namespace
}  // namespace commbench
