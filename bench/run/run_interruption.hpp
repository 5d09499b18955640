#pragma once
// What a run records and prints when the watchdog ends it: the one-line failure (which
// rank, which operation, size and peers, for how long), the case in flight marked timed out
// or failed, and the exit code.
#include <string>

#include "bench/run/watchdog.hpp"
#include "reports/console/printer.hpp"

namespace commbench {

RunInterruption describe_interruption(const WatchdogAlarm& alarm, int world_rank, const std::string& host,
                                      double timeout_s);

// kExitTimeout for a timeout, 128 + the signal's number for a signal (the shell's convention).
int interruption_exit_code(const WatchdogAlarm& alarm);

}  // namespace commbench
