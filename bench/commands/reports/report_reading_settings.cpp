#include "bench/commands/reports/report_reading_settings.hpp"

namespace commbench {

nlohmann::json report_reading_settings_json(const Config& config) {
  const ReportReadingSettings& reading = config.reading;
  nlohmann::json json = command_json(config);
  json["inputs"] = reading.inputs;
  json["output"] = reading.output;
  json["format"] = reading.format;
  json["spec"] = reading.spec;
  json["junit"] = reading.junit;
  json["threshold"] = reading.threshold;
  json["min_bytes"] = reading.min_bytes;
  json["latency_threshold"] = optional_json(reading.latency_threshold);
  return json;
}

}  // namespace commbench
