#include "topology/discovery/rank_strings.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace commbench {

std::vector<std::string> allgather_strings(Backend& backend, const std::string& mine) {
  const auto ranks = static_cast<std::size_t>(backend.size());
  const std::int64_t my_length = static_cast<std::int64_t>(mine.size());
  std::vector<std::int64_t> lengths(ranks, 0);
  backend.allgather(&my_length, lengths.data(), 1, Dtype::int64);

  const auto longest = static_cast<std::size_t>(*std::max_element(lengths.begin(), lengths.end()));
  std::vector<std::string> all(ranks);
  // Every rank sees the same lengths, so all skip the second allgather together.
  if (longest == 0) return all;
  std::vector<char> padded(longest, '\0');
  std::memcpy(padded.data(), mine.data(), mine.size());
  std::vector<char> gathered(longest * ranks);
  backend.allgather(padded.data(), gathered.data(), longest, Dtype::int8);
  for (std::size_t rank = 0; rank < ranks; ++rank) {
    all[rank].assign(gathered.data() + rank * longest, static_cast<std::size_t>(lengths[rank]));
  }
  return all;
}

}  // namespace commbench
