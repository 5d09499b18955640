#include "topology/discovery/topology_description.hpp"

#include <cstdlib>

#include "reports/format/json_optional.hpp"
#include "topology/discovery/host_map.hpp"

namespace commbench {
namespace {

using nlohmann::json;

// A section's state: "present", or "absent" with the reason.
void put_state(json& object, const Availability& state) {
  object["state"] = state.present ? "present" : "absent";
  if (!state.present) object["reason"] = state.reason;
}

Availability read_state(const json& object) {
  const std::string state = object.at("state").get<std::string>();
  if (state == "present") return Availability::available();
  if (state == "absent") return Availability::absent(object.at("reason").get<std::string>());
  throw std::invalid_argument("state is \"" + state + "\"; accepted: \"present\", \"absent\"");
}

// A section that is a list of devices: its state (present, or absent with the reason) and
// the devices.
template <typename DeviceList>
void device_list_to_json(json& j, const DeviceList& value) {
  j = json::object();
  put_state(j, value.state);
  j["devices"] = value.devices;
}

template <typename DeviceList>
void device_list_from_json(const json& j, DeviceList& value) {
  value.state = read_state(j);
  j.at("devices").get_to(value.devices);
}

}  // namespace

void to_json(json& j, const Availability& value) {
  j = json::object();
  put_state(j, value);
}

void to_json(json& j, const NumaNodeDescription& value) {
  j = json{{"os_index", value.os_index}, {"cpus", value.cpus}, {"memory_bytes", value.memory_bytes}};
}
void from_json(const json& j, NumaNodeDescription& value) {
  j.at("os_index").get_to(value.os_index);
  j.at("cpus").get_to(value.cpus);
  j.at("memory_bytes").get_to(value.memory_bytes);
}

void to_json(json& j, const CpuDescription& value) {
  j = json{{"model", value.model},
           {"packages", value.packages},
           {"cores", value.cores},
           {"hardware_threads", value.hardware_threads},
           {"numa_nodes", value.numa_nodes},
           {"unknown", value.unknown}};
}
void from_json(const json& j, CpuDescription& value) {
  j.at("model").get_to(value.model);
  j.at("packages").get_to(value.packages);
  j.at("cores").get_to(value.cores);
  j.at("hardware_threads").get_to(value.hardware_threads);
  j.at("numa_nodes").get_to(value.numa_nodes);
  j.at("unknown").get_to(value.unknown);
}

void to_json(json& j, const CpuBinding& value) {
  j = json::object();
  put_state(j, value.state);
  j["bound"] = value.bound;
  j["cpus"] = value.cpus;
  j["numa_nodes"] = value.numa_nodes;
  j["cores"] = value.cores;
  j["hardware_threads"] = value.hardware_threads;
}
void from_json(const json& j, CpuBinding& value) {
  value.state = read_state(j);
  j.at("bound").get_to(value.bound);
  j.at("cpus").get_to(value.cpus);
  j.at("numa_nodes").get_to(value.numa_nodes);
  j.at("cores").get_to(value.cores);
  j.at("hardware_threads").get_to(value.hardware_threads);
}

void to_json(json& j, const GpuDevice& value) {
  j = json{{"index", value.index},
           {"name", value.name},
           {"uuid", value.uuid},
           {"pci_bus_id", value.pci_bus_id},
           {"memory_bytes", value.memory_bytes},
           {"numa_node", value.numa_node},
           {"unknown", value.unknown}};
}
void from_json(const json& j, GpuDevice& value) {
  j.at("index").get_to(value.index);
  j.at("name").get_to(value.name);
  j.at("uuid").get_to(value.uuid);
  j.at("pci_bus_id").get_to(value.pci_bus_id);
  j.at("memory_bytes").get_to(value.memory_bytes);
  j.at("numa_node").get_to(value.numa_node);
  j.at("unknown").get_to(value.unknown);
}

void to_json(json& j, const GpuDevices& value) { device_list_to_json(j, value); }
void from_json(const json& j, GpuDevices& value) { device_list_from_json(j, value); }

void to_json(json& j, const DeviceLink& value) {
  j = json{{"from", value.from},
           {"to", value.to},
           {"code", value.code},
           {"kind", value.kind},
           {"nvlink_count", value.nvlink_count}};
  if (!value.reason.empty()) j["reason"] = value.reason;
}
void from_json(const json& j, DeviceLink& value) {
  j.at("from").get_to(value.from);
  j.at("to").get_to(value.to);
  j.at("code").get_to(value.code);
  j.at("kind").get_to(value.kind);
  j.at("nvlink_count").get_to(value.nvlink_count);
  value.reason = j.value("reason", std::string());
}

void to_json(json& j, const GpuAffinity& value) {
  j = json{{"gpu", value.gpu},
           {"cpu_affinity", value.cpu_affinity},
           {"numa_affinity", value.numa_affinity},
           {"gpu_numa_id", value.gpu_numa_id}};
}
void from_json(const json& j, GpuAffinity& value) {
  j.at("gpu").get_to(value.gpu);
  j.at("cpu_affinity").get_to(value.cpu_affinity);
  j.at("numa_affinity").get_to(value.numa_affinity);
  j.at("gpu_numa_id").get_to(value.gpu_numa_id);
}

void to_json(json& j, const GpuLinks& value) {
  j = json::object();
  put_state(j, value.state);
  j["source"] = value.source.empty() ? json(nullptr) : json(value.source);
  j["nvlink"] = value.nvlink.empty() ? json(nullptr) : json(value.nvlink);
  j["gpus"] = value.gpus;
  j["gpu_pci_bus_ids"] = value.gpu_pci_bus_ids;
  j["links"] = value.gpu_links;
  j["gpu_nic_links"] = value.gpu_nic_links;
  j["nic_names"] = value.nic_names;
  j["gpu_affinity"] = value.gpu_affinity;
  j["notes"] = value.notes;
}
void from_json(const json& j, GpuLinks& value) {
  value.state = read_state(j);
  value.source = j.at("source").is_null() ? std::string() : j.at("source").get<std::string>();
  value.nvlink = j.at("nvlink").is_null() ? std::string() : j.at("nvlink").get<std::string>();
  j.at("gpus").get_to(value.gpus);
  j.at("gpu_pci_bus_ids").get_to(value.gpu_pci_bus_ids);
  j.at("links").get_to(value.gpu_links);
  j.at("gpu_nic_links").get_to(value.gpu_nic_links);
  j.at("nic_names").get_to(value.nic_names);
  j.at("gpu_affinity").get_to(value.gpu_affinity);
  j.at("notes").get_to(value.notes);
}

void to_json(json& j, const InfinibandPort& value) {
  j = json{{"port", value.port},
           {"rate", value.rate},
           {"rate_bytes_per_second", value.rate_bytes_per_second},
           {"state", value.state},
           {"physical_state", value.physical_state},
           {"link_layer", value.link_layer},
           {"unknown", value.unknown}};
}
void from_json(const json& j, InfinibandPort& value) {
  j.at("port").get_to(value.port);
  j.at("rate").get_to(value.rate);
  j.at("rate_bytes_per_second").get_to(value.rate_bytes_per_second);
  j.at("state").get_to(value.state);
  j.at("physical_state").get_to(value.physical_state);
  j.at("link_layer").get_to(value.link_layer);
  j.at("unknown").get_to(value.unknown);
}

void to_json(json& j, const InfinibandDevice& value) {
  j = json{{"name", value.name}, {"numa_node", value.numa_node}, {"ports", value.ports}, {"unknown", value.unknown}};
}
void from_json(const json& j, InfinibandDevice& value) {
  j.at("name").get_to(value.name);
  j.at("numa_node").get_to(value.numa_node);
  j.at("ports").get_to(value.ports);
  j.at("unknown").get_to(value.unknown);
}

void to_json(json& j, const InfinibandDevices& value) { device_list_to_json(j, value); }
void from_json(const json& j, InfinibandDevices& value) { device_list_from_json(j, value); }

void to_json(json& j, const NetworkInterface& value) {
  j = json{{"name", value.name},
           {"virtual", value.is_virtual},
           {"speed_bytes_per_second", value.speed_bytes_per_second},
           {"mtu", value.mtu},
           {"operstate", value.operstate},
           {"numa_node", value.numa_node},
           {"unknown", value.unknown}};
}
void from_json(const json& j, NetworkInterface& value) {
  j.at("name").get_to(value.name);
  j.at("virtual").get_to(value.is_virtual);
  j.at("speed_bytes_per_second").get_to(value.speed_bytes_per_second);
  j.at("mtu").get_to(value.mtu);
  j.at("operstate").get_to(value.operstate);
  j.at("numa_node").get_to(value.numa_node);
  j.at("unknown").get_to(value.unknown);
}

void to_json(json& j, const NetworkInterfaces& value) { device_list_to_json(j, value); }
void from_json(const json& j, NetworkInterfaces& value) { device_list_from_json(j, value); }

void to_json(json& j, const NetworkDevices& value) { j = json{{"infiniband", value.infiniband}, {"interfaces", value.interfaces}}; }
void from_json(const json& j, NetworkDevices& value) {
  j.at("infiniband").get_to(value.infiniband);
  j.at("interfaces").get_to(value.interfaces);
}

void to_json(json& j, const HostDescription& value) {
  j = json{{"name", value.name},
           {"identity", value.identity},
           {"cpu", value.cpu},
           {"gpus", value.gpus},
           {"gpu_links", value.gpu_links},
           {"network", value.network}};
}
void from_json(const json& j, HostDescription& value) {
  j.at("name").get_to(value.name);
  j.at("identity").get_to(value.identity);
  j.at("cpu").get_to(value.cpu);
  j.at("gpus").get_to(value.gpus);
  j.at("gpu_links").get_to(value.gpu_links);
  j.at("network").get_to(value.network);
}

void to_json(json& j, const RankDescription& value) {
  j = json{{"rank", value.rank},
           {"host_name", value.host_name},
           {"host_identity", value.host_identity},
           {"local_rank", value.local_rank},
           {"cpu_binding", value.cpu_binding},
           {"cuda_visible_devices", value.cuda_visible_devices}};
}
void from_json(const json& j, RankDescription& value) {
  j.at("rank").get_to(value.rank);
  j.at("host_name").get_to(value.host_name);
  j.at("host_identity").get_to(value.host_identity);
  j.at("local_rank").get_to(value.local_rank);
  j.at("cpu_binding").get_to(value.cpu_binding);
  j.at("cuda_visible_devices").get_to(value.cuda_visible_devices);
}

json topology_to_json(const TopologyDescription& topology) { return json{{"hosts", topology.hosts}, {"ranks", topology.ranks}}; }

TopologyDescription topology_from_json(const json& j) {
  TopologyDescription topology;
  j.at("hosts").get_to(topology.hosts);
  j.at("ranks").get_to(topology.ranks);
  return topology;
}

HostDescription describe_this_host(const DiscoveryPaths& paths) {
  HostDescription host;
  host.name = local_hostname();
  host.identity = local_host_identity();
  host.cpu = describe_cpu();
  host.gpus = discover_gpus(paths.sysfs_root);
  std::vector<GpuPciLocation> locations;
  for (const GpuDevice& gpu : host.gpus.devices)
    locations.push_back({"GPU" + std::to_string(gpu.index), gpu.pci_bus_id, gpu.numa_node});
  if (host.gpus.state.present) {
    host.gpu_links = discover_gpu_links(locations, paths.sysfs_root);
  } else {
    host.gpu_links.state = Availability::absent("no GPU");
  }
  host.network = discover_network_devices(paths.sysfs_root);
  return host;
}

RankDescription describe_this_rank(int rank, int local_rank) {
  RankDescription description;
  description.rank = rank;
  description.host_name = local_hostname();
  description.host_identity = local_host_identity();
  description.local_rank = local_rank;
  description.cpu_binding = describe_cpu_binding();
  if (const char* visible = std::getenv("CUDA_VISIBLE_DEVICES")) description.cuda_visible_devices = std::string(visible);
  return description;
}

}  // namespace commbench
