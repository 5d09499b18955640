#include "reports/judge/acceptance_gate.hpp"

#include <algorithm>

#include "reports/format/number_text.hpp"
#include "reports/judge/gate_checks.hpp"

namespace commbench {
namespace gate_checks {

// GB/s (1e9 bytes/s), as the tables print bandwidth and specs state it.
std::string bandwidth_text(double bytes_per_s) { return formatted_number("%.4g GB/s", bytes_per_s / 1e9); }
std::string plain_number_text(double value) { return formatted_number("%.3g", value); }

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


CheckOutcome named(const AcceptanceCheck& check, const std::string& default_name, const std::string& description) {
  CheckOutcome outcome;
  outcome.name = check.name.empty() ? default_name : check.name;
  outcome.check = acceptance_check_type(check.kind);
  outcome.description = description;
  return outcome;
}

std::string bound_text(Bound bound, const std::string& value) {
  return (bound == Bound::at_least ? ">= " : "<= ") + value;
}

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

}  // namespace gate_checks

using namespace gate_checks;  // the checks, one call each

bool GateResult::passed() const { return !checks.empty() && failed_count() == 0; }

std::size_t GateResult::failed_count() const {
  return std::count_if(checks.begin(), checks.end(), [](const CheckOutcome& check) { return !check.passed; });
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
