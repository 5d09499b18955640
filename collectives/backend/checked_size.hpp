#pragma once
// Sizes and counts that cannot wrap: every product and sum of byte sizes, element counts and
// rank counts that commbench forms from what a user typed goes through these, so that a size
// no run could hold is refused by name instead of wrapping to a small buffer (a wrapped
// allocation is written past its end: a crash, or worse, a wrong measurement).
#include <cstdint>
#include <optional>

namespace commbench {

// The largest message commbench accepts for one buffer: 2^50 bytes (1 PiB, written 1048576G).
// Why this value:
// - It is far above any machine: the largest single hosts hold tens of TiB and a GPU a few
//   hundred GB, so no real run is refused.
// - It stays above 64 TiB, so that a size possible in principle but not allocatable here
//   (-e 65536G) still reaches the allocation and ends with exit 3, as a user expects of a
//   machine that is merely too small.
// - It leaves 2^14 of headroom in 64 bits: the fixed small factors a run applies (two
//   buffers, page rounding, an element's size, a sweep's last step) cannot wrap; products
//   with the rank count can, and are checked where the rank count is known.
// - Every accepted size is exact in a double (2^50 < 2^53), so bandwidths computed from it
//   lose nothing to conversion.
inline constexpr std::uint64_t kMaxMessageBytes = 1ULL << 50;

// a * b, or empty when it does not fit in 64 bits.
inline std::optional<std::uint64_t> checked_multiply(std::uint64_t a, std::uint64_t b) {
  std::uint64_t product = 0;
  if (__builtin_mul_overflow(a, b, &product)) return std::nullopt;
  return product;
}

// a + b, or empty when it does not fit in 64 bits.
inline std::optional<std::uint64_t> checked_add(std::uint64_t a, std::uint64_t b) {
  std::uint64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) return std::nullopt;
  return sum;
}

// The smallest multiple of `multiple` (>= 1) that is >= value, or empty when it does not fit.
inline std::optional<std::uint64_t> checked_round_up(std::uint64_t value, std::uint64_t multiple) {
  if (multiple == 0) return std::nullopt;
  const std::uint64_t remainder = value % multiple;
  if (remainder == 0) return value;
  return checked_add(value, multiple - remainder);
}

}  // namespace commbench
