#include "reports/console/printer.hpp"

namespace commbench {

void PrinterMultiplex::add(std::unique_ptr<Printer> printer) {
  const std::lock_guard<std::mutex> lock(mutex_);
  printers_.push_back(std::move(printer));
}

void PrinterMultiplex::run_started(const RunMeta& meta, const nlohmann::json& config) {
  const std::lock_guard<std::mutex> lock(mutex_);
  for (auto& printer : printers_) printer->run_started(meta, config);
}

void PrinterMultiplex::collective_started(const std::string& collective) {
  const std::lock_guard<std::mutex> lock(mutex_);
  for (auto& printer : printers_) printer->collective_started(collective);
}

void PrinterMultiplex::case_finished(const std::vector<Result>& placements) {
  const std::lock_guard<std::mutex> lock(mutex_);
  for (auto& printer : printers_) printer->case_finished(placements);
}

void PrinterMultiplex::run_finished(const RunReport& report) {
  const std::lock_guard<std::mutex> lock(mutex_);
  for (auto& printer : printers_) printer->run_finished(report);
}

void PrinterMultiplex::run_interrupted(const RunInterruption& interruption) {
  const std::lock_guard<std::mutex> lock(mutex_);
  for (auto& printer : printers_) printer->run_interrupted(interruption);
}

}  // namespace commbench
