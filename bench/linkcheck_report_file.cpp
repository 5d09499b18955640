#include "linkcheck_report_file.hpp"

#include <iostream>

#include "json_report.hpp"
#include "timestamp.hpp"

namespace commbench {
namespace {

void write(const std::string& path, const LinkcheckReport& report, Durability durability) {
  write_file_atomically(path, nlohmann::json(report).dump(2) + "\n", durability);
}

}  // namespace

void LinkcheckReportFile::update(const LinkcheckReport& report) {
  const std::lock_guard<std::mutex> lock(mutex_);
  latest_ = report;
  latest_.meta.end_time = utc_timestamp();  // the time of the last round written
  try {
    write(path_, latest_, Durability::process_only);
  } catch (const std::exception& error) {
    if (!warned_) std::cerr << "commbench: warning: cannot update the report: " << error.what() << std::endl;
    warned_ = true;
  }
}

void LinkcheckReportFile::finish(const LinkcheckReport& report) {
  const std::lock_guard<std::mutex> lock(mutex_);
  latest_ = report;
  write(path_, latest_, Durability::to_disk);
}

void LinkcheckReportFile::run_interrupted(const RunInterruption& interruption) {
  const std::lock_guard<std::mutex> lock(mutex_);
  latest_.outcome = interruption.outcome;
  latest_.meta.end_time = utc_timestamp();
  write(path_, latest_, Durability::to_disk);
}

}  // namespace commbench
