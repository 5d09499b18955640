#pragma once
// What the CUDA runtime says about this process's GPUs: how many it can see (respecting
// CUDA_VISIBLE_DEVICES), and each one's identity for the report. Safe to call on a machine
// with no GPU or no driver: that is an answer (no device, and why), not an error.
#include <cstdint>
#include <string>

namespace commbench {

struct VisibleCudaDevices {
  int count = 0;
  std::string problem;  // with count 0: what CUDA said, e.g. "cudaGetDeviceCount: cudaErrorNoDevice (...)"
};
VisibleCudaDevices visible_cuda_devices();

struct CudaDeviceDescription {
  std::string name;
  std::string uuid;        // "GPU-8-4-4-4-12 hex digits", as nvidia-smi prints it
  std::string pci_bus_id;  // "0000:18:00.0"
  std::uint64_t memory_bytes = 0;
  int compute_capability = 0;  // major * 10 + minor, e.g. 90
};
CudaDeviceDescription describe_cuda_device(int device);
// "9.0" for 90.
std::string compute_capability_text(int compute_capability);

// "13.0": the runtime linked in, and the newest CUDA the installed driver supports.
std::string cuda_runtime_version();
std::string cuda_driver_version();

}  // namespace commbench
