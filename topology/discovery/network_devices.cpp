#include "topology/discovery/network_devices.hpp"

#include <algorithm>
#include <cstdlib>
#include <system_error>

#include "topology/discovery/sysfs_reader.hpp"

namespace commbench {
namespace {

namespace fs = std::filesystem;

// Names of the entries of a sysfs directory (they are symbolic links), sorted.
std::vector<std::string> entry_names(const fs::path& directory) {
  std::vector<std::string> names;
  std::error_code error;
  for (fs::directory_iterator entry(directory, error), end; !error && entry != end; entry.increment(error))
    names.push_back(entry->path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

template <typename Record>
void read_text(Record& record, std::optional<std::string>& field, const char* name, const fs::path& path) {
  SysfsText text = read_sysfs_text(path);
  if (text.text) {
    field = std::move(*text.text);
  } else {
    record.unknown[name] = text.problem;
  }
}

InfinibandPort read_port(const fs::path& port_directory, int number) {
  InfinibandPort port;
  port.port = number;
  read_text(port, port.rate, "rate", port_directory / "rate");
  if (port.rate) {
    port.rate_bytes_per_second = infiniband_rate_bytes_per_second(*port.rate);
    if (!port.rate_bytes_per_second) port.unknown["rate_bytes_per_second"] = "no \"<number> Gb/sec\" in \"" + *port.rate + "\"";
  } else {
    port.unknown["rate_bytes_per_second"] = "rate unknown";
  }
  read_text(port, port.state, "state", port_directory / "state");
  read_text(port, port.physical_state, "physical_state", port_directory / "phys_state");
  read_text(port, port.link_layer, "link_layer", port_directory / "link_layer");
  return port;
}

InfinibandDevices discover_infiniband(const fs::path& sysfs_root) {
  InfinibandDevices result;
  const fs::path class_directory = sysfs_root / "class" / "infiniband";
  std::error_code error;
  if (!fs::is_directory(class_directory, error)) {
    result.state = Availability::absent("no " + class_directory.string() + ": no InfiniBand or RoCE driver loaded");
    return result;
  }
  for (const std::string& name : entry_names(class_directory)) {
    InfinibandDevice device;
    device.name = name;
    const SysfsInteger numa = read_sysfs_numa_node(class_directory / name / "device" / "numa_node");
    if (numa.value) {
      device.numa_node = static_cast<int>(*numa.value);
    } else {
      device.unknown["numa_node"] = numa.problem;
    }
    std::vector<std::pair<int, std::string>> ports;
    for (const std::string& port_name : entry_names(class_directory / name / "ports")) {
      char* end = nullptr;
      const long number = std::strtol(port_name.c_str(), &end, 10);
      if (end != port_name.c_str() && *end == '\0') ports.emplace_back(static_cast<int>(number), port_name);
    }
    std::sort(ports.begin(), ports.end());
    for (const auto& [number, port_name] : ports) device.ports.push_back(read_port(class_directory / name / "ports" / port_name, number));
    result.devices.push_back(std::move(device));
  }
  result.state = result.devices.empty() ? Availability::absent(class_directory.string() + " holds no device")
                                        : Availability::available();
  return result;
}

NetworkInterface read_interface(const fs::path& directory, const std::string& name) {
  NetworkInterface interface;
  interface.name = name;
  std::error_code error;
  // Physical interfaces link to their bus device; virtual ones (lo, bridges, veth) have none.
  interface.is_virtual = !fs::exists(directory / "device", error);

  const SysfsInteger speed = read_sysfs_integer(directory / "speed");
  if (speed.value && *speed.value > 0) {
    interface.speed_bytes_per_second = static_cast<double>(*speed.value) * 1e6 / 8.0;
  } else if (speed.value) {
    // Drivers write -1 (or 0) when the link is down or the speed is not reported.
    interface.unknown["speed"] = (directory / "speed").string() + " is " + std::to_string(*speed.value) +
                                 ": the driver reports no speed (link down or not reported)";
  } else {
    interface.unknown["speed"] = speed.problem;  // EINVAL for virtual and down interfaces
  }

  const SysfsInteger mtu = read_sysfs_integer(directory / "mtu");
  if (mtu.value) {
    interface.mtu = static_cast<int>(*mtu.value);
  } else {
    interface.unknown["mtu"] = mtu.problem;
  }
  read_text(interface, interface.operstate, "operstate", directory / "operstate");

  if (interface.is_virtual) {
    interface.unknown["numa_node"] = "virtual interface: no device";
  } else {
    const SysfsInteger numa = read_sysfs_numa_node(directory / "device" / "numa_node");
    if (numa.value) {
      interface.numa_node = static_cast<int>(*numa.value);
    } else {
      interface.unknown["numa_node"] = numa.problem;
    }
  }
  return interface;
}

NetworkInterfaces discover_interfaces(const fs::path& sysfs_root) {
  NetworkInterfaces result;
  const fs::path class_directory = sysfs_root / "class" / "net";
  std::error_code error;
  if (!fs::is_directory(class_directory, error)) {
    result.state = Availability::absent("no " + class_directory.string());
    return result;
  }
  for (const std::string& name : entry_names(class_directory)) {
    // /sys/class/net also holds the bonding_masters file, which is not an interface.
    if (!fs::is_directory(class_directory / name, error)) continue;
    result.devices.push_back(read_interface(class_directory / name, name));
  }
  result.state = result.devices.empty() ? Availability::absent(class_directory.string() + " holds no interface")
                                        : Availability::available();
  return result;
}

}  // namespace

std::optional<double> infiniband_rate_bytes_per_second(const std::string& rate_text) {
  const std::size_t unit = rate_text.find("Gb/sec");
  if (unit == std::string::npos) return std::nullopt;
  const char* begin = rate_text.c_str();
  char* end = nullptr;
  const double gigabits = std::strtod(begin, &end);
  if (end == begin || static_cast<std::size_t>(end - begin) > unit || !(gigabits > 0)) return std::nullopt;
  return gigabits * 1e9 / 8.0;
}

NetworkDevices discover_network_devices(const std::filesystem::path& sysfs_root) {
  NetworkDevices devices;
  devices.infiniband = discover_infiniband(sysfs_root);
  devices.interfaces = discover_interfaces(sysfs_root);
  return devices;
}

}  // namespace commbench
