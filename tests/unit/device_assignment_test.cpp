// topology/discovery/device_assignment.hpp: which GPU each rank uses, from every rank's view.
#include "topology/discovery/device_assignment.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace commbench {
namespace {

RankDeviceView unset_view(const std::string& host, int device_count, const std::string& boot = "boot-1") {
  return {host, host + ":" + boot, "", false, device_count};
}

RankDeviceView bound_view(const std::string& host, const std::string& visible, int device_count) {
  return {host, host + ":boot-1", visible, true, device_count};
}

// The error's message, or "" when nothing was thrown.
std::string failure_of(const std::vector<RankDeviceView>& ranks) {
  try {
    assign_devices(ranks);
  } catch (const DeviceAssignmentError& error) {
    return error.what();
  }
  return "";
}

void expect_contains(const std::string& text, const std::string& part) {
  EXPECT_NE(text.find(part), std::string::npos) << "'" << part << "' not in: " << text;
}

TEST(AssignDevices, OneHostEightRanksEightGpus) {
  const std::vector<RankDeviceView> ranks(8, unset_view("node1", 8));
  EXPECT_EQ(assign_devices(ranks), (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7}));
}

TEST(AssignDevices, TwoHostsOfFourRanksAndFourGpus) {
  std::vector<RankDeviceView> ranks(4, unset_view("node1", 4));
  ranks.insert(ranks.end(), 4, unset_view("node2", 4));
  EXPECT_EQ(assign_devices(ranks), (std::vector<int>{0, 1, 2, 3, 0, 1, 2, 3}));
}

TEST(AssignDevices, RanksInterleavedOverHostsCountWithinEachHost) {
  // Round-robin placement: ranks 0 and 2 on node1, 1 and 3 on node2.
  const std::vector<RankDeviceView> ranks{unset_view("node1", 2), unset_view("node2", 2), unset_view("node1", 2),
                                          unset_view("node2", 2)};
  EXPECT_EQ(assign_devices(ranks), (std::vector<int>{0, 0, 1, 1}));
}

TEST(AssignDevices, SameHostnameWithDifferentBootIdsAreDifferentHosts) {
  // Two containers or cloned machines that both call themselves "node".
  const std::vector<RankDeviceView> ranks{unset_view("node", 1, "boot-a"), unset_view("node", 1, "boot-b")};
  EXPECT_EQ(assign_devices(ranks), (std::vector<int>{0, 0}));
}

TEST(AssignDevices, MoreRanksThanGpusNamesHostCountsAndVisibleDevices) {
  const std::vector<RankDeviceView> ranks(8, bound_view("node7", "0,1,2,3", 4));
  const std::string message = failure_of(ranks);
  EXPECT_EQ(message,
            "host node7 runs 8 ranks but CUDA shows them 4 GPUs (CUDA_VISIBLE_DEVICES=0,1,2,3); run at most 4 "
            "ranks per host (mpirun -npernode 4) or make more GPUs visible");
}

TEST(AssignDevices, MoreRanksThanGpusWithVisibleDevicesUnsetSaysUnset) {
  std::vector<RankDeviceView> ranks(2, unset_view("node1", 2));
  ranks.insert(ranks.end(), 3, unset_view("node2", 2));
  const std::string message = failure_of(ranks);
  expect_contains(message, "host node2");
  expect_contains(message, "3 ranks");
  expect_contains(message, "2 GPUs");
  expect_contains(message, "CUDA_VISIBLE_DEVICES unset");
  expect_contains(message, "at most 2 ranks per host");
  EXPECT_EQ(message.find('\n'), std::string::npos);
}

TEST(AssignDevices, TheFailingGroupWithTheLowestRankIsReported) {
  // node2 holds rank 0 and is over-subscribed; so is node1, whose lowest rank is 1.
  const std::vector<RankDeviceView> ranks{unset_view("node2", 1), unset_view("node1", 1), unset_view("node1", 1),
                                          unset_view("node2", 1)};
  expect_contains(failure_of(ranks), "host node2 runs 2 ranks but CUDA shows them 1 GPU ");
}

