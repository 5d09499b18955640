#include "reports/render/document_parts.hpp"

#include <algorithm>

#include "reports/format/number_text.hpp"

namespace commbench::report_sections {

using nlohmann::json;

DocumentText plain(std::string text) { return {std::move(text), Emphasis::none}; }
DocumentText notable(std::string text) { return {std::move(text), Emphasis::notable}; }
DocumentText warning(std::string text) { return {std::move(text), Emphasis::warning}; }

std::string gigabytes_per_second(double bytes_per_second) { return formatted_number("%.2f", bytes_per_second / 1e9); }
std::string microseconds(double seconds) { return formatted_number("%.2f", seconds * 1e6); }
std::string milliseconds(double seconds) { return formatted_number("%.3f", seconds * 1e3); }
std::string signed_percent(double fraction) { return formatted_number("%+.1f", fraction * 100); }
std::string percent(double fraction) { return formatted_number("%.1f", fraction * 100); }
std::string count_text(std::uint64_t value) { return std::to_string(value); }
std::string throughput_text(double per_second) { return formatted_number(per_second >= 1000 ? "%.0f" : "%.4g", per_second); }

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

PointShape shape_for(std::size_t index) {
  static const PointShape kShapes[] = {PointShape::circle, PointShape::square, PointShape::triangle, PointShape::diamond};
  return kShapes[index % 4];
}

std::string dashed_note(const LineChart& chart, const std::string& what) {
  const bool dashed = std::any_of(chart.series.begin(), chart.series.end(),
                                  [](const ChartSeries& series) { return series.style == LineStyle::dashed; });
  return dashed ? "; dashed: " + what : "";
}

}  // namespace commbench::report_sections
