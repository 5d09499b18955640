#pragma once
// The settings of report, compare and gate, the commands that read reports, as the digest
// every rank compares (and compare's -J) records them.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bench/run/config.hpp"
#include "reports/format/json_optional.hpp"

namespace commbench {

// `commbench report`, `compare` and `gate`: they read reports (reports/load/report_loader.hpp) and
// measure nothing; under mpirun rank 0 does the work.
struct ReportReadingSettings {
  std::vector<std::string> inputs;  // report and gate: the reports; compare: baseline, then candidate
  std::string output;               // report: -o (written whole or not at all); empty: standard output
  std::string format;               // report: "html", "markdown" or "prometheus"
  std::string spec;                 // gate, and report --format prometheus: the acceptance spec
  std::string junit;                // gate: the JUnit XML file; empty: none
  double threshold = 0.05;          // compare: a change worse than this fraction is a regression
  std::uint64_t min_bytes = 1ULL << 20;     // compare: busbw is checked from this size up
  std::optional<double> latency_threshold;  // compare: also check times below min_bytes
};

// As report, compare and gate record them; an empty optional is null.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ReportReadingSettings, inputs, output, format, spec, junit, threshold, min_bytes,
                                   latency_threshold)

// Config::settings_json of report, compare and gate.
nlohmann::json report_reading_settings_json(const Config& config);

}  // namespace commbench
