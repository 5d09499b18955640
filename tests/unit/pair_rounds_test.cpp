// topology/cost/pair_rounds.hpp: every pair exactly once, no participant twice in a round.
#include "topology/cost/pair_rounds.hpp"

#include <gtest/gtest.h>

#include <set>

namespace commbench {
namespace {

TEST(DisjointPairRounds, FewerThanTwoHaveNoRounds) {
  EXPECT_TRUE(disjoint_pair_rounds(0).empty());
  EXPECT_TRUE(disjoint_pair_rounds(1).empty());
}

TEST(DisjointPairRounds, TwoMeetOnce) {
  const auto rounds = disjoint_pair_rounds(2);
  ASSERT_EQ(rounds.size(), 1u);
  ASSERT_EQ(rounds[0].size(), 1u);
  EXPECT_EQ(rounds[0][0], ParticipantPair(0, 1));
}

TEST(DisjointPairRounds, EveryPairOnceAndNobodyTwiceInARound) {
  for (int participants = 2; participants <= 33; ++participants) {
    SCOPED_TRACE(participants);
    const auto rounds = disjoint_pair_rounds(participants);
    // The fewest rounds possible: n - 1 for even n, n for odd n (someone always sits out).
    EXPECT_EQ(rounds.size(), static_cast<std::size_t>(participants % 2 ? participants : participants - 1));
    std::set<ParticipantPair> seen;
    for (const auto& round : rounds) {
      EXPECT_EQ(round.size(), static_cast<std::size_t>(participants / 2));
      std::set<int> busy;
      for (const auto& [a, b] : round) {
        EXPECT_LT(a, b);
        EXPECT_GE(a, 0);
        EXPECT_LT(b, participants);
        EXPECT_TRUE(busy.insert(a).second) << a << " twice in a round";
        EXPECT_TRUE(busy.insert(b).second) << b << " twice in a round";
        EXPECT_TRUE(seen.insert({a, b}).second) << a << "-" << b << " measured twice";
      }
    }
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(participants * (participants - 1) / 2));
  }
}

}  // namespace
}  // namespace commbench
