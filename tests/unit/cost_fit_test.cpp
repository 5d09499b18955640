// topology/cost/cost_fit.hpp: alpha, beta and gamma recovered from synthetic times of known
// parameters, bootstrap intervals that hold the truth, and a one-line refusal for every kind of
// data that cannot determine the model.
#include "topology/cost/cost_fit.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>

namespace commbench {
namespace {

constexpr double kAlpha = 2e-6;    // 2 us
constexpr double kBeta = 1e-10;    // 10 GB/s
constexpr double kGamma = 2.5e-10; // 4 GB/s of reduction
constexpr int kRanks = 4;

// Written out here from the textbook formulas (Thakur, Rabenseifner, Gropp 2005), not taken
// from the cost model: point-to-point, ring all-gather and ring all-reduce over one tier.
CostCoefficients point_to_point(std::uint64_t bytes) { return {1, static_cast<double>(bytes), 0}; }
CostCoefficients ring_allgather(std::uint64_t bytes) {
  return {kRanks - 1.0, (kRanks - 1.0) / kRanks * static_cast<double>(bytes), 0};
}
CostCoefficients ring_allreduce(std::uint64_t bytes) {
  const double share = (kRanks - 1.0) / kRanks * static_cast<double>(bytes);
  return {2 * (kRanks - 1.0), 2 * share, share};
}

// Normal deviates by Box-Muller from std::mt19937_64, whose output the standard fixes: the
// same data on every standard library (std::normal_distribution's is the library's own).
class Noise {
 public:
  Noise(double relative, std::uint64_t seed) : relative_(relative), engine_(seed) {}
  double factor() {
    if (relative_ == 0) return 1;
    const double u1 = (static_cast<double>(engine_() >> 11) + 1) * 0x1p-53;  // (0, 1]
    const double u2 = static_cast<double>(engine_() >> 11) * 0x1p-53;
    return 1 + relative_ * std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
  }

