#pragma once
// `commbench report -o report.md`: the reports as GitHub-flavoured Markdown for CI job summaries.
// The same sections as the HTML page (report_document.hpp) as tables and lists, without the
// charts; numbers as the console tables print them; half-peak sizes, break-even GPU counts and
// the best bucket in bold, outliers, wrong elements and failures in bold with a warning sign.
// Deterministic: the same reports give the same bytes.
#include <string>
#include <vector>

#include "loaded_report.hpp"

namespace commbench {

std::string render_markdown_report(const std::vector<LoadedReport>& reports);

}  // namespace commbench
