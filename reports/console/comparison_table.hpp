#pragma once
// The console text of `commbench compare`: what is checked, the notes, one aligned line per
// compared metric (ratio as "0.93x", "REGRESSION" at the end of a flagged line, "SHORTFALL" for
// a measurement held against a prediction), the cases not sound in both reports, the cases only
// in one, and a one-line summary. Formats data only.
#include <string>

#include "reports/judge/report_comparison.hpp"

namespace commbench {

// Every line but the data lines starts with '#', as in the project's other tables.
std::string comparison_table_text(const ReportComparison& comparison);

}  // namespace commbench
