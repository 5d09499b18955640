#include "reports/model/model_summary.hpp"

#include <algorithm>
#include <cmath>

namespace commbench {
namespace {

// The q-quantile (0 <= q <= 1) of sorted values, interpolating between order statistics.
double quantile_of_sorted(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double weight = position - static_cast<double>(below);
  return sorted[below] + weight * (sorted[above] - sorted[below]);
}

}  // namespace

std::vector<ModelAccuracy> summarize_model_accuracy(const std::vector<Result>& rows, double shortfall_fraction) {
  std::vector<ModelAccuracy> groups;
  std::vector<std::vector<double>> errors;
  for (const Result& row : rows) {
    if (row.status != ResultStatus::ok || !row.prediction) continue;
    auto group = std::find_if(groups.begin(), groups.end(), [&](const ModelAccuracy& g) {
      return g.collective == row.collective && g.algorithm == row.algorithm;
    });
    if (group == groups.end()) {
      groups.push_back({row.collective, row.algorithm, row.prediction->algorithm, 0, 0, 0, {}});
      errors.emplace_back();
      group = groups.end() - 1;
    }
    const auto index = static_cast<std::size_t>(group - groups.begin());
    ++group->rows;
    // Native rows may be modelled by different algorithms at different sizes; the group names
    // the one of its largest size, where bandwidth decides.
    group->modelled_algorithm = row.prediction->algorithm;
    errors[index].push_back(std::fabs(row.prediction->relative_error));
    if (row.prediction->bus_bw > 0 && row.bus_bw < shortfall_fraction * row.prediction->bus_bw) {
      group->shortfalls.push_back({row.bytes, row.placement, row.dtype, row.op, row.bus_bw / row.prediction->bus_bw});
    }
  }
  for (std::size_t i = 0; i < groups.size(); ++i) {
    std::sort(errors[i].begin(), errors[i].end());
    groups[i].median_abs_relative_error = quantile_of_sorted(errors[i], 0.5);
    groups[i].p90_abs_relative_error = quantile_of_sorted(errors[i], 0.9);
  }
  return groups;
}

}  // namespace commbench
