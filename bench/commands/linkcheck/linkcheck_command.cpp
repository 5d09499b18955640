#include "bench/commands/linkcheck/linkcheck_command.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include "bench/commands/linkcheck/linkcheck_analysis.hpp"
#include "bench/commands/linkcheck/linkcheck_settings.hpp"
#include "bench/measure/point_to_point_timing.hpp"
#include "bench/measure/statistics.hpp"
#include "bench/run/error_line.hpp"
#include "bench/run/exit_codes.hpp"
#include "bench/run/progressive_report_file.hpp"
#include "bench/run/rank_zero_work.hpp"
#include "bench/run/run_description.hpp"
#include "reports/format/number_text.hpp"
#include "reports/format/text_join.hpp"
#include "reports/format/timestamp.hpp"
#include "topology/cost/pair_rounds.hpp"
#include "topology/discovery/host_map.hpp"

namespace commbench {
namespace {

// One rank's part in a round: the rank it exchanges with, and whether it starts.
struct Partner {
  int peer = -1;
  bool starts = false;  // the lower-numbered side: times the latency and sends first
};

// One pair of ranks measured at once with others in its pair of hosts (or alone, within a
// host).
struct LanePair {
  int starter = 0;
  int responder = 0;
};

// A pair of participants (hosts, or ranks of one host) and its lanes.
struct RoundPair {
  std::string scope;
  int starter_host = 0;
  int responder_host = 0;
  std::vector<LanePair> lanes;
};

// What each rank measured in a round, gathered to rank 0: [latency or -1, bandwidth it sent
// with or -1].
constexpr std::size_t kFiguresPerRank = 2;

std::vector<RoundPair> inter_host_round(const HostMap& hosts, const std::vector<ParticipantPair>& round) {
  std::vector<RoundPair> pairs;
  for (const auto& [a, b] : round) {
    RoundPair pair{"inter-host", a, b, {}};
    const std::size_t lanes = std::min(hosts.hosts[a].ranks.size(), hosts.hosts[b].ranks.size());
    // Rank k of one host with rank k of the other: every rank of the smaller host sends at
    // once, each through the NIC nearest to it, so the pair's sum is the hosts' bandwidth.
    for (std::size_t lane = 0; lane < lanes; ++lane) {
      pair.lanes.push_back({hosts.hosts[a].ranks[lane], hosts.hosts[b].ranks[lane]});
    }
    pairs.push_back(pair);
  }
  return pairs;
}

// Round `index` of every host's own rounds of rank pairs, all hosts at once (their pairs do
// not share a link).
std::vector<RoundPair> intra_host_round(const HostMap& hosts, std::size_t index) {
  std::vector<RoundPair> pairs;
  for (std::size_t host = 0; host < hosts.hosts.size(); ++host) {
    const std::vector<int>& ranks = hosts.hosts[host].ranks;
    const auto rounds = disjoint_pair_rounds(static_cast<int>(ranks.size()));
    if (index >= rounds.size()) continue;
    for (const auto& [a, b] : rounds[index]) {
      pairs.push_back({"intra-host", static_cast<int>(host), static_cast<int>(host), {{ranks[a], ranks[b]}}});
    }
  }
  return pairs;
}

std::size_t intra_host_round_count(const HostMap& hosts) {
  std::size_t count = 0;
  for (const HostRanks& host : hosts.hosts) {
    count = std::max(count, disjoint_pair_rounds(static_cast<int>(host.ranks.size())).size());
  }
  return count;
}

std::optional<Partner> partner_in(const std::vector<RoundPair>& pairs, int rank) {
  for (const RoundPair& pair : pairs) {
    for (const LanePair& lane : pair.lanes) {
      if (lane.starter == rank) return Partner{lane.responder, true};
      if (lane.responder == rank) return Partner{lane.starter, false};
    }
  }
  return std::nullopt;
}


// This rank's figures for a round; every rank takes part in the gather, measuring or not.
std::vector<double> measure_as(Backend& world, const std::optional<Partner>& partner, Buffer& buffer,
                               const Config& config) {
  std::vector<double> figures(kFiguresPerRank, -1.0);
  if (!partner) return figures;
  const LinkcheckSettings& linkcheck = config.settings<LinkcheckSettings>();
  const PointToPointRun latency_run{linkcheck.latency_bytes, config.warmup_iterations, *config.iterations};
  const PointToPointRun bandwidth_run{linkcheck.bandwidth_bytes, config.warmup_iterations, *config.iterations};
  const auto latency = ping_pong_one_way_times(world, partner->peer, partner->starts, buffer, latency_run);
  if (partner->starts) figures[0] = median_of(latency);
  // Each direction in turn, so that the two do not share the link.
  for (const bool this_side_sends : {partner->starts, !partner->starts}) {
    const auto times = one_direction_times(world, partner->peer, this_side_sends, buffer, bandwidth_run);
    if (this_side_sends) figures[1] = static_cast<double>(linkcheck.bandwidth_bytes) / median_of(times);
  }
  return figures;
}

// Rank 0: the round's two directed links per pair, from everyone's figures.
std::vector<LinkMeasurement> round_links(const std::vector<RoundPair>& pairs, const std::vector<double>& figures,
                                         int round) {
  std::vector<LinkMeasurement> links;
  for (const RoundPair& pair : pairs) {
    const double latency = figures[pair.lanes.front().starter * kFiguresPerRank];
    for (const bool forward : {true, false}) {
      LinkMeasurement link;
      link.scope = pair.scope;
      link.round = round;
      link.from_host = forward ? pair.starter_host : pair.responder_host;
      link.to_host = forward ? pair.responder_host : pair.starter_host;
      for (const LanePair& lane : pair.lanes) {
        const int sender = forward ? lane.starter : lane.responder;
        link.from_ranks.push_back(sender);
        link.to_ranks.push_back(forward ? lane.responder : lane.starter);
        link.lane_bandwidth.push_back(figures[sender * kFiguresPerRank + 1]);
        link.bandwidth += link.lane_bandwidth.back();
      }
      link.latency_s = latency;
      links.push_back(link);
    }
  }
  return links;
}

std::string link_line(const LinkcheckReport& report, const LinkMeasurement& link) {
  std::string from = report.meta.hosts[link.from_host].name;
  std::string to = report.meta.hosts[link.to_host].name;
  if (link.scope == "intra-host") {
    from += " rank " + std::to_string(link.from_ranks.front());
    to = "rank " + std::to_string(link.to_ranks.front());
  }
  char line[256];
  std::snprintf(line, sizeof line, "%6d  %-11s %-28s %-28s %5zu %12s %12s", link.round + 1, link.scope.c_str(),
                from.c_str(), to.c_str(), link.lane_bandwidth.size(),
                formatted_number("%.3f", link.bandwidth / 1e9).c_str(),
                formatted_number("%.2f", link.latency_s * 1e6).c_str());
  return line;
}

// The inter-host bandwidth matrix in GB/s, row = sender.
void print_matrix(std::ostream& out, const LinkcheckReport& report) {
  const std::size_t hosts = report.meta.hosts.size();
  std::vector<std::vector<std::string>> cells(hosts, std::vector<std::string>(hosts, "-"));
  for (const LinkMeasurement& link : report.links) {
    if (link.scope != "inter-host") continue;
    cells[link.from_host][link.to_host] =
        formatted_number("%.3f", link.bandwidth / 1e9) + (link.bandwidth_outlier ? "*" : "");
  }
  out << "# Inter-host bandwidth (GB/s; row sends, column receives; * below "
      << formatted_number("%.2f", report.outlier_fraction) << " x the median "
      << formatted_number("%.3f", report.median_inter_host_bandwidth / 1e9) << " GB/s)\n";
  // Columns as wide as the longest host name, so that no name is cut short.
  std::size_t width = 9;
  for (const HostEntry& host : report.meta.hosts) width = std::max(width, host.name.size());
  const auto padded = [width](const std::string& text) { return std::string(width - text.size(), ' ') + text; };
  std::string header = "# " + std::string(width, ' ');
  for (const HostEntry& host : report.meta.hosts) header += " " + padded(host.name);
  out << header << "\n";
  for (std::size_t row = 0; row < hosts; ++row) {
    std::string line = "# " + padded(report.meta.hosts[row].name);
    for (std::size_t column = 0; column < hosts; ++column) line += " " + padded(cells[row][column]);
    out << line << "\n";
  }
}

void print_conclusion(std::ostream& out, const LinkcheckReport& report) {
  const bool inter = report.meta.hosts.size() > 1;
  if (inter) print_matrix(out, report);
  if (report.median_intra_host_bandwidth > 0) {
    out << "# Intra-host median: bandwidth " << formatted_number("%.3f", report.median_intra_host_bandwidth / 1e9)
        << " GB/s, latency " << formatted_number("%.2f", report.median_intra_host_latency_s * 1e6) << " us\n";
  }
  if (inter) {
    out << "# Inter-host median: bandwidth " << formatted_number("%.3f", report.median_inter_host_bandwidth / 1e9)
        << " GB/s, latency " << formatted_number("%.2f", report.median_inter_host_latency_s * 1e6) << " us\n";
    out << "# Per host: median bandwidth of its links, peers with a flagged link / peers\n";
    for (const HostLinkVerdict& host : report.hosts) {
      out << "#   " << host.name << ": " << formatted_number("%.3f", host.median_bandwidth / 1e9) << " GB/s, "
          << host.slow_peers << "/" << host.peers << (host.suspect ? "  SUSPECT: " + host.reason : "") << "\n";
    }
  }
  out << "# Outliers: " << report.outliers.size() << "\n";
  for (const std::string& outlier : report.outliers) out << "#   " << outlier << "\n";
  if (inter) out << "# Suspect hosts: " << (report.suspects.empty() ? "none" : joined(report.suspects)) << "\n";
}

// Rank 0's conclusion, printed and written; returns the exit code every rank takes.
int conclude(LinkcheckReport& report, ProgressiveReportFile<LinkcheckReport>* file) {
  analyse_links(report);
  report.outcome = {RunStatus::complete, "none", ""};
  print_conclusion(std::cout, report);
  const int exit_code = report.outliers.empty() && report.suspects.empty() ? kExitOk : kExitMeasurementFailure;
  return file != nullptr ? file->finish_and_say(report, exit_code) : exit_code;
}

}  // namespace

int run_linkcheck(ClusterRun& cluster) {
  Backend& world = cluster.world;
  const Config& config = cluster.config;
  const LinkcheckSettings& linkcheck = config.settings<LinkcheckSettings>();
  const std::vector<std::string>& argv = cluster.argv;
  PrinterMultiplex& printers = cluster.printers;
  const HostMap hosts = gather_host_map(world);
  const bool rank0 = world.rank() == 0;
  if (world.size() < 2) {
    return usage_error_everywhere(rank0,
                                  "linkcheck: a link needs at least 2 ranks (got 1; accepted: mpirun -np 2 or more)");
  }
  LinkcheckReport report;
  report.meta = describe_run(hosts, world, std::nullopt, argv);
  report.outcome = unfinished_outcome();
  report.config = config_to_json(config);
  report.bandwidth_bytes = linkcheck.bandwidth_bytes;
  report.latency_bytes = linkcheck.latency_bytes;
  report.outlier_fraction = linkcheck.outlier_fraction;
  report.latency_factor = linkcheck.latency_factor;
  // On one host there is no pair of hosts: the ranks within it are what can be checked.
  const bool intra_host = linkcheck.intra_host || hosts.hosts.size() == 1;

  std::vector<std::vector<RoundPair>> rounds;
  for (const auto& round : disjoint_pair_rounds(static_cast<int>(hosts.hosts.size()))) {
    rounds.push_back(inter_host_round(hosts, round));
  }
  if (intra_host) {
    for (std::size_t index = 0; index < intra_host_round_count(hosts); ++index) {
      rounds.push_back(intra_host_round(hosts, index));
    }
  }

  if (rank0) {
    std::cout << "# commbench linkcheck: " << hosts.hosts.size() << " host(s), " << world.size() << " ranks; bandwidth "
              << "with " << linkcheck.bandwidth_bytes << " B messages, latency with "
              << linkcheck.latency_bytes << " B; " << *config.iterations << " iterations (+"
              << config.warmup_iterations << " warm-up) per figure, median\n"
              << "# " << rounds.size() << " rounds of disjoint pairs"
              << (intra_host ? "; pairs of ranks within each host included" : "") << "\n"
              << "#  round  scope       from                         to                           lanes   bw (GB/s) "
                 "latency (us)\n";
  }
  // Rank 0's report file, which the watchdog also reaches (through printers) if the run ends
  // early.
  ProgressiveReportFile<LinkcheckReport>* file = nullptr;
  if (rank0 && !config.report_path.empty()) {
    auto owned = std::make_unique<ProgressiveReportFile<LinkcheckReport>>(config.report_path);
    file = owned.get();
    printers.add(std::move(owned));
    file->update(report);
  }
  const auto buffer = world.allocate(std::max(linkcheck.bandwidth_bytes, linkcheck.latency_bytes));
  for (std::size_t round = 0; round < rounds.size(); ++round) {
    const std::vector<double> mine = measure_as(world, partner_in(rounds[round], world.rank()), *buffer, config);
    // Ranks without a partner this round leave the cores to those measuring.
    world.idle_barrier();
    std::vector<double> everyone(kFiguresPerRank * static_cast<std::size_t>(world.size()));
    world.allgather(mine.data(), everyone.data(), kFiguresPerRank, Dtype::float64);
    if (!rank0) continue;
    for (const LinkMeasurement& link : round_links(rounds[round], everyone, static_cast<int>(round))) {
      report.links.push_back(link);
      std::cout << "  " << link_line(report, link) << "\n";
    }
    std::cout.flush();
    if (file != nullptr) file->update(report);
  }
  report.meta.end_time = utc_timestamp();
  return run_on_rank_zero(world, [&] { return conclude(report, file); });
}

nlohmann::json linkcheck_settings_json(const Config& config) {
  nlohmann::json json = command_json(config);
  json.update(nlohmann::json(config.settings<LinkcheckSettings>()));
  json.update(timed_iterations_json(config));
  return json;
}

}  // namespace commbench
