// The gradsync section: step and exposed communication against bucket size, and per report its
// bucket sweep.
#include "reports/render/document_sections.hpp"

#include "reports/format/number_text.hpp"
#include "reports/render/document_parts.hpp"

namespace commbench::report_sections {
namespace {

DocumentChart gradsync_chart(const ReportsOf<GradsyncReport>& reports) {
  LineChart chart{"Gradient sync: step and exposed communication against bucket size",
                  {"bucket size", AxisScale::log2, ValueKind::bytes, false},
                  {"time", AxisScale::linear, ValueKind::seconds, true}, {}, {}};
  const bool several = reports.size() > 1;
  std::size_t colour = 0;
  for (const auto& [report, named] : reports) {
    const std::string prefix = several ? named.name + " " : "";
    ChartSeries step{prefix + "step", {}, colour, LineStyle::solid, PointShape::circle};
    ChartSeries exposed{prefix + "exposed communication", {}, colour + 1, LineStyle::solid, PointShape::square};
    ChartSeries model{prefix + "model exposed", {}, colour + 1, LineStyle::dashed, PointShape::square};
    for (const GradsyncCase& row : report->cases) {
      const double bucket = static_cast<double>(row.bucket_bytes);
      step.points.push_back({bucket, row.step_s});
      exposed.points.push_back({bucket, row.exposed_s});
      if (row.predicted_schedule) model.points.push_back({bucket, row.predicted_schedule->exposed_s});
    }
    chart.series.push_back(step);
    chart.series.push_back(exposed);
    if (!model.points.empty()) chart.series.push_back(model);
    if (report->best_bucket_bytes) {
      chart.markers.push_back({static_cast<double>(*report->best_bucket_bytes),
                               prefix + "best " + byte_size_text(static_cast<double>(*report->best_bucket_bytes)),
                               colour + 1});
    }
    if (report->predicted_best_bucket_bytes) {
      chart.markers.push_back({static_cast<double>(*report->predicted_best_bucket_bytes),
                               prefix + "model best " + byte_size_text(static_cast<double>(*report->predicted_best_bucket_bytes)),
                               colour + 1});
    }
    colour += 2;
  }
  return {"gradsync-buckets", "",
          "Measured step time and exposed communication (step - compute) against the bucket size" +
              dashed_note(chart, "the cost model's exposed communication") +
              ". Marked: the bucket with the least exposed communication.",
          chart};
}

}  // namespace

DocumentSection gradsync_section(const ReportsOf<GradsyncReport>& reports) {
  DocumentSection section{"gradsync", "Gradient synchronization", {}};
  section.blocks.push_back(gradsync_chart(reports));
  for (const auto& [report, named] : reports) {
    section.blocks.push_back(DocumentHeading{named.name + ": " + workload_name(report->workload) +
                                             ", " + report->strategy + ", " + std::to_string(report->ranks) + " ranks"});
    section.blocks.push_back(DocumentParagraph{plain(
        std::to_string(report->parameters) + " parameters, " + report->gradient_dtype + " gradients (" +
        byte_size_text(static_cast<double>(report->gradient_bytes)) + ")" + (report->overlap ? "" : ", without overlap") +
        "; emulated compute per step: forward " + duration_text(report->requested_forward_s) + ", backward " +
        duration_text(report->requested_backward_s) + "; per-rank traffic per step " +
        formatted_number("%g", report->volume_factor) + " x the gradient bytes" +
        (report->fabric.empty() ? "" : "; model on " + report->fabric) + ".")});
    DocumentTable table = make_table(named.name + ": bucket sweep", {{"bucket", true},
                                                                    {"messages", true},
                                                                    {"compute (ms)", true},
                                                                    {"comm (ms)", true},
                                                                    {"step (ms)", true},
                                                                    {"exposed (ms)", true},
                                                                    {"overlap (%)", true},
                                                                    {"schedule exposed (ms)", true},
                                                                    {"model exposed (ms)", true},
                                                                    {"wrong", true}});
    for (const GradsyncCase& row : report->cases) {
      const std::string bucket = byte_size_text(static_cast<double>(row.bucket_bytes));
      const bool best = report->best_bucket_bytes && *report->best_bucket_bytes == row.bucket_bytes;
      table.rows.push_back({best ? notable(bucket + " (best)") : plain(bucket), plain(std::to_string(row.messages.size())),
                            plain(milliseconds(row.compute_s)), plain(milliseconds(row.communication_s)),
                            plain(milliseconds(row.step_s)), plain(milliseconds(row.exposed_s)), plain(percent(row.overlap)),
                            plain(milliseconds(row.measured_schedule.exposed_s)),
                            plain(row.predicted_schedule ? milliseconds(row.predicted_schedule->exposed_s) : "-"),
                            row.wrong > 0 ? warning(std::to_string(row.wrong)) : plain("0")});
    }
    section.blocks.push_back(table);
    std::vector<DocumentText> lines;
    if (report->best_bucket_bytes) {
      lines.push_back(notable("best bucket (least exposed communication, measured): " +
                              byte_size_text(static_cast<double>(*report->best_bucket_bytes))));
    }
    if (report->predicted_best_bucket_bytes) {
      lines.push_back(notable("best bucket (model on " + report->fabric +
                              "): " + byte_size_text(static_cast<double>(*report->predicted_best_bucket_bytes))));
    }
    lines.push_back(plain("compute calibration error (measured / requested - 1): " +
                          formatted_number("%+.2f%%", report->compute_calibration_error * 100)));
    const std::string wrong = "wrong elements: " + std::to_string(report->wrong_total);
    lines.push_back(report->wrong_total > 0 ? warning(wrong) : plain(wrong));
    for (const std::string& note : report->notes) lines.push_back(plain("note: " + note));
    section.blocks.push_back(DocumentList{lines});
  }
  return section;
}

}  // namespace commbench::report_sections
