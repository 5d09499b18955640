// Benchmark (not a test; NCCL builds only): how far the time commbench reports for
// `allreduce --backend nccl` is from a raw ncclAllReduce loop timed with CUDA events, in the
// same process on the same GPU, interleaved round by round. Results: docs/PERFORMANCE.md.
//
//   mpirun -np <GPUs> build/bin/nccl_overhead_benchmark [--rounds 5] [--iterations 20]
//
// Both sides time each iteration with a CUDA-event pair after a host barrier and take the
// maximum over ranks; commbench's figure is exactly its report's time_s (the median sample
// of time_operation through TrackedBackend and NcclBackend), the raw figure the same
// statistic over a loop written directly against NCCL on a communicator of its own.
#include <cuda_runtime_api.h>
#include <mpi.h>
#include <nccl.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench/measure/statistics.hpp"
#include "bench/measure/timing_loop.hpp"
#include "bench/run/mpi_session.hpp"
#include "bench/run/progress_monitor.hpp"
#include "bench/run/tracked_backend.hpp"
#include "collectives/backend/collective_spec.hpp"
#include "collectives/cuda/cuda_check.hpp"
#include "collectives/cuda/cuda_devices.hpp"
#include "collectives/cuda/cuda_memory_space.hpp"
#include "collectives/mpi/mpi_backend.hpp"
#include "collectives/nccl/nccl_backend.hpp"
#include "collectives/nccl/nccl_communicator.hpp"
#include "topology/discovery/host_map.hpp"

namespace commbench {
namespace {


// The raw loop: barrier, event, ncclAllReduce, event, wait; durations maxed over ranks.
double raw_allreduce(ncclComm_t comm, cudaStream_t stream, const float* send, float* recv, std::size_t count,
                     int warmup, int iterations) {
  for (int i = 0; i < warmup; ++i) COMMBENCH_NCCL_CHECK(ncclAllReduce(send, recv, count, ncclFloat32, ncclSum, comm, stream));
  COMMBENCH_CUDA_CHECK(cudaStreamSynchronize(stream));
  CudaEvent start, stop;
  std::vector<double> durations(static_cast<std::size_t>(iterations));
  for (double& duration : durations) {
    MPI_Barrier(MPI_COMM_WORLD);
    COMMBENCH_CUDA_CHECK(cudaEventRecord(start.get(), stream));
    COMMBENCH_NCCL_CHECK(ncclAllReduce(send, recv, count, ncclFloat32, ncclSum, comm, stream));
    COMMBENCH_CUDA_CHECK(cudaEventRecord(stop.get(), stream));
    COMMBENCH_CUDA_CHECK(cudaEventSynchronize(stop.get()));
    float milliseconds = 0;
    COMMBENCH_CUDA_CHECK(cudaEventElapsedTime(&milliseconds, start.get(), stop.get()));
    duration = milliseconds * 1e-3;
  }
  MPI_Allreduce(MPI_IN_PLACE, durations.data(), iterations, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  return median_of(durations);
}

int run(int argc, char** argv) {
  int rounds = 5, iterations = 20, warmup = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--rounds") == 0) rounds = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--iterations") == 0) iterations = std::atoi(argv[i + 1]);
  }
  ProgressMonitor monitor;
  TrackedBackend world(MpiBackend::world(), monitor);
  const VisibleCudaDevices visible = visible_cuda_devices();
  if (visible.count == 0) {
    if (world.rank() == 0) std::fprintf(stderr, "nccl_overhead_benchmark: no CUDA device (%s)\n", visible.problem.c_str());
    return 2;
  }
  const int device = gather_host_map(world).local_rank.at(static_cast<std::size_t>(world.rank())) % visible.count;
  auto memory = std::make_shared<CudaMemorySpace>(device);
  TrackedBackend backend(NcclBackend::create(MpiBackend::world(), memory, {}), monitor);

  ncclUniqueId id{};
  if (world.rank() == 0) COMMBENCH_NCCL_CHECK(ncclGetUniqueId(&id));
  MPI_Bcast(&id, sizeof id, MPI_BYTE, 0, MPI_COMM_WORLD);
  ncclComm_t raw_comm = nullptr;
  COMMBENCH_NCCL_CHECK(ncclCommInitRank(&raw_comm, world.size(), id, world.rank()));
  const NcclCommunicator raw(raw_comm);

  const CollectiveSpec& allreduce = *find_collective_spec("allreduce");
  const std::size_t max_bytes = std::size_t{1} << 30;
  const auto send = backend.allocate(max_bytes);
  const auto recv = backend.allocate(max_bytes);
  const TimingPlan plan{static_cast<std::uint64_t>(warmup), static_cast<std::uint64_t>(iterations),
                        TimingMode::per_iteration, 0, 0, false};
  if (world.rank() == 0) {
    const CudaDeviceDescription gpu = describe_cuda_device(device);
    std::printf("# %d ranks, rank 0 on %s, %s; %d rounds of %d iterations after %d warm-up\n", world.size(),
                gpu.name.c_str(), backend.library_version().c_str(), rounds, iterations, warmup);
    std::printf("%12s %16s %16s %10s\n", "bytes", "commbench (us)", "raw NCCL (us)", "ratio");
  }
  for (std::size_t bytes = std::size_t{1} << 20; bytes <= max_bytes; bytes *= 4) {
    const std::size_t count = bytes / sizeof(float);
    CollectiveCall call;
    call.send = send->data();
    call.recv = recv->data();
    call.param_count = count;
    std::vector<double> ours, theirs;
    for (int round = 0; round < rounds; ++round) {
      const TimingOutcome outcome = time_operation(backend, [&] { allreduce.run(backend, call); }, plan);
      ours.push_back(median_of(outcome.samples));
      theirs.push_back(raw_allreduce(raw.get(), memory->stream(), static_cast<const float*>(send->data()),
                                     static_cast<float*>(recv->data()), count, warmup, iterations));
    }
    if (world.rank() == 0) {
      const double a = median_of(ours), b = median_of(theirs);
      std::printf("%12zu %16.2f %16.2f %10.4f\n", bytes, a * 1e6, b * 1e6, a / b);
    }
  }
  return 0;
}

}  // namespace
}  // namespace commbench

int main(int argc, char** argv) {
  commbench::MpiSession mpi(argc, argv);
  try {
    return commbench::run(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "nccl_overhead_benchmark: %s\n", error.what());
    MPI_Abort(MPI_COMM_WORLD, 3);
    return 3;
  }
}
