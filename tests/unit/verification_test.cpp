// collectives/verify/verification.hpp and the buffer side of data_pattern.hpp: filling inputs,
// counting wrong elements, poisoning, in-place placement, and checking whole simulated
// collective outputs built here by hand (block by block, or by folding every rank's input).
#include "collectives/verify/verification.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "collectives/dtype/dtype_dispatch.hpp"
#include "collectives/dtype/half_float.hpp"

namespace commbench {
namespace {

// Element sizes written out by hand.
std::size_t element_size(Dtype dtype) {
  switch (dtype) {
    case Dtype::int8:
    case Dtype::uint8:
    case Dtype::float8_e4m3:
    case Dtype::float8_e5m2:
      return 1;
    case Dtype::float16:
    case Dtype::bfloat16:
      return 2;
    case Dtype::int32:
    case Dtype::uint32:
    case Dtype::float32:
      return 4;
    case Dtype::int64:
    case Dtype::uint64:
    case Dtype::float64:
      return 8;
  }
  return 0;
}

// The dtypes host memory holds: every one but the float8 types, whose data is generated and
// checked on the GPU only (data_pattern_test checks that the host loops refuse them).
std::vector<Dtype> host_dtypes() {
  std::vector<Dtype> dtypes;
  for (Dtype dtype : all_dtypes()) {
    if (dtype != Dtype::float8_e4m3 && dtype != Dtype::float8_e5m2) dtypes.push_back(dtype);
  }
  return dtypes;
}

// A byte buffer aligned for every element type.
class Buffer {
 public:
  explicit Buffer(std::size_t bytes) : words_(bytes / 8 + 1, 0) {}
  void* data() { return words_.data(); }
  unsigned char* bytes() { return reinterpret_cast<unsigned char*>(words_.data()); }
  void* at(std::size_t element, Dtype dtype) { return bytes() + element * element_size(dtype); }

