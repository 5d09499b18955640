#include "bench/commands/pipeline/pipeline_executor.hpp"

#include <chrono>
#include <memory>

namespace commbench {
namespace {

// NCCL matches messages between a pair in issue order, MPI by tag and then in order: one tag
// for every pipeline message, whose order plan_problem checks, keeps both backends alike.
constexpr int kPipelineTag = 7300;

}  // namespace

PlanTimes run_stage_step(Backend& backend, const StageWork& work, Buffer& outgoing, Buffer& incoming) {
  using Clock = std::chrono::steady_clock;
  const std::vector<PipelineStep>& plan = *work.plan;
  PlanTimes times;
  times.start_s.reserve(plan.size());
  times.end_s.reserve(plan.size());
  const auto peer_rank = [&](int virtual_stage) { return work.stage_ranks[stage_of_virtual(work.shape, virtual_stage)]; };
  const PointToPointOptions tag{kPipelineTag};
  // Buffered sends in flight; MPI moves them along inside MPI calls, so compute tests them.
  std::vector<std::unique_ptr<PendingOperation>> sends;
  const auto progress = [&sends] {
    for (const auto& send : sends) send->done();
  };
  backend.barrier();
  const Clock::time_point zero = Clock::now();
  const auto since_zero = [zero] { return std::chrono::duration<double>(Clock::now() - zero).count(); };
  for (const PipelineStep& step : plan) {
    times.start_s.push_back(since_zero());
    if (step.compute) {
      backend.emulate_compute(step.compute->pass == Pass::forward ? work.pass_forward_s : work.pass_backward_s,
                              progress);
      backend.wait_for_compute();
    } else if (work.sends == SendCompletion::buffered) {
      // Every send of a step goes out of the same buffer: MPI (3.0 and later) lets sends in
      // flight share one, and what they carry is only its size.
      if (step.send) {
        sends.push_back(backend.start_send(outgoing.data(), work.bytes, Dtype::uint8,
                                           peer_rank(step.send->to_virtual_stage), tag));
      }
      if (step.receive) {
        backend.recv(incoming.data(), work.bytes, Dtype::uint8, peer_rank(step.receive->from_virtual_stage), tag);
      }
      backend.synchronize();
    } else if (step.send && step.receive) {
      backend.exchange(outgoing.data(), work.bytes, peer_rank(step.send->to_virtual_stage), incoming.data(), work.bytes,
                       peer_rank(step.receive->from_virtual_stage), Dtype::uint8, tag);
      backend.synchronize();
    } else if (step.send) {
      backend.send(outgoing.data(), work.bytes, Dtype::uint8, peer_rank(step.send->to_virtual_stage), tag);
      backend.synchronize();
    } else {
      backend.recv(incoming.data(), work.bytes, Dtype::uint8, peer_rank(step.receive->from_virtual_stage), tag);
      backend.synchronize();
    }
    times.end_s.push_back(since_zero());
  }
  for (const auto& send : sends) send->wait();
  return times;
}

}  // namespace commbench
