// Linkcheck reports: a link is keyed by its scope and hosts; bandwidth, and latency when asked.
#include "reports/judge/comparison_kinds.hpp"

#include "reports/format/text_join.hpp"

namespace commbench::compare_kinds {
namespace {

std::string indexed_hosts(const RunMeta& meta) {
  std::vector<std::string> items;
  for (std::size_t i = 0; i < meta.hosts.size(); ++i) items.push_back(std::to_string(i) + " " + meta.hosts[i].name);
  return joined(items, ", ");
}

std::string host_label(const LinkcheckReport& report, int host, bool by_name) {
  const bool named = by_name && host >= 0 && static_cast<std::size_t>(host) < report.meta.hosts.size();
  return named ? report.meta.hosts[static_cast<std::size_t>(host)].name : "host " + std::to_string(host);
}

std::vector<ComparableCase> link_cases(const LinkcheckReport& report, const ComparisonOptions& options,
                                       bool hosts_by_name) {
  return cases_of(report.links, [&](const LinkMeasurement& link) -> ComparableCase {
    std::string from = host_label(report, link.from_host, hosts_by_name);
    std::string to = host_label(report, link.to_host, hosts_by_name);
    // Links within a host are told apart by their ranks (one lane each).
    if (link.scope == "intra-host" && !link.from_ranks.empty() && !link.to_ranks.empty()) {
      from += " rank " + std::to_string(link.from_ranks.front());
      to += " rank " + std::to_string(link.to_ranks.front());
    }
    return {{link.scope, from, to},
            "",
            {higher_is_better("bandwidth", MetricUnit::bytes_per_second, link.bandwidth, options.threshold),
             lower_is_better("latency_s", MetricUnit::seconds, link.latency_s, options.latency_threshold)}};
  });
}

}  // namespace

KindComparison kind_comparison(const LinkcheckReport& baseline, const LinkcheckReport& candidate,
                               const ComparisonOptions& options) {
  // Hosts of two clusters have different names; matching by position still compares "the
  // first host with the second" in both, which is what a second cluster's check means.
  const bool by_name = host_names(baseline.meta) == host_names(candidate.meta);
  const std::string latency = "latency_s (" + std::to_string(baseline.latency_bytes) + " B messages)";
  KindComparison result{{"scope", "from", "to"},
                        {threshold_rule("bandwidth", "a drop", options), latency_rule(latency, options)},
                        {link_cases(baseline, options, by_name), link_cases(candidate, options, by_name)},
                        {}};
  if (!by_name) {
    result.notes.push_back("the reports list different hosts, so hosts are matched by position: baseline " +
                           indexed_hosts(baseline.meta) + "; candidate " + indexed_hosts(candidate.meta));
  }
  return result;
}

}  // namespace commbench::compare_kinds
