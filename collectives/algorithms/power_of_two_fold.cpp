// The pre- and post-step with which recursive doubling and Rabenseifner's algorithm run on
// any rank count (explicit_algorithm_parts.hpp; MPICH's allreduce does the same).
#include "collectives/algorithms/explicit_algorithm_parts.hpp"

namespace commbench {
namespace {

int largest_power_of_two_up_to(int value) {
  int power = 1;
  while (power <= value / 2) power *= 2;
  return power;
}

}  // namespace

PowerOfTwoFold::PowerOfTwoFold(int rank, int ranks)
    : rank_(rank), folded_pairs_(ranks - largest_power_of_two_up_to(ranks)), participants_(ranks - folded_pairs_) {
  if (rank_ < 2 * folded_pairs_) {
    new_rank_ = rank_ % 2 == 0 ? -1 : rank_ / 2;
  } else {
    new_rank_ = rank_ - folded_pairs_;
  }
}

int PowerOfTwoFold::real_rank(int new_rank) const {
  return new_rank < folded_pairs_ ? 2 * new_rank + 1 : new_rank + folded_pairs_;
}

void PowerOfTwoFold::fold(const AlgorithmContext& context, void* data, std::size_t count) const {
  if (rank_ >= 2 * folded_pairs_) return;
  if (new_rank_ < 0) {
    context.send(data, count, rank_ + 1);
  } else {
    void* incoming = context.scratch(count);
    context.recv(incoming, count, rank_ - 1);
    context.reduce(incoming, data, count);
  }
}

void PowerOfTwoFold::unfold(const AlgorithmContext& context, void* data, std::size_t count) const {
  if (rank_ >= 2 * folded_pairs_) return;
  if (new_rank_ < 0) {
    context.recv(data, count, rank_ + 1);
  } else {
    context.send(data, count, rank_ - 1);
  }
}

}  // namespace commbench
