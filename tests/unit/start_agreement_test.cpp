// bench/run/start_agreement.hpp: the decision every rank takes before measuring, from the
// gathered digests (refused command lines first, then configuration, then build), and the
// one-line error rank 0 prints. The collective part (agree_on_start) needs ranks and is
// exercised by the MPI tests; here are the pure parts it is built from.
#include "bench/run/start_agreement.hpp"
#include "text_search.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace commbench {
namespace {

using Kind = Disagreement::Kind;
constexpr CommandLineStatus kAccepted = CommandLineStatus::accepted;
constexpr CommandLineStatus kRefused = CommandLineStatus::refused;
constexpr CommandLineStatus kInformational = CommandLineStatus::informational;

// --- stable_digest: FNV-1a 64, so that every host and build computes the same number ---

TEST(StableDigest, MatchesTheFnv1a64ReferenceVectors) {
  // From the FNV reference test suite (Fowler, Noll, Vo).
  EXPECT_EQ(stable_digest(""), 0xcbf29ce484222325ULL);  // the offset basis
  EXPECT_EQ(stable_digest("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(stable_digest("foobar"), 0x85944171f73967e8ULL);
}

TEST(StableDigest, HashesBytesAboveAsciiAsUnsigned) {
  // FNV-1a XORs the octet 0xff, not a sign-extended char (which would flip all 64 bits):
  // (0xcbf29ce484222325 ^ 0xff) * 0x100000001b3 mod 2^64 = 0xaf64724c8602eb6e.
  EXPECT_EQ(stable_digest(std::string(1, '\xff')), 0xaf64724c8602eb6eULL);
}

TEST(StableDigest, CommandLinesThatDifferInOneFlagGetDifferentDigests) {
  EXPECT_NE(stable_digest("allreduce -b 8 -e 1M"), stable_digest("allreduce -b 8 -e 2M"));
  EXPECT_EQ(stable_digest("allreduce -b 8 -e 1M"), stable_digest("allreduce -b 8 -e 1M"));
}

// --- rank_list_text ---

TEST(RankListText, RunsOfThreeOrMoreAreShortened) {
  EXPECT_EQ(rank_list_text({1, 3, 5, 6, 7}), "1,3,5-7");
  EXPECT_EQ(rank_list_text({0, 1, 2, 3}), "0-3");
  EXPECT_EQ(rank_list_text({2, 3, 4, 9, 10, 11, 12}), "2-4,9-12");
}

TEST(RankListText, TwoConsecutiveRanksAreListedNotShortened) {
  EXPECT_EQ(rank_list_text({1, 2}), "1,2");
  EXPECT_EQ(rank_list_text({1, 2, 4, 5}), "1,2,4,5");
  EXPECT_EQ(rank_list_text({0, 4, 5, 6, 8, 9}), "0,4-6,8,9");
}

TEST(RankListText, OneRankAndNoRanks) {
  EXPECT_EQ(rank_list_text({7}), "7");
  EXPECT_EQ(rank_list_text({}), "");
}

// --- find_disagreement ---

struct RankDigest {
  CommandLineStatus status;
  std::uint64_t config;
  std::uint64_t build;
};

StartDigests digests(const std::vector<RankDigest>& ranks) {
  StartDigests result;
  for (const RankDigest& rank : ranks) {
    result.status.push_back(rank.status);
    result.config_digest.push_back(rank.config);
    result.build_digest.push_back(rank.build);
  }
  return result;
}

TEST(FindDisagreement, NoneWhenEveryRankAgrees) {
  EXPECT_FALSE(find_disagreement(digests({{kAccepted, 10, 20}, {kAccepted, 10, 20}, {kAccepted, 10, 20}})));
  EXPECT_FALSE(find_disagreement(digests({{kAccepted, 10, 20}})));  // one rank agrees with itself
  // --help on every rank: nothing to measure, but nothing to refuse either.
  EXPECT_FALSE(find_disagreement(digests({{kInformational, 5, 20}, {kInformational, 5, 20}})));
}

TEST(FindDisagreement, ARefusedCommandLineBeatsConfigurationAndBuildDifferences) {
  // Rank 1 runs another configuration and rank 3 another build, but ranks 2 and 4 were
  // refused: the usage error is what the user must fix first.
  const auto found = find_disagreement(
      digests({{kAccepted, 10, 20}, {kAccepted, 11, 20}, {kRefused, 12, 20}, {kAccepted, 10, 21}, {kRefused, 12, 20}}));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->kind, Kind::refused);
  EXPECT_EQ(found->witness, 2);
  EXPECT_EQ(found->ranks, (std::vector<int>{2, 4}));
}

TEST(FindDisagreement, RankZeroRefusedIsItsOwnWitness) {
  const auto found = find_disagreement(digests({{kRefused, 10, 20}, {kRefused, 10, 20}}));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->kind, Kind::refused);
  EXPECT_EQ(found->witness, 0);
  EXPECT_EQ(found->ranks, (std::vector<int>{0, 1}));
}

TEST(FindDisagreement, ConfigurationBeatsBuild) {
  // Rank 1 has another build; ranks 2 and 3 another configuration.
  const auto found = find_disagreement(
      digests({{kAccepted, 10, 20}, {kAccepted, 10, 21}, {kAccepted, 11, 20}, {kAccepted, 11, 21}}));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->kind, Kind::configuration);
  EXPECT_EQ(found->witness, 2);
  EXPECT_EQ(found->ranks, (std::vector<int>{2, 3}));
}

