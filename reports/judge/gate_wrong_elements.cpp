// The no_wrong_elements check: every verified measurement of every report (collectives rows,
// gradsync steps, measured scaling collectives) has no wrong element; an unverified ok row fails closed.
#include "reports/judge/gate_checks.hpp"

#include "reports/format/number_text.hpp"

namespace commbench::gate_checks {
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

}  // namespace commbench::gate_checks
