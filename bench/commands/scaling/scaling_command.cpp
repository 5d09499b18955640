#include "bench/commands/scaling/scaling_command.hpp"

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <tuple>

#include "bench/measure/fabric_measurement.hpp"
#include "bench/run/error_line.hpp"
#include "bench/run/exit_codes.hpp"
#include "bench/run/memory_fit.hpp"
#include "bench/run/progressive_report_file.hpp"
#include "bench/run/rank_zero_work.hpp"
#include "bench/run/run_description.hpp"
#include "bench/run/usage_error.hpp"
#include "bench/sweep/case_runner.hpp"
#include "bench/workload/scaling_job.hpp"
#include "bench/workload/scaling_settings.hpp"
#include "bench/workload/shared_workload.hpp"
#include "collectives/backend/collective_spec.hpp"
#include "reports/console/scaling_table.hpp"
#include "reports/format/json_field_reader.hpp"
#include "reports/format/number_text.hpp"
#include "reports/format/text_join.hpp"
#include "reports/format/timestamp.hpp"
#include "topology/cost/cost_model.hpp"
#include "topology/cost/model_family.hpp"
#include "topology/discovery/host_map.hpp"

namespace commbench {
namespace {

// The order in which ranks join the measured groups: every rank of the first host, then of
// the second, ... (hosts filled first, as a job is placed); or the first rank of each host.
std::vector<int> joining_order(const HostMap& hosts, bool one_per_host) {
  std::vector<int> order;
  for (const HostRanks& host : hosts.hosts) {
    if (one_per_host) {
      order.push_back(host.ranks.front());
    } else {
      order.insert(order.end(), host.ranks.begin(), host.ranks.end());
    }
  }
  return order;
}

// 2, 4, 8, ... data-parallel ranks (times the model parallel degree) up to what the run has,
// and the whole run when that is not a doubling.
std::vector<std::uint64_t> measured_counts(std::uint64_t available, std::uint64_t model_parallel) {
  std::vector<std::uint64_t> counts;
  const std::uint64_t largest = available / model_parallel * model_parallel;
  for (std::uint64_t gpus = 2 * model_parallel; gpus <= largest; gpus *= 2) counts.push_back(gpus);
  if (!counts.empty() && counts.back() != largest) counts.push_back(largest);
  return counts;
}

using CaseKey = std::tuple<std::string, std::uint64_t, std::uint64_t>;  // collective, bytes, data-parallel ranks

// One count: its data-parallel group (every model_parallel-th rank of the first gpus in the
// joining order) runs each collective of a step as a case of the collective benchmark,
// verified then timed; the other ranks wait in an idle barrier, leaving the cores to the
// group. Every rank gets the results (they come from the group, which rank 0 is in).
std::vector<Result> measure_count(Backend& world, Backend& measured, const std::vector<int>& order, std::uint64_t gpus,
                                  std::uint64_t model_parallel, const std::vector<ScalingCollective>& collectives,
                                  Dtype dtype, const Config& config) {
  const auto position = static_cast<std::uint64_t>(
      std::find(order.begin(), order.end(), world.rank()) - order.begin());
  const bool member = position < gpus && position % model_parallel == 0;
  const std::unique_ptr<Backend> group = measured.split(member ? 0 : 1, static_cast<int>(position));
  std::vector<Result> results;
  if (member) {
    std::uint64_t largest = 1;
    for (const ScalingCollective& collective : collectives) largest = std::max(largest, collective.bytes);
    const auto send = group->allocate(largest);
    const auto recv = group->allocate(largest);
    for (const ScalingCollective& collective : collectives) {
      CaseSetup setup;
      setup.spec = find_collective_spec(collective.collective);
      setup.dtype = dtype;
      if (setup.spec->uses_op()) setup.op = ReduceOp::sum;
      setup.requested_bytes = collective.bytes;
      results.push_back(run_case(*group, SweepBuffers{*send, *recv}, setup, config));
    }
  }
  world.idle_barrier();
  return results;
}

// Rank 0's measured times as the analysis asks for them.
CollectiveCostFn measured_cost(const std::map<CaseKey, Result>& results) {
  return [&results](const std::string& collective, std::uint64_t bytes, std::uint64_t data_parallel) {
    const Result& result = results.at(CaseKey{collective, bytes, data_parallel});
    return CollectiveCost{result.time_s, result.algorithm, std::nullopt};
  };
}

// The fabric the extrapolation uses: --fabric, or the one this run measures (small sizes to
// 4 MiB: enough to fit latency and bandwidth, quick beside the collectives). Rank 0's; empty
// with the reason in notes when there is none to measure or it could not be fitted.
std::optional<Fabric> extrapolation_fabric(Backend& world, bool on_gpus, const Config& config, const Fabric* given,
                                           std::vector<std::string>& notes) {
  // Only rank 0 holds --fabric; every rank knows whether one was given.
  if (!config.model.fabric.empty()) return given != nullptr ? std::optional<Fabric>(*given) : std::nullopt;
  if (on_gpus) {
    // The fabric measurement runs over MPI on host memory: it would describe the hosts'
    // network, not the path between the GPUs the collectives were measured on.
    notes.push_back("no extrapolation: without --fabric only host memory's fabric can be measured, not the GPUs' "
                    "(give --fabric: a preset, or `commbench fit` of a collectives report of these GPUs)");
    return std::nullopt;
  }
  Config measurement = config;
  measurement.min_bytes = 8;
  measurement.max_bytes = 4ULL << 20;
  measurement.step_factor = 4;
  // A tier beyond the fit bound is extrapolated with all the same, and the notes say so: the
  // fabric is not written anywhere, and --fabric is the way to figures one trusts.
  if (world.rank() == 0) std::cout << "# No --fabric: measuring this run's fabric to extrapolate with" << std::endl;
  MeasuredFabric measured = measure_run_fabric(world, measurement, true);
  if (world.rank() != 0) return std::nullopt;
  for (const std::string& failure : measured.failures) notes.push_back("measured fabric: " + failure);
  for (const std::string& poor : measured.poor_fits) {
    notes.push_back("measured fabric: " + poor + "; extrapolated with all the same (give --fabric for figures you "
                    "trust)");
  }
  if (measured.fabric.tiers.empty()) {
    notes.push_back("no extrapolation: no tier of the measured fabric could be fitted");
    return std::nullopt;
  }
  measured.fabric.name = "measured-by-this-run";
  return measured.fabric;
}

}  // namespace

int run_scaling(ClusterRun& cluster) {
  Backend& world = cluster.world;
  Backend& measured = cluster.measured;
  const Config& config = cluster.config;
  const bool rank0 = world.rank() == 0;
  const ScalingSettings& settings = config.settings<ScalingSettings>();
  const auto [loaded, problem] = shared_workload(world, settings.workload);
  // Every rank holds the same workload and settings, so every rank refuses alike; rank 0 says it.
  const auto refuse = [rank0](const std::string& message) { return usage_error_everywhere(rank0, message); };
  if (!loaded) return refuse(problem);
  Workload workload;
  try {
    workload = scaling_workload(*loaded, settings);
  } catch (const UsageError& error) {
    return refuse(error.what());
  }
  if (dtype_is_float8(workload.gradient_dtype) && measured.name() == "mpi") {
    return refuse("scaling: " + std::string(dtype_name(workload.gradient_dtype)) +
                  " gradients: MPI has no 8-bit float type (accepted: --grad-dtype float16, bfloat16, float32 or "
                  "float64, or --backend nccl)");
  }
  const HostMap hosts = gather_host_map(world);
  const std::vector<int> order = joining_order(hosts, settings.one_per_host);
  const std::uint64_t model_parallel = model_parallel_of(workload);
  const std::vector<std::uint64_t> counts = measured_counts(order.size(), model_parallel);
  if (counts.empty()) {
    return refuse("scaling: " + std::to_string(order.size()) + (settings.one_per_host ? " host(s)" : " rank(s)") +
                  " cannot hold 2 data-parallel replicas of " + std::to_string(model_parallel) +
                  " GPUs (accepted: at least " + std::to_string(2 * model_parallel) +
                  (settings.one_per_host ? " hosts with --one-per-host" : " ranks") + ")");
  }
  const ScalingOptions options = scaling_options(settings);
  std::vector<std::vector<ScalingCollective>> collectives_of;
  std::uint64_t largest = 1;
  for (std::uint64_t gpus : counts) {
    collectives_of.push_back(step_collectives(workload, gpus, options));
    for (const ScalingCollective& collective : collectives_of.back()) largest = std::max(largest, collective.bytes);
  }
  // --algorithm is checked before anything is measured, not when the extrapolation needs it, in
  // the family that extrapolates: NCCL's on a GPU fabric, the MPI-style one on a measured fabric.
  const ModelFamily family = cluster.fabric != nullptr ? model_family_for(*cluster.fabric, "") : ModelFamily::mpi;
  for (const ScalingCollective& collective : collectives_of.front()) {
    if (settings.algorithm.empty()) break;
    const std::vector<std::string> algorithms = family_algorithms(family, collective.collective);
    if (std::find(algorithms.begin(), algorithms.end(), settings.algorithm) == algorithms.end()) {
      return refuse("--algorithm: '" + settings.algorithm + "' is not modelled for " + collective.collective +
                    ", which the " + workload.strategy + " step runs (accepted: " + joined(algorithms) + ")");
    }
  }
  if (const std::optional<double> available = memory_shortfall(world, measured, hosts, 2 * largest)) {
    return refuse("scaling: workload " + workload.name + " needs " +
                  formatted_number("%.3g", 2.0 * static_cast<double>(largest) / 1e9) +
                  " GB of buffers per rank (its largest collective, in and out), but a rank has only " +
                  formatted_number("%.3g", *available / 1e9) + " GB available " + memory_place(world, measured) +
                  " (accepted: a smaller --bucket-mb or --grad-dtype, or fewer ranks per host)");
  }

  ScalingReport report = scaling_report_base(config, workload);
  report.outcome = unfinished_outcome();
  report.meta = describe_run(hosts, measured, cluster.devices, cluster.argv);
  report.placement = settings.one_per_host ? "one-per-host" : "fill-hosts";
  ProgressiveReportFile<ScalingReport>* file = nullptr;
  if (rank0 && !config.report_path.empty()) {
    auto owned = std::make_unique<ProgressiveReportFile<ScalingReport>>(config.report_path);
    file = owned.get();
    cluster.printers.add(std::move(owned));
  }
  if (rank0) {
    std::cout << "# Scaling of " << workload.name << ": " << workload.strategy << " gradients of "
              << gradient_bytes(workload) / model_parallel << " B per GPU in " << dtype_name(workload.gradient_dtype)
              << ", measured on " << counts.front() << " to " << counts.back() << " ranks ("
              << report.placement << ")" << std::endl;
  }

  std::map<CaseKey, Result> results;
  bool failed = false;
  ScalingSeries measured_series;
  measured_series.source = "measured";
  for (std::size_t c = 0; c < counts.size(); ++c) {
    const std::uint64_t data_parallel = counts[c] / model_parallel;
    for (const Result& result : measure_count(world, measured, order, counts[c], model_parallel, collectives_of[c],
                                              workload.gradient_dtype, config)) {
      if (!rank0) continue;
      results[CaseKey{result.collective, result.bytes, data_parallel}] = result;
      report.wrong_total += result.wrong;
      failed = failed || result.status != ResultStatus::ok || result.wrong > 0;
      std::cout << "# " << counts[c] << " GPUs: " << result.collective << " " << result.bytes << " B: "
                << (result.status == ResultStatus::ok ? duration_text(result.time_s) : "failed: " + result.reason)
                << (result.wrong > 0 ? ", " + std::to_string(result.wrong) + " wrong elements" : "") << std::endl;
    }
    int any_failed = failed ? 1 : 0;
    world.broadcast(&any_failed, &any_failed, 1, Dtype::int32, {0});
    if (any_failed != 0) break;  // a time from a failed or wrong collective is no figure to scale by
    if (!rank0) continue;
    const std::vector<std::uint64_t> so_far(counts.begin(), counts.begin() + static_cast<std::ptrdiff_t>(c) + 1);
    measured_series = scaling_series(workload, so_far, measured_cost(results), options, "measured", "");
    for (ScalingPoint& point : measured_series.points) {
      for (ScalingCollective& collective : point.collectives) {
        collective.wrong = results.at(CaseKey{collective.collective, collective.bytes, point.data_parallel}).wrong;
      }
      for (std::uint64_t position = 0; position < point.gpus; position += model_parallel) {
        point.ranks.push_back(order[position]);
      }
    }
    report.measured = measured_series;
    if (file != nullptr) file->update(report);
  }

  int exit_code = failed ? kExitMeasurementFailure : kExitOk;
  world.broadcast(&exit_code, &exit_code, 1, Dtype::int32, {0});
  std::optional<Fabric> model_fabric;
  const bool on_gpus = &measured != &world;
  if (exit_code == kExitOk) model_fabric = extrapolation_fabric(world, on_gpus, config, cluster.fabric, report.notes);
  return run_on_rank_zero(world, [&] {
    if (model_fabric) {
      const std::vector<std::uint64_t> modelled_counts =
          doubling_gpu_counts(counts.front(), std::max(settings.max_gpus, counts.front()));
      try {
        report.predicted.push_back(modelled_series(workload, modelled_counts, *model_fabric, settings.algorithm, options));
        for (ScalingPoint& point : measured_series.points) {
          for (const ScalingPoint& modelled : report.predicted.front().points) {
            if (modelled.gpus == point.gpus) point.dominant_term = modelled.dominant_term;
          }
        }
        measured_series.fabric = model_fabric->name;
        measured_series.verdicts = scaling_verdicts(measured_series.points, workload.scaling, options.marginal_threshold);
        note_batch_limit(report, workload, modelled_counts.back());
      } catch (const ModelError& error) {
        report.notes.push_back(std::string("no extrapolation: ") + error.what());
      }
    }
    report.measured = measured_series;
    const bool priced = settings.price_per_gpu_hour.has_value();
    if (!measured_series.points.empty()) std::cout << scaling_series_text(measured_series, priced);
    for (const ScalingSeries& series : report.predicted) std::cout << scaling_series_text(series, priced);
    for (const std::string& note : report.notes) std::cout << "# Note: " << note << "\n";
    report.outcome = {RunStatus::complete, "none", ""};
    report.meta.end_time = utc_timestamp();
    return file != nullptr ? file->finish_and_say(report, exit_code) : exit_code;
  });
}

nlohmann::json scaling_command_settings_json(const Config& config) {
  nlohmann::json scaling = scaling_settings_json(config);
  scaling["one_per_host"] = config.settings<ScalingSettings>().one_per_host;
  scaling.update(measured_run_json(config));
  nlohmann::json json = command_json(config);
  json["scaling"] = scaling;
  return json;
}

}  // namespace commbench
