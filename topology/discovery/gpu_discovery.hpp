#pragma once
// The GPUs this process sees (CUDA ordinals, after CUDA_VISIBLE_DEVICES), each with its PCI
// bus id and the NUMA node sysfs gives for it. A build without CUDA, or a machine without a
// usable GPU, gives an absent section with the reason; it is never an error.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "topology/discovery/availability.hpp"

namespace commbench {

struct GpuDevice {
  int index = 0;            // CUDA ordinal in the describing process
  std::string name;
  std::string uuid;         // "GPU-..." as nvidia-smi prints it
  std::string pci_bus_id;   // "0000:18:00.0"
  std::uint64_t memory_bytes = 0;
  std::optional<int> numa_node;  // from /sys/bus/pci/devices/<bus id>/numa_node
  UnknownFields unknown;
};

struct GpuDevices {
  Availability state;
  std::vector<GpuDevice> devices;
};

GpuDevices discover_gpus(const std::filesystem::path& sysfs_root = "/sys");

// sysfs names PCI devices in lower case ("0000:9a:00.0"); CUDA prints upper case.
std::string sysfs_pci_name(const std::string& pci_bus_id);

}  // namespace commbench
