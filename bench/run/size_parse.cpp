#include "bench/run/size_parse.hpp"

#include <limits>
#include <utility>
#include <stdexcept>

#include "collectives/backend/checked_size.hpp"

namespace commbench {

std::optional<std::uint64_t> parse_bytes(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::uint64_t multiplier = 1;
  switch (text.back()) {
    case 'K':
    case 'k':
      multiplier = 1ULL << 10;
      break;
    case 'M':
    case 'm':
      multiplier = 1ULL << 20;
      break;
    case 'G':
    case 'g':
      multiplier = 1ULL << 30;
      break;
    default:
      break;
  }
  if (multiplier != 1) text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
    if (value > (kMax - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  if (value > kMax / multiplier) return std::nullopt;
  return value * multiplier;
}

std::string size_text(std::uint64_t bytes) {
  constexpr std::pair<std::uint64_t, char> kSuffixes[] = {{1ULL << 30, 'G'}, {1ULL << 20, 'M'}, {1ULL << 10, 'K'}};
  for (const auto& [unit, suffix] : kSuffixes) {
    if (bytes != 0 && bytes % unit == 0) return std::to_string(bytes / unit) + suffix;
  }
  return std::to_string(bytes);
}

std::vector<std::uint64_t> sweep_sizes(std::uint64_t min_bytes, std::uint64_t max_bytes, std::uint64_t factor,
                                       std::uint64_t step) {
  if (step == 0 && (factor < 2 || min_bytes == 0)) {
    throw std::invalid_argument("sweep_sizes: a geometric sweep needs factor >= 2 and min_bytes >= 1");
  }
  std::vector<std::uint64_t> sizes;
  for (std::uint64_t size = min_bytes; size <= max_bytes;) {
    sizes.push_back(size);
    // The next size, unless it would pass max or 64 bits (max near 2^64 must not wrap to a
    // small size and start over).
    const std::optional<std::uint64_t> next = step > 0 ? checked_add(size, step) : checked_multiply(size, factor);
    if (!next || *next > max_bytes) break;
    size = *next;
  }
  return sizes;
}

}  // namespace commbench
