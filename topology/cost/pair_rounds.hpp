#pragma once
// Rounds of disjoint pairs that together cover every pair of n participants once: the
// circle method of round-robin tournaments. Measuring one round at a time means no
// participant is in two transfers at once, so a round does not congest itself.
#include <utility>
#include <vector>

namespace commbench {

using ParticipantPair = std::pair<int, int>;  // first < second

// n - 1 rounds of n / 2 pairs for even n; n rounds of (n - 1) / 2 pairs for odd n (each
// participant sits out one round). Empty for n < 2.
std::vector<std::vector<ParticipantPair>> disjoint_pair_rounds(int participants);

}  // namespace commbench
