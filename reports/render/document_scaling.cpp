// The scaling section: step time against GPUs, and per report its points and where adding GPUs
// stops paying.
#include "reports/render/document_sections.hpp"

#include <set>

#include "reports/format/number_text.hpp"
#include "reports/format/text_join.hpp"
#include "reports/render/document_parts.hpp"
#include "reports/render/report_figures.hpp"

namespace commbench::report_sections {
namespace {

std::string scaling_series_name(const std::string& report_name, const ScalingSeries& series) {
  return report_name + (series.source == "measured" ? " measured" : " model on " + series.fabric);
}

std::vector<const ScalingSeries*> series_of(const ScalingReport& report) {
  std::vector<const ScalingSeries*> all;
  if (report.measured) all.push_back(&*report.measured);
  for (const ScalingSeries& series : report.predicted) all.push_back(&series);
  return all;
}

DocumentChart scaling_chart(const ReportsOf<ScalingReport>& reports) {
  // Step time on a log axis rather than speedup: reports of different sizes (a measured cluster,
  // a planned one) keep their shapes on one chart, and where the step stops falling is visible.
  LineChart chart{"Scaling: step time against GPUs", {"GPUs", AxisScale::log2, ValueKind::count, false},
                  {"step time", AxisScale::log10, ValueKind::seconds, false}, {}, {}};
  std::size_t index = 0;
  std::size_t series_count = 0;
  for (const auto& entry : reports) series_count += series_of(*entry.first).size();
  for (const auto& [report, named] : reports) {
    for (const ScalingSeries* series : series_of(*report)) {
      const std::string name = scaling_series_name(named.name, *series);
      ChartSeries line{name, {}, index,
                       series->source == "measured" ? LineStyle::solid : LineStyle::dashed, shape_for(index)};
      for (const ScalingPoint& point : series->points) line.points.push_back({static_cast<double>(point.gpus), point.step_s});
      chart.series.push_back(line);
      for (const ScalingMark& mark : scaling_marks(*series)) {
        chart.markers.push_back({static_cast<double>(mark.gpus),
                                 (series_count > 1 ? name + ": " : std::string()) + std::to_string(mark.gpus) +
                                     " GPUs: " + joined(mark.criteria, ", "),
                                 index});
      }
      ++index;
    }
  }
  return {"scaling", "",
          "Training step time against GPUs (both axes logarithmic)" + dashed_note(chart, "the cost model's extrapolation") +
              ". Marked: where adding GPUs stops paying, by each verdict's criterion.",
          chart};
}

DocumentTable scaling_points_table(const std::string& caption, const ScalingSeries& series, bool priced) {
  std::vector<std::pair<std::string, bool>> columns = {
      {"GPUs", true},          {"compute", true},    {"communication", true}, {"exposed", true},
      {"step", true},          {"samples/s", true},  {"tokens/s", true},      {"speedup", true},
      {"efficiency", true},    {"marginal gain", true}};
  if (priced) columns.push_back({"cost per step", true});
  columns.push_back({"dominant term", false});
  DocumentTable table = make_table(caption, columns);
  std::set<std::uint64_t> marked;
  for (const ScalingMark& mark : scaling_marks(series)) marked.insert(mark.gpus);
  for (const ScalingPoint& point : series.points) {
    const std::string gpus = std::to_string(point.gpus);
    std::vector<DocumentText> row{marked.count(point.gpus) ? notable(gpus) : plain(gpus),
                                  plain(duration_text(point.compute_s)),
                                  plain(duration_text(point.communication_s)),
                                  plain(duration_text(point.exposed_s)),
                                  plain(duration_text(point.step_s)),
                                  plain(throughput_text(point.samples_per_s)),
                                  plain(throughput_text(point.tokens_per_s)),
                                  plain(formatted_number("%.3g", point.speedup)),
                                  plain(formatted_number("%.0f%%", point.efficiency * 100)),
                                  plain(point.marginal_gain ? formatted_number("%.0f%%", *point.marginal_gain * 100) : "-")};
    if (priced) row.push_back(plain(point.cost_per_step ? formatted_number("%.4g", *point.cost_per_step) : "-"));
    row.push_back(plain(point.dominant_term.empty() ? "-" : point.dominant_term));
    table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace

DocumentSection scaling_section(const ReportsOf<ScalingReport>& reports) {
  DocumentSection section{"scaling", "Scaling", {}};
  section.blocks.push_back(scaling_chart(reports));
  for (const auto& [report, named] : reports) {
    section.blocks.push_back(DocumentHeading{named.name + ": " + report->command + " of " +
                                             workload_name(report->workload)});
    std::string description = "Gradients: " + byte_size_text(static_cast<double>(report->gradient_bytes)) +
                              "; marginal-gain threshold " + formatted_number("%.0f%%", report->marginal_threshold * 100);
    if (!report->placement.empty()) description += "; placement " + report->placement;
    if (report->price_per_gpu_hour) description += "; price " + formatted_number("%g", *report->price_per_gpu_hour) + " per GPU-hour";
    section.blocks.push_back(DocumentParagraph{plain(description + ".")});
    DocumentTable verdicts = make_table(named.name + ": where adding GPUs stops paying",
                                        {{"series", false}, {"criterion", false}, {"GPUs", true}, {"statement", false}});
    std::vector<DocumentText> lowest;
    for (const ScalingSeries* series : series_of(*report)) {
      const std::string name = scaling_series_name(named.name, *series);
      section.blocks.push_back(scaling_points_table(name, *series, report->price_per_gpu_hour.has_value()));
      for (const ScalingVerdict& verdict : series->verdicts) {
        const std::string gpus = !verdict.applicable ? "n/a" : (verdict.gpus ? std::to_string(*verdict.gpus) : "not reached");
        verdicts.rows.push_back({plain(name), plain(scaling_criterion_text(verdict.criterion)),
                                 verdict.applicable && verdict.gpus ? notable(gpus) : plain(gpus), plain(verdict.statement)});
      }
      if (series->lowest_step_gpus && series->lowest_step_s) {
        lowest.push_back(notable(name + ": lowest step time at " + std::to_string(*series->lowest_step_gpus) +
                                 " GPUs: " + duration_text(*series->lowest_step_s)));
      }
    }
    section.blocks.push_back(verdicts);
    std::vector<DocumentText> lines = lowest;
    for (const FabricComparisonLine& line : report->comparison) lines.push_back(plain(line.statement));
    if (report->wrong_total > 0) {
      lines.push_back(warning(named.name + ": " + std::to_string(report->wrong_total) + " wrong elements in verification"));
    }
    for (const std::string& note : report->notes) lines.push_back(plain("note: " + note));
    if (!lines.empty()) section.blocks.push_back(DocumentList{lines});
  }
  return section;
}

}  // namespace commbench::report_sections
