// Gradsync reports: a case is keyed by strategy, overlap and bucket size; step and exposed time.
#include "reports/judge/comparison_kinds.hpp"

namespace commbench::compare_kinds {
namespace {

std::vector<ComparableCase> gradsync_cases(const GradsyncReport& report, const ComparisonOptions& options) {
  return cases_of(report.cases, [&](const GradsyncCase& row) -> ComparableCase {
    return {{report.strategy, report.overlap ? "overlap" : "no overlap", std::to_string(row.bucket_bytes)},
            wrong_elements_problem(row.wrong),
            {lower_is_better("step_s", MetricUnit::seconds, row.step_s, options.threshold),
             lower_is_better("exposed_s", MetricUnit::seconds, row.exposed_s, options.threshold)}};
  });
}

}  // namespace

KindComparison kind_comparison(const GradsyncReport& baseline, const GradsyncReport& candidate,
                               const ComparisonOptions& options) {
  return {{"strategy", "overlap", "bucket_bytes"},
          {threshold_rule("step_s and exposed_s", "an increase", options)},
          {gradsync_cases(baseline, options), gradsync_cases(candidate, options)},
          {}};
}

}  // namespace commbench::compare_kinds
