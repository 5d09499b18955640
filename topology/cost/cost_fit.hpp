#pragma once
// Fitting a cost model's parameters to measured times (`commbench fit`): alpha, beta and, for
// reductions, gamma, by least squares on relative error, with bootstrap confidence intervals
// and the quality of the fit. Pure functions; docs/MODELS.md describes the method.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <vector>

#include "topology/cost/cost_model.hpp"
#include "topology/cost/latency_bandwidth_fit.hpp"  // FitError
#include "topology/fabric/fabric.hpp"

namespace commbench {

// One measured size: its model coefficients (cost_model.hpp) and the measured time.
struct CostSample {
  std::uint64_t bytes = 0;
  CostCoefficients coefficients;
  double time_s = 0;
  // Seconds of time_s that no parameter models (e.g. another tier's share of an NCCL prediction):
  // part of the model as it is.
  double known_s = 0;
};

struct CostFitOptions {
  // Also fit gamma (reductions). Without it the reduction coefficients are left out of the
  // model: what reducing costs lands in beta.
  bool fit_gamma = false;
  // Hold beta at this value (seconds per byte, > 0) and fit the rest: how gamma is separated
  // from beta, with beta taken from a collective that does not reduce.
  std::optional<double> fixed_beta;
  // Resamples for the 95% intervals; 0: no bootstrap (each interval is the point itself).
  std::size_t bootstrap_resamples = 1000;
  std::uint64_t seed = 1;  // the bootstrap's resampling is reproducible
};

// The most samples the bootstraps of one fitted report draw in all: resamples x rows. Each
// draw costs its share of a resample's least-squares fit, so the bound keeps `commbench fit`
// within seconds whatever the report's size; a report of the usual few hundred to few
// thousand rows keeps the 1000 resamples asked for by default.
constexpr std::uint64_t kMaxBootstrapDraws = 20000000;

// The resamples a bootstrap of `rows` samples may take: `resamples`, reduced where needed so
// that resamples x rows stays within kMaxBootstrapDraws (at least 1 when any are asked for).
std::size_t bootstrap_resamples_within_budget(std::size_t resamples, std::size_t rows);

// The fitted parameters in FabricFit's form (collective, algorithm, tier and ranks left for the
// caller to fill; note holds what the fit itself has to say, for the caller to extend).
//
// The model is t = latency_steps * alpha + bandwidth_bytes * beta (+ reduction_bytes * gamma),
// fitted by weighted least squares with weights 1/t^2 (relative error, so that the small sizes,
// which decide alpha, count as much as the large ones, which decide beta), solved from the
// normal equations with every column scaled to unit length first.
//
//  - points: the samples (a size measured twice counts twice). A fixed beta is reported with
//    an interval of zero width (beta itself, not fitted).
//  - Negative parameters: beta must come out > 0 (otherwise the time does not grow with the
//    size and no bandwidth follows), or FitError. An alpha or gamma below 0 by more than 1.96
//    standard errors (of the weighted fit) is refused with FitError; one below 0 within that
//    uncertainty is consistent with 0: it is held at 0, the others are fitted again, and the
//    note says so. The bootstrap's resamples go through the same estimator (held at 0, never
//    refused), so such an interval starts at 0.
//  - 95% intervals: the 2.5th and 97.5th percentiles (linear between order statistics) of the
//    estimates over bootstrap_resamples resamples of the samples, drawn with replacement by
//    std::mt19937_64 seeded with options.seed. A resample with too few distinct sizes, or
//    whose samples cannot determine every parameter, is skipped (not redrawn, so the draws
//    stay the same for a given seed); the note says how many were used when some were
//    skipped. With none left, each interval is the point itself and the note says so.
//  - half_bandwidth_bytes = alpha / beta: the bytes of one message of the coefficient form's
//    bandwidth term whose transfer time equals alpha. For the point-to-point form (1, n) that
//    is the message size; for the Hockney form (1, bytes * bus_bw_factor) it is bus bytes; for
//    an algorithm's single-tier form it is the bytes one step sends over a link, not the
//    collective's size.
//  - median/max_relative_error: |model - t| / t over the samples, with the parameters found.
//
// Throws FitError with one line naming the parameter, why, and what would fix it, when: a
// time is not > 0 or a coefficient not finite; fixed_beta is not > 0; there are fewer distinct
// sizes than parameters + 1 (one degree of freedom is left for the uncertainty); a parameter's
// coefficient is 0 at every sample; two parameters' coefficients are proportional at every
// sample (gamma and beta for ring all-reduce: fit gamma with beta fixed from a non-reducing
// collective), or one is a combination of the others; beta is not > 0; alpha or gamma is
// negative beyond its uncertainty.
FabricFit fit_cost_model(const std::vector<CostSample>& samples, const CostFitOptions& options);

}  // namespace commbench
