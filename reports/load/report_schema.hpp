#pragma once
// docs/report.schema.json, compiled into the library at build time (reports/load/CMakeLists.txt),
// so that an installed commbench checks reports without the docs directory beside it.
#include <string_view>

#include "reports/load/json_schema_validator.hpp"

namespace commbench {

// The text of docs/report.schema.json as it was when this build was made.
std::string_view report_schema_text();

// A validator for that schema, compiled on first use and kept for the process (thread-safe:
// a function-local static).
const JsonSchemaValidator& report_schema_validator();

}  // namespace commbench
