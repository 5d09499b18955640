#pragma once
// Reading a JSON report back (for the commands that read reports: report, compare, gate, fit),
// strictly: a report this build would not have written is refused, with one line that names
// the file, the field (by its JSON path, e.g. /results/3/bytes), what is wrong and what is
// accepted.
//
// The checks, in order: the file is not empty; it is JSON; its top level is an object; its
// "kind" is one this build knows; its "schema_version" is this build's for that kind (a newer
// one is refused with a message saying so: the file needs a newer commbench, it is not
// broken); it matches docs/report.schema.json (compiled in, report_schema.hpp); for every
// kind with a data model, the model reads back every value exactly; and its figures agree with
// one another (report_consistency.hpp: bus_bw with alg_bw and time_s, statistics ordered,
// verdicts with their figures).
//
// That last check exists because a quietly wrong number is worse than an error: nlohmann's
// generated conversions turn -1 into 18446744073709551615 for an unsigned count and 1.5 into
// 1. The loader converts the JSON into the data model, converts that back, and refuses any
// difference. It is driven by the model's own conversions, so a field added there is checked
// without a change here.
#include <cstddef>
#include <stdexcept>
#include <string>

#include "reports/load/loaded_report.hpp"
#include "reports/model/json_report.hpp"

namespace commbench {

// The most rows (a collectives report's results, a prediction's rows) a report is read with:
// the most a sweep plans and writes (kMaxSweepCases in bench/run/size_parse.hpp, which reports/ does
// not include: the two must agree), so that whatever commbench writes reads back, and a longer
// array is refused at that row instead of costing memory without end. Reading costs about
// 70 us of CPU and 0.6 KB of memory per row besides the file's text (docs/RELIABILITY.md).
inline constexpr std::size_t kMaxReportRows = 1000000;

// A report that cannot be read. what() is a single line: "<file>: <what is wrong> (accepted: ...)".
class ReportLoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads and checks the report of any kind at path. Throws ReportLoadError.
LoadedReport load_any_report_file(const std::string& path);

// Checks and converts report text of any kind; name stands for the file in messages (and is
// the LoadedReport's path). Throws ReportLoadError.
LoadedReport load_any_report_text(const std::string& text, const std::string& name);

// The same for a collectives report (commbench <collective|all> -J); a report of another kind
// is refused. Throws ReportLoadError.
RunReport load_report_file(const std::string& path);
RunReport load_report_text(const std::string& text, const std::string& name);

}  // namespace commbench
