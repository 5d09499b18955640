// bench/run/watchdog.hpp: the thread that ends a run whose operation makes no progress for the
// timeout, or that is asked to terminate. Driven with a real ProgressMonitor and a short
// timeout (0.2 s); the alarm callback only records what it was given, as the real one would
// end the process. Every test here runs in well under a second.
#include "bench/run/watchdog.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace commbench {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::duration;
using std::chrono::milliseconds;

constexpr double kTimeout = 0.2;
// How late an alarm may come on a busy test machine and still pass: generous, since a
// watchdog that never fires, or fires at the wrong time, is off by far more.
constexpr double kLateMargin = 1.0;

double seconds_since(Clock::time_point start) { return duration<double>(Clock::now() - start).count(); }

// Records every alarm the watchdog raises, and when.
class AlarmRecorder {
 public:
  std::function<void(const WatchdogAlarm&)> callback() {
    return [this](const WatchdogAlarm& alarm) {
      const std::lock_guard<std::mutex> lock(mutex_);
      alarms_.push_back(alarm);
      times_.push_back(Clock::now());
      changed_.notify_all();
    };
  }
  // Waits until an alarm was raised, at most for the given time.
  bool wait_for_alarm(double seconds) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, duration<double>(seconds), [this] { return !alarms_.empty(); });
  }
  std::vector<WatchdogAlarm> alarms() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return alarms_;
  }
  Clock::time_point first_time() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return times_.front();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<WatchdogAlarm> alarms_;
  std::vector<Clock::time_point> times_;
};

void sleep_for_seconds(double seconds) { std::this_thread::sleep_for(duration<double>(seconds)); }

TEST(Watchdog, ACallLeftInFlightRaisesOneTimeoutNamingTheCall) {
  ProgressMonitor monitor;
  AlarmRecorder recorder;
  Result row;
  row.collective = "allreduce";
  row.bytes = 1048576;
  monitor.case_started(row);
  const Clock::time_point call_start = Clock::now();
  monitor.call_started({"allreduce", 1048576, kAllRanks, 1, 4});
  const Watchdog watchdog(monitor, kTimeout, recorder.callback());
  ASSERT_TRUE(recorder.wait_for_alarm(kTimeout + kLateMargin)) << "no alarm for a call stuck in flight";
  const double fired_after = duration<double>(recorder.first_time() - call_start).count();
  EXPECT_GE(fired_after, kTimeout);
  EXPECT_LE(fired_after, kTimeout + kLateMargin);

  // Still stuck for longer, but the callback runs at most once.
  sleep_for_seconds(1.5 * kTimeout);
  const std::vector<WatchdogAlarm> alarms = recorder.alarms();
  ASSERT_EQ(alarms.size(), 1u);
  const WatchdogAlarm& alarm = alarms.front();
  EXPECT_EQ(alarm.reason, WatchdogAlarm::Reason::timeout);
  EXPECT_GE(alarm.waited_s, kTimeout);
  EXPECT_LE(alarm.waited_s, fired_after + 0.05);  // measured by the watchdog, not invented
  EXPECT_TRUE(alarm.progress.in_flight);
  EXPECT_EQ(std::string(alarm.progress.call.name), "allreduce");
  EXPECT_EQ(alarm.progress.call.bytes, 1048576u);
  EXPECT_EQ(alarm.progress.call.communicator_size, 4);
  ASSERT_TRUE(alarm.progress.case_in_flight.has_value());
  EXPECT_EQ(alarm.progress.case_in_flight->collective, "allreduce");
}

TEST(Watchdog, CallsThatKeepFinishingWithinTheTimeoutNeverRaiseAnAlarm) {
  // Back-to-back calls of a quarter of the timeout each, for three timeouts: a call is
  // almost always in flight, yet every one of them makes progress.
  ProgressMonitor monitor;
  AlarmRecorder recorder;
  {
    const Watchdog watchdog(monitor, kTimeout, recorder.callback());
    const Clock::time_point start = Clock::now();
    while (seconds_since(start) < 3 * kTimeout) {
      const CallScope scope(monitor, {"allreduce", 8, kAllRanks, 0, 2});
      sleep_for_seconds(kTimeout / 4);
    }
  }
  EXPECT_TRUE(recorder.alarms().empty());
  EXPECT_GE(monitor.snapshot().transitions, 6u);  // the loop did run several calls
}

