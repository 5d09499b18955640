#pragma once
// Statistics over timing samples: small pure functions, each unit-tested.
#include <cstddef>
#include <vector>

#include "reports/model/result.hpp"

namespace commbench {

// Linear interpolation between closest ranks (the "type 7" estimator of R and NumPy);
// sorted must be ascending and non-empty; fraction in [0, 1].
double percentile(const std::vector<double>& sorted, double fraction);

// The median of the samples (percentile 0.5 of them sorted); 0 for none.
double median_of(std::vector<double> samples);

struct Interval {
  double low = 0;
  double high = 0;
};

// Distribution-free 95% confidence interval of the median from order statistics: the
// samples at 1-based ranks floor(n/2 - 1.96 sqrt(n)/2) and ceil(1 + n/2 + 1.96 sqrt(n)/2)
// (normal approximation to the binomial; Conover, Practical Nonparametric Statistics), clamped
// to the sample range. sorted must be ascending and non-empty.
Interval median_confidence_interval95(const std::vector<double>& sorted);

// True when both ends of the median's 95% interval lie within relative_precision of the
// median, with at least min_samples samples.
bool median_is_precise(const std::vector<double>& sorted, double relative_precision, std::size_t min_samples);

// min, median, mean, p95, p99, max, sample standard deviation and the median interval.
SampleStatistics summarize_samples(std::vector<double> samples);

}  // namespace commbench
