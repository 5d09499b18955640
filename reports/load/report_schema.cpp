#include "reports/load/report_schema.hpp"

#include <nlohmann/json.hpp>

namespace commbench {

const JsonSchemaValidator& report_schema_validator() {
  static const JsonSchemaValidator validator(nlohmann::json::parse(report_schema_text()));
  return validator;
}

}  // namespace commbench
