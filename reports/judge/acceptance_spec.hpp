#pragma once
// An acceptance specification for `commbench gate` (docs/GATE.md): the checks a cluster's
// reports must pass, as plain data. SI units: sizes in bytes, bandwidth in bytes/s, time in
// seconds. bench/reading/acceptance_spec_file.* reads it from a file; reports/judge/acceptance_gate.* judges
// reports against it.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace commbench {

// The format_version of spec files this build reads.
inline constexpr int kAcceptanceSpecFormatVersion = 1;

// Which rows of collectives reports a check judges: those of the collective (or of every
// collective), with the given dtype, op, algorithm and placement where one is given, whose
// size lies in [min_bytes, max_bytes] where a bound is given. Only rows with status ok are
// measurements; failed rows fail the report-status check instead.
struct RowSelection {
  std::string collective;  // a collective's name, or kAnyCollective (tail_ratio only)
  std::optional<std::string> dtype;
  std::optional<std::string> op;
  std::optional<std::string> algorithm;
  std::optional<std::string> placement;
  // A given bound must also be reached by the measurements (fail closed): some selected row
  // is at most min_bytes, and some is at least max_bytes, so the range was measured end to end.
  std::optional<std::uint64_t> min_bytes;
  std::optional<std::uint64_t> max_bytes;
};

inline const std::string kAnyCollective = "all";

// No wrong element in any verified measurement, and no unverified row.
struct NoWrongElementsCheck {
  static constexpr const char* kType = "no_wrong_elements";
};

enum class BusBandwidthBasis {
  absolute,        // at_least is bytes/s
  model_fraction,  // at_least is a fraction in (0, 1] of each row's predicted busbw
};

// Every selected row's busbw at or above the floor.
struct BusBandwidthCheck {
  static constexpr const char* kType = "busbw";
  RowSelection rows;
  BusBandwidthBasis basis = BusBandwidthBasis::absolute;
  double at_least = 0;
};

// Every selected row's time (the median sample) at or below at_most_s.
struct LatencyCheck {
  static constexpr const char* kType = "latency";
  RowSelection rows;
  double at_most_s = 0;
};

// Every selected row's p99 / median sample at or below at_most.
struct TailRatioCheck {
  static constexpr const char* kType = "tail_ratio";
  RowSelection rows;
  double at_most = 0;
  // Rows with fewer timed samples fail (a p99 of few samples is little more than the max);
  // 0: no minimum.
  std::uint64_t min_samples = 0;
};

// No flagged link in any linkcheck report.
struct LinkcheckNoOutliersCheck {
  static constexpr const char* kType = "linkcheck_no_outliers";
  bool bandwidth = true;  // count links flagged for low bandwidth
  bool latency = true;    // count links flagged for high latency
};

enum class ScalingSeriesSource { measured, predicted };

// A scaling (or plan) series' efficiency at gpus at or above at_least.
struct ScalingEfficiencyCheck {
  static constexpr const char* kType = "scaling_efficiency";
  std::uint64_t gpus = 0;
  double at_least = 0;
  ScalingSeriesSource series = ScalingSeriesSource::measured;
  // predicted only: the series of this fabric; empty: every predicted series.
  std::string fabric;
};

using AcceptanceCheckKind = std::variant<NoWrongElementsCheck, BusBandwidthCheck, LatencyCheck, TailRatioCheck,
                                         LinkcheckNoOutliersCheck, ScalingEfficiencyCheck>;

// The check type's name, as the spec's "check" field and the gate's output write it.
inline std::string acceptance_check_type(const AcceptanceCheckKind& kind) {
  return std::visit([](const auto& check) { return std::string(check.kType); }, kind);
}

struct AcceptanceCheck {
  std::string name;  // the spec's label; empty: the gate names it after what it checks
  AcceptanceCheckKind kind;
};

struct AcceptanceSpec {
  std::string name;
  std::string description;
  std::vector<AcceptanceCheck> checks;
};

}  // namespace commbench
