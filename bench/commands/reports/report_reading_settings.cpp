#include "bench/commands/reports/report_reading_settings.hpp"

namespace commbench {

nlohmann::json report_reading_settings_json(const Config& config) {
  nlohmann::json json = command_json(config);
  json.update(nlohmann::json(config.settings<ReportReadingSettings>()));
  return json;
}

}  // namespace commbench
