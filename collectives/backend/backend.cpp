#include "collectives/backend/backend.hpp"

#include <stdexcept>

#include "collectives/backend/emulated_compute_limit.hpp"
#include "collectives/backend/host_busy_wait.hpp"

namespace commbench {
namespace {

[[noreturn]] void refuse(const Backend& backend, const char* operation) {
  throw std::runtime_error("the " + backend.name() + " backend has no " + operation +
                           "; the explicit algorithms need it");
}

[[noreturn]] void cannot_start(const Backend& backend, const char* operation) {
  throw std::runtime_error("the " + backend.name() + " backend cannot start " + std::string(operation) +
                           " without waiting for it");
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

std::unique_ptr<PendingOperation> Backend::start_allreduce(const void*, void*, std::size_t, Dtype,
                                                            const ReduceOptions&) {
  cannot_start(*this, "an allreduce");
}

std::unique_ptr<PendingOperation> Backend::start_reducescatter(const void*, void*, std::size_t, Dtype,
                                                                const ReduceOptions&) {
  cannot_start(*this, "a reducescatter");
}

std::unique_ptr<PendingOperation> Backend::start_allgather(const void*, void*, std::size_t, Dtype) {
  cannot_start(*this, "an allgather");
}

std::unique_ptr<PendingOperation> Backend::start_send(const void*, std::size_t, Dtype, int,
                                                     const PointToPointOptions&) {
  cannot_start(*this, "a send");
}

void Backend::emulate_compute(double seconds, const std::function<void()>& progress) {
  check_emulable_compute(seconds);
  host_busy_wait(seconds, progress);
}

void Backend::reduce_local(const void*, void*, std::size_t, Dtype, ReduceOp) { refuse(*this, "reduce_local"); }

void Backend::copy_local(void*, const void*, std::size_t) { refuse(*this, "copy_local"); }

void Backend::divide_local(void*, std::size_t, Dtype, int) { refuse(*this, "divide_local"); }

}  // namespace commbench
