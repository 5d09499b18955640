#include "topology/discovery/topology_description.hpp"

#include <cstdlib>

#include "reports/format/json_fields.hpp"
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

// A section with a state: the state's keys beside the section's own fields.
template <typename Section, typename Fields>
void section_to_json(json& j, const Section& value, Fields fields) {
  j = json::object();
  put_state(j, value.state);
  write_fields(j, value, fields);
}
template <typename Section, typename Fields>
void section_from_json(const json& j, Section& value, Fields fields) {
  value.state = read_state(j);
  read_fields(j, value, fields);
}

// The plain fields of the records converted by hand (json_fields.hpp), each listed once.
constexpr auto kDeviceListFields = [](auto& list, auto visit) { visit("devices", list.devices); };
constexpr auto kCpuBindingFields = [](auto& binding, auto visit) {
  visit("bound", binding.bound);
  visit("cpus", binding.cpus);
  visit("numa_nodes", binding.numa_nodes);
  visit("cores", binding.cores);
  visit("hardware_threads", binding.hardware_threads);
};
// "reason" is not listed: it is written only when there is one, and read as empty when missing.
constexpr auto kDeviceLinkFields = [](auto& link, auto visit) {
  visit("from", link.from);
  visit("to", link.to);
  visit("code", link.code);
  visit("kind", link.kind);
  visit("nvlink_count", link.nvlink_count);
};
// "source" and "nvlink" are not listed: an empty text is null.
constexpr auto kGpuLinksFields = [](auto& links, auto visit) {
  visit("gpus", links.gpus);
  visit("gpu_pci_bus_ids", links.gpu_pci_bus_ids);
  visit("links", links.gpu_links);
  visit("gpu_nic_links", links.gpu_nic_links);
  visit("nic_names", links.nic_names);
  visit("gpu_affinity", links.gpu_affinity);
  visit("notes", links.notes);
};
constexpr auto kNetworkInterfaceFields = [](auto& device, auto visit) {
  visit("name", device.name);
  visit("virtual", device.is_virtual);
  visit("speed_bytes_per_second", device.speed_bytes_per_second);
  visit("mtu", device.mtu);
  visit("operstate", device.operstate);
  visit("numa_node", device.numa_node);
  visit("unknown", device.unknown);
};

json null_when_empty(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }
std::string empty_when_null(const json& value) { return value.is_null() ? std::string() : value.get<std::string>(); }

}  // namespace

void to_json(json& j, const Availability& value) {
  j = json::object();
  put_state(j, value);
}

void to_json(json& j, const CpuBinding& value) { section_to_json(j, value, kCpuBindingFields); }
void from_json(const json& j, CpuBinding& value) { section_from_json(j, value, kCpuBindingFields); }

void to_json(json& j, const GpuDevices& value) { section_to_json(j, value, kDeviceListFields); }
void from_json(const json& j, GpuDevices& value) { section_from_json(j, value, kDeviceListFields); }

void to_json(json& j, const DeviceLink& value) {
  j = json::object();
  write_fields(j, value, kDeviceLinkFields);
  if (!value.reason.empty()) j["reason"] = value.reason;
}
void from_json(const json& j, DeviceLink& value) {
  read_fields(j, value, kDeviceLinkFields);
  value.reason = j.value("reason", std::string());
}

void to_json(json& j, const GpuLinks& value) {
  section_to_json(j, value, kGpuLinksFields);
  j["source"] = null_when_empty(value.source);
  j["nvlink"] = null_when_empty(value.nvlink);
}
void from_json(const json& j, GpuLinks& value) {
  value.state = read_state(j);
  value.source = empty_when_null(j.at("source"));
  value.nvlink = empty_when_null(j.at("nvlink"));
  read_fields(j, value, kGpuLinksFields);
}

void to_json(json& j, const InfinibandDevices& value) { section_to_json(j, value, kDeviceListFields); }
void from_json(const json& j, InfinibandDevices& value) { section_from_json(j, value, kDeviceListFields); }

void to_json(json& j, const NetworkInterface& value) {
  j = json::object();
  write_fields(j, value, kNetworkInterfaceFields);
}
void from_json(const json& j, NetworkInterface& value) { read_fields(j, value, kNetworkInterfaceFields); }

void to_json(json& j, const NetworkInterfaces& value) { section_to_json(j, value, kDeviceListFields); }
void from_json(const json& j, NetworkInterfaces& value) { section_from_json(j, value, kDeviceListFields); }

json topology_to_json(const TopologyDescription& topology) { return topology; }

TopologyDescription topology_from_json(const json& j) { return j.get<TopologyDescription>(); }

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
