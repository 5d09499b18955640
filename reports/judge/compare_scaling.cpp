// Scaling reports: a point is keyed by its series and GPUs; step time and efficiency.
#include "reports/judge/comparison_kinds.hpp"

namespace commbench::compare_kinds {
namespace {

std::string series_name(const ScalingSeries& series) {
  return series.source == "measured" ? series.source : series.source + " on " + series.fabric;
}

std::uint64_t wrong_in(const ScalingPoint& point) {
  std::uint64_t wrong = 0;
  for (const ScalingCollective& collective : point.collectives) wrong += collective.wrong;
  return wrong;
}

std::vector<ComparableCase> scaling_cases(const ScalingReport& report, const ComparisonOptions& options) {
  std::vector<const ScalingSeries*> series;
  if (report.measured) series.push_back(&*report.measured);
  for (const ScalingSeries& predicted : report.predicted) series.push_back(&predicted);
  std::vector<ComparableCase> cases;
  for (const ScalingSeries* s : series) {
    for (const ScalingPoint& point : s->points) {
      cases.push_back({{series_name(*s), std::to_string(point.gpus)},
                       wrong_elements_problem(wrong_in(point)),
                       {lower_is_better("step_s", MetricUnit::seconds, point.step_s, options.threshold),
                        higher_is_better("efficiency", MetricUnit::fraction, point.efficiency, options.threshold)}});
    }
  }
  return cases;
}

}  // namespace

KindComparison kind_comparison(const ScalingReport& baseline, const ScalingReport& candidate,
                               const ComparisonOptions& options) {
  return {{"series", "gpus"},
          {threshold_rule("step_s", "an increase", options), threshold_rule("efficiency", "a drop", options)},
          {scaling_cases(baseline, options), scaling_cases(candidate, options)},
          {}};
}

}  // namespace commbench::compare_kinds
