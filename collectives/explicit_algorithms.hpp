#pragma once
// Collectives built from the Backend's point-to-point operations with a known algorithm
// (ring, recursive doubling, Rabenseifner, binomial tree, hierarchical), so that a cost
// model's prediction for an algorithm can be checked against that very algorithm
// (docs/MODELS.md). `--algo native` leaves the choice to the library instead.
//
// They take the same CollectiveCall as the library collectives (in place recognised from the
// pointers, as backend.hpp says) and are verified by the same exact checks.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "backend.hpp"
#include "collective_spec.hpp"

namespace commbench {

inline constexpr const char* kNativeAlgorithm = "native";

// What the explicit algorithms need besides the caller's buffers, made once per sweep (never
// inside a timed region): scratch memory from the backend, and for "hierarchical" the
// sub-communicators within and across hosts.
class AlgorithmWorkspace {
 public:
  // max_bytes: the largest message of the sweep. host_of_rank: each rank's host index
  // (HostMap::host_of_rank), which "hierarchical" groups ranks by.
  AlgorithmWorkspace(Backend& backend, std::size_t max_bytes, std::vector<int> host_of_rank);
  ~AlgorithmWorkspace();
  AlgorithmWorkspace(const AlgorithmWorkspace&) = delete;
  AlgorithmWorkspace& operator=(const AlgorithmWorkspace&) = delete;

  class State;  // defined in explicit_algorithms.cpp
  State& state();

 private:
  std::unique_ptr<State> state_;
};

// The explicit algorithms of a collective, in a stable order; empty when it has none.
std::vector<std::string> explicit_algorithms(std::string_view collective);
// Every algorithm name --algo accepts: "native" and each explicit algorithm of any collective.
std::vector<std::string> algorithm_names();

// Why algorithm cannot run on this job (e.g. "hierarchical" with unequal ranks per host), or
// empty when it can. Such cases are recorded as skipped with the reason.
std::string algorithm_unavailable(std::string_view collective, std::string_view algorithm,
                                  const AlgorithmWorkspace& workspace);

// Runs collective with algorithm (not "native") on backend. Throws std::invalid_argument
// naming both when the collective has no such algorithm.
void run_explicit_algorithm(std::string_view collective, std::string_view algorithm, Backend& backend,
                            const CollectiveCall& call, AlgorithmWorkspace& workspace);

}  // namespace commbench
