// The MPI backend's operations that the sweep does not exercise through the command line:
// point-to-point send/recv, barrier, split into sub-communicators, and errors that name the
// backend and the call; the host-memory helpers (host_allreduce, allgather_strings from
// topology/discovery/rank_strings.hpp); and TrackedBackend, which reports each of them to the watchdog's
// ProgressMonitor. Every rank runs every test; ctest launches it through mpirun.
#include <gtest/gtest.h>
#include <mpi.h>

#include <cstdint>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/run/progress_monitor.hpp"
#include "bench/run/tracked_backend.hpp"
#include "collectives/mpi/mpi_backend.hpp"
#include "collectives/pattern/data_pattern.hpp"
#include "topology/discovery/rank_strings.hpp"

namespace commbench {
namespace {

class MpiBackendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_ = MpiBackend::world();
    ASSERT_GE(backend_->size(), 2) << "run with at least 2 ranks";
  }
  std::unique_ptr<Backend> backend_;  // used through the interface, as the sweep does
};

TEST_F(MpiBackendTest, SendAndRecvCarryDataAroundARing) {
  const int rank = backend_->rank();
  const int size = backend_->size();
  std::vector<std::int64_t> outgoing(1000), incoming(1000, -1);
  std::iota(outgoing.begin(), outgoing.end(), static_cast<std::int64_t>(rank) * 1000);
  // Even ranks send first and odd ranks receive first, so blocking calls cannot deadlock.
  const int next = (rank + 1) % size;
  const int previous = (rank - 1 + size) % size;
  if (rank % 2 == 0) {
    backend_->send(outgoing.data(), outgoing.size(), Dtype::int64, next, {7});
    backend_->recv(incoming.data(), incoming.size(), Dtype::int64, previous, {7});
  } else {
    backend_->recv(incoming.data(), incoming.size(), Dtype::int64, previous, {7});
    backend_->send(outgoing.data(), outgoing.size(), Dtype::int64, next, {7});
  }
  for (std::size_t i = 0; i < incoming.size(); ++i) {
    ASSERT_EQ(incoming[i], static_cast<std::int64_t>(previous) * 1000 + static_cast<std::int64_t>(i));
  }
}

TEST_F(MpiBackendTest, TagsKeepMessagesApart) {
  if (backend_->rank() > 1) return;  // a conversation between ranks 0 and 1
  int first = 0, second = 0;
  if (backend_->rank() == 0) {
    const int a = 11, b = 22;
    backend_->send(&a, 1, Dtype::int32, 1, {1});
    backend_->send(&b, 1, Dtype::int32, 1, {2});
  } else {
    backend_->recv(&second, 1, Dtype::int32, 0, {2});  // MPI buffers the small tag-1 message
    backend_->recv(&first, 1, Dtype::int32, 0, {1});
    EXPECT_EQ(first, 11);
    EXPECT_EQ(second, 22);
  }
}

TEST_F(MpiBackendTest, SplitMakesSubCommunicatorsOrderedByKey) {
  const int rank = backend_->rank();
  const int size = backend_->size();
  // Two groups by parity; within a group, the key reverses the order.
  const auto group = backend_->split(rank % 2, size - rank);
  const int members = (size - rank % 2 + 1) / 2;
  EXPECT_EQ(group->size(), members);
  // Ranks of the same parity above this one come first.
  int above = 0;
  for (int other = rank + 2; other < size; other += 2) ++above;
  EXPECT_EQ(group->rank(), above);
  EXPECT_EQ(group->name(), "mpi");

  // A collective on the sub-communicator reduces over its members only.
  std::int64_t mine = rank, total = 0;
  group->allreduce(&mine, &total, 1, Dtype::int64, {ReduceOp::sum});
  std::int64_t expected = 0;
  for (int other = rank % 2; other < size; other += 2) expected += other;
  EXPECT_EQ(total, expected);

  // And sub-communicators split further.
  const auto single = group->split(group->rank(), 0);
  EXPECT_EQ(single->size(), 1);
  EXPECT_EQ(single->rank(), 0);
}

