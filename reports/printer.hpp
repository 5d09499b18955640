#pragma once
// Printers format results; they never measure. The sweep calls them as it goes, so the
// console shows each row when it is measured, and a file printer writes at the end.
#include <memory>
#include <vector>

#include "json_report.hpp"
#include "result.hpp"

namespace commbench {

class Printer {
 public:
  virtual ~Printer() = default;
  virtual void run_started(const RunMeta& /*meta*/, const nlohmann::json& /*config*/) {}
  virtual void collective_started(const std::string& /*collective*/) {}
  // The results of one case, one per placement (out-of-place first).
  virtual void case_finished(const std::vector<Result>& /*placements*/) {}
  virtual void run_finished(const RunReport& report) = 0;
};

// Fans every call out to several printers, in order.
class PrinterMultiplex final : public Printer {
 public:
  void add(std::unique_ptr<Printer> printer) { printers_.push_back(std::move(printer)); }
  void run_started(const RunMeta& meta, const nlohmann::json& config) override;
  void collective_started(const std::string& collective) override;
  void case_finished(const std::vector<Result>& placements) override;
  void run_finished(const RunReport& report) override;

 private:
  std::vector<std::unique_ptr<Printer>> printers_;
};

}  // namespace commbench
