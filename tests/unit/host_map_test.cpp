// topology/discovery/host_map.hpp: which ranks share a host, from every rank's (name, identity).
#include "topology/discovery/host_map.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace commbench {
namespace {

TEST(BuildHostMap, InterleavedRanksOnTwoHosts) {
  // Ranks 0 and 2 on A, 1 and 3 on B.
  const HostMap map = build_host_map({"A", "B", "A", "B"}, {"A:boot", "B:boot", "A:boot", "B:boot"});
  ASSERT_EQ(map.hosts.size(), 2u);
  EXPECT_EQ(map.hosts[0].name, "A");
  EXPECT_EQ(map.hosts[0].identity, "A:boot");
  EXPECT_EQ(map.hosts[0].ranks, (std::vector<int>{0, 2}));
  EXPECT_EQ(map.hosts[1].name, "B");
  EXPECT_EQ(map.hosts[1].ranks, (std::vector<int>{1, 3}));
  EXPECT_EQ(map.host_of_rank, (std::vector<int>{0, 1, 0, 1}));
  EXPECT_EQ(map.local_rank, (std::vector<int>{0, 0, 1, 1}));
}

TEST(BuildHostMap, HostsAreOrderedByTheirLowestRank) {
  const HostMap map = build_host_map({"zeta", "alpha", "alpha", "zeta"}, {"z:1", "a:1", "a:1", "z:1"});
  ASSERT_EQ(map.hosts.size(), 2u);
  EXPECT_EQ(map.hosts[0].name, "zeta");
  EXPECT_EQ(map.hosts[0].ranks, (std::vector<int>{0, 3}));
  EXPECT_EQ(map.hosts[1].name, "alpha");
  EXPECT_EQ(map.hosts[1].ranks, (std::vector<int>{1, 2}));
  EXPECT_EQ(map.local_rank, (std::vector<int>{0, 0, 1, 1}));
}

TEST(BuildHostMap, SameHostnameWithDifferentIdentitiesAreTwoHosts) {
  const HostMap map = build_host_map({"node", "node"}, {"node:boot-1", "node:boot-2"});
  ASSERT_EQ(map.hosts.size(), 2u);
  EXPECT_EQ(map.hosts[0].ranks, (std::vector<int>{0}));
  EXPECT_EQ(map.hosts[1].ranks, (std::vector<int>{1}));
  EXPECT_EQ(map.host_of_rank, (std::vector<int>{0, 1}));
  EXPECT_EQ(map.local_rank, (std::vector<int>{0, 0}));
}

TEST(BuildHostMap, BlockPlacementOnOneAndTwoHosts) {
  const HostMap map = build_host_map({"a", "a", "a", "b", "b"}, {"a:1", "a:1", "a:1", "b:1", "b:1"});
  ASSERT_EQ(map.hosts.size(), 2u);
  EXPECT_EQ(map.host_of_rank, (std::vector<int>{0, 0, 0, 1, 1}));
  EXPECT_EQ(map.local_rank, (std::vector<int>{0, 1, 2, 0, 1}));
}

TEST(BuildHostMap, SingleRank) {
  const HostMap map = build_host_map({"solo"}, {"solo:1"});
  ASSERT_EQ(map.hosts.size(), 1u);
  EXPECT_EQ(map.hosts[0].ranks, (std::vector<int>{0}));
  EXPECT_EQ(map.local_rank, (std::vector<int>{0}));
}

TEST(BuildHostMap, NoRanksGiveAnEmptyMap) {
  const HostMap map = build_host_map({}, {});
  EXPECT_TRUE(map.hosts.empty());
  EXPECT_TRUE(map.host_of_rank.empty());
  EXPECT_TRUE(map.local_rank.empty());
}

TEST(BuildHostMap, MismatchedLengthsAreRejected) {
  EXPECT_THROW(build_host_map({"a", "b"}, {"a:1"}), std::invalid_argument);
}

}  // namespace
}  // namespace commbench
