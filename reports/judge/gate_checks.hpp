#pragma once
// The checks of the gate, one file per kind of check (gate_collectives.cpp for busbw, latency
// and tail_ratio, gate_wrong_elements.cpp, gate_linkcheck.cpp, gate_scaling.cpp,
// gate_report_status.cpp), and what they share (acceptance_gate.cpp): how a check is named,
// how a bound and a missing measurement are written, and a collectives report's rows.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "reports/judge/acceptance_gate.hpp"
#include "reports/judge/acceptance_spec.hpp"
#include "reports/load/loaded_report.hpp"

namespace commbench::gate_checks {

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
std::string bandwidth_text(double bytes_per_s);
std::string plain_number_text(double value);  // three significant figures

// Appends lines to details, at most kMaxListedFailures of them, then how many were left out.
void append_listed(std::vector<std::string>& details, const std::vector<std::string>& lines, const std::string& what);

// The outcome of a check whose measurement is missing (fail closed): needed says what it needed.
CheckOutcome missing_measurement(CheckOutcome outcome, std::vector<std::string> needed);

// An outcome named by the spec's label, else default_name.
CheckOutcome named(const AcceptanceCheck& check, const std::string& default_name, const std::string& description);

enum class Bound { at_least, at_most };

std::string bound_text(Bound bound, const std::string& value);  // ">= VALUE", "<= VALUE"

// A row of a collectives report, with the report's path.
struct ReportRow {
  const Result* row;
  const std::string* report;
};

struct CollectiveRows {
  std::size_t reports = 0;  // collectives reports given
  std::vector<ReportRow> rows;
};

CollectiveRows collective_rows(const std::vector<LoadedReport>& reports);

// "allreduce 2 MiB float32 sum out-of-place (run.json)": enough to find the row in the table.
std::string row_text(const ReportRow& entry);

// One per kind of check.
CheckOutcome evaluate(const AcceptanceCheck& check, const BusBandwidthCheck& busbw, const CollectiveRows& rows);
CheckOutcome evaluate(const AcceptanceCheck& check, const LatencyCheck& latency, const CollectiveRows& rows);
CheckOutcome evaluate(const AcceptanceCheck& check, const TailRatioCheck& tail, const CollectiveRows& rows);
CheckOutcome evaluate(const AcceptanceCheck& check, const NoWrongElementsCheck&,
                      const std::vector<LoadedReport>& reports);
CheckOutcome evaluate(const AcceptanceCheck& check, const LinkcheckNoOutliersCheck& links,
                      const std::vector<LoadedReport>& reports);
CheckOutcome evaluate(const AcceptanceCheck& check, const ScalingEfficiencyCheck& scaling,
                      const std::vector<LoadedReport>& reports);

// One per report: whether its run finished cleanly.
CheckOutcome report_status_check(const LoadedReport& report);

}  // namespace commbench::gate_checks
