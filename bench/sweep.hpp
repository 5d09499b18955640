#pragma once
// The sweep: every selected collective, dtype, op, root and size, each out of place and in
// place, measured in that order and handed to the printers as it finishes.
#include <vector>

#include "backend.hpp"
#include "config.hpp"
#include "printer.hpp"
#include "progress_monitor.hpp"
#include "result.hpp"

namespace commbench {

// Returns every result (also those that failed). Printers get case_finished on every rank
// that calls this; the caller gives rank 0 the real printers. The monitor learns which case
// is in flight, so that a timeout can record it.
std::vector<Result> run_sweep(Backend& backend, const Config& config, Printer& printer, ProgressMonitor& monitor);

}  // namespace commbench
