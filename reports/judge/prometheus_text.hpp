#pragma once
// Headline figures of reports (and of a gate's verdict) in the Prometheus text exposition
// format, for a node exporter's textfile collector (`commbench report --format prometheus`,
// docs/GATE.md): gauges in base units, named commbench_*, labelled with the report's path.
#include <optional>
#include <string>
#include <vector>

#include "reports/judge/acceptance_gate.hpp"
#include "reports/load/loaded_report.hpp"

namespace commbench {

// Every family with at least one sample, each as # HELP, # TYPE and its samples:
//   commbench_report_ok{report,kind}                      1 when the run finished cleanly
//   commbench_wrong_elements{report}                      collectives, gradsync, measured scaling
//   commbench_busbw_bytes_per_second{report,collective,dtype,op,placement,algorithm,root,bytes}
//                                                         each case at its largest ok size
//   commbench_latency_seconds{...same labels}             each case at its smallest ok size above 0 B
//   commbench_linkcheck_flagged_links{report}, commbench_linkcheck_suspect_hosts{report}
//   commbench_scaling_efficiency{report,series,fabric,gpus}
//   commbench_gate_passed, commbench_gate_checks, commbench_gate_checks_failed   with a gate
std::string prometheus_text(const std::vector<LoadedReport>& reports, const std::optional<GateResult>& gate);


}  // namespace commbench
