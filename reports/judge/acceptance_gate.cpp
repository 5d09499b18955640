#include "reports/judge/acceptance_gate.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <optional>
#include <set>
#include <utility>

#include "reports/format/number_text.hpp"
#include "reports/format/text_join.hpp"

namespace commbench {
namespace {

// Failing rows, links or points a check lists before "and N more": enough to act on, few
// enough that a CI page stays readable.
constexpr std::size_t kMaxListedFailures = 8;

template <class... Visitors>
struct Overloaded : Visitors... {
  using Visitors::operator()...;
};
template <class... Visitors>
Overloaded(Visitors...) -> Overloaded<Visitors...>;

// GB/s (1e9 bytes/s), as the tables print bandwidth and specs state it.
std::string bandwidth_text(double bytes_per_s) { return formatted_number("%.4g GB/s", bytes_per_s / 1e9); }
std::string plain_number_text(double value) { return formatted_number("%.3g", value); }
std::string fraction_of_prediction_text(double value) { return formatted_number("%.3g", value) + " x predicted"; }

// Appends lines to details, at most kMaxListedFailures of them, then how many were left out.
void append_listed(std::vector<std::string>& details, const std::vector<std::string>& lines, const std::string& what) {
  for (std::size_t i = 0; i < lines.size() && i < kMaxListedFailures; ++i) details.push_back(lines[i]);
  if (lines.size() > kMaxListedFailures) {
    details.push_back("... and " + std::to_string(lines.size() - kMaxListedFailures) + " more " + what);
  }
}

CheckOutcome missing_measurement(CheckOutcome outcome, std::vector<std::string> needed) {
  outcome.measured = "missing";
  outcome.passed = false;
  outcome.details = std::move(needed);
  return outcome;
}

// ---- rows of collectives reports ---------------------------------------------------------

struct ReportRow {
  const Result* row;
  const std::string* report;
};

struct CollectiveRows {
  std::size_t reports = 0;  // collectives reports given
  std::vector<ReportRow> rows;
};

CollectiveRows collective_rows(const std::vector<LoadedReport>& reports) {
  CollectiveRows all;
  for (const LoadedReport& report : reports) {
    const auto* run = std::get_if<RunReport>(&report.content);
    if (run == nullptr) continue;
    ++all.reports;
    for (const Result& row : run->results) all.rows.push_back({&row, &report.path});
  }
  return all;
}

// "allreduce 2 MiB float32 sum out-of-place (run.json)": enough to find the row in the table.
std::string row_text(const ReportRow& entry) {
  const Result& row = *entry.row;
  std::string text = row.collective + " " + byte_size_text(static_cast<double>(row.bytes)) + " " + row.dtype;
  if (row.op != "none") text += " " + row.op;
  text += " " + row.placement;
  if (row.algorithm != "native") text += " " + row.algorithm;
  if (row.root >= 0) text += " root " + std::to_string(row.root);
  return text + " (" + *entry.report + ")";
}

bool matches(const std::optional<std::string>& wanted, const std::string& value) { return !wanted || *wanted == value; }

bool same_case(const RowSelection& selection, const Result& row) {
  return (selection.collective == kAnyCollective || selection.collective == row.collective) &&
         matches(selection.dtype, row.dtype) && matches(selection.op, row.op) &&
         matches(selection.algorithm, row.algorithm) && matches(selection.placement, row.placement);
}

bool within_range(const RowSelection& selection, std::uint64_t bytes) {
  return (!selection.min_bytes || bytes >= *selection.min_bytes) &&
         (!selection.max_bytes || bytes <= *selection.max_bytes);
}

std::string range_text(const RowSelection& selection) {
  if (selection.min_bytes && selection.max_bytes) {
    return "from " + byte_size_text(static_cast<double>(*selection.min_bytes)) + " to " + byte_size_text(static_cast<double>(*selection.max_bytes));
  }
  if (selection.min_bytes) return "from " + byte_size_text(static_cast<double>(*selection.min_bytes)) + " up";
  if (selection.max_bytes) return "up to " + byte_size_text(static_cast<double>(*selection.max_bytes));
  return "of any size";
}

std::vector<std::pair<std::string, const std::optional<std::string>*>> case_filters(const RowSelection& selection) {
  return {{"dtype", &selection.dtype},
          {"op", &selection.op},
          {"algorithm", &selection.algorithm},
          {"placement", &selection.placement}};
}

// "ok allreduce rows (dtype bfloat16)", "ok rows of any collective".
std::string rows_text(const RowSelection& selection) {
  std::string text = selection.collective == kAnyCollective ? "ok rows of any collective"
                                                            : "ok " + selection.collective + " rows";
  std::vector<std::string> filters;
  for (const auto& [field, wanted] : case_filters(selection)) {
    if (*wanted) filters.push_back(field + " " + **wanted);
  }
  return filters.empty() ? text : text + " (" + joined(filters) + ")";
}

// What the reports have instead, when no ok row is of the selected case.
std::string rows_available_text(const RowSelection& selection, const std::vector<ReportRow>& rows) {
  std::set<std::string> collectives;
  std::vector<const Result*> of_collective;
  for (const ReportRow& entry : rows) {
    if (entry.row->status != ResultStatus::ok) continue;
    collectives.insert(entry.row->collective);
    if (selection.collective == kAnyCollective || entry.row->collective == selection.collective) {
      of_collective.push_back(entry.row);
    }
  }
  if (of_collective.empty()) {
    if (collectives.empty()) return "the reports have no ok rows";
    return "the reports have no ok " + selection.collective + " rows (they have " +
           joined({collectives.begin(), collectives.end()}) + ")";
  }
  const auto value_of = [](const Result& row, const std::string& field) -> const std::string& {
    if (field == "dtype") return row.dtype;
    if (field == "op") return row.op;
    if (field == "algorithm") return row.algorithm;
    return row.placement;
  };
  std::vector<std::string> found;
  for (const auto& [field, wanted] : case_filters(selection)) {
    if (!*wanted) continue;
    std::set<std::string> values;
    for (const Result* row : of_collective) values.insert(value_of(*row, field));
    found.push_back(field + " " + joined({values.begin(), values.end()}));
  }
  const std::string which =
      selection.collective == kAnyCollective ? std::string("the reports' ok rows")
                                             : "the reports' ok " + selection.collective + " rows";
  return which + " have " + joined(found);
}

// The rows a check judges, or (fail closed) what it needed and what the reports have.
struct RowSelectionResult {
  std::vector<ReportRow> rows;
  std::vector<std::string> missing;  // non-empty: the selection's measurements are missing
};

RowSelectionResult select_rows(const RowSelection& selection, const CollectiveRows& all) {
  const std::string needed = "needs " + rows_text(selection) + " " + range_text(selection);
  if (all.reports == 0) return {{}, {needed + "; no collectives report was given"}};
  std::vector<ReportRow> of_case;
  for (const ReportRow& entry : all.rows) {
    if (entry.row->status == ResultStatus::ok && same_case(selection, *entry.row)) of_case.push_back(entry);
  }
  if (of_case.empty()) return {{}, {needed + "; " + rows_available_text(selection, all.rows)}};

  std::uint64_t smallest = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t largest = 0;
  RowSelectionResult selected;
  for (const ReportRow& entry : of_case) {
    smallest = std::min(smallest, entry.row->bytes);
    largest = std::max(largest, entry.row->bytes);
    if (within_range(selection, entry.row->bytes)) selected.rows.push_back(entry);
  }
  // A range the sweep stopped short of was not measured end to end, even if a few of its
  // sizes were.
  const bool covered = !selected.rows.empty() && (!selection.min_bytes || smallest <= *selection.min_bytes) &&
                       (!selection.max_bytes || largest >= *selection.max_bytes);
  if (!covered) {
    return {{},
            {needed + "; the reports have them from " + byte_size_text(static_cast<double>(smallest)) + " to " + byte_size_text(static_cast<double>(largest))}};
  }
  return selected;
}

// ---- judging rows against a bound ---------------------------------------------------------

enum class Bound { at_least, at_most };

// One row's measurement for a check: the value judged, or why the row has none.
struct RowMeasurement {
  std::optional<double> value;
  std::string missing;  // when there is no value
  std::string note;     // what the value was computed from, for the details
};

struct RowRule {
  Bound bound = Bound::at_least;
  double required = 0;
  std::function<std::string(double)> value_text;
  std::function<RowMeasurement(const Result&)> measure;
  std::string needs;  // what every row must have for measure to give a value
};

bool within_bound(Bound bound, double value, double required) {
  return bound == Bound::at_least ? value >= required : value <= required;
}

// How comfortably a value meets the bound: 1 is exactly on it, below 1 fails; the smallest
// margin is the worst row.
double margin(Bound bound, double value, double required) {
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  if (bound == Bound::at_least) return required > 0 ? value / required : kInfinity;
  return value > 0 ? required / value : kInfinity;
}

std::string bound_text(Bound bound, const std::string& value) {
  return (bound == Bound::at_least ? ">= " : "<= ") + value;
}

CheckOutcome judge_rows(CheckOutcome outcome, const RowSelectionResult& selection, const RowRule& rule) {
  outcome.required = bound_text(rule.bound, rule.value_text(rule.required));
  if (!selection.missing.empty()) return missing_measurement(std::move(outcome), selection.missing);

  struct Judged {
    const ReportRow* entry;
    double value;
    std::string note;
  };
  std::vector<Judged> judged;
  std::vector<std::string> lacking;
  for (const ReportRow& entry : selection.rows) {
    RowMeasurement measurement = rule.measure(*entry.row);
    if (measurement.value) {
      judged.push_back({&entry, *measurement.value, std::move(measurement.note)});
    } else {
      lacking.push_back(row_text(entry) + ": " + measurement.missing);
    }
  }
  if (!lacking.empty()) {
    outcome = missing_measurement(std::move(outcome), {"needs " + rule.needs + " for every row judged; " +
                                                       std::to_string(lacking.size()) + " of " +
                                                       std::to_string(selection.rows.size()) + " rows lack it:"});
    outcome.measured = "missing for " + std::to_string(lacking.size()) + " of " +
                       std::to_string(selection.rows.size()) + " rows";
    append_listed(outcome.details, lacking, "rows");
    return outcome;
  }

  // Worst first; stable so that rows equally bad keep the reports' order.
  std::stable_sort(judged.begin(), judged.end(), [&](const Judged& a, const Judged& b) {
    return margin(rule.bound, a.value, rule.required) < margin(rule.bound, b.value, rule.required);
  });
  const Judged& worst = judged.front();
  outcome.measured = rule.value_text(worst.value) + " (worst of " + std::to_string(judged.size()) + " rows: " +
                     worst.entry->row->collective + " " + byte_size_text(static_cast<double>(worst.entry->row->bytes)) + ")";
  std::vector<std::string> failing;
  for (const Judged& row : judged) {
    if (within_bound(rule.bound, row.value, rule.required)) continue;
    failing.push_back(row_text(*row.entry) + ": " + rule.value_text(row.value) +
                      (row.note.empty() ? "" : " (" + row.note + ")"));
  }
  outcome.passed = failing.empty();
  if (!outcome.passed) {
    outcome.details.push_back(std::to_string(failing.size()) + " of " + std::to_string(judged.size()) +
                              " rows fail, worst first:");
    append_listed(outcome.details, failing, "rows");
  }
  return outcome;
}

// ---- the checks ---------------------------------------------------------------------------

CheckOutcome named(const AcceptanceCheck& check, const std::string& default_name, const std::string& description) {
  CheckOutcome outcome;
  outcome.name = check.name.empty() ? default_name : check.name;
  outcome.check = acceptance_check_type(check.kind);
  outcome.description = description;
  return outcome;
}

CheckOutcome evaluate(const AcceptanceCheck& check, const BusBandwidthCheck& busbw, const CollectiveRows& rows) {
  const std::string scope = "each of the " + rows_text(busbw.rows) + " " + range_text(busbw.rows);
  RowRule rule;
  rule.bound = Bound::at_least;
  rule.required = busbw.at_least;
  if (busbw.basis == BusBandwidthBasis::absolute) {
    rule.value_text = bandwidth_text;
    rule.measure = [](const Result& row) { return RowMeasurement{row.bus_bw, "", ""}; };
    rule.needs = "a busbw";
    return judge_rows(named(check, "busbw " + busbw.rows.collective, "busbw of " + scope),
                      select_rows(busbw.rows, rows), rule);
  }
  rule.value_text = fraction_of_prediction_text;
  rule.needs = "the model's prediction (a run with --fabric whose model covers the case)";
  rule.measure = [](const Result& row) {
    if (!row.prediction) return RowMeasurement{std::nullopt, "no model prediction", ""};
    if (!(row.prediction->bus_bw > 0)) return RowMeasurement{std::nullopt, "the predicted busbw is 0", ""};
    return RowMeasurement{row.bus_bw / row.prediction->bus_bw, "",
                          bandwidth_text(row.bus_bw) + " of predicted " + bandwidth_text(row.prediction->bus_bw)};
  };
  return judge_rows(named(check, "busbw " + busbw.rows.collective,
                          "busbw as a fraction of the model's predicted busbw, " + scope),
                    select_rows(busbw.rows, rows), rule);
}

CheckOutcome evaluate(const AcceptanceCheck& check, const LatencyCheck& latency, const CollectiveRows& rows) {
  RowRule rule;
  rule.bound = Bound::at_most;
  rule.required = latency.at_most_s;
  rule.value_text = duration_text;
  rule.measure = [](const Result& row) { return RowMeasurement{row.time_s, "", ""}; };
  rule.needs = "a time";
  return judge_rows(named(check, "latency " + latency.rows.collective,
                          "time (median sample) of each of the " + rows_text(latency.rows) + " " +
                              range_text(latency.rows)),
                    select_rows(latency.rows, rows), rule);
}

CheckOutcome evaluate(const AcceptanceCheck& check, const TailRatioCheck& tail, const CollectiveRows& rows) {
  RowRule rule;
  rule.bound = Bound::at_most;
  rule.required = tail.at_most;
  rule.value_text = plain_number_text;
  const std::uint64_t min_samples = tail.min_samples;
  rule.needs = min_samples > 0 ? "at least " + std::to_string(min_samples) + " timed samples and a median above 0"
                               : "a median above 0";
  rule.measure = [min_samples](const Result& row) {
    const SampleStatistics& stats = row.stats_s;
    if (stats.samples < min_samples) {
      return RowMeasurement{std::nullopt, std::to_string(stats.samples) + " samples", ""};
    }
    if (!(stats.median > 0)) return RowMeasurement{std::nullopt, "the median sample is 0", ""};
    return RowMeasurement{stats.p99 / stats.median, "",
                          "p99 " + duration_text(stats.p99) + ", median " + duration_text(stats.median) + ", " +
                              std::to_string(stats.samples) + " samples"};
  };
  return judge_rows(named(check, "tail_ratio " + tail.rows.collective,
                          "p99 / median sample time of each of the " + rows_text(tail.rows) + " " +
                              range_text(tail.rows)),
                    select_rows(tail.rows, rows), rule);
}

CheckOutcome evaluate(const AcceptanceCheck& check, const NoWrongElementsCheck&,
                      const std::vector<LoadedReport>& reports) {
  CheckOutcome outcome = named(check, NoWrongElementsCheck::kType,
                               "wrong elements in every verified measurement (collectives rows, gradsync steps, "
                               "measured scaling collectives)");
  outcome.required = "0 wrong";
  std::uint64_t wrong = 0;
  std::size_t verified = 0;
  std::vector<std::string> wrong_lines;
  std::vector<std::string> unverified_lines;
  const auto count = [&](std::uint64_t found, const std::string& where) {
    ++verified;
    wrong += found;
    if (found > 0) wrong_lines.push_back(where + ": " + std::to_string(found) + " wrong elements");
  };
  for (const LoadedReport& report : reports) {
    std::visit(Overloaded{
                   [&](const RunReport& run) {
                     for (const Result& row : run.results) {
                       const ReportRow entry{&row, &report.path};
                       // A row not checked says nothing about wrong elements: fail closed.
                       if (row.status == ResultStatus::ok && row.check_iterations == 0) {
                         unverified_lines.push_back(row_text(entry));
                       } else if (row.status == ResultStatus::ok || row.wrong > 0) {
                         count(row.wrong, row_text(entry));
                       }
                     }
                   },
                   [&](const GradsyncReport& gradsync) {
                     for (const GradsyncCase& step : gradsync.cases) {
                       count(step.wrong, "gradsync step with " + byte_size_text(static_cast<double>(step.bucket_bytes)) + " buckets (" +
                                             report.path + ")");
                     }
                   },
                   [&](const ScalingReport& scaling) {
                     if (!scaling.measured) return;
                     for (const ScalingPoint& point : scaling.measured->points) {
                       for (const ScalingCollective& collective : point.collectives) {
                         count(collective.wrong, "measured scaling at " + std::to_string(point.gpus) + " GPUs, " +
                                                     collective.collective + " " + byte_size_text(static_cast<double>(collective.bytes)) +
                                                     " (" + report.path + ")");
                       }
                     }
                   },
                   [](const auto&) {},
               },
               report.content);
  }
  if (verified == 0 && unverified_lines.empty()) {
    return missing_measurement(std::move(outcome),
                               {"needs verified measurements: a collectives report with checked ok rows, a gradsync "
                                "report, or a scaling report with a measured series; the reports have none"});
  }
  if (!unverified_lines.empty()) {
    outcome = missing_measurement(std::move(outcome),
                                  {"needs every ok row verified; " + std::to_string(unverified_lines.size()) +
                                   " rows were not checked (check_iterations 0):"});
    outcome.measured = "missing for " + std::to_string(unverified_lines.size()) + " rows";
    append_listed(outcome.details, unverified_lines, "rows");
    return outcome;
  }
  outcome.measured = std::to_string(wrong) + " wrong (" + std::to_string(verified) + " verified measurements)";
  outcome.passed = wrong == 0;
  append_listed(outcome.details, wrong_lines, "measurements with wrong elements");
  return outcome;
}

std::string host_name(const LinkcheckReport& report, int host) {
  if (host >= 0 && static_cast<std::size_t>(host) < report.meta.hosts.size()) return report.meta.hosts[host].name;
  return "host " + std::to_string(host);
}

std::string ranks_text(const std::vector<int>& ranks) {
  std::vector<std::string> numbers;
  for (int rank : ranks) numbers.push_back(std::to_string(rank));
  return joined(numbers, ",");
}

// "fx-host2 -> fx-host3 (inter-host, ranks 2 -> 4): bandwidth 0.02832 GB/s, below 0.8 x the
// inter-host median 0.03882 GB/s"
std::string flagged_link_text(const LinkcheckReport& report, const LinkMeasurement& link, const std::string& path,
                              const LinkcheckNoOutliersCheck& check) {
  const bool inter = link.scope == "inter-host";
  const double median_bandwidth = inter ? report.median_inter_host_bandwidth : report.median_intra_host_bandwidth;
  const double median_latency = inter ? report.median_inter_host_latency_s : report.median_intra_host_latency_s;
  std::vector<std::string> flags;
  if (check.bandwidth && link.bandwidth_outlier) {
    flags.push_back("bandwidth " + bandwidth_text(link.bandwidth) + ", below " +
                    formatted_number("%g", report.outlier_fraction) + " x the " + link.scope + " median " +
                    bandwidth_text(median_bandwidth));
  }
  if (check.latency && link.latency_outlier) {
    flags.push_back("latency " + duration_text(link.latency_s) + ", above " +
                    formatted_number("%g", report.latency_factor) + " x the " + link.scope + " median " +
                    duration_text(median_latency));
  }
  return host_name(report, link.from_host) + " -> " + host_name(report, link.to_host) + " (" + link.scope +
         ", ranks " + ranks_text(link.from_ranks) + " -> " + ranks_text(link.to_ranks) + ", " + path +
         "): " + joined(flags, "; ");
}

CheckOutcome evaluate(const AcceptanceCheck& check, const LinkcheckNoOutliersCheck& links,
                      const std::vector<LoadedReport>& reports) {
  const std::string flags = links.bandwidth && links.latency ? "low bandwidth or high latency"
                            : links.bandwidth                ? "low bandwidth"
                                                             : "high latency";
  CheckOutcome outcome = named(check, LinkcheckNoOutliersCheck::kType, "links flagged for " + flags);
  outcome.required = "0 flagged links";
  std::size_t linkcheck_reports = 0;
  std::size_t measured_links = 0;
  std::vector<std::string> flagged;
  std::vector<std::string> suspects;
  for (const LoadedReport& report : reports) {
    const auto* linkcheck = std::get_if<LinkcheckReport>(&report.content);
    if (linkcheck == nullptr) continue;
    ++linkcheck_reports;
    measured_links += linkcheck->links.size();
    for (const LinkMeasurement& link : linkcheck->links) {
      if ((links.bandwidth && link.bandwidth_outlier) || (links.latency && link.latency_outlier)) {
        flagged.push_back(flagged_link_text(*linkcheck, link, report.path, links));
      }
    }
    for (const HostLinkVerdict& host : linkcheck->hosts) {
      if (host.suspect) suspects.push_back("suspect host " + host.name + " (" + report.path + "): " + host.reason);
    }
  }
  if (linkcheck_reports == 0) {
    return missing_measurement(std::move(outcome), {"needs a linkcheck report; none was given"});
  }
  if (measured_links == 0) {
    return missing_measurement(std::move(outcome),
                               {"needs measured links; the linkcheck reports have none (a single host, without "
                                "--intra-host)"});
  }
  outcome.measured = std::to_string(flagged.size()) + " flagged links (of " + std::to_string(measured_links) + ")";
  outcome.passed = flagged.empty();
  if (!outcome.passed) {
    append_listed(outcome.details, flagged, "flagged links");
    append_listed(outcome.details, suspects, "suspect hosts");
  }
  return outcome;
}

std::string series_name(const ScalingSeries& series) {
  return series.source == "measured" ? std::string("measured series") : "predicted series on " + series.fabric;
}

CheckOutcome evaluate(const AcceptanceCheck& check, const ScalingEfficiencyCheck& scaling,
                      const std::vector<LoadedReport>& reports) {
  const bool measured = scaling.series == ScalingSeriesSource::measured;
  const std::string wanted_series = measured                ? "a measured series"
                                    : scaling.fabric.empty() ? "a predicted series"
                                                             : "a predicted series on " + scaling.fabric;
  const std::string gpus = std::to_string(scaling.gpus) + " GPUs";
  CheckOutcome outcome = named(check, "scaling_efficiency " + gpus,
                               "scaling efficiency of " + wanted_series + " at " + gpus);
  outcome.required = bound_text(Bound::at_least, plain_number_text(scaling.at_least));

  struct Found {
    const ScalingSeries* series;
    const ScalingPoint* point;
    const std::string* report;
  };
  std::size_t scaling_reports = 0;
  std::vector<std::string> other_series;
  std::vector<std::string> point_counts;
  std::vector<Found> found;
  for (const LoadedReport& report : reports) {
    const auto* analysis = std::get_if<ScalingReport>(&report.content);
    if (analysis == nullptr) continue;
    ++scaling_reports;
    std::vector<const ScalingSeries*> series;
    if (analysis->measured) series.push_back(&*analysis->measured);
    for (const ScalingSeries& predicted : analysis->predicted) series.push_back(&predicted);
    for (const ScalingSeries* candidate : series) {
      const bool wanted = measured ? candidate->source == "measured"
                                   : candidate->source != "measured" &&
                                         (scaling.fabric.empty() || candidate->fabric == scaling.fabric);
      if (!wanted) {
        other_series.push_back(series_name(*candidate));
        continue;
      }
      std::vector<std::string> counts;
      for (const ScalingPoint& point : candidate->points) {
        counts.push_back(std::to_string(point.gpus));
        if (point.gpus == scaling.gpus) found.push_back({candidate, &point, &report.path});
      }
      point_counts.push_back(series_name(*candidate) + " (" + report.path + ") has " + joined(counts) + " GPUs");
    }
  }
  const std::string needed = "needs " + wanted_series + " with a point at " + gpus;
  if (scaling_reports == 0) {
    return missing_measurement(std::move(outcome), {needed + "; no scaling or plan report was given"});
  }
  if (point_counts.empty()) {
    return missing_measurement(std::move(outcome),
                               {needed + "; the scaling reports have " +
                                (other_series.empty() ? std::string("no series") : joined(other_series))});
  }
  if (found.empty()) return missing_measurement(std::move(outcome), {needed + "; " + joined(point_counts)});

  std::stable_sort(found.begin(), found.end(),
                   [](const Found& a, const Found& b) { return a.point->efficiency < b.point->efficiency; });
  const Found& worst = found.front();
  outcome.measured = plain_number_text(worst.point->efficiency) + " (" + series_name(*worst.series) + ", " +
                     *worst.report + ")";
  std::vector<std::string> failing;
  for (const Found& entry : found) {
    if (entry.point->efficiency >= scaling.at_least) continue;
    const std::uint64_t first_gpus = entry.series->points.front().gpus;
    std::string line = series_name(*entry.series) + " (" + *entry.report + "): efficiency " +
                       plain_number_text(entry.point->efficiency) + " at " + gpus + ", speedup " +
                       plain_number_text(entry.point->speedup) + " over " + std::to_string(first_gpus) + " GPUs";
    if (!entry.point->dominant_term.empty()) line += "; communication dominated by " + entry.point->dominant_term;
    failing.push_back(line);
  }
  outcome.passed = failing.empty();
  append_listed(outcome.details, failing, "series");
  return outcome;
}

// ---- report status ------------------------------------------------------------------------

std::optional<RunOutcome> outcome_of(const ReportContent& content) {
  return std::visit(Overloaded{
                        [](const TopologyDocument& topology) -> std::optional<RunOutcome> {
                          const nlohmann::json& document = topology.document;
                          const auto found = document.find("outcome");
                          if (found == document.end() || !found->is_object()) return std::nullopt;
                          // Read by hand, as the document has no data model: a field that is
                          // missing or not a string reads as empty, which is not "complete".
                          const auto text = [&](const char* key) {
                            const auto field = found->find(key);
                            return field != found->end() && field->is_string() ? field->get<std::string>()
                                                                               : std::string();
                          };
                          RunOutcome outcome;
                          outcome.status = text("status") == "complete" ? RunStatus::complete : RunStatus::partial;
                          outcome.failure_kind = text("failure_kind");
                          outcome.failure = text("failure");
                          return outcome;
                        },
                        [](const auto& report) -> std::optional<RunOutcome> { return report.outcome; },
                    },
                    content);
}

CheckOutcome report_status_check(const LoadedReport& report) {
  CheckOutcome outcome;
  outcome.name = "report status " + report.path;
  outcome.check = kReportStatusCheckType;
  outcome.description = "the " + report.kind + " run finished cleanly: outcome complete, failure_kind none, no "
                        "failed or timed-out row";
  outcome.required = "complete, no failed row";
  outcome.details = report_status_problems(report);
  outcome.passed = outcome.details.empty();
  const std::optional<RunOutcome> run = outcome_of(report.content);
  outcome.measured = run ? run_status_name(run->status) : std::string("no outcome");
  if (run && run->failure_kind != "none") outcome.measured += " (" + run->failure_kind + ")";
  if (const auto* collectives = std::get_if<RunReport>(&report.content)) {
    const std::size_t failed = std::count_if(collectives->results.begin(), collectives->results.end(),
                                             [](const Result& row) {
                                               return row.status == ResultStatus::failed ||
                                                      row.status == ResultStatus::timed_out;
                                             });
    if (failed > 0) outcome.measured += ", " + std::to_string(failed) + " failed rows";
  }
  return outcome;
}

}  // namespace

bool GateResult::passed() const { return !checks.empty() && failed_count() == 0; }

std::size_t GateResult::failed_count() const {
  return std::count_if(checks.begin(), checks.end(), [](const CheckOutcome& check) { return !check.passed; });
}

std::vector<std::string> report_status_problems(const LoadedReport& report) {
  std::vector<std::string> problems;
  const std::optional<RunOutcome> outcome = outcome_of(report.content);
  if (!outcome) {
    problems.push_back("the report has no outcome");
    return problems;
  }
  if (outcome->status != RunStatus::complete || outcome->failure_kind != "none") {
    std::string line = "outcome " + run_status_name(outcome->status) + ", failure_kind " + outcome->failure_kind;
    if (!outcome->failure.empty()) line += ": " + outcome->failure;
    problems.push_back(line);
  }
  if (const auto* collectives = std::get_if<RunReport>(&report.content)) {
    std::vector<std::string> failed;
    for (const Result& row : collectives->results) {
      if (row.status != ResultStatus::failed && row.status != ResultStatus::timed_out) continue;
      failed.push_back(row_text({&row, &report.path}) + ": " + result_status_name(row.status) +
                       (row.reason.empty() ? "" : " (" + row.reason + ")"));
    }
    append_listed(problems, failed, "failed rows");
  }
  return problems;
}

GateResult evaluate_gate(const AcceptanceSpec& spec, const std::vector<LoadedReport>& reports) {
  GateResult result;
  result.spec_name = spec.name;
  for (const LoadedReport& report : reports) result.checks.push_back(report_status_check(report));
  const CollectiveRows rows = collective_rows(reports);
  for (const AcceptanceCheck& check : spec.checks) {
    result.checks.push_back(std::visit(
        Overloaded{
            [&](const NoWrongElementsCheck& kind) { return evaluate(check, kind, reports); },
            [&](const BusBandwidthCheck& kind) { return evaluate(check, kind, rows); },
            [&](const LatencyCheck& kind) { return evaluate(check, kind, rows); },
            [&](const TailRatioCheck& kind) { return evaluate(check, kind, rows); },
            [&](const LinkcheckNoOutliersCheck& kind) { return evaluate(check, kind, reports); },
            [&](const ScalingEfficiencyCheck& kind) { return evaluate(check, kind, reports); },
        },
        check.kind));
  }
  return result;
}

}  // namespace commbench
