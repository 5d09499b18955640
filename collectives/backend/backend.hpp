#pragma once
// The narrow interface every transport implements (MPI, NCCL), so that the sweep, the
// timing loop and the verification are written once.
//
// In-place follows NCCL's convention and is recognised from the pointers, not from a flag
// that could disagree with them:
//   allreduce, broadcast, reduce, alltoall, sendrecv: send == recv
//   allgather:      send == recv + rank * count   (the rank's own block of the output)
//   reducescatter:  recv == send + rank * count   (the rank's own block of the input)
// Counts are in elements: the per-rank block for allgather, reducescatter and alltoall,
// the whole message for the others (see docs/METRICS.md).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "collectives/backend/buffer.hpp"
#include "collectives/backend/memory_space.hpp"
#include "collectives/backend/pending_operation.hpp"
#include "collectives/backend/region_timer.hpp"
#include "collectives/backend/replayable_operations.hpp"
#include "collectives/dtype/dtype.hpp"
#include "collectives/dtype/reduce_op.hpp"
#include "collectives/pattern/pattern_access.hpp"

namespace commbench {

struct ReduceOptions {
  ReduceOp op = ReduceOp::sum;
};

struct RootedOptions {
  int root = 0;
};

struct RootedReduceOptions {
  ReduceOp op = ReduceOp::sum;
  int root = 0;
};

struct PointToPointOptions {
  int tag = 0;
};

class Backend {
 public:
  virtual ~Backend() = default;
  Backend() = default;
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;

  virtual std::string name() const = 0;
  virtual std::string library_version() const = 0;
  virtual int rank() const = 0;
  virtual int size() const = 0;

  virtual std::unique_ptr<Buffer> allocate(std::size_t bytes) = 0;

  virtual void allreduce(const void* send, void* recv, std::size_t count, Dtype dtype,
                         const ReduceOptions& options = {}) = 0;
  virtual void allgather(const void* send, void* recv, std::size_t count, Dtype dtype) = 0;
  virtual void reducescatter(const void* send, void* recv, std::size_t count, Dtype dtype,
                             const ReduceOptions& options = {}) = 0;
  virtual void broadcast(const void* send, void* recv, std::size_t count, Dtype dtype,
                         const RootedOptions& options = {}) = 0;
  virtual void reduce(const void* send, void* recv, std::size_t count, Dtype dtype,
                      const RootedReduceOptions& options = {}) = 0;
  virtual void alltoall(const void* send, void* recv, std::size_t count, Dtype dtype) = 0;
  // Each rank sends to rank + 1 and receives from rank - 1 (a ring shift).
  virtual void sendrecv(const void* send, void* recv, std::size_t count, Dtype dtype) = 0;

  virtual void send(const void* buffer, std::size_t count, Dtype dtype, int peer,
                    const PointToPointOptions& options = {}) = 0;
  virtual void recv(void* buffer, std::size_t count, Dtype dtype, int peer,
                    const PointToPointOptions& options = {}) = 0;
  // Sends send_count elements to destination while receiving recv_count elements from
  // source (MPI_Sendrecv; a grouped ncclSend and ncclRecv), so that the two directions of a
  // ring step overlap instead of serialising. recv_count must equal what source sends, and
  // the two buffers must not overlap. For the explicit algorithms (explicit_algorithms.hpp).
  virtual void exchange(const void* send, std::size_t send_count, int destination, void* recv,
                        std::size_t recv_count, int source, Dtype dtype, const PointToPointOptions& options = {});

  // Local element-wise work on memory from allocate(), in order with this backend's
  // operations (on a GPU: enqueued on the backend's stream), so that an algorithm built from
  // point-to-point messages can combine what it receives without leaving the backend. They
  // never communicate.
  // target[i] = target[i] op source[i]; avg reduces as sum (the caller divides at the end
  // with divide_local). source and target must not overlap unless they are equal.
  virtual void reduce_local(const void* source, void* target, std::size_t count, Dtype dtype, ReduceOp op);
  // Copies bytes between two regions that do not overlap.
  virtual void copy_local(void* target, const void* source, std::size_t bytes);
  // data[i] = data[i] / divisor: what turns a sum into avg (integer division truncates, as
  // NCCL's avg does).
  virtual void divide_local(void* data, std::size_t count, Dtype dtype, int divisor);

