#include "topology/training/pipeline_schedule.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <utility>

namespace commbench {

std::string pipeline_schedule_name(PipelineSchedule schedule) {
  switch (schedule) {
    case PipelineSchedule::gpipe: return "gpipe";
    case PipelineSchedule::one_f_one_b: return "1f1b";
    case PipelineSchedule::interleaved: return "interleaved";
  }
  return "unknown";
}

std::optional<PipelineSchedule> parse_pipeline_schedule(const std::string& name) {
  for (PipelineSchedule schedule :
       {PipelineSchedule::gpipe, PipelineSchedule::one_f_one_b, PipelineSchedule::interleaved}) {
    if (pipeline_schedule_name(schedule) == name) return schedule;
  }
  return std::nullopt;
}

bool operator==(const PipelineMessage& a, const PipelineMessage& b) {
  return a.payload == b.payload && a.microbatch == b.microbatch && a.from_virtual_stage == b.from_virtual_stage &&
         a.to_virtual_stage == b.to_virtual_stage;
}

namespace {

std::vector<ComputeOp> gpipe_passes(const PipelineShape& shape) {
  std::vector<ComputeOp> passes;
  for (int mb = 0; mb < shape.microbatches; ++mb) passes.push_back({Pass::forward, mb, 0});
  // The last stage turns the last micro-batch around at once.
  for (int mb = shape.microbatches - 1; mb >= 0; --mb) passes.push_back({Pass::backward, mb, 0});
  return passes;
}

// Warm-up forwards, then one forward and one backward alternately, then the backwards left:
// 1F1B and its interleaved form differ only in the warm-up count and in which chunk and
// micro-batch the k-th forward and backward are.
template <typename Forward, typename Backward>
std::vector<ComputeOp> one_forward_one_backward(int total, int warmup, Forward forward, Backward backward) {
  std::vector<ComputeOp> passes;
  for (int k = 0; k < warmup; ++k) passes.push_back(forward(k));
  for (int k = 0; k < total - warmup; ++k) {
    passes.push_back(forward(warmup + k));
    passes.push_back(backward(k));
  }
  for (int k = total - warmup; k < total; ++k) passes.push_back(backward(k));
  return passes;
}

}  // namespace

std::vector<ComputeOp> stage_passes(PipelineSchedule schedule, const PipelineShape& shape, int stage) {
  const int S = shape.stages;
  const int m = shape.microbatches;
  switch (schedule) {
    case PipelineSchedule::gpipe: return gpipe_passes(shape);
    case PipelineSchedule::one_f_one_b: {
      const auto pass = [](Pass direction) { return [direction](int k) { return ComputeOp{direction, k, 0}; }; };
      return one_forward_one_backward(m, std::min(S - stage - 1, m), pass(Pass::forward), pass(Pass::backward));
    }
    case PipelineSchedule::interleaved: {
      const int v = shape.chunks;
      if (m % S != 0) throw std::invalid_argument("interleaved schedule: micro-batches must be a multiple of stages");
      const auto microbatch = [S, v](int k) { return (k / (S * v)) * S + k % S; };
      const auto forward = [=](int k) { return ComputeOp{Pass::forward, microbatch(k), (k / S) % v}; };
      const auto backward = [=](int k) { return ComputeOp{Pass::backward, microbatch(k), v - 1 - (k / S) % v}; };
      const int total = m * v;
      return one_forward_one_backward(total, std::min((S - stage - 1) * 2 + (v - 1) * S, total), forward, backward);
    }
  }
  return {};
}

int stage_of_virtual(const PipelineShape& shape, int virtual_stage) { return virtual_stage % shape.stages; }

int virtual_stage_of(const PipelineShape& shape, int stage, int chunk) { return chunk * shape.stages + stage; }

std::optional<PipelineMessage> pass_input(const PipelineShape& shape, int stage, const ComputeOp& op) {
  const int here = virtual_stage_of(shape, stage, op.chunk);
  const int last = shape.stages * shape.chunks - 1;
  if (op.pass == Pass::forward) {
    if (here == 0) return std::nullopt;
    return PipelineMessage{Payload::activation, op.microbatch, here - 1, here};
  }
  if (here == last) return std::nullopt;
  return PipelineMessage{Payload::gradient, op.microbatch, here + 1, here};
}

std::optional<PipelineMessage> pass_output(const PipelineShape& shape, int stage, const ComputeOp& op) {
  const int here = virtual_stage_of(shape, stage, op.chunk);
  const int last = shape.stages * shape.chunks - 1;
  if (op.pass == Pass::forward) {
    if (here == last) return std::nullopt;
    return PipelineMessage{Payload::activation, op.microbatch, here, here + 1};
  }
  if (here == 0) return std::nullopt;
  return PipelineMessage{Payload::gradient, op.microbatch, here, here - 1};
}

std::vector<PipelineStep> stage_plan(PipelineSchedule schedule, const PipelineShape& shape, int stage) {
  const std::vector<ComputeOp> passes = stage_passes(schedule, shape, stage);
  std::vector<PipelineStep> plan;
  const auto communicate = [&plan](std::optional<PipelineMessage> send, std::optional<PipelineMessage> receive) {
    if (send || receive) plan.push_back({std::nullopt, send, receive});
  };
  for (std::size_t k = 0; k < passes.size(); ++k) {
    const auto previous_output = k == 0 ? std::nullopt : pass_output(shape, stage, passes[k - 1]);
    communicate(previous_output, pass_input(shape, stage, passes[k]));
    plan.push_back({passes[k], std::nullopt, std::nullopt});
  }
  if (!passes.empty()) communicate(pass_output(shape, stage, passes.back()), std::nullopt);
  return plan;
}

namespace {

std::string message_text(const PipelineMessage& message) {
  return std::string(message.payload == Payload::activation ? "activation" : "gradient") + " of micro-batch " +
         std::to_string(message.microbatch) + " from virtual stage " + std::to_string(message.from_virtual_stage) +
         " to " + std::to_string(message.to_virtual_stage);
}

// Every directed pair of stages must see its messages sent and received in the same order.
std::string order_problem(const std::vector<std::vector<PipelineStep>>& plans, const PipelineShape& shape) {
  std::map<std::pair<int, int>, std::vector<PipelineMessage>> sent, received;
  for (int stage = 0; stage < static_cast<int>(plans.size()); ++stage) {
    for (const PipelineStep& step : plans[stage]) {
      if (step.send) sent[{stage, stage_of_virtual(shape, step.send->to_virtual_stage)}].push_back(*step.send);
      if (step.receive) {
        received[{stage_of_virtual(shape, step.receive->from_virtual_stage), stage}].push_back(*step.receive);
      }
    }
  }
  for (const auto& [link, messages] : sent) {
    if (received[link] != messages) {
      return "stage " + std::to_string(link.first) + " sends to stage " + std::to_string(link.second) +
             " in another order than it receives";
    }
  }
  for (const auto& [link, messages] : received) {
    if (sent[link] != messages) return "stage " + std::to_string(link.second) + " receives messages never sent";
  }
  return "";
}

}  // namespace

std::string plan_problem(const std::vector<std::vector<PipelineStep>>& plans, const PipelineShape& shape,
                         SendCompletion sends) {
  const std::string order = order_problem(plans, shape);
  if (!order.empty()) return order;
  const std::size_t stages = plans.size();
  std::vector<std::size_t> position(stages, 0);
  std::vector<bool> sent(stages, false), received(stages, false);  // parts of the current step done
  const auto current = [&](std::size_t stage) -> const PipelineStep* {
    return position[stage] < plans[stage].size() ? &plans[stage][position[stage]] : nullptr;
  };
  while (true) {
    bool progressed = false;
    bool finished = true;
    for (std::size_t stage = 0; stage < stages; ++stage) {
      const PipelineStep* step = current(stage);
      if (step == nullptr) continue;
      finished = false;
      if (step->compute) {
        ++position[stage];
        progressed = true;
        continue;
      }
      // A send completes when the receiver is at the step that receives it, and both sides' parts
      // complete together.
      if (step->send && !sent[stage] && sends == SendCompletion::buffered) {
        sent[stage] = true;  // in the buffer; the receiver takes it when it gets there
        progressed = true;
      }
      if (step->receive && !received[stage] && sends == SendCompletion::buffered) {
        // Buffered: the message is there once its sender has passed the step that sends it.
        const std::size_t peer = static_cast<std::size_t>(stage_of_virtual(shape, step->receive->from_virtual_stage));
        bool passed = false;
        for (std::size_t index = 0; index < position[peer] + (sent[peer] ? 1 : 0) && index < plans[peer].size(); ++index) {
          passed = passed || (plans[peer][index].send && *plans[peer][index].send == *step->receive);
        }
        if (passed) {
          received[stage] = true;
          progressed = true;
        }
      }
      if (step->send && !sent[stage]) {
        const std::size_t peer = static_cast<std::size_t>(stage_of_virtual(shape, step->send->to_virtual_stage));
        const PipelineStep* other = current(peer);
        if (other != nullptr && other->receive && *other->receive == *step->send && !received[peer]) {
          sent[stage] = received[peer] = true;
          progressed = true;
        }
      }
      const bool done = (!step->send || sent[stage]) && (!step->receive || received[stage]);
      if (done) {
        ++position[stage];
        sent[stage] = received[stage] = false;
        progressed = true;
      }
    }
    if (finished) return "";
    if (!progressed) {
      for (std::size_t stage = 0; stage < stages; ++stage) {
        const PipelineStep* step = current(stage);
        if (step != nullptr && step->receive) {
          return "deadlock: stage " + std::to_string(stage) + " waits for the " + message_text(*step->receive);
        }
      }
      return "deadlock";
    }
  }
}

}  // namespace commbench
