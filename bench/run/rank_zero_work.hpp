#pragma once
// Work that rank 0 does alone (reading files, printing, writing the report) while every rank
// leaves with the exit code it ends with, so that the launcher sees one verdict. Every
// command does its rank-0 work through these.
#include <functional>

#include "collectives/backend/backend.hpp"

namespace commbench {

// Runs rank 0's task and returns its exit code. Input the task refuses (UsageError,
// ReportLoadError, or std::invalid_argument: a spec that cannot be read, reports that cannot
// be held together) is said in one line on standard error, exit 2. Anything else (running
// out of memory) is rank 0's exit-3 line (failure_words), exit 3.
int rank_zero_exit_code(const std::function<int()>& task);

// Collective over world: rank 0 runs task (rank_zero_exit_code) while the others wait
// without a busy core, and every rank returns its exit code.
int run_on_rank_zero(Backend& world, const std::function<int()>& task);

}  // namespace commbench