 private:
  double relative_;
  std::mt19937_64 engine_;
};

// Sizes 8 B to 64 MiB, doubling (24 sizes), with times from the model times 1 + noise.
std::vector<CostSample> samples(CostCoefficients (*form)(std::uint64_t), double alpha, double beta, double gamma,
                                double noise, std::uint64_t seed, std::uint64_t from = 8,
                                std::uint64_t to = 64ULL << 20) {
  Noise deviate(noise, seed);
  std::vector<CostSample> points;
  for (std::uint64_t bytes = from; bytes <= to; bytes *= 2) {
    const CostCoefficients c = form(bytes);
    const double exact = c.latency_steps * alpha + c.bandwidth_bytes * beta + c.reduction_bytes * gamma;
    points.push_back({bytes, c, exact * deviate.factor()});
  }
  return points;
}

bool holds(const FittedValue& value, double truth) { return value.ci95_low <= truth && truth <= value.ci95_high; }

void expect_relative(double value, double truth, double tolerance) {
  EXPECT_NEAR(value / truth, 1.0, tolerance) << value << " against " << truth;
}

// The bootstrap's work is resamples x rows: bounded, so that a report of 10^5 rows cannot keep
// commbench fit busy for minutes, while a usual report keeps every resample asked for.
TEST(BootstrapBudget, ResamplesAreReducedOnlyWhereRowsTimesResamplesPassTheBound) {
  EXPECT_EQ(bootstrap_resamples_within_budget(1000, 5000), 1000u);
  EXPECT_EQ(bootstrap_resamples_within_budget(1000, 20000), 1000u);
  EXPECT_EQ(bootstrap_resamples_within_budget(1000, 200000), 100u);
  EXPECT_EQ(bootstrap_resamples_within_budget(1000000, 1000), kMaxBootstrapDraws / 1000);
  EXPECT_EQ(bootstrap_resamples_within_budget(1000, kMaxBootstrapDraws * 2), 1u);  // never 0 when some were asked
  EXPECT_EQ(bootstrap_resamples_within_budget(0, 200000), 0u);
}

TEST(FitCostModel, ExactDataGiveTheParametersBack) {
  const FabricFit fit = fit_cost_model(samples(point_to_point, kAlpha, kBeta, 0, 0, 1), {});
  expect_relative(fit.latency_s.value, kAlpha, 1e-9);
  expect_relative(fit.seconds_per_byte.value, kBeta, 1e-9);
  EXPECT_FALSE(fit.reduction_seconds_per_byte);
  expect_relative(fit.half_bandwidth_bytes, kAlpha / kBeta, 1e-9);
  EXPECT_LT(fit.max_relative_error, 1e-12);
  EXPECT_EQ(fit.points, 24u);
  // Every resample of exact data gives the same parameters: the intervals have no width.
  expect_relative(fit.latency_s.ci95_low, kAlpha, 1e-9);
  expect_relative(fit.latency_s.ci95_high, kAlpha, 1e-9);
  expect_relative(fit.seconds_per_byte.ci95_low, kBeta, 1e-9);
  expect_relative(fit.seconds_per_byte.ci95_high, kBeta, 1e-9);
  EXPECT_EQ(fit.note, "");
}

TEST(FitCostModel, ExactDataGiveGammaBackWithBetaFixed) {
  CostFitOptions options;
  options.fit_gamma = true;
  options.fixed_beta = kBeta;
  const FabricFit fit = fit_cost_model(samples(ring_allreduce, kAlpha, kBeta, kGamma, 0, 1), options);
  expect_relative(fit.latency_s.value, kAlpha, 1e-9);
  ASSERT_TRUE(fit.reduction_seconds_per_byte);
  expect_relative(fit.reduction_seconds_per_byte->value, kGamma, 1e-9);
  // beta was not fitted: it is the value it was held at, with no interval.
  EXPECT_EQ(fit.seconds_per_byte.value, kBeta);
  EXPECT_EQ(fit.seconds_per_byte.ci95_low, kBeta);
  EXPECT_EQ(fit.seconds_per_byte.ci95_high, kBeta);
  EXPECT_LT(fit.max_relative_error, 1e-12);
}

TEST(FitCostModel, ThreeParametersWhereTheColumnsDiffer) {
  // All-gather and all-reduce samples together: the all-gather rows have no reduction term,
  // so beta and gamma are no longer proportional and all three come out of one fit (3x3).
  std::vector<CostSample> points = samples(ring_allgather, kAlpha, kBeta, kGamma, 0, 1);
  const std::vector<CostSample> reducing = samples(ring_allreduce, kAlpha, kBeta, kGamma, 0, 1);
  points.insert(points.end(), reducing.begin(), reducing.end());
  CostFitOptions options;
  options.fit_gamma = true;
  const FabricFit fit = fit_cost_model(points, options);
  expect_relative(fit.latency_s.value, kAlpha, 1e-9);
  expect_relative(fit.seconds_per_byte.value, kBeta, 1e-9);
  ASSERT_TRUE(fit.reduction_seconds_per_byte);
  expect_relative(fit.reduction_seconds_per_byte->value, kGamma, 1e-9);
  EXPECT_EQ(fit.points, 48u);
}

TEST(FitCostModel, NoisyDataHoldTheTruthInTheIntervals) {
  // 5% multiplicative noise: the estimates within a few percent, the truth inside the 95%
  // intervals, and the intervals not absurdly wide.
  const FabricFit fit = fit_cost_model(samples(point_to_point, kAlpha, kBeta, 0, 0.05, 7), {});
  expect_relative(fit.latency_s.value, kAlpha, 0.05);
  expect_relative(fit.seconds_per_byte.value, kBeta, 0.05);
  EXPECT_TRUE(holds(fit.latency_s, kAlpha)) << fit.latency_s.ci95_low << " .. " << fit.latency_s.ci95_high;
  EXPECT_TRUE(holds(fit.seconds_per_byte, kBeta)) << fit.seconds_per_byte.ci95_low << " .. "
                                                  << fit.seconds_per_byte.ci95_high;
  EXPECT_LT(fit.latency_s.ci95_high - fit.latency_s.ci95_low, 0.2 * kAlpha);
  EXPECT_LT(fit.seconds_per_byte.ci95_high - fit.seconds_per_byte.ci95_low, 0.2 * kBeta);
  EXPECT_LE(fit.latency_s.ci95_low, fit.latency_s.value);
  EXPECT_GE(fit.latency_s.ci95_high, fit.latency_s.value);
  EXPECT_GT(fit.median_relative_error, 0.005);
  EXPECT_LT(fit.median_relative_error, 0.1);
  EXPECT_GE(fit.max_relative_error, fit.median_relative_error);
}

TEST(FitCostModel, IntervalsCoverTheTruthAboutAsOftenAsTheyClaim) {
  // Over 40 noisy data sets a 95% interval should miss about 2 times; far more misses would
  // mean intervals too narrow to trust.
  int alpha_misses = 0, beta_misses = 0;
  CostFitOptions options;
  options.bootstrap_resamples = 400;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    const FabricFit fit = fit_cost_model(samples(point_to_point, kAlpha, kBeta, 0, 0.05, seed), options);
    alpha_misses += !holds(fit.latency_s, kAlpha);
    beta_misses += !holds(fit.seconds_per_byte, kBeta);
  }
  EXPECT_LE(alpha_misses, 6);
  EXPECT_LE(beta_misses, 6);
}

TEST(FitCostModel, NoisyGammaWithBetaFixedFromANonReducingCollective) {
  // As `commbench fit` does it: beta from all-gather, then all-reduce with beta held.
  const FabricFit gather = fit_cost_model(samples(ring_allgather, kAlpha, kBeta, 0, 0.05, 11), {});
  EXPECT_TRUE(holds(gather.seconds_per_byte, kBeta));
  expect_relative(gather.seconds_per_byte.value, kBeta, 0.05);
  CostFitOptions options;
  options.fit_gamma = true;
  options.fixed_beta = gather.seconds_per_byte.value;
  const FabricFit reduce = fit_cost_model(samples(ring_allreduce, kAlpha, kBeta, kGamma, 0.05, 12), options);
  ASSERT_TRUE(reduce.reduction_seconds_per_byte);
  const FittedValue& gamma = *reduce.reduction_seconds_per_byte;
  expect_relative(gamma.value, kGamma, 0.05);
  EXPECT_TRUE(holds(gamma, kGamma)) << gamma.ci95_low << " .. " << gamma.ci95_high;
  expect_relative(reduce.latency_s.value, kAlpha, 0.05);
  EXPECT_TRUE(holds(reduce.latency_s, kAlpha));
}

TEST(FitCostModel, TheSameSeedGivesTheSameFit) {
  const std::vector<CostSample> points = samples(point_to_point, kAlpha, kBeta, 0, 0.05, 3);
  CostFitOptions options;
  options.seed = 42;
  const FabricFit first = fit_cost_model(points, options);
  EXPECT_EQ(fit_cost_model(points, options), first);
  options.seed = 43;
  const FabricFit other = fit_cost_model(points, options);
  EXPECT_EQ(other.latency_s.value, first.latency_s.value);  // the point estimate needs no draws
  EXPECT_NE(other.latency_s.ci95_low, first.latency_s.ci95_low);
}

TEST(FitCostModel, NoResamplesGiveIntervalsOfNoWidth) {
  CostFitOptions options;
  options.bootstrap_resamples = 0;
  const FabricFit fit = fit_cost_model(samples(point_to_point, kAlpha, kBeta, 0, 0.05, 3), options);
  EXPECT_EQ(fit.latency_s.ci95_low, fit.latency_s.value);
  EXPECT_EQ(fit.seconds_per_byte.ci95_high, fit.seconds_per_byte.value);
  EXPECT_EQ(fit.note, "");
}

TEST(FitCostModel, ResamplesWithTooFewSizesAreSkippedAndCounted) {
  // 3 points for 2 parameters: a resample needs all 3 sizes, which 6 in 27 draws have.
  const std::vector<CostSample> points = {{64, point_to_point(64), 2.1e-6},
                                          {65536, point_to_point(65536), 8.4e-6},
                                          {1 << 20, point_to_point(1 << 20), 1.07e-4}};
  const FabricFit fit = fit_cost_model(points, {});
  EXPECT_EQ(fit.note.rfind("bootstrap: ", 0), 0u) << fit.note;
  EXPECT_NE(fit.note.find(" of 1000 resamples used (the others had too few distinct sizes"), std::string::npos);
}

TEST(FitCostModel, ANegativeWithinItsUncertaintyIsHeldAtZero) {
  // No latency at all, and noise: the unconstrained alpha lands on either side of 0. Where it
  // is negative but within its uncertainty, it is held at 0 and beta is fitted alone.
  int held = 0;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    SCOPED_TRACE(seed);
    const FabricFit fit =
        fit_cost_model(samples(point_to_point, 0, kBeta, 0, 0.05, seed, 64 << 10, 64ULL << 20), {});
    EXPECT_GE(fit.latency_s.value, 0.0);
    EXPECT_GE(fit.latency_s.ci95_low, 0.0);  // the resamples are held at 0 the same way
    expect_relative(fit.seconds_per_byte.value, kBeta, 0.05);
    if (fit.latency_s.value == 0) {
      ++held;
      EXPECT_EQ(fit.note.rfind("alpha held at 0: fitted -", 0), 0u) << fit.note;
      EXPECT_NE(fit.note.find(" s, within 1.96 standard errors ("), std::string::npos) << fit.note;
      EXPECT_EQ(fit.half_bandwidth_bytes, 0.0);
    }
  }
  EXPECT_GT(held, 0);
}

