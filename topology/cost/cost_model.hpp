#pragma once
// Topology-aware cost models: what a collective should take on a Fabric, per algorithm, with
// the latency, bandwidth and reduction terms kept apart (alpha-beta-gamma models; the formulas
// and their sources are in docs/MODELS.md). Pure functions of the fabric and the case.
//
// Sizes follow the report's convention (docs/METRICS.md): `bytes` is Result::bytes, the larger
// of a rank's send and receive buffers (the whole output for allgather, the whole input for
// reducescatter, a rank's whole send buffer for alltoall, the message for the others).
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "topology/fabric/fabric.hpp"

namespace commbench {

// Seconds, one term each: alpha (per-message latency), beta (per byte moved), gamma (per byte
// reduced).
struct ModelTerms {
  double latency_s = 0;
  double bandwidth_s = 0;
  double reduction_s = 0;
  double total_s() const { return latency_s + bandwidth_s + reduction_s; }
};

// The share of a prediction spent on one tier of the fabric.
struct TierTerms {
  std::string tier;  // the tier's name
  ModelTerms terms;
};

struct Prediction {
  std::string collective;
  std::string family = "mpi";  // "mpi": the MPI-style algorithms; "nccl": NCCL's (nccl_cost_model.hpp)
  std::string algorithm;    // the algorithm modelled
  std::string protocol;     // NCCL's protocol ("ll", "ll128", "simple"); empty for the MPI family
  int channels = 0;         // NCCL's channels for the algorithm; 0 for the MPI family
  std::uint64_t bytes = 0;
  int ranks = 0;
  double time_s = 0;        // terms.total_s()
  ModelTerms terms;         // summed over tiers
  std::vector<TierTerms> tiers;  // innermost first; only the tiers the case crosses
};

// The linear form of an algorithm's cost over one tier, t = latency_steps * alpha +
// bandwidth_bytes * beta + reduction_bytes * gamma: what fitting (cost_fit.hpp) solves for.
struct CostCoefficients {
  double latency_steps = 0;
  double bandwidth_bytes = 0;
  double reduction_bytes = 0;
};

// An unknown collective or algorithm, an algorithm the collective does not have, or a case the
// fabric cannot hold. what() is one line naming what was wrong and what is accepted.
class ModelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The collectives that have models: the suite's (allreduce, allgather, reducescatter,
// broadcast, reduce, alltoall, sendrecv).
const std::vector<std::string>& modelled_collectives();
// The algorithms modelled for a collective, in a stable order. Throws ModelError for an
// unknown collective.
std::vector<std::string> modelled_algorithms(std::string_view collective);

// The model's time for one case. ranks fill the fabric's tiers innermost first; a run with
// more ranks than the fabric holds gets more members in the outermost tier (docs/MODELS.md).
Prediction predict(std::string_view collective, std::string_view algorithm, std::uint64_t bytes, int ranks,
                   const Fabric& fabric);
// The fastest modelled algorithm for the case: what "native" (the library's own choice) is
// compared with.
Prediction predict_best(std::string_view collective, std::uint64_t bytes, int ranks, const Fabric& fabric);

// The linear form of algorithm's cost as if every rank were joined by one tier. group_ranks
// is the ranks per inner group for "hierarchical" (ranks per host), ignored otherwise. Throws
// ModelError for the pipelined algorithms (chain, double-binary-tree), whose optimal
// segmentation makes the cost non-linear in alpha and beta.
CostCoefficients single_tier_coefficients(std::string_view collective, std::string_view algorithm, std::uint64_t bytes,
                                          int ranks, int group_ranks = 0);

}  // namespace commbench
