#include "memory_space.hpp"

#include <cstring>

#include "host_arithmetic.hpp"

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
};

}  // namespace

std::shared_ptr<MemorySpace> host_memory() {
  static const std::shared_ptr<MemorySpace> memory = std::make_shared<HostMemory>();
  return memory;
}

}  // namespace commbench
