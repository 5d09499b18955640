#include "printer.hpp"

namespace commbench {

void PrinterMultiplex::run_started(const RunMeta& meta, const nlohmann::json& config) {
  for (auto& printer : printers_) printer->run_started(meta, config);
}

void PrinterMultiplex::collective_started(const std::string& collective) {
  for (auto& printer : printers_) printer->collective_started(collective);
}

void PrinterMultiplex::case_finished(const std::vector<Result>& placements) {
  for (auto& printer : printers_) printer->case_finished(placements);
}

void PrinterMultiplex::run_finished(const RunReport& report) {
  for (auto& printer : printers_) printer->run_finished(report);
}

}  // namespace commbench
