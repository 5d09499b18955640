#pragma once
// Reading a JSON report back (for the commands that compare and gate reports), strictly:
// a report this build would not have written is refused, with one line that names the file,
// the field (by its JSON path, e.g. /results/3/bytes), what is wrong and what is accepted.
//
// Strict because a quietly wrong number is worse than an error: nlohmann's generated
// conversions turn -1 into 18446744073709551615 for an unsigned count and 1.5 into 1. The
// loader therefore converts the JSON into a RunReport, converts that back, and refuses any
// difference. The check is driven by the data model's own conversions (json_report.hpp), so a
// field added there is checked without a change here.
#include <stdexcept>
#include <string>

#include "json_report.hpp"

namespace commbench {

// A report that cannot be read. what() is a single line: "<file>: <what is wrong> (accepted: ...)".
class ReportLoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads and checks the report at path. Throws ReportLoadError.
RunReport load_report_file(const std::string& path);

// Checks and converts report text; name stands for the file in messages. Throws ReportLoadError.
RunReport load_report_text(const std::string& text, const std::string& name);

}  // namespace commbench
