#pragma once
// The fabric the ranks run on, measured: the times of exchanges between two ranks within a
// host and across hosts over a range of sizes, fitted per tier (t = alpha + n / B, each
// parameter from its own regime: topology/cost/latency_bandwidth_fit.hpp), and the rate at which a
// rank reduces, as a Fabric (docs/FABRIC.md) with the uncertainty of each figure.
// `commbench fabric` writes it; `commbench scaling` extrapolates with it when given no fabric.
#include <string>
#include <vector>

#include "bench/run/config.hpp"
#include "collectives/backend/backend.hpp"
#include "topology/fabric/fabric.hpp"

namespace commbench {

struct MeasuredFabric {
  Fabric fabric;                      // rank 0's; the tiers that were fitted
  // rank 0's: one line per tier that could not be fitted, or whose fit is beyond kPoorFitBound
  // without accept_poor_fit; the fabric is written only when there are none.
  std::vector<std::string> failures;
  // rank 0's: one line per tier fitted beyond kPoorFitBound and kept, as
  // accept_poor_fit asked; its source says so too.
  std::vector<std::string> poor_fits;
};

// Collective over world, sizes config.min_bytes to config.max_bytes by config.step_factor,
// config's iterations. Rank 0 prints each size and each fit as it goes. Throws UsageError
// (every rank) when there is nothing to measure: fewer than 2 ranks. accept_poor_fit: keep a
// tier whose fit is beyond kPoorFitBound (latency_bandwidth_fit.hpp) instead of refusing it.
MeasuredFabric measure_run_fabric(Backend& world, const Config& config, bool accept_poor_fit);

}  // namespace commbench
