#include "collectives/mpi/mpi_backend.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <climits>
#include <stdexcept>
#include <string>
#include <thread>

#include "collectives/dtype/host_arithmetic.hpp"

namespace commbench {
namespace {

void check(int status, const char* operation) {
  if (status == MPI_SUCCESS) return;
  char message[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(status, message, &length);
  throw std::runtime_error(std::string("mpi backend: ") + operation + " failed: " + std::string(message, length));
}

// MPI counts are int. Element-wise operations (allreduce, reduce, broadcast, the ring
// shift) are split into chunks below that limit; block collectives cannot be, so a block
// over the limit is refused with a message.
constexpr std::size_t kMaxChunk = static_cast<std::size_t>(INT_MAX);

int block_count(std::size_t count, const char* operation) {
  if (count > kMaxChunk) {
    throw std::runtime_error(std::string("mpi backend: ") + operation + " per-rank count " + std::to_string(count) +
                             " exceeds MPI's int count limit " + std::to_string(INT_MAX));
  }
  return static_cast<int>(count);
}

template <typename Operation>
void for_each_chunk(std::size_t count, Dtype dtype, Operation operation) {
  const std::size_t element = dtype_size(dtype);
  for (std::size_t first = 0; first < count; first += kMaxChunk) {
    const std::size_t chunk = std::min(kMaxChunk, count - first);
    operation(first * element, static_cast<int>(chunk));
  }
  if (count == 0) operation(0, 0);  // still take part, so that peers do not wait
}

const char* at(const void* pointer, std::size_t offset) { return static_cast<const char*>(pointer) + offset; }
char* at(void* pointer, std::size_t offset) { return static_cast<char*>(pointer) + offset; }

// A non-blocking MPI collective: its request, when it started, and what is left to do once
// it has completed (the division of avg, moving an in-place reduce-scatter's block).
class MpiPendingOperation final : public PendingOperation {
 public:
  // start: taken before the call that started it, which may already move data.
  MpiPendingOperation(std::chrono::steady_clock::time_point start, MPI_Request request, const char* operation,
                      std::function<void()> on_completion)
      : request_(request), operation_(operation), on_completion_(std::move(on_completion)), start_(start) {}
  // MPI forbids freeing the request of a collective in flight, and peers wait for this rank's
  // part, so an abandoned one is completed here (errors are no longer anyone's to report).
  ~MpiPendingOperation() override {
    if (!finished_) MPI_Wait(&request_, MPI_STATUS_IGNORE);
  }
  bool done() override {
    if (finished_) return true;
    int complete = 0;
    check(MPI_Test(&request_, &complete, MPI_STATUS_IGNORE), operation_);
    if (complete) finish();
    return finished_;
  }
  void wait() override {
    if (finished_) return;
    check(MPI_Wait(&request_, MPI_STATUS_IGNORE), operation_);
    finish();
  }
  double seconds() const override { return std::chrono::duration<double>(end_ - start_).count(); }

 private:
  void finish() {
    end_ = std::chrono::steady_clock::now();
    finished_ = true;
    if (on_completion_) on_completion_();
  }

  MPI_Request request_;
  const char* operation_;
  std::function<void()> on_completion_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point end_ = start_;
  bool finished_ = false;
};

}  // namespace

std::unique_ptr<MpiBackend> MpiBackend::world(std::shared_ptr<MemorySpace> memory) {
  MPI_Comm comm;
  check(MPI_Comm_dup(MPI_COMM_WORLD, &comm), "MPI_Comm_dup");
  return std::unique_ptr<MpiBackend>(new MpiBackend(comm, std::make_shared<const MpiTypes>(), std::move(memory)));
}

MpiBackend::MpiBackend(MPI_Comm comm, std::shared_ptr<const MpiTypes> types, std::shared_ptr<MemorySpace> memory)
    : comm_(comm), types_(std::move(types)), memory_(std::move(memory)) {
  MPI_Comm_set_errhandler(comm_, MPI_ERRORS_RETURN);
  MPI_Comm_rank(comm_, &rank_);
  MPI_Comm_size(comm_, &size_);
}

MpiBackend::~MpiBackend() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Comm_free(&comm_);
}

std::string MpiBackend::library_version() const { return mpi_library_version(); }

std::string mpi_library_version() {
  char version[MPI_MAX_LIBRARY_VERSION_STRING];
  int length = 0;
  MPI_Get_library_version(version, &length);
  std::string text(version, length);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\0' || text.back() == ' ')) text.pop_back();
  return text;
}

std::unique_ptr<Buffer> MpiBackend::allocate(std::size_t bytes) { return memory_->allocate(bytes); }

void MpiBackend::allreduce(const void* send, void* recv, std::size_t count, Dtype dtype,
                           const ReduceOptions& options) {
  const MPI_Datatype type = types_->datatype(dtype);
  const MPI_Op op = types_->op(options.op, dtype);
  for_each_chunk(count, dtype, [&](std::size_t offset, int chunk) {
    const void* source = send == recv ? MPI_IN_PLACE : at(send, offset);
    check(MPI_Allreduce(source, at(recv, offset), chunk, type, op, comm_), "MPI_Allreduce");
  });
  if (options.op == ReduceOp::avg) divide_local(recv, count, dtype, size_);
}

void MpiBackend::allgather(const void* send, void* recv, std::size_t count, Dtype dtype) {
  const int n = block_count(count, "MPI_Allgather");
  const bool in_place = send == at(recv, static_cast<std::size_t>(rank_) * count * dtype_size(dtype));
  const MPI_Datatype type = types_->datatype(dtype);
  if (in_place) {
    check(MPI_Allgather(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, recv, n, type, comm_), "MPI_Allgather");
  } else {
    check(MPI_Allgather(send, n, type, recv, n, type, comm_), "MPI_Allgather");
  }
}

void MpiBackend::reducescatter(const void* send, void* recv, std::size_t count, Dtype dtype,
                               const ReduceOptions& options) {
  const int n = block_count(count, "MPI_Reduce_scatter_block");
  const std::size_t block_bytes = count * dtype_size(dtype);
  const MPI_Datatype type = types_->datatype(dtype);
  const MPI_Op op = types_->op(options.op, dtype);
  const bool in_place = recv == at(send, static_cast<std::size_t>(rank_) * block_bytes);
  if (in_place) {
    // MPI leaves an in-place result at the start of the buffer; NCCL's layout (which this
    // interface follows) has it at the rank's own block, so move it there.
    void* whole = const_cast<void*>(send);
    check(MPI_Reduce_scatter_block(MPI_IN_PLACE, whole, n, type, op, comm_), "MPI_Reduce_scatter_block");
    // Through the memory space, which may be a GPU's; for rank >= 1 the blocks do not overlap.
    if (rank_ != 0) copy_local(recv, whole, block_bytes);
  } else {
    check(MPI_Reduce_scatter_block(send, recv, n, type, op, comm_), "MPI_Reduce_scatter_block");
  }
  if (options.op == ReduceOp::avg) divide_local(recv, count, dtype, size_);
}

// The same conventions as the blocking calls above, in one request each: a message over
// MPI's int count is refused rather than split, since one request must stand for it.
std::unique_ptr<PendingOperation> MpiBackend::start_allreduce(const void* send, void* recv, std::size_t count,
                                                               Dtype dtype, const ReduceOptions& options) {
  const int n = block_count(count, "MPI_Iallreduce");
  const auto start = std::chrono::steady_clock::now();
  MPI_Request request = MPI_REQUEST_NULL;
  const void* source = send == recv ? MPI_IN_PLACE : send;
  check(MPI_Iallreduce(source, recv, n, types_->datatype(dtype), types_->op(options.op, dtype), comm_, &request),
        "MPI_Iallreduce");
  std::function<void()> on_completion;
  if (options.op == ReduceOp::avg) on_completion = [=] { divide_local(recv, count, dtype, size_); };
  return std::make_unique<MpiPendingOperation>(start, request, "MPI_Iallreduce", std::move(on_completion));
}

std::unique_ptr<PendingOperation> MpiBackend::start_reducescatter(const void* send, void* recv, std::size_t count,
                                                                   Dtype dtype, const ReduceOptions& options) {
  const int n = block_count(count, "MPI_Ireduce_scatter_block");
  const std::size_t block_bytes = count * dtype_size(dtype);
  const bool in_place = recv == at(send, static_cast<std::size_t>(rank_) * block_bytes);
  void* whole = const_cast<void*>(send);
  const auto start = std::chrono::steady_clock::now();
  MPI_Request request = MPI_REQUEST_NULL;
  check(MPI_Ireduce_scatter_block(in_place ? MPI_IN_PLACE : send, in_place ? whole : recv, n,
                                  types_->datatype(dtype), types_->op(options.op, dtype), comm_, &request),
        "MPI_Ireduce_scatter_block");
  const bool move_block = in_place && rank_ != 0;
  const bool divide = options.op == ReduceOp::avg;
  std::function<void()> on_completion;
  if (move_block || divide) {
    on_completion = [=] {
      if (move_block) copy_local(recv, whole, block_bytes);
      if (divide) divide_local(recv, count, dtype, size_);
    };
  }
  return std::make_unique<MpiPendingOperation>(start, request, "MPI_Ireduce_scatter_block", std::move(on_completion));
}

std::unique_ptr<PendingOperation> MpiBackend::start_allgather(const void* send, void* recv, std::size_t count,
                                                               Dtype dtype) {
  const int n = block_count(count, "MPI_Iallgather");
  const bool in_place = send == at(recv, static_cast<std::size_t>(rank_) * count * dtype_size(dtype));
  const MPI_Datatype type = types_->datatype(dtype);
  const auto start = std::chrono::steady_clock::now();
  MPI_Request request = MPI_REQUEST_NULL;
  if (in_place) {
    check(MPI_Iallgather(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, recv, n, type, comm_, &request), "MPI_Iallgather");
  } else {
    check(MPI_Iallgather(send, n, type, recv, n, type, comm_, &request), "MPI_Iallgather");
  }
  return std::make_unique<MpiPendingOperation>(start, request, "MPI_Iallgather", nullptr);
}

std::unique_ptr<PendingOperation> MpiBackend::start_send(const void* buffer, std::size_t count, Dtype dtype, int peer,
                                                         const PointToPointOptions& options) {
  const int n = block_count(count, "MPI_Isend");
  const auto start = std::chrono::steady_clock::now();
  MPI_Request request = MPI_REQUEST_NULL;
  check(MPI_Isend(buffer, n, types_->datatype(dtype), peer, options.tag, comm_, &request), "MPI_Isend");
  return std::make_unique<MpiPendingOperation>(start, request, "MPI_Isend", nullptr);
}

void MpiBackend::broadcast(const void* send, void* recv, std::size_t count, Dtype dtype,
                           const RootedOptions& options) {
  const MPI_Datatype type = types_->datatype(dtype);
  // MPI_Bcast has one buffer: the root sends from its input, and, like NCCL, also leaves
  // the data in its own output buffer.
  const bool root = rank_ == options.root;
  for_each_chunk(count, dtype, [&](std::size_t offset, int chunk) {
    void* buffer = root ? const_cast<char*>(at(send, offset)) : at(recv, offset);
    check(MPI_Bcast(buffer, chunk, type, options.root, comm_), "MPI_Bcast");
  });
  if (root && send != recv) copy_local(recv, send, count * dtype_size(dtype));
}

void MpiBackend::reduce(const void* send, void* recv, std::size_t count, Dtype dtype,
                        const RootedReduceOptions& options) {
  const MPI_Datatype type = types_->datatype(dtype);
  const MPI_Op op = types_->op(options.op, dtype);
  const bool root = rank_ == options.root;
  for_each_chunk(count, dtype, [&](std::size_t offset, int chunk) {
    const void* source = (root && send == recv) ? MPI_IN_PLACE : at(send, offset);
    check(MPI_Reduce(source, at(recv, offset), chunk, type, op, options.root, comm_), "MPI_Reduce");
  });
  if (root && options.op == ReduceOp::avg) divide_local(recv, count, dtype, size_);
}

void MpiBackend::alltoall(const void* send, void* recv, std::size_t count, Dtype dtype) {
  const int n = block_count(count, "MPI_Alltoall");
  const MPI_Datatype type = types_->datatype(dtype);
  if (send == recv) {
    check(MPI_Alltoall(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, recv, n, type, comm_), "MPI_Alltoall");
  } else {
    check(MPI_Alltoall(send, n, type, recv, n, type, comm_), "MPI_Alltoall");
  }
}

void MpiBackend::sendrecv(const void* send, void* recv, std::size_t count, Dtype dtype) {
  const MPI_Datatype type = types_->datatype(dtype);
  const int next = (rank_ + 1) % size_;
  const int previous = (rank_ - 1 + size_) % size_;
  for_each_chunk(count, dtype, [&](std::size_t offset, int chunk) {
    if (send == recv) {
      check(MPI_Sendrecv_replace(at(recv, offset), chunk, type, next, 0, previous, 0, comm_, MPI_STATUS_IGNORE),
            "MPI_Sendrecv_replace");
    } else {
      check(MPI_Sendrecv(at(send, offset), chunk, type, next, 0, at(recv, offset), chunk, type, previous, 0, comm_,
                         MPI_STATUS_IGNORE),
            "MPI_Sendrecv");
    }
  });
}

void MpiBackend::send(const void* buffer, std::size_t count, Dtype dtype, int peer,
                      const PointToPointOptions& options) {
  const MPI_Datatype type = types_->datatype(dtype);
  for_each_chunk(count, dtype, [&](std::size_t offset, int chunk) {
    check(MPI_Send(at(buffer, offset), chunk, type, peer, options.tag, comm_), "MPI_Send");
  });
}

void MpiBackend::recv(void* buffer, std::size_t count, Dtype dtype, int peer, const PointToPointOptions& options) {
  const MPI_Datatype type = types_->datatype(dtype);
  for_each_chunk(count, dtype, [&](std::size_t offset, int chunk) {
    check(MPI_Recv(at(buffer, offset), chunk, type, peer, options.tag, comm_, MPI_STATUS_IGNORE), "MPI_Recv");
  });
}

void MpiBackend::exchange(const void* send, std::size_t send_count, int destination, void* recv,
                          std::size_t recv_count, int source, Dtype dtype, const PointToPointOptions& options) {
  const MPI_Datatype type = types_->datatype(dtype);
  const std::size_t element = dtype_size(dtype);
  // Each direction is split into chunks below MPI's int limit on its own (an empty message
  // is one chunk). When one direction has more chunks than the other, the shorter one goes
  // on with MPI_PROC_NULL: every rank then sends exactly the chunks its destination expects,
  // whatever counts that destination sends on to its own peer.
  const std::size_t send_chunks = std::max<std::size_t>(1, (send_count + kMaxChunk - 1) / kMaxChunk);
  const std::size_t recv_chunks = std::max<std::size_t>(1, (recv_count + kMaxChunk - 1) / kMaxChunk);
  for (std::size_t chunk = 0; chunk < std::max(send_chunks, recv_chunks); ++chunk) {
    const std::size_t first = chunk * kMaxChunk;
    const bool sends = chunk < send_chunks;
    const bool receives = chunk < recv_chunks;
    const int out = sends ? static_cast<int>(std::min(kMaxChunk, send_count - first)) : 0;
    const int in = receives ? static_cast<int>(std::min(kMaxChunk, recv_count - first)) : 0;
    check(MPI_Sendrecv(sends ? at(send, first * element) : send, out, type, sends ? destination : MPI_PROC_NULL,
                       options.tag, receives ? at(recv, first * element) : recv, in, type,
                       receives ? source : MPI_PROC_NULL, options.tag, comm_, MPI_STATUS_IGNORE),
          "MPI_Sendrecv");
  }
}

void MpiBackend::reduce_local(const void* source, void* target, std::size_t count, Dtype dtype, ReduceOp op) {
  memory_->reduce_elements(source, target, count, dtype, op);
  memory_->synchronize();
}

void MpiBackend::copy_local(void* target, const void* source, std::size_t bytes) {
  memory_->copy_bytes(target, source, bytes);
  memory_->synchronize();
}

void MpiBackend::divide_local(void* data, std::size_t count, Dtype dtype, int divisor) {
  memory_->divide_elements(data, count, dtype, divisor);
  memory_->synchronize();
}

void MpiBackend::barrier() { check(MPI_Barrier(comm_), "MPI_Barrier"); }

// MPI_Barrier polls the network at full speed (Open MPI only yields when oversubscribed,
// and a yielding rank still takes its share of the core); a non-blocking barrier tested
// every 100 us sleeps in between.
void MpiBackend::idle_barrier() {
  MPI_Request request = MPI_REQUEST_NULL;
  check(MPI_Ibarrier(comm_, &request), "MPI_Ibarrier");
  int done = 0;
  for (;;) {
    check(MPI_Test(&request, &done, MPI_STATUS_IGNORE), "MPI_Test");
    if (done) return;
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
}

std::unique_ptr<Backend> MpiBackend::split(int color, int key) {
  MPI_Comm sub;
  check(MPI_Comm_split(comm_, color, key, &sub), "MPI_Comm_split");
  if (sub == MPI_COMM_NULL) {
    throw std::runtime_error("mpi backend: split with color " + std::to_string(color) +
                             " gave no communicator (MPI_UNDEFINED)");
  }
  return std::unique_ptr<Backend>(new MpiBackend(sub, types_, memory_));
}

void MpiBackend::host_allreduce(double* values, std::size_t count, ReduceOp op) {
  const MPI_Op mpi_op = types_->op(op, Dtype::float64);
  check(MPI_Allreduce(MPI_IN_PLACE, values, block_count(count, "MPI_Allreduce"), MPI_DOUBLE, mpi_op, comm_),
        "MPI_Allreduce");
  if (op == ReduceOp::avg) commbench::divide_elements(values, count, Dtype::float64, size_);
}

}  // namespace commbench
