#include "bench/measure/point_to_point_timing.hpp"

#include <chrono>

#include "collectives/backend/memory_demand.hpp"

namespace commbench {
namespace {

using Clock = std::chrono::steady_clock;

// Runs exchange() warm-up + timed times; the starter records each timed one.
template <typename Exchange>
std::vector<double> timed_iterations(bool starts, const PointToPointRun& run, Exchange exchange) {
  for (std::uint64_t i = 0; i < run.warmup_iterations; ++i) exchange();
  std::vector<double> samples;
  if (starts) {
    with_memory_demand({"keeping the times of " + std::to_string(run.iterations) + " timed exchanges (-n/--iters)",
                        static_cast<double>(run.iterations) * sizeof(double), "lower -n/--iters"},
                       [&] { samples.reserve(run.iterations); });
  }
  for (std::uint64_t i = 0; i < run.iterations; ++i) {
    const auto start = Clock::now();
    exchange();
    if (starts) samples.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }
  return samples;
}

}  // namespace

std::vector<double> ping_pong_one_way_times(Backend& backend, int peer, bool starts, Buffer& buffer,
                                            const PointToPointRun& run) {
  void* data = buffer.data();
  std::vector<double> samples = timed_iterations(starts, run, [&] {
    if (starts) {
      backend.send(data, run.bytes, Dtype::uint8, peer);
      backend.recv(data, run.bytes, Dtype::uint8, peer);
    } else {
      backend.recv(data, run.bytes, Dtype::uint8, peer);
      backend.send(data, run.bytes, Dtype::uint8, peer);
    }
  });
  for (double& sample : samples) sample /= 2;
  return samples;
}

std::vector<double> one_direction_times(Backend& backend, int peer, bool starts, Buffer& buffer,
                                        const PointToPointRun& run) {
  void* data = buffer.data();
  unsigned char acknowledgement = 0;
  return timed_iterations(starts, run, [&] {
    if (starts) {
      backend.send(data, run.bytes, Dtype::uint8, peer);
      backend.recv(&acknowledgement, 1, Dtype::uint8, peer);
    } else {
      backend.recv(data, run.bytes, Dtype::uint8, peer);
      backend.send(&acknowledgement, 1, Dtype::uint8, peer);
    }
  });
}

std::vector<double> exchange_times(Backend& backend, int peer, bool starts, Buffer& buffer,
                                   const PointToPointRun& run) {
  unsigned char* data = static_cast<unsigned char*>(buffer.data());
  return timed_iterations(starts, run, [&] {
    backend.exchange(data, run.bytes, peer, data + run.bytes, run.bytes, peer, Dtype::uint8);
  });
}

}  // namespace commbench
