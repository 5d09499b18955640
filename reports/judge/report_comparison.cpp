#include "reports/judge/report_comparison.hpp"

#include <cmath>
#include <stdexcept>
#include <type_traits>
#include <unordered_map>

#include "reports/format/escaped_text.hpp"
#include "reports/format/json_optional.hpp"
#include "reports/format/number_text.hpp"
#include "reports/format/text_join.hpp"
#include "reports/judge/comparison_kinds.hpp"
#include "reports/model/json_report.hpp"

namespace commbench {
namespace compare_kinds {

std::string percent_text(double fraction) { return formatted_number("%g", fraction * 100) + "%"; }

MetricValue higher_is_better(std::string name, MetricUnit unit, double value, std::optional<double> threshold) {
  return {std::move(name), MetricDirection::higher_is_better, unit, value, threshold};
}

MetricValue lower_is_better(std::string name, MetricUnit unit, double value, std::optional<double> threshold) {
  return {std::move(name), MetricDirection::lower_is_better, unit, value, threshold};
}

std::string wrong_elements_problem(std::uint64_t wrong) {
  return wrong == 0 ? std::string() : std::to_string(wrong) + " wrong elements";
}

// The rule line of a metric that is checked only with a latency threshold.
std::string latency_rule(const std::string& what, const ComparisonOptions& options) {
  return options.latency_threshold ? what + ": an increase beyond " + percent_text(*options.latency_threshold) +
                                         " is a regression (latency threshold)"
                                   : what + ": shown, not checked (no latency threshold: small-size times are noisy)";
}

std::string threshold_rule(const std::string& what, const std::string& worse, const ComparisonOptions& options) {
  return what + ": " + worse + " beyond " + percent_text(options.threshold) + " is a regression";
}

}  // namespace compare_kinds

namespace {

using namespace compare_kinds;  // the kinds' cases, matched and judged here

// --- matching and judging, whatever the kind -----------------------------------------------

bool worse_beyond(MetricDirection direction, double ratio, double threshold) {
  return direction == MetricDirection::higher_is_better ? ratio < 1 - threshold : ratio > 1 + threshold;
}

const MetricValue& metric_named(const ComparableCase& c, const std::string& name) {
  for (const MetricValue& metric : c.metrics) {
    if (metric.name == name) return metric;
  }
  // Each kind chooses a case's metrics from its key alone, so a matched pair has the same ones.
  throw std::logic_error("report comparison: metric " + name + " missing from a matched case");
}

MetricComparison compare_metric(const std::vector<std::string>& key, const MetricValue& baseline,
                                const MetricValue& candidate) {
  MetricComparison row;
  row.key = key;
  row.metric = baseline.name;
  row.direction = baseline.direction;
  row.unit = baseline.unit;
  row.baseline = baseline.value;
  row.candidate = candidate.value;
  if (baseline.value > 0 && std::isfinite(baseline.value) && std::isfinite(candidate.value)) {
    row.ratio = candidate.value / baseline.value;
  }
  row.threshold = baseline.threshold;
  row.checked = row.threshold.has_value() && row.ratio.has_value();
  row.regression = row.checked && worse_beyond(row.direction, *row.ratio, *row.threshold);
  return row;
}

void compare_case(const ComparableCase& baseline, const ComparableCase& candidate, ReportComparison& comparison) {
  if (!baseline.problem.empty() || !candidate.problem.empty()) {
    comparison.problems.push_back(
        {baseline.key, baseline.problem, candidate.problem, baseline.problem.empty() && !candidate.problem.empty()});
    return;
  }
  for (const MetricValue& metric : baseline.metrics) {
    comparison.rows.push_back(compare_metric(baseline.key, metric, metric_named(candidate, metric.name)));
  }
}

// Pairs cases by key in the baseline's order. A key that occurs more than once in a report
// (a sweep that repeated a size) pairs its occurrences in order.
void match_cases(const ComparableCases& cases, ReportComparison& comparison) {
  // Keyed by the cases' own keys, not copies of them: three maps of 10^5 copied keys were most
  // of what compare held beside the two reports.
  using Key = const std::vector<std::string>*;
  struct KeyHash {
    std::size_t operator()(Key key) const {
      std::size_t hash = key->size();
      for (const std::string& part : *key) hash = hash * 1000003u ^ std::hash<std::string>()(part);
      return hash;
    }
  };
  struct KeyEqual {
    bool operator()(Key a, Key b) const { return *a == *b; }
  };
  std::unordered_map<Key, std::vector<const ComparableCase*>, KeyHash, KeyEqual> unmatched;
  unmatched.reserve(cases.candidate.size());
  for (const ComparableCase& c : cases.candidate) unmatched[&c.key].push_back(&c);
  std::unordered_map<Key, std::size_t, KeyHash, KeyEqual> taken;
  taken.reserve(cases.baseline.size());
  for (const ComparableCase& c : cases.baseline) {
    const auto found = unmatched.find(&c.key);
    std::size_t& used = taken[&c.key];
    if (found == unmatched.end() || used >= found->second.size()) {
      comparison.only_in_baseline.push_back(c.key);
      continue;
    }
    compare_case(c, *found->second[used++], comparison);
  }
  std::unordered_map<Key, std::size_t, KeyHash, KeyEqual> seen;
  seen.reserve(cases.candidate.size());
  for (const ComparableCase& c : cases.candidate) {
    const auto matched = taken.find(&c.key);
    if (++seen[&c.key] > (matched == taken.end() ? 0 : matched->second)) comparison.only_in_candidate.push_back(c.key);
  }
}

std::string kind_article(const std::string& kind) {
  return std::string(kind.empty() || std::string("aeiou").find(kind.front()) == std::string::npos ? "a " : "an ") +
         kind;
}

[[noreturn]] void refuse(const std::string& what) { throw std::invalid_argument(one_line_text(what)); }

void check_threshold(const char* name, double value) {
  if (!(value >= 0) || !std::isfinite(value)) {
    refuse(std::string(name) + " " + formatted_number("%g", value) +
           " is not a fraction of at least 0 (accepted: e.g. 0.05 for 5%)");
  }
}

void check_options(const ComparisonOptions& options) {
  check_threshold("threshold", options.threshold);
  if (options.latency_threshold) check_threshold("latency threshold", *options.latency_threshold);
}

template <typename Report>
std::vector<std::string> run_notes(const Report& baseline, const Report& candidate) {
  std::vector<std::string> notes = meta_notes(baseline.meta, candidate.meta);
  if (auto note = config_note(baseline.config, candidate.config)) notes.push_back(*note);
  if (auto note = outcome_note(baseline.outcome, "baseline")) notes.push_back(*note);
  if (auto note = outcome_note(candidate.outcome, "candidate")) notes.push_back(*note);
  return notes;
}

template <typename Report>
KindComparison typed_comparison(const Report& baseline, const Report& candidate, const ComparisonOptions& options) {
  KindComparison result = kind_comparison(baseline, candidate, options);
  for (std::string& note : run_notes(baseline, candidate)) result.notes.push_back(std::move(note));
  return result;
}

const std::string kComparableReports =
    "collectives, linkcheck, gradsync, pipeline and scaling reports, or a collectives report and a prediction";

// A collectives report and a prediction, in either order: the measurement against the model.
bool measured_against_predicted(const LoadedReport& baseline, const LoadedReport& candidate) {
  return (std::holds_alternative<RunReport>(baseline.content) &&
          std::holds_alternative<PredictionReport>(candidate.content)) ||
         (std::holds_alternative<PredictionReport>(baseline.content) &&
          std::holds_alternative<RunReport>(candidate.content));
}

// predicted and measured are the two reports of measured_against_predicted.
KindComparison prediction_comparison_of(const LoadedReport& predicted, const LoadedReport& measured,
                                        const ComparisonOptions& options) {
  return prediction_comparison(std::get<PredictionReport>(predicted.content), std::get<RunReport>(measured.content),
                               options);
}

KindComparison comparison_of_kind(const LoadedReport& baseline, const LoadedReport& candidate,
                                  const ComparisonOptions& options) {
  if (baseline.content.index() != candidate.content.index() || baseline.kind != candidate.kind) {
    refuse("cannot compare " + kind_article(baseline.kind) + " report (" + baseline.path + ") with " +
           kind_article(candidate.kind) + " report (" + candidate.path + ") (accepted: " + kComparableReports + ")");
  }
  return std::visit(
      [&](const auto& baseline_content) -> KindComparison {
        using Content = std::decay_t<decltype(baseline_content)>;
        if constexpr (std::is_same_v<Content, TopologyDocument>) {
          refuse("cannot compare topology reports (" + baseline.path + ", " + candidate.path +
                 "): they hold no measurements (accepted: " + kComparableReports + ")");
        } else if constexpr (std::is_same_v<Content, PredictionReport>) {
          refuse("cannot compare two predictions (" + baseline.path + ", " + candidate.path +
                 "): compare holds a measurement against a baseline or a prediction (accepted: " + kComparableReports +
                 ")");
        } else {
          return typed_comparison(baseline_content, std::get<Content>(candidate.content), options);
        }
      },
      baseline.content);
}

nlohmann::json key_json(const std::vector<std::string>& columns, const std::vector<std::string>& key) {
  nlohmann::json json = nlohmann::json::object();
  for (std::size_t i = 0; i < columns.size() && i < key.size(); ++i) json[columns[i]] = key[i];
  return json;
}

nlohmann::json problem_json(const std::string& problem) {
  return problem.empty() ? nlohmann::json(nullptr) : nlohmann::json(problem);
}

}  // namespace

ComparisonSummary ReportComparison::summary() const {
  ComparisonSummary s;
  s.compared = rows.size();
  for (const MetricComparison& row : rows) {
    s.checked += row.checked ? 1 : 0;
    s.regressions += row.regression ? 1 : 0;
  }
  for (const CaseProblem& problem : problems) s.regressions += problem.regression ? 1 : 0;
  s.problems = problems.size();
  s.only_in_baseline = only_in_baseline.size();
  s.only_in_candidate = only_in_candidate.size();
  return s;
}

bool ReportComparison::has_regression() const { return summary().regressions > 0; }

ReportComparison compare_reports(const LoadedReport& baseline, const LoadedReport& candidate,
                                 const ComparisonOptions& options) {
  check_options(options);
  ReportComparison comparison;
  KindComparison kind;
  if (measured_against_predicted(baseline, candidate)) {
    // Whichever order they come in, the prediction is what the measurement is held against.
    const bool predicted_first = std::holds_alternative<PredictionReport>(baseline.content);
    const LoadedReport& predicted = predicted_first ? baseline : candidate;
    const LoadedReport& measured = predicted_first ? candidate : baseline;
    kind = prediction_comparison_of(predicted, measured, options);
    comparison.kind = kMeasuredAgainstPredictedKind;
    comparison.baseline_path = predicted.path;
    comparison.candidate_path = measured.path;
    comparison.baseline_role = "predicted";
    comparison.candidate_role = "measured";
  } else {
    kind = comparison_of_kind(baseline, candidate, options);
    comparison.kind = baseline.kind;
    comparison.baseline_path = baseline.path;
    comparison.candidate_path = candidate.path;
  }
  comparison.options = options;
  comparison.key_columns = std::move(kind.key_columns);
  comparison.rules = std::move(kind.rules);
  comparison.notes = std::move(kind.notes);
  match_cases(kind.cases, comparison);
  if (comparison.summary().checked == 0) {
    comparison.notes.push_back(
        "no metric of the reports is checked against a threshold (see the rules), so only a case that "
        "stopped being sound can be a regression");
  }
  return comparison;
}

std::string metric_direction_name(MetricDirection direction) {
  return direction == MetricDirection::higher_is_better ? "higher_is_better" : "lower_is_better";
}

std::string metric_unit_name(MetricUnit unit) {
  switch (unit) {
    case MetricUnit::bytes_per_second: return "bytes/s";
    case MetricUnit::seconds: return "s";
    case MetricUnit::fraction: return "fraction";
  }
  return "?";
}

nlohmann::json comparison_to_json(const ReportComparison& comparison) {
  const std::vector<std::string>& columns = comparison.key_columns;
  nlohmann::json rows = nlohmann::json::array();
  for (const MetricComparison& row : comparison.rows) {
    rows.push_back({{"key", key_json(columns, row.key)},
                    {"metric", row.metric},
                    {"direction", metric_direction_name(row.direction)},
                    {"unit", metric_unit_name(row.unit)},
                    {"baseline", row.baseline},
                    {"candidate", row.candidate},
                    {"ratio", row.ratio},
                    {"threshold", row.threshold},
                    {"checked", row.checked},
                    {"regression", row.regression}});
  }
  nlohmann::json problems = nlohmann::json::array();
  for (const CaseProblem& problem : comparison.problems) {
    problems.push_back({{"key", key_json(columns, problem.key)},
                        {"baseline_problem", problem_json(problem.baseline_problem)},
                        {"candidate_problem", problem_json(problem.candidate_problem)},
                        {"regression", problem.regression}});
  }
  const auto keys_json = [&](const std::vector<std::vector<std::string>>& keys) {
    nlohmann::json json = nlohmann::json::array();
    for (const auto& key : keys) json.push_back(key_json(columns, key));
    return json;
  };
  const ComparisonSummary s = comparison.summary();
  return {{"kind", comparison.kind},
          {"baseline", comparison.baseline_path},
          {"candidate", comparison.candidate_path},
          {"baseline_role", comparison.baseline_role},
          {"candidate_role", comparison.candidate_role},
          {"options",
           {{"threshold", comparison.options.threshold},
            {"min_bytes", comparison.options.min_bytes},
            {"latency_threshold", comparison.options.latency_threshold}}},
          {"key_columns", columns},
          {"rules", comparison.rules},
          {"rows", rows},
          {"problems", problems},
          {"only_in_baseline", keys_json(comparison.only_in_baseline)},
          {"only_in_candidate", keys_json(comparison.only_in_candidate)},
          {"notes", comparison.notes},
          {"summary",
           {{"compared", s.compared},
            {"checked", s.checked},
            {"regressions", s.regressions},
            {"problems", s.problems},
            {"only_in_baseline", s.only_in_baseline},
            {"only_in_candidate", s.only_in_candidate}}},
          {"regression", s.regressions > 0}};
}

}  // namespace commbench