TEST(Watchdog, TimeWithNoCallInFlightNeverRaisesAnAlarm) {
  // Between calls the rank fills or checks buffers, which no peer waits for, however long.
  ProgressMonitor monitor;
  AlarmRecorder recorder;
  monitor.call_started({"barrier", 0, kAllRanks, 0, 2});
  monitor.call_finished();
  Result row;
  row.collective = "alltoall";
  monitor.case_started(row);  // a case in flight is not a call in flight
  {
    const Watchdog watchdog(monitor, kTimeout, recorder.callback());
    sleep_for_seconds(2.5 * kTimeout);
  }
  EXPECT_TRUE(recorder.alarms().empty());
}

TEST(Watchdog, IdleTimeBeforeACallDoesNotCountTowardsItsTimeout) {
  ProgressMonitor monitor;
  AlarmRecorder recorder;
  const Watchdog watchdog(monitor, kTimeout, recorder.callback());
  sleep_for_seconds(1.5 * kTimeout);  // idle for longer than the timeout
  const Clock::time_point call_start = Clock::now();
  monitor.call_started({"broadcast", 64, 0, 1, 2});
  ASSERT_TRUE(recorder.wait_for_alarm(kTimeout + kLateMargin));
  EXPECT_GE(duration<double>(recorder.first_time() - call_start).count(), kTimeout);
  EXPECT_EQ(std::string(recorder.alarms().front().progress.call.name), "broadcast");
}

TEST(Watchdog, ATerminationSignalRaisesASignalAlarmInsteadOfKillingTheProcess) {
  // As main() does before MPI starts: the watchdog thread inherits the blocked mask and
  // takes the signal with sigtimedwait.
  Watchdog::block_termination_signals();
  ProgressMonitor monitor;
  AlarmRecorder recorder;
  monitor.call_started({"recv", 64, 1, 0, 2});
  const Watchdog watchdog(monitor, 300, recorder.callback());  // no timeout can interfere
  ASSERT_EQ(::kill(::getpid(), SIGTERM), 0);
  ASSERT_TRUE(recorder.wait_for_alarm(2.0)) << "the watchdog did not take SIGTERM";
  const std::vector<WatchdogAlarm> alarms = recorder.alarms();
  ASSERT_EQ(alarms.size(), 1u);
  EXPECT_EQ(alarms.front().reason, WatchdogAlarm::Reason::signal);
  EXPECT_EQ(alarms.front().signal_number, SIGTERM);
  EXPECT_TRUE(alarms.front().progress.in_flight);
  EXPECT_EQ(std::string(alarms.front().progress.call.name), "recv");
}

TEST(Watchdog, DestroyingItWithoutAnAlarmReturnsPromptly) {
  // The run's normal end: the watchdog of a 300 s timeout must not hold the process for
  // anything like 300 s.
  ProgressMonitor monitor;
  AlarmRecorder recorder;
  auto watchdog = std::make_unique<Watchdog>(monitor, 300, recorder.callback());
  std::this_thread::sleep_for(milliseconds(20));
  const Clock::time_point start = Clock::now();
  watchdog.reset();
  EXPECT_LT(seconds_since(start), 0.5);
  EXPECT_TRUE(recorder.alarms().empty());
}

TEST(Watchdog, PollIntervalKeepsTheAlarmWithinATenthOfASecondForLongTimeouts) {
  EXPECT_DOUBLE_EQ(Watchdog::poll_interval_s(kTimeout), 0.01);  // 1/20 of the timeout
  EXPECT_DOUBLE_EQ(Watchdog::poll_interval_s(300), 0.1);        // capped
  EXPECT_DOUBLE_EQ(Watchdog::poll_interval_s(0.001), 0.001);    // floored: no busy loop
}

}  // namespace
}  // namespace commbench
