#include "reports/console/gradsync_table.hpp"

#include "reports/format/number_text.hpp"

namespace commbench {
namespace {

std::string milliseconds(double seconds) { return formatted_number("%11.3f", seconds * 1e3); }

std::string mebibytes(double bytes) { return formatted_number("%.6g", bytes / (1024.0 * 1024.0)); }

// text left-aligned in width columns (longer text is kept whole).
std::string padded(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

}  // namespace

std::string gradsync_header_text(const GradsyncReport& report) {
  const std::string workload = report.workload.value("name", std::string("?"));
  std::string text = "# gradsync: " + workload + ", " + std::to_string(report.parameters) + " parameters, " +
                     report.gradient_dtype + " gradients (" + mebibytes(static_cast<double>(report.gradient_bytes)) +
                     " MiB), strategy " + report.strategy + (report.overlap ? "" : " without overlap") + ", " +
                     std::to_string(report.ranks) + " ranks\n";
  text += "# emulated compute per step: forward " + formatted_number("%.3f", report.requested_forward_s * 1e3) +
          " ms, backward " + formatted_number("%.3f", report.requested_backward_s * 1e3) + " ms\n";
  text += "# per-rank traffic per step: " + formatted_number("%g", report.volume_factor) +
          " x the gradient bytes (ring collectives)\n";
  text += "#  bucket   msgs     compute        comm        step     exposed  overlap   sched-exp   model-exp  wrong\n"
          "#   (MiB)               (ms)        (ms)        (ms)        (ms)               (ms)        (ms)\n";
  return text;
}

std::string gradsync_case_line(const GradsyncCase& row) {
  const std::string model =
      row.predicted_schedule ? milliseconds(row.predicted_schedule->exposed_s) : std::string("          -");
  return formatted_number("%9.4g", static_cast<double>(row.bucket_bytes) / (1024.0 * 1024.0)) +
         formatted_number("%7.0f", static_cast<double>(row.messages.size())) + " " + milliseconds(row.compute_s) +
         " " + milliseconds(row.communication_s) + " " + milliseconds(row.step_s) + " " + milliseconds(row.exposed_s) +
         formatted_number("%8.1f%%", row.overlap * 100) + " " + milliseconds(row.measured_schedule.exposed_s) + " " +
         model + formatted_number("%7.0f", static_cast<double>(row.wrong)) + "\n";
}

std::string gradsync_messages_text(const GradsyncCase& row) {
  std::string text = "#  collective      purpose                                    bytes   alone (ms) in step (ms)  ready (ms)  model (ms)\n";
  for (const GradsyncMessage& message : row.messages) {
    text += "   " + padded(message.collective, 15) + " " + padded(message.purpose, 38) +
            formatted_number("%12.0f", static_cast<double>(message.bytes)) + " " + milliseconds(message.alone_s) +
            "  " + milliseconds(message.in_step_s) + " " + milliseconds(message.ready_s) + " " +
            (message.predicted_s ? milliseconds(*message.predicted_s) : std::string("          -")) + "\n";
  }
  return text;
}

std::string gradsync_summary_text(const GradsyncReport& report) {
  std::string text;
  if (report.best_bucket_bytes && report.cases.size() > 1) {
    text += "# best bucket (least exposed communication, measured): " +
            mebibytes(static_cast<double>(*report.best_bucket_bytes)) + " MiB\n";
  }
  if (report.predicted_best_bucket_bytes && report.cases.size() > 1) {
    text += "# best bucket (model on " + report.fabric + "): " +
            mebibytes(static_cast<double>(*report.predicted_best_bucket_bytes)) + " MiB\n";
  }
  text += "# compute calibration error (measured / requested - 1): " +
          formatted_number("%+.2f%%", report.compute_calibration_error * 100) + "\n";
  text += "# wrong elements: " + std::to_string(report.wrong_total) + "\n";
  for (const std::string& note : report.notes) text += "# note: " + note + "\n";
  return text;
}

}  // namespace commbench
