#include "bench/run/watchdog.hpp"

#include <signal.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>

namespace commbench {
namespace {

sigset_t termination_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}

timespec to_timespec(double seconds) {
  timespec time{};
  time.tv_sec = static_cast<time_t>(seconds);
  time.tv_nsec = static_cast<long>((seconds - static_cast<double>(time.tv_sec)) * 1e9);
  return time;
}

}  // namespace

void Watchdog::block_termination_signals() {
  const sigset_t set = termination_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

double Watchdog::poll_interval_s(double timeout_s) { return std::clamp(timeout_s / 20.0, 0.001, 0.1); }

Watchdog::Watchdog(const ProgressMonitor& monitor, double timeout_s, std::function<void(const WatchdogAlarm&)> on_alarm)
    : monitor_(monitor), timeout_s_(timeout_s), on_alarm_(std::move(on_alarm)) {
  // The thread starts with the termination signals blocked whatever the caller's mask, so
  // that the destructor's wake-up (pthread_kill) can only end its sigtimedwait.
  const sigset_t signals = termination_signals();
  sigset_t callers;
  pthread_sigmask(SIG_BLOCK, &signals, &callers);
  thread_ = std::thread([this] { watch(); });
  pthread_sigmask(SIG_SETMASK, &callers, nullptr);
}

Watchdog::~Watchdog() {
  stopping_.store(true);
  // Wakes the thread from its wait at once rather than at the end of a poll interval (up to
  // 0.1 s, a fifth of what a command that needs no cluster takes in all). The signal is
  // blocked in every thread, so it stays pending for the watchdog's, which sees stopping_
  // and takes no alarm from it.
  pthread_kill(thread_.native_handle(), SIGTERM);
  thread_.join();
}

void Watchdog::sound_alarm(WatchdogAlarm alarm) const {
  alarm.progress = monitor_.snapshot();
  on_alarm_(alarm);
}

void Watchdog::watch() {
  using Clock = std::chrono::steady_clock;
  const sigset_t signals = termination_signals();
  const timespec poll = to_timespec(poll_interval_s(timeout_s_));
  std::uint64_t last_transitions = monitor_.transitions();
  Clock::time_point last_progress = Clock::now();
  while (!stopping_.load()) {
    siginfo_t info{};
    const int signal_number = sigtimedwait(&signals, &info, &poll);
    if (signal_number > 0) {
      if (stopping_.load()) return;  // the destructor's wake-up, or a signal as the run ends anyway
      sound_alarm({WatchdogAlarm::Reason::signal, signal_number, 0, {}});
      return;
    }
    // The counter alone, lock-free: a main thread stuck while holding the monitor's lock
    // (a report write on a hung file system) must not stop the watchdog from noticing.
    const std::uint64_t transitions = monitor_.transitions();
    const bool in_flight = transitions % 2 == 1;
    const Clock::time_point now = Clock::now();
    // Time counts only while one call stays in flight: between calls the rank is computing
    // (filling or checking buffers), which no peer waits for.
    if (transitions != last_transitions || !in_flight) {
      last_transitions = transitions;
      last_progress = now;
      continue;
    }
    const double waited = std::chrono::duration<double>(now - last_progress).count();
    if (waited >= timeout_s_) {
      sound_alarm({WatchdogAlarm::Reason::timeout, 0, waited, {}});
      return;
    }
  }
}

}  // namespace commbench
