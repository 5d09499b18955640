// Benchmark (not a test): how far commbench's reported allreduce latency is from a tight,
// hand-written MPI_Allreduce loop, measured in the same launch, interleaved round by round
// so that both see the same machine. Results: docs/PERFORMANCE.md.
//
//   mpirun -np 2 build/bin/allreduce_overhead_benchmark [--rounds 7] [--max-bytes 4194304]
//
// For each size and each timing mode it prints the median (over rounds) of each side's
// per-round figure, where commbench's figure is exactly what its report calls time_s (the
// median sample of time_operation) and the raw loop's is the same statistic over the same
// loop structure written directly against MPI.
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench/measure/statistics.hpp"
#include "bench/measure/timing_loop.hpp"
#include "bench/run/config.hpp"
#include "bench/run/exit_codes.hpp"
#include "bench/run/mpi_session.hpp"
#include "bench/run/progress_monitor.hpp"
#include "bench/run/tracked_backend.hpp"
#include "bench/run/watchdog.hpp"
#include "collectives/backend/collective_spec.hpp"
#include "collectives/mpi/mpi_backend.hpp"

namespace commbench {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}


// The raw loop: barrier, clock, MPI_Allreduce, clock; durations maxed over ranks after it.
double raw_per_iteration(MPI_Comm comm, const float* send, float* recv, int count, std::uint64_t iterations) {
  std::vector<double> durations(iterations);
  for (auto& duration : durations) {
    MPI_Barrier(comm);
    const auto start = Clock::now();
    MPI_Allreduce(send, recv, count, MPI_FLOAT, MPI_SUM, comm);
    duration = seconds_since(start);
  }
  MPI_Allreduce(MPI_IN_PLACE, durations.data(), static_cast<int>(iterations), MPI_DOUBLE, MPI_MAX, comm);
  return median_of(durations);
}

// The raw back-to-back loop: one barrier, then the calls one after another.
double raw_back_to_back(MPI_Comm comm, const float* send, float* recv, int count, std::uint64_t iterations) {
  MPI_Barrier(comm);
  const auto start = Clock::now();
  for (std::uint64_t i = 0; i < iterations; ++i) MPI_Allreduce(send, recv, count, MPI_FLOAT, MPI_SUM, comm);
  double mean = seconds_since(start) / static_cast<double>(iterations);
  MPI_Allreduce(MPI_IN_PLACE, &mean, 1, MPI_DOUBLE, MPI_MAX, comm);
  return mean;
}

std::uint64_t iterations_for(std::size_t bytes) {
  if (bytes <= (64u << 10)) return 2000;
  if (bytes <= (1u << 20)) return 400;
  return 100;
}

struct Options {
  int rounds = 9;
  std::size_t max_bytes = 4u << 20;
};

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--rounds") == 0) options.rounds = std::max(1, std::atoi(argv[i + 1]));
    if (std::strcmp(argv[i], "--max-bytes") == 0) options.max_bytes = std::strtoull(argv[i + 1], nullptr, 10);
  }
  return options;
}

void run(const Options& options) {
  // commbench's side goes through the same layers as the commbench binary: the tracked
  // backend, watched by a watchdog thread.
  auto world = MpiBackend::world();
  const MPI_Comm comm = world->communicator();
  ProgressMonitor monitor;
  const auto backend = std::make_unique<TrackedBackend>(std::move(world), monitor);
  const Watchdog watchdog(monitor, Config{}.timeout_s, [](const WatchdogAlarm&) {
    std::fputs("allreduce_overhead_benchmark: an allreduce made no progress for the default timeout\n", stderr);
    std::_Exit(kExitTimeout);
  });
  const CollectiveSpec& allreduce = *find_collective_spec("allreduce");
  const auto send = backend->allocate(options.max_bytes);
  const auto recv = backend->allocate(options.max_bytes);
  const bool printer = backend->rank() == 0;
  if (printer) {
    std::printf("# allreduce float32 sum, %d ranks, %d interleaved rounds; medians over rounds, microseconds\n",
                backend->size(), options.rounds);
    std::printf("# %-13s %10s %6s %10s %10s %10s %9s %9s %9s\n", "mode", "bytes", "iters", "raw MPI", "commbench",
                "raw again", "diff us", "diff %", "A/A %");
  }
  for (TimingMode mode : {TimingMode::per_iteration, TimingMode::back_to_back}) {
    for (std::size_t bytes = 8; bytes <= options.max_bytes; bytes *= 2) {
      const int count = static_cast<int>(bytes / sizeof(float));
      const std::uint64_t iterations = iterations_for(bytes);
      CollectiveCall call;
      call.send = send->data();
      call.recv = recv->data();
      call.param_count = static_cast<std::size_t>(count);
      const TimingPlan plan{0, iterations, mode, 0, 0};
      const auto* send_floats = static_cast<const float*>(send->data());
      auto* recv_floats = static_cast<float*>(recv->data());
      // Warm up MPI at this size (connections, buffers) before the first round.
      raw_back_to_back(comm, send_floats, recv_floats, count, iterations / 10 + 1);
      // Three loops per round, in an order that rotates so none is always first: the raw
      // loop, commbench, and the raw loop again, whose distance from the first raw loop
      // shows the noise floor of the comparison (an A/A test).
      std::vector<double> raw, ours, raw_again;
      const auto raw_loop = [&] {
        return mode == TimingMode::per_iteration ? raw_per_iteration(comm, send_floats, recv_floats, count, iterations)
                                                 : raw_back_to_back(comm, send_floats, recv_floats, count, iterations);
      };
      const auto commbench_loop = [&] {
        return summarize_samples(time_operation(*backend, [&] { allreduce.run(*backend, call); }, plan).samples).median;
      };
      for (int round = 0; round < options.rounds; ++round) {
        for (int slot = 0; slot < 3; ++slot) {
          switch ((slot + round) % 3) {
            case 0:
              raw.push_back(raw_loop());
              break;
            case 1:
              ours.push_back(commbench_loop());
              break;
            default:
              raw_again.push_back(raw_loop());
              break;
          }
        }
      }
      const double raw_us = median_of(raw) * 1e6;
      const double ours_us = median_of(ours) * 1e6;
      const double again_us = median_of(raw_again) * 1e6;
      if (printer) {
        std::printf("  %-13s %10zu %6llu %10.3f %10.3f %10.3f %+9.3f %+8.2f%% %+8.2f%%\n", timing_mode_name(mode).c_str(),
                    bytes, static_cast<unsigned long long>(iterations), raw_us, ours_us, again_us, ours_us - raw_us,
                    100.0 * (ours_us - raw_us) / raw_us, 100.0 * (again_us - raw_us) / raw_us);
        std::fflush(stdout);
      }
    }
  }
}

}  // namespace
}  // namespace commbench

int main(int argc, char** argv) {
  commbench::MpiSession mpi(argc, argv);
  commbench::run(commbench::parse(argc, argv));
  return 0;
}
