#pragma once
// A training workload: what data-parallel training of one model asks of the fabric each
// step. The gradient-sync benchmark (`commbench gradsync`) reads its layers; the scaling
// analysis (`commbench scaling`, `commbench plan`) reads the rest. Given as a preset
// (workload_presets.hpp) or a JSON file; docs/WORKLOADS.md is the format and the presets'
// sources. SI base units in the data (seconds, FLOP/s); bytes per parameter from the dtype.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "collectives/dtype/dtype.hpp"

namespace commbench {

// A bad workload file or preset name: the message names the file and the field, and what is
// accepted. Callers report it as bad input (exit 2).
class WorkloadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One unit whose gradients become ready together in the backward pass (a transformer
// block, a ResNet stage's convolution, the embedding): the granularity of the emulated
// backward pass and of FSDP's units.
struct WorkloadLayer {
  std::string name;
  std::uint64_t parameters = 0;
};

// How the global batch grows with the GPU count: strong scaling keeps the global batch and
// divides it among the data-parallel ranks; weak scaling keeps each GPU's batch.
enum class BatchScaling { strong, weak };

// Per-step compute on one GPU, given one of two ways. Seconds per sample when measured;
// otherwise from FLOPs: flops_per_token (default 6 x parameters, forward and backward of a
// dense model: Kaplan et al. 2020) x tokens per sample / (peak_flops x mfu).
struct WorkloadCompute {
  std::optional<double> seconds_per_sample;
  std::optional<double> flops_per_token;  // empty: 6 x parameters
  double peak_flops = 0;                  // FLOP/s of one GPU in the training dtype (datasheet)
  double mfu = 0;                         // model FLOPs utilisation, 0 < mfu <= 1
  std::string source;                     // where the figures come from
};

struct Workload {
  std::string name;
  std::string description;
  std::string source;             // where the architecture figures come from (paper, model card)
  std::uint64_t parameters = 0;   // total; equals the sum of layers' parameters
  Dtype gradient_dtype = Dtype::bfloat16;
  std::vector<WorkloadLayer> layers;  // forward order, at least one
  std::uint64_t tokens_per_sample = 1;  // sequence length for language models; 1 for images
  std::uint64_t batch = 1;              // samples per step: global (strong) or per GPU (weak)
  BatchScaling scaling = BatchScaling::strong;
  WorkloadCompute compute;
  double backward_fraction = 2.0 / 3.0;  // share of a step's compute that is backward
  // The data-parallel sync: "ddp" (allreduce of gradients), "zero1", "zero2" (reduce-scatter
  // of gradients, all-gather of parameters), "zero3" or "fsdp" (all-gather before each
  // layer's forward and backward, reduce-scatter after its backward).
  std::string strategy = "ddp";
  std::uint64_t bucket_bytes = 25ull << 20;  // DDP's bucket_cap_mb default, 25 MiB
  double overlap_fraction = 1.0;  // share of the communication that can hide behind backward
  int tensor_parallel = 1;        // GPUs per model replica = tensor x pipeline parallel
  int pipeline_parallel = 1;
};

// Field by field (doubles compared exactly): a workload written and read back equals itself.
bool operator==(const WorkloadLayer& a, const WorkloadLayer& b);
bool operator!=(const WorkloadLayer& a, const WorkloadLayer& b);
bool operator==(const WorkloadCompute& a, const WorkloadCompute& b);
bool operator!=(const WorkloadCompute& a, const WorkloadCompute& b);
bool operator==(const Workload& a, const Workload& b);
bool operator!=(const Workload& a, const Workload& b);

// "strong" or "weak", as files write it; parse_batch_scaling is its inverse (empty if unknown).
std::string_view batch_scaling_name(BatchScaling scaling);
std::optional<BatchScaling> parse_batch_scaling(std::string_view name);

// Workload::strategy takes the names of gradsync_program.hpp's SyncStrategy.
// The floating-point types gradients may have (float8 on GPUs only), and their names for
// messages: "float16, bfloat16, float8_e4m3, float8_e5m2, float32, float64".
bool is_gradient_dtype(Dtype dtype);
std::string gradient_dtype_names_text();

// The physical ranges of the compute figures (docs/WORKLOADS.md, "Compute"). Wide enough for
// any GPU or CPU and any model trained today with room to spare, narrow enough that every
// product the analysis forms stays finite and no compute time rounds to 0:
//   peak_flops       1e9 (one CPU core) to 1e18 FLOP/s (a thousand times a B200's dense peak)
//   flops_per_token  1 to 1e18 FLOPs (6 x parameters of a model of 1.7e17 parameters)
//   seconds_per_sample, and the compute of one sample on one GPU however it is given
//                    (from FLOPs, and shared by tensor x pipeline parallel GPUs):
//                    1 ns to 86400 s (a day)
// The compute one rank emulates per step has its own, tighter bound (an hour,
// emulated_compute_limit.hpp): strong scaling divides a step among data-parallel ranks, so
// only the rank count of a run tells whether its step can be emulated.
inline constexpr double kMinPeakFlops = 1e9;
inline constexpr double kMaxPeakFlops = 1e18;
inline constexpr double kMinFlopsPerToken = 1;
inline constexpr double kMaxFlopsPerToken = 1e18;
inline constexpr double kMinSecondsPerSample = 1e-9;
inline constexpr double kMaxSecondsPerSample = 86400;

// Bytes of all gradients: parameters x the gradient dtype's size.
std::uint64_t gradient_bytes(const Workload& workload);

// Seconds of forward plus backward compute one GPU spends per step when data_parallel
// replicas share the work:
//   samples = batch / data_parallel (strong scaling; a real number, not rounded) or batch (weak)
//   seconds = samples x seconds_per_sample, when given; otherwise
//   seconds = samples x tokens_per_sample x flops_per_token / (peak_flops x mfu),
//             flops_per_token defaulting to 6 x parameters;
//   and divided by tensor_parallel x pipeline_parallel: one replica is that many GPUs, and
//   each does an equal share of the replica's work.
// Throws std::invalid_argument when data_parallel is 0, or when the workload cannot give a
// time (no seconds_per_sample and peak_flops x mfu not above 0, a parallel degree below 1).
double compute_seconds_per_step(const Workload& workload, std::uint64_t data_parallel);

// Seconds of forward plus backward compute of one sample on one GPU: compute_seconds_per_step's
// formula for one sample. Throws as compute_seconds_per_step.
double compute_seconds_per_sample(const Workload& workload);

// Why the workload's compute is outside the ranges above (one GPU's compute per sample not
// finite, below 1 ns or above a day), e.g. "the compute of one sample on one GPU, 6e+300 s,
// is more than 86400 s (accepted: ...)"; empty when it is inside. Throws as
// compute_seconds_per_step.
std::string compute_range_problem(const Workload& workload);

}  // namespace commbench
