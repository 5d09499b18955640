// bench/commands/linkcheck/linkcheck_analysis.hpp: which links are flagged and which host is the suspect.
#include "bench/commands/linkcheck/linkcheck_analysis.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "topology/cost/pair_rounds.hpp"

namespace commbench {
namespace {

// Every directed inter-host link of `hosts` hosts; links touching slow_host run at slow_bw.
LinkcheckReport cluster(int hosts, int slow_host, double fast_bw, double slow_bw) {
  LinkcheckReport report;
  for (int host = 0; host < hosts; ++host) {
    report.meta.hosts.push_back({"node" + std::to_string(host + 1), "id" + std::to_string(host), {host}});
  }
  int round = 0;
  for (const auto& pairs : disjoint_pair_rounds(hosts)) {
    for (const auto& [a, b] : pairs) {
      for (const auto& [from, to] : {std::pair{a, b}, std::pair{b, a}}) {
        LinkMeasurement link;
        link.scope = "inter-host";
        link.round = round;
        link.from_host = from;
        link.to_host = to;
        link.from_ranks = {from};
        link.to_ranks = {to};
        link.bandwidth = (from == slow_host || to == slow_host) ? slow_bw : fast_bw;
        link.lane_bandwidth = {link.bandwidth};
        link.latency_s = 20e-6;
        report.links.push_back(link);
      }
    }
    ++round;
  }
  return report;
}

TEST(AnalyseLinks, HealthyClusterHasNoOutliersOrSuspects) {
  LinkcheckReport report = cluster(5, -1, 10e9, 10e9);
  analyse_links(report);
  EXPECT_TRUE(report.outliers.empty());
  EXPECT_TRUE(report.suspects.empty());
  EXPECT_DOUBLE_EQ(report.median_inter_host_bandwidth, 10e9);
  ASSERT_EQ(report.hosts.size(), 5u);
  for (const HostLinkVerdict& host : report.hosts) {
    EXPECT_EQ(host.peers, 4);
    EXPECT_EQ(host.slow_peers, 0);
    EXPECT_FALSE(host.suspect);
  }
}

TEST(AnalyseLinks, SlowHostsLinksAreFlaggedAndTheHostIsTheSuspect) {
  LinkcheckReport report = cluster(5, 2, 10e9, 2e9);
  analyse_links(report);
  for (const LinkMeasurement& link : report.links) {
    const bool touches = link.from_host == 2 || link.to_host == 2;
    EXPECT_EQ(link.bandwidth_outlier, touches) << link.from_host << "->" << link.to_host;
    EXPECT_FALSE(link.latency_outlier);
  }
  EXPECT_EQ(report.outliers.size(), 8u);  // 4 peers, both directions
  EXPECT_EQ(report.outliers.front().find("node"), 0u);
  ASSERT_EQ(report.suspects, std::vector<std::string>{"node3"});
  EXPECT_EQ(report.hosts[2].slow_peers, 4);
  EXPECT_NE(report.hosts[2].reason.find("all 4 peers"), std::string::npos);
  // The others each have one slow peer out of four: not suspects.
  EXPECT_EQ(report.hosts[0].slow_peers, 1);
  EXPECT_FALSE(report.hosts[0].suspect);
}

TEST(AnalyseLinks, WithThreeHostsTheSlowHostIsFoundByItsMedian) {
  // Two of three pairs are slow, so the median of all links is the slow figure and no link
  // falls below it; the host whose every link is slow still stands out against the others.
  LinkcheckReport report = cluster(3, 0, 10e9, 1e9);
  analyse_links(report);
  EXPECT_TRUE(report.outliers.empty());
  ASSERT_EQ(report.suspects, std::vector<std::string>{"node1"});
  EXPECT_NE(report.hosts[0].reason.find("median over hosts"), std::string::npos);
}

TEST(AnalyseLinks, TwoHostsCannotNameASuspect) {
  LinkcheckReport report = cluster(2, 1, 10e9, 1e9);
  analyse_links(report);
  EXPECT_TRUE(report.suspects.empty());
}

TEST(AnalyseLinks, OneSlowDirectionIsFlaggedAlone) {
  LinkcheckReport report = cluster(4, -1, 10e9, 10e9);
  auto slow = std::find_if(report.links.begin(), report.links.end(),
                           [](const LinkMeasurement& link) { return link.from_host == 3 && link.to_host == 1; });
  slow->bandwidth = 5e9;
  slow->latency_s = 100e-6;
  // 1.75 x the median latency: within the default factor of 2, not flagged.
  auto noisy = std::find_if(report.links.begin(), report.links.end(),
                            [](const LinkMeasurement& link) { return link.from_host == 0 && link.to_host == 2; });
  noisy->latency_s = 35e-6;
  analyse_links(report);
  EXPECT_FALSE(noisy->latency_outlier);
  ASSERT_EQ(report.outliers.size(), 2u);
  EXPECT_EQ(report.outliers[0].rfind("node4 -> node2: bandwidth 5000.0 MB/s, 0.50 x the inter-host median", 0), 0u)
      << report.outliers[0];
  EXPECT_EQ(report.outliers[1].rfind("node4 -> node2: latency 100.0 us", 0), 0u) << report.outliers[1];
  EXPECT_TRUE(report.suspects.empty());
}

TEST(AnalyseLinks, IntraHostLinksAreJudgedAgainstTheirOwnMedian) {
  LinkcheckReport report = cluster(1, -1, 0, 0);
  for (int pair = 0; pair < 6; ++pair) {
    LinkMeasurement link;
    link.scope = "intra-host";
    link.from_ranks = {pair};
    link.to_ranks = {pair + 1};
    link.bandwidth = pair == 4 ? 1e9 : 20e9;
    link.lane_bandwidth = {link.bandwidth};
    link.latency_s = 1e-6;
    report.links.push_back(link);
  }
  analyse_links(report);
  EXPECT_DOUBLE_EQ(report.median_intra_host_bandwidth, 20e9);
  EXPECT_DOUBLE_EQ(report.median_inter_host_bandwidth, 0);
  ASSERT_EQ(report.outliers.size(), 1u);
  EXPECT_EQ(report.outliers[0].rfind("node1 rank 4 -> rank 5: bandwidth", 0), 0u) << report.outliers[0];
}

}  // namespace
}  // namespace commbench