TEST_F(MpiBackendTest, ExchangeSendsAndReceivesAtOnceWithDifferentCountsEachWay) {
  // Every rank sends rank + 1 elements to the next rank while receiving from the previous
  // one: blocking sends in that ring would deadlock, one exchange does not.
  const int rank = backend_->rank();
  const int size = backend_->size();
  const int next = (rank + 1) % size;
  const int previous = (rank - 1 + size) % size;
  std::vector<std::int64_t> outgoing(static_cast<std::size_t>(rank) + 1);
  std::iota(outgoing.begin(), outgoing.end(), static_cast<std::int64_t>(rank) * 1000);
  std::vector<std::int64_t> incoming(static_cast<std::size_t>(previous) + 1, -1);
  backend_->exchange(outgoing.data(), outgoing.size(), next, incoming.data(), incoming.size(), previous,
                     Dtype::int64, {5});
  for (std::size_t i = 0; i < incoming.size(); ++i) {
    EXPECT_EQ(incoming[i], static_cast<std::int64_t>(previous) * 1000 + static_cast<std::int64_t>(i));
  }
}

TEST_F(MpiBackendTest, ExchangeOfNothingIsMatchedAndLeavesTheBufferAlone) {
  const int rank = backend_->rank();
  const int size = backend_->size();
  std::int32_t untouched = 42;
  backend_->exchange(nullptr, 0, (rank + 1) % size, &untouched, 0, (rank - 1 + size) % size, Dtype::int32);
  EXPECT_EQ(untouched, 42);
  // Nothing left unmatched: the next message between the same ranks is the one expected.
  std::int32_t mine = rank, theirs = -1;
  backend_->exchange(&mine, 1, (rank + 1) % size, &theirs, 1, (rank - 1 + size) % size, Dtype::int32);
  EXPECT_EQ(theirs, (rank - 1 + size) % size);
}

TEST_F(MpiBackendTest, LocalReduceCopyAndDivideWorkOnHostMemory) {
  std::vector<std::int32_t> target{1, 2, 3}, source{10, -20, 30};
  backend_->reduce_local(source.data(), target.data(), target.size(), Dtype::int32, ReduceOp::max);
  EXPECT_EQ(target, (std::vector<std::int32_t>{10, 2, 30}));
  backend_->reduce_local(source.data(), target.data(), target.size(), Dtype::int32, ReduceOp::avg);  // as sum
  EXPECT_EQ(target, (std::vector<std::int32_t>{20, -18, 60}));
  backend_->divide_local(target.data(), target.size(), Dtype::int32, 4);
  EXPECT_EQ(target, (std::vector<std::int32_t>{5, -4, 15}));
  backend_->copy_local(target.data(), source.data(), 2 * sizeof(std::int32_t));
  EXPECT_EQ(target, (std::vector<std::int32_t>{10, -20, 15}));
}

TEST_F(MpiBackendTest, BarrierAndSynchronizeReturn) {
  backend_->barrier();
  backend_->synchronize();
  const auto group = backend_->split(0, backend_->rank());
  group->barrier();
  SUCCEED();
}

TEST_F(MpiBackendTest, AnMpiErrorIsAnExceptionNamingTheBackendAndTheCall) {
  const int value = 1;
  try {
    backend_->send(&value, 1, Dtype::int32, backend_->size() + 5);  // no such rank
    FAIL() << "sending to a rank outside the communicator did not throw";
  } catch (const std::runtime_error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("mpi backend"), std::string::npos) << message;
    EXPECT_NE(message.find("MPI_Send"), std::string::npos) << message;
  }
}

// --- allgather_strings (topology/discovery/rank_strings.hpp) ---

// Rank r's string: empty for every third rank, otherwise of a length that differs per rank,
// with a NUL byte and a non-ASCII byte inside (the length, not a terminator, bounds it).
std::string string_of(int rank) {
  if (rank % 3 == 1) return "";
  std::string text(static_cast<std::size_t>(rank) * 37 + 1, static_cast<char>('a' + rank));
  text += std::string("\0\xC3\xA9rank ", 8) + std::to_string(rank);
  return text;
}

TEST_F(MpiBackendTest, AllgatherStringsGivesEveryRankEveryStringInRankOrder) {
  const std::vector<std::string> all = allgather_strings(*backend_, string_of(backend_->rank()));
  ASSERT_EQ(all.size(), static_cast<std::size_t>(backend_->size()));
  for (int rank = 0; rank < backend_->size(); ++rank) EXPECT_EQ(all[rank], string_of(rank)) << "rank " << rank;
}

