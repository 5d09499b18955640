#include "topology/cost/latency_bandwidth_fit.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "reports/format/number_text.hpp"

namespace commbench {
namespace {

// 1.96: the 97.5th percentile of the normal distribution (95% two-sided).
constexpr double kNormal95 = 1.96;
// The median of k normal values has a standard error of 1.2533 sigma / sqrt(k).
constexpr double kMedianEfficiency = 1.2533;

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

std::string bytes_text(std::uint64_t bytes) { return std::to_string(bytes) + " B"; }

std::string percent_text(double fraction) { return formatted_number("%.1f", fraction * 100) + "%"; }

// The points of the first three of `sizes` (distinct, in order from the regime's end of the
// range inwards: the fewest of which a median can set one aside) and of every later size that
// lies within kRegimeSpan of the first and that in_regime accepts.
template <typename Accept>
std::vector<TimedSize> regime_points(const std::vector<TimedSize>& points, const std::vector<std::uint64_t>& sizes,
                                     Accept in_regime) {
  const double end = static_cast<double>(sizes.front());
  std::set<std::uint64_t> chosen;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    const double size = static_cast<double>(sizes[i]);
    const bool within_span = size <= end * kRegimeSpan && size >= end / kRegimeSpan;
    if (i < 3 || (within_span && in_regime(size))) chosen.insert(sizes[i]);
  }
  std::vector<TimedSize> regime;
  for (const TimedSize& point : points) {
    if (chosen.count(point.bytes) > 0) regime.push_back(point);
  }
  return regime;
}

// alpha's estimate from these points and slope: the median of t - n slope.
double median_intercept(const std::vector<TimedSize>& points, double slope) {
  std::vector<double> intercepts;
  for (const TimedSize& point : points) intercepts.push_back(point.time_s - slope * static_cast<double>(point.bytes));
  return median(intercepts);
}

RegimeSizes regime_sizes(const std::vector<TimedSize>& regime, double alpha, double slope) {
  RegimeSizes sizes;
  sizes.points = regime.size();
  sizes.smallest = regime.front().bytes;
  sizes.largest = regime.front().bytes;
  std::vector<double> errors;
  for (const TimedSize& point : regime) {
    sizes.smallest = std::min(sizes.smallest, point.bytes);
    sizes.largest = std::max(sizes.largest, point.bytes);
    errors.push_back(std::fabs(alpha + slope * static_cast<double>(point.bytes) - point.time_s) / point.time_s);
  }
  sizes.median_relative_error = median(errors);
  return sizes;
}

struct Slope {
  double value = 0;
  double stderr_ = 0;
};

// Theil-Sen: the median of the pairwise slopes; its standard error from Sen's (1968) 95%
// interval, the order statistics (N - C)/2 and (N + C)/2 + 1 of the N slopes, with
// C = 1.96 sqrt(k (k - 1) (2k + 5) / 18) for k points.
Slope theil_sen_slope(const std::vector<TimedSize>& points) {
  std::vector<double> slopes;
  for (std::size_t i = 0; i < points.size(); ++i) {
    for (std::size_t j = i + 1; j < points.size(); ++j) {
      if (points[i].bytes == points[j].bytes) continue;
      slopes.push_back((points[j].time_s - points[i].time_s) /
                       (static_cast<double>(points[j].bytes) - static_cast<double>(points[i].bytes)));
    }
  }
  std::sort(slopes.begin(), slopes.end());
  const double n = static_cast<double>(slopes.size());
  const double k = static_cast<double>(points.size());
  const double c = kNormal95 * std::sqrt(k * (k - 1) * (2 * k + 5) / 18);
  const auto order_statistic = [&](double one_based) {
    const double index = std::clamp(std::round(one_based) - 1, 0.0, n - 1);
    return slopes[static_cast<std::size_t>(index)];
  };
  const double low = order_statistic((n - c) / 2);
  const double high = order_statistic((n + c) / 2 + 1);
  return {median(slopes), (high - low) / (2 * kNormal95)};
}

}  // namespace

