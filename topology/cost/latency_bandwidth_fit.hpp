#pragma once
// The point-to-point model t(n) = alpha + n / B (latency alpha, bandwidth B) fitted to
// measured times, each parameter from the sizes where its own term decides the time, with the
// uncertainty of each parameter and how well the line holds. Pure functions. docs/MODELS.md
// ("Fitting a tier's line") gives the method and the reasons for it.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace commbench {

struct TimedSize {
  std::uint64_t bytes = 0;
  double time_s = 0;  // one-way time of a message of this size (e.g. the median)
};

// The sizes one parameter was decided by, and how well the fitted line holds on them.
struct RegimeSizes {
  std::uint64_t smallest = 0;
  std::uint64_t largest = 0;
  std::size_t points = 0;
  double median_relative_error = 0;  // |model - measured| / measured over these points
};

struct LatencyBandwidthFit {
  double latency_s = 0;             // alpha
  double latency_stderr_s = 0;      // its standard error
  double bandwidth = 0;             // B, bytes/s
  double bandwidth_stderr = 0;      // its standard error (propagated from 1/B's)
  double half_bandwidth_bytes = 0;  // n1/2 = alpha * B: the size that reaches half of B
  // |model - measured| / measured over every point, the sizes between the regimes included.
  double median_relative_error = 0;
  double max_relative_error = 0;
  std::uint64_t worst_bytes = 0;  // the size of the largest error
  std::size_t points = 0;
  RegimeSizes latency_sizes;    // the smallest sizes: alpha came from these
  RegimeSizes bandwidth_sizes;  // the largest sizes: B came from these
  // One line: which sizes decided which parameter, and how far the line is from the points
  // within the regimes and between them.
  std::string note;
};

// The data cannot determine the model: too few distinct sizes, a time that does not grow
// with size, or a range of sizes in which one term never decides the time. what() is one
// line saying which.
class FitError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Each regime holds the sizes within this factor of its end of the range (the four doublings
// from the smallest size, and from the largest), and at least 3 distinct sizes.
inline constexpr double kRegimeSpan = 16;

// Fits the two ends of the line apart, so that neither the protocol change of MPI between
// them (eager below a threshold, rendezvous above) nor a burst or a stall in the middle of
// the range can move them, and with medians, so that a stalled size does not either:
//  - B from the bandwidth sizes (within kRegimeSpan of the largest): 1 / the median of the
//    slopes (t_j - t_i) / (n_j - n_i) over their pairs (Theil-Sen). The slope, not n / t,
//    because the large sizes' own line may start anywhere: a rendezvous adds a round trip,
//    a link that lets a burst through takes some off.
//  - alpha from the latency sizes (within kRegimeSpan of the smallest, and below n1/2 / 4 by a
//    first estimate from all of those, so that the line's bandwidth term is at most a fifth of
//    their time): the median of t - n / B over them.
// Standard errors: Sen's 95% interval of the slope (order statistics of the pairwise slopes)
// / (2 x 1.96), over the bandwidth sizes within kPoorFitBound of their own line (slope and
// median intercept) when 3 or more are; for alpha, 1.2533 x the standard deviation of
// t - n / B over sqrt(points) (the median's standard error), over the latency sizes within
// kPoorFitBound of alpha; so a stalled size, which the medians set aside, does not make either
// wider than the parameter itself. The slope's share (the latency sizes' median n x the
// slope's error) is added to alpha's in quadrature.
// Needs at least 3 distinct sizes and times > 0. Throws FitError when the slope is not > 0
// (the time does not grow with the size), when alpha comes out negative (the small sizes
// are faster than the line through the large ones allows), when the bandwidth term is less
// than half of the time at the largest size (n1/2 above it: bandwidth not measured) or the
// latency less than half of it at the smallest (n1/2 below it: latency not measured).
LatencyBandwidthFit fit_latency_bandwidth(const std::vector<TimedSize>& points);

// The largest median relative error, within the latency sizes or within the bandwidth sizes,
// at which a fitted line is still written as a tier (commbench fabric, commbench fit):
// beyond it the points scatter so far about the line where it claims to hold that neither
// parameter can be trusted. docs/MODELS.md gives the measured errors it was set against.
inline constexpr double kPoorFitBound = 0.25;

// Which regimes' median errors exceed kPoorFitBound, and by how much, as a clause for the
// caller's one-line message; empty when both are within it.
std::optional<std::string> poor_fit_reason(const LatencyBandwidthFit& fit);

}  // namespace commbench
