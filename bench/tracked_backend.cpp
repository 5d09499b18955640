#include "tracked_backend.hpp"

namespace commbench {

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

void TrackedBackend::barrier() {
  const CallScope scope(monitor_, {"barrier", 0, kAllRanks, rank_, size_});
  inner_->barrier();
}

void TrackedBackend::synchronize() {
  const CallScope scope(monitor_, {"synchronize", 0, kNoPeer, rank_, size_});
  inner_->synchronize();
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