LatencyBandwidthFit fit_latency_bandwidth(const std::vector<TimedSize>& points) {
  std::set<std::uint64_t> distinct;
  for (const TimedSize& point : points) {
    if (!(point.time_s > 0) || !std::isfinite(point.time_s)) {
      throw FitError("a time of " + std::to_string(point.time_s) + " s at " + std::to_string(point.bytes) +
                     " B cannot be fitted (accepted: times > 0)");
    }
    distinct.insert(point.bytes);
  }
  if (distinct.size() < 3) {
    throw FitError("latency and bandwidth need at least 3 distinct message sizes to fit, with one degree of freedom "
                   "left for the uncertainty (got " + std::to_string(distinct.size()) + ")");
  }
  const std::vector<std::uint64_t> ascending(distinct.begin(), distinct.end());
  const std::vector<std::uint64_t> descending(distinct.rbegin(), distinct.rend());
  const auto every_size = [](double) { return true; };
  const std::vector<TimedSize> bandwidth_points = regime_points(points, descending, every_size);

  Slope slope = theil_sen_slope(bandwidth_points);
  if (!(slope.value > 0)) {
    const auto smallest_of_them = std::min_element(
        bandwidth_points.begin(), bandwidth_points.end(),
        [](const TimedSize& a, const TimedSize& b) { return a.bytes < b.bytes; });
    throw FitError("the time does not grow with the message size over the largest sizes (" +
                   bytes_text(smallest_of_them->bytes) + " and up), so the bandwidth cannot be determined (measure "
                   "larger sizes)");
  }
  // Sen's interval over the bandwidth sizes within kPoorFitBound of their own line (slope and
  // median intercept), when 3 sizes or more are: with 5 sizes it spans every pairwise slope,
  // and one stalled size, which the median sets aside, would make it wider than B itself.
  const double own_intercept = median_intercept(bandwidth_points, slope.value);
  std::vector<TimedSize> steady;
  std::set<std::uint64_t> steady_sizes;
  for (const TimedSize& point : bandwidth_points) {
    const double line = own_intercept + slope.value * static_cast<double>(point.bytes);
    if (std::fabs(line - point.time_s) > kPoorFitBound * point.time_s) continue;
    steady.push_back(point);
    steady_sizes.insert(point.bytes);
  }
  if (steady_sizes.size() >= 3) slope.stderr_ = theil_sen_slope(steady).stderr_;
  // The small sizes' own time is their latency only where the line's bandwidth term is small
  // there: at most a quarter of alpha (a fifth of the time), so that a link that lets small
  // messages through faster than B (a burst, a faster eager path) cannot move alpha by more.
  // alpha from the span first, then from the sizes of it below n1/2 / 4 by that estimate.
  const double first_alpha = median_intercept(regime_points(points, ascending, every_size), slope.value);
  const std::vector<TimedSize> latency_points = regime_points(points, ascending, [&](double size) {
    return size * slope.value <= first_alpha / 4;
  });
  std::vector<double> intercepts;
  std::vector<double> latency_bytes;
  for (const TimedSize& point : latency_points) {
    intercepts.push_back(point.time_s - slope.value * static_cast<double>(point.bytes));
    latency_bytes.push_back(static_cast<double>(point.bytes));
  }
  const double alpha = median(intercepts);
  if (alpha < 0) {
    throw FitError("the fitted latency is negative: the small messages are faster than the line through the large "
                   "ones allows, so the latency cannot be determined (measure smaller sizes, or more iterations)");
  }
  const double half_bandwidth = alpha / slope.value;
  const std::uint64_t largest = descending.front();
  const std::uint64_t smallest = ascending.front();
  if (static_cast<double>(largest) < half_bandwidth) {
    throw FitError("the bandwidth cannot be determined: even at the largest size, " + bytes_text(largest) +
                   ", the latency is most of the time (n1/2 = " + formatted_number("%.0f", half_bandwidth) +
                   " B; measure sizes above it)");
  }
  if (static_cast<double>(smallest) > half_bandwidth) {
    throw FitError("the latency cannot be determined: even at the smallest size, " + bytes_text(smallest) +
                   ", the bandwidth term is most of the time (n1/2 = " + formatted_number("%.0f", half_bandwidth) +
                   " B; measure sizes below it)");
  }
  // The standard deviation rather than the median absolute deviation, which with a regime's few
  // sizes comes out near 0 now and then, and the uncertainty with it; but over the sizes within
  // kPoorFitBound of alpha, so that one stalled size, which the median sets aside, does not
  // make the uncertainty a thousand times alpha either (all of them when fewer than 2 are).
  std::vector<double> near;
  for (const double intercept : intercepts) {
    if (std::fabs(intercept - alpha) <= kPoorFitBound * alpha) near.push_back(intercept);
  }
  if (near.size() < 2) near = intercepts;
  double squares = 0;
  for (const double intercept : near) squares += (intercept - alpha) * (intercept - alpha);
  const double k = static_cast<double>(near.size());
  const double median_error = kMedianEfficiency * std::sqrt(squares / (k - 1)) / std::sqrt(k);
  const double slope_share = median(latency_bytes) * slope.stderr_;

  LatencyBandwidthFit fit;
  fit.points = points.size();
  fit.latency_s = alpha;
  fit.latency_stderr_s = std::sqrt(median_error * median_error + slope_share * slope_share);
  fit.bandwidth = 1.0 / slope.value;
  fit.bandwidth_stderr = slope.stderr_ / (slope.value * slope.value);
  fit.half_bandwidth_bytes = half_bandwidth;
  fit.latency_sizes = regime_sizes(latency_points, alpha, slope.value);
  fit.bandwidth_sizes = regime_sizes(bandwidth_points, alpha, slope.value);

  std::vector<double> errors;
  double worst_signed = 0;
  for (const TimedSize& point : points) {
    const double relative = (alpha + slope.value * static_cast<double>(point.bytes) - point.time_s) / point.time_s;
    errors.push_back(std::fabs(relative));
    if (std::fabs(relative) >= fit.max_relative_error) {
      fit.max_relative_error = std::fabs(relative);
      fit.worst_bytes = point.bytes;
      worst_signed = relative;
    }
  }
  fit.median_relative_error = median(errors);
  const auto range_text = [](const RegimeSizes& sizes) {
    return bytes_text(sizes.smallest) + " to " + bytes_text(sizes.largest) + " (" + std::to_string(sizes.points) +
           " points)";
  };
  fit.note = "alpha = the median of t - n/B over " + range_text(fit.latency_sizes) + ", median error " +
             percent_text(fit.latency_sizes.median_relative_error) + "; B = 1 / the median pairwise slope over " +
             range_text(fit.bandwidth_sizes) + ", median error " +
             percent_text(fit.bandwidth_sizes.median_relative_error) + "; over all " + std::to_string(fit.points) +
             " points median " + percent_text(fit.median_relative_error) + ", largest " +
             (worst_signed >= 0 ? "+" : "-") + percent_text(fit.max_relative_error) + " at " +
             bytes_text(fit.worst_bytes) + " (" + (worst_signed >= 0 ? "faster" : "slower") + " than the line)";
  return fit;
}

std::optional<std::string> poor_fit_reason(const LatencyBandwidthFit& fit) {
  std::string misses;
  const auto add = [&](const RegimeSizes& sizes, const char* regime, const char* parameter) {
    if (sizes.median_relative_error <= kPoorFitBound) return;
    misses += std::string(misses.empty() ? "the " : " and the ") + regime + " sizes (" + bytes_text(sizes.smallest) +
              " to " + bytes_text(sizes.largest) + ", which decide " + parameter + ") by a median " +
              percent_text(sizes.median_relative_error);
  };
  add(fit.latency_sizes, "latency", "the latency");
  add(fit.bandwidth_sizes, "bandwidth", "the bandwidth");
  if (misses.empty()) return std::nullopt;
  return "the line misses " + misses + ", beyond the bound of " + percent_text(kPoorFitBound);
}

}  // namespace commbench
