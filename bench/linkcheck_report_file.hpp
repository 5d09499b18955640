#pragma once
// The linkcheck report on disk, kept current as the collectives report is: rewritten
// atomically after every round, marked partial, and, when the run ends early (a timeout, a
// signal), rewritten once more by the watchdog thread with the reason, so that every
// finished round is kept. Rank 0 only.
#include <mutex>
#include <string>

#include "linkcheck_report.hpp"
#include "printer.hpp"

namespace commbench {

class LinkcheckReportFile final : public Printer {
 public:
  explicit LinkcheckReportFile(std::string path) : path_(std::move(path)) {}

  // The report so far, still marked partial. A failed write is said once; the run goes on.
  void update(const LinkcheckReport& report);
  // The final report. Throws when it cannot be written.
  void finish(const LinkcheckReport& report);

  // Linkcheck's report is not a sweep's: finish() writes it.
  void run_finished(const RunReport& /*report*/) override {}
  // From the watchdog thread: the last update, with the interruption's outcome.
  void run_interrupted(const RunInterruption& interruption) override;

 private:
  std::mutex mutex_;  // update on the main thread, run_interrupted on the watchdog's
  std::string path_;
  LinkcheckReport latest_;
  bool warned_ = false;
};

}  // namespace commbench
