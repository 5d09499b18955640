#pragma once
// Calibrating the NCCL model to a cluster (docs/MODELS.md, "Calibrating the NCCL model"): from
// measured NCCL times, the factor on every latency the model charges to one tier and the share
// of the model's bandwidth the tier delivers, with 95% bootstrap intervals. `commbench fit`
// writes them into the fabric (FabricTier::calibration), which `predict` and `plan` then read.
#include <cstdint>
#include <string>
#include <vector>

#include "topology/cost/cost_fit.hpp"
#include "topology/fabric/fabric.hpp"

namespace commbench {

// One measured NCCL case: what ran (algorithm and protocol empty: NCCL's own choice) and its time.
struct NcclMeasurement {
  std::string collective;
  std::string algorithm;
  std::string protocol;
  std::uint64_t bytes = 0;
  int ranks = 0;
  double time_s = 0;
};

struct NcclCalibrationFit {
  std::string tier;  // the tier calibrated: the network when the runs cross nodes, else the node's links
  TierCalibration calibration;
};

// Fits t = latency_scale * (the tier's latency) + (the tier's bandwidth time and fill) /
// bandwidth_efficiency + (the rest of the prediction) over the measurements, by weighted least
// squares on relative error (fit_cost_model), repeating with the algorithms NCCL would choose
// under the new figures until the choice stops changing. The tier is the outermost one the runs
// cross; runs that do not cross it are left out. Throws FitError (one line) when the
// measurements cannot determine the two figures (fewer than 3 sizes, no run crossing a tier),
// and ModelError for a fabric the NCCL model cannot use.
NcclCalibrationFit fit_nccl_calibration(const Fabric& fabric, const std::vector<NcclMeasurement>& measurements,
                                        const CostFitOptions& options);

// fabric with the tier's calibration set.
Fabric with_calibration(Fabric fabric, const NcclCalibrationFit& fit);

}  // namespace commbench
