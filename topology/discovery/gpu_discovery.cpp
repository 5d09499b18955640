#include "topology/discovery/gpu_discovery.hpp"

#include <cctype>
#include <exception>

#include "build_config.hpp"
#include "topology/discovery/sysfs_reader.hpp"
#if COMMBENCH_HAVE_NCCL
#include "collectives/cuda/cuda_devices.hpp"
#endif

namespace commbench {

std::string sysfs_pci_name(const std::string& pci_bus_id) {
  std::string name = pci_bus_id;
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

GpuDevices discover_gpus(const std::filesystem::path& sysfs_root) {
  GpuDevices gpus;
#if COMMBENCH_HAVE_NCCL
  const VisibleCudaDevices visible = visible_cuda_devices();
  if (visible.count == 0) {
    gpus.state = Availability::absent("no CUDA device visible: " + visible.problem);
    return gpus;
  }
  for (int index = 0; index < visible.count; ++index) {
    GpuDevice device;
    device.index = index;
    try {
      const CudaDeviceDescription description = describe_cuda_device(index);
      device.name = description.name;
      device.uuid = description.uuid;
      device.pci_bus_id = description.pci_bus_id;
      device.memory_bytes = description.memory_bytes;
    } catch (const std::exception& error) {
      // A device CUDA counts but cannot describe makes the list untrustworthy: say so.
      gpus.devices.clear();
      gpus.state = Availability::absent("CUDA device " + std::to_string(index) + " could not be described: " + error.what());
      return gpus;
    }
    const SysfsInteger numa =
        read_sysfs_numa_node(sysfs_root / "bus" / "pci" / "devices" / sysfs_pci_name(device.pci_bus_id) / "numa_node");
    if (numa.value) {
      device.numa_node = static_cast<int>(*numa.value);
    } else {
      device.unknown["numa_node"] = numa.problem;
    }
    gpus.devices.push_back(std::move(device));
  }
  gpus.state = Availability::available();
#else
  (void)sysfs_root;
  gpus.state = Availability::absent("this build has no CUDA: configured with COMMBENCH_WITH_NCCL=OFF, or CUDA and NCCL were not found");
#endif
  return gpus;
}

}  // namespace commbench
