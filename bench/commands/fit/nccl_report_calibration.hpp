#pragma once
// `commbench fit` on a report measured with --backend nccl: the NCCL model calibrated to the
// cluster it ran on (topology/cost/nccl_calibration.hpp), from the report's native rows, written as
// the GPU fabric with the calibration on the tier the runs crossed (docs/MODELS.md,
// "Calibrating the NCCL model"). Pure: no files, no console.
#include <optional>
#include <string>

#include "reports/model/json_report.hpp"
#include "topology/cost/cost_fit.hpp"
#include "topology/cost/nccl_calibration.hpp"
#include "topology/fabric/fabric.hpp"

namespace commbench {

// True when the report holds ok native rows measured over NCCL: what this calibration fits.
bool has_nccl_native_rows(const RunReport& report);

// The fabric the calibration applies to: given (fit --fabric), else the one the report was
// measured against (its model section, --fabric at measurement). Throws std::invalid_argument
// with one line saying what is needed when there is neither, or the fabric describes no GPUs.
Fabric calibration_base_fabric(const RunReport& report, const std::optional<Fabric>& given);

// The calibration of base to the report's ok native NCCL rows (every dtype, op and placement: NCCL
// runs them alike; the model has no dtype), and base with it. Throws FitError and ModelError.
struct NcclReportCalibration {
  NcclCalibrationFit fit;
  Fabric fabric;
  std::size_t rows = 0;
};
NcclReportCalibration calibrate_to_report(const RunReport& report, const Fabric& base, const CostFitOptions& options);

}  // namespace commbench
