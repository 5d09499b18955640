#include "reports/model/gradsync_report.hpp"

#include <stdexcept>

#include "reports/format/json_fields.hpp"
#include "reports/format/json_optional.hpp"
#include "reports/model/json_report.hpp"

namespace commbench {

using nlohmann::json;

// The member names are the report's keys (docs/REPORT_SCHEMA.md); from_json requires every one,
// an empty optional is null (json_optional.hpp).
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(GradsyncMessage, collective, purpose, bytes, alone_s, in_step_s, ready_s, predicted_s)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(GradsyncSchedule, durations, step_s, communication_s, exposed_s, step_relative_error,
                                   exposed_relative_error)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(GradsyncCase, bucket_bytes, first_bucket_bytes, warmup_iterations, iterations,
                                   step_stats_s, step_s, forward_s, backward_s, compute_s, communication_s, exposed_s,
                                   overlap, volume_bytes, wrong, messages, measured_schedule, predicted_schedule)

// The report's keys after its header (the member names; docs/REPORT_SCHEMA.md), every one
// required when read, in this order.
constexpr auto kGradsyncReportFields = [](auto& report, auto visit) {
  visit("outcome", report.outcome);
  visit("meta", report.meta);
  visit("config", report.config);
  visit("workload", report.workload);
  visit("strategy", report.strategy);
  visit("overlap", report.overlap);
  visit("gradient_dtype", report.gradient_dtype);
  visit("ranks", report.ranks);
  visit("parameters", report.parameters);
  visit("gradient_bytes", report.gradient_bytes);
  visit("volume_factor", report.volume_factor);
  visit("requested_forward_s", report.requested_forward_s);
  visit("requested_backward_s", report.requested_backward_s);
  visit("compute_calibration_error", report.compute_calibration_error);
  visit("fabric", report.fabric);
  visit("cases", report.cases);
  visit("best_bucket_bytes", report.best_bucket_bytes);
  visit("predicted_best_bucket_bytes", report.predicted_best_bucket_bytes);
  visit("wrong_total", report.wrong_total);
  visit("notes", report.notes);
};

void to_json(json& j, const GradsyncReport& r) {
  j = report_header("gradsync", kGradsyncSchemaVersion);
  write_fields(j, r, kGradsyncReportFields);
}

void from_json(const json& j, GradsyncReport& r) {
  expect_report_kind(j, "gradsync", kGradsyncSchemaVersion);
  read_fields(j, r, kGradsyncReportFields);
}

}  // namespace commbench
