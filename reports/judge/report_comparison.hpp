#pragma once
// `commbench compare baseline.json candidate.json`: two reports of the same kind matched
// measurement by measurement, each metric's ratio candidate / baseline, and a regression
// flag where a metric got worse than a threshold allows. Plain data; comparison_table.hpp
// prints it, comparison_to_json writes it for -J.
//
// What is compared, per kind (the key identifies a measurement; equal keys are the same
// measurement in both reports):
// - collectives: key collective, algorithm, dtype, op, root, placement, bytes, ranks (a
//   different rank count is a different measurement). bus_bw (higher is better) for sizes of
//   at least min_bytes, checked against threshold; time_s (lower is better) below, checked
//   only against latency_threshold, because small-size times are noisy.
// - linkcheck: key scope, from, to (hosts by name when both reports list the same host names
//   in the same order, else by index into meta.hosts, with a note; intra-host links add the
//   ranks). bandwidth (higher is better) against threshold; latency_s (lower is better) only
//   against latency_threshold: it is a small message's time, as noisy as a collective's.
// - gradsync: key strategy, overlap, bucket_bytes. step_s and exposed_s (lower is better),
//   both against threshold. exposed_s is step - compute, a difference, so its relative noise
//   is larger than the step's; raise the threshold when it flags noise.
// - pipeline: key microbatches, activation_bytes. step_s (the median step, lower is better)
//   against threshold. A different schedule or stage count shows in the configuration note.
// - scaling: key series ("measured", or "model on FABRIC") and gpus. step_s (lower is better)
//   and efficiency (higher is better), both against threshold.
// - a collectives report and a prediction (commbench predict -J), in either order: the
//   measurement against the model, the prediction taking the baseline's place (role
//   "predicted", the measurement "measured"). Each measured row is keyed as above and matched
//   with the prediction's row of the same collective, bytes and ranks: a native row with the
//   library's own pick as the model has it, an explicit algorithm with that algorithm where the
//   prediction has it. bus_bw from min_bytes up is flagged when the measurement is below the
//   prediction by more than threshold; time_s below, only against latency_threshold. Notes say
//   when the ranks, the fabrics or the library differ, and how many predicted rows no
//   measurement matched.
// - topology reports have no measurements to compare, and two predictions no measurement:
//   compare_reports refuses them.
//
// A measurement that is not sound in a report (a status other than ok, or wrong elements) is
// not compared on its metrics (a wrong result at any speed is no figure to compare): it is
// listed among the problems, and is a regression when it was sound in the baseline. Reports
// of different configurations, builds or hosts are compared all the same (two clusters, two
// versions: that is the point), with a note saying what differs.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "reports/load/loaded_report.hpp"

