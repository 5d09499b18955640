#pragma once
// Pipeline-parallel schedules as data (docs/MODELS.md, "Pipeline parallelism"): for every
// stage, the ordered forward and backward passes it runs, and the point-to-point messages
// between them. Pure functions; the executor (pipeline_executor.hpp) walks the plan with real
// transfers, and the unit tests check it (every pass once, dependencies feasible, no deadlock).
//
// Stages hold model chunks: with v chunks, stage s holds chunks s, s + S, ..., s + (v-1)S of
// the model's v*S "virtual stages" (Narayanan et al. 2021); v = 1 for gpipe and 1f1b.
#include <optional>
#include <string>
#include <vector>

namespace commbench {

enum class PipelineSchedule { gpipe, one_f_one_b, interleaved };

std::string pipeline_schedule_name(PipelineSchedule schedule);  // "gpipe", "1f1b", "interleaved"
std::optional<PipelineSchedule> parse_pipeline_schedule(const std::string& name);

struct PipelineShape {
  int stages = 2;        // S
  int microbatches = 1;  // m
  int chunks = 1;        // v: model chunks per stage (interleaved), 1 otherwise
};

enum class Pass { forward, backward };

// One pass of one micro-batch through one model chunk.
struct ComputeOp {
  Pass pass = Pass::forward;
  int microbatch = 0;
  int chunk = 0;  // the stage's chunk index, 0..v-1 (virtual stage chunk * S + stage)
};

// Activations travel forward (virtual stage k to k + 1), their gradients backward.
enum class Payload { activation, gradient };

// One message between two stages: what it carries, for which micro-batch, from which virtual
// stage to which (adjacent) one.
struct PipelineMessage {
  Payload payload = Payload::activation;
  int microbatch = 0;
  int from_virtual_stage = 0;
  int to_virtual_stage = 0;
};
bool operator==(const PipelineMessage& a, const PipelineMessage& b);

// A step of a stage's plan: a compute pass, or a communication call of at most one send and
// one receive issued together (Backend::exchange), as Megatron-LM groups them (the output of
// a pass goes out while the input of the next comes in) so that blocking transfers cannot
// deadlock.
struct PipelineStep {
  std::optional<ComputeOp> compute;  // a compute step when set
  std::optional<PipelineMessage> send;
  std::optional<PipelineMessage> receive;
};

// The passes stage runs, in order (every micro-batch's forward and backward once per chunk):
//   gpipe: all forwards in micro-batch order, then all backwards in reverse order.
//   1f1b (PipeDream-Flush): min(S - s - 1, m) warm-up forwards, then one forward and one
//     backward alternately, then the remaining backwards.
//   interleaved (Megatron-LM): (S - s - 1) * 2 + (v - 1) * S warm-up forwards (at most m*v),
//     then one forward one backward, then the remaining backwards; forward k runs chunk
//     (k / S) mod v of micro-batch (k / (S v)) S + k mod S, backward k chunk v - 1 - (k / S) mod v.
//     Needs m to be a multiple of S.
std::vector<ComputeOp> stage_passes(PipelineSchedule schedule, const PipelineShape& shape, int stage);

// The stage holding virtual stage k, and the virtual stage of a stage's chunk.
int stage_of_virtual(const PipelineShape& shape, int virtual_stage);
int virtual_stage_of(const PipelineShape& shape, int stage, int chunk);

// The message a pass needs before it can start, and the one it produces (none at the ends
// of the model).
std::optional<PipelineMessage> pass_input(const PipelineShape& shape, int stage, const ComputeOp& op);
std::optional<PipelineMessage> pass_output(const PipelineShape& shape, int stage, const ComputeOp& op);

// The stage's plan: its passes with the communication steps between them (receive the first
// input; after each pass, send its output together with receiving the next pass's input; send
// the last output).
std::vector<PipelineStep> stage_plan(PipelineSchedule schedule, const PipelineShape& shape, int stage);

// How a send completes: only once the receiver has posted its side (the worst case of MPI's
// rendezvous protocol, and NCCL), or at once into a buffer (MPI's eager protocol, small
// messages).
enum class SendCompletion { rendezvous, buffered };

// Why the plans of all stages cannot run with blocking transfers that complete as `sends`
// says, or where messages between a pair of stages would be matched out of order (NCCL
// matches in issue order); empty when they can. Simulated step by step, for the tests and as
// a guard before running. gpipe and 1f1b run under rendezvous; the interleaved plans need
// buffered sends (Megatron-LM posts up to two sends and two receives at once, which
// Backend::exchange cannot express): the executor starts their sends without waiting
// (Backend::start_send), see docs/MODELS.md.
std::string plan_problem(const std::vector<std::vector<PipelineStep>>& plans, const PipelineShape& shape,
                         SendCompletion sends = SendCompletion::rendezvous);

}  // namespace commbench
