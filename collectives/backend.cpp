#include "backend.hpp"

#include <stdexcept>

namespace commbench {

std::unique_ptr<RegionTimer> Backend::region_timer() {
  auto synchronize = [this] { this->synchronize(); };
  return std::make_unique<HostClockTimer<decltype(synchronize)>>(synchronize);
}

std::unique_ptr<ReplayableOperations> Backend::capture(const std::function<void()>&, std::uint64_t) {
  throw std::runtime_error("the " + name() + " backend cannot record operations in a CUDA graph");
}

}  // namespace commbench
