#pragma once
// The watchdog: a thread that ends the run when an operation makes no progress for the
// timeout, or when the process is asked to terminate, after the run has recorded what it
// measured. It is the one place where hangs and signals are handled, for every backend:
// the main thread may be blocked inside MPI or NCCL, where nothing else could act.
//
// Termination signals (SIGTERM, SIGINT, SIGHUP) are blocked in every thread and taken by
// the watchdog with sigtimedwait, so the alarm runs in a normal thread, not in a signal
// handler, and may write files.
#include <atomic>
#include <functional>
#include <thread>

#include "bench/run/progress_monitor.hpp"

namespace commbench {

struct WatchdogAlarm {
  enum class Reason { timeout, signal };
  Reason reason = Reason::timeout;
  int signal_number = 0;  // with Reason::signal
  double waited_s = 0;    // with Reason::timeout: how long the call made no progress
  ProgressSnapshot progress;
};

class Watchdog {
 public:
  // Blocks the termination signals in the calling thread. Call it before MPI starts its own
  // threads, so that they inherit the mask and only the watchdog receives the signals.
  static void block_termination_signals();

  // Starts the thread. on_alarm runs on it, at most once; it is expected to end the process.
  Watchdog(const ProgressMonitor& monitor, double timeout_s, std::function<void(const WatchdogAlarm&)> on_alarm);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  // How often the thread looks at the monitor: a small fraction of the timeout, so the
  // alarm comes at most this late.
  static double poll_interval_s(double timeout_s);

 private:
  void watch();
  // Hands the alarm on with what the monitor saw last (its progress is filled in here).
  void sound_alarm(WatchdogAlarm alarm) const;

  const ProgressMonitor& monitor_;
  const double timeout_s_;
  const std::function<void(const WatchdogAlarm&)> on_alarm_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace commbench
