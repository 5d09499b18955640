#include "bench/commands/linkcheck/linkcheck_analysis.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>

#include "bench/measure/statistics.hpp"
#include "reports/format/number_text.hpp"

namespace commbench {
namespace {


std::string megabytes_per_second(double bandwidth) { return formatted_number("%.1f MB/s", bandwidth / 1e6); }

std::string microseconds(double seconds) { return formatted_number("%.1f us", seconds * 1e6); }

std::string ratio_text(double ratio) { return formatted_number("%.2f", ratio); }

std::string link_name(const LinkcheckReport& report, const LinkMeasurement& link) {
  const std::string from = report.meta.hosts.at(link.from_host).name;
  if (link.scope == "intra-host") {
    return from + " rank " + std::to_string(link.from_ranks.at(0)) + " -> rank " + std::to_string(link.to_ranks.at(0));
  }
  return from + " -> " + report.meta.hosts.at(link.to_host).name;
}

// The medians of one scope, written into the report's fields.
void scope_medians(const LinkcheckReport& report, const std::string& scope, double& bandwidth, double& latency_s) {
  std::vector<double> bandwidths, latencies;
  for (const LinkMeasurement& link : report.links) {
    if (link.scope != scope) continue;
    bandwidths.push_back(link.bandwidth);
    latencies.push_back(link.latency_s);
  }
  bandwidth = median_of(bandwidths);
  latency_s = median_of(latencies);
}

}  // namespace

void analyse_links(LinkcheckReport& report) {
  scope_medians(report, "inter-host", report.median_inter_host_bandwidth, report.median_inter_host_latency_s);
  scope_medians(report, "intra-host", report.median_intra_host_bandwidth, report.median_intra_host_latency_s);
  const double fraction = report.outlier_fraction;
  report.outliers.clear();
  for (LinkMeasurement& link : report.links) {
    const bool inter = link.scope == "inter-host";
    const double median_bandwidth = inter ? report.median_inter_host_bandwidth : report.median_intra_host_bandwidth;
    const double median_latency = inter ? report.median_inter_host_latency_s : report.median_intra_host_latency_s;
    link.bandwidth_outlier = link.bandwidth < fraction * median_bandwidth;
    link.latency_outlier = link.latency_s > report.latency_factor * median_latency;
    if (link.bandwidth_outlier) {
      report.outliers.push_back(link_name(report, link) + ": bandwidth " + megabytes_per_second(link.bandwidth) + ", " +
                                ratio_text(link.bandwidth / median_bandwidth) + " x the " + link.scope + " median " +
                                megabytes_per_second(median_bandwidth) + " (flagged below " + ratio_text(fraction) +
                                " x)");
    }
    if (link.latency_outlier) {
      report.outliers.push_back(link_name(report, link) + ": latency " + microseconds(link.latency_s) + ", " +
                                ratio_text(link.latency_s / median_latency) + " x the " + link.scope + " median " +
                                microseconds(median_latency) + " (flagged above " + ratio_text(report.latency_factor) +
                                " x)");
    }
  }

  report.hosts.clear();
  report.suspects.clear();
  std::vector<double> host_medians;
  for (std::size_t host = 0; host < report.meta.hosts.size(); ++host) {
    HostLinkVerdict verdict;
    verdict.host = static_cast<int>(host);
    verdict.name = report.meta.hosts[host].name;
    std::vector<double> bandwidths;
    std::set<int> peers, slow_peers;
    for (const LinkMeasurement& link : report.links) {
      if (link.scope != "inter-host") continue;
      if (link.from_host != verdict.host && link.to_host != verdict.host) continue;
      const int peer = link.from_host == verdict.host ? link.to_host : link.from_host;
      bandwidths.push_back(link.bandwidth);
      peers.insert(peer);
      if (link.bandwidth_outlier || link.latency_outlier) slow_peers.insert(peer);
    }
    verdict.median_bandwidth = median_of(bandwidths);
    verdict.peers = static_cast<int>(peers.size());
    verdict.slow_peers = static_cast<int>(slow_peers.size());
    if (verdict.peers > 0) host_medians.push_back(verdict.median_bandwidth);
    report.hosts.push_back(verdict);
  }
  const double median_of_hosts = median_of(host_medians);
  for (HostLinkVerdict& verdict : report.hosts) {
    if (verdict.peers < 2) continue;
    if (verdict.slow_peers == verdict.peers) {
      verdict.suspect = true;
      verdict.reason = "its links with all " + std::to_string(verdict.peers) + " peers are flagged";
    } else if (verdict.median_bandwidth < fraction * median_of_hosts) {
      // With few hosts one bad host drags the median of all links down to its own level, so
      // that its links are not flagged; the host's median against the other hosts' still is.
      verdict.suspect = true;
      verdict.reason = "its median bandwidth " + megabytes_per_second(verdict.median_bandwidth) + " is " +
                       ratio_text(verdict.median_bandwidth / median_of_hosts) + " x the median over hosts " +
                       megabytes_per_second(median_of_hosts);
    }
    if (verdict.suspect) report.suspects.push_back(verdict.name);
  }
}

}  // namespace commbench
