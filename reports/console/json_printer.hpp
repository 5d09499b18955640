#pragma once
// Writes the report file and keeps it current: after the run starts and after every case
// it rewrites the whole report atomically, marked partial, so that a run that is killed
// loses at most the case in flight and the file on disk is always a valid report. The
// final write marks it complete, or partial with the reason the run ended early.
#include <string>

#include "reports/console/printer.hpp"

namespace commbench {

class JsonPrinter final : public Printer {
 public:
  explicit JsonPrinter(std::string path) : path_(std::move(path)) {}
  void run_started(const RunMeta& meta, const nlohmann::json& config) override;
  void case_finished(const std::vector<Result>& placements) override;
  void run_finished(const RunReport& report) override;
  void run_interrupted(const RunInterruption& interruption) override;

 private:
  void write_progress();

  std::string path_;
  RunReport progress_;  // what has been measured so far
  bool warned_ = false;  // a failed update is reported once
};

}  // namespace commbench
