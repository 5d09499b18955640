#include "bench/commands/fit/nccl_report_calibration.hpp"

#include <stdexcept>

#include "collectives/algorithms/explicit_algorithms.hpp"
#include "topology/cost/nccl_system.hpp"
#include "topology/fabric_files/fabric_json.hpp"

namespace commbench {
namespace {

bool is_nccl_native(const Result& row) {
  return row.status == ResultStatus::ok && row.backend == "nccl" && row.algorithm == kNativeAlgorithm &&
         row.bytes > 0 && row.time_s > 0;
}

}  // namespace

bool has_nccl_native_rows(const RunReport& report) {
  for (const Result& row : report.results) {
    if (is_nccl_native(row)) return true;
  }
  return false;
}

Fabric calibration_base_fabric(const RunReport& report, const std::optional<Fabric>& given) {
  Fabric fabric;
  if (given) {
    fabric = *given;
  } else if (report.model) {
    fabric = load_fabric_text(report.model->fabric.dump(), "the report's fabric (" + report.model->fabric_source + ")");
  } else {
    throw std::invalid_argument(
        "the report was measured without --fabric, so the fabric to calibrate is unknown (accepted: commbench fit "
        "REPORT --fabric FILE|PRESET, the GPU fabric the run was on)");
  }
  if (!is_gpu_fabric(fabric)) {
    throw std::invalid_argument("fabric '" + fabric.name + "' describes no GPUs, and the NCCL model calibrates GPU "
                                "fabrics (accepted: a GPU fabric, format_version 2 with a \"gpu\" section)");
  }
  return fabric;
}

NcclReportCalibration calibrate_to_report(const RunReport& report, const Fabric& base, const CostFitOptions& options) {
  std::vector<NcclMeasurement> measurements;
  for (const Result& row : report.results) {
    if (!is_nccl_native(row)) continue;
    measurements.push_back({row.collective, "", "", row.bytes, row.ranks, row.time_s});
  }
  NcclReportCalibration result;
  result.rows = measurements.size();
  result.fit = fit_nccl_calibration(base, measurements, options);
  result.fabric = with_calibration(base, result.fit);
  return result;
}

}  // namespace commbench
