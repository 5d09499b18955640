#pragma once
// A report on disk that is kept current while its run goes on, as the collectives report
// is: rewritten atomically after every step of the run, marked partial, and, when the run
// ends early (a timeout, a signal), rewritten once more by the watchdog thread with the
// reason, so that everything finished is kept. Rank 0 only. For the reports that are not a
// sweep's (linkcheck, gradsync, pipeline): Report has `outcome`, `meta.end_time` and a JSON
// conversion (nlohmann::json(report)).
#include <iostream>
#include <mutex>
#include <string>

#include "bench/run/error_line.hpp"
#include "bench/run/exit_codes.hpp"
#include "reports/console/printer.hpp"
#include "reports/format/timestamp.hpp"
#include "reports/model/json_report.hpp"

namespace commbench {

// How every command writes its finished report: atomically and to disk, then a line that says
// where it is, or one that says why it could not be written. Returns exit_code, or
// kExitRuntimeError when the report could not be written. Report: a JSON document, or a type
// with a JSON conversion.
template <typename Report>
int write_report_and_say(const std::string& path, const Report& report, int exit_code) {
  try {
    write_file_atomically(path, report_file_text(nlohmann::json(report)), Durability::to_disk);
  } catch (const std::exception& error) {
    say_error("cannot write the report: " + std::string(error.what()));
    return kExitRuntimeError;
  }
  std::cout << "# Report written to " << path << std::endl;
  return exit_code;
}

template <typename Report>
class ProgressiveReportFile final : public Printer {
 public:
  explicit ProgressiveReportFile(std::string path) : path_(std::move(path)) {}

  // The report so far, still marked partial. A failed write is said once; the run goes on.
  void update(const Report& report) {
    const std::lock_guard<std::mutex> lock(mutex_);
    latest_ = report;
    latest_.meta.end_time = utc_timestamp();  // the time of the last step written
    try {
      write(Durability::process_only);
    } catch (const std::exception& error) {
      if (!warned_) std::cerr << "commbench: warning: cannot update the report: " << error.what() << std::endl;
      warned_ = true;
    }
  }
  // The final report, and a line that says where it is or why it could not be written
  // (write_report_and_say).
  int finish_and_say(const Report& report, int exit_code) {
    const std::lock_guard<std::mutex> lock(mutex_);
    latest_ = report;
    return write_report_and_say(path_, latest_, exit_code);
  }

  // Not a sweep's report: finish_and_say() writes it.
  void run_finished(const RunReport& /*report*/) override {}
  // From the watchdog thread: the last update, with the interruption's outcome.
  void run_interrupted(const RunInterruption& interruption) override {
    const std::lock_guard<std::mutex> lock(mutex_);
    latest_.outcome = interruption.outcome;
    latest_.meta.end_time = utc_timestamp();
    write(Durability::to_disk);
  }

 private:
  void write(Durability durability) {
    write_file_atomically(path_, report_file_text(nlohmann::json(latest_)), durability);
  }

  std::mutex mutex_;  // update on the main thread, run_interrupted on the watchdog's
  std::string path_;
  Report latest_;
  bool warned_ = false;
};

}  // namespace commbench
