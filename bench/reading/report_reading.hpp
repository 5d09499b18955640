#pragma once
// What the commands that read reports (report, compare, gate, fit) share: loading the reports
// they are given, and writing their output whole or not at all.
#include <functional>
#include <string>
#include <vector>

#include "collectives/backend/backend.hpp"
#include "collectives/backend/memory_demand.hpp"
#include "reports/load/loaded_report.hpp"

namespace commbench {

// What loading the file at path costs, for the exit-3 line if memory runs out: doing ("loading
// report"), the path and its size.
MemoryDemand report_file_demand(const std::string& doing, const std::string& path);

// Every report of paths, in order. Throws ReportLoadError for the first that cannot be read.
std::vector<LoadedReport> load_reports(const std::vector<std::string>& paths);

// Throws UsageError when path (an output named on the command line) cannot be written, so
// that the problem is found before any work, and nothing is left half-written.
void require_writable_output(const std::string& flag, const std::string& path);

// Writes text to path atomically; an empty path means standard output.
void write_output(const std::string& path, const std::string& text);

}  // namespace commbench
