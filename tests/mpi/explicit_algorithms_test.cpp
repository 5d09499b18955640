// collectives/algorithms/explicit_algorithms.hpp under mpirun: every collective/algorithm pair, every
// host dtype, every operator, both placements, counts {0, 1, p - 1, p + 1, 1003} and every
// root, each checked exactly as the sweep checks the library collectives: outputs poisoned,
// inputs filled with the suite's DataPattern, the result counted by count_wrong_output
// against the collective's CollectiveSpec, summed over ranks. Also checked: out of place
// leaves the input as it was, nothing is written beyond the buffers, "hierarchical" on
// emulated hosts (and refused for unequal ones), and the errors for unknown pairs, a
// workspace too small and a root that is not a rank. ctest runs it with 2, 3, 4 and 6 ranks.
#include <gtest/gtest.h>
#include <mpi.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/run/progress_monitor.hpp"
#include "bench/run/tracked_backend.hpp"
#include "collectives/algorithms/explicit_algorithms.hpp"
#include "collectives/mpi/mpi_backend.hpp"
#include "collectives/pattern/data_pattern.hpp"
#include "collectives/verify/verification.hpp"

namespace commbench {
namespace {

constexpr std::size_t kLargestCount = 1003;  // 1000 + 3: uneven blocks for every p here but 1
constexpr unsigned char kGuardByte = 0xA5;   // what the bytes beyond a case's buffers hold

std::vector<Dtype> host_dtypes() {
  std::vector<Dtype> dtypes;
  for (Dtype dtype : all_dtypes()) {
    if (!dtype_is_float8(dtype)) dtypes.push_back(dtype);
  }
  return dtypes;
}

// A case's element counts laid out by nccl-tests' convention, as collective_specs.cpp does,
// but for any per-rank count: spec->counts() rounds blocks down to 16 bytes, and the test
// wants odd ones. CountsFollowTheSpecs checks this against spec->counts() where they agree.
CollectiveCounts counts_for(std::string_view collective, std::size_t count, int ranks) {
  const std::size_t p = static_cast<std::size_t>(ranks);
  if (collective == "allgather") return {count, count * p, count, count, 0};
  if (collective == "reducescatter") return {count * p, count, count, 0, count};
  return {count, count, count, 0, 0};
}

// The largest message of any case here, for the workspace and the buffers.
std::size_t largest_message_bytes(int ranks) { return kLargestCount * static_cast<std::size_t>(ranks) * 8; }

struct Pair {
  std::string collective;
  std::string algorithm;
};

// How GoogleTest names a failing parameter.
void PrintTo(const Pair& pair, std::ostream* out) { *out << pair.collective << "/" << pair.algorithm; }

std::vector<Pair> every_pair() {
  std::vector<Pair> pairs;
  for (const CollectiveSpec* spec : all_collective_specs()) {
    for (const std::string& algorithm : explicit_algorithms(spec->name())) {
      pairs.push_back({std::string(spec->name()), algorithm});
    }
  }
  return pairs;
}

std::string describe(const Pair& pair, Dtype dtype, std::optional<ReduceOp> op, std::size_t count, int root,
                     bool in_place) {
  std::ostringstream text;
  text << pair.collective << "/" << pair.algorithm << " " << dtype_name(dtype);
  if (op) text << " " << reduce_op_name(*op);
  text << " count " << count << " root " << root << (in_place ? " in place" : " out of place");
  return text.str();
}

// Sums a per-rank count over every rank (every rank then sees any rank's failure).
std::uint64_t sum_over_ranks(Backend& backend, std::uint64_t value) {
  double total = static_cast<double>(value);
  backend.host_allreduce(&total, 1, ReduceOp::sum);
  return static_cast<std::uint64_t>(total);
}

std::size_t bytes_differing_from(const unsigned char* data, std::size_t bytes, unsigned char expected) {
  return static_cast<std::size_t>(std::count_if(data, data + bytes, [&](unsigned char b) { return b != expected; }));
}

class ExplicitAlgorithmsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_ = MpiBackend::world();
    ranks_ = backend_->size();
    rank_ = backend_->rank();
    send_buffer_ = backend_->allocate(largest_message_bytes(ranks_));
    recv_buffer_ = backend_->allocate(largest_message_bytes(ranks_));
  }

