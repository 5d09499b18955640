#include "topology/training/gradsync_program.hpp"

#include <array>
#include <stdexcept>

#include "topology/training/gradient_buckets.hpp"

namespace commbench {
namespace {

constexpr std::array<SyncStrategy, 5> kStrategies{SyncStrategy::ddp, SyncStrategy::zero1, SyncStrategy::zero2,
                                                  SyncStrategy::zero3, SyncStrategy::fsdp};

// Builds a program action by action.
class ProgramWriter {
 public:
  explicit ProgramWriter(const GradsyncPlan& plan) : plan_(plan) {}

  void forward(std::size_t layer) { program_.actions.push_back({StepActionKind::forward, layer, plan_.forward_s[layer]}); }
  void backward(std::size_t layer) {
    program_.actions.push_back({StepActionKind::backward, layer, plan_.backward_s[layer]});
  }
  std::size_t add(SyncMessage message) {
    program_.messages.push_back(std::move(message));
    return program_.messages.size() - 1;
  }
  void start(std::size_t message) { program_.actions.push_back({StepActionKind::start, message, 0}); }
  void wait(std::size_t message) { program_.actions.push_back({StepActionKind::wait, message, 0}); }
  void start_then_wait(std::size_t message) {
    start(message);
    wait(message);
  }
  // Starts them all, then waits for them all; with overlap off, one after another.
  void run_all(const std::vector<std::size_t>& messages, bool overlap) {
    if (!overlap) {
      for (std::size_t message : messages) start_then_wait(message);
      return;
    }
    for (std::size_t message : messages) start(message);
    for (std::size_t message : messages) wait(message);
  }
  StepProgram finish(std::uint64_t buffer_elements) {
    program_.buffer_elements = buffer_elements;
    return std::move(program_);
  }

