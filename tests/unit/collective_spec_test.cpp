// collectives/backend/collective_spec.hpp: what each collective's descriptor says about element
// counts (nccl-tests' convention), bus-bandwidth factors and where output elements come
// from. Expected numbers are worked by hand from nccl-tests' src/*.cu and docs/METRICS.md.
#include "collectives/backend/collective_spec.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace commbench {
namespace {

const CollectiveSpec& spec(const std::string& name) {
  const CollectiveSpec* found = find_collective_spec(name);
  if (found == nullptr) throw std::runtime_error("no collective named " + name);
  return *found;
}

constexpr std::size_t kMiB = 1 << 20;

// --- lookup ---

TEST(CollectiveSpecLookup, SevenCollectivesInTableOrder) {
  std::vector<std::string> names;
  for (const CollectiveSpec* s : all_collective_specs()) names.emplace_back(s->name());
  EXPECT_EQ(names, (std::vector<std::string>{"allreduce", "allgather", "reducescatter", "broadcast", "reduce",
                                             "alltoall", "sendrecv"}));
}

TEST(CollectiveSpecLookup, FindsEachCollectiveByName) {
  for (const char* name : {"allreduce", "allgather", "reducescatter", "broadcast", "reduce", "alltoall", "sendrecv"}) {
    const CollectiveSpec* found = find_collective_spec(name);
    ASSERT_NE(found, nullptr) << name;
    EXPECT_EQ(found->name(), name);
  }
}

TEST(CollectiveSpecLookup, UnknownNameGivesNull) {
  EXPECT_EQ(find_collective_spec("all_reduce"), nullptr);
  EXPECT_EQ(find_collective_spec("AllReduce"), nullptr);
  EXPECT_EQ(find_collective_spec(""), nullptr);
  EXPECT_EQ(find_collective_spec("all"), nullptr);
}

TEST(CollectiveSpecLookup, OnlyReducingCollectivesUseAnOperator) {
  EXPECT_TRUE(spec("allreduce").uses_op());
  EXPECT_TRUE(spec("reducescatter").uses_op());
  EXPECT_TRUE(spec("reduce").uses_op());
  EXPECT_FALSE(spec("allgather").uses_op());
  EXPECT_FALSE(spec("broadcast").uses_op());
  EXPECT_FALSE(spec("alltoall").uses_op());
  EXPECT_FALSE(spec("sendrecv").uses_op());
}

TEST(CollectiveSpecLookup, OnlyRootedCollectivesUseARoot) {
  EXPECT_TRUE(spec("broadcast").uses_root());
  EXPECT_TRUE(spec("reduce").uses_root());
  EXPECT_FALSE(spec("allreduce").uses_root());
  EXPECT_FALSE(spec("allgather").uses_root());
  EXPECT_FALSE(spec("reducescatter").uses_root());
  EXPECT_FALSE(spec("alltoall").uses_root());
  EXPECT_FALSE(spec("sendrecv").uses_root());
}

// --- bus bandwidth factors ---

TEST(BusBandwidthFactor, AllReduceIsTwoTimesNMinusOneOverN) {
  const CollectiveSpec& s = spec("allreduce");
  EXPECT_DOUBLE_EQ(s.bus_bandwidth_factor(1), 0.0);
  EXPECT_DOUBLE_EQ(s.bus_bandwidth_factor(2), 1.0);
  EXPECT_DOUBLE_EQ(s.bus_bandwidth_factor(4), 1.5);
  EXPECT_DOUBLE_EQ(s.bus_bandwidth_factor(8), 1.75);
}

TEST(BusBandwidthFactor, AllGatherReduceScatterAllToAllAreNMinusOneOverN) {
  for (const char* name : {"allgather", "reducescatter", "alltoall"}) {
    const CollectiveSpec& s = spec(name);
    EXPECT_DOUBLE_EQ(s.bus_bandwidth_factor(1), 0.0) << name;
    EXPECT_DOUBLE_EQ(s.bus_bandwidth_factor(2), 0.5) << name;
    EXPECT_DOUBLE_EQ(s.bus_bandwidth_factor(4), 0.75) << name;
    EXPECT_DOUBLE_EQ(s.bus_bandwidth_factor(8), 0.875) << name;
  }
}

TEST(BusBandwidthFactor, BroadcastReduceSendRecvAreOne) {
  for (const char* name : {"broadcast", "reduce", "sendrecv"}) {
    const CollectiveSpec& s = spec(name);
    for (int n : {1, 2, 4, 8}) EXPECT_DOUBLE_EQ(s.bus_bandwidth_factor(n), 1.0) << name << " n=" << n;
  }
}

// --- counts ---

void expect_counts(const CollectiveCounts& c, std::size_t send, std::size_t recv, std::size_t param,
                   std::size_t send_offset, std::size_t recv_offset) {
  EXPECT_EQ(c.send_count, send);
  EXPECT_EQ(c.recv_count, recv);
  EXPECT_EQ(c.param_count, param);
  EXPECT_EQ(c.send_inplace_offset, send_offset);
  EXPECT_EQ(c.recv_inplace_offset, recv_offset);
}

TEST(CollectiveCounts, AllReduceMovesTheWholeMessage) {
  // 1 MiB of float32 = 262144 elements, whatever the rank count.
  expect_counts(spec("allreduce").counts(kMiB, 4, 4), 262144, 262144, 262144, 0, 0);
  expect_counts(spec("allreduce").counts(kMiB, 4, 7), 262144, 262144, 262144, 0, 0);
}

TEST(CollectiveCounts, WholeMessageCollectivesRoundDownToWholeElements) {
  // 10 bytes of float32: 2 whole elements.
  for (const char* name : {"allreduce", "broadcast", "reduce", "sendrecv"}) {
    expect_counts(spec(name).counts(10, 4, 4), 2, 2, 2, 0, 0);
  }
}

TEST(CollectiveCounts, BroadcastReduceSendRecvMoveTheWholeMessage) {
  // 1 MiB of float16 = 524288 elements.
  for (const char* name : {"broadcast", "reduce", "sendrecv"}) {
    SCOPED_TRACE(name);
    expect_counts(spec(name).counts(kMiB, 2, 4), 524288, 524288, 524288, 0, 0);
  }
}

TEST(CollectiveCounts, AllGatherSendsOneBlockAndReceivesEveryRanksBlock) {
  // 1 MiB float32 over 4 ranks: 262144 elements / 4 = 65536 per rank.
  // In place, rank r's input is at recv + r * 65536.
  expect_counts(spec("allgather").counts(kMiB, 4, 4), 65536, 262144, 65536, 65536, 0);
}

TEST(CollectiveCounts, AllGatherRoundsBlocksDownTo16Bytes) {
  // 100 int8 over 4 ranks: 25 per rank, rounded down to 16.
  expect_counts(spec("allgather").counts(100, 1, 4), 16, 64, 16, 16, 0);
}

TEST(CollectiveCounts, AllGatherBlockOfLessThan16BytesIsEmpty) {
  // 8 bytes float32 over 4 ranks: 0 whole elements per rank.
  expect_counts(spec("allgather").counts(8, 4, 4), 0, 0, 0, 0, 0);
}

TEST(CollectiveCounts, ReduceScatterReceivesOneBlockOfTheWholeReduction) {
  // 1 MiB float32 over 4 ranks: send 262144, receive 65536; in place the output of rank r
  // is at recv + r * 65536.
  expect_counts(spec("reducescatter").counts(kMiB, 4, 4), 262144, 65536, 65536, 0, 65536);
}

TEST(CollectiveCounts, ReduceScatterRoundsBlocksDownTo16Bytes) {
  // 1000 bytes float32 over 3 ranks: 250 elements, 83 per rank, down to a multiple of 4: 80.
  expect_counts(spec("reducescatter").counts(1000, 4, 3), 240, 80, 80, 0, 80);
}

TEST(CollectiveCounts, AllToAllSendsAndReceivesOneBlockPerRank) {
  // 1 MiB float32 over 8 ranks: 32768 elements per peer.
  expect_counts(spec("alltoall").counts(kMiB, 4, 8), 262144, 262144, 32768, 0, 0);
}

TEST(CollectiveCounts, AllToAllRoundsBlocksDownTo16Bytes) {
  // 120 bytes float64 over 4 ranks: 15 elements, 3 per rank, down to a multiple of 2: 2.
  expect_counts(spec("alltoall").counts(120, 8, 4), 8, 8, 2, 0, 0);
}

// --- message_bytes: the larger buffer, as nccl-tests prints it ---

TEST(MessageBytes, IsTheLargerBufferInBytes) {
  EXPECT_EQ(message_bytes(spec("allgather").counts(kMiB, 4, 4), 4), kMiB);
  EXPECT_EQ(message_bytes(spec("reducescatter").counts(kMiB, 4, 4), 4), kMiB);
  EXPECT_EQ(message_bytes(spec("allreduce").counts(kMiB, 4, 4), 4), kMiB);
}

TEST(MessageBytes, ShowsTheRoundedSizeActuallyMoved) {
  EXPECT_EQ(message_bytes(spec("allgather").counts(100, 1, 4), 1), 64u);
  EXPECT_EQ(message_bytes(spec("reducescatter").counts(1000, 4, 3), 4), 960u);
  EXPECT_EQ(message_bytes(spec("alltoall").counts(120, 8, 4), 8), 64u);
  EXPECT_EQ(message_bytes(spec("allreduce").counts(10, 4, 4), 4), 8u);
}

TEST(MessageBytes, HandBuiltCounts) {
  CollectiveCounts counts;
  counts.send_count = 3;
  counts.recv_count = 12;
  EXPECT_EQ(message_bytes(counts, 2), 24u);
  counts.send_count = 20;
  EXPECT_EQ(message_bytes(counts, 8), 160u);
}

// --- expected_output ---

void expect_block(const OutputBlock& b, std::size_t offset, std::size_t count, bool reduced, int source_rank,
                  std::size_t source_index) {
  EXPECT_EQ(b.output_offset, offset);
  EXPECT_EQ(b.count, count);
  EXPECT_EQ(b.reduced, reduced);
  if (!reduced) {
    EXPECT_EQ(b.source_rank, source_rank);
  }
  EXPECT_EQ(b.source_index, source_index);
}

// One copied block from each rank j = 0..ranks-1, in rank order: count elements at output
// offset j * count, read from rank j's input at source_index.
void expect_a_block_from_every_rank(const std::vector<OutputBlock>& blocks, int ranks, std::size_t count,
                                    std::size_t source_index) {
  ASSERT_EQ(blocks.size(), static_cast<std::size_t>(ranks));
  for (int j = 0; j < ranks; ++j) {
    SCOPED_TRACE(j);
    expect_block(blocks[j], count * j, count, false, j, source_index);
  }
}

TEST(ExpectedOutput, AllReduceIsOneReducedBlock) {
  const auto blocks = spec("allreduce").expected_output(1, 4, 100, 0);
  ASSERT_EQ(blocks.size(), 1u);
  expect_block(blocks[0], 0, 100, true, 0, 0);
}

TEST(ExpectedOutput, AllGatherHasEveryRanksBlockInRankOrder) {
  expect_a_block_from_every_rank(spec("allgather").expected_output(2, 4, 16, 0), 4, 16, 0);
}

TEST(ExpectedOutput, ReduceScatterRankGetsItsOwnBlockOfTheReduction) {
  const auto blocks = spec("reducescatter").expected_output(2, 4, 16, 0);
  ASSERT_EQ(blocks.size(), 1u);
  expect_block(blocks[0], 0, 16, true, 0, 32);  // input indexes 32..47
}

TEST(ExpectedOutput, AllToAllRank2Of4GetsBlock2OfEveryRank) {
  expect_a_block_from_every_rank(spec("alltoall").expected_output(2, 4, 16, 0), 4, 16, 32);  // block 2: indexes 32..47
}

TEST(ExpectedOutput, AllToAllRank0GetsBlock0OfEveryRank) {
  expect_a_block_from_every_rank(spec("alltoall").expected_output(0, 3, 5, 0), 3, 5, 0);
}

TEST(ExpectedOutput, BroadcastCopiesTheRootsBuffer) {
  const auto blocks = spec("broadcast").expected_output(0, 4, 100, 3);
  ASSERT_EQ(blocks.size(), 1u);
  expect_block(blocks[0], 0, 100, false, 3, 0);
}

TEST(ExpectedOutput, ReduceRootGetsTheReduction) {
  const auto blocks = spec("reduce").expected_output(2, 4, 100, 2);
  ASSERT_EQ(blocks.size(), 1u);
  expect_block(blocks[0], 0, 100, true, 0, 0);
}

TEST(ExpectedOutput, ReduceNonRootHasNoCheckedBlocks) {
  EXPECT_TRUE(spec("reduce").expected_output(0, 4, 100, 2).empty());
  EXPECT_TRUE(spec("reduce").expected_output(3, 4, 100, 2).empty());
}

TEST(ExpectedOutput, SendRecvReceivesFromThePreviousRank) {
  const CollectiveSpec& s = spec("sendrecv");
  expect_block(s.expected_output(2, 4, 10, 0).at(0), 0, 10, false, 1, 0);
  expect_block(s.expected_output(3, 4, 10, 0).at(0), 0, 10, false, 2, 0);
}

TEST(ExpectedOutput, SendRecvRankZeroReceivesFromTheLastRank) {
  expect_block(spec("sendrecv").expected_output(0, 4, 10, 0).at(0), 0, 10, false, 3, 0);
}

TEST(ExpectedOutput, SendRecvOnOneRankReceivesFromItself) {
  expect_block(spec("sendrecv").expected_output(0, 1, 10, 0).at(0), 0, 10, false, 0, 0);
}

}  // namespace
}  // namespace commbench
