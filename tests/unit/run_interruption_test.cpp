// bench/run/run_interruption.hpp: what a run that the watchdog ends records (the one-line
// failure, the case in flight marked timed out or failed) and its exit code.
#include "bench/run/run_interruption.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <string>

#include "bench/run/exit_codes.hpp"
#include "sample_results.hpp"
#include "text_search.hpp"

namespace commbench {
namespace {

Result allreduce_row() { return sample_allreduce_case(4); }

WatchdogAlarm timeout_alarm() {
  WatchdogAlarm alarm;
  alarm.reason = WatchdogAlarm::Reason::timeout;
  alarm.waited_s = 12.34;
  alarm.progress.transitions = 41;
  alarm.progress.in_flight = true;
  alarm.progress.call = {"allreduce", 1048576, kAllRanks, 2, 4};
  alarm.progress.case_in_flight = allreduce_row();
  return alarm;
}

WatchdogAlarm signal_alarm(int signal_number) {
  WatchdogAlarm alarm;
  alarm.reason = WatchdogAlarm::Reason::signal;
  alarm.signal_number = signal_number;
  alarm.progress.transitions = 7;
  alarm.progress.in_flight = true;
  alarm.progress.call = {"recv", 64, 1, 0, 2};
  return alarm;
}

const std::string kTimedOut =
    "rank 2 on node7: timed out: allreduce of 1048576 B with all 4 ranks of its communicator made no progress for "
    "12.3 s (--timeout 10.0 s)";

TEST(DescribeInterruption, ATimeoutNamesRankHostCallPeersDurationAndCase) {
  const RunInterruption interruption = describe_interruption(timeout_alarm(), 2, "node7", 10.0);
  EXPECT_EQ(interruption.outcome.status, RunStatus::partial);
  EXPECT_EQ(interruption.outcome.failure_kind, "timeout");
  EXPECT_EQ(interruption.outcome.failure, kTimedOut + " [case: allreduce float32 sum 1048576 B out-of-place]");
  EXPECT_EQ(interruption.outcome.failure.find('\n'), std::string::npos);
}

TEST(DescribeInterruption, ATimeoutMarksTheCaseInFlightTimedOutWithTheReason) {
  const RunInterruption interruption = describe_interruption(timeout_alarm(), 2, "node7", 10.0);
  ASSERT_TRUE(interruption.case_in_flight.has_value());
  const Result& row = *interruption.case_in_flight;
  EXPECT_EQ(row.status, ResultStatus::timed_out);
  EXPECT_EQ(row.reason, kTimedOut);
  // The rest of the row is the case as the sweep described it.
  EXPECT_EQ(row.collective, "allreduce");
  EXPECT_EQ(row.bytes, 1048576u);
  EXPECT_EQ(row.placement, "out-of-place");
  EXPECT_EQ(row.ranks, 4);
}

TEST(DescribeInterruption, FinishedButUnprintedRowsAreKeptUnchanged) {
  WatchdogAlarm alarm = timeout_alarm();
  Result finished = allreduce_row();
  finished.placement = "in-place";
  finished.time_s = 2e-3;
  alarm.progress.unreported_rows = {finished};
  const RunInterruption interruption = describe_interruption(alarm, 0, "node1", 10.0);
  ASSERT_EQ(interruption.unreported_rows.size(), 1u);
  EXPECT_EQ(interruption.unreported_rows[0].placement, "in-place");
  EXPECT_EQ(interruption.unreported_rows[0].status, ResultStatus::ok);
  EXPECT_DOUBLE_EQ(interruption.unreported_rows[0].time_s, 2e-3);
}

TEST(DescribeInterruption, ARootedCaseNamesItsRoot) {
  WatchdogAlarm alarm = timeout_alarm();
  Result row = allreduce_row();
  row.collective = "broadcast";
  row.dtype = "int8";
  row.op = "none";
  row.root = 3;
  row.bytes = 8;
  row.placement = "in-place";
  alarm.progress.case_in_flight = row;
  alarm.progress.call = {"broadcast", 8, 3, 0, 4};
  alarm.waited_s = 300.04;
  const RunInterruption interruption = describe_interruption(alarm, 0, "gpu-01", 300);
  EXPECT_EQ(interruption.outcome.failure,
            "rank 0 on gpu-01: timed out: broadcast of 8 B rooted at rank 3 with all 4 ranks of its communicator made "
            "no progress for 300.0 s (--timeout 300.0 s) [case: broadcast int8 root 3 8 B in-place]");
}

TEST(DescribeInterruption, ASignalIsTerminatedNamesTheSignalAndMarksTheCaseFailed) {
  WatchdogAlarm alarm = signal_alarm(SIGTERM);
  alarm.progress.case_in_flight = allreduce_row();
  const RunInterruption interruption = describe_interruption(alarm, 0, "node1", 300);
  EXPECT_EQ(interruption.outcome.status, RunStatus::partial);
  EXPECT_EQ(interruption.outcome.failure_kind, "terminated");
  const std::string& failure = interruption.outcome.failure;
  EXPECT_EQ(failure.rfind("rank 0 on node1: received SIGTERM while waiting in recv of 64 B from rank 1 (", 0), 0u)
      << failure;
  EXPECT_TRUE(contains(failure, "[case: allreduce float32 sum 1048576 B out-of-place]")) << failure;
  EXPECT_EQ(failure.find('\n'), std::string::npos);
  ASSERT_TRUE(interruption.case_in_flight.has_value());
  EXPECT_EQ(interruption.case_in_flight->status, ResultStatus::failed);
  EXPECT_TRUE(contains(interruption.case_in_flight->reason, "received SIGTERM")) << interruption.case_in_flight->reason;
}

TEST(DescribeInterruption, ASignalBetweenCallsSaysSo) {
  WatchdogAlarm alarm = signal_alarm(SIGINT);
  alarm.progress.in_flight = false;
  alarm.progress.transitions = 8;
  const RunInterruption interruption = describe_interruption(alarm, 3, "node2", 300);
  EXPECT_EQ(interruption.outcome.failure.rfind("rank 3 on node2: received SIGINT between calls (", 0), 0u)
      << interruption.outcome.failure;
  EXPECT_FALSE(contains(interruption.outcome.failure, "recv")) << interruption.outcome.failure;
}

TEST(DescribeInterruption, WithoutACaseInFlightThereIsNoRow) {
  WatchdogAlarm timeout = timeout_alarm();
  timeout.progress.case_in_flight.reset();
  const RunInterruption timed_out = describe_interruption(timeout, 2, "node7", 10.0);
  EXPECT_FALSE(timed_out.case_in_flight.has_value());
  EXPECT_EQ(timed_out.outcome.failure, kTimedOut);

  const RunInterruption terminated = describe_interruption(signal_alarm(SIGTERM), 0, "node1", 300);
  EXPECT_FALSE(terminated.case_in_flight.has_value());
  EXPECT_FALSE(contains(terminated.outcome.failure, "[case:")) << terminated.outcome.failure;
}

TEST(InterruptionExitCode, TimeoutIsFourAndASignalIs128PlusItsNumber) {
  EXPECT_EQ(interruption_exit_code(timeout_alarm()), 4);
  EXPECT_EQ(interruption_exit_code(timeout_alarm()), kExitTimeout);
  EXPECT_EQ(interruption_exit_code(signal_alarm(SIGTERM)), 143);
  EXPECT_EQ(interruption_exit_code(signal_alarm(SIGINT)), 130);
  EXPECT_EQ(interruption_exit_code(signal_alarm(SIGHUP)), 129);
}

}  // namespace
}  // namespace commbench
