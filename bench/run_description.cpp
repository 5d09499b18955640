#include "run_description.hpp"

#include "build_config.hpp"
#include "git_revision.hpp"
#include "host_map.hpp"
#include "run_environment.hpp"
#include "timestamp.hpp"

namespace commbench {

RunMeta describe_run(Backend& world, const Backend& measured, const std::optional<DeviceMeta>& devices,
                     const std::vector<std::string>& argv) {
  RunMeta meta;
  meta.version = kVersion;
  meta.git_revision = kGitRevision;
  meta.argv = argv;
  meta.start_time = utc_timestamp();
  meta.backend = measured.name();
  meta.library_version = measured.library_version();
  meta.world_size = world.size();
  for (const HostRanks& host : gather_host_map(world).hosts) meta.hosts.push_back({host.name, host.identity, host.ranks});
  meta.environment = captured_environment();
  meta.devices = devices;
  return meta;
}

}  // namespace commbench