  // Ranks 2k and 2k + 1 on host k: "hierarchical" on hosts of two ranks (the last alone
  // when p is odd, which makes the hosts unequal).
  std::vector<int> paired_hosts() const {
    std::vector<int> hosts;
    for (int rank = 0; rank < ranks_; ++rank) hosts.push_back(rank / 2);
    return hosts;
  }

  // One case as the sweep's verification pass runs it (bench/sweep/case_runner.cpp): poison the
  // output, fill the input, run, count the wrong elements; plus the checks the sweep does
  // not make. Returns the wrong elements and bytes over every rank (0 when right).
  std::uint64_t run_case(const Pair& pair, AlgorithmWorkspace& workspace, Dtype dtype, std::optional<ReduceOp> op,
                         std::size_t count, int root, bool in_place) {
    const CollectiveSpec& spec = *find_collective_spec(pair.collective);
    const DataPattern pattern(dtype, op, ranks_);
    const PatternAccess& access = backend_->pattern_access();
    const std::size_t element = dtype_size(dtype);
    const CollectiveCounts counts = counts_for(pair.collective, count, ranks_);
    const std::size_t message = std::max(counts.send_count, counts.recv_count) * element;

    auto* send_base = static_cast<unsigned char*>(send_buffer_->data());
    auto* recv_base = static_cast<unsigned char*>(recv_buffer_->data());
    std::memset(send_base, kGuardByte, send_buffer_->bytes());
    std::memset(recv_base, kGuardByte, recv_buffer_->bytes());
    const CasePointers pointers = place_case(send_base, recv_base, counts, element, rank_, in_place);
    access.poison(pattern, recv_base, message / element);
    fill_input(access, pattern, counts, rank_, pointers.send);

    CollectiveCall call;
    call.send = pointers.send;
    call.recv = pointers.recv;
    call.param_count = counts.param_count;
    call.dtype = dtype;
    call.op = op.value_or(ReduceOp::sum);
    call.root = root;
    std::uint64_t wrong = 0;
    std::string error;
    try {
      run_explicit_algorithm(pair.collective, pair.algorithm, *backend_, call, workspace);
      backend_->synchronize();
      wrong += count_wrong_output(access, spec, pattern, rank_, ranks_, counts.param_count, root, pointers.recv);
      if (!in_place) {
        // The input of an out-of-place call is only read.
        wrong += access.count_wrong_copy(pattern, pointers.send, counts.send_count, rank_, 0);
        wrong += bytes_differing_from(send_base + counts.send_count * element,
                                      send_buffer_->bytes() - counts.send_count * element, kGuardByte);
      }
      // Nothing beyond the case's place in the output buffer is written.
      wrong += bytes_differing_from(recv_base + message, recv_buffer_->bytes() - message, kGuardByte);
    } catch (const std::exception& failure) {
      error = failure.what();
      wrong += 1;
    }
    const std::uint64_t total = sum_over_ranks(*backend_, wrong);
    EXPECT_EQ(total, 0u) << describe(pair, dtype, op, count, root, in_place)
                         << (error.empty() ? "" : ": rank " + std::to_string(rank_) + " threw " + error);
    return total;
  }

