#include "bench/sweep/case_runner.hpp"

#include <functional>
#include <stdexcept>

#include "bench/measure/statistics.hpp"
#include "bench/measure/timing_loop.hpp"
#include "collectives/pattern/data_pattern.hpp"
#include "collectives/verify/verification.hpp"

namespace commbench {

Result describe_case(const Backend& backend, const CaseSetup& setup, const Config& config) {
  const std::size_t element_size = dtype_size(setup.dtype);
  const CollectiveCounts counts = setup.spec->counts(setup.requested_bytes, element_size, backend.size());
  Result result;
  result.collective = std::string(setup.spec->name());
  result.backend = backend.name();
  result.algorithm = setup.algorithm;
  result.dtype = std::string(dtype_name(setup.dtype));
  result.op = setup.op ? std::string(reduce_op_name(*setup.op)) : "none";
  result.root = setup.root;
  result.placement = setup.in_place ? "in-place" : "out-of-place";
  result.ranks = backend.size();
  result.bytes = message_bytes(counts, element_size);
  result.count = result.bytes / element_size;
  result.timing_mode = timing_mode_name(config.timing);
  result.warmup_iterations = config.warmup_iterations;
  result.check_iterations = config.check_iterations;
  result.bus_bw_factor = setup.spec->bus_bandwidth_factor(backend.size());
  return result;
}

namespace {

// The case's collective as one call: the backend's own, or an explicit algorithm over its
// point-to-point operations, looked up and checked here, once, so that the loops that repeat
// it repeat the operation only.
std::function<void()> collective_operation(Backend& backend, const CaseSetup& setup, const CollectiveCall& call) {
  if (setup.algorithm == kNativeAlgorithm) return [&backend, &setup, &call] { setup.spec->run(backend, call); };
  return prepare_explicit_algorithm(setup.spec->name(), setup.algorithm, backend, call, *setup.workspace);
}

// Runs the verification iterations and returns this rank's count of wrong elements.
// Outputs are poisoned first, so an element the collective never wrote cannot pass.
std::uint64_t verify_locally(Backend& backend, const CaseSetup& setup, const CollectiveCounts& counts,
                             const CasePointers& pointers, void* recv_base, std::size_t recv_base_bytes,
                             const CollectiveCall& call, const Config& config) {
  const DataPattern pattern(setup.dtype, setup.op, backend.size());
  const PatternAccess& access = backend.pattern_access();
  const std::function<void()> operation = collective_operation(backend, setup, call);
  std::uint64_t wrong = 0;
  for (std::uint64_t iteration = 0; iteration < config.check_iterations; ++iteration) {
    access.poison(pattern, recv_base, recv_base_bytes / dtype_size(setup.dtype));
    fill_input(access, pattern, counts, backend.rank(), pointers.send);
    operation();
    backend.synchronize();
    if (iteration == 0 && config.inject_corruption_rank == backend.rank()) {
      corrupt_one_output_element(access, *setup.spec, backend.rank(), backend.size(), counts.param_count, call.root,
                                 dtype_size(setup.dtype), pointers.recv);
    }
    wrong += count_wrong_output(access, *setup.spec, pattern, backend.rank(), backend.size(), counts.param_count,
                                call.root, pointers.recv);
  }
  return wrong;
}

// Sums a per-rank count over ranks (exact in float64 for any realistic count).
std::uint64_t sum_over_ranks(Backend& backend, std::uint64_t value) {
  double total = static_cast<double>(value);
  backend.host_allreduce(&total, 1, ReduceOp::sum);
  return static_cast<std::uint64_t>(total);
}

// Runs one phase of a case, catching its error, then lets the ranks agree: when the phase
// failed on any rank, every rank marks the case failed (with its own error, or a note that
// another rank failed) and returns false, so that all ranks go on to the next case together.
template <typename Phase>
bool run_phase_on_all_ranks(Backend& backend, const char* phase_name, Result& result, Phase&& phase) {
  std::string error;
  try {
    phase();
  } catch (const std::exception& failure) {
    error = failure.what();
  }
  const bool failed_somewhere = sum_over_ranks(backend, error.empty() ? 0 : 1) > 0;
  if (!failed_somewhere) return true;
  result.status = ResultStatus::failed;
  result.reason = error.empty() ? std::string("failed on another rank during ") + phase_name : error;
  return false;
}

}  // namespace

std::optional<std::string> unsupported_on_any_rank(Backend& backend, Dtype dtype, bool reduces) {
  const std::optional<std::string> here = backend.unsupported(dtype, reduces);
  if (sum_over_ranks(backend, here ? 1 : 0) == 0) return std::nullopt;
  return here ? *here : "another rank cannot run " + std::string(dtype_name(dtype)) + " cases";
}

Result skipped_case(const Backend& backend, const CaseSetup& setup, const Config& config, const std::string& reason) {
  Result result = describe_case(backend, setup, config);
  result.status = ResultStatus::skipped;
  result.reason = reason;
  return result;
}

Result run_case(Backend& backend, SweepBuffers buffers, const CaseSetup& setup, const Config& config) {
  const std::size_t element_size = dtype_size(setup.dtype);
  const CollectiveCounts counts = setup.spec->counts(setup.requested_bytes, element_size, backend.size());
  Result result = describe_case(backend, setup, config);
  const CasePointers pointers =
      place_case(buffers.send.data(), buffers.recv.data(), counts, element_size, backend.rank(), setup.in_place);
  CollectiveCall call;
  call.send = pointers.send;
  call.recv = pointers.recv;
  call.param_count = counts.param_count;
  call.dtype = setup.dtype;
  call.op = setup.op.value_or(ReduceOp::sum);
  call.root = setup.root < 0 ? 0 : setup.root;  // collectives without a root ignore it

  std::uint64_t local_wrong = 0;
  const bool verified = run_phase_on_all_ranks(backend, "verification", result, [&] {
    local_wrong = verify_locally(backend, setup, counts, pointers, buffers.recv.data(), result.bytes, call, config);
  });
  if (!verified) return result;
  result.wrong = sum_over_ranks(backend, local_wrong);

  TimingOutcome timing;
  const bool timed = run_phase_on_all_ranks(backend, "timing", result, [&] {
    // Timing starts from valid input (the check may be off or have left outputs behind).
    fill_input(backend.pattern_access(), DataPattern(setup.dtype, setup.op, backend.size()), counts, backend.rank(),
               pointers.send);
    timing = time_operation(backend, collective_operation(backend, setup, call), timing_plan_from(config));
  });
  if (!timed) return result;
  result.iterations = timing.iterations;
  result.stats_s = summarize_samples(timing.samples);
  result.time_s = result.stats_s.median;
  result.alg_bw = result.time_s > 0 ? static_cast<double>(result.bytes) / result.time_s : 0.0;
  result.bus_bw = result.alg_bw * result.bus_bw_factor;
  if (result.wrong > 0) {
    result.status = ResultStatus::failed;
    result.reason = std::to_string(result.wrong) + " wrong elements";
  }
  return result;
}

}  // namespace commbench
