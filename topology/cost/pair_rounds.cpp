#include "topology/cost/pair_rounds.hpp"

#include <algorithm>

namespace commbench {

std::vector<std::vector<ParticipantPair>> disjoint_pair_rounds(int participants) {
  std::vector<std::vector<ParticipantPair>> rounds;
  if (participants < 2) return rounds;
  // An odd count gets a placeholder participant; whoever meets it sits the round out.
  const int seats = participants + participants % 2;
  const int placeholder = participants % 2 ? participants : -1;
  // Seat 0 stays put and the others rotate one place per round; seat i meets seat
  // seats - 1 - i.
  std::vector<int> seated(seats);
  for (int i = 0; i < seats; ++i) seated[i] = i;
  for (int round = 0; round < seats - 1; ++round) {
    std::vector<ParticipantPair> pairs;
    for (int i = 0; i < seats / 2; ++i) {
      const int a = seated[i];
      const int b = seated[seats - 1 - i];
      if (a == placeholder || b == placeholder) continue;
      pairs.emplace_back(std::min(a, b), std::max(a, b));
    }
    std::sort(pairs.begin(), pairs.end());
    rounds.push_back(pairs);
    std::rotate(seated.begin() + 1, seated.end() - 1, seated.end());
  }
  return rounds;
}

}  // namespace commbench
