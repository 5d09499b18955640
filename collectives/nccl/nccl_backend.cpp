#include "collectives/nccl/nccl_backend.hpp"

#include <chrono>
#include <stdexcept>
#include <thread>

#include "collectives/backend/emulated_compute_limit.hpp"
#include "collectives/cuda/cuda_check.hpp"
#include "collectives/cuda/cuda_devices.hpp"
#include "collectives/cuda/device_spin.hpp"
#include "collectives/nccl/nccl_registered_buffer.hpp"
#include "collectives/nccl/nccl_types.hpp"

namespace commbench {
namespace {

// How long abort_in_flight() waits for the main thread to leave ncclCommGetAsyncError
// before aborting anyway: ncclCommAbort frees what that call reads.
constexpr std::chrono::milliseconds kPollExitWait{200};

[[noreturn]] void stop_this_thread() {
  while (true) std::this_thread::sleep_for(std::chrono::hours(1));
}

ncclConfig_t communicator_config() {
  ncclConfig_t config = NCCL_CONFIG_INITIALIZER;
  // Blocking calls: a call returns when NCCL has enqueued the work. Completion is awaited
  // by polling (wait_until_complete), which is where a hang or a failed peer shows.
  config.blocking = 1;
  return config;
}

const char* at(const void* pointer, std::size_t offset) { return static_cast<const char*>(pointer) + offset; }
char* at(void* pointer, std::size_t offset) { return static_cast<char*>(pointer) + offset; }

// A CUDA-event pair around a region of the stream; stop() waits through the backend so
// that NCCL's asynchronous errors are seen while waiting.
class CudaEventTimer final : public RegionTimer {
 public:
  CudaEventTimer(cudaStream_t stream, std::function<void(const std::function<cudaError_t()>&)> wait)
      : stream_(stream), wait_(std::move(wait)) {}
  void start() override { COMMBENCH_CUDA_CHECK(cudaEventRecord(start_.get(), stream_)); }
  double stop() override {
    COMMBENCH_CUDA_CHECK(cudaEventRecord(stop_.get(), stream_));
    wait_([this] { return cudaEventQuery(stop_.get()); });
    float milliseconds = 0;
    COMMBENCH_CUDA_CHECK(cudaEventElapsedTime(&milliseconds, start_.get(), stop_.get()));
    return static_cast<double>(milliseconds) * 1e-3;
  }

 private:
  cudaStream_t stream_;
  std::function<void(const std::function<cudaError_t()>&)> wait_;
  CudaEvent start_;
  CudaEvent stop_;
};

// A collective enqueued between two CUDA events on the communication stream.
class NcclPendingOperation final : public PendingOperation {
 public:
  explicit NcclPendingOperation(std::function<void(const std::function<cudaError_t()>&)> wait)
      : wait_(std::move(wait)) {}
  // Around the enqueue: start() before it, end() after it, on the same stream.
  void start(cudaStream_t stream) { COMMBENCH_CUDA_CHECK(cudaEventRecord(start_.get(), stream)); }
  void end(cudaStream_t stream) { COMMBENCH_CUDA_CHECK(cudaEventRecord(end_.get(), stream)); }

  bool done() override {
    if (finished_) return true;
    const cudaError_t state = cudaEventQuery(end_.get());
    if (state == cudaErrorNotReady) return false;
    COMMBENCH_CUDA_CHECK(state);
    finished_ = true;
    return true;
  }
  void wait() override {
    if (finished_) return;
    wait_([this] { return cudaEventQuery(end_.get()); });
    finished_ = true;
  }
  double seconds() const override {
    float milliseconds = 0;
    COMMBENCH_CUDA_CHECK(cudaEventElapsedTime(&milliseconds, start_.get(), end_.get()));
    return static_cast<double>(milliseconds) * 1e-3;
  }

