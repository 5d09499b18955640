#include "available_memory.hpp"

#include <fstream>
#include <sstream>

#include "build_config.hpp"
#if COMMBENCH_HAVE_NCCL
#include <cuda_runtime.h>
#endif

namespace commbench {

std::optional<AvailableMemory> available_memory(const std::string& device) {
#if COMMBENCH_HAVE_NCCL
  if (device == "cuda") {
    std::size_t free_bytes = 0, total_bytes = 0;
    if (cudaMemGetInfo(&free_bytes, &total_bytes) != cudaSuccess) return std::nullopt;
    return AvailableMemory{free_bytes, "free GPU memory (cudaMemGetInfo)"};
  }
#else
  (void)device;
#endif
  std::ifstream meminfo("/proc/meminfo");
  std::string line;
  while (std::getline(meminfo, line)) {
    std::istringstream fields(line);
    std::string name, unit;
    std::uint64_t kibibytes = 0;
    if (fields >> name >> kibibytes >> unit && name == "MemAvailable:") {
      return AvailableMemory{kibibytes * 1024, "MemAvailable in /proc/meminfo"};
    }
  }
  return std::nullopt;
}

}  // namespace commbench
