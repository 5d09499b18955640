#pragma once
// What compare needs of each kind of report, one file each (compare_collectives.cpp,
// compare_linkcheck.cpp, compare_gradsync.cpp, compare_pipeline.cpp, compare_scaling.cpp,
// compare_prediction.cpp), and what they share: a measurement as the comparison sees it (its
// key, whether it is sound, its metrics), the rule lines, and the notes on what differs
// between two runs (comparison_notes.cpp). report_comparison.cpp matches the cases and judges
// each pair, whatever the kind.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "reports/judge/report_comparison.hpp"
#include "reports/load/loaded_report.hpp"

namespace commbench::compare_kinds {

// A measurement as the comparison sees it, whatever the report's kind.
struct MetricValue {
  std::string name;
  MetricDirection direction;
  MetricUnit unit;
  double value = 0;
  std::optional<double> threshold;  // empty: shown, not checked
};

struct ComparableCase {
  std::vector<std::string> key;
  std::string problem;  // empty: a sound measurement
  std::vector<MetricValue> metrics;
};

struct ComparableCases {
  std::vector<ComparableCase> baseline;
  std::vector<ComparableCase> candidate;
};

// The part of a report's kind the comparison needs: its key columns, what it checks, and
// each report's cases. Filled per kind below.
struct KindComparison {
  std::vector<std::string> key_columns;
  std::vector<std::string> rules;
  ComparableCases cases;
  std::vector<std::string> notes;
};

// One case per row of a report, in order.
template <typename Row, typename ToCase>
std::vector<ComparableCase> cases_of(const std::vector<Row>& rows, ToCase to_case) {
  std::vector<ComparableCase> cases;
  cases.reserve(rows.size());
  for (const Row& row : rows) cases.push_back(to_case(row));
  return cases;
}

// Shared by the kinds (defined in report_comparison.cpp).
std::string percent_text(double fraction);  // 0.05 -> "5%"
MetricValue higher_is_better(std::string name, MetricUnit unit, double value, std::optional<double> threshold);
MetricValue lower_is_better(std::string name, MetricUnit unit, double value, std::optional<double> threshold);
// "3 wrong elements", or empty (sound) for none.
std::string wrong_elements_problem(std::uint64_t wrong);
// The rule line of a metric that is checked only with a latency threshold.
std::string latency_rule(const std::string& what, const ComparisonOptions& options);
// "WHAT: WORSE beyond 5% is a regression".
std::string threshold_rule(const std::string& what, const std::string& worse, const ComparisonOptions& options);

// The comparison of two reports of one kind: key columns, rules and each report's cases.
KindComparison kind_comparison(const RunReport& baseline, const RunReport& candidate, const ComparisonOptions& options);
KindComparison kind_comparison(const LinkcheckReport& baseline, const LinkcheckReport& candidate,
                               const ComparisonOptions& options);
KindComparison kind_comparison(const GradsyncReport& baseline, const GradsyncReport& candidate,
                               const ComparisonOptions& options);
KindComparison kind_comparison(const PipelineReport& baseline, const PipelineReport& candidate,
                               const ComparisonOptions& options);
KindComparison kind_comparison(const ScalingReport& baseline, const ScalingReport& candidate,
                               const ComparisonOptions& options);
// A measurement held against a prediction (compare_prediction.cpp), with its notes.
KindComparison prediction_comparison(const PredictionReport& prediction, const RunReport& measured,
                                     const ComparisonOptions& options);

// A collectives report's cases (compare_collectives.cpp), which the prediction's rows are
// matched with: the same key columns and, from the size alone, the same metric.
inline const std::vector<std::string>& kCollectiveKeyColumns = kResultKeyColumns;
MetricValue collective_metric(std::uint64_t bytes, double bus_bw, double time_s, const ComparisonOptions& options);
ComparableCase result_case(const Result& result, const ComparisonOptions& options);
std::string min_bytes_text(const ComparisonOptions& options);  // "1048576 B"

// What differs between two runs of any kind (comparison_notes.cpp), one note each.
std::vector<std::string> host_names(const RunMeta& meta);
std::vector<std::string> meta_notes(const RunMeta& baseline, const RunMeta& candidate);
std::optional<std::string> config_note(const nlohmann::json& baseline, const nlohmann::json& candidate);
std::optional<std::string> outcome_note(const RunOutcome& outcome, const std::string& which);

}  // namespace commbench::compare_kinds
