#include "topology/discovery/topology_description.hpp"

#include <cstdlib>

#include "topology/discovery/host_map.hpp"

namespace commbench {
namespace {

using nlohmann::json;

// The records converted by hand (the header says why they are not generated) still list their
// plain fields once, in a function over a visitor: writing puts each field under its key,
// reading takes each from its key, which must be there. Keys are read in the listed order.
auto field_writer(json& object) {
  return [&object](const char* key, const auto& field) { object[key] = field; };
}
auto field_reader(const json& object) {
  return [&object](const char* key, auto& field) { object.at(key).get_to(field); };
}

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
  fields(value, field_writer(j));
}
template <typename Section, typename Fields>
void section_from_json(const json& j, Section& value, Fields fields) {
  value.state = read_state(j);
  fields(value, field_reader(j));
}

// A record without a state: its fields alone.
template <typename Record, typename Fields>
void record_to_json(json& j, const Record& value, Fields fields) {
  j = json::object();
  fields(value, field_writer(j));
}
template <typename Record, typename Fields>
void record_from_json(const json& j, Record& value, Fields fields) {
  fields(value, field_reader(j));
}

// The fields of each record, for both directions (Record is the type, const or not).
struct DeviceListFields {
  template <typename Record, typename Visit>
  void operator()(Record& value, Visit visit) const {
    visit("devices", value.devices);
  }
};
struct CpuBindingFields {
  template <typename Record, typename Visit>
  void operator()(Record& value, Visit visit) const {
    visit("bound", value.bound);
    visit("cpus", value.cpus);
    visit("numa_nodes", value.numa_nodes);
    visit("cores", value.cores);
    visit("hardware_threads", value.hardware_threads);
  }
};
// "reason" is not listed: it is written only when there is one, and read as empty when missing.
struct DeviceLinkFields {
  template <typename Record, typename Visit>
  void operator()(Record& value, Visit visit) const {
    visit("from", value.from);
    visit("to", value.to);
    visit("code", value.code);
    visit("kind", value.kind);
    visit("nvlink_count", value.nvlink_count);
  }
};
// "source" and "nvlink" are not listed: an empty text is null.
struct GpuLinksFields {
  template <typename Record, typename Visit>
  void operator()(Record& value, Visit visit) const {
    visit("gpus", value.gpus);
    visit("gpu_pci_bus_ids", value.gpu_pci_bus_ids);
    visit("links", value.gpu_links);
    visit("gpu_nic_links", value.gpu_nic_links);
    visit("nic_names", value.nic_names);
    visit("gpu_affinity", value.gpu_affinity);
    visit("notes", value.notes);
  }
};
struct NetworkInterfaceFields {
  template <typename Record, typename Visit>
  void operator()(Record& value, Visit visit) const {
    visit("name", value.name);
    visit("virtual", value.is_virtual);
    visit("speed_bytes_per_second", value.speed_bytes_per_second);
    visit("mtu", value.mtu);
    visit("operstate", value.operstate);
    visit("numa_node", value.numa_node);
    visit("unknown", value.unknown);
  }
};

json null_when_empty(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }
std::string empty_when_null(const json& value) { return value.is_null() ? std::string() : value.get<std::string>(); }

}  // namespace

void to_json(json& j, const Availability& value) {
  j = json::object();
  put_state(j, value);
}

void to_json(json& j, const CpuBinding& value) { section_to_json(j, value, CpuBindingFields{}); }
void from_json(const json& j, CpuBinding& value) { section_from_json(j, value, CpuBindingFields{}); }

void to_json(json& j, const GpuDevices& value) { section_to_json(j, value, DeviceListFields{}); }
void from_json(const json& j, GpuDevices& value) { section_from_json(j, value, DeviceListFields{}); }

void to_json(json& j, const DeviceLink& value) {
  record_to_json(j, value, DeviceLinkFields{});
  if (!value.reason.empty()) j["reason"] = value.reason;
}
void from_json(const json& j, DeviceLink& value) {
  record_from_json(j, value, DeviceLinkFields{});
  value.reason = j.value("reason", std::string());
}

void to_json(json& j, const GpuLinks& value) {
  section_to_json(j, value, GpuLinksFields{});
  j["source"] = null_when_empty(value.source);
  j["nvlink"] = null_when_empty(value.nvlink);
}
void from_json(const json& j, GpuLinks& value) {
  value.state = read_state(j);
  value.source = empty_when_null(j.at("source"));
  value.nvlink = empty_when_null(j.at("nvlink"));
  GpuLinksFields{}(value, field_reader(j));
}

void to_json(json& j, const InfinibandDevices& value) { section_to_json(j, value, DeviceListFields{}); }
void from_json(const json& j, InfinibandDevices& value) { section_from_json(j, value, DeviceListFields{}); }

void to_json(json& j, const NetworkInterface& value) { record_to_json(j, value, NetworkInterfaceFields{}); }
void from_json(const json& j, NetworkInterface& value) { record_from_json(j, value, NetworkInterfaceFields{}); }

void to_json(json& j, const NetworkInterfaces& value) { section_to_json(j, value, DeviceListFields{}); }
void from_json(const json& j, NetworkInterfaces& value) { section_from_json(j, value, DeviceListFields{}); }

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
