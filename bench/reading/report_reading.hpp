#pragma once
// What the commands that read reports (report, compare, gate) share: loading the reports
// they are given, writing their output whole or not at all, and doing the work on rank 0
// alone while every rank leaves with its exit code.
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

// Runs task on rank 0 and gives its exit code to every rank. Input the task refuses (a
// report, spec or output path: UsageError, ReportLoadError, AcceptanceSpecError, or
// std::invalid_argument for reports that cannot be held together) is said in one line on
// standard error, exit 2. Anything else (running out of memory) is rank 0's exit-3 line
// (failure_words), exit 3 on every rank without an abort.
int run_on_rank_zero(Backend& world, const std::function<int()>& task);

}  // namespace commbench
