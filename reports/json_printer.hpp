#pragma once
// Writes the whole report to a file, atomically, when the run finishes.
#include <string>

#include "printer.hpp"

namespace commbench {

class JsonPrinter final : public Printer {
 public:
  explicit JsonPrinter(std::string path) : path_(std::move(path)) {}
  void run_finished(const RunReport& report) override;

 private:
  std::string path_;
};

}  // namespace commbench
