// The report_status check, one per report: its run finished cleanly (outcome complete, no
// failed or timed-out row).
#include "reports/judge/gate_checks.hpp"

#include <algorithm>
#include <optional>

namespace commbench::gate_checks {
namespace {

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

}  // namespace

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

}  // namespace commbench::gate_checks

namespace commbench {

using gate_checks::append_listed;
using gate_checks::outcome_of;
using gate_checks::row_text;

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

}  // namespace commbench
