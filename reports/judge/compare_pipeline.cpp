// Pipeline reports: a run is keyed by micro-batches and activation size; the median step.
#include "reports/judge/comparison_kinds.hpp"

namespace commbench::compare_kinds {
namespace {

std::vector<ComparableCase> pipeline_cases(const PipelineReport& report, const ComparisonOptions& options) {
  return cases_of(report.runs, [&](const PipelineRun& run) -> ComparableCase {
    return {{std::to_string(run.microbatches), std::to_string(run.activation_bytes)},
            "",
            {lower_is_better("step_s", MetricUnit::seconds, run.step.median, options.threshold)}};
  });
}

}  // namespace

KindComparison kind_comparison(const PipelineReport& baseline, const PipelineReport& candidate,
                               const ComparisonOptions& options) {
  return {{"microbatches", "activation_bytes"},
          {threshold_rule("step_s (median step)", "an increase", options)},
          {pipeline_cases(baseline, options), pipeline_cases(candidate, options)},
          {}};
}

}  // namespace commbench::compare_kinds
