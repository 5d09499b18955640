#pragma once
// `commbench report -o report.md`: the reports as GitHub-flavoured Markdown for CI job summaries.
// The same sections as the HTML page (report_document.hpp) as tables and lists, without the
// charts; numbers as the console tables print them; half-peak sizes, break-even GPU counts and
// the best bucket in bold, outliers, wrong elements and failures in bold with a warning sign.
// Deterministic: the same reports give the same bytes.
#include <string>
#include <vector>

#include "reports/load/loaded_report.hpp"
#include "reports/render/report_document.hpp"

namespace commbench {

std::string render_markdown_report(const std::vector<LoadedReport>& reports);

// The same from the document built from the reports (build_report_document): a caller that lets
// the reports go first holds only the document while the text grows (a report of 10^5 rows).
std::string render_markdown_report(const ReportDocument& document);

}  // namespace commbench
