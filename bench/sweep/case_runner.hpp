#pragma once
// One case (collective, size, dtype, op, root, placement): the verification pass, then
// warm-up and timing, into one Result. A failure is recorded in the Result, not thrown,
// and every rank records the same status.
#include <cstdint>
#include <optional>
#include <string>

#include "bench/run/config.hpp"
#include "collectives/algorithms/explicit_algorithms.hpp"
#include "collectives/backend/backend.hpp"
#include "collectives/backend/collective_spec.hpp"
#include "reports/model/result.hpp"

namespace commbench {

struct CaseSetup {
  const CollectiveSpec* spec = nullptr;
  Dtype dtype = Dtype::float32;
  std::optional<ReduceOp> op;  // empty for collectives that do not reduce
  int root = -1;               // -1 for collectives without a root
  std::uint64_t requested_bytes = 0;
  bool in_place = false;
  std::string algorithm = kNativeAlgorithm;  // native: the backend's own collective
  AlgorithmWorkspace* workspace = nullptr;   // set for explicit algorithms
};

// The two buffers a sweep allocates once, at its largest size.
struct SweepBuffers {
  Buffer& send;
  Buffer& recv;
};

// The row of a case before it runs: what is measured, with nothing measured yet.
Result describe_case(const Backend& backend, const CaseSetup& setup, const Config& config);

Result run_case(Backend& backend, SweepBuffers buffers, const CaseSetup& setup, const Config& config);

// Why some rank cannot run cases of dtype (reducing ones when reduces), agreed by all ranks
// (GPUs of different kinds in one job), or nothing when every rank can.
std::optional<std::string> unsupported_on_any_rank(Backend& backend, Dtype dtype, bool reduces);
// The row of a case that is not run, with the reason.
Result skipped_case(const Backend& backend, const CaseSetup& setup, const Config& config, const std::string& reason);

}  // namespace commbench
