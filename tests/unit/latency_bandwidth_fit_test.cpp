// topology/latency_bandwidth_fit.hpp: alpha and B recovered from t = alpha + n/B, with an
// uncertainty that covers the truth when the data are noisy, and refusals when the data
// cannot decide.
#include "latency_bandwidth_fit.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace commbench {
namespace {

std::vector<TimedSize> model_points(double alpha, double bandwidth, double noise, unsigned seed) {
  std::mt19937 generator(seed);
  std::normal_distribution<double> relative(0.0, noise);
  std::vector<TimedSize> points;
  for (std::uint64_t bytes = 8; bytes <= (32u << 20); bytes *= 2) {
    const double exact = alpha + static_cast<double>(bytes) / bandwidth;
    points.push_back({bytes, exact * (1 + (noise > 0 ? relative(generator) : 0.0))});
  }
  return points;
}

TEST(FitLatencyBandwidth, ExactDataGiveTheParametersBack) {
  const LatencyBandwidthFit fit = fit_latency_bandwidth(model_points(2e-6, 12.5e9, 0, 1));
  EXPECT_NEAR(fit.latency_s, 2e-6, 1e-12);
  EXPECT_NEAR(fit.bandwidth / 12.5e9, 1.0, 1e-9);
  EXPECT_NEAR(fit.half_bandwidth_bytes, 2e-6 * 12.5e9, 1e-3);
  EXPECT_LT(fit.max_relative_error, 1e-9);
  EXPECT_LT(fit.latency_stderr_s, 1e-12);
  EXPECT_EQ(fit.points, 23u);
}

TEST(FitLatencyBandwidth, UncertaintyCoversTheTruthWithNoise) {
  // 3% relative noise: the estimates lie within 4 standard errors of the truth (for every
  // seed tried), and the standard errors are not absurdly wide either.
  for (unsigned seed = 1; seed <= 20; ++seed) {
    SCOPED_TRACE(seed);
    const LatencyBandwidthFit fit = fit_latency_bandwidth(model_points(5e-6, 1e9, 0.03, seed));
    EXPECT_LT(std::fabs(fit.latency_s - 5e-6), 4 * fit.latency_stderr_s);
    EXPECT_LT(std::fabs(fit.bandwidth - 1e9), 4 * fit.bandwidth_stderr);
    EXPECT_LT(fit.latency_stderr_s, 0.1 * 5e-6);
    EXPECT_LT(fit.bandwidth_stderr, 0.1 * 1e9);
    EXPECT_GT(fit.median_relative_error, 0.0);
    EXPECT_GE(fit.max_relative_error, fit.median_relative_error);
  }
}

std::string fit_error(const std::vector<TimedSize>& points) {
  try {
    fit_latency_bandwidth(points);
  } catch (const FitError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no FitError";
  return "";
}

TEST(FitLatencyBandwidth, TooFewSizesAreRefused) {
  EXPECT_EQ(fit_error({{8, 1e-6}, {8, 1.1e-6}, {1024, 2e-6}}),
            "latency and bandwidth need at least 3 distinct message sizes to fit, with one degree of freedom left for "
            "the uncertainty (got 2)");
}

TEST(FitLatencyBandwidth, TimesThatDoNotGrowAreRefused) {
  EXPECT_NE(fit_error({{8, 3e-6}, {64, 2e-6}, {512, 1e-6}}).find("the bandwidth cannot be determined"),
            std::string::npos);
}

TEST(FitLatencyBandwidth, NegativeLatencyIsRefused) {
  // Small sizes far faster than the line through the large ones: alpha < 0.
  EXPECT_NE(fit_error({{1000, 1e-9}, {2000, 1e-6}, {4000, 3e-6}, {8000, 7e-6}}).find("latency cannot be determined"),
            std::string::npos);
}

TEST(FitLatencyBandwidth, NonPositiveTimesAreRefused) {
  EXPECT_NE(fit_error({{8, 0}, {64, 2e-6}, {512, 3e-6}}).find("accepted: times > 0"), std::string::npos);
}

}  // namespace
}  // namespace commbench