TEST_F(MpiBackendTest, AllgatherStringsOfEmptyStringsGivesEmptyStrings) {
  const std::vector<std::string> all = allgather_strings(*backend_, "");
  EXPECT_EQ(all, std::vector<std::string>(static_cast<std::size_t>(backend_->size())));
}

TEST_F(MpiBackendTest, AllgatherStringsCarriesOneLongStringBesideShortOnes) {
  // Only the last rank's string is long: the others are padded to its length and cut back.
  const int last = backend_->size() - 1;
  const auto mine = [last](int rank) {
    return rank == last ? std::string(100000, 'x') + "end" : std::string(static_cast<std::size_t>(rank), 'y');
  };
  const std::vector<std::string> all = allgather_strings(*backend_, mine(backend_->rank()));
  ASSERT_EQ(all.size(), static_cast<std::size_t>(backend_->size()));
  for (int rank = 0; rank < backend_->size(); ++rank) EXPECT_EQ(all[rank], mine(rank)) << "rank " << rank;
}

TEST_F(MpiBackendTest, AllgatherStringsOnASubCommunicatorGathersItsMembersOnly) {
  const int rank = backend_->rank();
  const auto group = backend_->split(rank % 2, rank);
  const std::vector<std::string> all = allgather_strings(*group, "world rank " + std::to_string(rank));
  std::vector<std::string> expected;
  for (int other = rank % 2; other < backend_->size(); other += 2) {
    expected.push_back("world rank " + std::to_string(other));
  }
  EXPECT_EQ(all, expected);
}

// --- host_allreduce ---

TEST_F(MpiBackendTest, HostAllreduceReducesDoublesInPlace) {
  const int size = backend_->size();
  const double rank = backend_->rank();
  double values[3] = {rank, rank + 0.5, 1.0};
  backend_->host_allreduce(values, 3, ReduceOp::sum);
  EXPECT_EQ(values[0], size * (size - 1) / 2.0);
  EXPECT_EQ(values[1], size * (size - 1) / 2.0 + 0.5 * size);
  EXPECT_EQ(values[2], size);
  double extremes[2] = {rank, rank};
  backend_->host_allreduce(extremes, 1, ReduceOp::max);
  backend_->host_allreduce(extremes + 1, 1, ReduceOp::min);
  EXPECT_EQ(extremes[0], size - 1);
  EXPECT_EQ(extremes[1], 0.0);
  double average = rank;
  backend_->host_allreduce(&average, 1, ReduceOp::avg);
  EXPECT_EQ(average, (size - 1) / 2.0);
}

TEST_F(MpiBackendTest, LibraryVersionNamesTheMpiLibrary) {
  EXPECT_FALSE(backend_->library_version().empty());
  EXPECT_NE(backend_->library_version().back(), '\n');
}

// --- dtypes: every host dtype reduces exactly over MPI; float8 is refused ---

TEST_F(MpiBackendTest, EveryHostDtypeAndOpAllreducesToTheExpectedPattern) {
  // uint32 and uint64 go as MPI_UINT32_T and MPI_UINT64_T; avg is sum then divide. The float8
  // types are left out: their data never lives in host memory.
  const int rank = backend_->rank();
  const int size = backend_->size();
  constexpr std::size_t kCount = 257;
  for (Dtype dtype : all_dtypes()) {
    if (dtype_is_float8(dtype)) continue;
    for (ReduceOp op : all_reduce_ops()) {
      const DataPattern pattern(dtype, op, size);
      std::vector<std::uint64_t> send(kCount), recv(kCount);  // 8-byte elements at most
      pattern.fill(send.data(), kCount, rank, 0);
      pattern.poison(recv.data(), kCount);
      backend_->allreduce(send.data(), recv.data(), kCount, dtype, {op});
      EXPECT_EQ(pattern.count_wrong_reduced(recv.data(), kCount, 0), 0u)
          << dtype_name(dtype) << " " << reduce_op_name(op);
      // In place as well.
      pattern.fill(recv.data(), kCount, rank, 0);
      backend_->allreduce(recv.data(), recv.data(), kCount, dtype, {op});
      EXPECT_EQ(pattern.count_wrong_reduced(recv.data(), kCount, 0), 0u)
          << dtype_name(dtype) << " " << reduce_op_name(op) << " in place";
    }
  }
}

