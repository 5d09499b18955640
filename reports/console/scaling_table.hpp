#pragma once
// The console table of a scaling series: one line per GPU count, then its verdicts in plain
// sentences. Rank 0 prints it for `commbench scaling` and `commbench plan`.
#include <string>

#include "reports/model/scaling_report.hpp"

namespace commbench {

// The series' title, header, a line per point (the cost column when priced), its lowest step
// time when searched, and its verdicts; every line but the points starts with '#'.
std::string scaling_series_text(const ScalingSeries& series, bool priced);

}  // namespace commbench
