#pragma once
// The check every rank makes before measuring anything: that every rank's command line
// was accepted, and that all ranks run the same configuration with the same build. Ranks
// that disagree (a host with another build, a launcher that passed other flags to some
// ranks) would otherwise hang in mismatched collectives or measure something nobody asked
// for. Every rank takes the same decision from the same gathered digests, so all of them
// stop together, with exit code 2, and rank 0 prints one line naming the ranks.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "collectives/backend/backend.hpp"

namespace commbench {

enum class CommandLineStatus : std::uint64_t { accepted = 0, refused = 1, informational = 2 };

// What one rank brings: digests to compare, and the text the error message quotes.
struct RankStart {
  CommandLineStatus status = CommandLineStatus::accepted;
  std::uint64_t config_digest = 0;  // of the configuration, or of the command line when not accepted
  std::uint64_t build_digest = 0;
  std::string detail;  // the usage error, or the command line
  std::string build;   // version, revision, compiler, communication library
  std::string host;
};

// 64-bit FNV-1a: stable across builds and hosts, which std::hash is not.
std::uint64_t stable_digest(const std::string& text);

// The digests every rank gathered, indexed by rank.
struct StartDigests {
  std::vector<CommandLineStatus> status;
  std::vector<std::uint64_t> config_digest;
  std::vector<std::uint64_t> build_digest;
};

// Which rank's text the error message needs besides rank 0's, and the message itself once
// that text is known: a pure decision, the same on every rank.
struct Disagreement {
  int witness = 0;  // the first rank that differs (or whose command line was refused)
  std::vector<int> ranks;  // every rank that differs from rank 0 in the same way
  enum class Kind { refused, configuration, build } kind = Kind::refused;
};
std::optional<Disagreement> find_disagreement(const StartDigests& digests);
std::string disagreement_message(const Disagreement& disagreement, const RankStart& rank0, const RankStart& witness);

// Collective: gathers the digests, and when ranks disagree, the witness's text. Returns the
// one-line error (empty when all agree) on every rank.
std::string agree_on_start(Backend& backend, const RankStart& mine);

// "1,3,5-7": a sorted rank list, runs shortened.
std::string rank_list_text(const std::vector<int>& ranks);

}  // namespace commbench
