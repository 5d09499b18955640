#pragma once
// The console table of `commbench gradsync`: what was run, one line per bucket size as it
// completes, each collective of a single case, and the verdict. Formats data only.
#include <string>

#include "reports/model/gradsync_report.hpp"

namespace commbench {

// The run's description and the column header (before the first case).
std::string gradsync_header_text(const GradsyncReport& report);
// One case: its bucket size, compute, communication, step, exposed time, overlap, the
// schedules' exposed times and the wrong-element count.
std::string gradsync_case_line(const GradsyncCase& row);
// Each collective of a case: measured alone and in the step, where it starts, the model's.
std::string gradsync_messages_text(const GradsyncCase& row);
// The best bucket size, the compute calibration error, wrong elements and notes.
std::string gradsync_summary_text(const GradsyncReport& report);

}  // namespace commbench
