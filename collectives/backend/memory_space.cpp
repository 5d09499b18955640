#include "collectives/backend/memory_space.hpp"

#include <unistd.h>

#include <cstring>
#include <fstream>
#include <string>

#include "collectives/dtype/host_arithmetic.hpp"

namespace commbench {
namespace {

class HostMemory final : public MemorySpace {
 public:
  std::string name() const override { return "host"; }
  std::unique_ptr<Buffer> allocate(std::size_t bytes) override { return std::make_unique<HostBuffer>(bytes); }
  const PatternAccess& pattern_access() const override { return host_pattern_access(); }
  void divide_elements(void* data, std::size_t count, Dtype dtype, int divisor) const override {
    commbench::divide_elements(data, count, dtype, divisor);
  }
  void reduce_elements(const void* source, void* target, std::size_t count, Dtype dtype,
                       ReduceOp op) const override {
    commbench::reduce_elements(source, target, count, dtype, op);
  }
  void copy_bytes(void* target, const void* source, std::size_t bytes) const override {
    if (bytes != 0) std::memcpy(target, source, bytes);
  }
  void synchronize() const override {}  // every call above has finished when it returns
  std::uint64_t available_bytes() const override { return host_available_bytes(); }
};

}  // namespace

std::uint64_t host_available_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  std::uint64_t kibibytes = 0;
  std::string unit;
  while (meminfo >> key >> kibibytes >> unit) {
    if (key == "MemAvailable:") return kibibytes * 1024;
  }
  // No MemAvailable (not Linux, or a kernel before 3.14): the physical memory, an upper bound.
  return static_cast<std::uint64_t>(sysconf(_SC_PHYS_PAGES)) * static_cast<std::uint64_t>(sysconf(_SC_PAGE_SIZE));
}

std::shared_ptr<MemorySpace> host_memory() {
  static const std::shared_ptr<MemorySpace> memory = std::make_shared<HostMemory>();
  return memory;
}

}  // namespace commbench
