// bench/run/progress_monitor.hpp: what the watchdog reads to tell a slow operation from a stuck
// one (the transition count is odd while a call is in flight), the case in flight that a
// timeout records, and the one-line description of a call that the timeout message quotes.
#include "bench/run/progress_monitor.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace commbench {
namespace {

TEST(ProgressMonitor, StartsIdleWithNoCase) {
  const ProgressMonitor monitor;
  const ProgressSnapshot snapshot = monitor.snapshot();
  EXPECT_EQ(snapshot.transitions, 0u);
  EXPECT_FALSE(snapshot.in_flight);
  EXPECT_FALSE(snapshot.case_in_flight.has_value());
}

TEST(ProgressMonitor, TransitionsAreOddWhileACallIsInFlightAndEvenAfter) {
  ProgressMonitor monitor;
  monitor.call_started({"allreduce", 4096, kAllRanks, 1, 4});
  ProgressSnapshot snapshot = monitor.snapshot();
  EXPECT_EQ(snapshot.transitions, 1u);
  EXPECT_TRUE(snapshot.in_flight);
  monitor.call_finished();
  snapshot = monitor.snapshot();
  EXPECT_EQ(snapshot.transitions, 2u);
  EXPECT_FALSE(snapshot.in_flight);
  monitor.call_started({"barrier", 0, kAllRanks, 1, 4});
  snapshot = monitor.snapshot();
  EXPECT_EQ(snapshot.transitions, 3u);
  EXPECT_TRUE(snapshot.in_flight);
}

TEST(ProgressMonitor, SnapshotNamesTheCallInFlight) {
  ProgressMonitor monitor;
  monitor.call_started({"allreduce", 4096, kAllRanks, 1, 4});
  monitor.call_finished();
  monitor.call_started({"send", 64, 3, 2, 8});
  const CallInFlight call = monitor.snapshot().call;
  EXPECT_EQ(std::string(call.name), "send");  // the latest call, not the first
  EXPECT_EQ(call.bytes, 64u);
  EXPECT_EQ(call.peer, 3);
  EXPECT_EQ(call.rank, 2);
  EXPECT_EQ(call.communicator_size, 8);
  EXPECT_EQ(call.source, kNoPeer);
  monitor.call_finished();
  monitor.call_started({"exchange", 32, 4, 2, 8, 1});
  EXPECT_EQ(monitor.snapshot().call.peer, 4);
  EXPECT_EQ(monitor.snapshot().call.source, 1);
}

TEST(CallScope, CallIsInFlightInsideTheScopeAndFinishedAfter) {
  ProgressMonitor monitor;
  {
    const CallScope scope(monitor, {"broadcast", 8, 0, 1, 2});
    EXPECT_TRUE(monitor.snapshot().in_flight);
    EXPECT_EQ(std::string(monitor.snapshot().call.name), "broadcast");
  }
  EXPECT_FALSE(monitor.snapshot().in_flight);
  EXPECT_EQ(monitor.snapshot().transitions, 2u);
}

TEST(CallScope, AThrowingCallIsFinishedToo) {
  // A backend error propagates out of the call; the watchdog must not then see a call that
  // stays in flight forever and end the run as timed out.
  ProgressMonitor monitor;
  try {
    const CallScope scope(monitor, {"send", 4, 99, 0, 2});
    throw std::runtime_error("mpi backend: MPI_Send failed");
  } catch (const std::runtime_error&) {
  }
  const ProgressSnapshot snapshot = monitor.snapshot();
  EXPECT_FALSE(snapshot.in_flight);
  EXPECT_EQ(snapshot.transitions, 2u);
}

TEST(ProgressMonitor, CaseStartedAndFinishedShowInTheSnapshot) {
  ProgressMonitor monitor;
  Result row;
  row.collective = "reducescatter";
  row.dtype = "int32";
  row.bytes = 65536;
  row.placement = "in-place";
  monitor.case_started(row);
  ProgressSnapshot snapshot = monitor.snapshot();
  ASSERT_TRUE(snapshot.case_in_flight.has_value());
  EXPECT_EQ(snapshot.case_in_flight->collective, "reducescatter");
  EXPECT_EQ(snapshot.case_in_flight->bytes, 65536u);
  EXPECT_EQ(snapshot.case_in_flight->placement, "in-place");
  EXPECT_EQ(snapshot.transitions, 0u);  // a case is not a call
  EXPECT_FALSE(snapshot.in_flight);

  monitor.case_finished(row);
  snapshot = monitor.snapshot();
  EXPECT_FALSE(snapshot.case_in_flight.has_value());
  ASSERT_EQ(snapshot.unreported_rows.size(), 1u);  // finished, not yet printed
  EXPECT_EQ(snapshot.unreported_rows[0].bytes, 65536u);

  monitor.rows_reported();
  EXPECT_TRUE(monitor.snapshot().unreported_rows.empty());
}

TEST(ProgressMonitor, ANewCaseReplacesThePreviousOne) {
  ProgressMonitor monitor;
  Result first, second;
  first.bytes = 8;
  second.bytes = 16;
  monitor.case_started(first);
  monitor.case_finished(first);
  monitor.case_started(second);
  const ProgressSnapshot snapshot = monitor.snapshot();
  ASSERT_TRUE(snapshot.case_in_flight.has_value());
  EXPECT_EQ(snapshot.case_in_flight->bytes, 16u);
  // The first case's row waits, beside the second one in flight, for the printers.
  ASSERT_EQ(snapshot.unreported_rows.size(), 1u);
  EXPECT_EQ(snapshot.unreported_rows[0].bytes, 8u);
}

TEST(ProgressMonitor, RowsReportedRunsTheReportThenForgetsTheRows) {
  ProgressMonitor monitor;
  Result row;
  row.bytes = 32;
  monitor.case_started(row);
  monitor.case_finished(row);
  int reports = 0;
  monitor.rows_reported([&] { ++reports; });
  EXPECT_EQ(reports, 1);
  EXPECT_TRUE(monitor.snapshot().unreported_rows.empty());
}

TEST(ProgressMonitor, WithSnapshotSeesTheSameStateAsSnapshot) {
  ProgressMonitor monitor;
  Result row;
  row.bytes = 64;
  monitor.case_started(row);
  monitor.call_started({"allreduce", 64, kAllRanks, 0, 2});
  std::uint64_t transitions = 0;
  std::uint64_t bytes_in_flight = 0;
  monitor.with_snapshot([&](const ProgressSnapshot& now) {
    transitions = now.transitions;
    bytes_in_flight = now.case_in_flight ? now.case_in_flight->bytes : 0;
  });
  EXPECT_EQ(transitions, 1u);
  EXPECT_EQ(bytes_in_flight, 64u);
  EXPECT_EQ(monitor.transitions(), 1u);
}

// --- describe_call: the part of a timeout message that says whom the rank waits for ---

TEST(DescribeCall, ACollectiveWaitsForAllRanksOfItsCommunicator) {
  EXPECT_EQ(describe_call({"allreduce", 1048576, kAllRanks, 0, 6}),
            "allreduce of 1048576 B with all 6 ranks of its communicator");
}

TEST(DescribeCall, TheRingShiftNamesBothNeighbours) {
  EXPECT_EQ(describe_call({"sendrecv", 64, kRingNeighbours, 0, 4}),
            "sendrecv of 64 B sending to rank 1 and receiving from rank 3");
  EXPECT_EQ(describe_call({"sendrecv", 64, kRingNeighbours, 3, 4}),
            "sendrecv of 64 B sending to rank 0 and receiving from rank 2");
  EXPECT_EQ(describe_call({"sendrecv", 8, kRingNeighbours, 1, 2}),
            "sendrecv of 8 B sending to rank 0 and receiving from rank 0");
}

TEST(DescribeCall, ARootedCollectiveNamesItsRoot) {
  EXPECT_EQ(describe_call({"broadcast", 8, 2, 0, 4}), "broadcast of 8 B rooted at rank 2 with all 4 ranks of its communicator");
  EXPECT_EQ(describe_call({"reduce", 1024, 0, 3, 4}), "reduce of 1024 B rooted at rank 0 with all 4 ranks of its communicator");
}

TEST(DescribeCall, PointToPointNamesThePeer) {
  EXPECT_EQ(describe_call({"send", 64, 3, 0, 4}), "send of 64 B to rank 3");
  EXPECT_EQ(describe_call({"recv", 64, 1, 0, 4}), "recv of 64 B from rank 1");
}

TEST(DescribeCall, AnExchangeNamesWhomItSendsToAndReceivesFrom) {
  EXPECT_EQ(describe_call({"exchange", 64, 3, 0, 5, 1}), "exchange of 64 B sending to rank 3 and receiving from rank 1");
}

TEST(DescribeCall, ACallWithNoPeerIsItsNameAlone) {
  EXPECT_EQ(describe_call({"injected stall (--inject-stall, test-only)", 0, kNoPeer, 1, 4}),
            "injected stall (--inject-stall, test-only)");
  EXPECT_EQ(describe_call({"synchronize", 0, kNoPeer, 0, 2}), "synchronize");
}

}  // namespace
}  // namespace commbench
