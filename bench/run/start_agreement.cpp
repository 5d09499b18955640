#include "bench/run/start_agreement.hpp"

#include <algorithm>
#include <cstring>

#include "reports/format/escaped_text.hpp"


namespace commbench {
namespace {

// Fixed text fields of the witness's record, broadcast only when ranks disagree.
constexpr std::size_t kDetailBytes = 1024;
constexpr std::size_t kBuildBytes = 384;
constexpr std::size_t kHostBytes = 128;

void put_text(std::vector<char>& record, std::size_t offset, std::size_t length, const std::string& text) {
  std::memcpy(record.data() + offset, text.data(), std::min(text.size(), length - 1));
}

std::string get_text(const std::vector<char>& record, std::size_t offset, std::size_t length) {
  const char* start = record.data() + offset;
  return std::string(start, strnlen(start, length));
}

std::string rank_text(int rank, const RankStart& start) {
  return "rank " + std::to_string(rank) + (start.host.empty() ? "" : " on " + start.host);
}

}  // namespace

std::uint64_t stable_digest(const std::string& text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::string rank_list_text(const std::vector<int>& ranks) {
  std::string text;
  for (std::size_t i = 0; i < ranks.size();) {
    std::size_t j = i;
    while (j + 1 < ranks.size() && ranks[j + 1] == ranks[j] + 1) ++j;
    text += (text.empty() ? "" : ",") + std::to_string(ranks[i]);
    if (j > i) text += (j == i + 1 ? "," : "-") + std::to_string(ranks[j]);
    i = j + 1;
  }
  return text;
}

std::optional<Disagreement> find_disagreement(const StartDigests& digests) {
  const std::size_t ranks = digests.status.size();
  Disagreement found;
  for (std::size_t rank = 0; rank < ranks; ++rank) {
    if (digests.status[rank] == CommandLineStatus::refused) found.ranks.push_back(static_cast<int>(rank));
  }
  if (!found.ranks.empty()) {
    found.kind = Disagreement::Kind::refused;
    found.witness = found.ranks.front();
    return found;
  }
  for (std::size_t rank = 1; rank < ranks; ++rank) {
    if (digests.status[rank] != digests.status[0] || digests.config_digest[rank] != digests.config_digest[0]) {
      found.ranks.push_back(static_cast<int>(rank));
    }
  }
  if (!found.ranks.empty()) {
    found.kind = Disagreement::Kind::configuration;
    found.witness = found.ranks.front();
    return found;
  }
  for (std::size_t rank = 1; rank < ranks; ++rank) {
    if (digests.build_digest[rank] != digests.build_digest[0]) found.ranks.push_back(static_cast<int>(rank));
  }
  if (!found.ranks.empty()) {
    found.kind = Disagreement::Kind::build;
    found.witness = found.ranks.front();
    return found;
  }
  return std::nullopt;
}

std::string disagreement_message(const Disagreement& disagreement, const RankStart& given_rank0,
                                 const RankStart& given_witness) {
  // The texts quote command lines, which may hold line breaks: the message stays one line.
  const auto printable = [](RankStart start) {
    start.detail = printable_text(start.detail);
    start.build = printable_text(start.build);
    start.host = printable_text(start.host);
    return start;
  };
  const RankStart rank0 = printable(given_rank0);
  const RankStart witness = printable(given_witness);
  const bool one = disagreement.ranks.size() == 1;
  const std::string which = (one ? "rank " : "ranks ") + rank_list_text(disagreement.ranks);
  const std::string run = one ? " runs" : " run";
  switch (disagreement.kind) {
    case Disagreement::Kind::refused:
      if (disagreement.witness == 0) return rank0.detail;
      return rank_text(disagreement.witness, witness) + ": " + witness.detail + " (the command line of " + which +
             " was refused)";
    case Disagreement::Kind::configuration:
      return which + run + " a different configuration from rank 0 (" + rank_text(0, rank0) + ": '" + rank0.detail +
             "'; " + rank_text(disagreement.witness, witness) + ": '" + witness.detail +
             "'); accepted: the same command line on every rank";
    case Disagreement::Kind::build:
      return which + run + " a different build from rank 0 (" + rank_text(0, rank0) + ": " + rank0.build + "; " +
             rank_text(disagreement.witness, witness) + ": " + witness.build +
             "); accepted: the same commbench build and communication library on every host";
  }
  return which + " disagree with rank 0";
}

std::string agree_on_start(Backend& backend, const RankStart& mine) {
  const int ranks = backend.size();
  std::vector<std::int64_t> own{static_cast<std::int64_t>(mine.status), static_cast<std::int64_t>(mine.config_digest),
                                static_cast<std::int64_t>(mine.build_digest)};
  std::vector<std::int64_t> all(own.size() * static_cast<std::size_t>(ranks));
  backend.allgather(own.data(), all.data(), own.size(), Dtype::int64);
  StartDigests digests;
  for (int rank = 0; rank < ranks; ++rank) {
    const std::int64_t* entry = all.data() + own.size() * static_cast<std::size_t>(rank);
    digests.status.push_back(static_cast<CommandLineStatus>(entry[0]));
    digests.config_digest.push_back(static_cast<std::uint64_t>(entry[1]));
    digests.build_digest.push_back(static_cast<std::uint64_t>(entry[2]));
  }
  const std::optional<Disagreement> disagreement = find_disagreement(digests);
  if (!disagreement) return "";

  // Only the witness's text crosses the network, so the check costs three numbers per rank
  // when all agree, whatever the world size.
  std::vector<char> record(kDetailBytes + kBuildBytes + kHostBytes, '\0');
  if (backend.rank() == disagreement->witness) {
    put_text(record, 0, kDetailBytes, mine.detail);
    put_text(record, kDetailBytes, kBuildBytes, mine.build);
    put_text(record, kDetailBytes + kBuildBytes, kHostBytes, mine.host);
  }
  backend.broadcast(record.data(), record.data(), record.size(), Dtype::int8, {disagreement->witness});
  RankStart witness;
  witness.detail = get_text(record, 0, kDetailBytes);
  witness.build = get_text(record, kDetailBytes, kBuildBytes);
  witness.host = get_text(record, kDetailBytes + kBuildBytes, kHostBytes);
  // Rank 0 is the one that prints; the others only need to know that the run stops.
  return disagreement_message(*disagreement, mine, witness);
}

}  // namespace commbench
