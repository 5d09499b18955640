#pragma once
// The point-to-point model t(n) = alpha + n / B (latency alpha, bandwidth B) fitted to
// measured one-way times, with the uncertainty of each parameter. Pure functions.
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace commbench {

struct TimedSize {
  std::uint64_t bytes = 0;
  double time_s = 0;  // one-way time of a message of this size (e.g. the median)
};

struct LatencyBandwidthFit {
  double latency_s = 0;           // alpha
  double latency_stderr_s = 0;    // its standard error
  double bandwidth = 0;           // B, bytes/s
  double bandwidth_stderr = 0;    // its standard error (propagated from 1/B's)
  double half_bandwidth_bytes = 0;  // n1/2 = alpha * B: the size that reaches half of B
  double median_relative_error = 0;  // |model - measured| / measured over the points
  double max_relative_error = 0;
  std::size_t points = 0;
};

// The data cannot determine the model: too few distinct sizes, or a time that does not grow
// with size. what() is one line saying which.
class FitError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Least squares on relative error (weights 1 / t^2), so that the small sizes, which decide
// alpha, count as much as the large ones, which decide B; standard errors from the
// weighted residuals and (X^T W X)^-1. Needs at least 3 distinct sizes and positive times.
// Throws FitError when 1/B or alpha comes out negative: the times do not grow with size,
// or the smallest times lie below the line through the larger ones (no latency is
// measurable at these sizes).
LatencyBandwidthFit fit_latency_bandwidth(const std::vector<TimedSize>& points);

}  // namespace commbench
