#include "bench/reading/report_reading.hpp"

#include <filesystem>
#include <iostream>

#include "bench/run/exit_codes.hpp"
#include "bench/run/report_path.hpp"
#include "bench/run/usage_error.hpp"
#include "collectives/backend/memory_demand.hpp"
#include "reports/load/report_loader.hpp"
#include "reports/model/json_report.hpp"

namespace commbench {

MemoryDemand report_file_demand(const std::string& doing, const std::string& path) {
  std::error_code error;
  const std::uintmax_t bytes = std::filesystem::file_size(path, error);
  MemoryDemand demand;
  demand.what = doing + " " + path + (error ? std::string() : " (" + approximate_bytes_text(static_cast<double>(bytes)) + " of JSON)");
  demand.remedy = "load it where more memory is free, or split the run into smaller reports (fewer sizes, "
                  "collectives or hosts per run)";
  return demand;
}

std::vector<LoadedReport> load_reports(const std::vector<std::string>& paths) {
  std::vector<LoadedReport> reports;
  reports.reserve(paths.size());
  for (const std::string& path : paths) {
    reports.push_back(with_memory_demand(report_file_demand("loading report", path), [&path] {
      return load_any_report_file(path);
    }));
  }
  return reports;
}

void require_writable_output(const std::string& flag, const std::string& path) {
  if (path.empty()) return;
  if (const auto problem = report_path_problem(path, flag)) throw UsageError(*problem);
}

void write_output(const std::string& path, const std::string& text) {
  if (path.empty()) {
    std::cout << text << std::flush;
    return;
  }
  write_file_atomically(path, text);
}

}  // namespace commbench
