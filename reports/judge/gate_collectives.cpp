// The checks of collectives rows: busbw (absolute, or a fraction of the model's prediction),
// latency and tail_ratio. Each selects the ok rows of a case and size range, fails closed when
// the reports do not cover them, and judges every row against the bound, worst first.
#include "reports/judge/gate_checks.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <set>
#include <utility>

#include "reports/format/number_text.hpp"
#include "reports/format/text_join.hpp"

namespace commbench::gate_checks {
namespace {

std::string fraction_of_prediction_text(double value) { return formatted_number("%.3g", value) + " x predicted"; }

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

// Judges the rows selection picks with rule. The check is named "TYPE COLLECTIVE" unless the
// spec names it; its description is what is measured, then "each of the ROWS RANGE".
CheckOutcome judge_selection(const AcceptanceCheck& check, const std::string& type, const std::string& what,
                             const RowSelection& selection, const CollectiveRows& rows, const RowRule& rule) {
  return judge_rows(named(check, type + " " + selection.collective,
                          what + "each of the " + rows_text(selection) + " " + range_text(selection)),
                    select_rows(selection, rows), rule);
}

}  // namespace

CheckOutcome evaluate(const AcceptanceCheck& check, const BusBandwidthCheck& busbw, const CollectiveRows& rows) {
  if (busbw.basis == BusBandwidthBasis::absolute) {
    const RowRule rule{Bound::at_least, busbw.at_least, bandwidth_text,
                       [](const Result& row) { return RowMeasurement{row.bus_bw, "", ""}; }, "a busbw"};
    return judge_selection(check, "busbw", "busbw of ", busbw.rows, rows, rule);
  }
  const RowRule rule{Bound::at_least, busbw.at_least, fraction_of_prediction_text,
                     [](const Result& row) {
                       if (!row.prediction) return RowMeasurement{std::nullopt, "no model prediction", ""};
                       if (!(row.prediction->bus_bw > 0)) {
                         return RowMeasurement{std::nullopt, "the predicted busbw is 0", ""};
                       }
                       return RowMeasurement{row.bus_bw / row.prediction->bus_bw, "",
                                             bandwidth_text(row.bus_bw) + " of predicted " +
                                                 bandwidth_text(row.prediction->bus_bw)};
                     },
                     "the model's prediction (a run with --fabric whose model covers the case)"};
  return judge_selection(check, "busbw", "busbw as a fraction of the model's predicted busbw, ", busbw.rows, rows, rule);
}

CheckOutcome evaluate(const AcceptanceCheck& check, const LatencyCheck& latency, const CollectiveRows& rows) {
  const RowRule rule{Bound::at_most, latency.at_most_s, duration_text,
                     [](const Result& row) { return RowMeasurement{row.time_s, "", ""}; }, "a time"};
  return judge_selection(check, "latency", "time (median sample) of ", latency.rows, rows, rule);
}

CheckOutcome evaluate(const AcceptanceCheck& check, const TailRatioCheck& tail, const CollectiveRows& rows) {
  const std::uint64_t min_samples = tail.min_samples;
  const RowRule rule{
      Bound::at_most, tail.at_most, plain_number_text,
      [min_samples](const Result& row) {
        const SampleStatistics& stats = row.stats_s;
        if (stats.samples < min_samples) {
          return RowMeasurement{std::nullopt, std::to_string(stats.samples) + " samples", ""};
        }
        if (!(stats.median > 0)) return RowMeasurement{std::nullopt, "the median sample is 0", ""};
        return RowMeasurement{stats.p99 / stats.median, "",
                              "p99 " + duration_text(stats.p99) + ", median " + duration_text(stats.median) + ", " +
                                  std::to_string(stats.samples) + " samples"};
      },
      min_samples > 0 ? "at least " + std::to_string(min_samples) + " timed samples and a median above 0"
                      : "a median above 0"};
  return judge_selection(check, "tail_ratio", "p99 / median sample time of ", tail.rows, rows, rule);
}

}  // namespace commbench::gate_checks
