#pragma once
// The host's network devices as sysfs describes them: InfiniBand (and RoCE) ports from
// /sys/class/infiniband, interfaces from /sys/class/net. The sysfs root is a parameter so
// that tests can build a fake tree; discovery passes "/sys".
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "topology/discovery/availability.hpp"

namespace commbench {

struct InfinibandPort {
  int port = 0;
  std::optional<std::string> rate;               // sysfs text, e.g. "400 Gb/sec (4X NDR)"
  std::optional<double> rate_bytes_per_second;   // the rate's Gb/sec figure as bytes/s (1e9 / 8 per Gb/sec)
  std::optional<std::string> state;              // e.g. "4: ACTIVE"
  std::optional<std::string> physical_state;     // e.g. "5: LinkUp"
  std::optional<std::string> link_layer;         // "InfiniBand" or "Ethernet" (RoCE)
  UnknownFields unknown;
};

struct InfinibandDevice {
  std::string name;               // e.g. "mlx5_0"
  std::optional<int> numa_node;
  std::vector<InfinibandPort> ports;
  UnknownFields unknown;
};

struct InfinibandDevices {
  Availability state;             // absent: "no /sys/class/infiniband ..." or "... holds no device"
  std::vector<InfinibandDevice> devices;  // by name
};

struct NetworkInterface {
  std::string name;
  bool is_virtual = false;                           // no `device` link: loopback, bridges, veth, ifb, ...
  std::optional<double> speed_bytes_per_second;      // from speed in Mb/s (1e6 / 8 bytes/s each)
  std::optional<int> mtu;                            // bytes
  std::optional<std::string> operstate;              // "up", "down", "unknown" (the kernel's own word)
  std::optional<int> numa_node;                      // of the backing device; unknown for virtual ones
  UnknownFields unknown;
};

struct NetworkInterfaces {
  Availability state;
  std::vector<NetworkInterface> devices;  // by name
};

struct NetworkDevices {
  InfinibandDevices infiniband;
  NetworkInterfaces interfaces;
};

NetworkDevices discover_network_devices(const std::filesystem::path& sysfs_root = "/sys");

// "400 Gb/sec (4X NDR)" -> 5e10 bytes/s; nullopt when the text has no "<number> Gb/sec".
std::optional<double> infiniband_rate_bytes_per_second(const std::string& rate_text);

}  // namespace commbench
