#pragma once
// The Backend over MPI and host memory. Errors are returned, not fatal: every MPI failure
// becomes a std::runtime_error naming the backend and the operation.
#include <mpi.h>

#include <memory>

#include "collectives/backend/backend.hpp"
#include "collectives/backend/memory_space.hpp"
#include "collectives/mpi/mpi_types.hpp"

namespace commbench {

// The MPI library's version, e.g. "Open MPI v4.1.4, ...". The MPI standard lets it be asked
// before MPI_Init, so that a command that runs without MPI records what a run would use.
std::string mpi_library_version();

inline constexpr const char* kMpiBackendName = "mpi";

class MpiBackend final : public Backend {
 public:
  // A backend over a duplicate of MPI_COMM_WORLD whose buffers live in memory (device
  // memory needs a CUDA-aware MPI: cuda_aware_mpi.hpp). MPI must be initialised.
  static std::unique_ptr<MpiBackend> world(std::shared_ptr<MemorySpace> memory = host_memory());
  ~MpiBackend() override;

  std::string name() const override { return kMpiBackendName; }
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
  void send(const void* buffer, std::size_t count, Dtype dtype, int peer,
            const PointToPointOptions& options) override;
  void recv(void* buffer, std::size_t count, Dtype dtype, int peer,
            const PointToPointOptions& options) override;
  void exchange(const void* send, std::size_t send_count, int destination, void* recv, std::size_t recv_count,
                int source, Dtype dtype, const PointToPointOptions& options) override;
  // On the memory space, waited for before returning: MPI calls are not ordered with a
  // GPU stream.
  void reduce_local(const void* source, void* target, std::size_t count, Dtype dtype, ReduceOp op) override;
  void copy_local(void* target, const void* source, std::size_t bytes) override;
  void divide_local(void* data, std::size_t count, Dtype dtype, int divisor) override;
  std::unique_ptr<PendingOperation> start_allreduce(const void* send, void* recv, std::size_t count, Dtype dtype,
                                                     const ReduceOptions& options) override;
  std::unique_ptr<PendingOperation> start_reducescatter(const void* send, void* recv, std::size_t count,
                                                         Dtype dtype, const ReduceOptions& options) override;
  std::unique_ptr<PendingOperation> start_allgather(const void* send, void* recv, std::size_t count,
                                                     Dtype dtype) override;
  std::uint64_t available_memory_bytes() const override { return memory_->available_bytes(); }
  std::unique_ptr<PendingOperation> start_send(const void* buffer, std::size_t count, Dtype dtype, int peer,
                                               const PointToPointOptions& options) override;
  void barrier() override;
  void idle_barrier() override;
  void synchronize() override {}  // MPI calls here are blocking: nothing is left in flight.
  std::unique_ptr<Backend> split(int color, int key) override;
  void host_allreduce(double* values, std::size_t count, ReduceOp op) override;
  const PatternAccess& pattern_access() const override { return memory_->pattern_access(); }

  MPI_Comm communicator() const { return comm_; }

 private:
  MpiBackend(MPI_Comm comm, std::shared_ptr<const MpiTypes> types, std::shared_ptr<MemorySpace> memory);

  MPI_Comm comm_;
  std::shared_ptr<const MpiTypes> types_;
  std::shared_ptr<MemorySpace> memory_;
  int rank_ = 0;
  int size_ = 0;
};

}  // namespace commbench
