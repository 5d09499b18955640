#include "reports/render/report_document.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "reports/format/number_text.hpp"
#include "reports/format/text_join.hpp"
#include "reports/render/report_figures.hpp"

namespace commbench {
namespace {

using nlohmann::json;

// ---- text -------------------------------------------------------------------------------

DocumentText plain(std::string text) { return {std::move(text), Emphasis::none}; }
DocumentText notable(std::string text) { return {std::move(text), Emphasis::notable}; }
DocumentText warning(std::string text) { return {std::move(text), Emphasis::warning}; }

// The console tables' formats (table_printer.cpp): GB/s and microseconds to two decimals, the
// model's error as a signed percentage.
std::string gigabytes_per_second(double bytes_per_second) { return formatted_number("%.2f", bytes_per_second / 1e9); }
std::string microseconds(double seconds) { return formatted_number("%.2f", seconds * 1e6); }
std::string milliseconds(double seconds) { return formatted_number("%.3f", seconds * 1e3); }
std::string signed_percent(double fraction) { return formatted_number("%+.1f", fraction * 100); }
std::string percent(double fraction) { return formatted_number("%.1f", fraction * 100); }
std::string count_text(std::uint64_t value) { return std::to_string(value); }
// Four significant figures, whole numbers from 1000 up (never "2.254e+04").
std::string throughput_text(double per_second) { return formatted_number(per_second >= 1000 ? "%.0f" : "%.4g", per_second); }

// 0,1,2,3,6 -> "0-3, 6"
std::string rank_ranges(const std::vector<int>& ranks) {
  std::string text;
  for (std::size_t i = 0; i < ranks.size();) {
    std::size_t j = i;
    while (j + 1 < ranks.size() && ranks[j + 1] == ranks[j] + 1) ++j;
    text += (text.empty() ? "" : ", ") + std::to_string(ranks[i]) + (j > i ? "-" + std::to_string(ranks[j]) : "");
    i = j + 1;
  }
  return text;
}

DocumentTable make_table(std::string caption, const std::vector<std::pair<std::string, bool>>& columns) {
  DocumentTable table;
  table.caption = std::move(caption);
  for (const auto& column : columns) {
    table.header.push_back(column.first);
    table.numeric.push_back(column.second);
  }
  return table;
}

// ---- what each report is ------------------------------------------------------------------

struct NamedReport {
  const LoadedReport* report = nullptr;
  std::string name;
};

template <typename Content>
std::vector<std::pair<const Content*, NamedReport>> reports_of(const std::vector<NamedReport>& reports) {
  std::vector<std::pair<const Content*, NamedReport>> found;
  for (const NamedReport& named : reports) {
    if (const Content* content = std::get_if<Content>(&named.report->content)) found.emplace_back(content, named);
  }
  return found;
}

// A topology report's meta and outcome are the schema's, but it has no data model: read them
// with the other reports' conversions, and say nothing rather than fail on one that lacks them.
template <typename Value>
std::optional<Value> read_member(const json& document, const char* key) {
  if (!document.is_object() || !document.contains(key)) return std::nullopt;
  try {
    return document.at(key).get<Value>();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

struct RunDescription {
  std::optional<RunMeta> meta;
  std::optional<RunOutcome> outcome;
};

RunDescription describe(const ReportContent& content) {
  return std::visit(
      [](const auto& report) -> RunDescription {
        using Content = std::decay_t<decltype(report)>;
        if constexpr (std::is_same_v<Content, TopologyDocument>) {
          return {read_member<RunMeta>(report.document, "meta"), read_member<RunOutcome>(report.document, "outcome")};
        } else {
          return {report.meta, report.outcome};
        }
      },
      content);
}

// Reading a topology document's fields, which the schema checked, without throwing on one
// built by hand.
const json& member(const json& object, const char* key) {
  static const json kNull;  // immutable: a stand-in for what is absent
  return object.is_object() && object.contains(key) ? object.at(key) : kNull;
}

std::string string_member(const json& object, const char* key) {
  const json& value = member(object, key);
  return value.is_string() ? value.get<std::string>() : std::string();
}

std::optional<double> number_member(const json& object, const char* key) {
  const json& value = member(object, key);
  return value.is_number() ? std::optional<double>(value.get<double>()) : std::nullopt;
}

std::string workload_name(const json& workload) {
  const std::string name = string_member(workload, "name");
  return name.empty() ? "an unnamed workload" : name;
}

// ---- runs ---------------------------------------------------------------------------------

// The status first: whether a run finished is what a reader of a CI summary looks for.
DocumentText run_status(const RunDescription& run) {
  if (!run.outcome) return plain("-");
  if (run.outcome->status == RunStatus::complete) return plain("complete");
  return warning("partial (" + run.outcome->failure_kind + ")");
}

DocumentSection runs_section(const std::vector<NamedReport>& reports) {
  DocumentSection section{"runs", "Runs", {}};
  DocumentTable table = make_table("What ran, where and when", {{"report", false},
                                                                {"kind", false},
                                                                {"status", false},
                                                                {"ranks", true},
                                                                {"hosts (ranks)", false},
                                                                {"backend", false},
                                                                {"version", false},
                                                                {"start (UTC)", false},
                                                                {"end (UTC)", false}});
  std::vector<DocumentText> failures;
  DocumentTable gpus = make_table("GPUs, one per rank", {{"report", false},
                                                         {"rank", true},
                                                         {"host", false},
                                                         {"device", true},
                                                         {"name", false},
                                                         {"UUID", false},
                                                         {"PCI bus", false},
                                                         {"memory", true},
                                                         {"compute capability", false}});
  std::vector<DocumentText> versions;
  for (const NamedReport& named : reports) {
    const RunDescription run = describe(named.report->content);
    std::vector<DocumentText> row{plain(named.name), plain(named.report->kind), run_status(run)};
    if (run.outcome && run.outcome->status != RunStatus::complete) {
      failures.push_back(warning(named.name + " did not finish (" + run.outcome->failure_kind +
                                 "): " + (run.outcome->failure.empty() ? "no reason recorded" : run.outcome->failure)));
    }
    if (!run.meta) {
      row.resize(row.size() + 6, plain("-"));
      table.rows.push_back(std::move(row));
      continue;
    }
    const RunMeta& meta = *run.meta;
    std::vector<std::string> hosts;
    for (const HostEntry& host : meta.hosts) hosts.push_back(host.name + ": " + rank_ranges(host.ranks));
    for (const std::string& text : {std::to_string(meta.world_size), joined(hosts, "; "), meta.backend,
                                    meta.version + " (" + meta.git_revision + ")", meta.start_time, meta.end_time}) {
      row.push_back(plain(text));
    }
    table.rows.push_back(std::move(row));
    if (meta.devices) {
      const DeviceMeta& devices = *meta.devices;
      versions.push_back(plain(named.name + ": CUDA runtime " + devices.cuda_runtime_version + ", driver " +
                               devices.cuda_driver_version +
                               (devices.nccl_version.empty() ? "" : ", NCCL " + devices.nccl_version)));
      for (const GpuEntry& gpu : devices.gpus) {
        gpus.rows.push_back({plain(named.name), plain(std::to_string(gpu.rank)), plain(gpu.host),
                             plain(std::to_string(gpu.device_index)), plain(gpu.name), plain(gpu.uuid),
                             plain(gpu.pci_bus_id), plain(byte_size_text(static_cast<double>(gpu.memory_bytes))),
                             plain(gpu.compute_capability)});
      }
    }
  }
  section.blocks.push_back(table);
  if (!failures.empty()) section.blocks.push_back(DocumentList{failures});
  if (!gpus.rows.empty()) {
    section.blocks.push_back(gpus);
    section.blocks.push_back(DocumentList{versions});
  }
  return section;
}

// ---- topology -----------------------------------------------------------------------------

std::string gpu_summary(const json& gpus) {
  const json& devices = member(gpus, "devices");
  if (!devices.is_array() || devices.empty()) {
    const std::string reason = string_member(gpus, "reason");
    return reason.empty() ? "none" : "none (" + reason + ")";
  }
  std::map<std::string, int> by_name;
  for (const json& device : devices) ++by_name[string_member(device, "name")];
  std::vector<std::string> parts;
  for (const auto& entry : by_name) parts.push_back(std::to_string(entry.second) + " x " + entry.first);
  return joined(parts, ", ");
}

std::string infiniband_summary(const json& infiniband) {
  const json& devices = member(infiniband, "devices");
  if (!devices.is_array() || devices.empty()) return "none";
  std::vector<std::string> parts;
  for (const json& device : devices) {
    std::vector<std::string> rates;
    const json& ports = member(device, "ports");
    if (ports.is_array()) {
      for (const json& port : ports) {
        const std::string rate = string_member(port, "rate");
        if (!rate.empty()) rates.push_back(rate);
      }
    }
    parts.push_back(string_member(device, "name") + (rates.empty() ? "" : " (" + joined(rates, ", ") + ")"));
  }
  return joined(parts, ", ");
}

std::string interfaces_summary(const json& interfaces) {
  const json& devices = member(interfaces, "devices");
  std::vector<std::string> parts;
  if (devices.is_array()) {
    for (const json& device : devices) {
      if (member(device, "virtual").is_boolean() && member(device, "virtual").get<bool>()) continue;
      std::string part = string_member(device, "name") + " " + string_member(device, "operstate");
      if (const auto speed = number_member(device, "speed_bytes_per_second")) {
        part += ", " + formatted_number("%g", *speed * 8 / 1e9) + " Gb/s";
      }
      parts.push_back(part);
    }
  }
  return parts.empty() ? "none" : joined(parts, "; ");
}

DocumentSection topology_section(const std::vector<std::pair<const TopologyDocument*, NamedReport>>& reports) {
  DocumentSection section{"topology", "Topology", {}};
  for (const auto& [topology, named] : reports) {
    const json& document = topology->document;
    std::map<std::string, std::vector<int>> ranks_of_host;  // by host identity
    const json& ranks = member(document, "ranks");
    if (ranks.is_array()) {
      for (const json& rank : ranks) {
        if (const auto number = number_member(rank, "rank")) {
          ranks_of_host[string_member(rank, "host_identity")].push_back(static_cast<int>(*number));
        }
      }
    }
    DocumentTable table = make_table(named.name + ": hosts and what they hold", {{"host", false},
                                                                               {"ranks", false},
                                                                               {"CPU", false},
                                                                               {"cores / threads", false},
                                                                               {"NUMA nodes", true},
                                                                               {"GPUs", false},
                                                                               {"InfiniBand", false},
                                                                               {"network interfaces", false}});
    const json& hosts = member(document, "hosts");
    if (hosts.is_array()) {
      for (const json& host : hosts) {
        std::vector<int> host_ranks = ranks_of_host[string_member(host, "identity")];
        std::sort(host_ranks.begin(), host_ranks.end());
        const json& cpu = member(host, "cpu");
        const auto cores = number_member(cpu, "cores");
        const auto threads = number_member(cpu, "hardware_threads");
        const json& numa = member(cpu, "numa_nodes");
        table.rows.push_back(
            {plain(string_member(host, "name")), plain(host_ranks.empty() ? "-" : rank_ranges(host_ranks)),
             plain(string_member(cpu, "model").empty() ? "unknown" : string_member(cpu, "model")),
             plain((cores ? formatted_number("%.0f", *cores) : "?") + " / " +
                   (threads ? formatted_number("%.0f", *threads) : "?")),
             plain(numa.is_array() ? std::to_string(numa.size()) : "?"), plain(gpu_summary(member(host, "gpus"))),
             plain(infiniband_summary(member(member(host, "network"), "infiniband"))),
             plain(interfaces_summary(member(member(host, "network"), "interfaces")))});
      }
    }
    section.blocks.push_back(table);
  }
  return section;
}

// ---- collectives --------------------------------------------------------------------------

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

PointShape shape_for(std::size_t index) {
  static const PointShape kShapes[] = {PointShape::circle, PointShape::square, PointShape::triangle, PointShape::diamond};
  return kShapes[index % 4];
}

// "; dashed: WHAT" for a caption, when the chart has a dashed (modelled) series.
std::string dashed_note(const LineChart& chart, const std::string& what) {
  const bool dashed = std::any_of(chart.series.begin(), chart.series.end(),
                                  [](const ChartSeries& series) { return series.style == LineStyle::dashed; });
  return dashed ? "; dashed: " + what : "";
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

DocumentSection collectives_section(const std::vector<std::pair<const RunReport*, NamedReport>>& reports,
                                    const std::vector<std::pair<const PredictionReport*, NamedReport>>& predictions) {
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

// ---- scaling ------------------------------------------------------------------------------

std::string scaling_series_name(const std::string& report_name, const ScalingSeries& series) {
  return report_name + (series.source == "measured" ? " measured" : " model on " + series.fabric);
}

std::vector<const ScalingSeries*> series_of(const ScalingReport& report) {
  std::vector<const ScalingSeries*> all;
  if (report.measured) all.push_back(&*report.measured);
  for (const ScalingSeries& series : report.predicted) all.push_back(&series);
  return all;
}

DocumentChart scaling_chart(const std::vector<std::pair<const ScalingReport*, NamedReport>>& reports) {
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

DocumentSection scaling_section(const std::vector<std::pair<const ScalingReport*, NamedReport>>& reports) {
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

// ---- pipeline -----------------------------------------------------------------------------

DocumentChart pipeline_timeline_chart(const PipelineReport& report, const PipelineRun& run, const NamedReport& named,
                                      std::size_t run_index) {
  Timeline timeline;
  timeline.title = named.name + ": timeline of one step";
  std::vector<std::pair<int, int>> lanes;  // (pipeline, stage)
  std::map<std::pair<int, int>, int> rank_of;
  for (const PipelineTimelineEntry& entry : run.timeline) {
    const std::pair<int, int> lane{entry.pipeline, entry.stage};
    if (rank_of.emplace(lane, entry.rank).second) lanes.push_back(lane);
  }
  std::sort(lanes.begin(), lanes.end());
  for (const auto& lane : lanes) {
    timeline.lanes.push_back((report.pipelines > 1 ? "pipeline " + std::to_string(lane.first) + " " : std::string()) +
                             "stage " + std::to_string(lane.second) + " (rank " + std::to_string(rank_of[lane]) + ")");
  }
  for (const PipelineTimelineEntry& entry : run.timeline) {
    const std::size_t lane = static_cast<std::size_t>(
        std::find(lanes.begin(), lanes.end(), std::make_pair(entry.pipeline, entry.stage)) - lanes.begin());
    const bool pass = entry.operation == "forward" || entry.operation == "backward";
    const TimelineActivity activity = entry.operation == "forward"    ? TimelineActivity::forward
                                      : entry.operation == "backward" ? TimelineActivity::backward
                                                                      : TimelineActivity::transfer;
    std::string label = entry.operation + " micro-batch " + std::to_string(entry.microbatch);
    if (report.chunks > 1) label += " chunk " + std::to_string(entry.chunk);
    if (!pass) label += " " + entry.payload + " with stage " + std::to_string(entry.peer_stage);
    label += ": " + duration_text(entry.start_s) + " to " + duration_text(entry.end_s);
    timeline.bars.push_back({lane, entry.start_s, entry.end_s, activity, label});
  }
  std::string caption = "Timed step " + std::to_string(run.timeline_step) + " (the one whose time is the median) of run " +
                        std::to_string(run_index + 1) + " of " + std::to_string(report.runs.size()) + " (" +
                        std::to_string(run.microbatches) + " micro-batches, " +
                        byte_size_text(static_cast<double>(run.activation_bytes)) +
                        " activations), on each rank's clock from the step's start. Transfers are drawn below the "
                        "passes; grey is idle.";
  return {"pipeline-timeline", named.report->path, caption, timeline};
}

DocumentSection pipeline_section(const std::vector<std::pair<const PipelineReport*, NamedReport>>& reports) {
  DocumentSection section{"pipeline", "Pipeline", {}};
  for (const auto& [report, named] : reports) {
    section.blocks.push_back(DocumentHeading{named.name + ": " + report->schedule + ", " + std::to_string(report->stages) +
                                             " stages x " + std::to_string(report->pipelines) + " pipeline" +
                                             (report->pipelines == 1 ? "" : "s") +
                                             (report->chunks > 1 ? ", " + std::to_string(report->chunks) + " chunks" : "")});
    std::string description = "Per micro-batch and stage: forward " + duration_text(report->forward_s) + ", backward " +
                              duration_text(report->backward_s) + "; placement " + report->placement_policy;
    if (!report->placement_note.empty()) description += " (" + report->placement_note + ")";
    description += report->fabric.empty() ? "; model of compute only (no fabric)" : "; transfers modelled on " + report->fabric;
    section.blocks.push_back(DocumentParagraph{plain(description + ".")});
    DocumentTable runs = make_table(named.name + ": runs", {{"micro-batches", true},
                                                           {"activation", true},
                                                           {"step (median)", true},
                                                           {"model step", true},
                                                           {"model error (%)", true},
                                                           {"bubble (%)", true},
                                                           {"model bubble (%)", true},
                                                           {"busy (%)", true},
                                                           {"transfer (%)", true},
                                                           {"exposed transfer", true},
                                                           {"transfer bw median (GB/s)", true}});
    for (const PipelineRun& run : report->runs) {
      runs.rows.push_back({plain(std::to_string(run.microbatches)),
                           plain(byte_size_text(static_cast<double>(run.activation_bytes))),
                           plain(duration_text(run.step.median)), plain(duration_text(run.model.step_s)),
                           plain(signed_percent(run.model.relative_error)), plain(percent(run.bubble_fraction)),
                           plain(percent(run.model.bubble_fraction)), plain(percent(run.busy_fraction)),
                           plain(percent(run.transfer_fraction)), plain(duration_text(run.exposed_transfer_s)),
                           plain(gigabytes_per_second(run.transfer_bandwidth_median))});
    }
    section.blocks.push_back(runs);
    if (!report->runs.empty()) {
      const PipelineRun& run = report->runs.front();
      if (!run.timeline.empty()) section.blocks.push_back(pipeline_timeline_chart(*report, run, named, 0));
      DocumentTable stages = make_table(named.name + ": per stage, run 1 (means per step)", {{"pipeline", true},
                                                                                        {"stage", true},
                                                                                        {"rank", true},
                                                                                        {"host", false},
                                                                                        {"busy", true},
                                                                                        {"transfer", true},
                                                                                        {"idle", true},
                                                                                        {"bubble (%)", true}});
      for (const PipelineStageTimes& stage : run.stages) {
        std::string host = "-";
        for (const PipelineStagePlacement& placement : report->placement) {
          if (placement.rank == stage.rank) host = placement.host;
        }
        stages.rows.push_back({plain(std::to_string(stage.pipeline)), plain(std::to_string(stage.stage)),
                               plain(std::to_string(stage.rank)), plain(host), plain(duration_text(stage.busy_s)),
                               plain(duration_text(stage.transfer_s)), plain(duration_text(stage.idle_s)),
                               plain(percent(stage.bubble_fraction))});
      }
      section.blocks.push_back(stages);
    }
    if (!report->recommendation.empty()) section.blocks.push_back(DocumentParagraph{notable(report->recommendation)});
  }
  return section;
}

// ---- gradsync -----------------------------------------------------------------------------

DocumentChart gradsync_chart(const std::vector<std::pair<const GradsyncReport*, NamedReport>>& reports) {
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

DocumentSection gradsync_section(const std::vector<std::pair<const GradsyncReport*, NamedReport>>& reports) {
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

// ---- linkcheck ----------------------------------------------------------------------------

DocumentText host_label(const LinkMatrix& matrix, std::size_t host) {
  return matrix.suspect[host] ? warning(matrix.hosts[host] + " (suspect)") : plain(matrix.hosts[host]);
}

// The matrix as a table: the sender down, the receiver across, flagged cells marked.
DocumentTable link_matrix_table(const std::string& caption, const LinkMatrix& matrix, bool latency, const DisplayUnit& unit) {
  std::vector<std::pair<std::string, bool>> columns = {{"sender \\ receiver", false}};
  for (std::size_t host = 0; host < matrix.hosts.size(); ++host) {
    columns.push_back({matrix.hosts[host] + (matrix.suspect[host] ? " (suspect)" : ""), true});
  }
  DocumentTable table = make_table(caption, columns);
  for (std::size_t from = 0; from < matrix.hosts.size(); ++from) {
    std::vector<DocumentText> row{host_label(matrix, from)};
    for (std::size_t to = 0; to < matrix.hosts.size(); ++to) {
      const LinkMatrixCell& cell = matrix.cells[from][to];
      const std::optional<double> value = latency ? cell.latency_s : cell.bandwidth;
      if (!value) {
        row.push_back(plain("-"));
        continue;
      }
      const std::string text = formatted_number(*value / unit.scale >= 100 ? "%.0f" : "%.3g", *value / unit.scale);
      const bool outlier = latency ? cell.latency_outlier : cell.bandwidth_outlier;
      row.push_back(outlier ? warning(text + " outlier") : plain(text));
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

DocumentChart link_heat_map(const LinkMatrix& matrix, const NamedReport& named) {
  HeatMap map;
  map.title = named.name + ": inter-host bandwidth";
  map.row_title = "sender";
  map.column_title = "receiver";
  map.kind = ValueKind::bytes_per_second;
  map.value_title = "bandwidth";
  map.outlier_legend = "outlier link (bandwidth or latency)";
  map.flagged_legend = "suspect host";
  for (std::size_t host = 0; host < matrix.hosts.size(); ++host) {
    map.rows.push_back({matrix.hosts[host], matrix.suspect[host]});
    map.columns.push_back({matrix.hosts[host], matrix.suspect[host]});
  }
  for (const auto& cells : matrix.cells) {
    std::vector<HeatMapCell> row;
    for (const LinkMatrixCell& cell : cells) {
      std::vector<std::string> notes;
      if (cell.latency_s) notes.push_back("latency " + value_text(ValueKind::seconds, *cell.latency_s));
      if (cell.bandwidth_outlier) notes.push_back("bandwidth outlier");
      if (cell.latency_outlier) notes.push_back("latency outlier");
      row.push_back({cell.bandwidth, cell.bandwidth_outlier || cell.latency_outlier, joined(notes, ", ")});
    }
    map.cells.push_back(std::move(row));
  }
  return {"linkcheck-heatmap", named.report->path,
          "Bandwidth from each host (row) to each other host (column); outlined with \"!\": an outlier link; "
          "\"(!)\": a suspect host.",
          map};
}

DocumentSection linkcheck_section(const std::vector<std::pair<const LinkcheckReport*, NamedReport>>& reports) {
  DocumentSection section{"linkcheck", "Links", {}};
  for (const auto& [report, named] : reports) {
    const LinkMatrix matrix = inter_host_link_matrix(*report);
    section.blocks.push_back(DocumentHeading{named.name + ": " + std::to_string(matrix.hosts.size()) + " hosts"});
    section.blocks.push_back(DocumentParagraph{plain(
        "Bandwidth measured with " + byte_size_text(static_cast<double>(report->bandwidth_bytes)) + " messages, latency with " +
        byte_size_text(static_cast<double>(report->latency_bytes)) + "; a link is an outlier below " +
        formatted_number("%.2f", report->outlier_fraction) + " x the median bandwidth or above " +
        formatted_number("%.2f", report->latency_factor) + " x the median latency. Inter-host median: " +
        value_text(ValueKind::bytes_per_second, report->median_inter_host_bandwidth) + ", " +
        value_text(ValueKind::seconds, report->median_inter_host_latency_s) + ".")});
    section.blocks.push_back(link_heat_map(matrix, named));
    double largest_bandwidth = 0;
    for (const auto& cells : matrix.cells) {
      for (const LinkMatrixCell& cell : cells) largest_bandwidth = std::max(largest_bandwidth, cell.bandwidth.value_or(0));
    }
    const DisplayUnit bandwidth_unit = display_unit(ValueKind::bytes_per_second, largest_bandwidth);
    const DisplayUnit latency_unit = display_unit(ValueKind::seconds, report->median_inter_host_latency_s);
    section.blocks.push_back(link_matrix_table(named.name + ": inter-host bandwidth (" + bandwidth_unit.name + ")", matrix,
                                               false, bandwidth_unit));
    section.blocks.push_back(link_matrix_table(named.name + ": inter-host latency (" + latency_unit.name + ")", matrix,
                                               true, latency_unit));
    std::vector<DocumentText> findings;
    for (const std::string& outlier : report->outliers) findings.push_back(warning("outlier: " + outlier));
    for (const HostLinkVerdict& host : report->hosts) {
      if (host.suspect) findings.push_back(warning("suspect host " + host.name + ": " + host.reason));
    }
    if (findings.empty()) findings.push_back(plain("no outlier link and no suspect host"));
    section.blocks.push_back(DocumentList{findings});
  }
  return section;
}

std::string file_name_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::vector<std::string> report_names(const std::vector<LoadedReport>& reports) {
  std::map<std::string, int> uses;
  for (const LoadedReport& report : reports) ++uses[file_name_of(report.path)];
  std::vector<std::string> names;
  std::map<std::string, int> seen;
  for (const LoadedReport& report : reports) {
    std::string name = uses[file_name_of(report.path)] > 1 ? report.path : file_name_of(report.path);
    // The same path given twice: number the later ones.
    const int earlier = seen[name]++;
    if (earlier > 0) name += " #" + std::to_string(earlier + 1);
    names.push_back(name);
  }
  return names;
}

ReportDocument build_report_document(const std::vector<LoadedReport>& reports) {
  ReportDocument document;
  document.title = "commbench report";
  document.reading_note =
      "In bold: half-peak sizes, the GPU counts where scaling stops paying, the best bucket. Marked \u26a0: what "
      "needs attention (outliers, suspect hosts, wrong elements, cases not measured, runs that did not finish).";
  const std::vector<std::string> names = report_names(reports);
  std::vector<NamedReport> named;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    named.push_back({&reports[i], names[i]});
    document.reports.push_back(
        plain(names[i] + " (" + reports[i].kind + (names[i] == reports[i].path ? "" : ", " + reports[i].path) + ")"));
  }
  if (!named.empty()) document.sections.push_back(runs_section(named));
  if (const auto topology = reports_of<TopologyDocument>(named); !topology.empty()) {
    document.sections.push_back(topology_section(topology));
  }
  const auto runs = reports_of<RunReport>(named);
  const auto predictions = reports_of<PredictionReport>(named);
  if (!runs.empty() || !predictions.empty()) document.sections.push_back(collectives_section(runs, predictions));
  if (const auto scaling = reports_of<ScalingReport>(named); !scaling.empty()) {
    document.sections.push_back(scaling_section(scaling));
  }
  if (const auto pipeline = reports_of<PipelineReport>(named); !pipeline.empty()) {
    document.sections.push_back(pipeline_section(pipeline));
  }
  if (const auto gradsync = reports_of<GradsyncReport>(named); !gradsync.empty()) {
    document.sections.push_back(gradsync_section(gradsync));
  }
  if (const auto linkcheck = reports_of<LinkcheckReport>(named); !linkcheck.empty()) {
    document.sections.push_back(linkcheck_section(linkcheck));
  }
  return document;
}

}  // namespace commbench
