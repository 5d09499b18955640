// Benchmark (not a test): how long the scaling analysis of `commbench plan` takes, the
// figure behind "a plan from 8 to 16384 GPUs finishes in under one second" (docs/
// PERFORMANCE.md). For every workload preset it times the analysis `commbench plan --fabric
// FABRIC --workload W --gpus 8:16384` runs (modelled_series: each count's step program with
// per-bucket overlap on the event schedule, and the search for the lowest step), alone and
// with --compare-fabric, and prints the median and the slowest of --rounds rounds.
//
//   build/bin/plan_speed_benchmark [--rounds 9] [--fabric dgx-h100] [--compare ethernet-100g]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench/measure/statistics.hpp"
#include "topology/fabric_files/fabric_presets.hpp"
#include "topology/scaling/scaling_analysis.hpp"
#include "topology/workload/workload_presets.hpp"

namespace {

struct Options {
  int rounds = 9;
  std::string fabric = "dgx-h100";
  std::string compare = "ethernet-100g";
};

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--rounds") == 0) {
      options.rounds = std::max(1, std::atoi(argv[i + 1]));
    } else if (std::strcmp(argv[i], "--fabric") == 0) {
      options.fabric = argv[i + 1];
    } else if (std::strcmp(argv[i], "--compare") == 0) {
      options.compare = argv[i + 1];
    } else {
      std::fprintf(stderr, "plan_speed_benchmark: unknown flag %s (accepted: --rounds N, --fabric F, --compare F)\n",
                   argv[i]);
      std::exit(2);
    }
  }
  return options;
}

// Seconds of one plan: the analysis on each fabric, as plan_command.cpp runs it.
double time_plan(const commbench::Workload& workload, const std::vector<const commbench::Fabric*>& fabrics) {
  const std::vector<std::uint64_t> counts = commbench::doubling_gpu_counts(8, 16384);
  const auto start = std::chrono::steady_clock::now();
  std::size_t points = 0;
  for (const commbench::Fabric* fabric : fabrics) {
    points += commbench::modelled_series(workload, counts, *fabric, "", commbench::ScalingOptions{}).points.size();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (points != counts.size() * fabrics.size()) std::abort();  // the work must not be optimised away
  return seconds;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  const commbench::Fabric fabric = commbench::load_fabric_preset(options.fabric);
  const commbench::Fabric other = commbench::load_fabric_preset(options.compare);
  std::printf("# plan 8:16384 GPUs, %d rounds; milliseconds of analysis (median, max)\n", options.rounds);
  std::printf("# %-12s %10s %10s %22s %10s\n", "workload", options.fabric.c_str(), "max",
              (options.fabric + " vs " + options.compare).c_str(), "max");
  for (const std::string& name : commbench::workload_preset_names()) {
    const commbench::Workload workload = commbench::load_workload_preset(name);
    std::vector<double> alone;
    std::vector<double> compared;
    for (int round = 0; round < options.rounds; ++round) {
      alone.push_back(time_plan(workload, {&fabric}));
      compared.push_back(time_plan(workload, {&fabric, &other}));
    }
    std::printf("  %-12s %10.2f %10.2f %22.2f %10.2f\n", name.c_str(), commbench::median_of(alone) * 1e3,
                *std::max_element(alone.begin(), alone.end()) * 1e3, commbench::median_of(compared) * 1e3,
                *std::max_element(compared.begin(), compared.end()) * 1e3);
  }
  return 0;
}
