#pragma once
// Collectives built from the Backend's point-to-point operations with a known algorithm
// (ring, recursive doubling, Rabenseifner, binomial tree, hierarchical), so that a cost
// model's prediction for an algorithm can be checked against that very algorithm
// (docs/MODELS.md). `--algo native` leaves the choice to the library instead.
//
// They take the same CollectiveCall as the library collectives (in place recognised from the
// pointers, as backend.hpp says) and are verified by the same exact checks. They are built
// from the Backend's exchange, send and recv and its local reduce, copy and divide, so they
// run on any backend that has those (MPI on host or GPU memory, NCCL), any rank count, any
// element count (uneven blocks included), every operator (avg: sum, then one divide by the
// rank count at the end) and every dtype the backend reduces. Reduce may use the output
// buffer of a non-root rank (undefined afterwards, as in MPI and NCCL); in place, that is
// its input. The communication pattern of each is described at the top of its source file
// (ring_algorithms.cpp, recursive_doubling.cpp, rabenseifner.cpp, binomial_tree.cpp,
// hierarchical_allreduce.cpp).
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "collectives/backend/backend.hpp"
#include "collectives/backend/collective_spec.hpp"

namespace commbench {

inline constexpr const char* kNativeAlgorithm = "native";

// What the explicit algorithms need besides the caller's buffers, made once per sweep (never
// inside a timed region): scratch memory from the backend, and for "hierarchical" the
// sub-communicators within and across hosts.
class AlgorithmWorkspace {
 public:
  // max_bytes: the largest message of the sweep (message_bytes), for which the scratch
  // memory is allocated here, once. host_of_rank: each rank's host index, 0 or more
  // (HostMap::host_of_rank), which "hierarchical" groups ranks by. Every call must pass this
  // same backend (the sub-communicators come from it), and the workspace must go before the
  // backend does (and before MPI_Finalize).
  AlgorithmWorkspace(Backend& backend, std::size_t max_bytes, std::vector<int> host_of_rank);
  ~AlgorithmWorkspace();
  AlgorithmWorkspace(const AlgorithmWorkspace&) = delete;
  AlgorithmWorkspace& operator=(const AlgorithmWorkspace&) = delete;

  class State;  // defined in explicit_algorithm_parts.hpp (internal)
  State& state();
  const State& state() const;

 private:
  std::unique_ptr<State> state_;
};

// The explicit algorithms of a collective, in a stable order; empty when it has none.
std::vector<std::string> explicit_algorithms(std::string_view collective);
// Every algorithm name --algo accepts: "native" and each explicit algorithm of any collective.
std::vector<std::string> algorithm_names();

// Why algorithm cannot run on this job (e.g. "hierarchical" with unequal ranks per host), or
// empty when it can: one line, the same on every rank. Such cases are recorded as skipped
// with the reason. Throws std::invalid_argument, as run_explicit_algorithm does, for a
// collective without such an algorithm.
std::string algorithm_unavailable(std::string_view collective, std::string_view algorithm,
                                  const AlgorithmWorkspace& workspace);

// Runs collective with algorithm (not "native") on backend, collectively: every rank calls
// it with the same collective, algorithm, count, dtype, op and root. Throws
// std::invalid_argument naming both when the collective has no such algorithm (or the root
// is not a rank, or backend is not the workspace's), std::runtime_error when the algorithm is
// unavailable or the call needs more scratch than the workspace's max_bytes provides; all of
// these on every rank alike, before any message. A count of 0 moves nothing.
void run_explicit_algorithm(std::string_view collective, std::string_view algorithm, Backend& backend,
                            const CollectiveCall& call, AlgorithmWorkspace& workspace);

// The same call, looked up and checked once (throwing as run_explicit_algorithm does), for a
// caller that repeats it: each call of the result is the algorithm's messages and local work
// and nothing else, which is what a timed loop may hold. backend, call and workspace must
// outlive the result.
std::function<void()> prepare_explicit_algorithm(std::string_view collective, std::string_view algorithm,
                                                 Backend& backend, const CollectiveCall& call,
                                                 AlgorithmWorkspace& workspace);

}  // namespace commbench
