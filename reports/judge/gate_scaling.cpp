// The scaling_efficiency check: the efficiency of a measured or predicted scaling series at a
// number of GPUs.
#include "reports/judge/gate_checks.hpp"

#include <algorithm>

#include "reports/format/text_join.hpp"

namespace commbench::gate_checks {
namespace {

std::string series_name(const ScalingSeries& series) {
  return series.source == "measured" ? std::string("measured series") : "predicted series on " + series.fabric;
}

}  // namespace

CheckOutcome evaluate(const AcceptanceCheck& check, const ScalingEfficiencyCheck& scaling,
                      const std::vector<LoadedReport>& reports) {
  const bool measured = scaling.series == ScalingSeriesSource::measured;
  const std::string wanted_series = measured                ? "a measured series"
                                    : scaling.fabric.empty() ? "a predicted series"
                                                             : "a predicted series on " + scaling.fabric;
  const std::string gpus = std::to_string(scaling.gpus) + " GPUs";
  CheckOutcome outcome = named(check, "scaling_efficiency " + gpus,
                               "scaling efficiency of " + wanted_series + " at " + gpus);
  outcome.required = bound_text(Bound::at_least, plain_number_text(scaling.at_least));

  struct Found {
    const ScalingSeries* series;
    const ScalingPoint* point;
    const std::string* report;
  };
  std::size_t scaling_reports = 0;
  std::vector<std::string> other_series;
  std::vector<std::string> point_counts;
  std::vector<Found> found;
  for (const LoadedReport& report : reports) {
    const auto* analysis = std::get_if<ScalingReport>(&report.content);
    if (analysis == nullptr) continue;
    ++scaling_reports;
    std::vector<const ScalingSeries*> series;
    if (analysis->measured) series.push_back(&*analysis->measured);
    for (const ScalingSeries& predicted : analysis->predicted) series.push_back(&predicted);
    for (const ScalingSeries* candidate : series) {
      const bool wanted = measured ? candidate->source == "measured"
                                   : candidate->source != "measured" &&
                                         (scaling.fabric.empty() || candidate->fabric == scaling.fabric);
      if (!wanted) {
        other_series.push_back(series_name(*candidate));
        continue;
      }
      std::vector<std::string> counts;
      for (const ScalingPoint& point : candidate->points) {
        counts.push_back(std::to_string(point.gpus));
        if (point.gpus == scaling.gpus) found.push_back({candidate, &point, &report.path});
      }
      point_counts.push_back(series_name(*candidate) + " (" + report.path + ") has " + joined(counts) + " GPUs");
    }
  }
  const std::string needed = "needs " + wanted_series + " with a point at " + gpus;
  if (scaling_reports == 0) {
    return missing_measurement(std::move(outcome), {needed + "; no scaling or plan report was given"});
  }
  if (point_counts.empty()) {
    return missing_measurement(std::move(outcome),
                               {needed + "; the scaling reports have " +
                                (other_series.empty() ? std::string("no series") : joined(other_series))});
  }
  if (found.empty()) return missing_measurement(std::move(outcome), {needed + "; " + joined(point_counts)});

  std::stable_sort(found.begin(), found.end(),
                   [](const Found& a, const Found& b) { return a.point->efficiency < b.point->efficiency; });
  const Found& worst = found.front();
  outcome.measured = plain_number_text(worst.point->efficiency) + " (" + series_name(*worst.series) + ", " +
                     *worst.report + ")";
  std::vector<std::string> failing;
  for (const Found& entry : found) {
    if (entry.point->efficiency >= scaling.at_least) continue;
    const std::uint64_t first_gpus = entry.series->points.front().gpus;
    std::string line = series_name(*entry.series) + " (" + *entry.report + "): efficiency " +
                       plain_number_text(entry.point->efficiency) + " at " + gpus + ", speedup " +
                       plain_number_text(entry.point->speedup) + " over " + std::to_string(first_gpus) + " GPUs";
    if (!entry.point->dominant_term.empty()) line += "; communication dominated by " + entry.point->dominant_term;
    failing.push_back(line);
  }
  outcome.passed = failing.empty();
  append_listed(outcome.details, failing, "series");
  return outcome;
}


}  // namespace commbench::gate_checks
