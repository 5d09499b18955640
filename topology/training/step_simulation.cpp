#include "topology/training/step_simulation.hpp"

#include <algorithm>
#include <stdexcept>

namespace commbench {

SimulatedStep simulate_step(const StepProgram& program, const std::vector<double>& message_seconds) {
  if (message_seconds.size() != program.messages.size()) {
    throw std::invalid_argument("simulate_step: one duration per message");
  }
  SimulatedStep step;
  step.messages.resize(program.messages.size());
  std::vector<bool> started(program.messages.size(), false);
  double now = 0;           // the compute timeline
  double channel_free = 0;  // e_{k-1}: when the channel finishes the last collective started
  for (const StepAction& action : program.actions) {
    switch (action.kind) {
      case StepActionKind::forward:
      case StepActionKind::backward:
        now += action.seconds;
        (action.kind == StepActionKind::forward ? step.forward_s : step.backward_s) += action.seconds;
        if (action.kind == StepActionKind::backward) step.backward_end_s = now;
        break;
      case StepActionKind::start: {
        SimulatedMessage& message = step.messages.at(action.index);
        message.ready_s = now;
        message.start_s = std::max(now, channel_free);
        message.end_s = message.start_s + message_seconds[action.index];
        channel_free = message.end_s;
        started[action.index] = true;
        step.communication_s += message_seconds[action.index];
        break;
      }
      case StepActionKind::wait:
        if (!started.at(action.index)) throw std::invalid_argument("simulate_step: a message is waited for before it starts");
        now = std::max(now, step.messages[action.index].end_s);
        break;
    }
  }
  step.compute_s = step.forward_s + step.backward_s;
  step.step_s = std::max(now, channel_free);
  step.exposed_s = step.step_s - step.compute_s;
  return step;
}

}  // namespace commbench
