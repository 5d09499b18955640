#pragma once
// The table nccl-tests users already read: one row per size with out-of-place and in-place
// time (us), algbw and busbw (GB/s, 1e9 bytes/s) and #wrong, then the summary lines.
#include <ostream>
#include <string>
#include <vector>

#include "printer.hpp"

namespace commbench {

class TablePrinter final : public Printer {
 public:
  explicit TablePrinter(std::ostream& out) : out_(out) {}
  void run_started(const RunMeta& meta, const nlohmann::json& config) override;
  void collective_started(const std::string& collective) override;
  void case_finished(const std::vector<Result>& placements) override;
  void run_finished(const RunReport& report) override;
  void run_interrupted(const RunInterruption& interruption) override;

 private:
  std::ostream& out_;
  // The column groups, in order: the run's placements (from its configuration).
  std::vector<std::string> placements_;
};

}  // namespace commbench
