#include "bench/run/tracked_backend.hpp"

#include <algorithm>

namespace commbench {
namespace {

// What each wrapper below holds: the wrapped object, and the call its blocking method reports
// to the monitor while it waits.
template <typename Inner>
class TrackedWrapper {
 public:
  TrackedWrapper(std::unique_ptr<Inner> inner, ProgressMonitor& monitor, CallInFlight blocking_call)
      : inner_(std::move(inner)), monitor_(monitor), blocking_call_(blocking_call) {}

 protected:
  Inner& inner() { return *inner_; }
  const Inner& inner() const { return *inner_; }
  // Runs method on the wrapped object as the tracked blocking call.
  template <typename Method>
  decltype(auto) blocking(Method method) {
    const CallScope scope(monitor_, blocking_call_);
    return method(*inner_);
  }

 private:
  std::unique_ptr<Inner> inner_;
  ProgressMonitor& monitor_;
  CallInFlight blocking_call_;
};

class TrackedRegionTimer final : public RegionTimer, private TrackedWrapper<RegionTimer> {
 public:
  using TrackedWrapper<RegionTimer>::TrackedWrapper;
  void start() override { inner().start(); }
  double stop() override {
    return blocking([](RegionTimer& timer) { return timer.stop(); });
  }
};

class TrackedReplay final : public ReplayableOperations, private TrackedWrapper<ReplayableOperations> {
 public:
  using TrackedWrapper<ReplayableOperations>::TrackedWrapper;
  void replay() override {
    blocking([](ReplayableOperations& operations) { operations.replay(); });
  }
};

class TrackedPendingOperation final : public PendingOperation, private TrackedWrapper<PendingOperation> {
 public:
  using TrackedWrapper<PendingOperation>::TrackedWrapper;
  bool done() override { return inner().done(); }
  void wait() override {
    blocking([](PendingOperation& operation) { operation.wait(); });
  }
  double seconds() const override { return inner().seconds(); }
};

}  // namespace

TrackedBackend::TrackedBackend(std::unique_ptr<Backend> inner, ProgressMonitor& monitor)
    : inner_(std::move(inner)), monitor_(monitor), rank_(inner_->rank()), size_(inner_->size()) {}

void TrackedBackend::allreduce(const void* send, void* recv, std::size_t count, Dtype dtype,
                               const ReduceOptions& options) {
  const CallScope scope(monitor_, call("allreduce", count, dtype, kAllRanks));
  inner_->allreduce(send, recv, count, dtype, options);
}

void TrackedBackend::allgather(const void* send, void* recv, std::size_t count, Dtype dtype) {
  const CallScope scope(monitor_, call("allgather", count * static_cast<std::size_t>(size_), dtype, kAllRanks));
  inner_->allgather(send, recv, count, dtype);
}

void TrackedBackend::reducescatter(const void* send, void* recv, std::size_t count, Dtype dtype,
                                   const ReduceOptions& options) {
  const CallScope scope(monitor_, call("reducescatter", count * static_cast<std::size_t>(size_), dtype, kAllRanks));
  inner_->reducescatter(send, recv, count, dtype, options);
}

void TrackedBackend::broadcast(const void* send, void* recv, std::size_t count, Dtype dtype,
                               const RootedOptions& options) {
  const CallScope scope(monitor_, call("broadcast", count, dtype, options.root));
  inner_->broadcast(send, recv, count, dtype, options);
}

void TrackedBackend::reduce(const void* send, void* recv, std::size_t count, Dtype dtype,
                            const RootedReduceOptions& options) {
  const CallScope scope(monitor_, call("reduce", count, dtype, options.root));
  inner_->reduce(send, recv, count, dtype, options);
}

void TrackedBackend::alltoall(const void* send, void* recv, std::size_t count, Dtype dtype) {
  const CallScope scope(monitor_, call("alltoall", count * static_cast<std::size_t>(size_), dtype, kAllRanks));
  inner_->alltoall(send, recv, count, dtype);
}

void TrackedBackend::sendrecv(const void* send, void* recv, std::size_t count, Dtype dtype) {
  const CallScope scope(monitor_, call("sendrecv", count, dtype, kRingNeighbours));
  inner_->sendrecv(send, recv, count, dtype);
}

void TrackedBackend::send(const void* buffer, std::size_t count, Dtype dtype, int peer,
                          const PointToPointOptions& options) {
  const CallScope scope(monitor_, call("send", count, dtype, peer));
  inner_->send(buffer, count, dtype, peer, options);
}

void TrackedBackend::recv(void* buffer, std::size_t count, Dtype dtype, int peer,
                          const PointToPointOptions& options) {
  const CallScope scope(monitor_, call("recv", count, dtype, peer));
  inner_->recv(buffer, count, dtype, peer, options);
}

void TrackedBackend::exchange(const void* send, std::size_t send_count, int destination, void* recv,
                              std::size_t recv_count, int source, Dtype dtype, const PointToPointOptions& options) {
  CallInFlight exchange_call = call("exchange", std::max(send_count, recv_count), dtype, destination);
  exchange_call.source = source;
  const CallScope scope(monitor_, exchange_call);
  inner_->exchange(send, send_count, destination, recv, recv_count, source, dtype, options);
}

void TrackedBackend::reduce_local(const void* source, void* target, std::size_t count, Dtype dtype, ReduceOp op) {
  const CallScope scope(monitor_, call("reduce_local", count, dtype, kNoPeer));
  inner_->reduce_local(source, target, count, dtype, op);
}

void TrackedBackend::copy_local(void* target, const void* source, std::size_t bytes) {
  const CallScope scope(monitor_, {"copy_local", bytes, kNoPeer, rank_, size_});
  inner_->copy_local(target, source, bytes);
}

void TrackedBackend::divide_local(void* data, std::size_t count, Dtype dtype, int divisor) {
  const CallScope scope(monitor_, call("divide_local", count, dtype, kNoPeer));
  inner_->divide_local(data, count, dtype, divisor);
}

void TrackedBackend::barrier() {
  const CallScope scope(monitor_, {"barrier", 0, kAllRanks, rank_, size_});
  inner_->barrier();
}

std::unique_ptr<PendingOperation> TrackedBackend::start_allreduce(const void* send, void* recv, std::size_t count,
                                                                   Dtype dtype, const ReduceOptions& options) {
  const CallScope scope(monitor_, call("start_allreduce", count, dtype, kAllRanks));
  return std::make_unique<TrackedPendingOperation>(inner_->start_allreduce(send, recv, count, dtype, options),
                                                    monitor_, call("wait allreduce", count, dtype, kAllRanks));
}

std::unique_ptr<PendingOperation> TrackedBackend::start_reducescatter(const void* send, void* recv,
                                                                       std::size_t count, Dtype dtype,
                                                                       const ReduceOptions& options) {
  const std::size_t total = count * static_cast<std::size_t>(size_);
  const CallScope scope(monitor_, call("start_reducescatter", total, dtype, kAllRanks));
  return std::make_unique<TrackedPendingOperation>(inner_->start_reducescatter(send, recv, count, dtype, options),
                                                    monitor_, call("wait reducescatter", total, dtype, kAllRanks));
}

std::unique_ptr<PendingOperation> TrackedBackend::start_allgather(const void* send, void* recv, std::size_t count,
                                                                   Dtype dtype) {
  const std::size_t total = count * static_cast<std::size_t>(size_);
  const CallScope scope(monitor_, call("start_allgather", total, dtype, kAllRanks));
  return std::make_unique<TrackedPendingOperation>(inner_->start_allgather(send, recv, count, dtype), monitor_,
                                                    call("wait allgather", total, dtype, kAllRanks));
}

std::unique_ptr<PendingOperation> TrackedBackend::start_send(const void* buffer, std::size_t count, Dtype dtype,
                                                            int peer, const PointToPointOptions& options) {
  const CallScope scope(monitor_, call("start_send", count, dtype, peer));
  return std::make_unique<TrackedPendingOperation>(inner_->start_send(buffer, count, dtype, peer, options), monitor_,
                                                   call("wait send", count, dtype, peer));
}

void TrackedBackend::wait_for_compute() {
  const CallScope scope(monitor_, {"wait_for_compute", 0, kNoPeer, rank_, size_});
  inner_->wait_for_compute();
}

void TrackedBackend::idle_barrier() {
  const CallScope scope(monitor_, {"idle_barrier", 0, kAllRanks, rank_, size_});
  inner_->idle_barrier();
}

void TrackedBackend::synchronize() {
  const CallScope scope(monitor_, {"synchronize", 0, kNoPeer, rank_, size_});
  inner_->synchronize();
}

void TrackedBackend::host_allreduce(double* values, std::size_t count, ReduceOp op) {
  const CallScope scope(monitor_, call("host allreduce", count, Dtype::float64, kAllRanks));
  inner_->host_allreduce(values, count, op);
}

std::unique_ptr<RegionTimer> TrackedBackend::region_timer() {
  return std::make_unique<TrackedRegionTimer>(inner_->region_timer(), monitor_,
                                              CallInFlight{"synchronize", 0, kNoPeer, rank_, size_});
}

std::unique_ptr<ReplayableOperations> TrackedBackend::capture(const std::function<void()>& operation,
                                                              std::uint64_t repetitions) {
  // Not a call scope of its own: capturing runs the operation, whose calls are tracked, and
  // scopes do not nest (the monitor's in-flight flag is the parity of its counter).
  return std::make_unique<TrackedReplay>(inner_->capture(operation, repetitions), monitor_,
                                         CallInFlight{"CUDA graph replay", 0, kAllRanks, rank_, size_});
}

std::unique_ptr<Backend> TrackedBackend::split(int color, int key) {
  std::unique_ptr<Backend> part;
  {
    const CallScope scope(monitor_, {"split", 0, kAllRanks, rank_, size_});
    part = inner_->split(color, key);
  }
  return std::make_unique<TrackedBackend>(std::move(part), monitor_);
}

}  // namespace commbench
