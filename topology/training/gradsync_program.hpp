#pragma once
// One data-parallel training step as a program: the emulated compute of each layer's
// forward and backward pass, and where each collective of the gradient synchronization is
// started and waited for. The gradient-sync benchmark executes it on a Backend; the model
// (step_simulation.hpp) replays it on a timeline. Both read the same program, so the
// measured and the predicted step are the same schedule. docs/MODELS.md describes each
// strategy with its source.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commbench {

// ddp: allreduce of gradient buckets (Li et al. 2020). zero1: reduce-scatter of the buckets
// after the backward pass, then all-gather of the updated parameters; zero2: the same with
// the reduce-scatters overlapping the backward pass (Rajbhandari et al. 2020). zero3 and
// fsdp: all-gather of each layer's parameters before its forward and its backward, reduce-
// scatter of its gradients after its backward (Rajbhandari et al. 2020; Zhao et al. 2023).
enum class SyncStrategy { ddp, zero1, zero2, zero3, fsdp };

std::optional<SyncStrategy> parse_sync_strategy(std::string_view name);
const char* sync_strategy_name(SyncStrategy strategy);
std::string sync_strategy_names_text();  // "ddp, zero1, zero2, zero3, fsdp"
// Bytes each rank sends per step with ring collectives, in units of the gradient bytes psi,
// as rank counts grow: 2 for ddp, zero1 and zero2, 3 for zero3 and fsdp.
double communication_volume_factor(SyncStrategy strategy);
// Whether the strategy's messages are reduce-scatters and all-gathers, whose regions are
// padded to a multiple of the rank count.
bool shards_across_ranks(SyncStrategy strategy);

// One collective of the step, on a region of the step's buffer.
struct SyncMessage {
  std::string collective;     // "allreduce", "reducescatter" or "allgather"
  std::string purpose;        // e.g. "gradient bucket 3", "parameters of layer 5 for forward"
  std::uint64_t offset = 0;   // first element of its region in the full buffer
  // Elements of the full region: the allreduce's count, the reduce-scatter's input, the
  // all-gather's output. A multiple of the rank count for reduce-scatter and all-gather,
  // whose per-rank block (shard) starts at offset / ranks in the shard buffer.
  std::uint64_t elements = 0;
  std::size_t layer = 0;      // fsdp: its layer; buckets: the layer whose backward completes it
};

enum class StepActionKind { forward, backward, start, wait };

struct StepAction {
  StepActionKind kind = StepActionKind::forward;
  std::size_t index = 0;  // the layer (forward, backward) or the message (start, wait)
  double seconds = 0;     // forward and backward only: the emulated compute
};

struct StepProgram {
  std::vector<SyncMessage> messages;  // the actions say when each starts
  std::vector<StepAction> actions;    // in program order; every message started once, waited once
  std::uint64_t buffer_elements = 0;  // the full buffer the regions lie in
};

struct GradsyncPlan {
  SyncStrategy strategy = SyncStrategy::ddp;
  // false: no communication starts before the backward pass has ended, and each collective
  // is waited for before the next starts (the comparison point for overlap).
  bool overlap = true;
  std::vector<std::uint64_t> layer_elements;  // forward order, each >= 1
  std::vector<double> forward_s;              // per layer, seconds
  std::vector<double> backward_s;
  std::uint64_t bucket_elements = 1;        // ddp, zero1, zero2
  std::uint64_t first_bucket_elements = 1;
  int ranks = 1;
};

// FSDP's size-based wrapping (size_based_auto_wrap_policy): consecutive layers merged into
// units of at least min_unit_elements, in forward order, with their compute summed; the
// last unit may be smaller. min_unit_elements of 1 keeps one unit per layer.
GradsyncPlan wrapped_in_units(const GradsyncPlan& plan, std::uint64_t min_unit_elements);

// Throws std::invalid_argument when the plan is inconsistent (sizes of the per-layer lists,
// zero elements, ranks < 1).
StepProgram gradsync_step_program(const GradsyncPlan& plan);

}  // namespace commbench
