#include "bench/measure/fabric_measurement.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <iostream>
#include <optional>

#include "bench/measure/point_to_point_timing.hpp"
#include "bench/measure/statistics.hpp"
#include "bench/run/usage_error.hpp"
#include "reports/format/number_text.hpp"
#include "reports/format/timestamp.hpp"
#include "topology/cost/latency_bandwidth_fit.hpp"
#include "topology/discovery/host_map.hpp"

namespace commbench {
namespace {

// A tier the run can measure: two ranks that talk across it.
struct MeasuredTier {
  std::string name;
  std::string description;  // which ranks on which hosts
  int starter = 0;
  int responder = 0;
  std::uint64_t members = 0;
  std::uint64_t ranks_per_link = 1;  // written as ranks_per_nic
};

std::vector<MeasuredTier> measurable_tiers(const HostMap& hosts) {
  std::vector<MeasuredTier> tiers;
  std::uint64_t largest_host = 0;
  for (const HostRanks& host : hosts.hosts) largest_host = std::max<std::uint64_t>(largest_host, host.ranks.size());
  const HostRanks& first = hosts.hosts.front();
  if (first.ranks.size() >= 2) {
    tiers.push_back({"intra-host",
                     "ranks " + std::to_string(first.ranks[0]) + " and " + std::to_string(first.ranks[1]) + " on " +
                         first.name,
                     first.ranks[0], first.ranks[1], largest_host});
  }
  if (hosts.hosts.size() >= 2) {
    const HostRanks& second = hosts.hosts[1];
    tiers.push_back({"inter-host",
                     "rank " + std::to_string(first.ranks[0]) + " on " + first.name + " and rank " +
                         std::to_string(second.ranks[0]) + " on " + second.name,
                     first.ranks[0], second.ranks[0], hosts.hosts.size(), largest_host});
  }
  return tiers;
}

std::vector<std::uint64_t> measured_sizes(const Config& config) {
  std::vector<std::uint64_t> sizes;
  for (std::uint64_t bytes = config.min_bytes; bytes <= config.max_bytes; bytes *= config.step_factor) {
    sizes.push_back(bytes);
    if (bytes > config.max_bytes / config.step_factor) break;
  }
  return sizes;
}

// Every rank walks the same sizes; the tier's two ranks exchange, the starter keeps the
// medians. An exchange (both send at once), not a ping-pong, because that is what every step of
// the cost models' algorithms does: on a link whose two directions are not independent (TCP,
// whose acknowledgements queue behind the data coming the other way) a step of a collective
// sees the exchange's rate, not that of one direction alone. The other ranks wait in an idle
// barrier, so that on a shared host they leave the cores to the pair measuring. Returns the
// starter's points (empty elsewhere).
std::vector<TimedSize> measure_tier(Backend& world, const MeasuredTier& tier, const Config& config, Buffer& buffer) {
  std::vector<TimedSize> points;
  const int rank = world.rank();
  const bool takes_part = rank == tier.starter || rank == tier.responder;
  for (std::uint64_t bytes : measured_sizes(config)) {
    if (!takes_part) continue;
    const int peer = rank == tier.starter ? tier.responder : tier.starter;
    const PointToPointRun run{bytes, config.warmup_iterations, *config.iterations};
    std::vector<double> samples = exchange_times(world, peer, rank == tier.starter, buffer, run);
    if (rank != tier.starter) continue;
    points.push_back({bytes, median_of(samples)});
    std::cout << formatted_number("%14.0f", static_cast<double>(bytes))
              << formatted_number("%14.2f", points.back().time_s * 1e6)
              << formatted_number("%14.3f", static_cast<double>(bytes) / points.back().time_s / 1e9) << std::endl;
  }
  world.idle_barrier();
  return points;
}

FabricTier fitted_tier(const MeasuredTier& tier, const LatencyBandwidthFit& fit, const Config& config,
                       const std::optional<std::string>& poor_fit) {
  const std::string method =
      "measured by commbench fabric on " + utc_timestamp() + ": exchanges (both ranks send n bytes at once) between " +
      tier.description + ", " + std::to_string(fit.points) + " sizes " + std::to_string(config.min_bytes) + " B to " +
      std::to_string(config.max_bytes) + " B, median of " + std::to_string(*config.iterations) +
      " iterations each; t = alpha + n/B fitted per regime: " + fit.note +
      (poor_fit ? "; kept although " + *poor_fit : std::string()) +
      "; uncertainty: one standard error";
  FabricTier result;
  result.name = tier.name;
  result.members = tier.members;
  result.members_source = tier.name == "intra-host" ? "ranks on the largest host of the run" : "hosts of the run";
  result.link_bandwidth = {fit.bandwidth, "", method, fit.bandwidth_stderr};
  result.latency = {fit.latency_s, "", method, fit.latency_stderr_s};
  // One pair's exchange cannot see how many links a host has: one, shared by the host's ranks,
  // is what the description says (docs/FABRIC.md), so that an exchange of every rank gets a
  // share of it and a ring step, one rank of each host crossing, all of it.
  result.ranks_per_nic = tier.ranks_per_link;
  return result;
}

// How fast a rank combines two buffers (a += b, float32 sums) of the largest measured size,
// with every rank doing it at once, as they do in the steps of a reducing collective: the
// reduction_bandwidth of the cost models' gamma term (docs/MODELS.md). Each rank takes the
// median of its iterations; the slowest rank's figure counts, as it sets a collective's pace.
Quantity measure_reduction_bandwidth(Backend& world, const Config& config) {
  const std::size_t count = std::max<std::size_t>(1, config.max_bytes / dtype_size(Dtype::float32));
  const std::size_t bytes = count * dtype_size(Dtype::float32);
  const auto source = world.allocate(bytes);
  const auto target = world.allocate(bytes);
  // Zeros: a sum of zeros stays finite however many iterations run, at the same speed.
  std::memset(source->data(), 0, bytes);
  std::memset(target->data(), 0, bytes);
  for (std::uint64_t i = 0; i < config.warmup_iterations; ++i) {
    world.reduce_local(source->data(), target->data(), count, Dtype::float32, ReduceOp::sum);
  }
  std::vector<double> samples;
  for (std::uint64_t i = 0; i < *config.iterations; ++i) {
    world.barrier();
    const auto start = std::chrono::steady_clock::now();
    world.reduce_local(source->data(), target->data(), count, Dtype::float32, ReduceOp::sum);
    samples.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  double slowest = median_of(samples);
  world.host_allreduce(&slowest, 1, ReduceOp::max);
  const std::string method = "measured by commbench fabric on " + utc_timestamp() + ": float32 sums a += b of " +
                             std::to_string(bytes) + " B on every one of the " + std::to_string(world.size()) +
                             " ranks at once, median of " + std::to_string(*config.iterations) +
                             " iterations, the slowest rank's";
  return {static_cast<double>(bytes) / slowest, "", method, std::nullopt};
}

}  // namespace

MeasuredFabric measure_run_fabric(Backend& world, const Config& config, bool accept_poor_fit) {
  const HostMap hosts = gather_host_map(world);
  const bool rank0 = world.rank() == 0;
  const std::vector<MeasuredTier> tiers = measurable_tiers(hosts);
  if (tiers.empty()) {
    throw UsageError("measuring needs at least 2 ranks (got 1; accepted: mpirun -np 2 or more, or --preset NAME / "
                     "--fabric FILE to describe a fabric)");
  }
  MeasuredFabric measured;
  Fabric& fabric = measured.fabric;
  fabric.name = "measured";
  fabric.description = "Measured by commbench fabric over MPI on " + std::to_string(hosts.hosts.size()) + " host(s), " +
                       std::to_string(world.size()) + " ranks";
  // Only the ranks that measure need room for the largest message.
  const bool measures = std::any_of(tiers.begin(), tiers.end(), [&](const MeasuredTier& tier) {
    return world.rank() == tier.starter || world.rank() == tier.responder;
  });
  // What a rank sends, then where its peer's message lands.
  const auto buffer = world.allocate(measures ? 2 * config.max_bytes : 1);
  for (const MeasuredTier& tier : tiers) {
    if (rank0) {
      std::cout << "# Tier " << tier.name << ": " << tier.description << "\n"
                << "#        bytes  exchange (us)   bw (GB/s)" << std::endl;
    }
    const std::vector<TimedSize> points = measure_tier(world, tier, config, *buffer);
    if (!rank0) continue;
    for (const TimedSize& point : points) fabric.measurements.push_back({tier.name, point.bytes, point.time_s});
    try {
      const LatencyBandwidthFit fit = fit_latency_bandwidth(points);
      std::cout << "# " << tier.name << ": latency " << formatted_number("%.3f", fit.latency_s * 1e6) << " +- "
                << formatted_number("%.3f", fit.latency_stderr_s * 1e6) << " us, bandwidth "
                << formatted_number("%.4f", fit.bandwidth / 1e9) << " +- "
                << formatted_number("%.4f", fit.bandwidth_stderr / 1e9) << " GB/s, n1/2 "
                << formatted_number("%.0f", fit.half_bandwidth_bytes) << " B; " << fit.note << std::endl;
      const std::optional<std::string> poor = poor_fit_reason(fit);
      if (poor && !accept_poor_fit) {
        measured.failures.push_back("tier " + tier.name + " not written: " + *poor +
                                    " (accepted: points within the bound: more iterations or a quieter machine; or "
                                    "--accept-poor-fit to write the tier anyway)");
        continue;
      }
      if (poor) measured.poor_fits.push_back("tier " + tier.name + ": " + *poor);
      fabric.tiers.push_back(fitted_tier(tier, fit, config, poor));
    } catch (const FitError& error) {
      measured.failures.push_back("tier " + tier.name + " cannot be fitted: " + error.what());
    }
  }
  fabric.reduction_bandwidth = measure_reduction_bandwidth(world, config);
  if (rank0) {
    std::cout << "# reduction (a += b, float32, every rank at once): "
              << formatted_number("%.3f", fabric.reduction_bandwidth->value / 1e9) << " GB/s per rank" << std::endl;
  }
  return measured;
}

}  // namespace commbench
