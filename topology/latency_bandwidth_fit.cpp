#include "latency_bandwidth_fit.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

namespace commbench {

LatencyBandwidthFit fit_latency_bandwidth(const std::vector<TimedSize>& points) {
  std::set<std::uint64_t> sizes;
  for (const TimedSize& point : points) {
    if (!(point.time_s > 0) || !std::isfinite(point.time_s)) {
      throw FitError("a time of " + std::to_string(point.time_s) + " s at " + std::to_string(point.bytes) +
                     " B cannot be fitted (accepted: times > 0)");
    }
    sizes.insert(point.bytes);
  }
  if (sizes.size() < 3) {
    throw FitError("latency and bandwidth need at least 3 distinct message sizes to fit, with one degree of freedom "
                   "left for the uncertainty (got " + std::to_string(sizes.size()) + ")");
  }
  // Normal equations of sum w (a + b n - t)^2 with w = 1/t^2.
  double sw = 0, swn = 0, swnn = 0, swt = 0, swnt = 0;
  for (const TimedSize& point : points) {
    const double n = static_cast<double>(point.bytes);
    const double w = 1.0 / (point.time_s * point.time_s);
    sw += w;
    swn += w * n;
    swnn += w * n * n;
    swt += w * point.time_s;
    swnt += w * n * point.time_s;
  }
  const double determinant = sw * swnn - swn * swn;
  const double a = (swnn * swt - swn * swnt) / determinant;
  const double b = (sw * swnt - swn * swt) / determinant;
  if (!(b > 0)) {
    throw FitError("the time does not grow with the message size, so the bandwidth cannot be determined "
                   "(measure larger sizes)");
  }
  if (a < 0) {
    throw FitError("the fitted latency is negative: the small messages are faster than the line through the large "
                   "ones allows, so the latency cannot be determined (measure smaller sizes, or more iterations)");
  }
  LatencyBandwidthFit fit;
  fit.points = points.size();
  double weighted_residuals = 0;
  std::vector<double> relative_errors;
  for (const TimedSize& point : points) {
    const double relative = (a + b * static_cast<double>(point.bytes) - point.time_s) / point.time_s;
    weighted_residuals += relative * relative;
    relative_errors.push_back(std::fabs(relative));
  }
  const double variance = weighted_residuals / static_cast<double>(points.size() - 2);
  fit.latency_s = a;
  fit.latency_stderr_s = std::sqrt(variance * swnn / determinant);
  const double b_stderr = std::sqrt(variance * sw / determinant);
  fit.bandwidth = 1.0 / b;
  fit.bandwidth_stderr = b_stderr / (b * b);
  fit.half_bandwidth_bytes = a / b;
  std::sort(relative_errors.begin(), relative_errors.end());
  const std::size_t middle = relative_errors.size() / 2;
  fit.median_relative_error = relative_errors.size() % 2
                                  ? relative_errors[middle]
                                  : (relative_errors[middle - 1] + relative_errors[middle]) / 2;
  fit.max_relative_error = relative_errors.back();
  return fit;
}

}  // namespace commbench