TEST(AssignDevices, PerRankVisibleDevicesGiveEveryRankOrdinalZero) {
  // srun --gpus-per-task=1: each rank sees exactly its own GPU, as device 0.
  const std::vector<RankDeviceView> ranks{bound_view("node1", "0", 1), bound_view("node1", "1", 1),
                                          bound_view("node1", "2", 1), bound_view("node1", "3", 1),
                                          bound_view("node2", "0", 1), bound_view("node2", "1", 1)};
  EXPECT_EQ(assign_devices(ranks), (std::vector<int>{0, 0, 0, 0, 0, 0}));
}

TEST(AssignDevices, MixedGroupsOnOneHostCountSeparately) {
  // Ranks 0 and 2 share "0,1"; ranks 1 and 4 share "2,3"; rank 3 sees all four with it unset.
  const std::vector<RankDeviceView> ranks{bound_view("node1", "0,1", 2), bound_view("node1", "2,3", 2),
                                          bound_view("node1", "0,1", 2), unset_view("node1", 4),
                                          bound_view("node1", "2,3", 2)};
  EXPECT_EQ(assign_devices(ranks), (std::vector<int>{0, 0, 1, 0, 1}));
}

TEST(AssignDevices, SetButEmptyIsNotTheSameAsUnset) {
  const std::vector<RankDeviceView> ranks{unset_view("node1", 1), bound_view("node1", "", 0)};
  const std::string message = failure_of(ranks);
  expect_contains(message, "no CUDA device is visible on host node1 to rank 1");
  expect_contains(message, "CUDA_VISIBLE_DEVICES set but empty");
}

TEST(AssignDevices, TwoRanksBoundToOneGpuAreToldToTakeOneEach) {
  // A launcher bound two ranks to GPU 0 while others on the host got their own.
  const std::vector<RankDeviceView> ranks{bound_view("node3", "0", 1), bound_view("node3", "1", 1),
                                          bound_view("node3", "0", 1)};
  const std::string message = failure_of(ranks);
  EXPECT_EQ(message,
            "host node3 runs 2 ranks (ranks 0, 2) with CUDA_VISIBLE_DEVICES=0 but CUDA shows them 1 GPU; give each "
            "rank a GPU of its own (e.g. srun --gpus-per-task=1) or make more GPUs visible");
}

TEST(AssignDevices, ARankThatSeesNoDeviceIsNamedWithTheMpiBackendAsTheWayOut) {
  const std::vector<RankDeviceView> ranks{bound_view("node1", "0", 1), bound_view("node1", "7", 0)};
  const std::string message = failure_of(ranks);
  EXPECT_EQ(message,
            "no CUDA device is visible on host node1 to rank 1 (CUDA_VISIBLE_DEVICES=7); make a GPU visible to every "
            "rank, or use --backend mpi to measure over MPI");
}

TEST(AssignDevices, NoDeviceAnywhereThrowsInsteadOfDividingByZero) {
  const std::vector<RankDeviceView> ranks(4, unset_view("laptop", 0));
  const std::string message = failure_of(ranks);
  expect_contains(message, "no CUDA device is visible on host laptop to its 4 ranks (CUDA_VISIBLE_DEVICES unset)");
  expect_contains(message, "--backend mpi");
}

TEST(AssignDevices, ANegativeCountIsTakenAsNoDevice) {
  EXPECT_THROW(assign_devices({unset_view("node1", -1)}), DeviceAssignmentError);
}

TEST(AssignDevices, ControlCharactersInTheEnvironmentAreEscaped) {
  const std::vector<RankDeviceView> ranks(2, bound_view("node\n1", "0\n1", 1));
  const std::string message = failure_of(ranks);
  EXPECT_EQ(message.find('\n'), std::string::npos);
  expect_contains(message, "node\\x0a1");
}

TEST(AssignDevices, NoRanksGiveNoOrdinals) { EXPECT_TRUE(assign_devices({}).empty()); }

}  // namespace
}  // namespace commbench