 private:
  const GradsyncPlan& plan_;
  StepProgram program_;
};

// ddp, zero1, zero2: the forward pass, then the backward pass with gradient buckets.
StepProgram bucketed_program(const GradsyncPlan& plan) {
  const bool sharded = shards_across_ranks(plan.strategy);
  const std::vector<GradientBucket> buckets =
      gradient_buckets(plan.layer_elements, plan.bucket_elements, plan.first_bucket_elements,
                       sharded ? static_cast<std::uint64_t>(plan.ranks) : 1);
  ProgramWriter writer(plan);
  std::vector<std::size_t> gradients;
  for (std::size_t k = 0; k < buckets.size(); ++k) {
    gradients.push_back(writer.add({sharded ? "reducescatter" : "allreduce", "gradient bucket " + std::to_string(k),
                                    buckets[k].offset, buckets[k].padded_elements, buckets[k].ready_after_layer}));
  }
  std::vector<std::size_t> parameters;
  if (sharded) {
    for (std::size_t k = 0; k < buckets.size(); ++k) {
      parameters.push_back(writer.add({"allgather", "parameter bucket " + std::to_string(k), buckets[k].offset,
                                       buckets[k].padded_elements, buckets[k].ready_after_layer}));
    }
  }
  for (std::size_t layer = 0; layer < plan.layer_elements.size(); ++layer) writer.forward(layer);
  // zero1 keeps whole gradients until the backward pass ends (only the optimizer state is
  // sharded); ddp and zero2 synchronize each bucket as soon as it is full.
  const bool during_backward = plan.overlap && plan.strategy != SyncStrategy::zero1;
  std::size_t next = 0;
  for (std::size_t layer = plan.layer_elements.size(); layer-- > 0;) {
    writer.backward(layer);
    while (during_backward && next < buckets.size() && buckets[next].ready_after_layer == layer) {
      writer.start(gradients[next++]);
    }
  }
  if (during_backward) {
    for (std::size_t message : gradients) writer.wait(message);
  } else {
    writer.run_all(gradients, plan.overlap);
  }
  // The optimizer updates this rank's shard (not emulated: it is compute, not coordination),
  // then every rank gathers the updated parameters.
  writer.run_all(parameters, plan.overlap);
  return writer.finish(buckets.empty() ? 0 : buckets.back().offset + buckets.back().padded_elements);
}

// zero3, fsdp: one unit per layer. With overlap the next layer's parameters are gathered
// while this layer computes (FSDP's forward and backward prefetch), and each layer's
// gradients are reduce-scattered while the layers before it compute their backward pass.
StepProgram sharded_layer_program(const GradsyncPlan& plan) {
  const std::size_t layers = plan.layer_elements.size();
  const auto ranks = static_cast<std::uint64_t>(plan.ranks);
  ProgramWriter writer(plan);
  std::vector<std::uint64_t> offsets;
  std::uint64_t buffer_elements = 0;
  for (std::uint64_t elements : plan.layer_elements) {
    offsets.push_back(buffer_elements);
    buffer_elements += rounded_up(elements, ranks);
  }
  auto region = [&](std::size_t layer) { return rounded_up(plan.layer_elements[layer], ranks); };
  std::vector<std::size_t> gather_forward;
  std::vector<std::size_t> gather_backward(layers);
  std::vector<std::size_t> reduce(layers);
  for (std::size_t layer = 0; layer < layers; ++layer) {
    gather_forward.push_back(writer.add({"allgather", "parameters of layer " + std::to_string(layer) + " for forward",
                                         offsets[layer], region(layer), layer}));
  }
  for (std::size_t layer = layers; layer-- > 0;) {
    gather_backward[layer] = writer.add({"allgather", "parameters of layer " + std::to_string(layer) + " for backward",
                                         offsets[layer], region(layer), layer});
    reduce[layer] = writer.add({"reducescatter", "gradients of layer " + std::to_string(layer), offsets[layer],
                                region(layer), layer});
  }
  if (!plan.overlap) {
    for (std::size_t layer = 0; layer < layers; ++layer) {
      writer.start_then_wait(gather_forward[layer]);
      writer.forward(layer);
    }
    for (std::size_t layer = layers; layer-- > 0;) {
      writer.start_then_wait(gather_backward[layer]);
      writer.backward(layer);
      writer.start_then_wait(reduce[layer]);
    }
    return writer.finish(buffer_elements);
  }
  writer.start(gather_forward[0]);
  for (std::size_t layer = 0; layer < layers; ++layer) {
    writer.wait(gather_forward[layer]);
    if (layer + 1 < layers) writer.start(gather_forward[layer + 1]);
    writer.forward(layer);
  }
  writer.start(gather_backward[layers - 1]);
  for (std::size_t layer = layers; layer-- > 0;) {
    writer.wait(gather_backward[layer]);
    if (layer > 0) writer.start(gather_backward[layer - 1]);
    writer.backward(layer);
    writer.start(reduce[layer]);
  }
  for (std::size_t layer = layers; layer-- > 0;) writer.wait(reduce[layer]);
  return writer.finish(buffer_elements);
}

}  // namespace

std::optional<SyncStrategy> parse_sync_strategy(std::string_view name) {
  for (SyncStrategy strategy : kStrategies) {
    if (name == sync_strategy_name(strategy)) return strategy;
  }
  return std::nullopt;
}

const char* sync_strategy_name(SyncStrategy strategy) {
  switch (strategy) {
    case SyncStrategy::ddp: return "ddp";
    case SyncStrategy::zero1: return "zero1";
    case SyncStrategy::zero2: return "zero2";
    case SyncStrategy::zero3: return "zero3";
    case SyncStrategy::fsdp: return "fsdp";
  }
  return "ddp";
}

std::string sync_strategy_names_text() {
  std::string text;
  for (SyncStrategy strategy : kStrategies) text += (text.empty() ? "" : ", ") + std::string(sync_strategy_name(strategy));
  return text;
}

double communication_volume_factor(SyncStrategy strategy) {
  return strategy == SyncStrategy::zero3 || strategy == SyncStrategy::fsdp ? 3.0 : 2.0;
}

bool shards_across_ranks(SyncStrategy strategy) { return strategy != SyncStrategy::ddp; }

GradsyncPlan wrapped_in_units(const GradsyncPlan& plan, std::uint64_t min_unit_elements) {
  GradsyncPlan wrapped = plan;
  wrapped.layer_elements.clear();
  wrapped.forward_s.clear();
  wrapped.backward_s.clear();
  bool open = false;  // the last unit still takes layers
  for (std::size_t layer = 0; layer < plan.layer_elements.size(); ++layer) {
    if (!open) {
      wrapped.layer_elements.push_back(0);
      wrapped.forward_s.push_back(0);
      wrapped.backward_s.push_back(0);
    }
    wrapped.layer_elements.back() += plan.layer_elements[layer];
    wrapped.forward_s.back() += plan.forward_s.at(layer);
    wrapped.backward_s.back() += plan.backward_s.at(layer);
    open = wrapped.layer_elements.back() < min_unit_elements;
  }
  return wrapped;
}

StepProgram gradsync_step_program(const GradsyncPlan& plan) {
  const std::size_t layers = plan.layer_elements.size();
  if (layers == 0 || plan.forward_s.size() != layers || plan.backward_s.size() != layers) {
    throw std::invalid_argument("gradsync_step_program: one element count, forward and backward time per layer");
  }
  for (std::uint64_t elements : plan.layer_elements) {
    if (elements == 0) throw std::invalid_argument("gradsync_step_program: a layer has no parameters");
  }
  if (plan.ranks < 1) throw std::invalid_argument("gradsync_step_program: ranks must be at least 1");
  if (plan.strategy == SyncStrategy::zero3 || plan.strategy == SyncStrategy::fsdp) return sharded_layer_program(plan);
  return bucketed_program(plan);
}

}  // namespace commbench
