#include "bench/app/command_table.hpp"

#include "bench/commands/fabric/fabric_command.hpp"
#include "bench/commands/fabric/fabric_flags.hpp"
#include "bench/commands/fit/fit_command.hpp"
#include "bench/commands/fit/fit_flags.hpp"
#include "bench/commands/gradsync/gradsync_command.hpp"
#include "bench/commands/gradsync/gradsync_flags.hpp"
#include "bench/commands/linkcheck/linkcheck_command.hpp"
#include "bench/commands/linkcheck/linkcheck_flags.hpp"
#include "bench/commands/pipeline/pipeline_command.hpp"
#include "bench/commands/pipeline/pipeline_flags.hpp"
#include "bench/commands/plan/plan_command.hpp"
#include "bench/commands/plan/plan_flags.hpp"
#include "bench/commands/predict/predict_command.hpp"
#include "bench/commands/predict/predict_flags.hpp"
#include "bench/commands/reports/compare_command.hpp"
#include "bench/commands/reports/gate_command.hpp"
#include "bench/commands/reports/report_command.hpp"
#include "bench/commands/reports/reports_flags.hpp"
#include "bench/commands/scaling/scaling_command.hpp"
#include "bench/commands/scaling/scaling_flags.hpp"
#include "bench/commands/topology/topology_command.hpp"
#include "bench/commands/topology/topology_flags.hpp"
#include "bench/sweep/sweep_command.hpp"
#include "bench/sweep/sweep_flags.hpp"

namespace commbench {
namespace {

bool always(const Config& /*config*/) { return true; }
bool never(const Config& /*config*/) { return false; }

// A command whose every run measures on the ranks together.
Command on_cluster(const char* name, const char* help, SettingsFromFlags (*flags)(CLI::App&),
                   int (*run)(ClusterRun&)) {
  return {name, help, flags, &always, run, nullptr};
}

// A command that reads files and computes on rank 0 alone.
Command on_rank_zero(const char* name, const char* help, SettingsFromFlags (*flags)(CLI::App&),
                     int (*run)(const RankZeroRun&)) {
  return {name, help, flags, &never, nullptr, run};
}

}  // namespace

const std::vector<Command>& command_table() {
  static const std::vector<Command> commands{
      on_cluster("allreduce", "All-reduce: every rank gets the reduction of every rank's buffer", &sweep_flags,
                 &run_sweep_command),
      on_cluster("allgather", "All-gather: every rank gets every rank's block", &sweep_flags, &run_sweep_command),
      on_cluster("reducescatter", "Reduce-scatter: rank r gets block r of the reduction", &sweep_flags,
                 &run_sweep_command),
      on_cluster("broadcast", "Broadcast: every rank gets the root's buffer", &sweep_flags, &run_sweep_command),
      on_cluster("reduce", "Reduce: the root gets the reduction of every rank's buffer", &sweep_flags,
                 &run_sweep_command),
      on_cluster("alltoall", "All-to-all: rank r sends its block j to rank j", &sweep_flags, &run_sweep_command),
      on_cluster("sendrecv", "Ring shift: each rank sends to rank+1 and receives from rank-1", &sweep_flags,
                 &run_sweep_command),
      on_cluster("all", "Every collective above in one run and one report", &sweep_flags, &run_sweep_command),
      on_cluster("topology",
                 "Where the ranks run: hosts, CPUs, NUMA, bindings, GPUs and their links, network devices",
                 &topology_flags, &run_topology),
      {"fabric", "Measure this fabric's latency and bandwidth per tier, or describe a preset or fabric file",
       &fabric_flags, &fabric_needs_cluster, &measure_fabric, &describe_fabric},
      on_cluster("linkcheck",
                 "Bandwidth and latency between every pair of hosts; flags slow links and suspect hosts",
                 &linkcheck_flags, &run_linkcheck),
      on_cluster("gradsync",
                 "Data-parallel training steps: bucketed gradient sync (ddp, zero, fsdp) overlapping an emulated "
                 "backward pass, measured and modelled",
                 &gradsync_flags, &run_gradsync),
      on_cluster("pipeline",
                 "Pipeline-parallel steps (gpipe, 1f1b, interleaved): stage-to-stage transfers, the bubble measured "
                 "and modelled",
                 &pipeline_flags, &run_pipeline),
      on_cluster("scaling",
                 "Scaling analysis: the workload's gradient sync measured on 2, 4, ... ranks and extrapolated: "
                 "where adding GPUs stops paying",
                 &scaling_flags, &run_scaling),
      on_rank_zero("plan",
                   "Capacity planning without a cluster: the scaling analysis from a fabric and a workload, "
                   "optionally two fabrics compared",
                   &plan_flags, &run_plan),
      on_rank_zero("predict",
                   "The collective table from the cost models alone, for a fabric without a cluster: time, algbw "
                   "and busbw per size, the algorithm and protocol the model assumes",
                   &predict_flags, &run_predict),
      on_rank_zero("report",
                   "Render reports as one self-contained HTML file with charts, as Markdown, or as Prometheus "
                   "metrics",
                   &report_flags, &run_report),
      on_rank_zero("compare",
                   "Compare two reports of the same kind, or a collectives report with a prediction, row by row: "
                   "ratios, regressions or shortfalls (exit 1), rows in one only",
                   &compare_flags, &run_compare),
      on_rank_zero("gate",
                   "Apply an acceptance spec to reports: a table of checks, JUnit XML, exit 1 when any fails",
                   &gate_flags, &run_gate),
      on_rank_zero("fit",
                   "Fit cost-model parameters (latency, bandwidth, reduction) with 95% intervals to a report or a "
                   "measured fabric, and write them as a fabric",
                   &fit_flags, &run_fit),
  };
  return commands;
}

const Command* find_command(const std::string& name) {
  for (const Command& command : command_table()) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

}  // namespace commbench
