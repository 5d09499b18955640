#pragma once
// Everything a run was asked to do, filled once from the command line (bench/app/cli.cpp) and
// passed down; nothing else holds settings.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bench/run/progress_display.hpp"
#include "collectives/backend/collective_spec.hpp"
#include "collectives/dtype/dtype.hpp"
#include "collectives/dtype/reduce_op.hpp"

namespace commbench {

enum class TimingMode { per_iteration, back_to_back };

// Test-only: the rank that stops responding, and at which case (1 = the first case run).
struct InjectedStall {
  int rank = 0;
  std::uint64_t case_number = 1;
};

// `commbench linkcheck`: point-to-point checks between every pair of hosts.
struct LinkcheckSettings {
  std::uint64_t bandwidth_bytes = 4ULL << 20;  // large enough that latency is a few percent at most
  std::uint64_t latency_bytes = 8;
  double outlier_fraction = 0.8;  // flag links below this fraction of the median bandwidth
  // Flag links above this multiple of the median latency. Looser than the bandwidth's
  // fraction: small-message latency varies more from run to run than bandwidth does.
  double latency_factor = 2.0;
  bool intra_host = false;        // also every pair of ranks within each host
};

// `commbench fabric`: describe a preset or a fabric file, or (neither given) measure.
struct FabricSettings {
  std::string preset;       // a preset's name
  std::string file;         // a fabric file to check and describe
  std::uint64_t nodes = 0;  // with a preset or file: members of the outermost tier; 0 = as written
  // Measuring: write a tier whose fit is beyond kPoorFitBound (latency_bandwidth_fit.hpp)
  // rather than refusing it.
  bool accept_poor_fit = false;
};

// A sweep's cost model (docs/MODELS.md): the fabric its predictions come from.
struct ModelSettings {
  std::string fabric;               // a fabric file or a preset's name; empty: no predictions
  double shortfall_fraction = 0.8;  // report sizes whose busbw is below this fraction of the model's
};

// `commbench fit`: cost-model parameters fitted to a report or a measured fabric.
struct FitSettings {
  std::string input;                        // the collectives report or fabric file to fit
  std::string fabric;                       // --fabric: the GPU fabric an NCCL report's runs calibrate
  std::uint64_t bootstrap_resamples = 1000; // for the 95% intervals; 0: none
  std::uint64_t seed = 1;                   // the bootstrap's resampling is reproducible
};

// `commbench gradsync`: data-parallel steps with bucketed, overlapped gradient sync.
// Empty optionals take the workload's figures (docs/WORKLOADS.md).
struct GradsyncSettings {
  std::string workload;                        // a preset's name or a workload file
  std::optional<std::string> strategy;         // ddp, zero1, zero2, zero3, fsdp
  std::vector<std::uint64_t> bucket_bytes;     // one per case: --bucket-mb, or --sweep-bucket's sizes
  std::uint64_t first_bucket_bytes = 1ULL << 20;  // PyTorch DDP's first bucket
  std::optional<Dtype> gradient_dtype;
  std::optional<double> forward_s;             // per step, all layers
  std::optional<double> backward_s;
  bool overlap = true;                         // false: --no-overlap
  bool sweep = false;                          // --sweep-bucket: report the best bucket size
};

// `commbench pipeline`: pipeline-parallel steps (bench/commands/pipeline/pipeline_command.hpp, docs/MODELS.md).
struct PipelineSettings {
  int stages = 2;                       // S: stages per pipeline; divides the ranks
  int microbatches = 8;                 // m
  std::uint64_t activation_bytes = 1ULL << 20;  // per micro-batch, each way between adjacent stages
  double forward_s = 0.002;             // emulated forward of one micro-batch on one stage
  double backward_s = 0.004;
  std::string schedule = "1f1b";        // gpipe, 1f1b, interleaved
  int chunks = 1;                       // v: model chunks per stage (interleaved; 2 when not given)
  std::string placement = "consecutive";  // or "across-hosts"
  std::string sweep = "none";           // "none", "microbatches" or "activation-bytes"
  std::uint64_t sweep_low = 0;          // the sweep's range, inclusive, by factors of 2
  std::uint64_t sweep_high = 0;
};

// `commbench scaling` (measured, then extrapolated) and `commbench plan` (the cost model
// alone): where adding GPUs stops paying for a workload (topology/scaling/scaling_analysis.hpp).
// Empty optionals take the workload's figures (docs/WORKLOADS.md).
struct ScalingSettings {
  std::string workload;                       // a preset's name or a workload file
  std::optional<std::uint64_t> global_batch;  // strong scaling with this global batch
  std::optional<std::uint64_t> per_gpu_batch; // weak scaling with this batch per data-parallel rank
  std::optional<std::string> strategy;        // ddp, zero1, zero2, zero3, fsdp
  std::optional<std::uint64_t> bucket_bytes;
  std::uint64_t first_bucket_bytes = 1ULL << 20;
  std::optional<Dtype> gradient_dtype;
  std::optional<double> overlap_fraction;
  std::optional<int> tensor_parallel;
  std::optional<int> pipeline_parallel;
  // plan: the GPU counts analysed, MIN, 2 MIN, ... up to MAX. scaling: measured from 2 up to
  // the ranks of the run, modelled up to max_gpus.
  std::uint64_t min_gpus = 8;
  std::uint64_t max_gpus = 16384;
  double marginal_threshold = 0.5;            // share of the ideal gain of a doubling
  std::optional<double> price_per_gpu_hour;
  std::string algorithm;                      // the modelled algorithm; empty: the fastest
  std::string compare_fabric;                 // plan: a second fabric to compare with
  bool one_per_host = false;                  // scaling: one rank per host instead of filling hosts
};

// `commbench predict`: a sweep of collectives from the cost models alone (bench/commands/predict/predict_command.hpp),
// on model.fabric, over the sizes of min_bytes ... max_bytes.
struct PredictSettings {
  std::string collective;                      // a collective's name, or "all"
  std::optional<std::uint64_t> nodes;          // the outermost tier's members; empty: the fabric's own
  std::optional<std::uint64_t> gpus_per_node;  // members of the innermost tier used; empty: all
  std::string algorithm = "native";            // "native", an algorithm of the model family, or "all"
  std::string protocol;                        // NCCL's: "" (NCCL picks), a protocol's name, or "all"
};

// `commbench report`, `compare` and `gate`: they read reports (reports/load/report_loader.hpp) and
// measure nothing; under mpirun rank 0 does the work.
struct ReportReadingSettings {
  std::vector<std::string> inputs;  // report and gate: the reports; compare: baseline, then candidate
  std::string output;               // report: -o (written whole or not at all); empty: standard output
  std::string format;               // report: "html", "markdown" or "prometheus"
  std::string spec;                 // gate, and report --format prometheus: the acceptance spec
  std::string junit;                // gate: the JUnit XML file; empty: none
  double threshold = 0.05;          // compare: a change worse than this fraction is a regression
  std::uint64_t min_bytes = 1ULL << 20;     // compare: busbw is checked from this size up
  std::optional<double> latency_threshold;  // compare: also check times below min_bytes
};

// Subcommands that are not collective sweeps.
inline constexpr const char* kTopologyCommand = "topology";
inline constexpr const char* kFabricCommand = "fabric";
inline constexpr const char* kLinkcheckCommand = "linkcheck";
inline constexpr const char* kFitCommand = "fit";
inline constexpr const char* kGradsyncCommand = "gradsync";
inline constexpr const char* kPipelineCommand = "pipeline";
inline constexpr const char* kScalingCommand = "scaling";
inline constexpr const char* kPlanCommand = "plan";
inline constexpr const char* kPredictCommand = "predict";
inline constexpr const char* kReportCommand = "report";
inline constexpr const char* kCompareCommand = "compare";
inline constexpr const char* kGateCommand = "gate";

struct Config;

// The configuration as a command records it in its report and every rank's digest covers it:
// the settings it uses. Each command's own (set by its flags); command_json when null.
using SettingsJson = nlohmann::json (*)(const Config& config);

struct Config {
  // The subcommand: a collective's name, "all", or one of the commands above.
  std::string command;
  SettingsJson settings_json = nullptr;
  std::vector<const CollectiveSpec*> collectives;  // empty for the commands above
  std::string backend = "mpi";   // "mpi" or "nccl"
  std::string device = "host";   // where the buffers live: "host" or "cuda"
  bool cuda_graph = false;       // -G: time the replay of a CUDA graph of the iterations
  bool nccl_register = false;    // register the buffers with NCCL (ncclCommRegister)
  std::uint64_t min_bytes = 8;
  std::uint64_t max_bytes = 32ULL << 20;
  std::uint64_t step_factor = 2;
  std::uint64_t step_bytes = 0;  // > 0: additive steps instead of the factor
  std::optional<std::uint64_t> iterations = 20;  // empty: -n auto
  std::uint64_t warmup_iterations = 5;
  std::uint64_t check_iterations = 1;
  std::vector<Dtype> dtypes{Dtype::float32};
  std::vector<ReduceOp> ops{ReduceOp::sum};
  std::vector<int> roots{0};  // filled in for "-r all" once the world size is known
  // --algo: "native" (the library's own choice) and explicit algorithms over point-to-point
  // (collectives/algorithms/explicit_algorithms.hpp); each collective runs those it has.
  std::vector<std::string> algorithms{"native"};
  ModelSettings model;
  bool all_roots = false;
  bool out_of_place = true;
  bool in_place = true;
  TimingMode timing = TimingMode::per_iteration;
  // Rank 0's progress line on standard error during a sweep (bench/run/progress_display.hpp).
  // Display only: not part of the configuration every rank must share or the report keeps.
  ProgressMode progress = ProgressMode::automatic;
  double auto_budget_s = 1.0;
  double auto_precision = 0.01;
  std::uint64_t avg_min_bytes = 1ULL << 20;
  std::string report_path;  // empty: no JSON report
  // An operation that makes no progress for this long ends the run as timed out. Longer than
  // any single operation of a working fabric at the sizes the suite sweeps, short enough
  // that a hung CI job ends in minutes, not at the scheduler's limit.
  double timeout_s = 300;
  int inject_corruption_rank = -1;  // test-only: corrupt one output element on this rank
  std::optional<InjectedStall> inject_stall;  // test-only
  // Test-only: appended to this rank's build identity, as if it ran another build. Not part
  // of the configuration (config_to_json), which every rank must share.
  std::string inject_build_label;
  LinkcheckSettings linkcheck;  // used by linkcheck only
  FabricSettings fabric;        // used by fabric only
  FitSettings fit;              // used by fit only
  GradsyncSettings gradsync;    // used by gradsync only
  PipelineSettings pipeline;    // used by pipeline only (with model.fabric, backend, device)
  ScalingSettings scaling;      // used by scaling and plan (with model.fabric)
  PredictSettings predict;      // used by predict (with model.fabric and the sizes)
  ReportReadingSettings reading;  // used by report, compare and gate
};

std::string timing_mode_name(TimingMode mode);

// True for the collective sweeps (a collective's name or "all").
bool is_sweep_command(const Config& config);

// The configuration as recorded in the report: the settings the command uses
// (config.settings_json).
nlohmann::json config_to_json(const Config& config);

// What every command records: its name, the report path and the timeout. Each command's
// settings_json adds its own settings to it.
nlohmann::json command_json(const Config& config);

// An optional setting as recorded: its value, or null.
template <typename Value>
nlohmann::json optional_json(const std::optional<Value>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace commbench
