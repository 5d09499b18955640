#pragma once
// What one host and one rank sit on, as plain data with JSON conversions both ways: each
// rank can send its description as a JSON string and rank 0 rebuilds it.
//
// JSON rules: a section that may be missing has "state": "present" | "absent" and, when
// absent, "reason"; a figure that could not be read is null, and the record's "unknown"
// object names the field and why. Nothing is filled in by guess.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/format/json_optional.hpp"
#include "topology/discovery/cpu_discovery.hpp"
#include "topology/discovery/gpu_discovery.hpp"
#include "topology/discovery/gpu_links.hpp"
#include "topology/discovery/network_devices.hpp"

namespace commbench {

// Everything that is the same for all ranks of a host. GPUs and GPU links are as the
// describing process sees them (its CUDA_VISIBLE_DEVICES); ranks with another device list
// say so in their RankDescription.
struct HostDescription {
  std::string name;
  std::string identity;  // "hostname:boot-id" (host_map.hpp)
  CpuDescription cpu;
  GpuDevices gpus;
  GpuLinks gpu_links;
  NetworkDevices network;
};

struct RankDescription {
  int rank = 0;
  std::string host_name;
  std::string host_identity;
  int local_rank = 0;
  CpuBinding cpu_binding;
  std::optional<std::string> cuda_visible_devices;  // unset -> null
};

struct TopologyDescription {
  std::vector<HostDescription> hosts;  // in order of each host's lowest rank
  std::vector<RankDescription> ranks;  // by rank
};

// Where discovery reads the machine; tests point it at a fake tree.
struct DiscoveryPaths {
  std::filesystem::path sysfs_root = "/sys";
};

HostDescription describe_this_host(const DiscoveryPaths& paths = {});
// rank and local_rank come from the caller (the host map over all ranks).
RankDescription describe_this_rank(int rank, int local_rank);

// {"hosts": [...], "ranks": [...]}
nlohmann::json topology_to_json(const TopologyDescription& topology);
TopologyDescription topology_from_json(const nlohmann::json& json);

// The JSON of each part. Where the keys are the field names and nothing is special, the
// conversion is generated (std::optional is null when empty, json_optional.hpp); written by
// hand (topology_description.cpp) are the sections with a state, a renamed key or a key left
// out when empty. Leaves first: a generated conversion uses those of its fields.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(NumaNodeDescription, os_index, cpus, memory_bytes)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CpuDescription, model, packages, cores, hardware_threads, numa_nodes, unknown)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(GpuDevice, index, name, uuid, pci_bus_id, memory_bytes, numa_node, unknown)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(GpuAffinity, gpu, cpu_affinity, numa_affinity, gpu_numa_id)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(InfinibandPort, port, rate, rate_bytes_per_second, state, physical_state,
                                   link_layer, unknown)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(InfinibandDevice, name, numa_node, ports, unknown)

void to_json(nlohmann::json& json, const Availability& value);
void to_json(nlohmann::json& json, const CpuBinding& value);
void from_json(const nlohmann::json& json, CpuBinding& value);
void to_json(nlohmann::json& json, const GpuDevices& value);
void from_json(const nlohmann::json& json, GpuDevices& value);
void to_json(nlohmann::json& json, const DeviceLink& value);
void from_json(const nlohmann::json& json, DeviceLink& value);
void to_json(nlohmann::json& json, const GpuLinks& value);
void from_json(const nlohmann::json& json, GpuLinks& value);
void to_json(nlohmann::json& json, const InfinibandDevices& value);
void from_json(const nlohmann::json& json, InfinibandDevices& value);
void to_json(nlohmann::json& json, const NetworkInterface& value);
void from_json(const nlohmann::json& json, NetworkInterface& value);
void to_json(nlohmann::json& json, const NetworkInterfaces& value);
void from_json(const nlohmann::json& json, NetworkInterfaces& value);

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(NetworkDevices, infiniband, interfaces)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(HostDescription, name, identity, cpu, gpus, gpu_links, network)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(RankDescription, rank, host_name, host_identity, local_rank, cpu_binding,
                                   cuda_visible_devices)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TopologyDescription, hosts, ranks)

}  // namespace commbench
