#pragma once
// A Backend that tells a ProgressMonitor when each call starts and ends, then forwards it to
// the real backend. The watchdog reads the monitor, so every operation the suite issues is
// bounded by --timeout without the transports knowing about it.
#include <memory>

#include "bench/run/progress_monitor.hpp"
#include "collectives/backend/backend.hpp"

namespace commbench {

class TrackedBackend final : public Backend {
 public:
  TrackedBackend(std::unique_ptr<Backend> inner, ProgressMonitor& monitor);

  std::string name() const override { return inner_->name(); }
  std::string library_version() const override { return inner_->library_version(); }
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  std::unique_ptr<Buffer> allocate(std::size_t bytes) override { return inner_->allocate(bytes); }

  void allreduce(const void* send, void* recv, std::size_t count, Dtype dtype,
                 const ReduceOptions& options) override;
  void allgather(const void* send, void* recv, std::size_t count, Dtype dtype) override;
  void reducescatter(const void* send, void* recv, std::size_t count, Dtype dtype,
                     const ReduceOptions& options) override;
  void broadcast(const void* send, void* recv, std::size_t count, Dtype dtype,
                 const RootedOptions& options) override;
  void reduce(const void* send, void* recv, std::size_t count, Dtype dtype,
              const RootedReduceOptions& options) override;
  void alltoall(const void* send, void* recv, std::size_t count, Dtype dtype) override;
  void sendrecv(const void* send, void* recv, std::size_t count, Dtype dtype) override;
  void send(const void* buffer, std::size_t count, Dtype dtype, int peer,
            const PointToPointOptions& options) override;
  void recv(void* buffer, std::size_t count, Dtype dtype, int peer,
            const PointToPointOptions& options) override;
  void exchange(const void* send, std::size_t send_count, int destination, void* recv, std::size_t recv_count,
                int source, Dtype dtype, const PointToPointOptions& options) override;
  // Local work (no peer), tracked all the same: on a GPU memory space driven by MPI it waits
  // for the device.
  void reduce_local(const void* source, void* target, std::size_t count, Dtype dtype, ReduceOp op) override;
  void copy_local(void* target, const void* source, std::size_t bytes) override;
  void divide_local(void* data, std::size_t count, Dtype dtype, int divisor) override;
  // The start is watched like a call, and so is each wait() of what it returns.
  std::unique_ptr<PendingOperation> start_allreduce(const void* send, void* recv, std::size_t count, Dtype dtype,
                                                     const ReduceOptions& options) override;
  std::unique_ptr<PendingOperation> start_reducescatter(const void* send, void* recv, std::size_t count,
                                                         Dtype dtype, const ReduceOptions& options) override;
  std::unique_ptr<PendingOperation> start_allgather(const void* send, void* recv, std::size_t count,
                                                     Dtype dtype) override;
  std::unique_ptr<PendingOperation> start_send(const void* buffer, std::size_t count, Dtype dtype, int peer,
                                               const PointToPointOptions& options) override;
  // Local work: forwarded unwatched (it cannot hang on a peer), except the wait for the device.
  void emulate_compute(double seconds, const std::function<void()>& progress) override {
    inner_->emulate_compute(seconds, progress);
  }
  void wait_for_compute() override;
  std::uint64_t available_memory_bytes() const override { return inner_->available_memory_bytes(); }
  void barrier() override;
  void idle_barrier() override;
  void synchronize() override;
  std::unique_ptr<Backend> split(int color, int key) override;
  void host_allreduce(double* values, std::size_t count, ReduceOp op) override;
  std::optional<std::string> unsupported(Dtype dtype, bool reduces) const override {
    return inner_->unsupported(dtype, reduces);
  }
  const PatternAccess& pattern_access() const override { return inner_->pattern_access(); }
  // The timer's stop() and each replay wait for the device: both are watched like a call.
  std::unique_ptr<RegionTimer> region_timer() override;
  std::unique_ptr<ReplayableOperations> capture(const std::function<void()>& operation,
                                                std::uint64_t repetitions) override;
  void abort_in_flight() noexcept override { inner_->abort_in_flight(); }

 private:
  CallInFlight call(const char* name, std::size_t count, Dtype dtype, int peer) const {
    return {name, count * dtype_size(dtype), peer, rank_, size_};
  }

  std::unique_ptr<Backend> inner_;
  ProgressMonitor& monitor_;
  int rank_;
  int size_;
};

}  // namespace commbench