  // Every dtype, operator, count, root and placement of pair; stops after a few failing
  // cases so that one bug does not print thousands of lines.
  void check_every_case(const Pair& pair, AlgorithmWorkspace& workspace) {
    const CollectiveSpec& spec = *find_collective_spec(pair.collective);
    std::vector<std::optional<ReduceOp>> ops{std::nullopt};
    if (spec.uses_op()) ops.assign(all_reduce_ops().begin(), all_reduce_ops().end());
    const int roots = spec.uses_root() ? ranks_ : 1;
    const std::size_t p = static_cast<std::size_t>(ranks_);
    const std::vector<std::size_t> counts{0, 1, p - 1, p + 1, kLargestCount};
    int failing = 0;
    int cases = 0;
    for (Dtype dtype : host_dtypes()) {
      for (const std::optional<ReduceOp>& op : ops) {
        for (std::size_t count : counts) {
          for (int root = 0; root < roots; ++root) {
            for (bool in_place : {false, true}) {
              ++cases;
              if (run_case(pair, workspace, dtype, op, count, root, in_place) != 0 && ++failing == 5) {
                FAIL() << "stopped after 5 failing cases of " << pair.collective << "/" << pair.algorithm;
              }
            }
          }
        }
      }
    }
    EXPECT_GT(cases, 0);
  }

  std::unique_ptr<Backend> backend_;
  int ranks_ = 0;
  int rank_ = 0;
  std::unique_ptr<Buffer> send_buffer_;
  std::unique_ptr<Buffer> recv_buffer_;
};

// --- Every pair, exactly ---

class EveryAlgorithmTest : public ExplicitAlgorithmsTest, public ::testing::WithParamInterface<Pair> {};

TEST_P(EveryAlgorithmTest, GivesTheExactResultInEveryCase) {
  const Pair& pair = GetParam();
  if (pair.algorithm == "hierarchical") {
    // One host holding every rank, and one rank per host: both degenerate shapes run.
    AlgorithmWorkspace one_host(*backend_, largest_message_bytes(ranks_), std::vector<int>(ranks_, 0));
    check_every_case(pair, one_host);
    std::vector<int> own_hosts;
    for (int rank = 0; rank < ranks_; ++rank) own_hosts.push_back(rank);
    AlgorithmWorkspace single_ranks(*backend_, largest_message_bytes(ranks_), own_hosts);
    check_every_case(pair, single_ranks);
    return;  // the shapes with several ranks on several hosts: HierarchicalTest
  }
  AlgorithmWorkspace workspace(*backend_, largest_message_bytes(ranks_), paired_hosts());
  check_every_case(pair, workspace);
}

