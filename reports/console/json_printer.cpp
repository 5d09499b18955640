#include "reports/console/json_printer.hpp"

#include <iostream>

#include "reports/format/timestamp.hpp"

namespace commbench {

void JsonPrinter::run_started(const RunMeta& meta, const nlohmann::json& config) {
  progress_.meta = meta;
  progress_.config = config;
  progress_.outcome = unfinished_outcome();
  write_progress();
}

void JsonPrinter::case_finished(const std::vector<Result>& placements) {
  progress_.results.insert(progress_.results.end(), placements.begin(), placements.end());
  // A failed update must not stop the measurement (the table still shows every row); the
  // final write reports the error and sets the exit code.
  try {
    write_progress();
  } catch (const std::exception& error) {
    if (!warned_) std::cerr << "commbench: warning: cannot update the report: " << error.what() << std::endl;
    warned_ = true;
  }
}

void JsonPrinter::run_finished(const RunReport& report) {
  const nlohmann::json json = report;
  write_file_atomically(path_, report_file_text(json), Durability::to_disk);
}

void JsonPrinter::run_interrupted(const RunInterruption& interruption) {
  progress_.outcome = interruption.outcome;
  const std::vector<Result>& completed = interruption.unreported_rows;
  progress_.results.insert(progress_.results.end(), completed.begin(), completed.end());
  if (interruption.case_in_flight) progress_.results.push_back(*interruption.case_in_flight);
  write_progress();
}

void JsonPrinter::write_progress() {
  progress_.meta.end_time = utc_timestamp();
  progress_.summary = summarize_results(progress_.results, progress_.config.value("avg_min_bytes", 0ULL));
  const nlohmann::json json = progress_;
  write_file_atomically(path_, report_file_text(json), Durability::process_only);
}

}  // namespace commbench
