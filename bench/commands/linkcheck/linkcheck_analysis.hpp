#pragma once
// What linkcheck concludes from its measured links: the median of each scope, the links
// that fall outside outlier_fraction of it, and the hosts whose every link is slow. A pure
// function over the report's data, unit-tested.
#include "reports/model/linkcheck_report.hpp"

namespace commbench {

// Fills the medians, each link's outlier flags, the per-host verdicts, the outlier lines and
// the suspects of report, from report.links, report.meta.hosts and report.outlier_fraction.
//
// A link is a bandwidth outlier below outlier_fraction x the median bandwidth of its scope,
// and a latency outlier above latency_factor x the median latency. A host with at least
// 2 peers is a suspect when its link to or from every peer is flagged, or when the median
// bandwidth of its links is below outlier_fraction x the median of the hosts' medians: one
// slow pair cannot say which end is at fault, but a host slow with everyone is the common
// end.
void analyse_links(LinkcheckReport& report);

}  // namespace commbench
