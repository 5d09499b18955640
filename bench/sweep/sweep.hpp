#pragma once
// The sweep: every selected collective and algorithm, dtype, op, root and size, each out of
// place and in place, measured in that order and handed to the printers as it finishes.
#include <vector>

#include "bench/measure/model_comparison.hpp"
#include "bench/run/config.hpp"
#include "bench/run/progress_monitor.hpp"
#include "collectives/backend/backend.hpp"
#include "reports/console/printer.hpp"
#include "reports/model/result.hpp"

namespace commbench {

// Returns every result (also those that failed). Printers get case_finished on every rank
// that calls this; the caller gives rank 0 the real printers. The monitor learns which case
// is in flight, so that a timeout can record it. host_of_rank groups the ranks for the
// hierarchical algorithm; model (may be null: no --fabric, or not rank 0) adds predictions
// to the rows before they are printed.
std::vector<Result> run_sweep(Backend& backend, const Config& config, const std::vector<int>& host_of_rank,
                              ModelComparison* model, Printer& printer, ProgressMonitor& monitor);

}  // namespace commbench
