#pragma once
// `commbench predict COLLECTIVE|all --fabric F`: the collective table from the cost models alone
// (bench/commands/predict/prediction_sweep.hpp), for a fabric that need not exist: what a sweep would show on it,
// and which algorithm and protocol the model assumes. Nothing is measured: launched alone it starts
// no MPI; under mpirun rank 0 works and every rank leaves with its exit code.
#include "bench/run/command.hpp"

namespace commbench {

// Rank 0's work (run.fabric: --fabric, which predict requires). Returns the exit code: 0, 3
// when the report cannot be written; throws UsageError (exit 2) for an option the fabric's
// model family refuses.
int run_predict(const RankZeroRun& run);

// predict's settings as the digest every rank compares records them (Config::settings_json).
nlohmann::json predict_settings_json(const Config& config);

}  // namespace commbench