INSTANTIATE_TEST_SUITE_P(ExplicitAlgorithms, EveryAlgorithmTest, ::testing::ValuesIn(every_pair()),
                         [](const ::testing::TestParamInfo<Pair>& info) {
                           std::string name = info.param.collective + "_" + info.param.algorithm;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// --- hierarchical on emulated hosts ---

using HierarchicalTest = ExplicitAlgorithmsTest;

TEST_F(HierarchicalTest, RunsOnHostsOfTwoRanksEach) {
  if (ranks_ % 2 != 0) GTEST_SKIP() << ranks_ << " ranks do not pair up";
  AlgorithmWorkspace workspace(*backend_, largest_message_bytes(ranks_), paired_hosts());
  EXPECT_EQ(algorithm_unavailable("allreduce", "hierarchical", workspace), "");
  check_every_case({"allreduce", "hierarchical"}, workspace);
}

TEST_F(HierarchicalTest, RunsWhenAHostsRanksAreNotConsecutive) {
  // Hosts by rank parity (0, 1, 0, 1, ...): a host's ranks are ordered by rank, the ranks
  // across hosts by host, whatever the world order.
  if (ranks_ % 2 != 0) GTEST_SKIP() << ranks_ << " ranks do not split into two equal hosts";
  std::vector<int> hosts;
  for (int rank = 0; rank < ranks_; ++rank) hosts.push_back(1 - rank % 2);
  AlgorithmWorkspace workspace(*backend_, largest_message_bytes(ranks_), hosts);
  EXPECT_EQ(algorithm_unavailable("allreduce", "hierarchical", workspace), "");
  for (ReduceOp op : all_reduce_ops()) {
    for (bool in_place : {false, true}) {
      run_case({"allreduce", "hierarchical"}, workspace, Dtype::int32, op, kLargestCount, 0, in_place);
      run_case({"allreduce", "hierarchical"}, workspace, Dtype::bfloat16, op, 7, 0, in_place);
    }
  }
}

TEST_F(HierarchicalTest, RunsOnHostsOfThreeRanksEach) {
  if (ranks_ % 3 != 0 || ranks_ == 3) GTEST_SKIP() << ranks_ << " ranks do not make several hosts of three";
  std::vector<int> hosts;
  for (int rank = 0; rank < ranks_; ++rank) hosts.push_back(rank / 3);
  AlgorithmWorkspace workspace(*backend_, largest_message_bytes(ranks_), hosts);
  check_every_case({"allreduce", "hierarchical"}, workspace);
}

TEST_F(HierarchicalTest, UnequalHostsMakeItUnavailableWithAOneLineReason) {
  std::vector<int> hosts(static_cast<std::size_t>(ranks_), 0);
  if (ranks_ >= 3) {
    hosts.back() = 1;  // p - 1 ranks on host 0, one on host 1
    AlgorithmWorkspace workspace(*backend_, largest_message_bytes(ranks_), hosts);
    const std::string reason = algorithm_unavailable("allreduce", "hierarchical", workspace);
    EXPECT_NE(reason.find("same number of ranks on every host"), std::string::npos) << reason;
    EXPECT_EQ(reason.find('\n'), std::string::npos) << reason;
    // The other algorithms do not care about hosts.
    EXPECT_EQ(algorithm_unavailable("allreduce", "ring", workspace), "");
    // Running it anyway is refused on every rank before any message.
    std::int32_t value = 1;
    CollectiveCall call{&value, &value, 1, Dtype::int32, ReduceOp::sum, 0};
    EXPECT_THROW(run_explicit_algorithm("allreduce", "hierarchical", *backend_, call, workspace), std::runtime_error);
  }
  if (ranks_ % 2 == 1 && ranks_ > 1) {  // the last rank alone on its host
    AlgorithmWorkspace paired(*backend_, largest_message_bytes(ranks_), paired_hosts());
    EXPECT_NE(algorithm_unavailable("allreduce", "hierarchical", paired), "");
  }
  // A host index missing for some rank is a reason too.
  hosts.push_back(0);
  AlgorithmWorkspace too_many(*backend_, largest_message_bytes(ranks_), hosts);
  EXPECT_NE(algorithm_unavailable("allreduce", "hierarchical", too_many).find("host of each"), std::string::npos);
}

// --- the names and the errors ---

TEST(ExplicitAlgorithmNames, ListEachCollectivesAlgorithmsAndEveryName) {
  EXPECT_EQ(explicit_algorithms("allreduce"),
            (std::vector<std::string>{"ring", "recursive-doubling", "rabenseifner", "hierarchical"}));
  EXPECT_EQ(explicit_algorithms("allgather"), (std::vector<std::string>{"ring"}));
  EXPECT_EQ(explicit_algorithms("reducescatter"), (std::vector<std::string>{"ring"}));
  EXPECT_EQ(explicit_algorithms("broadcast"), (std::vector<std::string>{"binomial"}));
  EXPECT_EQ(explicit_algorithms("reduce"), (std::vector<std::string>{"binomial"}));
  EXPECT_TRUE(explicit_algorithms("alltoall").empty());
  EXPECT_TRUE(explicit_algorithms("sendrecv").empty());
  EXPECT_TRUE(explicit_algorithms("no-such-collective").empty());
  EXPECT_EQ(algorithm_names(), (std::vector<std::string>{kNativeAlgorithm, "ring", "recursive-doubling",
                                                         "rabenseifner", "hierarchical", "binomial"}));
}

TEST(ExplicitAlgorithmNames, CountsFollowTheSpecs) {
  // Where spec->counts() keeps the block as asked (a multiple of 16 bytes), the test's own
  // layout must be the same.
  for (const CollectiveSpec* spec : all_collective_specs()) {
    if (explicit_algorithms(spec->name()).empty()) continue;
    for (int ranks : {1, 3, 4}) {
      const std::size_t block = 8;  // int64: 64 bytes per rank
      const CollectiveCounts expected = spec->counts(block * 8 * static_cast<std::size_t>(ranks), 8, ranks);
      const std::size_t param = expected.param_count;
      const CollectiveCounts mine = counts_for(spec->name(), param, ranks);
      EXPECT_EQ(mine.send_count, expected.send_count) << spec->name();
      EXPECT_EQ(mine.recv_count, expected.recv_count) << spec->name();
      EXPECT_EQ(mine.send_inplace_offset, expected.send_inplace_offset) << spec->name();
      EXPECT_EQ(mine.recv_inplace_offset, expected.recv_inplace_offset) << spec->name();
    }
  }
}

using ExplicitAlgorithmErrorsTest = ExplicitAlgorithmsTest;

// The message of what running collective with algorithm throws, or "" when it does not.
std::string invalid_argument_of(Backend& backend, AlgorithmWorkspace& workspace, const std::string& collective,
                                const std::string& algorithm) {
  std::int32_t value = 1;
  const CollectiveCall call{&value, &value, 1, Dtype::int32, ReduceOp::sum, 0};
  try {
    run_explicit_algorithm(collective, algorithm, backend, call, workspace);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "";
}

TEST_F(ExplicitAlgorithmErrorsTest, AnUnknownPairIsAnInvalidArgumentNamingBoth) {
  AlgorithmWorkspace workspace(*backend_, 64, paired_hosts());
  const std::vector<std::pair<std::string, std::string>> unknown{{"allreduce", "bogus"},
                                                                 {"alltoall", "ring"},
                                                                 {"broadcast", "ring"},
                                                                 {"allgather", "recursive-doubling"},
                                                                 {"reduce", "hierarchical"},
                                                                 {"no-such-collective", "ring"},
                                                                 {"allreduce", "native"},
                                                                 {"allreduce", ""}};
  for (const auto& [collective, algorithm] : unknown) {
    const std::string message = invalid_argument_of(*backend_, workspace, collective, algorithm);
    const std::string pair = collective + "/" + algorithm + ": " + message;
    EXPECT_NE(message.find("\"" + collective + "\""), std::string::npos) << pair;
    EXPECT_NE(message.find("\"" + algorithm + "\""), std::string::npos) << pair;
    EXPECT_THROW(algorithm_unavailable(collective, algorithm, workspace), std::invalid_argument);
  }
  // A collective with algorithms says which it has.
  EXPECT_NE(invalid_argument_of(*backend_, workspace, "allreduce", "bogus").find("ring, recursive-doubling"),
            std::string::npos);
}

TEST_F(ExplicitAlgorithmErrorsTest, ARootThatIsNotARankIsRefused) {
  AlgorithmWorkspace workspace(*backend_, 64, paired_hosts());
  std::int32_t value = 1;
  for (int root : {-1, ranks_}) {
    const CollectiveCall call{&value, &value, 1, Dtype::int32, ReduceOp::sum, root};
    EXPECT_THROW(run_explicit_algorithm("broadcast", "binomial", *backend_, call, workspace), std::invalid_argument);
    EXPECT_THROW(run_explicit_algorithm("reduce", "binomial", *backend_, call, workspace), std::invalid_argument);
  }
}

TEST_F(ExplicitAlgorithmErrorsTest, AWorkspaceTooSmallIsRefusedOnEveryRankBeforeAnyMessage) {
  if (ranks_ == 1) GTEST_SKIP() << "one rank needs no scratch";
  AlgorithmWorkspace workspace(*backend_, 16, paired_hosts());
  std::vector<double> data(kLargestCount, 1.0);
  const CollectiveCall call{data.data(), data.data(), data.size(), Dtype::float64, ReduceOp::sum, 0};
  for (const char* algorithm : {"ring", "recursive-doubling", "rabenseifner"}) {
    try {
      run_explicit_algorithm("allreduce", algorithm, *backend_, call, workspace);
      ADD_FAILURE() << algorithm << " ran with 24 B of scratch";
    } catch (const std::runtime_error& error) {
      EXPECT_NE(std::string(error.what()).find("scratch"), std::string::npos) << error.what();
    }
  }
  backend_->barrier();  // every rank refused alike: nobody is left waiting
}

TEST_F(ExplicitAlgorithmErrorsTest, TheCheckCatchesAWrongResult) {
  // The verification these tests rely on is live: one flipped output element per rank is
  // counted.
  AlgorithmWorkspace workspace(*backend_, largest_message_bytes(ranks_), paired_hosts());
  const CollectiveSpec& spec = *find_collective_spec("allreduce");
  const DataPattern pattern(Dtype::float32, ReduceOp::sum, ranks_);
  std::vector<float> send(kLargestCount), recv(kLargestCount);
  const CollectiveCounts counts = counts_for("allreduce", kLargestCount, ranks_);
  fill_input(host_pattern_access(), pattern, counts, rank_, send.data());
  const CollectiveCall call{send.data(), recv.data(), kLargestCount, Dtype::float32, ReduceOp::sum, 0};
  run_explicit_algorithm("allreduce", "ring", *backend_, call, workspace);
  EXPECT_EQ(count_wrong_output(host_pattern_access(), spec, pattern, rank_, ranks_, kLargestCount, 0, recv.data()), 0u);
  corrupt_one_output_element(host_pattern_access(), spec, rank_, ranks_, kLargestCount, 0, sizeof(float), recv.data());
  EXPECT_EQ(count_wrong_output(host_pattern_access(), spec, pattern, rank_, ranks_, kLargestCount, 0, recv.data()), 1u);
}

TEST_F(ExplicitAlgorithmErrorsTest, EveryMessageGoesThroughTheTrackedBackend) {
  // Run on a TrackedBackend, as the sweep runs it, each exchange is reported to the monitor.
  ProgressMonitor monitor;
  TrackedBackend tracked(MpiBackend::world(), monitor);
  AlgorithmWorkspace workspace(tracked, largest_message_bytes(ranks_), paired_hosts());
  std::vector<std::int64_t> data(kLargestCount, rank_);
  const CollectiveCall call{data.data(), data.data(), data.size(), Dtype::int64, ReduceOp::sum, 0};
  run_explicit_algorithm("allreduce", "ring", tracked, call, workspace);
  const std::int64_t expected = static_cast<std::int64_t>(ranks_) * (ranks_ - 1) / 2;
  EXPECT_EQ(std::count(data.begin(), data.end(), expected), static_cast<std::ptrdiff_t>(data.size()));
  const ProgressSnapshot snapshot = monitor.snapshot();
  EXPECT_FALSE(snapshot.in_flight);
  if (ranks_ > 1) {
    // p - 1 reduce-scatter steps (an exchange and a local reduce each), then p - 1 exchanges.
    EXPECT_EQ(snapshot.transitions, 2u * 3 * static_cast<std::uint64_t>(ranks_ - 1));
    EXPECT_EQ(std::string(snapshot.call.name), "exchange");
    EXPECT_EQ(snapshot.call.peer, (rank_ + 1) % ranks_);
    EXPECT_EQ(snapshot.call.source, (rank_ - 1 + ranks_) % ranks_);
  }
}

}  // namespace
}  // namespace commbench
