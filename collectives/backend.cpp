#include "backend.hpp"

#include <stdexcept>

namespace commbench {
namespace {

[[noreturn]] void refuse(const Backend& backend, const char* operation) {
  throw std::runtime_error("the " + backend.name() + " backend has no " + operation +
                           "; the explicit algorithms need it");
}

}  // namespace

std::unique_ptr<RegionTimer> Backend::region_timer() {
  auto synchronize = [this] { this->synchronize(); };
  return std::make_unique<HostClockTimer<decltype(synchronize)>>(synchronize);
}

std::unique_ptr<ReplayableOperations> Backend::capture(const std::function<void()>&, std::uint64_t) {
  throw std::runtime_error("the " + name() + " backend cannot record operations in a CUDA graph");
}

void Backend::exchange(const void*, std::size_t, int, void*, std::size_t, int, Dtype, const PointToPointOptions&) {
  refuse(*this, "exchange");
}

void Backend::reduce_local(const void*, void*, std::size_t, Dtype, ReduceOp) { refuse(*this, "reduce_local"); }

void Backend::copy_local(void*, const void*, std::size_t) { refuse(*this, "copy_local"); }

void Backend::divide_local(void*, std::size_t, Dtype, int) { refuse(*this, "divide_local"); }

}  // namespace commbench