 private:
  std::function<void(const std::function<cudaError_t()>&)> wait_;
  CudaEvent start_;
  CudaEvent end_;
  bool finished_ = false;
};

class CudaGraphReplay final : public ReplayableOperations {
 public:
  CudaGraphReplay(cudaGraph_t graph, cudaStream_t stream) : graph_(graph, stream), stream_(stream) {}
  void replay() override { graph_.launch(stream_); }

 private:
  CudaGraph graph_;
  cudaStream_t stream_;
};

}  // namespace

std::unique_ptr<NcclBackend> NcclBackend::create(std::unique_ptr<Backend> control,
                                                  std::shared_ptr<CudaMemorySpace> memory,
                                                  const NcclOptions& options) {
  ncclUniqueId id{};
  if (control->rank() == 0) COMMBENCH_NCCL_CHECK(ncclGetUniqueId(&id));
  control->broadcast(&id, &id, sizeof id, Dtype::uint8, {0});
  COMMBENCH_CUDA_CHECK(cudaSetDevice(memory->device()));
  ncclConfig_t config = communicator_config();
  ncclComm_t comm = nullptr;
  COMMBENCH_NCCL_CHECK(ncclCommInitRankConfig(&comm, control->size(), id, control->rank(), &config));
  auto communicator = std::make_shared<NcclCommunicator>(comm);
  return std::unique_ptr<NcclBackend>(
      new NcclBackend(std::move(control), std::move(memory), std::move(communicator), options));
}

NcclBackend::NcclBackend(std::unique_ptr<Backend> control, std::shared_ptr<CudaMemorySpace> memory,
                         std::shared_ptr<NcclCommunicator> communicator, const NcclOptions& options)
    : control_(std::move(control)),
      memory_(std::move(memory)),
      communicator_(std::move(communicator)),
      options_(options) {
  COMMBENCH_NCCL_CHECK(ncclCommUserRank(communicator_->get(), &rank_));
  COMMBENCH_NCCL_CHECK(ncclCommCount(communicator_->get(), &size_));
  compute_capability_ = describe_cuda_device(memory_->device()).compute_capability;
}

std::optional<std::string> NcclBackend::unsupported(Dtype dtype, bool reduces) const {
  if (!dtype_is_float8(dtype)) return std::nullopt;
#if NCCL_VERSION_CODE < NCCL_VERSION(2, 24, 0)
  return std::string(dtype_name(dtype)) + " needs NCCL 2.24 or newer";
#endif
  if (reduces && compute_capability_ < 90) {
    return "NCCL reduces " + std::string(dtype_name(dtype)) +
           " only on GPUs of compute capability 9.0 and newer (this GPU: " +
           compute_capability_text(compute_capability_) + ")";
  }
  return std::nullopt;
}

std::string NcclBackend::version() {
  int code = 0;
  COMMBENCH_NCCL_CHECK(ncclGetVersion(&code));
  // NCCL >= 2.9 encodes major * 10000 + minor * 100 + patch.
  return std::to_string(code / 10000) + "." + std::to_string(code / 100 % 100) + "." + std::to_string(code % 100);
}

std::string NcclBackend::library_version() const { return "NCCL " + version(); }

std::unique_ptr<Buffer> NcclBackend::allocate(std::size_t bytes) {
  ensure_usable();
  std::unique_ptr<Buffer> buffer = memory_->allocate(bytes);
  if (!options_.register_buffers) return buffer;
  return std::make_unique<NcclRegisteredBuffer>(std::move(buffer), communicator_);
}

void NcclBackend::allreduce(const void* send, void* recv, std::size_t count, Dtype dtype,
                            const ReduceOptions& options) {
  ensure_usable();
  COMMBENCH_NCCL_CHECK(ncclAllReduce(send, recv, count, nccl_datatype(dtype), nccl_op(options.op),
                                     communicator_->get(), communication_stream()));
}

void NcclBackend::allgather(const void* send, void* recv, std::size_t count, Dtype dtype) {
  ensure_usable();
  COMMBENCH_NCCL_CHECK(
      ncclAllGather(send, recv, count, nccl_datatype(dtype), communicator_->get(), communication_stream()));
}

void NcclBackend::reducescatter(const void* send, void* recv, std::size_t count, Dtype dtype,
                                const ReduceOptions& options) {
  ensure_usable();
  COMMBENCH_NCCL_CHECK(ncclReduceScatter(send, recv, count, nccl_datatype(dtype), nccl_op(options.op),
                                         communicator_->get(), communication_stream()));
}

void NcclBackend::broadcast(const void* send, void* recv, std::size_t count, Dtype dtype,
                            const RootedOptions& options) {
  ensure_usable();
  COMMBENCH_NCCL_CHECK(ncclBroadcast(send, recv, count, nccl_datatype(dtype), options.root, communicator_->get(),
                                     communication_stream()));
}

void NcclBackend::reduce(const void* send, void* recv, std::size_t count, Dtype dtype,
                         const RootedReduceOptions& options) {
  ensure_usable();
  COMMBENCH_NCCL_CHECK(ncclReduce(send, recv, count, nccl_datatype(dtype), nccl_op(options.op), options.root,
                                  communicator_->get(), communication_stream()));
}

cudaStream_t NcclBackend::communication_stream() {
  if (compute_issued_) {
    COMMBENCH_CUDA_CHECK(cudaEventRecord(compute_issued_mark_.get(), compute_stream_.get()));
    COMMBENCH_CUDA_CHECK(cudaStreamWaitEvent(memory_->stream(), compute_issued_mark_.get(), 0));
    compute_issued_ = false;
  }
  return memory_->stream();
}

std::unique_ptr<PendingOperation> NcclBackend::start_on_stream(const std::function<void(cudaStream_t)>& enqueue) {
  ensure_usable();
  auto pending = std::make_unique<NcclPendingOperation>(
      [this](const std::function<cudaError_t()>& query) { wait_until_complete(query); });
  const cudaStream_t stream = communication_stream();
  pending->start(stream);
  enqueue(stream);
  pending->end(stream);
  return pending;
}

std::unique_ptr<PendingOperation> NcclBackend::start_allreduce(const void* send, void* recv, std::size_t count,
                                                                Dtype dtype, const ReduceOptions& options) {
  return start_on_stream([&](cudaStream_t stream) {
    COMMBENCH_NCCL_CHECK(ncclAllReduce(send, recv, count, nccl_datatype(dtype), nccl_op(options.op),
                                       communicator_->get(), stream));
  });
}

std::unique_ptr<PendingOperation> NcclBackend::start_reducescatter(const void* send, void* recv, std::size_t count,
                                                                    Dtype dtype, const ReduceOptions& options) {
  return start_on_stream([&](cudaStream_t stream) {
    COMMBENCH_NCCL_CHECK(ncclReduceScatter(send, recv, count, nccl_datatype(dtype), nccl_op(options.op),
                                           communicator_->get(), stream));
  });
}

std::unique_ptr<PendingOperation> NcclBackend::start_allgather(const void* send, void* recv, std::size_t count,
                                                                Dtype dtype) {
  return start_on_stream([&](cudaStream_t stream) {
    COMMBENCH_NCCL_CHECK(ncclAllGather(send, recv, count, nccl_datatype(dtype), communicator_->get(), stream));
  });
}

void NcclBackend::emulate_compute(double seconds, const std::function<void()>& /*progress*/) {
  check_emulable_compute(seconds);
  ensure_usable();
  spin_on_device(seconds, compute_stream_.get());
  compute_issued_ = true;
}

void NcclBackend::wait_for_compute() {
  wait_until_complete([this] { return cudaStreamQuery(compute_stream_.get()); });
}

const void* NcclBackend::staged_input(const void* send, void* recv, std::size_t bytes) {
  if (send != recv) return send;
  if (!staging_ || staging_->bytes() < bytes) staging_ = std::make_unique<DeviceAllocation>(bytes);
  COMMBENCH_CUDA_CHECK(cudaMemcpyAsync(staging_->get(), send, bytes, cudaMemcpyDeviceToDevice, communication_stream()));
  return staging_->get();
}

void NcclBackend::alltoall(const void* send, void* recv, std::size_t count, Dtype dtype) {
  ensure_usable();
  // Pairwise exchange in one group, as nccl-tests measures all-to-all.
  const std::size_t block = count * dtype_size(dtype);
  const void* input = staged_input(send, recv, block * static_cast<std::size_t>(size_));
  const ncclDataType_t type = nccl_datatype(dtype);
  COMMBENCH_NCCL_CHECK(ncclGroupStart());
  for (int peer = 0; peer < size_; ++peer) {
    const std::size_t offset = static_cast<std::size_t>(peer) * block;
    COMMBENCH_NCCL_CHECK(ncclSend(at(input, offset), count, type, peer, communicator_->get(), communication_stream()));
    COMMBENCH_NCCL_CHECK(ncclRecv(at(recv, offset), count, type, peer, communicator_->get(), communication_stream()));
  }
  COMMBENCH_NCCL_CHECK(ncclGroupEnd());
}

void NcclBackend::sendrecv(const void* send, void* recv, std::size_t count, Dtype dtype) {
  ensure_usable();
  const void* input = staged_input(send, recv, count * dtype_size(dtype));
  const ncclDataType_t type = nccl_datatype(dtype);
  COMMBENCH_NCCL_CHECK(ncclGroupStart());
  COMMBENCH_NCCL_CHECK(ncclSend(input, count, type, (rank_ + 1) % size_, communicator_->get(), communication_stream()));
  COMMBENCH_NCCL_CHECK(
      ncclRecv(recv, count, type, (rank_ - 1 + size_) % size_, communicator_->get(), communication_stream()));
  COMMBENCH_NCCL_CHECK(ncclGroupEnd());
}

void NcclBackend::send(const void* buffer, std::size_t count, Dtype dtype, int peer, const PointToPointOptions&) {
  ensure_usable();
  COMMBENCH_NCCL_CHECK(
      ncclSend(buffer, count, nccl_datatype(dtype), peer, communicator_->get(), communication_stream()));
}

void NcclBackend::recv(void* buffer, std::size_t count, Dtype dtype, int peer, const PointToPointOptions&) {
  ensure_usable();
  COMMBENCH_NCCL_CHECK(
      ncclRecv(buffer, count, nccl_datatype(dtype), peer, communicator_->get(), communication_stream()));
}

void NcclBackend::exchange(const void* send, std::size_t send_count, int destination, void* recv,
                           std::size_t recv_count, int source, Dtype dtype, const PointToPointOptions&) {
  ensure_usable();
  const ncclDataType_t type = nccl_datatype(dtype);
  // An empty direction is left out: its peer's matching count is zero too (recv_count must
  // equal what source sends), so both sides leave it out alike.
  COMMBENCH_NCCL_CHECK(ncclGroupStart());
  if (send_count != 0) {
    COMMBENCH_NCCL_CHECK(ncclSend(send, send_count, type, destination, communicator_->get(), communication_stream()));
  }
  if (recv_count != 0) {
    COMMBENCH_NCCL_CHECK(ncclRecv(recv, recv_count, type, source, communicator_->get(), communication_stream()));
  }
  COMMBENCH_NCCL_CHECK(ncclGroupEnd());
}

void NcclBackend::reduce_local(const void* source, void* target, std::size_t count, Dtype dtype, ReduceOp op) {
  ensure_usable();
  memory_->reduce_elements(source, target, count, dtype, op);
}

void NcclBackend::copy_local(void* target, const void* source, std::size_t bytes) {
  ensure_usable();
  memory_->copy_bytes(target, source, bytes);
}

void NcclBackend::divide_local(void* data, std::size_t count, Dtype dtype, int divisor) {
  ensure_usable();
  memory_->divide_elements(data, count, dtype, divisor);
}

void NcclBackend::barrier() {
  ensure_usable();
  control_->barrier();
}

void NcclBackend::idle_barrier() {
  ensure_usable();
  control_->idle_barrier();
}

void NcclBackend::synchronize() {
  wait_until_complete([this] { return cudaStreamQuery(memory_->stream()); });
  wait_for_compute();
}

std::unique_ptr<Backend> NcclBackend::split(int color, int key) {
  ensure_usable();
  std::unique_ptr<Backend> control_part = control_->split(color, key);
  ncclConfig_t config = communicator_config();
  ncclComm_t part = nullptr;
  COMMBENCH_NCCL_CHECK(ncclCommSplit(communicator_->get(), color, key, &part, &config));
  if (part == nullptr) {
    throw std::runtime_error("nccl backend: ncclCommSplit with color " + std::to_string(color) +
                             " gave no communicator");
  }
  return std::unique_ptr<Backend>(
      new NcclBackend(std::move(control_part), memory_, std::make_shared<NcclCommunicator>(part), options_));
}

void NcclBackend::host_allreduce(double* values, std::size_t count, ReduceOp op) {
  control_->host_allreduce(values, count, op);
}

std::unique_ptr<RegionTimer> NcclBackend::region_timer() {
  return std::make_unique<CudaEventTimer>(
      memory_->stream(), [this](const std::function<cudaError_t()>& query) { wait_until_complete(query); });
}

std::unique_ptr<ReplayableOperations> NcclBackend::capture(const std::function<void()>& operation,
                                                           std::uint64_t repetitions) {
  ensure_usable();
  const cudaStream_t stream = memory_->stream();
  // Thread-local mode: only this thread's CUDA calls are recorded or refused meanwhile.
  COMMBENCH_CUDA_CHECK(cudaStreamBeginCapture(stream, cudaStreamCaptureModeThreadLocal));
  try {
    for (std::uint64_t i = 0; i < repetitions; ++i) operation();
  } catch (...) {
    cudaGraph_t partial = nullptr;
    cudaStreamEndCapture(stream, &partial);
    if (partial != nullptr) cudaGraphDestroy(partial);
    throw;
  }
  cudaGraph_t graph = nullptr;
  COMMBENCH_CUDA_CHECK(cudaStreamEndCapture(stream, &graph));
  return std::make_unique<CudaGraphReplay>(graph, stream);
}

void NcclBackend::abort_in_flight() noexcept {
  ending_.store(true);
  const auto deadline = std::chrono::steady_clock::now() + kPollExitWait;
  while (polling_nccl_.load() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  communicator_->abort();
}

void NcclBackend::ensure_usable() const {
  if (ending_.load()) stop_this_thread();
  if (!failure_.empty()) {
    throw std::runtime_error("nccl backend: rank " + std::to_string(rank_) +
                             " cannot run more operations: its communicator was aborted after " + failure_);
  }
}

void NcclBackend::wait_until_complete(const std::function<cudaError_t()>& query) {
  ensure_usable();
  while (true) {
    const cudaError_t status = query();
    if (status == cudaSuccess) return;
    if (status != cudaErrorNotReady) COMMBENCH_CUDA_CHECK(status);
    polling_nccl_.store(true);
    if (ending_.load()) {
      polling_nccl_.store(false);
      stop_this_thread();
    }
    std::string error;
    try {
      error = communicator_->asynchronous_error();
    } catch (...) {
      polling_nccl_.store(false);
      throw;
    }
    polling_nccl_.store(false);
    if (!error.empty()) {
      // A peer failed or the network broke: the operation will never complete. Aborting
      // frees this rank's resources; every later call reports this error.
      failure_ = "an asynchronous NCCL error: " + error;
      communicator_->abort();
      throw std::runtime_error("nccl backend: rank " + std::to_string(rank_) + " got " + failure_);
    }
    std::this_thread::yield();
  }
}

}  // namespace commbench
