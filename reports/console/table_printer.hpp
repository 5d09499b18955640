#pragma once
// The table nccl-tests users already read: one row per size with out-of-place and in-place
// time (us), algbw and busbw (GB/s, 1e9 bytes/s) and #wrong, then the summary lines. A run
// with a fabric (--fabric) gains, per placement, the model's predicted time and busbw and the
// relative error of the predicted time, and a summary of the model's accuracy.
#include <ostream>
#include <string>
#include <vector>

#include "reports/console/printer.hpp"

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
  void print_model_summary(const ModelReport& model);

  std::ostream& out_;
  // The column groups, in order: the run's placements (from its configuration).
  std::vector<std::string> placements_;
  bool with_model_ = false;  // the run has a fabric: print the model's columns
};

}  // namespace commbench