 private:
  std::vector<std::uint64_t> words_;
};

// Stores one value (an integer that fits) in the dtype's representation; visit_dtype refuses
// float8, whose data is never stored in host memory.
void store(Dtype dtype, void* data, std::size_t k, double value) {
  visit_dtype(dtype, [&](auto tag) {
    using T = decltype(tag);
    static_cast<T*>(data)[k] = from_double<T>(value);
  });
}

// The reduction over every rank's input at index, from every rank's value in rank order
// (an oracle independent of pattern_reduced, which works from the window alone).
double hand_reduction(const DataPattern& pattern, ReduceOp op, int ranks, std::size_t index) {
  std::vector<double> values;
  for (int r = 0; r < ranks; ++r) values.push_back(pattern.input(r, index));
  switch (op) {
    case ReduceOp::sum:
      return std::accumulate(values.begin(), values.end(), 0.0);
    case ReduceOp::avg:
      return std::accumulate(values.begin(), values.end(), 0.0) / ranks;
    case ReduceOp::prod:
      return std::accumulate(values.begin(), values.end(), 1.0, std::multiplies<>());
    case ReduceOp::min:
      return *std::min_element(values.begin(), values.end());
    case ReduceOp::max:
      return *std::max_element(values.begin(), values.end());
  }
  return 0.0;  // not reached: every ReduceOp is handled above
}

// Writes the hand-folded reduction of indexes first_index .. first_index + count - 1.
void store_reduction(const DataPattern& pattern, ReduceOp op, int ranks, void* data, std::size_t count,
                     std::size_t first_index) {
  for (std::size_t k = 0; k < count; ++k) store(pattern.dtype(), data, k, hand_reduction(pattern, op, ranks, first_index + k));
}

std::string name_of(Dtype dtype) { return std::string(dtype_name(dtype)); }

const CollectiveSpec& spec(const char* name) { return *find_collective_spec(name); }

// --- fill and count_wrong_copy ---

TEST(CountWrongCopy, FilledBufferHasNoWrongElements) {
  for (Dtype dtype : host_dtypes()) {
    for (std::optional<ReduceOp> op : {std::optional<ReduceOp>{}, std::optional<ReduceOp>{ReduceOp::sum},
                                       std::optional<ReduceOp>{ReduceOp::min}}) {
      const DataPattern pattern(dtype, op, 7);
      Buffer buffer(100 * element_size(dtype));
      pattern.fill(buffer.data(), 100, 3, 1000);
      EXPECT_EQ(pattern.count_wrong_copy(buffer.data(), 100, 3, 1000), 0u) << name_of(dtype);
    }
  }
}

TEST(CountWrongCopy, OneChangedElementIsCountedOnce) {
  for (Dtype dtype : host_dtypes()) {
    const DataPattern pattern(dtype, std::nullopt, 4);
    Buffer buffer(32 * element_size(dtype));
    pattern.fill(buffer.data(), 32, 1, 0);
    *static_cast<unsigned char*>(buffer.at(5, dtype)) ^= 0x01;  // lowest byte on little-endian hosts
    EXPECT_EQ(pattern.count_wrong_copy(buffer.data(), 32, 1, 0), 1u) << name_of(dtype);
  }
}

TEST(CountWrongCopy, EveryChangedElementIsCounted) {
  const DataPattern pattern(Dtype::float32, std::nullopt, 4);
  Buffer buffer(32 * 4);
  pattern.fill(buffer.data(), 32, 2, 0);
  auto* values = static_cast<float*>(buffer.data());
  values[0] += 1.0f;
  values[17] = -values[17] - 1000.0f;
  values[31] = 0.5f;
  EXPECT_EQ(pattern.count_wrong_copy(buffer.data(), 32, 2, 0), 3u);
}

TEST(CountWrongCopy, DataFromAnotherRankOrOffsetIsWrong) {
  const DataPattern pattern(Dtype::int32, std::nullopt, 4);
  Buffer buffer(64 * 4);
  pattern.fill(buffer.data(), 64, 1, 0);
  EXPECT_GT(pattern.count_wrong_copy(buffer.data(), 64, 2, 0), 48u);
  EXPECT_GT(pattern.count_wrong_copy(buffer.data(), 64, 1, 64), 48u);
}

TEST(CountWrongCopy, NaNIsWrong) {
  const DataPattern pattern(Dtype::float32, std::nullopt, 2);
  Buffer buffer(8 * 4);
  pattern.fill(buffer.data(), 8, 0, 0);
  static_cast<float*>(buffer.data())[3] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(pattern.count_wrong_copy(buffer.data(), 8, 0, 0), 1u);
}

// --- count_wrong_reduced ---

TEST(CountWrongReduced, HandFoldedReductionHasNoWrongElements) {
  for (Dtype dtype : host_dtypes()) {
    for (ReduceOp op : all_reduce_ops()) {
      for (int ranks : {1, 3, 8}) {
        const DataPattern pattern(dtype, op, ranks);
        Buffer buffer(50 * element_size(dtype));
        store_reduction(pattern, op, ranks, buffer.data(), 50, 20);
        EXPECT_EQ(pattern.count_wrong_reduced(buffer.data(), 50, 20), 0u)
            << name_of(dtype) << " " << reduce_op_name(op) << " ranks=" << ranks;
      }
    }
  }
}

TEST(CountWrongReduced, OneChangedElementIsCountedOnce) {
  for (Dtype dtype : host_dtypes()) {
    const DataPattern pattern(dtype, ReduceOp::sum, 4);
    Buffer buffer(40 * element_size(dtype));
    store_reduction(pattern, ReduceOp::sum, 4, buffer.data(), 40, 0);
    *static_cast<unsigned char*>(buffer.at(39, dtype)) ^= 0x01;
    EXPECT_EQ(pattern.count_wrong_reduced(buffer.data(), 40, 0), 1u) << name_of(dtype);
  }
}

TEST(CountWrongReduced, ReductionMissingOneRankIsWrongSomewhere) {
  // Folding only ranks 0..2 of 4 (one rank's contribution lost) must be noticed.
  const DataPattern pattern(Dtype::float32, ReduceOp::sum, 4);
  Buffer buffer(64 * 4);
  for (std::size_t k = 0; k < 64; ++k) static_cast<float*>(buffer.data())[k] = static_cast<float>(hand_reduction(pattern, ReduceOp::sum, 3, k));
  EXPECT_GT(pattern.count_wrong_reduced(buffer.data(), 64, 0), 0u);
}

// --- poison ---

TEST(Poison, EveryPoisonedElementIsAWrongCopy) {
  for (Dtype dtype : host_dtypes()) {
    for (std::optional<ReduceOp> op : {std::optional<ReduceOp>{}, std::optional<ReduceOp>{ReduceOp::max}}) {
      // Enough elements that every value the copy pattern can hold occurs many times.
      constexpr std::size_t kCount = 8192;
      const DataPattern pattern(dtype, op, 5);
      Buffer buffer(kCount * element_size(dtype));
      pattern.fill(buffer.data(), kCount, 2, 0);
      pattern.poison(buffer.data(), kCount);
      EXPECT_EQ(pattern.count_wrong_copy(buffer.data(), kCount, 2, 0), kCount) << name_of(dtype);
    }
  }
}

TEST(Poison, EveryPoisonedElementIsAWrongReduction) {
  for (Dtype dtype : host_dtypes()) {
    for (ReduceOp op : all_reduce_ops()) {
      for (int ranks : {1, 2, 5, 64}) {
        const DataPattern pattern(dtype, op, ranks);
        Buffer buffer(64 * element_size(dtype));
        pattern.poison(buffer.data(), 64);
        EXPECT_EQ(pattern.count_wrong_reduced(buffer.data(), 64, 0), 64u)
            << name_of(dtype) << " " << reduce_op_name(op) << " ranks=" << ranks;
      }
    }
  }
}

TEST(Poison, WritesOnlyTheRequestedElements) {
  const DataPattern pattern(Dtype::int32, std::nullopt, 2);
  Buffer buffer(16 * 4);
  pattern.fill(buffer.data(), 16, 0, 0);
  pattern.poison(buffer.at(4, Dtype::int32), 8);
  EXPECT_EQ(pattern.count_wrong_copy(buffer.data(), 4, 0, 0), 0u);
  EXPECT_EQ(pattern.count_wrong_copy(buffer.at(4, Dtype::int32), 8, 0, 4), 8u);
  EXPECT_EQ(pattern.count_wrong_copy(buffer.at(12, Dtype::int32), 4, 0, 12), 0u);
}

// --- place_case ---

// Where place_case puts rank `rank`'s input and output for `bytes` of `collective` over
// `ranks` ranks, in elements of element_size bytes, given the send and receive buffers.
CasePointers placed(Buffer& send, Buffer& recv, const char* collective, std::size_t bytes, std::size_t element_size,
                    int ranks, int rank, bool in_place) {
  const CollectiveCounts counts = spec(collective).counts(bytes, element_size, ranks);
  return place_case(send.data(), recv.data(), counts, element_size, rank, in_place);
}

TEST(PlaceCase, OutOfPlaceUsesTheStartOfEachBuffer) {
  Buffer send(64), recv(256);
  const CasePointers pointers = placed(send, recv, "allgather", 64, 1, 4, 3, false);
  EXPECT_EQ(pointers.send, send.data());
  EXPECT_EQ(pointers.recv, recv.data());
}

TEST(PlaceCase, InPlaceAllGatherInputIsTheRanksOwnBlockOfTheOutput) {
  // 1 MiB float32 over 4 ranks: blocks of 65536 elements = 262144 bytes; rank 2's input is
  // at byte 524288 of the receive buffer, its output at the start.
  Buffer send(16), recv(1 << 20);
  const CasePointers pointers = placed(send, recv, "allgather", 1 << 20, 4, 4, 2, true);
  EXPECT_EQ(pointers.send, recv.bytes() + 524288);
  EXPECT_EQ(pointers.recv, recv.data());
}

TEST(PlaceCase, InPlaceReduceScatterOutputIsTheRanksOwnBlockOfTheInput) {
  // 1 MiB float32 over 4 ranks: rank 3's output is at byte 3 * 262144 = 786432.
  Buffer send(16), recv(1 << 20);
  const CasePointers pointers = placed(send, recv, "reducescatter", 1 << 20, 4, 4, 3, true);
  EXPECT_EQ(pointers.send, recv.data());
  EXPECT_EQ(pointers.recv, recv.bytes() + 786432);
}

TEST(PlaceCase, InPlaceAllGatherWithRoundedInt8Blocks) {
  // 100 int8 over 4 ranks: blocks of 16; rank 1's input at byte 16.
  Buffer send(16), recv(128);
  const CasePointers pointers = placed(send, recv, "allgather", 100, 1, 4, 1, true);
  EXPECT_EQ(pointers.send, recv.bytes() + 16);
  EXPECT_EQ(pointers.recv, recv.data());
}

TEST(PlaceCase, InPlaceAllReduceUsesTheReceiveBufferForBoth) {
  Buffer send(16), recv(64);
  const CasePointers pointers = placed(send, recv, "allreduce", 64, 4, 4, 3, true);
  EXPECT_EQ(pointers.send, recv.data());
  EXPECT_EQ(pointers.recv, recv.data());
}

// --- fill_input ---

TEST(FillInput, WritesExactlyTheSendCountFromIndexZero) {
  const DataPattern pattern(Dtype::int32, std::nullopt, 4);
  const CollectiveCounts counts = spec("allgather").counts(256, 4, 4);  // 16 elements per rank
  ASSERT_EQ(counts.send_count, 16u);
  Buffer buffer(20 * 4);
  auto* values = static_cast<std::int32_t*>(buffer.data());
  for (int k = 0; k < 20; ++k) values[k] = -12345;
  fill_input(host_pattern_access(), pattern, counts, 2, buffer.data());
  EXPECT_EQ(pattern.count_wrong_copy(buffer.data(), 16, 2, 0), 0u);
  for (int k = 16; k < 20; ++k) EXPECT_EQ(values[k], -12345) << k;
}

// --- count_wrong_output and corrupt_one_output_element on simulated outputs ---

TEST(CountWrongOutput, CorrectAllGatherOutputHasNoWrongElements) {
  for (Dtype dtype : host_dtypes()) {
    const int ranks = 4;
    const DataPattern pattern(dtype, std::nullopt, ranks);
    const CollectiveCounts counts = spec("allgather").counts(1024, element_size(dtype), ranks);
    Buffer output(counts.recv_count * element_size(dtype));
    for (int j = 0; j < ranks; ++j) {
      pattern.fill(output.at(static_cast<std::size_t>(j) * counts.param_count, dtype), counts.param_count, j, 0);
    }
    for (int rank = 0; rank < ranks; ++rank) {
      EXPECT_EQ(count_wrong_output(host_pattern_access(), spec("allgather"), pattern, rank, ranks, counts.param_count, 0, output.data()), 0u)
          << name_of(dtype) << " rank " << rank;
    }
  }
}

TEST(CountWrongOutput, CorruptedAllGatherOutputHasOneWrongElement) {
  for (Dtype dtype : host_dtypes()) {
    const int ranks = 4;
    const DataPattern pattern(dtype, std::nullopt, ranks);
    const CollectiveCounts counts = spec("allgather").counts(1024, element_size(dtype), ranks);
    Buffer output(counts.recv_count * element_size(dtype));
    for (int j = 0; j < ranks; ++j) {
      pattern.fill(output.at(static_cast<std::size_t>(j) * counts.param_count, dtype), counts.param_count, j, 0);
    }
    ASSERT_TRUE(corrupt_one_output_element(host_pattern_access(), spec("allgather"), 1, ranks, counts.param_count, 0, element_size(dtype),
                                           output.data()));
    EXPECT_EQ(count_wrong_output(host_pattern_access(), spec("allgather"), pattern, 1, ranks, counts.param_count, 0, output.data()), 1u)
        << name_of(dtype);
  }
}

TEST(CountWrongOutput, AllGatherWithSwappedBlocksIsWrong) {
  const int ranks = 4;
  const DataPattern pattern(Dtype::float32, std::nullopt, ranks);
  const std::size_t block = 32;
  Buffer output(block * ranks * 4);
  const int source_of_block[] = {0, 2, 1, 3};
  for (int j = 0; j < ranks; ++j) pattern.fill(output.at(j * block, Dtype::float32), block, source_of_block[j], 0);
  EXPECT_GT(count_wrong_output(host_pattern_access(), spec("allgather"), pattern, 0, ranks, block, 0, output.data()), block);
}

TEST(CountWrongOutput, PoisonedAllGatherOutputIsWrongEverywhere) {
  const DataPattern pattern(Dtype::bfloat16, std::nullopt, 3);
  Buffer output(3 * 16 * 2);
  pattern.poison(output.data(), 48);
  EXPECT_EQ(count_wrong_output(host_pattern_access(), spec("allgather"), pattern, 0, 3, 16, 0, output.data()), 48u);
}

TEST(CountWrongOutput, CorrectAllToAllOutputHasNoWrongElements) {
  // Rank 1 of 3 receives block 1 (indexes 8..15) of every rank's input.
  const int ranks = 3;
  const std::size_t block = 8;
  const DataPattern pattern(Dtype::int8, std::nullopt, ranks);
  Buffer output(block * ranks);
  for (int j = 0; j < ranks; ++j) pattern.fill(output.at(j * block, Dtype::int8), block, j, 1 * block);
  EXPECT_EQ(count_wrong_output(host_pattern_access(), spec("alltoall"), pattern, 1, ranks, block, 0, output.data()), 0u);
  ASSERT_TRUE(corrupt_one_output_element(host_pattern_access(), spec("alltoall"), 1, ranks, block, 0, 1, output.data()));
  EXPECT_EQ(count_wrong_output(host_pattern_access(), spec("alltoall"), pattern, 1, ranks, block, 0, output.data()), 1u);
}

TEST(CountWrongOutput, AllToAllWithAllGatherSemanticsIsWrong) {
  // Rank 1 holding block 0 of every rank (what an allgather of the first blocks would give).
  const int ranks = 3;
  const std::size_t block = 16;
  const DataPattern pattern(Dtype::int32, std::nullopt, ranks);
  Buffer output(block * ranks * 4);
  for (int j = 0; j < ranks; ++j) pattern.fill(output.at(j * block, Dtype::int32), block, j, 0);
  EXPECT_GT(count_wrong_output(host_pattern_access(), spec("alltoall"), pattern, 1, ranks, block, 0, output.data()), block);
}

TEST(CountWrongOutput, CorrectAllReduceOutputHasNoWrongElements) {
  for (Dtype dtype : {Dtype::int32, Dtype::float16, Dtype::bfloat16, Dtype::uint8, Dtype::uint32, Dtype::uint64}) {
    for (ReduceOp op : all_reduce_ops()) {
      const int ranks = 6;
      const DataPattern pattern(dtype, op, ranks);
      Buffer output(100 * element_size(dtype));
      store_reduction(pattern, op, ranks, output.data(), 100, 0);
      for (int rank = 0; rank < ranks; ++rank) {
        EXPECT_EQ(count_wrong_output(host_pattern_access(), spec("allreduce"), pattern, rank, ranks, 100, 0, output.data()), 0u)
            << name_of(dtype) << " " << reduce_op_name(op);
      }
      ASSERT_TRUE(corrupt_one_output_element(host_pattern_access(), spec("allreduce"), 0, ranks, 100, 0, element_size(dtype), output.data()));
      EXPECT_EQ(count_wrong_output(host_pattern_access(), spec("allreduce"), pattern, 0, ranks, 100, 0, output.data()), 1u)
          << name_of(dtype) << " " << reduce_op_name(op);
    }
  }
}

TEST(CountWrongOutput, ReduceScatterRankChecksItsOwnBlockOfTheReduction) {
  // Rank 2 of 4 with blocks of 16: indexes 32..47 of the reduction.
  const int ranks = 4;
  const std::size_t block = 16;
  const DataPattern pattern(Dtype::float32, ReduceOp::sum, ranks);
  Buffer output(block * 4);
  store_reduction(pattern, ReduceOp::sum, ranks, output.data(), block, 2 * block);
  EXPECT_EQ(count_wrong_output(host_pattern_access(), spec("reducescatter"), pattern, 2, ranks, block, 0, output.data()), 0u);
  // The same data is the wrong block for rank 0.
  EXPECT_GT(count_wrong_output(host_pattern_access(), spec("reducescatter"), pattern, 0, ranks, block, 0, output.data()), 0u);
}

TEST(CountWrongOutput, BroadcastOutputIsTheRootsInput) {
  const DataPattern pattern(Dtype::float64, std::nullopt, 4);
  Buffer output(50 * 8);
  pattern.fill(output.data(), 50, 2, 0);
  EXPECT_EQ(count_wrong_output(host_pattern_access(), spec("broadcast"), pattern, 0, 4, 50, 2, output.data()), 0u);
  EXPECT_GT(count_wrong_output(host_pattern_access(), spec("broadcast"), pattern, 0, 4, 50, 1, output.data()), 25u);
}

TEST(CountWrongOutput, SendRecvRankZeroExpectsTheLastRanksData) {
  const DataPattern pattern(Dtype::int64, std::nullopt, 4);
  Buffer from_last(40 * 8), from_next(40 * 8);
  pattern.fill(from_last.data(), 40, 3, 0);
  pattern.fill(from_next.data(), 40, 1, 0);
  EXPECT_EQ(count_wrong_output(host_pattern_access(), spec("sendrecv"), pattern, 0, 4, 40, 0, from_last.data()), 0u);
  EXPECT_GT(count_wrong_output(host_pattern_access(), spec("sendrecv"), pattern, 0, 4, 40, 0, from_next.data()), 20u);
}

TEST(CountWrongOutput, ReduceNonRootOutputIsNotChecked) {
  const DataPattern pattern(Dtype::float32, ReduceOp::sum, 4);
  Buffer output(32 * 4);
  pattern.poison(output.data(), 32);
  EXPECT_EQ(count_wrong_output(host_pattern_access(), spec("reduce"), pattern, 1, 4, 32, 0, output.data()), 0u);
}

TEST(CountWrongOutput, ReduceRootOutputIsChecked) {
  const DataPattern pattern(Dtype::float32, ReduceOp::sum, 4);
  Buffer output(32 * 4);
  pattern.poison(output.data(), 32);
  EXPECT_EQ(count_wrong_output(host_pattern_access(), spec("reduce"), pattern, 0, 4, 32, 0, output.data()), 32u);
  store_reduction(pattern, ReduceOp::sum, 4, output.data(), 32, 0);
  EXPECT_EQ(count_wrong_output(host_pattern_access(), spec("reduce"), pattern, 0, 4, 32, 0, output.data()), 0u);
}

TEST(CorruptOneOutputElement, ReduceNonRootHasNothingToCorrupt) {
  Buffer output(32 * 4);
  std::memset(output.data(), 0x5a, 32 * 4);
  EXPECT_FALSE(corrupt_one_output_element(host_pattern_access(), spec("reduce"), 1, 4, 32, 0, 4, output.data()));
  for (std::size_t k = 0; k < 32 * 4; ++k) ASSERT_EQ(output.bytes()[k], 0x5a) << k;
}

TEST(CorruptOneOutputElement, EmptyBlocksHaveNothingToCorrupt) {
  Buffer output(16);
  EXPECT_FALSE(corrupt_one_output_element(host_pattern_access(), spec("allgather"), 0, 4, 0, 0, 4, output.data()));
}

TEST(CorruptOneOutputElement, ChangesExactlyOneElement) {
  const DataPattern pattern(Dtype::float16, std::nullopt, 2);
  Buffer output(2 * 10 * 2);
  pattern.fill(output.at(0, Dtype::float16), 10, 0, 0);
  pattern.fill(output.at(10, Dtype::float16), 10, 1, 0);
  std::vector<unsigned char> before(output.bytes(), output.bytes() + 40);
  ASSERT_TRUE(corrupt_one_output_element(host_pattern_access(), spec("allgather"), 0, 2, 10, 0, 2, output.data()));
  int changed_bytes = 0;
  for (std::size_t k = 0; k < 40; ++k) changed_bytes += before[k] != output.bytes()[k];
  EXPECT_EQ(changed_bytes, 1);
}

}  // namespace
}  // namespace commbench