namespace commbench {

struct ComparisonOptions {
  // A checked metric worse than the baseline by more than this fraction is a regression.
  double threshold = 0.05;
  // Collectives: sizes from here on are checked on bus_bw.
  std::uint64_t min_bytes = 1 << 20;
  // When set, times of small sizes (collectives below min_bytes, linkcheck latency) are
  // checked too: an increase by more than this fraction is a regression. Off by default
  // because small-size times are noisy.
  std::optional<double> latency_threshold;
};

enum class MetricDirection { higher_is_better, lower_is_better };

// What a metric's values are, for printing: bytes/s, seconds, or a fraction (1 = 100%).
enum class MetricUnit { bytes_per_second, seconds, fraction };

// One metric of a measurement found in both reports, sound in both.
struct MetricComparison {
  std::vector<std::string> key;  // one value per ReportComparison::key_columns
  std::string metric;            // the data model's field name: "bus_bw", "time_s", "step_s", ...
  MetricDirection direction = MetricDirection::higher_is_better;
  MetricUnit unit = MetricUnit::bytes_per_second;
  double baseline = 0;
  double candidate = 0;
  std::optional<double> ratio;  // candidate / baseline; empty when the baseline is not above 0
  // The fraction by which the metric may get worse; empty: shown, not checked.
  std::optional<double> threshold;
  bool checked = false;     // a threshold applies and there is a ratio
  bool regression = false;  // checked, and worse than the threshold allows in the bad direction
};

// A measurement found in both reports that is not sound in at least one of them.
struct CaseProblem {
  std::vector<std::string> key;
  std::string baseline_problem;   // empty: sound; else e.g. "failed: 3 wrong elements"
  std::string candidate_problem;
  bool regression = false;  // sound in the baseline, not in the candidate
};

struct ComparisonSummary {
  std::uint64_t compared = 0;  // metric rows with a value in both reports
  std::uint64_t checked = 0;   // of those, the ones held against a threshold
  std::uint64_t regressions = 0;  // flagged metric rows and cases that stopped being sound
  std::uint64_t problems = 0;     // cases not sound in at least one report
  std::uint64_t only_in_baseline = 0;
  std::uint64_t only_in_candidate = 0;
};

// ReportComparison::kind of a collectives report held against a prediction.
inline const std::string kMeasuredAgainstPredictedKind = "measured-vs-predicted";

struct ReportComparison {
  std::string kind;  // the reports' kind, or kMeasuredAgainstPredictedKind
  std::string baseline_path;
  std::string candidate_path;
  // What the two reports are, for the table and the JSON: "baseline" and "candidate", or
  // "predicted" and "measured".
  std::string baseline_role = "baseline";
  std::string candidate_role = "candidate";
  ComparisonOptions options;
  std::vector<std::string> key_columns;  // the names of the fields that identify a measurement
  // What this kind checks and with which threshold, one line each (printed above the table).
  std::vector<std::string> rules;
  std::vector<MetricComparison> rows;  // in the baseline's order
  std::vector<CaseProblem> problems;
  std::vector<std::vector<std::string>> only_in_baseline;   // keys
  std::vector<std::vector<std::string>> only_in_candidate;  // keys, in the candidate's order
  // What differs between the runs (configuration, build, backend, hosts, an unfinished run)
  // and what makes the verdict weaker (nothing checked); one line each.
  std::vector<std::string> notes;

  ComparisonSummary summary() const;
  bool has_regression() const;
};

// Throws std::invalid_argument (what() one line) when the reports are of different kinds other
// than a collectives report and a prediction ("cannot compare a collectives report (a.json) with
// a linkcheck report (b.json)"), of a kind that has nothing to compare (topology, two
// predictions), or a threshold is negative or not finite.
ReportComparison compare_reports(const LoadedReport& baseline, const LoadedReport& candidate,
                                 const ComparisonOptions& options);

std::string metric_direction_name(MetricDirection direction);  // "higher_is_better", "lower_is_better"
std::string metric_unit_name(MetricUnit unit);                 // "bytes/s", "s", "fraction"

// The comparison for -J:
// {
//   "kind": "collectives" | "measured-vs-predicted", "baseline": "a.json", "candidate": "b.json",
//   "baseline_role": "baseline" | "predicted", "candidate_role": "candidate" | "measured",
//   "options": {"threshold": 0.05, "min_bytes": 1048576, "latency_threshold": null | 0.2},
//   "key_columns": ["collective", ...],
//   "rules": ["...", ...],
//   "rows": [{"key": {"collective": "allreduce", ...}, "metric": "bus_bw",
//             "direction": "higher_is_better" | "lower_is_better", "unit": "bytes/s" | "s" | "fraction",
//             "baseline": 2.8e9, "candidate": 2.6e9, "ratio": 0.93 | null,
//             "threshold": 0.05 | null, "checked": true, "regression": true}, ...],
//   "problems": [{"key": {...}, "baseline_problem": null | "failed: ...",
//                 "candidate_problem": null | "...", "regression": true}, ...],
//   "only_in_baseline": [{"collective": ..., ...}, ...], "only_in_candidate": [...],
//   "notes": ["...", ...],
//   "summary": {"compared": 67, "checked": 7, "regressions": 1, "problems": 0,
//               "only_in_baseline": 0, "only_in_candidate": 0},
//   "regression": true
// }
// Keys are objects of key_columns to the key's text values. SI units (bytes/s, seconds).
nlohmann::json comparison_to_json(const ReportComparison& comparison);

}  // namespace commbench
