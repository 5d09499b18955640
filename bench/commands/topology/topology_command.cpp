#include "bench/commands/topology/topology_command.hpp"

#include <iostream>
#include <optional>

#include "bench/run/error_line.hpp"
#include "bench/run/exit_codes.hpp"
#include "bench/run/progressive_report_file.hpp"
#include "bench/run/rank_zero_work.hpp"
#include "bench/run/run_description.hpp"
#include "reports/format/timestamp.hpp"
#include "reports/model/json_report.hpp"
#include "reports/model/topology_schema_version.hpp"
#include "topology/discovery/host_map.hpp"
#include "topology/discovery/rank_strings.hpp"
#include "topology/discovery/topology_description.hpp"
#include "topology/discovery/topology_summary.hpp"

namespace commbench {
namespace {

// Rank 0: the topology from every rank's description; each host is described by its first
// rank (the others on it would say the same about the host).
TopologyDescription assemble(const HostMap& hosts, const std::vector<std::string>& descriptions) {
  TopologyDescription topology;
  for (const HostRanks& host : hosts.hosts) {
    topology.hosts.push_back(
        nlohmann::json::parse(descriptions.at(host.ranks.front())).at("host").get<HostDescription>());
  }
  for (const std::string& description : descriptions) {
    topology.ranks.push_back(nlohmann::json::parse(description).at("rank").get<RankDescription>());
  }
  return topology;
}

nlohmann::json topology_report(const RunMeta& meta, const Config& config, const TopologyDescription& topology) {
  nlohmann::json report{{"schema_version", kTopologySchemaVersion},
                        {"kind", "topology"},
                        {"outcome", RunOutcome{RunStatus::complete, "none", ""}},
                        {"meta", meta},
                        {"config", config_to_json(config)}};
  report.update(topology_to_json(topology));  // "hosts" and "ranks"
  return report;
}

}  // namespace

int run_topology(ClusterRun& cluster) {
  Backend& world = cluster.world;
  const Config& config = cluster.config;
  const std::vector<std::string>& argv = cluster.argv;
  const HostMap hosts = gather_host_map(world);
  RunMeta meta = describe_run(hosts, world, std::nullopt, argv);
  const int rank = world.rank();
  const bool describes_host = hosts.hosts[hosts.host_of_rank[rank]].ranks.front() == rank;
  nlohmann::json mine{{"rank", describe_this_rank(rank, hosts.local_rank[rank])}};
  if (describes_host) mine["host"] = describe_this_host();
  const std::vector<std::string> descriptions = allgather_strings(world, mine.dump());
  return run_on_rank_zero(world, [&] {
    const TopologyDescription topology = assemble(hosts, descriptions);
    meta.end_time = utc_timestamp();
    std::cout << topology_summary_text(topology) << std::flush;
    if (config.report_path.empty()) return kExitOk;
    return write_report_and_say(config.report_path, topology_report(meta, config, topology), kExitOk);
  });
}

}  // namespace commbench
