#include "bench/run/run_description.hpp"

#include "build_config.hpp"
#include "git_revision.hpp"
#include "bench/run/run_environment.hpp"
#include "collectives/mpi/mpi_backend.hpp"
#include "reports/format/timestamp.hpp"

namespace commbench {

namespace {

RunMeta described(const HostMap& hosts, const std::string& backend, const std::string& library_version,
                  const std::optional<DeviceMeta>& devices, const std::vector<std::string>& argv) {
  RunMeta meta;
  meta.version = kVersion;
  meta.git_revision = kGitRevision;
  meta.argv = argv;
  meta.start_time = utc_timestamp();
  meta.backend = backend;
  meta.library_version = library_version;
  meta.world_size = static_cast<int>(hosts.host_of_rank.size());
  for (const HostRanks& host : hosts.hosts) meta.hosts.push_back({host.name, host.identity, host.ranks});
  meta.environment = captured_environment();
  meta.devices = devices;
  return meta;
}

}  // namespace

RunMeta describe_run(const HostMap& hosts, const Backend& measured, const std::optional<DeviceMeta>& devices,
                     const std::vector<std::string>& argv) {
  return described(hosts, measured.name(), measured.library_version(), devices, argv);
}

RunMeta describe_lone_run(const std::vector<std::string>& argv) {
  const HostMap alone = build_host_map({local_hostname()}, {local_host_identity()});
  return described(alone, kMpiBackendName, mpi_library_version(), std::nullopt, argv);
}

}  // namespace commbench
