#pragma once
// What `commbench scaling` and `commbench plan` both start from: the workload as the command
// line changes it (--global-batch, --strategy, --tp, ...), the analysis options, and the
// report's common part. Pure functions of the settings.
#include <string>
#include <vector>

#include "bench/run/config.hpp"
#include "bench/workload/scaling_settings.hpp"
#include "reports/model/scaling_report.hpp"
#include "topology/scaling/scaling_analysis.hpp"
#include "topology/workload/workload.hpp"

namespace commbench {

// The workload with every setting given on the command line in place of the workload's own.
// Throws UsageError when the result cannot be analysed (e.g. --pp on a workload with fewer layers).
Workload scaling_workload(const Workload& loaded, const ScalingSettings& settings);

ScalingOptions scaling_options(const ScalingSettings& settings);

// The report before any series: the command, the configuration, the workload as analysed, and
// the notes that hold whatever the series say (e.g. fewer than one sample per GPU).
ScalingReport scaling_report_base(const Config& config, const Workload& workload);

// Adds the note that strong scaling past one sample per replica (largest_gpus beyond
// batch x model parallel) is not trainable, when the range goes there.
void note_batch_limit(ScalingReport& report, const Workload& workload, std::uint64_t largest_gpus);

// What scaling and plan both record of their settings, under "scaling"; each adds its own.
nlohmann::json scaling_settings_json(const Config& config);

}  // namespace commbench
