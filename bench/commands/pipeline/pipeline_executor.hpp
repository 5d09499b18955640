#pragma once
// Runs one stage's plan (pipeline_schedule.hpp) for one step on a Backend: emulated compute
// for the passes, real point-to-point transfers of the activations and gradients between
// adjacent stages, and the host-clock start and end of every step of the plan.
#include <cstdint>
#include <vector>

#include "collectives/backend/backend.hpp"
#include "topology/training/pipeline_schedule.hpp"

namespace commbench {

// Start and end of each step of a plan, seconds from the step's start.
struct PlanTimes {
  std::vector<double> start_s;
  std::vector<double> end_s;
};

struct StageWork {
  const std::vector<PipelineStep>* plan = nullptr;
  PipelineShape shape;
  std::vector<int> stage_ranks;  // the backend rank of every stage of this rank's pipeline
  std::uint64_t bytes = 0;       // per message
  double pass_forward_s = 0;     // one chunk's forward (forward time / v)
  double pass_backward_s = 0;
  // rendezvous: each send is a blocking call (with the receive of the same step, one
  // exchange). buffered: each send is started (Backend::start_send) and completed by the end
  // of the step, as the plan's simulation assumed (the interleaved plans need it).
  SendCompletion sends = SendCompletion::rendezvous;
};

// Every rank of every pipeline calls it at once: a barrier on backend starts the step (the
// clock's zero), then the plan runs. outgoing and incoming hold at least bytes. A rank that
// must wait for its input waits for it (synchronize) before computing, and waits for its
// compute before sending (wait_for_compute), so that on a GPU too the host clock brackets
// what the device did.
PlanTimes run_stage_step(Backend& backend, const StageWork& work, Buffer& outgoing, Buffer& incoming);

}  // namespace commbench