TEST(FindDisagreement, ConfigurationRanksAreThoseThatDifferFromRankZero) {
  // Ranks 1 and 3 agree with each other, not with rank 0: both are listed.
  const auto found =
      find_disagreement(digests({{kAccepted, 10, 20}, {kAccepted, 12, 20}, {kAccepted, 10, 20}, {kAccepted, 12, 20}}));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->kind, Kind::configuration);
  EXPECT_EQ(found->witness, 1);
  EXPECT_EQ(found->ranks, (std::vector<int>{1, 3}));
}

TEST(FindDisagreement, InformationalAgainstAcceptedIsAConfigurationMismatch) {
  // Rank 1 was given --help while the others run a measurement, even with the same digest:
  // rank 1 would leave while the others wait for it in a collective.
  const auto found = find_disagreement(digests({{kAccepted, 10, 20}, {kInformational, 10, 20}, {kAccepted, 10, 20}}));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->kind, Kind::configuration);
  EXPECT_EQ(found->witness, 1);
  EXPECT_EQ(found->ranks, (std::vector<int>{1}));
}

TEST(FindDisagreement, ABuildMismatchAloneNamesEveryRankWithAnotherBuild) {
  const auto found = find_disagreement(
      digests({{kAccepted, 10, 20}, {kAccepted, 10, 20}, {kAccepted, 10, 21}, {kAccepted, 10, 22}, {kAccepted, 10, 20}}));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->kind, Kind::build);
  EXPECT_EQ(found->witness, 2);
  EXPECT_EQ(found->ranks, (std::vector<int>{2, 3}));
}

// --- disagreement_message ---

RankStart start(const std::string& detail, const std::string& build, const std::string& host) {
  RankStart rank;
  rank.detail = detail;
  rank.build = build;
  rank.host = host;
  return rank;
}

const RankStart kRank0 = start("allreduce -b 8 -e 1M", "commbench 0.3.0 (abc1234, gcc 12, Open MPI v4.1.4)", "node-a");
const RankStart kWitness = start("allreduce -b 8 -e 2M", "commbench 0.3.0 (def5678, gcc 12, Open MPI v4.1.4)", "node-b");

TEST(DisagreementMessage, ConfigurationQuotesRankZeroAndTheWitnessWithTheirHosts) {
  const Disagreement disagreement{2, {2}, Kind::configuration};
  EXPECT_EQ(disagreement_message(disagreement, kRank0, kWitness),
            "rank 2 runs a different configuration from rank 0 (rank 0 on node-a: 'allreduce -b 8 -e 1M'; rank 2 on "
            "node-b: 'allreduce -b 8 -e 2M'); accepted: the same command line on every rank");
}

TEST(DisagreementMessage, SeveralRanksAreListedWithThePluralVerb) {
  const Disagreement disagreement{1, {1, 2, 3, 5}, Kind::configuration};
  const std::string message = disagreement_message(disagreement, kRank0, kWitness);
  EXPECT_EQ(message.rfind("ranks 1-3,5 run a different configuration from rank 0 (", 0), 0u) << message;
  EXPECT_TRUE(contains(message, "rank 1 on node-b: 'allreduce -b 8 -e 2M'")) << message;
}

TEST(DisagreementMessage, BuildQuotesBothBuilds) {
  const Disagreement one{3, {3}, Kind::build};
  EXPECT_EQ(disagreement_message(one, kRank0, kWitness),
            "rank 3 runs a different build from rank 0 (rank 0 on node-a: commbench 0.3.0 (abc1234, gcc 12, Open MPI "
            "v4.1.4); rank 3 on node-b: commbench 0.3.0 (def5678, gcc 12, Open MPI v4.1.4)); accepted: the same "
            "commbench build and communication library on every host");
  const Disagreement two{1, {1, 2}, Kind::build};
  const std::string message = disagreement_message(two, kRank0, kWitness);
  EXPECT_EQ(message.rfind("ranks 1,2 run a different build from rank 0 (", 0), 0u) << message;
}

TEST(DisagreementMessage, RefusedQuotesTheWitnessesUsageError) {
  const RankStart witness = start("-b/--minbytes: '12Q' is not a size (accepted: ...)", "", "node-c");
  const Disagreement disagreement{4, {4, 5, 6}, Kind::refused};
  EXPECT_EQ(disagreement_message(disagreement, kRank0, witness),
            "rank 4 on node-c: -b/--minbytes: '12Q' is not a size (accepted: ...) (the command line of ranks 4-6 was "
            "refused)");
}

TEST(DisagreementMessage, RefusedOnRankZeroIsRankZerosUsageErrorAlone) {
  // Every rank refused the same command line: the user sees the usage error as with one rank.
  const RankStart rank0 = start("-d/--datatype: unknown datatype 'float33' (accepted: ...)", "", "node-a");
  const Disagreement disagreement{0, {0, 1, 2, 3}, Kind::refused};
  EXPECT_EQ(disagreement_message(disagreement, rank0, rank0), rank0.detail);
}

TEST(DisagreementMessage, AnUnknownHostIsLeftOut) {
  const Disagreement disagreement{1, {1}, Kind::configuration};
  const std::string message = disagreement_message(disagreement, start("a", "", ""), start("b", "", ""));
  EXPECT_TRUE(contains(message, "(rank 0: 'a'; rank 1: 'b')")) << message;
}

TEST(DisagreementMessage, EveryKindIsOneLine) {
  for (const Disagreement& disagreement :
       {Disagreement{2, {2}, Kind::configuration}, Disagreement{1, {1, 2, 3}, Kind::build},
        Disagreement{2, {2, 3}, Kind::refused}, Disagreement{0, {0}, Kind::refused}}) {
    const std::string message = disagreement_message(disagreement, kRank0, kWitness);
    EXPECT_FALSE(message.empty());
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace commbench
