#include "reports/judge/report_comparison.hpp"

#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <type_traits>
#include <unordered_map>

#include "reports/format/escaped_text.hpp"
#include "reports/format/json_optional.hpp"
#include "reports/format/number_text.hpp"
#include "reports/format/text_join.hpp"
#include "reports/model/json_report.hpp"

namespace commbench {
namespace {

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

// --- collectives ---------------------------------------------------------------------------

std::string result_problem(const Result& result) {
  if (result.status != ResultStatus::ok) {
    return result_status_name(result.status) + (result.reason.empty() ? "" : ": " + result.reason);
  }
  return wrong_elements_problem(result.wrong);
}

const std::vector<std::string>& kCollectiveKeyColumns = kResultKeyColumns;

// The metric follows from the size alone, so a matched pair always has the same one: busbw from
// min_bytes up, the time below.
MetricValue collective_metric(std::uint64_t bytes, double bus_bw, double time_s, const ComparisonOptions& options) {
  return bytes >= options.min_bytes
             ? higher_is_better("bus_bw", MetricUnit::bytes_per_second, bus_bw, options.threshold)
             : lower_is_better("time_s", MetricUnit::seconds, time_s, options.latency_threshold);
}

ComparableCase result_case(const Result& r, const ComparisonOptions& options) {
  return {result_key(r), result_problem(r), {collective_metric(r.bytes, r.bus_bw, r.time_s, options)}};
}

std::vector<ComparableCase> collective_cases(const RunReport& report, const ComparisonOptions& options) {
  std::vector<ComparableCase> cases;
  for (const Result& r : report.results) cases.push_back(result_case(r, options));
  return cases;
}

std::string min_bytes_text(const ComparisonOptions& options) { return std::to_string(options.min_bytes) + " B"; }

KindComparison kind_comparison(const RunReport& baseline, const RunReport& candidate,
                               const ComparisonOptions& options) {
  const std::string from = min_bytes_text(options);
  return {kCollectiveKeyColumns,
          {threshold_rule("bus_bw of sizes from " + from, "a drop", options),
           latency_rule("time_s of sizes below " + from, options)},
          {collective_cases(baseline, options), collective_cases(candidate, options)},
          {}};
}

// --- linkcheck -----------------------------------------------------------------------------

std::vector<std::string> host_names(const RunMeta& meta) {
  std::vector<std::string> names;
  for (const HostEntry& host : meta.hosts) names.push_back(host.name);
  return names;
}

std::string indexed_hosts(const RunMeta& meta) {
  std::vector<std::string> items;
  for (std::size_t i = 0; i < meta.hosts.size(); ++i) items.push_back(std::to_string(i) + " " + meta.hosts[i].name);
  return joined(items, ", ");
}

std::string host_label(const LinkcheckReport& report, int host, bool by_name) {
  const bool named = by_name && host >= 0 && static_cast<std::size_t>(host) < report.meta.hosts.size();
  return named ? report.meta.hosts[static_cast<std::size_t>(host)].name : "host " + std::to_string(host);
}

std::vector<ComparableCase> link_cases(const LinkcheckReport& report, const ComparisonOptions& options,
                                       bool hosts_by_name) {
  std::vector<ComparableCase> cases;
  for (const LinkMeasurement& link : report.links) {
    std::string from = host_label(report, link.from_host, hosts_by_name);
    std::string to = host_label(report, link.to_host, hosts_by_name);
    // Links within a host are told apart by their ranks (one lane each).
    if (link.scope == "intra-host" && !link.from_ranks.empty() && !link.to_ranks.empty()) {
      from += " rank " + std::to_string(link.from_ranks.front());
      to += " rank " + std::to_string(link.to_ranks.front());
    }
    ComparableCase c;
    c.key = {link.scope, from, to};
    c.metrics = {higher_is_better("bandwidth", MetricUnit::bytes_per_second, link.bandwidth, options.threshold),
                 lower_is_better("latency_s", MetricUnit::seconds, link.latency_s, options.latency_threshold)};
    cases.push_back(std::move(c));
  }
  return cases;
}

KindComparison kind_comparison(const LinkcheckReport& baseline, const LinkcheckReport& candidate,
                               const ComparisonOptions& options) {
  // Hosts of two clusters have different names; matching by position still compares "the
  // first host with the second" in both, which is what a second cluster's check means.
  const bool by_name = host_names(baseline.meta) == host_names(candidate.meta);
  const std::string latency = "latency_s (" + std::to_string(baseline.latency_bytes) + " B messages)";
  KindComparison result{{"scope", "from", "to"},
                        {threshold_rule("bandwidth", "a drop", options), latency_rule(latency, options)},
                        {link_cases(baseline, options, by_name), link_cases(candidate, options, by_name)},
                        {}};
  if (!by_name) {
    result.notes.push_back("the reports list different hosts, so hosts are matched by position: baseline " +
                           indexed_hosts(baseline.meta) + "; candidate " + indexed_hosts(candidate.meta));
  }
  return result;
}

// --- gradsync ------------------------------------------------------------------------------

std::vector<ComparableCase> gradsync_cases(const GradsyncReport& report, const ComparisonOptions& options) {
  std::vector<ComparableCase> cases;
  for (const GradsyncCase& row : report.cases) {
    ComparableCase c;
    c.key = {report.strategy, report.overlap ? "overlap" : "no overlap", std::to_string(row.bucket_bytes)};
    c.problem = wrong_elements_problem(row.wrong);
    c.metrics = {lower_is_better("step_s", MetricUnit::seconds, row.step_s, options.threshold),
                 lower_is_better("exposed_s", MetricUnit::seconds, row.exposed_s, options.threshold)};
    cases.push_back(std::move(c));
  }
  return cases;
}

KindComparison kind_comparison(const GradsyncReport& baseline, const GradsyncReport& candidate,
                               const ComparisonOptions& options) {
  return {{"strategy", "overlap", "bucket_bytes"},
          {threshold_rule("step_s and exposed_s", "an increase", options)},
          {gradsync_cases(baseline, options), gradsync_cases(candidate, options)},
          {}};
}

// --- pipeline ------------------------------------------------------------------------------

std::vector<ComparableCase> pipeline_cases(const PipelineReport& report, const ComparisonOptions& options) {
  std::vector<ComparableCase> cases;
  for (const PipelineRun& run : report.runs) {
    ComparableCase c;
    c.key = {std::to_string(run.microbatches), std::to_string(run.activation_bytes)};
    c.metrics = {lower_is_better("step_s", MetricUnit::seconds, run.step.median, options.threshold)};
    cases.push_back(std::move(c));
  }
  return cases;
}

KindComparison kind_comparison(const PipelineReport& baseline, const PipelineReport& candidate,
                               const ComparisonOptions& options) {
  return {{"microbatches", "activation_bytes"},
          {threshold_rule("step_s (median step)", "an increase", options)},
          {pipeline_cases(baseline, options), pipeline_cases(candidate, options)},
          {}};
}

// --- scaling -------------------------------------------------------------------------------

std::string series_name(const ScalingSeries& series) {
  return series.source == "measured" ? series.source : series.source + " on " + series.fabric;
}

std::uint64_t wrong_in(const ScalingPoint& point) {
  std::uint64_t wrong = 0;
  for (const ScalingCollective& collective : point.collectives) wrong += collective.wrong;
  return wrong;
}

std::vector<ComparableCase> scaling_cases(const ScalingReport& report, const ComparisonOptions& options) {
  std::vector<const ScalingSeries*> series;
  if (report.measured) series.push_back(&*report.measured);
  for (const ScalingSeries& predicted : report.predicted) series.push_back(&predicted);
  std::vector<ComparableCase> cases;
  for (const ScalingSeries* s : series) {
    for (const ScalingPoint& point : s->points) {
      ComparableCase c;
      c.key = {series_name(*s), std::to_string(point.gpus)};
      c.problem = wrong_elements_problem(wrong_in(point));
      c.metrics = {lower_is_better("step_s", MetricUnit::seconds, point.step_s, options.threshold),
                   higher_is_better("efficiency", MetricUnit::fraction, point.efficiency, options.threshold)};
      cases.push_back(std::move(c));
    }
  }
  return cases;
}

KindComparison kind_comparison(const ScalingReport& baseline, const ScalingReport& candidate,
                               const ComparisonOptions& options) {
  return {{"series", "gpus"},
          {threshold_rule("step_s", "an increase", options), threshold_rule("efficiency", "a drop", options)},
          {scaling_cases(baseline, options), scaling_cases(candidate, options)},
          {}};
}

// --- what differs between the runs ---------------------------------------------------------

// Every leaf of a configuration under its JSON path, as text; report_path names the output
// file, which always differs.
void flatten_config(const nlohmann::json& json, const std::string& path, std::map<std::string, std::string>& leaves) {
  if (json.is_object()) {
    for (const auto& [name, value] : json.items()) {
      if (name == "report_path") continue;
      flatten_config(value, path.empty() ? name : path + "/" + name, leaves);
    }
    return;
  }
  leaves[path] = json.is_string() ? json.get<std::string>() : json.dump();
}

std::optional<std::string> config_note(const nlohmann::json& baseline, const nlohmann::json& candidate) {
  std::map<std::string, std::string> a, b;
  flatten_config(baseline, "", a);
  flatten_config(candidate, "", b);
  const std::string absent = "(absent)";
  std::vector<std::string> differences;
  for (const auto& [path, value] : a) {
    const auto other = b.find(path);
    const std::string& candidate_value = other == b.end() ? absent : other->second;
    if (value != candidate_value) differences.push_back(path + " " + value + " vs " + candidate_value);
  }
  for (const auto& [path, value] : b) {
    if (a.count(path) == 0) differences.push_back(path + " " + absent + " vs " + value);
  }
  if (differences.empty()) return std::nullopt;
  return "the configurations differ (baseline vs candidate): " + joined(differences, "; ");
}

std::string hosts_text(const RunMeta& meta) {
  return joined(host_names(meta), ", ") + " (" + std::to_string(meta.world_size) + " ranks)";
}

std::vector<std::string> gpu_names(const RunMeta& meta) {
  std::vector<std::string> names;
  if (!meta.devices) return names;
  for (const GpuEntry& gpu : meta.devices->gpus) {
    if (names.empty() || names.back() != gpu.name) names.push_back(gpu.name);
  }
  return names;
}

std::vector<std::string> meta_notes(const RunMeta& baseline, const RunMeta& candidate) {
  std::vector<std::string> notes;
  if (baseline.version != candidate.version || baseline.git_revision != candidate.git_revision) {
    notes.push_back("different builds: baseline " + baseline.version + " (" + baseline.git_revision +
                    "), candidate " + candidate.version + " (" + candidate.git_revision + ")");
  }
  if (baseline.backend != candidate.backend || baseline.library_version != candidate.library_version) {
    notes.push_back("different communication libraries: baseline " + baseline.backend + " (" +
                    baseline.library_version + "), candidate " + candidate.backend + " (" +
                    candidate.library_version + ")");
  }
  if (host_names(baseline) != host_names(candidate) || baseline.world_size != candidate.world_size) {
    notes.push_back("different hosts: baseline " + hosts_text(baseline) + ", candidate " + hosts_text(candidate));
  }
  if (gpu_names(baseline) != gpu_names(candidate)) {
    const auto gpus = [](const RunMeta& meta) {
      return meta.devices ? joined(gpu_names(meta), ", ") : std::string("host memory");
    };
    notes.push_back("different devices: baseline " + gpus(baseline) + ", candidate " + gpus(candidate));
  }
  return notes;
}

std::optional<std::string> outcome_note(const RunOutcome& outcome, const std::string& which) {
  if (outcome.status == RunStatus::complete) return std::nullopt;
  return "the " + which + " run did not finish (" + outcome.failure_kind +
         (outcome.failure.empty() ? "" : ": " + outcome.failure) +
         "); what it did not reach is listed as only in the " + (which == "baseline" ? "candidate" : "baseline");
}

template <typename Report>
std::vector<std::string> run_notes(const Report& baseline, const Report& candidate) {
  std::vector<std::string> notes = meta_notes(baseline.meta, candidate.meta);
  if (auto note = config_note(baseline.config, candidate.config)) notes.push_back(*note);
  if (auto note = outcome_note(baseline.outcome, "baseline")) notes.push_back(*note);
  if (auto note = outcome_note(candidate.outcome, "candidate")) notes.push_back(*note);
  return notes;
}

// --- a measurement against a prediction -------------------------------------------------------

// The prediction's row for a measured one: the same collective, size and ranks, and for native
// the library's own pick as the model has it; for an explicit algorithm that algorithm (with the
// protocol NCCL would pick, else any of its protocols).
const PredictionRow* predicted_row(const PredictionReport& prediction, const Result& measured) {
  const bool native = measured.algorithm == kNativeRequest;
  const PredictionRow* same_algorithm = nullptr;
  for (const PredictionRow& row : prediction.rows) {
    if (row.collective != measured.collective || row.bytes != measured.bytes || row.ranks != measured.ranks) continue;
    if (row.requested == measured.algorithm) return &row;
    if (!native && same_algorithm == nullptr && !row.assumed && row.algorithm == measured.algorithm) {
      same_algorithm = &row;
    }
  }
  return same_algorithm;
}

std::string ranks_text(const std::set<int>& ranks) {
  std::vector<std::string> counts;
  for (int count : ranks) counts.push_back(std::to_string(count));
  return joined(counts);
}

std::vector<std::string> prediction_notes(const PredictionReport& prediction, const RunReport& measured,
                                          std::size_t matched_rows) {
  std::vector<std::string> notes;
  const PredictionConfig& config = prediction.config;
  std::set<int> measured_ranks;
  for (const Result& r : measured.results) measured_ranks.insert(r.ranks);
  if (!measured_ranks.empty() && measured_ranks.count(config.ranks) == 0) {
    notes.push_back("the ranks differ: measured " + ranks_text(measured_ranks) + ", predicted " +
                    std::to_string(config.ranks) + " (" + std::to_string(config.nodes) + " node(s) x " +
                    std::to_string(config.gpus_per_node) + "), so no row matches; predict with --nodes and "
                    "--gpus-per-node that make the measured ranks");
  }
  if (measured.model && measured.model->fabric_source != config.fabric) {
    notes.push_back("the fabrics differ: the measured run was modelled on " + measured.model->fabric_source +
                    ", the prediction is for " + config.fabric);
  }
  if (!measured.meta.backend.empty() && measured.meta.backend != config.family) {
    notes.push_back("measured with the " + measured.meta.backend + " backend, predicted by the " + config.family +
                    " model family, which models what another library runs");
  }
  if (matched_rows < prediction.rows.size()) {
    notes.push_back(std::to_string(prediction.rows.size() - matched_rows) + " of the prediction's " +
                    std::to_string(prediction.rows.size()) +
                    " rows have no measured row (sizes, collectives, algorithms or ranks the run did not measure)");
  }
  if (measured.outcome.status != RunStatus::complete) {
    notes.push_back("the measured run did not finish (" + measured.outcome.failure_kind +
                    (measured.outcome.failure.empty() ? "" : ": " + measured.outcome.failure) +
                    "); what it did not reach is not compared");
  }
  return notes;
}

KindComparison prediction_comparison(const PredictionReport& prediction, const RunReport& measured,
                                     const ComparisonOptions& options) {
  const std::string from = min_bytes_text(options);
  KindComparison result{kCollectiveKeyColumns,
                        {"bus_bw of sizes from " + from + ": a measurement below the prediction by more than " +
                             percent_text(options.threshold) + " is flagged",
                         latency_rule("time_s of sizes below " + from, options)},
                        {},
                        {}};
  std::set<const PredictionRow*> matched;
  for (const Result& r : measured.results) {
    result.cases.candidate.push_back(result_case(r, options));
    if (const PredictionRow* row = predicted_row(prediction, r)) {
      result.cases.baseline.push_back({result_key(r), "", {collective_metric(r.bytes, row->bus_bw, row->time_s, options)}});
      matched.insert(row);
    }
  }
  result.notes = prediction_notes(prediction, measured, matched.size());
  return result;
}

// --- matching ------------------------------------------------------------------------------

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
