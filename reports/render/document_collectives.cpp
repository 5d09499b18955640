// The collectives section: per report and collective the cases and verification, then per
// collective its charts and tables, predictions drawn dashed beside measurements.
#include "reports/render/document_sections.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "reports/format/number_text.hpp"
#include "reports/format/text_join.hpp"
#include "reports/render/document_parts.hpp"
#include "reports/render/report_figures.hpp"

namespace commbench::report_sections {
namespace {

// One series of one report on a collective's charts.
struct CollectiveEntry {
  const RunReport* report = nullptr;  // null for a prediction's series
  NamedReport named;
  CollectiveSeries series;
  std::string label;  // legend name: the report's, plus what tells its series apart
};

// The report's name, and the settings that differ among the collective's series (algorithm,
// dtype, op, root, placement), so that no two legend entries read the same. A prediction's
// series differ only by their column group (the algorithm): the other settings tell measured
// series apart.
void label_entries(std::vector<CollectiveEntry>& entries) {
  using Part = std::string (*)(const CollectiveSeries&);
  const std::vector<Part> parts = {
      [](const CollectiveSeries& s) { return s.algorithm; }, [](const CollectiveSeries& s) { return s.dtype; },
      [](const CollectiveSeries& s) { return s.op; },
      [](const CollectiveSeries& s) { return s.root < 0 ? std::string() : "root " + std::to_string(s.root); },
      [](const CollectiveSeries& s) { return s.placement; }};
  const auto applies = [](std::size_t part, const CollectiveEntry& entry) { return part == 0 || !entry.series.predicted; };
  std::vector<std::size_t> differing;
  for (std::size_t part = 0; part < parts.size(); ++part) {
    std::set<std::string> values;
    for (const CollectiveEntry& entry : entries) {
      if (applies(part, entry)) values.insert(parts[part](entry.series));
    }
    if (values.size() > 1) differing.push_back(part);
  }
  for (CollectiveEntry& entry : entries) {
    std::vector<std::string> words;
    for (const std::size_t part : differing) {
      if (applies(part, entry) && !parts[part](entry.series).empty()) words.push_back(parts[part](entry.series));
    }
    entry.label = entry.named.name + (words.empty() ? "" : " (" + joined(words, ", ") + ")");
  }
}

// A prediction is drawn dashed, as the model's line beside a measurement is.
LineStyle entry_style(const CollectiveEntry& entry) {
  return entry.series.predicted ? LineStyle::dashed : LineStyle::solid;
}

std::string half_peak_text(const CollectiveSeries& series) {
  if (!series.half_peak_bytes) return "not reached";
  return byte_size_text(*series.half_peak_bytes) + (series.peak_at_largest_size ? " or more (peak at the largest size)" : "");
}

const ModelAccuracy* accuracy_of(const RunReport& report, const CollectiveSeries& series) {
  if (!report.model) return nullptr;
  for (const ModelAccuracy& accuracy : report.model->accuracy) {
    if (accuracy.collective == series.collective && accuracy.algorithm == series.algorithm) return &accuracy;
  }
  return nullptr;
}

const ChartAxis kMessageSizeAxis{"message size", AxisScale::log2, ValueKind::bytes, false};

// busbw against size, every entry on one chart, the model dashed in the entry's colour, each
// half-peak size marked.
DocumentChart bus_bandwidth_chart(const std::string& collective, const std::vector<CollectiveEntry>& entries) {
  LineChart chart{collective + ": bus bandwidth against message size", kMessageSizeAxis,
                  {"bus bandwidth", AxisScale::linear, ValueKind::bytes_per_second, true}, {}, {}};
  std::vector<std::string> half_peaks;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const CollectiveEntry& entry = entries[i];
    ChartSeries measured{entry.label, {}, i, entry_style(entry), shape_for(i)};
    ChartSeries model{entry.label + " model", {}, i, LineStyle::dashed, shape_for(i)};
    for (const BusBandwidthPoint& point : entry.series.points) {
      measured.points.push_back({static_cast<double>(point.bytes), point.bus_bw});
      if (point.prediction) model.points.push_back({static_cast<double>(point.bytes), point.prediction->bus_bw});
    }
    chart.series.push_back(measured);
    if (!model.points.empty()) chart.series.push_back(model);
    if (entry.series.half_peak_bytes && !entry.series.predicted) {
      const std::string size = byte_size_text(*entry.series.half_peak_bytes);
      chart.markers.push_back({*entry.series.half_peak_bytes,
                               (entries.size() > 1 ? entry.label + ": " : std::string()) + "half-peak " + size, i});
    }
    half_peaks.push_back(entry.label + ": " + half_peak_text(entry.series));
  }
  const std::string caption = "Bus bandwidth of " + collective + " against message size (log scale)" +
                              dashed_note(chart, "the cost model's prediction") +
                              ". Half-peak size (busbw reaches half its peak): " + joined(half_peaks, "; ") + ".";
  return {"busbw:" + collective, "", caption, chart};
}

DocumentChart latency_chart(const std::string& collective, const std::vector<CollectiveEntry>& entries) {
  LineChart chart{collective + ": time of small messages", kMessageSizeAxis,
                  {"time", AxisScale::linear, ValueKind::seconds, true}, {}, {}};
  for (std::size_t i = 0; i < entries.size(); ++i) {
    ChartSeries measured{entries[i].label, {}, i, entry_style(entries[i]), shape_for(i)};
    ChartSeries model{entries[i].label + " model", {}, i, LineStyle::dashed, shape_for(i)};
    for (const BusBandwidthPoint& point : latency_points(entries[i].series)) {
      measured.points.push_back({static_cast<double>(point.bytes), point.time_s});
      if (point.prediction) model.points.push_back({static_cast<double>(point.bytes), point.prediction->time_s});
    }
    chart.series.push_back(measured);
    if (!model.points.empty()) chart.series.push_back(model);
  }
  return {"latency:" + collective, "",
          "Time (median) of " + collective + " for messages up to " + byte_size_text(kLatencyMaxBytes) +
              ", where latency rather than bandwidth decides" + dashed_note(chart, "the cost model's prediction") + ".",
          chart};
}

DocumentChart model_error_chart(const std::string& collective, const std::vector<CollectiveEntry>& entries) {
  LineChart chart{collective + ": the model's error against message size", kMessageSizeAxis,
                  {"relative error of the predicted time", AxisScale::linear, ValueKind::fraction, true}, {}, {}};
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (!entries[i].series.has_predictions) continue;
    ChartSeries series{entries[i].label, {}, i, LineStyle::solid, shape_for(i)};
    for (const BusBandwidthPoint& point : entries[i].series.points) {
      if (point.prediction) series.points.push_back({static_cast<double>(point.bytes), point.prediction->relative_error});
    }
    chart.series.push_back(series);
  }
  return {"model-error:" + collective, "",
          "(predicted - measured) / measured time of " + collective +
              ": below zero the measurement is slower than the model predicts.",
          chart};
}

