#include "bench/measure/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace commbench {

double percentile(const std::vector<double>& sorted, double fraction) {
  if (sorted.empty()) throw std::invalid_argument("percentile of no samples");
  const double position = fraction * static_cast<double>(sorted.size() - 1);
  const std::size_t below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double weight = position - static_cast<double>(below);
  return sorted[below] + weight * (sorted[above] - sorted[below]);
}

double median_of(std::vector<double> samples) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  return percentile(samples, 0.5);
}

Interval median_confidence_interval95(const std::vector<double>& sorted) {
  if (sorted.empty()) throw std::invalid_argument("median interval of no samples");
  const double n = static_cast<double>(sorted.size());
  const double half_width = 1.96 * std::sqrt(n) / 2.0;
  // 1-based ranks of the order statistics, turned into 0-based indexes and clamped.
  const double low_rank = std::floor(n / 2.0 - half_width);
  const double high_rank = std::ceil(1.0 + n / 2.0 + half_width);
  const auto index = [&](double rank) {
    return static_cast<std::size_t>(std::clamp(rank - 1.0, 0.0, n - 1.0));
  };
  return {sorted[index(low_rank)], sorted[index(high_rank)]};
}

bool median_is_precise(const std::vector<double>& sorted, double relative_precision, std::size_t min_samples) {
  if (sorted.size() < std::max<std::size_t>(min_samples, 1)) return false;
  const double median = percentile(sorted, 0.5);
  const Interval interval = median_confidence_interval95(sorted);
  const double tolerance = relative_precision * median;
  return median - interval.low <= tolerance && interval.high - median <= tolerance;
}

SampleStatistics summarize_samples(std::vector<double> samples) {
  SampleStatistics stats;
  if (samples.empty()) return stats;
  std::sort(samples.begin(), samples.end());
  const double n = static_cast<double>(samples.size());
  stats.samples = samples.size();
  stats.min = samples.front();
  stats.max = samples.back();
  stats.median = percentile(samples, 0.5);
  stats.p95 = percentile(samples, 0.95);
  stats.p99 = percentile(samples, 0.99);
  stats.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / n;
  double squares = 0;
  for (double sample : samples) squares += (sample - stats.mean) * (sample - stats.mean);
  stats.stdev = samples.size() > 1 ? std::sqrt(squares / (n - 1.0)) : 0.0;
  const Interval interval = median_confidence_interval95(samples);
  stats.median_ci95_low = interval.low;
  stats.median_ci95_high = interval.high;
  return stats;
}

}  // namespace commbench
