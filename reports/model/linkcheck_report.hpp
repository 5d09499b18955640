#pragma once
// The report of `commbench linkcheck`: point-to-point bandwidth and latency between every
// pair of hosts (and, when asked, every pair of ranks within a host), the outliers and the
// suspect hosts. Plain data, SI units, as the other reports (docs/REPORT_SCHEMA.md).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "reports/model/result.hpp"

namespace commbench {

inline constexpr int kLinkcheckSchemaVersion = 1;

// One directed link: bytes sent from `from` to `to`.
struct LinkMeasurement {
  std::string scope;  // "inter-host" (between hosts) or "intra-host" (between ranks of one host)
  int round = 0;      // the round of disjoint pairs it was measured in (per scope and host)
  int from_host = 0;  // indices into meta.hosts
  int to_host = 0;
  std::vector<int> from_ranks;  // the ranks that sent, one per lane (rank pairs measured at once)
  std::vector<int> to_ranks;
  std::vector<double> lane_bandwidth;  // bytes/s of each lane
  double bandwidth = 0;  // bytes/s: the lanes' sum
  double latency_s = 0;  // half the round trip of a small message on the first lane (both directions)
  bool bandwidth_outlier = false;  // below outlier_fraction x the scope's median bandwidth
  bool latency_outlier = false;    // above latency_factor x the scope's median latency
};

// What the links say about one host (inter-host links only).
struct HostLinkVerdict {
  int host = 0;
  std::string name;
  double median_bandwidth = 0;  // bytes/s over its links, both directions
  int peers = 0;                // hosts it was measured with
  int slow_peers = 0;           // of those, the ones with a flagged link in either direction
  bool suspect = false;         // the fault is most likely on this host's side (linkcheck_analysis.hpp)
  std::string reason;           // why it is a suspect; empty otherwise
};

struct LinkcheckReport {
  RunOutcome outcome;
  RunMeta meta;
  nlohmann::json config = nlohmann::json::object();
  std::uint64_t bandwidth_bytes = 0;  // message size of the bandwidth measurement
  std::uint64_t latency_bytes = 0;    // message size of the latency measurement
  double outlier_fraction = 0.8;
  double latency_factor = 2.0;
  double median_inter_host_bandwidth = 0;  // 0 when no inter-host link was measured
  double median_inter_host_latency_s = 0;
  double median_intra_host_bandwidth = 0;
  double median_intra_host_latency_s = 0;
  std::vector<LinkMeasurement> links;
  std::vector<HostLinkVerdict> hosts;
  std::vector<std::string> outliers;  // one line each, naming the hosts (and ranks)
  std::vector<std::string> suspects;  // host names
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(LinkMeasurement, scope, round, from_host, to_host, from_ranks, to_ranks,
                                   lane_bandwidth, bandwidth, latency_s, bandwidth_outlier, latency_outlier)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(HostLinkVerdict, host, name, median_bandwidth, peers, slow_peers, suspect, reason)

// Adds "kind": "linkcheck", "schema_version" and, for readers that draw, the inter-host
// bandwidth and latency matrices (row: sender host, column: receiver host; null on the
// diagonal and where not measured).
void to_json(nlohmann::json& json, const LinkcheckReport& report);
// Throws std::runtime_error for another kind or schema version.
void from_json(const nlohmann::json& json, LinkcheckReport& report);

}  // namespace commbench
