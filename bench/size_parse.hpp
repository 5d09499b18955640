#pragma once
// Byte sizes as nccl-tests writes them (8, 64K, 64M, 8G; K = 1024) and the sweep's sizes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commbench {

// Parses a non-negative byte count with an optional K, M or G suffix (either case,
// powers of 1024). Empty on anything else, including overflow.
std::optional<std::uint64_t> parse_bytes(std::string_view text);

// The shortest text parse_bytes reads back as bytes: 32M for 33554432, 1000 for 1000.
std::string size_text(std::uint64_t bytes);

// min, then min * factor (or min + step when step > 0) while not above max; never wraps, even
// with max at 2^64 - 1. The caller bounds how many sizes that makes (a geometric sweep has at
// most 64). Also the powers of two of a range: sweep_sizes(low, high, 2, 0).
std::vector<std::uint64_t> sweep_sizes(std::uint64_t min_bytes, std::uint64_t max_bytes, std::uint64_t factor,
                                       std::uint64_t step);

}  // namespace commbench
