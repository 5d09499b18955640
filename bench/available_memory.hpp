#pragma once
// Memory this rank could still allocate for buffers, so that a size that cannot fit is
// refused up front with a clear message instead of failing mid-run.
#include <cstdint>
#include <optional>
#include <string>

namespace commbench {

struct AvailableMemory {
  std::uint64_t bytes = 0;
  std::string source;  // "MemAvailable in /proc/meminfo" or "free GPU memory (cudaMemGetInfo)"
};

// On the GPU this process uses (device "cuda", NCCL builds) its free memory, else the host's
// MemAvailable; empty when it cannot be read.
std::optional<AvailableMemory> available_memory(const std::string& device);

}  // namespace commbench