  // Collectives started without waiting (the conventions above), for overlapping
  // communication with emulated compute. On a GPU each starts on the communication stream
  // after all compute issued before it. A backend that lacks one throws an error naming it.
  virtual std::unique_ptr<PendingOperation> start_allreduce(const void* send, void* recv, std::size_t count,
                                                             Dtype dtype, const ReduceOptions& options = {});
  virtual std::unique_ptr<PendingOperation> start_reducescatter(const void* send, void* recv, std::size_t count,
                                                                 Dtype dtype, const ReduceOptions& options = {});
  virtual std::unique_ptr<PendingOperation> start_allgather(const void* send, void* recv, std::size_t count,
                                                             Dtype dtype);

  // A send started without waiting for the receiver: the output of a pipeline stage, which
  // must not block the stage until the next stage is ready for it (the schedules assume
  // sends complete by themselves, as MPI's eager sends of small messages do). A backend that
  // lacks it throws an error naming it.
  virtual std::unique_ptr<PendingOperation> start_send(const void* buffer, std::size_t count, Dtype dtype, int peer,
                                                       const PointToPointOptions& options = {});

  // Emulated compute of seconds (a layer's forward or backward, a pipeline stage's work).
  // On the host (the default) a busy wait that runs now and calls progress between short
  // spins, so that collectives started before it advance as they would beside a real
  // kernel; on a GPU a spin kernel on a compute stream of its own, enqueued without
  // waiting. Communication issued after it starts after it. Compute never waits for
  // communication by itself: a caller that needs received data waits for it first
  // (synchronize(), PendingOperation::wait()). seconds outside emulated_compute_limit.hpp's
  // range (not finite, negative, above an hour) throws std::invalid_argument.
  virtual void emulate_compute(double seconds, const std::function<void()>& progress = {});
  // Bytes this rank's allocate() could still take (MemorySpace::available_bytes): shared with
  // the other ranks on the same host or GPU. Host memory unless overridden.
  virtual std::uint64_t available_memory_bytes() const { return host_available_bytes(); }
  // Waits until the compute issued so far has run (at once on the host, where it already has).
  virtual void wait_for_compute() {}

  virtual void barrier() = 0;
  // A barrier for ranks that have nothing to do meanwhile: it waits without keeping a core
  // busy, so that on shared or oversubscribed hosts the ranks still measuring get the CPU.
  // Every rank of one barrier calls the same kind (MPI never matches a blocking collective
  // with a non-blocking one). The default is barrier().
  virtual void idle_barrier() { barrier(); }
  // Waits until every operation this rank issued has completed (device work included).
  virtual void synchronize() = 0;
  // A sub-communicator of the ranks that pass the same color, ordered by key (MPI_Comm_split).
  virtual std::unique_ptr<Backend> split(int color, int key) = 0;

  // Reduces a few doubles in host memory among the ranks: how the suite agrees on failures
  // and takes the maximum of durations over ranks. Never timed; a GPU backend carries it
  // over MPI, not over the device memory its collectives take.
  virtual void host_allreduce(double* values, std::size_t count, ReduceOp op) = 0;

  // Why this rank cannot run cases of dtype (reducing ones when reduces), or nothing when it
  // can. Such cases are recorded as skipped with the reason, not failed.
  virtual std::optional<std::string> unsupported(Dtype /*dtype*/, bool /*reduces*/) const { return std::nullopt; }
  // How verification reaches the memory allocate() returns: host loops unless overridden.
  virtual const PatternAccess& pattern_access() const { return host_pattern_access(); }
  // A timer for regions of this backend's operations; by default the host clock, stopped
  // after synchronize().
  virtual std::unique_ptr<RegionTimer> region_timer();
  // Records repetitions calls of operation once, for replay with a single launch (CUDA
  // graphs). A backend that cannot throws an error that names it.
  virtual std::unique_ptr<ReplayableOperations> capture(const std::function<void()>& operation,
                                                        std::uint64_t repetitions);
  // Called on the watchdog thread just before the process exits after a timeout or a signal,
  // while the main thread may still be blocked in an operation: releases what other ranks
  // would otherwise wait on (ncclCommAbort). Must not wait for the main thread.
  virtual void abort_in_flight() noexcept {}
};

}  // namespace commbench
