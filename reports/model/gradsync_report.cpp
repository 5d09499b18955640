#include "reports/model/gradsync_report.hpp"

#include <stdexcept>

#include "reports/format/json_optional.hpp"
#include "reports/model/json_report.hpp"

namespace commbench {

using nlohmann::json;

void to_json(json& j, const GradsyncMessage& m) {
  j = json{{"collective", m.collective}, {"purpose", m.purpose}, {"bytes", m.bytes},
           {"alone_s", m.alone_s},       {"in_step_s", m.in_step_s}, {"ready_s", m.ready_s},
           {"predicted_s", optional_json(m.predicted_s)}};
}

void from_json(const json& j, GradsyncMessage& m) {
  j.at("collective").get_to(m.collective);
  j.at("purpose").get_to(m.purpose);
  j.at("bytes").get_to(m.bytes);
  j.at("alone_s").get_to(m.alone_s);
  j.at("in_step_s").get_to(m.in_step_s);
  j.at("ready_s").get_to(m.ready_s);
  read_optional(j, "predicted_s", m.predicted_s);
}

void to_json(json& j, const GradsyncSchedule& s) {
  j = json{{"durations", s.durations},
           {"step_s", s.step_s},
           {"communication_s", s.communication_s},
           {"exposed_s", s.exposed_s},
           {"step_relative_error", s.step_relative_error},
           {"exposed_relative_error", optional_json(s.exposed_relative_error)}};
}

void from_json(const json& j, GradsyncSchedule& s) {
  j.at("durations").get_to(s.durations);
  j.at("step_s").get_to(s.step_s);
  j.at("communication_s").get_to(s.communication_s);
  j.at("exposed_s").get_to(s.exposed_s);
  j.at("step_relative_error").get_to(s.step_relative_error);
  read_optional(j, "exposed_relative_error", s.exposed_relative_error);
}

void to_json(json& j, const GradsyncCase& c) {
  j = json{{"bucket_bytes", c.bucket_bytes},
           {"first_bucket_bytes", c.first_bucket_bytes},
           {"warmup_iterations", c.warmup_iterations},
           {"iterations", c.iterations},
           {"step_stats_s", c.step_stats_s},
           {"step_s", c.step_s},
           {"forward_s", c.forward_s},
           {"backward_s", c.backward_s},
           {"compute_s", c.compute_s},
           {"communication_s", c.communication_s},
           {"exposed_s", c.exposed_s},
           {"overlap", c.overlap},
           {"volume_bytes", c.volume_bytes},
           {"wrong", c.wrong},
           {"messages", c.messages},
           {"measured_schedule", c.measured_schedule},
           {"predicted_schedule", optional_json(c.predicted_schedule)}};
}

void from_json(const json& j, GradsyncCase& c) {
  j.at("bucket_bytes").get_to(c.bucket_bytes);
  j.at("first_bucket_bytes").get_to(c.first_bucket_bytes);
  j.at("warmup_iterations").get_to(c.warmup_iterations);
  j.at("iterations").get_to(c.iterations);
  j.at("step_stats_s").get_to(c.step_stats_s);
  j.at("step_s").get_to(c.step_s);
  j.at("forward_s").get_to(c.forward_s);
  j.at("backward_s").get_to(c.backward_s);
  j.at("compute_s").get_to(c.compute_s);
  j.at("communication_s").get_to(c.communication_s);
  j.at("exposed_s").get_to(c.exposed_s);
  j.at("overlap").get_to(c.overlap);
  j.at("volume_bytes").get_to(c.volume_bytes);
  j.at("wrong").get_to(c.wrong);
  j.at("messages").get_to(c.messages);
  j.at("measured_schedule").get_to(c.measured_schedule);
  read_optional(j, "predicted_schedule", c.predicted_schedule);
}

void to_json(json& j, const GradsyncReport& r) {
  j = json{{"schema_version", kGradsyncSchemaVersion},
           {"kind", "gradsync"},
           {"outcome", r.outcome},
           {"meta", r.meta},
           {"config", r.config},
           {"workload", r.workload},
           {"strategy", r.strategy},
           {"overlap", r.overlap},
           {"gradient_dtype", r.gradient_dtype},
           {"ranks", r.ranks},
           {"parameters", r.parameters},
           {"gradient_bytes", r.gradient_bytes},
           {"volume_factor", r.volume_factor},
           {"requested_forward_s", r.requested_forward_s},
           {"requested_backward_s", r.requested_backward_s},
           {"compute_calibration_error", r.compute_calibration_error},
           {"fabric", r.fabric},
           {"cases", r.cases},
           {"best_bucket_bytes", optional_json(r.best_bucket_bytes)},
           {"predicted_best_bucket_bytes", optional_json(r.predicted_best_bucket_bytes)},
           {"wrong_total", r.wrong_total},
           {"notes", r.notes}};
}

void from_json(const json& j, GradsyncReport& r) {
  expect_report_kind(j, "gradsync", kGradsyncSchemaVersion);
  j.at("outcome").get_to(r.outcome);
  j.at("meta").get_to(r.meta);
  r.config = j.at("config");
  r.workload = j.at("workload");
  j.at("strategy").get_to(r.strategy);
  j.at("overlap").get_to(r.overlap);
  j.at("gradient_dtype").get_to(r.gradient_dtype);
  j.at("ranks").get_to(r.ranks);
  j.at("parameters").get_to(r.parameters);
  j.at("gradient_bytes").get_to(r.gradient_bytes);
  j.at("volume_factor").get_to(r.volume_factor);
  j.at("requested_forward_s").get_to(r.requested_forward_s);
  j.at("requested_backward_s").get_to(r.requested_backward_s);
  j.at("compute_calibration_error").get_to(r.compute_calibration_error);
  j.at("fabric").get_to(r.fabric);
  j.at("cases").get_to(r.cases);
  read_optional(j, "best_bucket_bytes", r.best_bucket_bytes);
  read_optional(j, "predicted_best_bucket_bytes", r.predicted_best_bucket_bytes);
  j.at("wrong_total").get_to(r.wrong_total);
  j.at("notes").get_to(r.notes);
}

}  // namespace commbench