std::string fit_error(const std::vector<CostSample>& points, const CostFitOptions& options = {}) {
  try {
    fit_cost_model(points, options);
  } catch (const FitError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no FitError";
  return "";
}

CostFitOptions gamma_options(std::optional<double> fixed_beta = std::nullopt) {
  CostFitOptions options;
  options.fit_gamma = true;
  options.fixed_beta = fixed_beta;
  return options;
}

bool starts_with(const std::string& text, const std::string& start) { return text.rfind(start, 0) == 0; }

TEST(FitCostModel, TooFewDistinctSizesAreRefused) {
  const std::vector<CostSample> two_sizes = {
      {8, point_to_point(8), 2e-6}, {8, point_to_point(8), 2.1e-6}, {1024, point_to_point(1024), 2.2e-6}};
  EXPECT_EQ(fit_error(two_sizes),
            "alpha and beta need at least 3 distinct message sizes to fit, with one degree of freedom left for the "
            "uncertainty (got 2; measure more sizes)");
  EXPECT_EQ(fit_error(samples(ring_allreduce, kAlpha, kBeta, kGamma, 0, 1, 8, 16), gamma_options(kBeta)),
            "alpha and gamma (beta held fixed) need at least 3 distinct message sizes to fit, with one degree of "
            "freedom left for the uncertainty (got 2; measure more sizes)");
  EXPECT_EQ(fit_error(samples(point_to_point, kAlpha, kBeta, kGamma, 0, 1, 8, 32), gamma_options()),
            "alpha, beta and gamma need at least 4 distinct message sizes to fit, with one degree of freedom left "
            "for the uncertainty (got 3; measure more sizes)");
  EXPECT_TRUE(starts_with(fit_error({}), "alpha and beta need at least 3 distinct message sizes"));
}

TEST(FitCostModel, GammaProportionalToBetaIsRefused) {
  // Ring all-reduce moves 2 (p-1)/p n and reduces (p-1)/p n: any split of the time between
  // beta and gamma fits equally well.
  EXPECT_EQ(fit_error(samples(ring_allreduce, kAlpha, kBeta, kGamma, 0.05, 1), gamma_options()),
            "gamma cannot be separated from beta: their coefficients are proportional at every size (this algorithm "
            "reduces a fixed share of the bytes it moves), so any split between them fits equally well; fit it with "
            "beta fixed from a non-reducing collective");
}

TEST(FitCostModel, ACoefficientThatIsZeroEverywhereIsRefused) {
  EXPECT_EQ(fit_error(samples(ring_allgather, kAlpha, kBeta, 0, 0.05, 1), gamma_options(kBeta)),
            "gamma cannot be determined: its coefficient is 0 at every size (the collective does not reduce here; "
            "fit it without gamma)");
  std::vector<CostSample> no_bytes = samples(point_to_point, kAlpha, kBeta, 0, 0.05, 1);
  for (CostSample& sample : no_bytes) sample.coefficients.bandwidth_bytes = 0;
  EXPECT_EQ(fit_error(no_bytes), "beta cannot be determined: its coefficient is 0 at every size (no bytes move in this "
                                 "model here, e.g. a collective on 1 rank)");
}

TEST(FitCostModel, OtherDependentCoefficientsAreRefused) {
  std::vector<CostSample> proportional = samples(point_to_point, kAlpha, kBeta, 0, 0.05, 1);
  for (CostSample& sample : proportional) sample.coefficients.latency_steps = 1e-3 * sample.coefficients.bandwidth_bytes;
  EXPECT_TRUE(starts_with(fit_error(proportional), "beta cannot be separated from alpha: their coefficients are "
                                                   "proportional at every size"));
  // No two columns proportional, yet gamma's is alpha's plus beta's.
  std::vector<CostSample> combined = samples(point_to_point, kAlpha, kBeta, 0, 0.05, 1);
  for (CostSample& sample : combined) {
    sample.coefficients.reduction_bytes = sample.coefficients.latency_steps + 1e-4 * sample.coefficients.bandwidth_bytes;
  }
  EXPECT_TRUE(starts_with(fit_error(combined, gamma_options()), "alpha, beta and gamma cannot be separated: one "
                                                                "coefficient is a combination of the others"));
}

TEST(FitCostModel, TimesThatDoNotGrowAreRefused) {
  std::vector<CostSample> shrinking = samples(point_to_point, kAlpha, kBeta, 0, 0, 1, 8, 1 << 20);
  for (std::size_t i = 0; i < shrinking.size(); ++i) shrinking[i].time_s = 1e-3 / static_cast<double>(i + 1);
  EXPECT_TRUE(starts_with(fit_error(shrinking), "beta cannot be determined: the time does not grow with the message "
                                                "size (fitted -"));
}

TEST(FitCostModel, NegativeBeyondTheUncertaintyIsRefused) {
  // Small sizes far faster than the line through the large ones: alpha < 0, exactly.
  EXPECT_TRUE(starts_with(fit_error(samples(point_to_point, -2e-5, kBeta, 0, 0, 1, 1 << 20, 64ULL << 20)),
                          "alpha cannot be determined: it comes out negative (-2e-05 s, more than 1.96 standard "
                          "errors of "));
  // Beta held far above the truth leaves less time than no reduction at all takes.
  const std::string gamma = fit_error(samples(ring_allreduce, kAlpha, kBeta, kGamma, 0.01, 1), gamma_options(5 * kBeta));
  EXPECT_TRUE(starts_with(gamma, "gamma cannot be determined: it comes out negative (")) << gamma;
  EXPECT_NE(gamma.find("check the beta it was fixed to"), std::string::npos) << gamma;
}

TEST(FitCostModel, BadTimesAndBadFixedBetaAreRefused) {
  std::vector<CostSample> points = samples(point_to_point, kAlpha, kBeta, 0, 0, 1);
  points[3].time_s = 0;
  EXPECT_EQ(fit_error(points), "a time of 0 s at 64 B cannot be fitted (accepted: times > 0)");
  points[3].time_s = NAN;
  EXPECT_EQ(fit_error(points), "a time of nan s at 64 B cannot be fitted (accepted: times > 0)");
  EXPECT_EQ(fit_error(samples(point_to_point, kAlpha, kBeta, 0, 0, 1), gamma_options(0.0)),
            "beta cannot be held at 0 s/B (accepted: a fixed beta > 0)");
}

}  // namespace
}  // namespace commbench
