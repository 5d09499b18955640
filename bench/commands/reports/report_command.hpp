#pragma once
// `commbench report`: reports of any kind rendered as one self-contained HTML file with
// charts, as Markdown for CI job summaries, or as Prometheus metrics for a node exporter's
// textfile collector (reports/render/html_report.hpp, markdown_report.hpp, prometheus_text.hpp).
#include "bench/run/command.hpp"

namespace commbench {

// Exit 0, or 2 when a report, the spec or the output cannot be used (nothing is written).
int run_report(const RankZeroRun& run);

}  // namespace commbench
