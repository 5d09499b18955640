#include "bench/commands/gradsync/gradsync_command.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <utility>

#include "bench/commands/gradsync/gradsync_settings.hpp"
#include "bench/commands/gradsync/gradsync_step.hpp"
#include "bench/measure/statistics.hpp"
#include "bench/run/error_line.hpp"
#include "bench/run/exit_codes.hpp"
#include "bench/run/memory_fit.hpp"
#include "bench/run/progressive_report_file.hpp"
#include "bench/run/rank_zero_work.hpp"
#include "bench/run/run_description.hpp"
#include "bench/workload/shared_workload.hpp"
#include "collectives/backend/emulated_compute_limit.hpp"
#include "reports/console/gradsync_table.hpp"
#include "reports/format/number_text.hpp"
#include "reports/format/timestamp.hpp"
#include "reports/model/gradsync_report.hpp"
#include "topology/cost/cost_model.hpp"
#include "topology/cost/model_family.hpp"
#include "topology/discovery/host_map.hpp"
#include "topology/training/gradsync_program.hpp"
#include "topology/training/step_simulation.hpp"
#include "topology/workload/workload_json.hpp"
#include "topology/workload/workload_plan.hpp"

namespace commbench {
namespace {

// What a run does once the workload is known and the command line has been applied to it.
struct GradsyncRun {
  Workload workload;
  SyncStrategy strategy = SyncStrategy::ddp;
  Dtype dtype = Dtype::bfloat16;
  double forward_s = 0;   // per step, all layers
  double backward_s = 0;
  bool compute_derived = false;  // from the workload's FLOPs or time per sample
  std::vector<std::uint64_t> bucket_bytes;
};

// The command line over the workload: --strategy, --grad-dtype, --bucket-mb, --fwd-ms and
// --bwd-ms when given, the workload's figures otherwise. A compute time given for one pass
// sets the other by the workload's backward fraction.
GradsyncRun resolve_run(const Workload& workload, const GradsyncSettings& settings, int ranks) {
  GradsyncRun run;
  run.workload = workload;
  run.strategy = *parse_sync_strategy(settings.strategy.value_or(workload.strategy));
  run.dtype = settings.gradient_dtype.value_or(workload.gradient_dtype);
  run.bucket_bytes = settings.bucket_bytes.empty() ? std::vector<std::uint64_t>{workload.bucket_bytes}
                                                   : settings.bucket_bytes;
  const double backward_share = workload.backward_fraction;
  if (settings.forward_s && settings.backward_s) {
    run.forward_s = *settings.forward_s;
    run.backward_s = *settings.backward_s;
  } else if (settings.backward_s) {
    run.backward_s = *settings.backward_s;
    run.forward_s = run.backward_s * (1 - backward_share) / backward_share;
  } else if (settings.forward_s) {
    run.forward_s = *settings.forward_s;
    run.backward_s = run.forward_s * backward_share / (1 - backward_share);
  } else {
    const double step = compute_seconds_per_step(workload, static_cast<std::uint64_t>(ranks));
    run.forward_s = step * (1 - backward_share);
    run.backward_s = step * backward_share;
    run.compute_derived = true;
  }
  return run;
}

// Why the step's compute cannot be emulated (more than emulated_compute_limit.hpp's hour, or
// not finite), naming where it came from; empty when it can. The same verdict on every rank.
std::string step_compute_problem(const GradsyncRun& run, const std::string& workload_name, int ranks) {
  const double step_s = run.forward_s + run.backward_s;
  if (is_emulable_compute(step_s)) return "";
  const std::string figures = "forward " + formatted_number("%.6g", run.forward_s) + " s + backward " +
                              formatted_number("%.6g", run.backward_s) + " s";
  const std::string accepted = " (accepted: " + emulable_compute_text() + " per step";
  if (!run.compute_derived) {
    return "--fwd-ms and --bwd-ms: " + figures + " of compute per step" + accepted +
           ", the two passes together)";
  }
  return "gradsync: workload " + workload_name + ": /compute gives " + figures + " per step for " +
         std::to_string(ranks) + " data-parallel ranks" + accepted +
         ": a smaller batch or compute per sample in the workload, or --fwd-ms and --bwd-ms)";
}

// One case's plan (topology/workload/workload_plan.hpp): the whole model on every rank.
GradsyncPlan case_plan(const GradsyncRun& run, const GradsyncSettings& settings, std::uint64_t bucket_bytes,
                       int ranks, bool overlap) {
  WorkloadStep step;
  step.strategy = run.strategy;
  step.dtype = run.dtype;
  step.bucket_bytes = bucket_bytes;
  step.first_bucket_bytes = settings.first_bucket_bytes;
  step.forward_s = run.forward_s;
  step.backward_s = run.backward_s;
  step.ranks = ranks;
  step.overlap = overlap;
  return workload_gradsync_plan(run.workload, step);
}

// What each rank sends per step with ring collectives: 2(n-1)/n of an allreduce's bytes,
// (n-1)/n of a reduce-scatter's or all-gather's.
double volume_bytes(const StepProgram& program, Dtype dtype, int ranks) {
  const double share = static_cast<double>(ranks - 1) / ranks;
  double bytes = 0;
  for (const SyncMessage& message : program.messages) {
    const double region = static_cast<double>(message.elements * dtype_size(dtype));
    bytes += (message.collective == "allreduce" ? 2 : 1) * share * region;
  }
  return bytes;
}

// The slowest rank's figures of one iteration, for each index.
std::vector<double> max_over_ranks(Backend& world, std::vector<double> values) {
  world.host_allreduce(values.data(), values.size(), ReduceOp::max);
  return values;
}


// Repeats measure() warm-up + timed times, each after a barrier; returns the timed samples
// (the slowest rank's) of each of its figures.
std::vector<std::vector<double>> timed_samples(Backend& world, Backend& measured, const Config& config,
                                               const std::function<std::vector<double>()>& measure) {
  std::vector<std::vector<double>> samples;
  const std::uint64_t total = config.warmup_iterations + *config.iterations;
  for (std::uint64_t iteration = 0; iteration < total; ++iteration) {
    measured.barrier();
    const std::vector<double> figures = max_over_ranks(world, measure());
    if (iteration < config.warmup_iterations) continue;
    samples.resize(figures.size());
    for (std::size_t i = 0; i < figures.size(); ++i) samples[i].push_back(figures[i]);
  }
  return samples;
}

// The report's view of a simulated step, held against the measured one.
GradsyncSchedule schedule_of(const SimulatedStep& simulated, const std::string& what, double measured_step,
                             double measured_exposed) {
  GradsyncSchedule schedule;
  schedule.durations = what;
  schedule.step_s = simulated.step_s;
  schedule.communication_s = simulated.communication_s;
  schedule.exposed_s = simulated.exposed_s;
  schedule.step_relative_error = (simulated.step_s - measured_step) / measured_step;
  if (measured_exposed > 0) schedule.exposed_relative_error = (simulated.exposed_s - measured_exposed) / measured_exposed;
  return schedule;
}

// One bucket size, measured: the outputs checked, the compute alone, each distinct
// collective alone (messages of the same kind and size take the same time), whole steps.
// With a fabric (rank 0), the cost model's schedule too; model_note says why it has none.
GradsyncCase measure_case(Backend& world, Backend& measured, const Config& config, const StepProgram& program,
                          const GradsyncRun& run, std::uint64_t bucket_bytes, const Fabric* fabric,
                          std::string& model_note) {
  GradsyncStep step(measured, program, run.dtype);
  const int ranks = measured.size();
  const std::size_t messages = program.messages.size();
  std::map<std::pair<std::string, std::uint64_t>, std::size_t> first_of_kind;
  for (std::size_t k = 0; k < messages; ++k) {
    first_of_kind.emplace(std::make_pair(program.messages[k].collective, program.messages[k].elements), k);
  }
  GradsyncCase row;
  row.bucket_bytes = bucket_bytes;
  row.first_bucket_bytes = config.settings<GradsyncSettings>().first_bucket_bytes;
  row.warmup_iterations = config.warmup_iterations;
  row.iterations = *config.iterations;

  double wrong = 0;
  for (const auto& [kind, k] : first_of_kind) wrong += static_cast<double>(step.check_message(k));
  world.host_allreduce(&wrong, 1, ReduceOp::sum);
  row.wrong = static_cast<std::uint64_t>(wrong);

  const auto compute = timed_samples(world, measured, config, [&] {
    const ComputeTimes times = step.run_compute_only();
    return std::vector<double>{times.forward_s, times.backward_s};
  });
  row.forward_s = median_of(compute[0]);
  row.backward_s = median_of(compute[1]);
  row.compute_s = row.forward_s + row.backward_s;

  std::vector<double> alone(messages, 0);
  for (const auto& [kind, k] : first_of_kind) {
    const double seconds = median_of(timed_samples(world, measured, config, [&, k = k] {
                                    return std::vector<double>{step.run_message_alone(k)};
                                  }).front());
    for (std::size_t other = 0; other < messages; ++other) {
      if (std::make_pair(program.messages[other].collective, program.messages[other].elements) == kind) {
        alone[other] = seconds;
      }
    }
  }

  const auto steps = timed_samples(world, measured, config, [&] {
    const auto start = std::chrono::steady_clock::now();
    std::vector<double> figures = step.run();
    figures.insert(figures.begin(), std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return figures;
  });
  row.step_stats_s = summarize_samples(steps[0]);
  row.step_s = row.step_stats_s.median;
  row.exposed_s = row.step_s - row.compute_s;
  row.communication_s = 0;
  for (double seconds : alone) row.communication_s += seconds;
  row.overlap = row.communication_s > 0
                    ? std::clamp((row.communication_s - row.exposed_s) / row.communication_s, 0.0, 1.0)
                    : 0.0;
  row.volume_bytes = volume_bytes(program, run.dtype, ranks);

  const SimulatedStep on_measured = simulate_step(program, alone);
  row.measured_schedule = schedule_of(on_measured, "measured alone", row.step_s, row.exposed_s);
  std::vector<double> predicted;
  if (fabric != nullptr) {
    try {
      for (const SyncMessage& message : program.messages) {
        // The library's own choice, as the model of the backend that ran predicts it.
        predicted.push_back(predict_case(model_family_for(*fabric, config.backend), message.collective, "", "",
                                         message.elements * dtype_size(run.dtype), ranks, *fabric)
                                .time_s);
      }
      row.predicted_schedule = schedule_of(simulate_step(program, predicted), "cost model on " + fabric->name,
                                           row.step_s, row.exposed_s);
    } catch (const ModelError& error) {
      // A case the fabric cannot hold: measured, without a prediction (the summary says why).
      predicted.clear();
      model_note = error.what();
    }
  }
  for (std::size_t k = 0; k < messages; ++k) {
    const SyncMessage& message = program.messages[k];
    GradsyncMessage record;
    record.collective = message.collective;
    record.purpose = message.purpose;
    record.bytes = message.elements * dtype_size(run.dtype);
    record.alone_s = alone[k];
    record.in_step_s = median_of(steps[k + 1]);
    record.ready_s = on_measured.messages[k].ready_s;
    if (!predicted.empty()) record.predicted_s = predicted[k];
    row.messages.push_back(record);
  }
  return row;
}

// The bucket size of the case with the least exposed communication, by get(case).
template <typename Exposed>
std::optional<std::uint64_t> least_exposed(const std::vector<GradsyncCase>& cases, Exposed get) {
  std::optional<std::uint64_t> best;
  double least = 0;
  for (const GradsyncCase& row : cases) {
    const std::optional<double> exposed = get(row);
    if (!exposed) continue;
    if (!best || *exposed < least) {
      best = row.bucket_bytes;
      least = *exposed;
    }
  }
  return best;
}

// Messages are listed one by one for a single case of few enough collectives to read.
constexpr std::size_t kMessagesListedAtMost = 48;

// Rank 0, after the last case: the best bucket sizes, the calibration error, the messages
// of a single case, the summary, and the final report. Returns the exit code.
int conclude(GradsyncReport& report, const GradsyncRun& run,
             ProgressiveReportFile<GradsyncReport>* file, bool modelled) {
  const GradsyncCase& first = report.cases.front();
  const double requested = run.forward_s + run.backward_s;
  report.compute_calibration_error = requested > 0 ? first.compute_s / requested - 1 : 0;
  report.best_bucket_bytes =
      least_exposed(report.cases, [](const GradsyncCase& row) { return std::optional<double>(row.exposed_s); });
  if (modelled) {
    report.predicted_best_bucket_bytes = least_exposed(report.cases, [](const GradsyncCase& row) {
      return row.predicted_schedule ? std::optional<double>(row.predicted_schedule->exposed_s) : std::nullopt;
    });
  }
  if (report.cases.size() == 1 && first.messages.size() <= kMessagesListedAtMost) {
    std::cout << gradsync_messages_text(first);
  }
  report.outcome = {RunStatus::complete, "none", ""};
  report.meta.end_time = utc_timestamp();
  std::cout << gradsync_summary_text(report);
  int exit_code = report.wrong_total > 0 ? kExitMeasurementFailure : kExitOk;
  return file != nullptr ? file->finish_and_say(report, exit_code) : exit_code;
}

}  // namespace

int run_gradsync(ClusterRun& cluster) {
  Backend& world = cluster.world;
  Backend& measured = cluster.measured;
  const Config& config = cluster.config;
  const GradsyncSettings& gradsync = config.settings<GradsyncSettings>();
  const bool rank0 = world.rank() == 0;
  const auto [workload, problem] = shared_workload(world, gradsync.workload);
  if (!workload) return usage_error_everywhere(rank0, problem);
  const int ranks = measured.size();
  const GradsyncRun run = resolve_run(*workload, gradsync, ranks);
  const std::string compute = step_compute_problem(run, workload->name, ranks);
  if (!compute.empty()) return usage_error_everywhere(rank0, compute);
  // Checked before any plan is built: --bucket-mb, --sweep-bucket and --grad-dtype change how
  // many buckets the gradients make, and a bucket too small for the workload makes a plan of
  // millions of collectives (the loader has held the file's own bucket_bytes to its dtype).
  const std::string bucket_source = gradsync.bucket_bytes.empty()
                                        ? "workload " + workload->name + ": bucket_bytes"
                                        : (gradsync.sweep ? "--sweep-bucket" : "--bucket-mb");
  for (const std::uint64_t bucket_bytes : run.bucket_bytes) {
    const std::string problem = bucket_size_problem(bucket_bytes, *workload, run.dtype);
    if (!problem.empty()) return usage_error_everywhere(rank0, bucket_source + ": " + problem);
  }
  // Every rank reaches the same verdict from the same workload and backend.
  std::optional<std::string> unsupported = measured.unsupported(run.dtype, true);
  if (dtype_is_float8(run.dtype) && measured.name() == "mpi") unsupported = "MPI has no 8-bit float type";
  if (unsupported) {
    return usage_error_everywhere(rank0, "gradsync: " + std::string(dtype_name(run.dtype)) + " gradients (workload " +
                                             workload->name + "): " + *unsupported +
                                             " (accepted: --grad-dtype float16, bfloat16, float32 or float64, or "
                                             "--backend nccl)");
  }
  std::vector<StepProgram> programs;
  std::uint64_t largest = 0;
  for (std::uint64_t bucket_bytes : run.bucket_bytes) {
    programs.push_back(gradsync_step_program(case_plan(run, gradsync, bucket_bytes, ranks, gradsync.overlap)));
    largest = std::max(largest, GradsyncStep::buffer_bytes(programs.back(), run.dtype, ranks));
  }
  const HostMap hosts = gather_host_map(world);
  if (const std::optional<double> available = memory_shortfall(world, measured, hosts, largest)) {
    return usage_error_everywhere(
        rank0, "gradsync: workload " + workload->name + " needs " +
                   formatted_number("%.3g", static_cast<double>(largest) / 1e9) +
                   " GB of buffers per rank (the gradients and their shards), but a rank has only " +
                   formatted_number("%.3g", *available / 1e9) + " GB available " + memory_place(world, measured) +
                   " (accepted: a workload whose gradients fit, a smaller --grad-dtype, or fewer ranks per host)");
  }

  GradsyncReport report;
  report.outcome = unfinished_outcome();
  report.meta = describe_run(hosts, measured, cluster.devices, cluster.argv);
  report.config = config_to_json(config);
  report.workload = workload_json(*workload);
  report.strategy = sync_strategy_name(run.strategy);
  report.overlap = gradsync.overlap;
  report.gradient_dtype = std::string(dtype_name(run.dtype));
  report.ranks = ranks;
  report.parameters = workload->parameters;
  report.gradient_bytes = workload->parameters * dtype_size(run.dtype);
  report.volume_factor = communication_volume_factor(run.strategy);
  report.requested_forward_s = run.forward_s;
  report.requested_backward_s = run.backward_s;
  report.fabric = cluster.fabric != nullptr ? cluster.fabric->name : "";
  if (run.compute_derived) {
    report.notes.push_back("compute per step derived from the workload for " + std::to_string(ranks) +
                           " data-parallel ranks (docs/WORKLOADS.md); --fwd-ms and --bwd-ms set it");
  }
  report.notes.push_back("collectives of the same kind and size are measured alone, and checked, once per case");

  ProgressiveReportFile<GradsyncReport>* file = nullptr;
  if (rank0) {
    if (!config.report_path.empty()) {
      auto owned = std::make_unique<ProgressiveReportFile<GradsyncReport>>(config.report_path);
      file = owned.get();
      cluster.printers.add(std::move(owned));
      file->update(report);
    }
    std::cout << gradsync_header_text(report) << std::flush;
  }
  for (std::size_t index = 0; index < programs.size(); ++index) {
    std::string model_note;
    GradsyncCase row = measure_case(world, measured, config, programs[index], run, run.bucket_bytes[index],
                                    rank0 ? cluster.fabric : nullptr, model_note);
    if (!model_note.empty() &&
        std::find(report.notes.begin(), report.notes.end(), "no prediction: " + model_note) == report.notes.end()) {
      report.notes.push_back("no prediction: " + model_note);
    }
    report.wrong_total += row.wrong;
    if (!rank0) continue;
    std::cout << gradsync_case_line(row) << std::flush;
    report.cases.push_back(std::move(row));
    if (file != nullptr) file->update(report);
  }
  return run_on_rank_zero(world, [&] { return conclude(report, run, file, cluster.fabric != nullptr); });
}

nlohmann::json gradsync_settings_json(const Config& config) {
  const GradsyncSettings& gradsync = config.settings<GradsyncSettings>();
  nlohmann::json json = command_json(config);
  json.update(nlohmann::json(gradsync));
  json["gradient_dtype"] =
      gradsync.gradient_dtype ? nlohmann::json(std::string(dtype_name(*gradsync.gradient_dtype))) : nlohmann::json(nullptr);
  json.update(measured_run_json(config));
  json["fabric"] = config.model.fabric;
  return json;
}

}  // namespace commbench
