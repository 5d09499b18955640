#pragma once
// The event-schedule model of a training step (docs/MODELS.md): a StepProgram replayed on
// two timelines, the compute of the host or GPU and one communication channel that runs
// collectives one at a time in the order they start. A collective k that becomes ready at
// r_k (where the program starts it) ends at e_k = max(r_k, e_{k-1}) + T_k, T_k its modelled
// duration; compute waits only where the program waits for a collective. For DDP the
// exposed communication is then e_K minus the end of the backward pass.
#include <vector>

#include "topology/training/gradsync_program.hpp"

namespace commbench {

struct SimulatedMessage {
  double ready_s = 0;  // where the program starts it
  double start_s = 0;  // when the channel takes it up
  double end_s = 0;
};

struct SimulatedStep {
  double forward_s = 0;        // compute, summed
  double backward_s = 0;
  double compute_s = 0;        // forward + backward
  double communication_s = 0;  // the collectives' durations, summed
  double step_s = 0;           // the last compute or collective to end
  double exposed_s = 0;        // step - compute: communication nothing hid
  double backward_end_s = 0;   // where the last backward compute ends
  std::vector<SimulatedMessage> messages;  // as in the program
};

// message_seconds[k] is the duration of program.messages[k]; throws std::invalid_argument
// when the counts differ or a message is waited for before it starts.
SimulatedStep simulate_step(const StepProgram& program, const std::vector<double>& message_seconds);

}  // namespace commbench
