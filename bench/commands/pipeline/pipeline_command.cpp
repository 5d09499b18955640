#include "bench/commands/pipeline/pipeline_command.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>

#include "bench/commands/pipeline/pipeline_analysis.hpp"
#include "bench/commands/pipeline/pipeline_executor.hpp"
#include "bench/commands/pipeline/pipeline_settings.hpp"
#include "bench/run/error_line.hpp"
#include "bench/run/exit_codes.hpp"
#include "bench/run/memory_fit.hpp"
#include "bench/run/progressive_report_file.hpp"
#include "bench/run/rank_zero_work.hpp"
#include "bench/run/run_description.hpp"
#include "bench/run/size_parse.hpp"
#include "reports/format/number_text.hpp"
#include "reports/format/timestamp.hpp"
#include "reports/model/pipeline_report.hpp"
#include "topology/discovery/host_map.hpp"
#include "topology/training/pipeline_model.hpp"
#include "topology/training/pipeline_placement.hpp"
#include "topology/training/pipeline_schedule.hpp"

namespace commbench {
namespace {

// Repetitions of each emulated duration when measuring the calibration error.
constexpr int kCalibrationRepetitions = 5;
// Buffers per rank: one outgoing and one incoming message (the emulated compute needs none).
constexpr std::uint64_t kBuffersPerRank = 2;

// One measured configuration of the run: a sweep's value, or the command line's.
struct RunPoint {
  int microbatches = 0;
  std::uint64_t activation_bytes = 0;
};

std::vector<RunPoint> run_points(const PipelineSettings& settings) {
  std::vector<RunPoint> points;
  if (settings.sweep == "none") return {{settings.microbatches, settings.activation_bytes}};
  for (const std::uint64_t value : sweep_sizes(settings.sweep_low, settings.sweep_high, 2, 0)) {
    if (settings.sweep == "microbatches") {
      // Interleaving needs m to be a multiple of S: the powers of two that are not are skipped.
      if (settings.schedule != "interleaved" || value % settings.stages == 0) {
        points.push_back({static_cast<int>(value), settings.activation_bytes});
      }
    } else {
      points.push_back({settings.microbatches, value});
    }
  }
  return points;
}

// gpipe and 1f1b run with blocking sends; the interleaved plans are free of deadlock only
// when a send need not wait for its receiver (pipeline_schedule.hpp, plan_problem).
SendCompletion send_completion(PipelineSchedule schedule) {
  return schedule == PipelineSchedule::interleaved ? SendCompletion::buffered : SendCompletion::rendezvous;
}

// Why this world cannot run the configuration (the same text on every rank), or empty.
std::string world_problem(Backend& world, const Backend& measured, const HostMap& hosts, const Config& config,
                          const std::vector<RunPoint>& points) {
  const PipelineSettings& settings = config.settings<PipelineSettings>();
  if (world.size() % settings.stages != 0) {
    return "--stages: " + std::to_string(settings.stages) + " does not divide the " + std::to_string(world.size()) +
           " ranks (accepted: a number of stages >= 2 that divides the number of ranks)";
  }
  // On one host no two stages can be on different hosts: measuring anyway would report
  // same-host transfers under a placement that promises network hops.
  if (settings.placement == kAcrossHostsPlacement && hosts.hosts.size() < 2) {
    return "--placement across-hosts: adjacent stages on different hosts need at least 2 hosts, and the " +
           std::to_string(world.size()) + " ranks run on " + std::to_string(hosts.hosts.size()) + " host (" +
           hosts.hosts.front().name + ") (accepted: --placement consecutive, or ranks on 2 or more hosts)";
  }
  if (settings.schedule == "interleaved" && measured.name() == "nccl") {
    return "--schedule interleaved: its stages send without waiting for the receiver (MPI_Isend), which the nccl "
           "backend cannot (accepted with --backend nccl: gpipe, 1f1b; or interleaved with --backend mpi)";
  }
  std::uint64_t largest = 0;
  for (const RunPoint& point : points) largest = std::max(largest, point.activation_bytes);
  const std::uint64_t needed = kBuffersPerRank * largest;
  if (const std::optional<double> available = memory_shortfall(world, measured, hosts, needed)) {
    const std::string flag = settings.sweep == "activation-bytes" ? "--sweep-activation-bytes" : "--activation-bytes";
    return flag + ": " + size_text(largest) + " needs " + size_text(needed) +
           " of buffers per rank (one outgoing, one incoming message), more than the " +
           size_text(static_cast<std::uint64_t>(*available)) + " a rank has available " +
           memory_place(world, measured) + " (accepted: a smaller size)";
  }
  return "";
}

std::vector<ComputeCalibration> calibrate(Backend& world, Backend& measured, const std::vector<double>& durations) {
  std::vector<ComputeCalibration> calibration;
  for (const double requested : durations) {
    measured.barrier();
    double total = 0;
    for (int repetition = 0; repetition < kCalibrationRepetitions; ++repetition) {
      const auto start = std::chrono::steady_clock::now();
      measured.emulate_compute(requested);
      measured.wait_for_compute();
      total += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    double achieved = total / kCalibrationRepetitions;
    world.host_allreduce(&achieved, 1, ReduceOp::max);
    calibration.push_back({requested, achieved, requested > 0 ? (achieved - requested) / requested : 0});
  }
  return calibration;
}

// Plan sizes differ between stages: each rank's steps are padded to the longest plan.
std::vector<std::vector<PlanTimes>> unpack_times(const std::vector<double>& everyone, std::size_t ranks,
                                                 std::size_t steps, std::size_t longest_plan,
                                                 const std::vector<std::size_t>& plan_size_of_rank) {
  const std::size_t per_step = 2 * longest_plan;
  std::vector<std::vector<PlanTimes>> times(ranks, std::vector<PlanTimes>(steps));
  for (std::size_t rank = 0; rank < ranks; ++rank) {
    for (std::size_t step = 0; step < steps; ++step) {
      const auto first = everyone.begin() + static_cast<std::ptrdiff_t>((rank * steps + step) * per_step);
      const auto size = static_cast<std::ptrdiff_t>(plan_size_of_rank[rank]);
      times[rank][step].start_s.assign(first, first + size);
      times[rank][step].end_s.assign(first + static_cast<std::ptrdiff_t>(longest_plan),
                                     first + static_cast<std::ptrdiff_t>(longest_plan) + size);
    }
  }
  return times;
}

std::string milliseconds(double seconds) { return formatted_number("%.3f", seconds * 1e3); }
std::string percent(double fraction) { return formatted_number("%.1f", fraction * 100); }

void print_header(std::ostream& out, const PipelineReport& report, const Config& config, int ranks) {
  out << "# commbench pipeline: " << report.schedule << ", " << report.stages << " stages x " << report.pipelines
      << " pipeline(s) on " << ranks << " ranks"
      << (report.chunks > 1 ? ", " + std::to_string(report.chunks) + " chunks per stage" : "") << "; forward "
      << milliseconds(report.forward_s) << " ms, backward " << milliseconds(report.backward_s)
      << " ms per micro-batch and stage; " << *config.iterations << " steps (+" << config.warmup_iterations
      << " warm-up), step time = max over ranks\n";
  out << "# Placement (" << report.placement_policy << "): " << report.placement_note << "\n";
  for (const PipelineStagePlacement& place : report.placement) {
    out << "#   pipeline " << place.pipeline << " stage " << place.stage << ": rank " << place.rank << " on "
        << place.host << "\n";
  }
  out << "# Emulated compute (requested -> achieved, max over ranks):";
  for (const ComputeCalibration& entry : report.calibration) {
    out << " " << milliseconds(entry.requested_s) << " -> " << milliseconds(entry.achieved_s) << " ms ("
        << formatted_number("%+.2f", entry.relative_error * 100) << "%)";
  }
  out << "\n# Model: " << (report.fabric.empty() ? "compute only (no --fabric: transfers not modelled)"
                                                   : "compute and transfers on fabric " + report.fabric)
      << "\n";
  out << "#  micro  activation   step med    step p95      model   error   bubble   bubble  exposed xfer   xfer med"
         "    xfer bw\n"
      << "# batches     (bytes)       (ms)        (ms)       (ms)     (%)  meas(%)  model(%)         (ms)       (ms)"
         "     (GB/s)\n";
  out.flush();
}

std::string run_line(const PipelineRun& run) {
  char line[320];
  std::snprintf(line, sizeof line, "%9d %11s %10s %11s %10s %7s %8s %9s %12s %10s %10s", run.microbatches,
                size_text(run.activation_bytes).c_str(), milliseconds(run.step.median).c_str(),
                milliseconds(run.step.p95).c_str(), milliseconds(run.model.step_s).c_str(),
                formatted_number("%+.1f", run.model.relative_error * 100).c_str(), percent(run.bubble_fraction).c_str(),
                percent(run.model.bubble_fraction).c_str(), milliseconds(run.exposed_transfer_s).c_str(),
                milliseconds(run.transfer_time_median_s).c_str(),
                formatted_number("%.3f", run.transfer_bandwidth_median / 1e9).c_str());
  return line;
}

void print_stages(std::ostream& out, const PipelineRun& run) {
  out << "#   per stage (mean per step): pipeline stage rank   busy (ms)  transfer (ms)  idle (ms)  bubble (%)\n";
  for (const PipelineStageTimes& stage : run.stages) {
    char line[200];
    std::snprintf(line, sizeof line, "#   %28d %5d %4d %11s %14s %10s %11s", stage.pipeline, stage.stage, stage.rank,
                  milliseconds(stage.busy_s).c_str(), milliseconds(stage.transfer_s).c_str(),
                  milliseconds(stage.idle_s).c_str(), percent(stage.bubble_fraction).c_str());
    out << line << "\n";
  }
}

// The sweep's verdict: the smallest m whose bubble is small while transfers stay hidden
// (micro-batch sweep), or the largest activation size whose transfers stay hidden.
std::string recommend(const PipelineReport& report) {
  const double bubble = report.recommendation_bubble_threshold;
  const double exposed = report.recommendation_exposed_threshold;
  const auto hidden = [exposed](const PipelineRun& run) {
    return run.step.median > 0 && run.exposed_transfer_s <= exposed * run.step.median;
  };
  const std::string criteria = "bubble fraction below " + percent(bubble) + "% and exposed transfer time below " +
                               percent(exposed) + "% of the step";
  if (report.sweep == "microbatches") {
    for (const PipelineRun& run : report.runs) {
      if (run.bubble_fraction < bubble && hidden(run)) {
        return "Use at least " + std::to_string(run.microbatches) + " micro-batches: the smallest count measured with " +
               criteria + " (measured bubble " + percent(run.bubble_fraction) + "%, exposed transfer " +
               milliseconds(run.exposed_transfer_s) + " ms of a " + milliseconds(run.step.median) + " ms step).";
      }
    }
    const PipelineRun& last = report.runs.back();
    return "No micro-batch count measured reaches " + criteria + ": at " + std::to_string(last.microbatches) +
           " the bubble is " + percent(last.bubble_fraction) + "% and exposed transfer " +
           milliseconds(last.exposed_transfer_s) + " ms of a " + milliseconds(last.step.median) + " ms step; " +
           (hidden(last) ? "more micro-batches would shrink the bubble further."
                         : "transfers are not hidden: smaller activations or a faster fabric would help.");
  }
  const PipelineRun* largest_hidden = nullptr;
  for (const PipelineRun& run : report.runs) {
    if (hidden(run)) largest_hidden = &run;
  }
  if (largest_hidden == nullptr) {
    return "Transfers are exposed at every activation size measured (exposed transfer above " + percent(exposed) +
           "% of the step from " + size_text(report.runs.front().activation_bytes) +
           " on): the fabric, not the bubble, bounds this pipeline.";
  }
  std::string text = "Transfers stay hidden (exposed below " + percent(exposed) + "% of the step) up to " +
                     size_text(largest_hidden->activation_bytes) + " activations";
  if (largest_hidden != &report.runs.back()) {
    const PipelineRun& next = *(largest_hidden + 1);
    text += "; from " + size_text(next.activation_bytes) + " on they add " + milliseconds(next.exposed_transfer_s) +
            " ms to a " + milliseconds(next.step.median) + " ms step";
  }
  return text + ". The bubble (" + percent(largest_hidden->bubble_fraction) +
         "% measured) is set by the micro-batch count, not by the activation size.";
}

}  // namespace

int run_pipeline(ClusterRun& cluster) {
  Backend& world = cluster.world;
  Backend& measured = cluster.measured;
  const Config& config = cluster.config;
  const PipelineSettings& settings = config.settings<PipelineSettings>();
  const bool rank0 = world.rank() == 0;
  const std::vector<RunPoint> points = run_points(settings);
  const HostMap hosts = gather_host_map(world);
  const std::string problem = world_problem(world, measured, hosts, config, points);
  if (!problem.empty()) return usage_error_everywhere(rank0, problem);
  const PipelineSchedule schedule = *parse_pipeline_schedule(settings.schedule);
  const std::vector<std::vector<int>> ranks = place_pipeline_stages(hosts, settings.stages, settings.placement);
  int my_pipeline = 0, my_stage = 0;
  for (std::size_t pipeline = 0; pipeline < ranks.size(); ++pipeline) {
    for (std::size_t stage = 0; stage < ranks[pipeline].size(); ++stage) {
      if (ranks[pipeline][stage] == world.rank()) {
        my_pipeline = static_cast<int>(pipeline);
        my_stage = static_cast<int>(stage);
      }
    }
  }

  PipelineReport report;
  report.meta = describe_run(hosts, measured, cluster.devices, cluster.argv);
  report.outcome = unfinished_outcome();
  report.config = config_to_json(config);
  report.schedule = settings.schedule;
  report.stages = settings.stages;
  report.pipelines = static_cast<int>(ranks.size());
  report.chunks = settings.chunks;
  report.forward_s = settings.forward_s;
  report.backward_s = settings.backward_s;
  report.placement_policy = settings.placement;
  report.placement_note =
      hosts.hosts.size() == 1
          ? "one host: every stage shares it, so consecutive and across-hosts place the stages alike"
          : (settings.placement == kAcrossHostsPlacement ? "adjacent stages on different hosts where the hosts allow"
                                                         : "adjacent stages on the same host where ranks are packed by host");
  for (std::size_t pipeline = 0; pipeline < ranks.size(); ++pipeline) {
    for (std::size_t stage = 0; stage < ranks[pipeline].size(); ++stage) {
      const int rank = ranks[pipeline][stage];
      report.placement.push_back({static_cast<int>(pipeline), static_cast<int>(stage), rank,
                                  hosts.hosts[hosts.host_of_rank[rank]].name});
    }
  }
  report.fabric = config.model.fabric;
  report.sweep = settings.sweep;
  const double pass_forward_s = settings.forward_s / settings.chunks;
  const double pass_backward_s = settings.backward_s / settings.chunks;
  report.calibration = calibrate(world, measured, {pass_forward_s, pass_backward_s});

  ProgressiveReportFile<PipelineReport>* file = nullptr;
  if (rank0) {
    print_header(std::cout, report, config, world.size());
    if (!config.report_path.empty()) {
      auto owned = std::make_unique<ProgressiveReportFile<PipelineReport>>(config.report_path);
      file = owned.get();
      cluster.printers.add(std::move(owned));
      file->update(report);
    }
  }

  std::uint64_t largest = 0;
  for (const RunPoint& point : points) largest = std::max(largest, point.activation_bytes);
  const auto outgoing = measured.allocate(largest);
  const auto incoming = measured.allocate(largest);
  for (const RunPoint& point : points) {
    const PipelineShape shape{settings.stages, point.microbatches, settings.chunks};
    std::vector<std::vector<PipelineStep>> plans;
    for (int stage = 0; stage < shape.stages; ++stage) plans.push_back(stage_plan(schedule, shape, stage));
    const SendCompletion sends = send_completion(schedule);
    const std::string infeasible = plan_problem(plans, shape, sends);
    if (!infeasible.empty()) throw std::logic_error("pipeline plan cannot run: " + infeasible);
    StageWork work{&plans[my_stage], shape, ranks[my_pipeline], point.activation_bytes, pass_forward_s,
                   pass_backward_s, sends};
    for (std::uint64_t step = 0; step < config.warmup_iterations; ++step) {
      run_stage_step(measured, work, *outgoing, *incoming);
    }
    std::vector<PlanTimes> mine;
    for (std::uint64_t step = 0; step < *config.iterations; ++step) {
      mine.push_back(run_stage_step(measured, work, *outgoing, *incoming));
    }
    // Gathered after the timed steps, outside them.
    std::size_t longest_plan = 0;
    for (const auto& plan : plans) longest_plan = std::max(longest_plan, plan.size());
    const std::size_t per_step = 2 * longest_plan;
    std::vector<double> flat(per_step * mine.size(), 0.0);
    for (std::size_t step = 0; step < mine.size(); ++step) {
      std::copy(mine[step].start_s.begin(), mine[step].start_s.end(), flat.begin() + step * per_step);
      std::copy(mine[step].end_s.begin(), mine[step].end_s.end(), flat.begin() + step * per_step + longest_plan);
    }
    std::vector<double> everyone(flat.size() * static_cast<std::size_t>(world.size()));
    world.allgather(flat.data(), everyone.data(), flat.size(), Dtype::float64);
    if (!rank0) continue;

    std::vector<std::size_t> plan_size_of_rank(static_cast<std::size_t>(world.size()));
    for (const auto& pipeline : ranks) {
      for (int stage = 0; stage < shape.stages; ++stage) plan_size_of_rank[pipeline[stage]] = plans[stage].size();
    }
    PipelineMeasurements measurements{schedule, shape, plans, ranks, {}, point.activation_bytes};
    measurements.times = unpack_times(everyone, static_cast<std::size_t>(world.size()), mine.size(), longest_plan,
                                      plan_size_of_rank);
    PipelineRun run = analyse_pipeline(measurements);
    double hop_s = 0;
    if (cluster.fabric != nullptr) {
      // The slowest hop between adjacent stages (the wrap from the last stage to the first too
      // when interleaved), since every micro-batch crosses each of them.
      for (const auto& pipeline : ranks) {
        for (int stage = 0; stage < shape.stages; ++stage) {
          const int next = stage + 1 < shape.stages ? stage + 1 : (shape.chunks > 1 ? 0 : -1);
          if (next < 0) continue;
          hop_s = std::max(hop_s, point_to_point_time(*cluster.fabric, config.backend, world.size(), pipeline[stage],
                                                      pipeline[next], point.activation_bytes));
        }
      }
    }
    const PipelineModelTerms terms =
        model_pipeline_step(schedule, shape, settings.forward_s, settings.backward_s, hop_s);
    PipelineModelPrediction& model = run.model;
    model.ideal_s = terms.ideal_s;
    model.bubble_s = terms.bubble_s;
    model.transfer_s = terms.transfer_s;
    model.compute_only_s = terms.compute_only_s;
    model.step_s = terms.step_s;
    model.bubble_fraction = terms.bubble_fraction;
    model.transfer_per_hop_s = hop_s;
    model.relative_error = run.step.median > 0 ? (terms.step_s - run.step.median) / run.step.median : 0;
    model.bubble_fraction_error = terms.bubble_fraction - run.bubble_fraction;
    run.exposed_transfer_s = std::max(0.0, run.step.median - terms.compute_only_s);
    std::cout << "  " << run_line(run) << "\n";
    if (points.size() == 1) print_stages(std::cout, run);
    std::cout.flush();
    report.runs.push_back(std::move(run));
    if (file != nullptr) file->update(report);
  }

  return run_on_rank_zero(world, [&] {
    if (report.sweep != "none") {
      report.recommendation = recommend(report);
      std::cout << "# Recommendation: " << report.recommendation << "\n";
    }
    report.meta.end_time = utc_timestamp();
    report.outcome = {RunStatus::complete, "none", ""};
    return file != nullptr ? file->finish_and_say(report, kExitOk) : kExitOk;
  });
}

nlohmann::json pipeline_settings_json(const Config& config) {
  nlohmann::json pipeline = config.settings<PipelineSettings>();
  pipeline.update(measured_run_json(config));
  pipeline["fabric"] = config.model.fabric;
  nlohmann::json json = command_json(config);
  json["pipeline"] = std::move(pipeline);
  return json;
}

}  // namespace commbench
