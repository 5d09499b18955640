#include "collectives/backend/buffer.hpp"

#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>

#include "collectives/backend/checked_size.hpp"
#include "collectives/backend/memory_demand.hpp"

namespace commbench {
namespace {
constexpr std::size_t kAlignment = 4096;
}

void HostBuffer::FreeDeleter::operator()(void* pointer) const { std::free(pointer); }

HostBuffer::HostBuffer(std::size_t bytes) : bytes_(bytes) {
  // aligned_alloc wants a multiple of the alignment; rounding a size near 2^64 up must not
  // wrap to a small buffer that the run would then write past.
  const std::optional<std::uint64_t> rounded = checked_round_up(bytes == 0 ? 1 : bytes, kAlignment);
  void* memory = rounded ? std::aligned_alloc(kAlignment, *rounded) : nullptr;
  if (memory == nullptr) {
    throw OutOfMemoryError({"allocating a host buffer of " + std::to_string(bytes) + " bytes", static_cast<double>(bytes),
                            "ask for smaller messages (-e/--maxbytes, linkcheck's --bytes, a bucket or activation "
                            "size) or run fewer ranks per host"},
                           false);
  }
  std::memset(memory, 0, *rounded);
  data_.reset(memory);
}

void HostBuffer::upload(const void* source, std::size_t bytes, std::size_t offset) {
  std::memcpy(static_cast<char*>(data_.get()) + offset, source, bytes);
}

void HostBuffer::download(void* destination, std::size_t bytes, std::size_t offset) const {
  std::memcpy(destination, static_cast<const char*>(data_.get()) + offset, bytes);
}

}  // namespace commbench
