// Collectives reports: a row is keyed by its case and size; busbw from min_bytes up, the time below.
#include "reports/judge/comparison_kinds.hpp"

namespace commbench::compare_kinds {
namespace {

std::string result_problem(const Result& result) {
  if (result.status != ResultStatus::ok) {
    return result_status_name(result.status) + (result.reason.empty() ? "" : ": " + result.reason);
  }
  return wrong_elements_problem(result.wrong);
}

std::vector<ComparableCase> collective_cases(const RunReport& report, const ComparisonOptions& options) {
  return cases_of(report.results, [&](const Result& r) { return result_case(r, options); });
}

}  // namespace

// The metric follows from the size alone, so a matched pair always has the same one: busbw from
// min_bytes up, the time below.
MetricValue collective_metric(std::uint64_t bytes, double bus_bw, double time_s, const ComparisonOptions& options) {
  return bytes >= options.min_bytes
             ? higher_is_better("bus_bw", MetricUnit::bytes_per_second, bus_bw, options.threshold)
             : lower_is_better("time_s", MetricUnit::seconds, time_s, options.latency_threshold);
}

ComparableCase result_case(const Result& r, const ComparisonOptions& options) {
  return {result_key(r), result_problem(r), {collective_metric(r.bytes, r.bus_bw, r.time_s, options)}};
}

std::string min_bytes_text(const ComparisonOptions& options) { return std::to_string(options.min_bytes) + " B"; }

KindComparison kind_comparison(const RunReport& baseline, const RunReport& candidate,
                               const ComparisonOptions& options) {
  const std::string from = min_bytes_text(options);
  return {kCollectiveKeyColumns,
          {threshold_rule("bus_bw of sizes from " + from, "a drop", options),
           latency_rule("time_s of sizes below " + from, options)},
          {collective_cases(baseline, options), collective_cases(candidate, options)},
          {}};
}

}  // namespace commbench::compare_kinds
