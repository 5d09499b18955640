#pragma once
// The acceptance gate (docs/GATE.md): judges reports against an acceptance spec, check by
// check. It fails closed: a check whose measurement is missing fails and says which
// measurement it needed, and no report whose run did not finish cleanly passes.
#include <cstddef>
#include <string>
#include <vector>

#include "reports/judge/acceptance_spec.hpp"
#include "reports/load/loaded_report.hpp"

namespace commbench {

// The "check" of the status check the gate adds for every report, before the spec's checks.
inline const std::string kReportStatusCheckType = "report_status";

// One check's verdict, in words a person reads in a table or a CI page.
struct CheckOutcome {
  std::string name;         // the spec's label, or one the gate makes from what it checks
  std::string check;        // the check type: report_status or a spec "check" (busbw, latency, ...)
  std::string description;  // what was checked, one line
  std::string measured;     // the measurement judged (the worst one), or "missing"
  std::string required;     // e.g. ">= 360 GB/s"
  bool passed = false;
  // On a failure: where (each failing row, link or point, worst first), or which measurement
  // the check needed and what the reports have instead. Empty on a pass.
  std::vector<std::string> details;
};

struct GateResult {
  std::string spec_name;
  // One report_status check per report, in the reports' order, then the spec's checks in
  // the spec's order.
  std::vector<CheckOutcome> checks;

  // Every check passed, and there was at least one.
  bool passed() const;
  std::size_t failed_count() const;
};

GateResult evaluate_gate(const AcceptanceSpec& spec, const std::vector<LoadedReport>& reports);

// Why a report's run is not ok, one line each: an outcome that is not complete with
// failure_kind none, and each failed or timed-out row. Empty for a report that is ok.
std::vector<std::string> report_status_problems(const LoadedReport& report);

}  // namespace commbench
