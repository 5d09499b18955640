#pragma once
// The JSON report (docs/REPORT_SCHEMA.md, docs/report.schema.json): conversions of the data
// model to and from nlohmann::json, and an atomic file write.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "result.hpp"

namespace commbench {

// Bump on any incompatible change to the report's shape; readers check it.
inline constexpr int kReportSchemaVersion = 1;

struct RunReport {
  RunMeta meta;
  nlohmann::json config = nlohmann::json::object();
  std::vector<Result> results;
  RunSummary summary;
};

void to_json(nlohmann::json& json, const SampleStatistics& stats);
void from_json(const nlohmann::json& json, SampleStatistics& stats);
void to_json(nlohmann::json& json, const Result& result);
void from_json(const nlohmann::json& json, Result& result);
void to_json(nlohmann::json& json, const HostEntry& host);
void from_json(const nlohmann::json& json, HostEntry& host);
void to_json(nlohmann::json& json, const RunMeta& meta);
void from_json(const nlohmann::json& json, RunMeta& meta);
void to_json(nlohmann::json& json, const RunSummary& summary);
void from_json(const nlohmann::json& json, RunSummary& summary);
void to_json(nlohmann::json& json, const RunReport& report);
// Throws std::runtime_error when schema_version is not one this build reads.
void from_json(const nlohmann::json& json, RunReport& report);

// Writes text to a temporary file beside path, flushes it to disk and renames it over
// path, so that readers see either the old file or the whole new one, never a part.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace commbench