TEST_F(MpiBackendTest, Float8IsRefusedWithAMessageNamingTheTypeAndTheNcclBackend) {
  // Every rank throws before any MPI call, so no rank is left waiting.
  for (Dtype dtype : {Dtype::float8_e4m3, Dtype::float8_e5m2}) {
    unsigned char send[8] = {}, recv[8] = {};
    try {
      backend_->allreduce(send, recv, 8, dtype, {ReduceOp::sum});
      ADD_FAILURE() << "allreduce accepted " << dtype_name(dtype);
    } catch (const std::invalid_argument& error) {
      const std::string expected =
          "the mpi backend has no " + std::string(dtype_name(dtype)) + " type; float8 types need --backend nccl";
      EXPECT_EQ(std::string(error.what()), expected);
    }
    EXPECT_THROW(backend_->allgather(send, recv, 1, dtype), std::invalid_argument);
  }
  backend_->barrier();  // still usable
}

// --- TrackedBackend: every call is reported to the ProgressMonitor, then forwarded ---

class TrackedBackendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_ = std::make_unique<TrackedBackend>(MpiBackend::world(), monitor_);
    ASSERT_GE(backend_->size(), 2) << "run with at least 2 ranks";
  }
  // Transitions since the test's start; the watchdog counts on two per finished call.
  std::uint64_t transitions() const { return monitor_.snapshot().transitions; }

  ProgressMonitor monitor_;
  std::unique_ptr<Backend> backend_;  // through the interface, as the sweep uses it
};

TEST_F(TrackedBackendTest, ForwardsRankAndSize) {
  const auto world = MpiBackend::world();
  EXPECT_EQ(backend_->rank(), world->rank());
  EXPECT_EQ(backend_->size(), world->size());
  EXPECT_EQ(backend_->name(), "mpi");
  EXPECT_EQ(transitions(), 0u);  // asking is not a call
}

TEST_F(TrackedBackendTest, AllreduceIsTwoTransitionsAndStillReduces) {
  const int size = backend_->size();
  std::vector<std::int64_t> mine(4, backend_->rank() + 1), total(4, -1);
  backend_->allreduce(mine.data(), total.data(), mine.size(), Dtype::int64, {ReduceOp::sum});
  const std::int64_t expected = static_cast<std::int64_t>(size) * (size + 1) / 2;  // 1 + 2 + ... + size
  EXPECT_EQ(total, std::vector<std::int64_t>(4, expected));
  const ProgressSnapshot snapshot = monitor_.snapshot();
  EXPECT_EQ(snapshot.transitions, 2u);
  EXPECT_FALSE(snapshot.in_flight);
  // The last call is what a timeout message would have described.
  EXPECT_EQ(std::string(snapshot.call.name), "allreduce");
  EXPECT_EQ(snapshot.call.bytes, 32u);  // 4 x int64
  EXPECT_EQ(snapshot.call.peer, kAllRanks);
  EXPECT_EQ(snapshot.call.rank, backend_->rank());
  EXPECT_EQ(snapshot.call.communicator_size, size);
}

TEST_F(TrackedBackendTest, ExchangeIsTwoTransitionsNamingBothPeers) {
  const int rank = backend_->rank();
  const int size = backend_->size();
  const int next = (rank + 1) % size;
  const int previous = (rank - 1 + size) % size;
  std::int64_t mine[2] = {rank, rank}, theirs[2] = {-1, -1};
  backend_->exchange(mine, 2, next, theirs, 2, previous, Dtype::int64);
  EXPECT_EQ(theirs[1], previous);
  const ProgressSnapshot snapshot = monitor_.snapshot();
  EXPECT_EQ(snapshot.transitions, 2u);
  EXPECT_EQ(std::string(snapshot.call.name), "exchange");
  EXPECT_EQ(snapshot.call.bytes, 16u);
  EXPECT_EQ(snapshot.call.peer, next);
  EXPECT_EQ(snapshot.call.source, previous);
}

