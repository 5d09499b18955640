#pragma once
// The pieces every section of the report document is built from (document_*.cpp): emphasised
// text, the console tables' number formats, tables, and lenient reads of a topology document,
// which has no data model.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "reports/render/report_document.hpp"
#include "reports/render/svg_chart.hpp"

namespace commbench::report_sections {

DocumentText plain(std::string text);
DocumentText notable(std::string text);
DocumentText warning(std::string text);

// The console tables' formats (table_printer.cpp): GB/s and microseconds to two decimals, the
// model's error as a signed percentage.
std::string gigabytes_per_second(double bytes_per_second);
std::string microseconds(double seconds);
std::string milliseconds(double seconds);
std::string signed_percent(double fraction);
std::string percent(double fraction);
std::string count_text(std::uint64_t value);
// Four significant figures, whole numbers from 1000 up (never "2.254e+04").
std::string throughput_text(double per_second);

// 0,1,2,3,6 -> "0-3, 6"
std::string rank_ranges(const std::vector<int>& ranks);

// A table with its caption and columns: (header, numeric).
DocumentTable make_table(std::string caption, const std::vector<std::pair<std::string, bool>>& columns);

// Reading a topology document's fields, which the schema checked, without throwing on one
// built by hand: an absent member reads as null, a string or number of another kind as empty.
const nlohmann::json& member(const nlohmann::json& object, const char* key);
std::string string_member(const nlohmann::json& object, const char* key);
std::optional<double> number_member(const nlohmann::json& object, const char* key);
// A workload's name (docs/WORKLOADS.md), or "an unnamed workload".
std::string workload_name(const nlohmann::json& workload);

// The point shape of a chart's index-th series: circle, square, triangle, diamond, again.
PointShape shape_for(std::size_t index);

// "; dashed: WHAT" for a caption, when the chart has a dashed (modelled) series.
std::string dashed_note(const LineChart& chart, const std::string& what);

}  // namespace commbench::report_sections
