// Fuzz target: load_any_report_text (and load_report_text, the collectives-only reader built
// on it) on any bytes. Refusing is fine; what must never happen is a crash, a sanitizer
// finding, an exception other than ReportLoadError, a message longer than one line, the two
// readers disagreeing, or a report that loads but does not load again the same once rewritten.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <type_traits>
#include <variant>

#include "reports/load/report_loader.hpp"

namespace {

// The report as its data model writes it (a topology report: its document as read).
nlohmann::json written(const commbench::ReportContent& content) {
  return std::visit(
      [](const auto& report) {
        if constexpr (std::is_same_v<std::decay_t<decltype(report)>, commbench::TopologyDocument>) {
          return report.document;
        } else {
          return nlohmann::json(report);
        }
      },
      content);
}

// The message of a refusal, or "" when text loads; aborts on a message of more than one line.
template <typename Load>
std::string refusal(Load load) {
  try {
    load();
  } catch (const commbench::ReportLoadError& error) {
    const std::string message = error.what();
    if (message.empty() || message.find('\n') != std::string::npos) std::abort();
    return message;
  }
  return "";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  commbench::LoadedReport loaded;
  const std::string any_refusal = refusal([&] { loaded = commbench::load_any_report_text(text, "fuzz-input"); });
  commbench::RunReport run;
  const std::string run_refusal = refusal([&] { run = commbench::load_report_text(text, "fuzz-input"); });
  // Both readers make the same checks up to the kind; a collectives report gets the same verdict.
  const bool collectives = any_refusal.empty() && loaded.kind == commbench::kCollectivesKind;
  if (collectives != run_refusal.empty()) std::abort();
  if (!any_refusal.empty()) return 0;
  if (collectives && nlohmann::json(run) != written(loaded.content)) std::abort();

  const nlohmann::json document = written(loaded.content);
  const commbench::LoadedReport again = commbench::load_any_report_text(document.dump(), "fuzz-rewritten");
  if (again.kind != loaded.kind || written(again.content) != document) std::abort();
  return 0;
}