TEST_F(TrackedBackendTest, LocalOperationsAreTrackedAndForwarded) {
  std::int32_t target[2] = {1, 2};
  const std::int32_t source[2] = {3, 4};
  backend_->reduce_local(source, target, 2, Dtype::int32, ReduceOp::prod);
  EXPECT_EQ(std::string(monitor_.snapshot().call.name), "reduce_local");
  backend_->divide_local(target, 2, Dtype::int32, 3);
  EXPECT_EQ(std::string(monitor_.snapshot().call.name), "divide_local");
  backend_->copy_local(target, source, sizeof(std::int32_t));
  EXPECT_EQ(std::string(monitor_.snapshot().call.name), "copy_local");
  EXPECT_EQ(monitor_.snapshot().call.bytes, 4u);
  EXPECT_EQ(transitions(), 6u);
  EXPECT_EQ(target[0], 3);  // copied over 1 * 3 / 3
  EXPECT_EQ(target[1], 2);  // 2 * 4 / 3, truncated
}

TEST_F(TrackedBackendTest, BarrierIsTwoTransitions) {
  backend_->barrier();
  EXPECT_EQ(transitions(), 2u);
  backend_->barrier();
  EXPECT_EQ(transitions(), 4u);
  EXPECT_FALSE(monitor_.snapshot().in_flight);
  EXPECT_EQ(std::string(monitor_.snapshot().call.name), "barrier");
}

TEST_F(TrackedBackendTest, SendAndRecvAreTwoTransitionsEachAndStillCarryData) {
  const int rank = backend_->rank();
  const int size = backend_->size();
  const int next = (rank + 1) % size;
  const int previous = (rank - 1 + size) % size;
  std::vector<std::int32_t> outgoing(100), incoming(100, -1);
  std::iota(outgoing.begin(), outgoing.end(), rank * 100);
  if (rank % 2 == 0) {
    backend_->send(outgoing.data(), outgoing.size(), Dtype::int32, next, {3});
    EXPECT_EQ(transitions(), 2u);
    EXPECT_EQ(monitor_.snapshot().call.peer, next);
    backend_->recv(incoming.data(), incoming.size(), Dtype::int32, previous, {3});
  } else {
    backend_->recv(incoming.data(), incoming.size(), Dtype::int32, previous, {3});
    EXPECT_EQ(transitions(), 2u);
    EXPECT_EQ(monitor_.snapshot().call.peer, previous);
    backend_->send(outgoing.data(), outgoing.size(), Dtype::int32, next, {3});
  }
  EXPECT_EQ(transitions(), 4u);
  EXPECT_FALSE(monitor_.snapshot().in_flight);
  EXPECT_EQ(monitor_.snapshot().call.bytes, 400u);  // 100 x int32
  for (std::size_t i = 0; i < incoming.size(); ++i) {
    ASSERT_EQ(incoming[i], previous * 100 + static_cast<std::int32_t>(i));
  }
}

TEST_F(TrackedBackendTest, SplitIsTrackedAndItsSubCommunicatorReportsToTheSameMonitor) {
  const int rank = backend_->rank();
  const int size = backend_->size();
  const auto group = backend_->split(rank % 2, rank);
  EXPECT_EQ(transitions(), 2u);
  EXPECT_FALSE(monitor_.snapshot().in_flight);
  const int members = (size - rank % 2 + 1) / 2;
  ASSERT_EQ(group->size(), members);
  EXPECT_EQ(group->rank(), rank / 2);

  std::int64_t mine = rank, total = -1;
  group->allreduce(&mine, &total, 1, Dtype::int64, {ReduceOp::sum});
  std::int64_t expected = 0;
  for (int other = rank % 2; other < size; other += 2) expected += other;
  EXPECT_EQ(total, expected);
  const ProgressSnapshot snapshot = monitor_.snapshot();
  EXPECT_EQ(snapshot.transitions, 4u);
  EXPECT_FALSE(snapshot.in_flight);
  // Described in the sub-communicator's terms: its size and this rank's place in it.
  EXPECT_EQ(snapshot.call.communicator_size, members);
  EXPECT_EQ(snapshot.call.rank, rank / 2);
}

TEST_F(TrackedBackendTest, AFailingCallStillEndsAndItsErrorPassesThrough) {
  const int value = 1;
  try {
    backend_->send(&value, 1, Dtype::int32, backend_->size() + 5);  // no such rank
    FAIL() << "sending to a rank outside the communicator did not throw";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("MPI_Send"), std::string::npos) << error.what();
  }
  EXPECT_EQ(transitions(), 2u);
  EXPECT_FALSE(monitor_.snapshot().in_flight);
}

}  // namespace
}  // namespace commbench
