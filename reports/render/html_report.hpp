#pragma once
// `commbench report -o report.html`: one self-contained HTML5 page of the reports, readable with
// no network: the styles inline, the charts inline SVG drawn by the project (svg_chart.hpp), no
// script, no font, no image, no URL. Sections appear only for what the reports contain
// (report_document.hpp); several reports of a kind share each chart, one series each.
//
// Every chart is <figure class="chart" data-chart="NAME"> around its <svg> and a <figcaption>,
// NAME one of busbw:<collective>, latency:<collective>, model-error:<collective>, scaling,
// gradsync-buckets, and, with data-report="<the report's path>", pipeline-timeline and
// linkcheck-heatmap (one per report). Browser tests find the charts by these names.
#include <string>
#include <vector>

#include "reports/load/loaded_report.hpp"
#include "reports/render/report_document.hpp"

namespace commbench {

std::string render_html_report(const std::vector<LoadedReport>& reports);

// The same from the document built from the reports (build_report_document): a caller that lets
// the reports go first holds only the document while the text grows (a report of 10^5 rows).
std::string render_html_report(const ReportDocument& document);

}  // namespace commbench
