#pragma once
// What `commbench predict` computes: for each collective the column groups asked for (the
// library's own choice, algorithms, NCCL protocols) and, for each size of the sweep, one row per
// group from the cost models (topology/cost/model_family.hpp), or why the model cannot predict it.
// Sizes follow the collective benchmark: a requested size becomes a float32 message as the
// sweep's does (collective_spec.hpp), and busbw takes the collective's bus factor. Pure: no
// output, no MPI.
#include <cstdint>
#include <string>
#include <vector>

#include "bench/commands/predict/prediction_scope.hpp"
#include "reports/model/prediction_report.hpp"
#include "topology/cost/model_family.hpp"

namespace commbench {

// The column groups of each collective (a name, or "all"): algorithm "native", a name, or
// "all" (native, then every algorithm the family has for the collective); protocol "" (the
// library picks), a name, or "all" (one group per algorithm and protocol). A collective that
// has none of what was asked is left out, as the sweep leaves out a collective without the
// algorithm. Throws UsageError naming --algo or --protocol when no collective has it, when an
// explicit algorithm lacks the protocol, or for a protocol on the MPI-style family.
std::vector<PredictedCollective> prediction_groups(ModelFamily family, const std::string& collective,
                                                   const std::string& algorithm, const std::string& protocol);

// The rows of every group at every size in sizes (requested sizes, ascending), and what is
// unavailable where, on scope's fabric. Throws UsageError (naming --fabric) when the fabric lacks
// what the family's model needs.
struct PredictedSweep {
  std::vector<PredictionRow> rows;
  std::vector<UnavailablePrediction> unavailable;
};
PredictedSweep predict_sweep(ModelFamily family, const std::vector<PredictedCollective>& collectives,
                             const PredictionScope& scope, const std::vector<std::uint64_t>& sizes);

}  // namespace commbench