DocumentTable collective_summary_table(const std::string& collective, const std::vector<CollectiveEntry>& entries) {
  const bool with_model = std::any_of(entries.begin(), entries.end(),
                                      [](const CollectiveEntry& e) { return e.series.has_predictions; });
  std::vector<std::pair<std::string, bool>> columns = {{"series", false},    {"placement", false},
                                                       {"sizes", true},      {"peak busbw (GB/s)", true},
                                                       {"at size", true},    {"half-peak size", true}};
  if (with_model) {
    columns.insert(columns.end(), {{"model peak (GB/s)", true},
                                   {"model half-peak size", true},
                                   {"half the model's peak reached at", true},
                                   {"|error| median / p90 (%)", true}});
  }
  DocumentTable table = make_table(collective + ": peak and half-peak bus bandwidth", columns);
  for (const CollectiveEntry& entry : entries) {
    const CollectiveSeries& s = entry.series;
    std::vector<DocumentText> row{plain(entry.label), plain(s.predicted ? "predicted" : s.placement),
                                  plain(std::to_string(s.points.size())),
                                  plain(gigabytes_per_second(s.peak_bus_bw)),
                                  plain(s.points.empty() ? "-" : byte_size_text(static_cast<double>(s.peak_bytes))),
                                  notable(half_peak_text(s))};
    if (with_model) {
      if (s.has_predictions) {
        const ModelAccuracy* accuracy = accuracy_of(*entry.report, s);
        row.push_back(plain(gigabytes_per_second(s.predicted_peak_bus_bw)));
        row.push_back(plain(s.predicted_half_peak_bytes ? byte_size_text(*s.predicted_half_peak_bytes) : "not reached"));
        row.push_back(s.half_predicted_peak_bytes ? plain(byte_size_text(*s.half_predicted_peak_bytes))
                                                  : warning("never, up to " +
                                                            byte_size_text(static_cast<double>(s.points.back().bytes))));
        row.push_back(plain(accuracy ? percent(accuracy->median_abs_relative_error) + " / " +
                                           percent(accuracy->p90_abs_relative_error)
                                     : "-"));
      } else {
        row.resize(row.size() + 4, plain("-"));
      }
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

// Every size of every entry: time, busbw and, with a model, its busbw and error, side by side.
DocumentTable collective_sizes_table(const std::string& collective, const std::vector<CollectiveEntry>& entries) {
  std::vector<std::pair<std::string, bool>> columns = {{"size", true}};
  for (const CollectiveEntry& entry : entries) {
    const std::string prefix = entries.size() > 1 ? entry.label + " " : "";
    columns.insert(columns.end(), {{prefix + "time (us)", true}, {prefix + "busbw (GB/s)", true}});
    if (entry.series.has_predictions) {
      columns.insert(columns.end(), {{prefix + "model busbw (GB/s)", true}, {prefix + "model error (%)", true}});
    }
  }
  DocumentTable table = make_table(collective + ": every size", columns);
  table.long_table = true;
  std::set<std::uint64_t> sizes;
  for (const CollectiveEntry& entry : entries) {
    for (const BusBandwidthPoint& point : entry.series.points) sizes.insert(point.bytes);
  }
  // Each entry's points by size, looked up once per row: a search of the points per row would
  // make the table quadratic in the sizes (minutes for a report of 10^5 rows).
  std::vector<std::unordered_map<std::uint64_t, const BusBandwidthPoint*>> by_size(entries.size());
  for (std::size_t e = 0; e < entries.size(); ++e) {
    by_size[e].reserve(entries[e].series.points.size());
    for (const BusBandwidthPoint& point : entries[e].series.points) by_size[e].emplace(point.bytes, &point);
  }
  for (const std::uint64_t bytes : sizes) {
    std::vector<DocumentText> row{plain(byte_size_text(static_cast<double>(bytes)))};
    for (std::size_t e = 0; e < entries.size(); ++e) {
      const CollectiveEntry& entry = entries[e];
      const auto found = by_size[e].find(bytes);
      const BusBandwidthPoint* point = found == by_size[e].end() ? nullptr : found->second;
      const std::size_t columns_of_entry = entry.series.has_predictions ? 4 : 2;
      if (point == nullptr) {
        row.resize(row.size() + columns_of_entry, plain("-"));
        continue;
      }
      row.push_back(plain(microseconds(point->time_s)));
      const std::string bus_bw = gigabytes_per_second(point->bus_bw);
      row.push_back(point->wrong > 0 ? warning(bus_bw + " (" + std::to_string(point->wrong) + " wrong)") : plain(bus_bw));
      if (entry.series.has_predictions) {
        row.push_back(plain(point->prediction ? gigabytes_per_second(point->prediction->bus_bw) : "-"));
        row.push_back(plain(point->prediction ? signed_percent(point->prediction->relative_error) : "-"));
      }
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

// "predicted by the nccl model family on fabric dgx-h100: 2 nodes x 8 per node = 16 ranks".
std::string prediction_text(const PredictionReport& prediction) {
  const PredictionConfig& config = prediction.config;
  return "predicted by the " + config.family + " model family on fabric " + config.fabric + ": " +
         std::to_string(config.nodes) + " node(s) x " + std::to_string(config.gpus_per_node) + " per node = " +
         std::to_string(config.ranks) + " ranks, nothing measured (dashed)";
}

}  // namespace

DocumentSection collectives_section(const ReportsOf<RunReport>& reports,
                                    const ReportsOf<PredictionReport>& predictions) {
  DocumentSection section{"collectives", "Collectives", {}};
  // Cases and wrong elements per report and collective first: what the charts rest on.
  DocumentTable tallies = make_table("Cases and verification", {{"report", false},
                                                                {"collective", false},
                                                                {"cases", true},
                                                                {"ok", true},
                                                                {"not ok", true},
                                                                {"checked", true},
                                                                {"wrong elements", true}});
  std::vector<DocumentText> not_ok;
  std::vector<DocumentText> model_lines;
  std::vector<std::string> collectives;
  std::vector<CollectiveEntry> all_entries;
  for (const auto& [report, named] : reports) {
    for (const CollectiveTally& tally : collective_tallies(report->results)) {
      tallies.rows.push_back({plain(named.name), plain(tally.collective), plain(count_text(tally.rows)),
                              plain(count_text(tally.ok_rows)),
                              tally.not_ok.empty() ? plain("0") : warning(count_text(tally.not_ok.size())),
                              plain(count_text(tally.checked_rows)),
                              tally.wrong > 0 ? warning(count_text(tally.wrong)) : plain("0")});
      for (const Result& row : tally.not_ok) {
        not_ok.push_back(warning(named.name + ": " + row.collective + " " + byte_size_text(static_cast<double>(row.bytes)) +
                                 " " + row.dtype + " " + row.placement + " " + result_status_name(row.status) +
                                 (row.reason.empty() ? "" : ": " + row.reason)));
      }
    }
    if (report->model) {
      model_lines.push_back(plain(named.name + ": predictions by the cost model on fabric " + report->model->fabric_source));
      for (const std::string& note : report->model->notes) model_lines.push_back(plain(named.name + ": note: " + note));
    }
    for (CollectiveSeries& series : collective_series(report->results)) {
      if (std::find(collectives.begin(), collectives.end(), series.collective) == collectives.end()) {
        collectives.push_back(series.collective);
      }
      all_entries.push_back({report, named, std::move(series), ""});
    }
  }
  for (const auto& [prediction, named] : predictions) {
    model_lines.push_back(plain(named.name + ": " + prediction_text(*prediction)));
    for (const UnavailablePrediction& missing : prediction->unavailable) {
      model_lines.push_back(plain(named.name + ": " + missing.collective + " " + missing.requested +
                                  " unavailable: " + missing.reason));
    }
    for (const std::string& note : prediction->notes) model_lines.push_back(plain(named.name + ": note: " + note));
    for (CollectiveSeries& series : prediction_series(*prediction)) {
      if (std::find(collectives.begin(), collectives.end(), series.collective) == collectives.end()) {
        collectives.push_back(series.collective);
      }
      all_entries.push_back({nullptr, named, std::move(series), ""});
    }
  }
  if (!tallies.rows.empty()) section.blocks.push_back(tallies);
  if (!not_ok.empty()) section.blocks.push_back(DocumentList{not_ok});
  if (!model_lines.empty()) section.blocks.push_back(DocumentList{model_lines});

  for (const std::string& collective : collectives) {
    std::vector<CollectiveEntry> entries;
    for (const CollectiveEntry& entry : all_entries) {
      if (entry.series.collective == collective) entries.push_back(entry);
    }
    label_entries(entries);
    section.blocks.push_back(DocumentHeading{collective});
    section.blocks.push_back(collective_summary_table(collective, entries));
    section.blocks.push_back(bus_bandwidth_chart(collective, entries));
    const bool small_sizes = std::any_of(entries.begin(), entries.end(),
                                         [](const CollectiveEntry& e) { return !latency_points(e.series).empty(); });
    if (small_sizes) section.blocks.push_back(latency_chart(collective, entries));
    const bool with_model = std::any_of(entries.begin(), entries.end(),
                                        [](const CollectiveEntry& e) { return e.series.has_predictions; });
    if (with_model) section.blocks.push_back(model_error_chart(collective, entries));
    section.blocks.push_back(collective_sizes_table(collective, entries));
  }
  return section;
}

}  // namespace commbench::report_sections
