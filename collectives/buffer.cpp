#include "buffer.hpp"

#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>

namespace commbench {
namespace {
constexpr std::size_t kAlignment = 4096;
}

void HostBuffer::FreeDeleter::operator()(void* pointer) const { std::free(pointer); }

HostBuffer::HostBuffer(std::size_t bytes) : bytes_(bytes) {
  const std::size_t rounded = ((bytes + kAlignment - 1) / kAlignment) * kAlignment;
  void* memory = std::aligned_alloc(kAlignment, rounded == 0 ? kAlignment : rounded);
  if (memory == nullptr) {
    throw std::runtime_error("cannot allocate a host buffer of " + std::to_string(bytes) + " bytes");
  }
  std::memset(memory, 0, rounded == 0 ? kAlignment : rounded);
  data_.reset(memory);
}

void HostBuffer::upload(const void* source, std::size_t bytes, std::size_t offset) {
  std::memcpy(static_cast<char*>(data_.get()) + offset, source, bytes);
}

void HostBuffer::download(void* destination, std::size_t bytes, std::size_t offset) const {
  std::memcpy(destination, static_cast<const char*>(data_.get()) + offset, bytes);
}

}  // namespace commbench
