#include "collectives/cuda/cuda_devices.hpp"

#include <cstdio>

#include "collectives/cuda/cuda_check.hpp"

namespace commbench {
namespace {

std::string version_text(int version) {
  // CUDA encodes major * 1000 + minor * 10.
  return std::to_string(version / 1000) + "." + std::to_string(version % 1000 / 10);
}

std::string uuid_text(const cudaUUID_t& uuid) {
  std::string text = "GPU";
  for (int i = 0; i < 16; ++i) {
    if (i == 0 || i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    char hex[3];
    std::snprintf(hex, sizeof hex, "%02x", static_cast<unsigned char>(uuid.bytes[i]));
    text += hex;
  }
  return text;
}

}  // namespace

VisibleCudaDevices visible_cuda_devices() {
  VisibleCudaDevices visible;
  const cudaError_t status = cudaGetDeviceCount(&visible.count);
  if (status != cudaSuccess) {
    visible.count = 0;
    visible.problem = std::string("cudaGetDeviceCount: ") + cudaGetErrorName(status) + " (" +
                      cudaGetErrorString(status) + ")";
    cudaGetLastError();  // clear the error so that it does not resurface in a later call
  } else if (visible.count == 0) {
    visible.problem = "cudaGetDeviceCount: 0 devices";
  }
  return visible;
}

CudaDeviceDescription describe_cuda_device(int device) {
  cudaDeviceProp properties{};
  COMMBENCH_CUDA_CHECK(cudaGetDeviceProperties(&properties, device));
  char bus_id[32] = {};
  COMMBENCH_CUDA_CHECK(cudaDeviceGetPCIBusId(bus_id, sizeof bus_id, device));
  CudaDeviceDescription description;
  description.name = properties.name;
  description.uuid = uuid_text(properties.uuid);
  description.pci_bus_id = bus_id;
  description.memory_bytes = properties.totalGlobalMem;
  description.compute_capability = properties.major * 10 + properties.minor;
  return description;
}

std::string compute_capability_text(int compute_capability) {
  return std::to_string(compute_capability / 10) + "." + std::to_string(compute_capability % 10);
}

std::string cuda_runtime_version() {
  int version = 0;
  COMMBENCH_CUDA_CHECK(cudaRuntimeGetVersion(&version));
  return version_text(version);
}

std::string cuda_driver_version() {
  int version = 0;
  COMMBENCH_CUDA_CHECK(cudaDriverGetVersion(&version));
  return version == 0 ? "none" : version_text(version);
}

}  // namespace commbench
