#pragma once
// The flags that name a training workload and change it, shared by gradsync, scaling and plan:
// --workload, --strategy, --bucket-mb, --first-bucket-mb and --grad-dtype. Each command adds
// them with its own help text; their values are checked here, one way for all three.
#include <string>

#include "collectives/dtype/dtype.hpp"

namespace commbench {

// Raw text of the workload's flags.
struct WorkloadRawOptions {
  std::string workload, strategy, bucket_mb, first_bucket_mb, grad_dtype;
};

// --workload: missing or empty is refused.
std::string workload_option(const WorkloadRawOptions& raw);

// --strategy: ddp, zero1, zero2, zero3 or fsdp.
std::string strategy_option(const WorkloadRawOptions& raw);

// --grad-dtype; float8 types only with the backend that has them (backend empty: nothing runs).
Dtype gradient_dtype_option(const WorkloadRawOptions& raw, const std::string& backend);

}  // namespace commbench
