// The linkcheck_no_outliers check: no link of a linkcheck report flagged for low bandwidth or
// high latency.
#include "reports/judge/gate_checks.hpp"

#include "reports/format/number_text.hpp"
#include "reports/format/text_join.hpp"

namespace commbench::gate_checks {
namespace {

std::string host_name(const LinkcheckReport& report, int host) {
  if (host >= 0 && static_cast<std::size_t>(host) < report.meta.hosts.size()) return report.meta.hosts[host].name;
  return "host " + std::to_string(host);
}

std::string ranks_text(const std::vector<int>& ranks) {
  std::vector<std::string> numbers;
  for (int rank : ranks) numbers.push_back(std::to_string(rank));
  return joined(numbers, ",");
}

// "fx-host2 -> fx-host3 (inter-host, ranks 2 -> 4): bandwidth 0.02832 GB/s, below 0.8 x the
// inter-host median 0.03882 GB/s"
std::string flagged_link_text(const LinkcheckReport& report, const LinkMeasurement& link, const std::string& path,
                              const LinkcheckNoOutliersCheck& check) {
  const bool inter = link.scope == "inter-host";
  const double median_bandwidth = inter ? report.median_inter_host_bandwidth : report.median_intra_host_bandwidth;
  const double median_latency = inter ? report.median_inter_host_latency_s : report.median_intra_host_latency_s;
  std::vector<std::string> flags;
  if (check.bandwidth && link.bandwidth_outlier) {
    flags.push_back("bandwidth " + bandwidth_text(link.bandwidth) + ", below " +
                    formatted_number("%g", report.outlier_fraction) + " x the " + link.scope + " median " +
                    bandwidth_text(median_bandwidth));
  }
  if (check.latency && link.latency_outlier) {
    flags.push_back("latency " + duration_text(link.latency_s) + ", above " +
                    formatted_number("%g", report.latency_factor) + " x the " + link.scope + " median " +
                    duration_text(median_latency));
  }
  return host_name(report, link.from_host) + " -> " + host_name(report, link.to_host) + " (" + link.scope +
         ", ranks " + ranks_text(link.from_ranks) + " -> " + ranks_text(link.to_ranks) + ", " + path +
         "): " + joined(flags, "; ");
}

}  // namespace

CheckOutcome evaluate(const AcceptanceCheck& check, const LinkcheckNoOutliersCheck& links,
                      const std::vector<LoadedReport>& reports) {
  const std::string flags = links.bandwidth && links.latency ? "low bandwidth or high latency"
                            : links.bandwidth                ? "low bandwidth"
                                                             : "high latency";
  CheckOutcome outcome = named(check, LinkcheckNoOutliersCheck::kType, "links flagged for " + flags);
  outcome.required = "0 flagged links";
  std::size_t linkcheck_reports = 0;
  std::size_t measured_links = 0;
  std::vector<std::string> flagged;
  std::vector<std::string> suspects;
  for (const LoadedReport& report : reports) {
    const auto* linkcheck = std::get_if<LinkcheckReport>(&report.content);
    if (linkcheck == nullptr) continue;
    ++linkcheck_reports;
    measured_links += linkcheck->links.size();
    for (const LinkMeasurement& link : linkcheck->links) {
      if ((links.bandwidth && link.bandwidth_outlier) || (links.latency && link.latency_outlier)) {
        flagged.push_back(flagged_link_text(*linkcheck, link, report.path, links));
      }
    }
    for (const HostLinkVerdict& host : linkcheck->hosts) {
      if (host.suspect) suspects.push_back("suspect host " + host.name + " (" + report.path + "): " + host.reason);
    }
  }
  if (linkcheck_reports == 0) {
    return missing_measurement(std::move(outcome), {"needs a linkcheck report; none was given"});
  }
  if (measured_links == 0) {
    return missing_measurement(std::move(outcome),
                               {"needs measured links; the linkcheck reports have none (a single host, without "
                                "--intra-host)"});
  }
  outcome.measured = std::to_string(flagged.size()) + " flagged links (of " + std::to_string(measured_links) + ")";
  outcome.passed = flagged.empty();
  if (!outcome.passed) {
    append_listed(outcome.details, flagged, "flagged links");
    append_listed(outcome.details, suspects, "suspect hosts");
  }
  return outcome;
}

}  // namespace commbench::gate_checks
