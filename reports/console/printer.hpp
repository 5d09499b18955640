#pragma once
// Printers format results; they never measure. The sweep calls them as it goes, so the
// console shows each row when it is measured and the report on disk holds every completed
// row. When the run ends early (a timeout, a signal, an error) the watchdog thread calls
// run_interrupted instead of run_finished.
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "reports/model/json_report.hpp"
#include "reports/model/result.hpp"

namespace commbench {

// Why a run ends before its sweep finished: the cases completed but not yet printed (the
// other placement of the same size), and the case that was in flight then (with status
// timed_out or failed), if any.
struct RunInterruption {
  RunOutcome outcome;
  std::vector<Result> unreported_rows;
  std::optional<Result> case_in_flight;
};

class Printer {
 public:
  virtual ~Printer() = default;
  virtual void run_started(const RunMeta& /*meta*/, const nlohmann::json& /*config*/) {}
  virtual void collective_started(const std::string& /*collective*/) {}
  // The results of one case, one per placement (out-of-place first).
  virtual void case_finished(const std::vector<Result>& /*placements*/) {}
  virtual void run_finished(const RunReport& report) = 0;
  virtual void run_interrupted(const RunInterruption& /*interruption*/) {}
};

// Fans every call out to several printers, in order. Calls are serialised, because
// run_interrupted comes from the watchdog thread while the main thread may be printing.
class PrinterMultiplex final : public Printer {
 public:
  void add(std::unique_ptr<Printer> printer);
  void run_started(const RunMeta& meta, const nlohmann::json& config) override;
  void collective_started(const std::string& collective) override;
  void case_finished(const std::vector<Result>& placements) override;
  void run_finished(const RunReport& report) override;
  void run_interrupted(const RunInterruption& interruption) override;

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<Printer>> printers_;
};

}  // namespace commbench
