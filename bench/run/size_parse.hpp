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

// The most cases (rows) one sweep plans, measured (apply_world_size in bench/sweep/sweep_flags.cpp: sizes x
// dtypes x ops x roots x placements x algorithms) or predicted (bench/commands/predict/prediction_sweep.cpp:
// sizes x algorithm and protocol groups): every case is a row of the report, so the product of
// what a sweep multiplies is bounded, not only its sizes. A million rows is far beyond what a
// table or a chart is read with; `predict all` over 99,999 sizes with every algorithm and
// protocol made 2.4 million rows, 2.3 GB and a 390 MB report.
inline constexpr std::uint64_t kMaxSweepCases = 1000000;

}  // namespace commbench
