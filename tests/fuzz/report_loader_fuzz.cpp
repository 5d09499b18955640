// Fuzz target: load_report_text on any bytes. Refusing is fine; what must never happen is
// a crash, a sanitizer finding, an exception other than ReportLoadError, a message longer
// than one line, or a report that loads but does not load again the same once rewritten.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "report_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  commbench::RunReport report;
  try {
    report = commbench::load_report_text(text, "fuzz-input");
  } catch (const commbench::ReportLoadError& error) {
    if (std::string(error.what()).find('\n') != std::string::npos) std::abort();
    return 0;
  }
  const nlohmann::json written = report;
  const commbench::RunReport again = commbench::load_report_text(written.dump(), "fuzz-rewritten");
  if (nlohmann::json(again) != written) std::abort();
  return 0;
}
