#include "bench/run/run_description.hpp"

#include "build_config.hpp"
#include "git_revision.hpp"
#include "bench/run/run_environment.hpp"
#include "reports/format/timestamp.hpp"

namespace commbench {

RunMeta describe_run(const HostMap& hosts, const Backend& measured, const std::optional<DeviceMeta>& devices,
                     const std::vector<std::string>& argv) {
  RunMeta meta;
  meta.version = kVersion;
  meta.git_revision = kGitRevision;
  meta.argv = argv;
  meta.start_time = utc_timestamp();
  meta.backend = measured.name();
  meta.library_version = measured.library_version();
  meta.world_size = static_cast<int>(hosts.host_of_rank.size());
  for (const HostRanks& host : hosts.hosts) meta.hosts.push_back({host.name, host.identity, host.ranks});
  meta.environment = captured_environment();
  meta.devices = devices;
  return meta;
}

}  // namespace commbench
