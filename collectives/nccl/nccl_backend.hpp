#pragma once
// The Backend over NCCL: every collective on GPU buffers, enqueued on the GPU's stream and
// completed by synchronize() (or a CUDA-event timer's stop()), which polls the stream and
// NCCL's asynchronous error state instead of blocking, so that a failed peer is reported
// and a hang stays visible to the watchdog. Host-side agreement (barriers, the maximum of
// durations, failure flags) goes over a control backend (MPI) with the same ranks.
#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "collectives/backend/backend.hpp"
#include "collectives/cuda/cuda_handles.hpp"
#include "collectives/cuda/cuda_memory_space.hpp"
#include "collectives/nccl/nccl_communicator.hpp"

namespace commbench {

struct NcclOptions {
  bool register_buffers = false;  // ncclCommRegister every buffer allocate() returns
};

class NcclBackend final : public Backend {
 public:
  // Collective over every rank of control: rank 0 creates the unique id (ncclGetUniqueId),
  // control broadcasts it, and every rank joins with ncclCommInitRankConfig on memory's GPU.
  static std::unique_ptr<NcclBackend> create(std::unique_ptr<Backend> control, std::shared_ptr<CudaMemorySpace> memory,
                                             const NcclOptions& options);

  // The NCCL library's version, "2.28.9" (ncclGetVersion: the library loaded, not the header).
  static std::string version();

  std::string name() const override { return "nccl"; }
  std::string library_version() const override;
  int rank() const override { return rank_; }
  int size() const override { return size_; }

  std::unique_ptr<Buffer> allocate(std::size_t bytes) override;

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
  // NCCL matches point-to-point messages in order per peer; it has no tags.
  void send(const void* buffer, std::size_t count, Dtype dtype, int peer,
            const PointToPointOptions& options) override;
  void recv(void* buffer, std::size_t count, Dtype dtype, int peer,
            const PointToPointOptions& options) override;
  // ncclSend and ncclRecv in one group on the stream.
  void exchange(const void* send, std::size_t send_count, int destination, void* recv, std::size_t recv_count,
                int source, Dtype dtype, const PointToPointOptions& options) override;
  // Kernels and copies enqueued on the stream, after the operations issued before them.
  void reduce_local(const void* source, void* target, std::size_t count, Dtype dtype, ReduceOp op) override;
  void copy_local(void* target, const void* source, std::size_t bytes) override;
  void divide_local(void* data, std::size_t count, Dtype dtype, int divisor) override;
  // Each between CUDA events on the communication stream, after the compute issued before.
  std::unique_ptr<PendingOperation> start_allreduce(const void* send, void* recv, std::size_t count, Dtype dtype,
                                                     const ReduceOptions& options) override;
  std::unique_ptr<PendingOperation> start_reducescatter(const void* send, void* recv, std::size_t count,
                                                         Dtype dtype, const ReduceOptions& options) override;
  std::unique_ptr<PendingOperation> start_allgather(const void* send, void* recv, std::size_t count,
                                                     Dtype dtype) override;
  // A spin kernel on the compute stream (device_spin.hpp); progress is not needed on a GPU.
  void emulate_compute(double seconds, const std::function<void()>& progress) override;
  void wait_for_compute() override;
  std::uint64_t available_memory_bytes() const override { return memory_->available_bytes(); }
  void barrier() override;
  void idle_barrier() override;
  void synchronize() override;
  std::unique_ptr<Backend> split(int color, int key) override;
  void host_allreduce(double* values, std::size_t count, ReduceOp op) override;

  // float8 with NCCL older than 2.24, and float8 reductions on GPUs older than sm_90.
  std::optional<std::string> unsupported(Dtype dtype, bool reduces) const override;
  const PatternAccess& pattern_access() const override { return memory_->pattern_access(); }
  // CUDA events recorded on the stream around the region.
  std::unique_ptr<RegionTimer> region_timer() override;
  // Records the calls with stream capture into a CUDA graph.
  std::unique_ptr<ReplayableOperations> capture(const std::function<void()>& operation,
                                                std::uint64_t repetitions) override;
  // ncclCommAbort, after which this backend's calls on the main thread stop where they are
  // (the process is about to exit) rather than touch the aborted communicator.
  void abort_in_flight() noexcept override;

 private:
  NcclBackend(std::unique_ptr<Backend> control, std::shared_ptr<CudaMemorySpace> memory,
              std::shared_ptr<NcclCommunicator> communicator, const NcclOptions& options);

  // Throws when an earlier asynchronous error aborted the communicator; stops the calling
  // thread for good when abort_in_flight() did.
  void ensure_usable() const;
  // Polls query (cudaStreamQuery, cudaEventQuery) until it reports completion, checking
  // NCCL's asynchronous errors in between.
  void wait_until_complete(const std::function<cudaError_t()>& query);
  // The stream NCCL's operations go on, made to wait first for the compute issued since the
  // last call, so that communication never reads data its compute has not yet produced.
  cudaStream_t communication_stream();
  // Enqueues a collective between the events of a pending collective and returns it.
  std::unique_ptr<PendingOperation> start_on_stream(const std::function<void(cudaStream_t)>& enqueue);
  // Where a grouped send/recv of an in-place call reads from: a copy of the input, since
  // NCCL may receive into a block before the block has been sent.
  const void* staged_input(const void* send, void* recv, std::size_t bytes);

  std::unique_ptr<Backend> control_;
  std::shared_ptr<CudaMemorySpace> memory_;
  std::shared_ptr<NcclCommunicator> communicator_;
  NcclOptions options_;
  int rank_ = 0;
  int size_ = 0;
  int compute_capability_ = 0;  // major * 10 + minor
  std::unique_ptr<DeviceAllocation> staging_;
  CudaStream compute_stream_;       // emulated compute, beside the communication stream
  CudaEvent compute_issued_mark_;   // where communication_stream() makes NCCL's stream wait
  bool compute_issued_ = false;     // compute issued since the last communication_stream()
  std::string failure_;                  // the asynchronous error that aborted the communicator
  std::atomic<bool> ending_{false};      // abort_in_flight() was called
  std::atomic<bool> polling_nccl_{false};  // the main thread is inside ncclCommGetAsyncError
};

}  // namespace commbench
