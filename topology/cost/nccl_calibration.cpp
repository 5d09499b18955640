#include "topology/cost/nccl_calibration.hpp"

#include <algorithm>
#include <cmath>

#include "topology/cost/nccl_cost_model.hpp"
#include "topology/cost/nccl_system.hpp"

namespace commbench {
namespace {

// Rounds until the algorithms NCCL would choose under the fitted figures stop changing; NCCL's
// choice depends on the latencies, so a calibration can move a size from one algorithm to
// another, and the fit is repeated over the new choice.
constexpr int kMaxRounds = 8;

std::size_t tier_index(const Fabric& fabric, const std::string& name) {
  for (std::size_t i = 0; i < fabric.tiers.size(); ++i) {
    if (fabric.tiers[i].name == name) return i;
  }
  return 0;
}

double share_of(const Prediction& prediction, const std::string& tier, bool latency) {
  for (const TierTerms& terms : prediction.tiers) {
    if (terms.tier == tier) return latency ? terms.terms.latency_s : terms.terms.bandwidth_s;
  }
  return 0;
}

}  // namespace

Fabric with_calibration(Fabric fabric, const NcclCalibrationFit& fit) {
  fabric.tiers[tier_index(fabric, fit.tier)].calibration = fit.calibration;
  return fabric;
}

NcclCalibrationFit fit_nccl_calibration(const Fabric& fabric, const std::vector<NcclMeasurement>& measurements,
                                        const CostFitOptions& options) {
  // The outermost tier any run crosses, and the runs that cross it.
  std::string tier;
  int widest_nodes = 0;
  for (const NcclMeasurement& m : measurements) {
    const NcclSystem system = nccl_system(fabric, m.ranks);
    if (system.ranks < 2) continue;
    const int nodes = system.nodes;
    if (nodes > widest_nodes) {
      widest_nodes = nodes;
      tier = nodes > 1 ? system.network_tier : system.intra_tier;
    }
  }
  if (tier.empty()) {
    throw FitError("no measured run crosses a tier of fabric '" + fabric.name +
                   "' (accepted: a report of runs on 2 or more ranks)");
  }
  std::vector<NcclMeasurement> rows;
  for (const NcclMeasurement& m : measurements) {
    const NcclSystem system = nccl_system(fabric, m.ranks);
    if ((widest_nodes > 1 ? system.nodes > 1 : system.ranks > 1) && m.bytes > 0) rows.push_back(m);
  }

  NcclCalibrationFit result;
  result.tier = tier;
  TierCalibration current;
  current.latency_scale = {1, 1, 1};
  current.bandwidth_efficiency = {1, 1, 1};
  std::vector<std::string> previous_choices;
  FabricFit fit;
  for (int round = 0; round < kMaxRounds; ++round) {
    result.calibration = current;
    const Fabric calibrated = with_calibration(fabric, result);
    std::vector<CostSample> samples;
    std::vector<std::string> choices;
    for (const NcclMeasurement& m : rows) {
      const Prediction prediction = predict_nccl(m.collective, m.algorithm, m.protocol, m.bytes, m.ranks, calibrated);
      choices.push_back(prediction.algorithm + "/" + prediction.protocol);
      // The tier's shares at the current figures, brought back to a scale and efficiency of 1:
      // its latency is proportional to the scale, its bandwidth time and fill to 1 / efficiency.
      const double latency = share_of(prediction, tier, true);
      const double transfer = share_of(prediction, tier, false);
      CostSample sample;
      sample.bytes = m.bytes;
      sample.time_s = m.time_s;
      sample.coefficients.latency_steps = latency / current.latency_scale.value;
      sample.coefficients.bandwidth_bytes = transfer * current.bandwidth_efficiency.value;
      sample.known_s = prediction.time_s - latency - transfer;
      samples.push_back(sample);
    }
    try {
      fit = fit_cost_model(samples, options);
    } catch (const FitError&) {
      // Sizes all in the latency regime cannot tell the bandwidth: the efficiency is held at 1
      // (the model's bandwidth as it is) and only the latency fitted.
      CostFitOptions latency_only = options;
      latency_only.fixed_beta = 1.0;
      fit = fit_cost_model(samples, latency_only);
      if (fit.note.find("bandwidth efficiency held") == std::string::npos) {
        fit.note += std::string(fit.note.empty() ? "" : "; ") +
                    "bandwidth efficiency held at 1: the sizes measured do not determine it";
      }
    }
    const double scale = fit.latency_s.value;
    const double efficiency = 1.0 / fit.seconds_per_byte.value;
    const bool settled = choices == previous_choices && std::fabs(scale - current.latency_scale.value) < 1e-6 &&
                         std::fabs(efficiency - current.bandwidth_efficiency.value) < 1e-6;
    current.latency_scale = fit.latency_s;
    // beta = 1 / efficiency: its interval's ends swap.
    // beta's interval may reach 0 or below when the bandwidth is poorly determined: the
    // efficiency's upper end is then unbounded, and the value itself stands for it.
    const double upper = fit.seconds_per_byte.ci95_low > 0 ? 1.0 / fit.seconds_per_byte.ci95_low : efficiency;
    current.bandwidth_efficiency = {efficiency, 1.0 / fit.seconds_per_byte.ci95_high, upper};
    previous_choices = choices;
    if (settled) break;
  }
  result.calibration = current;
  result.calibration.points = fit.points;
  result.calibration.median_relative_error = fit.median_relative_error;
  result.calibration.note = fit.note;
  return result;
}

}  // namespace commbench
