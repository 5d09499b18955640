#include "bench/commands/gradsync/gradsync_step.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <stdexcept>

#include "collectives/backend/collective_spec.hpp"
#include "collectives/pattern/data_pattern.hpp"
#include "collectives/verify/verification.hpp"

namespace commbench {
namespace {

char* at(Buffer& buffer, std::uint64_t elements, Dtype dtype) {
  return static_cast<char*>(buffer.data()) + elements * dtype_size(dtype);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

GradsyncStep::GradsyncStep(Backend& backend, const StepProgram& program, Dtype dtype)
    : backend_(backend), program_(program), dtype_(dtype) {
  const auto ranks = static_cast<std::uint64_t>(backend.size());
  // At least one element each, so that every region has an address.
  full_ = backend.allocate(std::max<std::uint64_t>(1, program.buffer_elements) * dtype_size(dtype));
  shards_ = backend.allocate(std::max<std::uint64_t>(1, program.buffer_elements / ranks) * dtype_size(dtype));
}

std::uint64_t GradsyncStep::buffer_bytes(const StepProgram& program, Dtype dtype, int ranks) {
  return (program.buffer_elements + program.buffer_elements / static_cast<std::uint64_t>(ranks)) * dtype_size(dtype);
}

void* GradsyncStep::region(std::size_t k) const { return at(*full_, program_.messages[k].offset, dtype_); }

void* GradsyncStep::shard(std::size_t k) const {
  return at(*shards_, program_.messages[k].offset / static_cast<std::uint64_t>(backend_.size()), dtype_);
}

std::unique_ptr<PendingOperation> GradsyncStep::start(std::size_t k) {
  const SyncMessage& message = program_.messages[k];
  const std::uint64_t block = message.elements / static_cast<std::uint64_t>(backend_.size());
  if (message.collective == "allreduce") {
    return backend_.start_allreduce(region(k), region(k), message.elements, dtype_, {ReduceOp::sum});
  }
  if (message.collective == "reducescatter") {
    return backend_.start_reducescatter(region(k), shard(k), block, dtype_, {ReduceOp::sum});
  }
  if (message.collective == "allgather") return backend_.start_allgather(shard(k), region(k), block, dtype_);
  throw std::logic_error("gradsync: no collective '" + message.collective + "'");
}

std::vector<double> GradsyncStep::run() {
  std::vector<std::unique_ptr<PendingOperation>> pending(program_.messages.size());
  std::vector<std::size_t> in_flight;
  // What a framework's communication thread does while the layers compute: MPI moves a
  // non-blocking collective along only inside MPI calls.
  const auto progress = [&] {
    in_flight.erase(std::remove_if(in_flight.begin(), in_flight.end(), [&](std::size_t k) { return pending[k]->done(); }),
                    in_flight.end());
  };
  for (const StepAction& action : program_.actions) {
    switch (action.kind) {
      case StepActionKind::forward:
      case StepActionKind::backward:
        backend_.emulate_compute(action.seconds, progress);
        break;
      case StepActionKind::start:
        pending[action.index] = start(action.index);
        in_flight.push_back(action.index);
        break;
      case StepActionKind::wait:
        pending[action.index]->wait();
        in_flight.erase(std::remove(in_flight.begin(), in_flight.end(), action.index), in_flight.end());
        break;
    }
  }
  backend_.synchronize();
  std::vector<double> seconds;
  for (const auto& message : pending) seconds.push_back(message ? message->seconds() : 0.0);
  return seconds;
}

ComputeTimes GradsyncStep::run_compute_only() {
  ComputeTimes times;
  for (const StepActionKind kind : {StepActionKind::forward, StepActionKind::backward}) {
    const auto start = std::chrono::steady_clock::now();
    for (const StepAction& action : program_.actions) {
      if (action.kind == kind) backend_.emulate_compute(action.seconds);
    }
    backend_.wait_for_compute();
    (kind == StepActionKind::forward ? times.forward_s : times.backward_s) = seconds_since(start);
  }
  return times;
}

double GradsyncStep::run_message_alone(std::size_t k) {
  const std::unique_ptr<PendingOperation> pending = start(k);
  pending->wait();
  return pending->seconds();
}

std::uint64_t GradsyncStep::check_message(std::size_t k) {
  const SyncMessage& message = program_.messages[k];
  const CollectiveSpec& spec = *find_collective_spec(message.collective);
  const int ranks = backend_.size();
  // The counts the step runs with (spec.counts would round blocks down to 16 bytes).
  const std::size_t block = message.elements / static_cast<std::uint64_t>(ranks);
  CollectiveCounts counts{message.elements, message.elements, message.elements, 0, 0};
  if (message.collective == "reducescatter") counts = {message.elements, block, block, 0, 0};
  if (message.collective == "allgather") counts = {block, message.elements, block, 0, 0};
  const bool reduces = message.collective != "allgather";
  const DataPattern pattern(dtype_, reduces ? std::optional<ReduceOp>(ReduceOp::sum) : std::nullopt, ranks);
  const PatternAccess& access = backend_.pattern_access();
  const bool gathers = message.collective == "allgather";
  void* send = gathers ? shard(k) : region(k);
  void* recv = message.collective == "reducescatter" ? shard(k) : region(k);
  if (send != recv) access.poison(pattern, recv, counts.recv_count);
  fill_input(access, pattern, counts, backend_.rank(), send);
  backend_.synchronize();
  run_message_alone(k);
  backend_.synchronize();
  return count_wrong_output(access, spec, pattern, backend_.rank(), ranks, counts.param_count, 0, recv);
}

}  // namespace commbench
