#pragma once
// The settings of report, compare and gate, the commands that read reports, as the digest
// every rank compares (and compare's -J) records them.
#include <nlohmann/json.hpp>

#include "bench/run/config.hpp"

namespace commbench {

// Config::settings_json of report, compare and gate.
nlohmann::json report_reading_settings_json(const Config& config);

}  // namespace commbench
