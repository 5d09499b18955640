#pragma once
// Fitting a cost model's parameters to measured times (`commbench fit`): alpha, beta and, for
// reductions, gamma, by least squares on relative error, with bootstrap confidence intervals
// and the quality of the fit. Pure functions; docs/MODELS.md describes the method.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <vector>

#include "cost_model.hpp"
#include "fabric.hpp"

namespace commbench {

// One measured size: its model coefficients (cost_model.hpp) and the measured time.
struct CostSample {
  std::uint64_t bytes = 0;
  CostCoefficients coefficients;
  double time_s = 0;
};

struct CostFitOptions {
  bool fit_gamma = false;              // also fit gamma (reductions)
  std::optional<double> fixed_beta;    // hold beta at this value (seconds per byte) and fit the rest
  std::size_t bootstrap_resamples = 1000;
  std::uint64_t seed = 1;              // the bootstrap's resampling is reproducible
};

// The fitted parameters in FabricFit's form (collective, algorithm, tier and ranks left for the
// caller to fill).
//
// Throws FitError (latency_bandwidth_fit.hpp) with one line when there are too few distinct
// sizes for the parameters, or when the data cannot determine a parameter: e.g. gamma when the
// bandwidth and reduction coefficients are proportional at every size, or a parameter that
// comes out negative.
FabricFit fit_cost_model(const std::vector<CostSample>& samples, const CostFitOptions& options);

}  // namespace commbench
