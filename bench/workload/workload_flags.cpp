#include "bench/workload/workload_flags.hpp"

#include "bench/run/usage_error.hpp"
#include "topology/training/gradsync_program.hpp"
#include "topology/workload/workload.hpp"
#include "topology/workload/workload_presets.hpp"

namespace commbench {

// --workload, required: a preset or a workload file.
std::string workload_option(const WorkloadRawOptions& raw) {
  if (raw.workload.empty()) {
    throw UsageError("--workload: missing or empty (accepted: a preset, " + workload_preset_names_text() +
                     ", or a workload file)");
  }
  return raw.workload;
}

std::string strategy_option(const WorkloadRawOptions& raw) {
  if (!parse_sync_strategy(raw.strategy)) {
    throw UsageError("--strategy: unknown strategy '" + raw.strategy + "' (accepted: " + sync_strategy_names_text() +
                     ")");
  }
  return raw.strategy;
}

Dtype gradient_dtype_option(const WorkloadRawOptions& raw, const std::string& backend) {
  const auto dtype = parse_dtype(raw.grad_dtype);
  if (!dtype || !is_gradient_dtype(*dtype)) {
    throw UsageError("--grad-dtype: '" + raw.grad_dtype + "' is not accepted (accepted: " +
                     gradient_dtype_names_text() + ")");
  }
  if (!backend.empty() && dtype_is_float8(*dtype) && backend != "nccl") {
    throw UsageError("--grad-dtype: " + raw.grad_dtype + " needs --backend nccl (MPI has no 8-bit float type)");
  }
  return *dtype;
}

}  // namespace commbench
