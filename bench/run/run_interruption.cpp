#include "bench/run/run_interruption.hpp"

#include <csignal>
#include <cstdio>

#include "bench/run/exit_codes.hpp"

namespace commbench {
namespace {

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", seconds);
  return text;
}

std::string case_text(const Result& row) {
  std::string text = row.collective + " " + row.dtype;
  if (row.op != "none") text += " " + row.op;
  if (row.root >= 0) text += " root " + std::to_string(row.root);
  return text + " " + std::to_string(row.bytes) + " B " + row.placement;
}

// The signals the watchdog takes (glibc's sigabbrev_np would need glibc 2.32, newer than
// many clusters' distributions).
std::string signal_name(int signal_number) {
  switch (signal_number) {
    case SIGTERM:
      return "SIGTERM";
    case SIGINT:
      return "SIGINT";
    case SIGHUP:
      return "SIGHUP";
    default:
      return "signal " + std::to_string(signal_number);
  }
}

}  // namespace

RunInterruption describe_interruption(const WatchdogAlarm& alarm, int world_rank, const std::string& host,
                                      double timeout_s) {
  const ProgressSnapshot& progress = alarm.progress;
  std::string where = "rank " + std::to_string(world_rank) + " on " + host;
  std::string what;
  RunInterruption interruption;
  ResultStatus case_status = ResultStatus::failed;
  if (alarm.reason == WatchdogAlarm::Reason::timeout) {
    interruption.outcome.failure_kind = "timeout";
    what = "timed out: " + describe_call(progress.call) + " made no progress for " + seconds_text(alarm.waited_s) +
           " (--timeout " + seconds_text(timeout_s) + ")";
    case_status = ResultStatus::timed_out;
  } else {
    interruption.outcome.failure_kind = "terminated";
    what = "received " + signal_name(alarm.signal_number) + " " +
           (progress.in_flight ? "while waiting in " + describe_call(progress.call) : std::string("between calls")) +
           " (a launcher sends it when another rank or host has failed, or when the job is cancelled)";
  }
  interruption.outcome.status = RunStatus::partial;
  interruption.unreported_rows = progress.unreported_rows;
  interruption.outcome.failure = where + ": " + what;
  if (progress.case_in_flight) {
    interruption.outcome.failure += " [case: " + case_text(*progress.case_in_flight) + "]";
    Result row = *progress.case_in_flight;
    row.status = case_status;
    row.reason = where + ": " + what;
    interruption.case_in_flight = row;
  }
  return interruption;
}

int interruption_exit_code(const WatchdogAlarm& alarm) {
  return alarm.reason == WatchdogAlarm::Reason::timeout ? kExitTimeout : 128 + alarm.signal_number;
}

}  // namespace commbench
