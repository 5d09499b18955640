// bench/measure/statistics.hpp: percentiles, the median's confidence interval, the precision test
// that stops -n auto, and the per-case summary. Expected values are worked by hand.
#include "bench/measure/statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

namespace commbench {
namespace {

std::vector<double> one_to(int n) {
  std::vector<double> values;
  for (int i = 1; i <= n; ++i) values.push_back(i);
  return values;
}

// --- percentile (type 7: position = fraction * (n - 1), linear between neighbours) ---

TEST(MedianOf, MiddleOfOddCountsMeanOfTheTwoMiddleOfEvenNoneIsZero) {
  EXPECT_DOUBLE_EQ(median_of({3.0, 1.0, 2.0}), 2.0);
  EXPECT_DOUBLE_EQ(median_of({4.0, 1.0, 3.0, 2.0}), 2.5);
  EXPECT_DOUBLE_EQ(median_of({}), 0.0);
}

TEST(Percentile, MedianOfEvenCountIsMidpointOfMiddlePair) {
  // position 0.5 * 3 = 1.5: halfway between 2 and 3.
  EXPECT_DOUBLE_EQ(percentile({1, 2, 3, 4}, 0.5), 2.5);
}

TEST(Percentile, P95OfFourValuesInterpolatesBetweenThirdAndFourth) {
  // position 0.95 * 3 = 2.85: 3 + 0.85 * (4 - 3).
  EXPECT_DOUBLE_EQ(percentile({1, 2, 3, 4}, 0.95), 3.85);
}

TEST(Percentile, ZeroAndOneAreMinimumAndMaximum) {
  EXPECT_DOUBLE_EQ(percentile({1, 2, 3, 4}, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(percentile({1, 2, 3, 4}, 1.0), 4.0);
}

TEST(Percentile, FractionLandingOnASampleReturnsThatSample) {
  // position 0.25 * 4 = 1: exactly the second sample.
  EXPECT_DOUBLE_EQ(percentile({10, 20, 30, 40, 50}, 0.25), 20.0);
}

TEST(Percentile, P90OfFiveValues) {
  // position 0.9 * 4 = 3.6: 40 + 0.6 * 10.
  EXPECT_DOUBLE_EQ(percentile({10, 20, 30, 40, 50}, 0.9), 46.0);
}

TEST(Percentile, P99OfOneToHundred) {
  // position 0.99 * 99 = 98.01: 99 + 0.01 * (100 - 99).
  EXPECT_NEAR(percentile(one_to(100), 0.99), 99.01, 1e-9);
}

TEST(Percentile, SingleSampleIsEveryPercentile) {
  EXPECT_DOUBLE_EQ(percentile({7}, 0.0), 7.0);
  EXPECT_DOUBLE_EQ(percentile({7}, 0.5), 7.0);
  EXPECT_DOUBLE_EQ(percentile({7}, 0.99), 7.0);
  EXPECT_DOUBLE_EQ(percentile({7}, 1.0), 7.0);
}

TEST(Percentile, NoSamplesThrows) { EXPECT_THROW(percentile({}, 0.5), std::invalid_argument); }

// --- median_confidence_interval95 ---

TEST(MedianConfidenceInterval, HundredSamplesUseOrderStatistics40And61) {
  // half width 1.96 * 10 / 2 = 9.8; floor(50 - 9.8) = 40, ceil(1 + 50 + 9.8) = 61.
  const Interval interval = median_confidence_interval95(one_to(100));
  EXPECT_DOUBLE_EQ(interval.low, 40.0);
  EXPECT_DOUBLE_EQ(interval.high, 61.0);
}

TEST(MedianConfidenceInterval, TenSamplesSpanTheWholeRange) {
  // half width 1.96 * sqrt(10) / 2 = 3.099; floor(5 - 3.099) = 1, ceil(6 + 3.099) = 10.
  const Interval interval = median_confidence_interval95({11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
  EXPECT_DOUBLE_EQ(interval.low, 11.0);
  EXPECT_DOUBLE_EQ(interval.high, 20.0);
}

TEST(MedianConfidenceInterval, FewSamplesClampToMinimumAndMaximum) {
  // n = 3: ranks floor(1.5 - 1.697) = -1 and ceil(2.5 + 1.697) = 5, clamped to 1 and 3.
  const Interval interval = median_confidence_interval95({5, 6, 7});
  EXPECT_DOUBLE_EQ(interval.low, 5.0);
  EXPECT_DOUBLE_EQ(interval.high, 7.0);
}

TEST(MedianConfidenceInterval, SingleSampleIsItsOwnInterval) {
  const Interval interval = median_confidence_interval95({3.5});
  EXPECT_DOUBLE_EQ(interval.low, 3.5);
  EXPECT_DOUBLE_EQ(interval.high, 3.5);
}

TEST(MedianConfidenceInterval, NoSamplesThrows) {
  EXPECT_THROW(median_confidence_interval95({}), std::invalid_argument);
}

// --- median_is_precise ---

TEST(MedianIsPrecise, TightSamplesArePrecise) {
  // 1000.00 .. 1000.99: median 1000.495, interval [1000.39, 1000.60], both within 1% (10.0).
  std::vector<double> samples;
  for (int i = 0; i < 100; ++i) samples.push_back(1000.0 + 0.01 * i);
  EXPECT_TRUE(median_is_precise(samples, 0.01, 10));
}

TEST(MedianIsPrecise, SpreadSamplesAreNotPrecise) {
  // 1..100: median 50.5, interval [40, 61]: 10.5 away, far beyond 1% (0.505).
  EXPECT_FALSE(median_is_precise(one_to(100), 0.01, 10));
}

TEST(MedianIsPrecise, ToleranceJustBelowTheIntervalHalfWidthIsNotEnough) {
  // 1..100: both ends are 10.5 from the median 50.5. 20% gives 10.1 (< 10.5); 25% gives 12.625.
  EXPECT_FALSE(median_is_precise(one_to(100), 0.20, 10));
  EXPECT_TRUE(median_is_precise(one_to(100), 0.25, 10));
}

TEST(MedianIsPrecise, FewerSamplesThanTheMinimumAreNeverPrecise) {
  const std::vector<double> identical(9, 5.0);
  EXPECT_FALSE(median_is_precise(identical, 0.01, 10));
}

TEST(MedianIsPrecise, ExactlyTheMinimumNumberOfSamplesIsEnough) {
  const std::vector<double> identical(10, 5.0);
  EXPECT_TRUE(median_is_precise(identical, 0.01, 10));
}

TEST(MedianIsPrecise, NoSamplesAreNotPreciseEvenWithMinimumZero) {
  EXPECT_FALSE(median_is_precise({}, 0.01, 0));
}

// --- summarize_samples ---

TEST(SummarizeSamples, UnsortedInputGivesHandWorkedFigures) {
  const SampleStatistics stats = summarize_samples({4, 1, 3, 2, 5});
  EXPECT_EQ(stats.samples, 5u);
  EXPECT_DOUBLE_EQ(stats.min, 1.0);
  EXPECT_DOUBLE_EQ(stats.max, 5.0);
  EXPECT_DOUBLE_EQ(stats.median, 3.0);
  EXPECT_DOUBLE_EQ(stats.mean, 3.0);
  EXPECT_DOUBLE_EQ(stats.p95, 4.8);   // position 3.8
  EXPECT_DOUBLE_EQ(stats.p99, 4.96);  // position 3.96
}

TEST(SummarizeSamples, StdevIsTheSampleStandardDeviationWithNMinusOne) {
  // squared deviations from 3: 4 + 1 + 0 + 1 + 4 = 10; 10 / (5 - 1) = 2.5.
  const SampleStatistics stats = summarize_samples({4, 1, 3, 2, 5});
  EXPECT_DOUBLE_EQ(stats.stdev, std::sqrt(2.5));
}

TEST(SummarizeSamples, StdevOfTwoSamples) {
  // mean 3; squared deviations 1 + 1 = 2; 2 / 1 = 2.
  EXPECT_DOUBLE_EQ(summarize_samples({2, 4}).stdev, std::sqrt(2.0));
}

TEST(SummarizeSamples, MedianIntervalOfFiveSamplesIsTheirRange) {
  // n = 5: ranks floor(2.5 - 2.19) = 0 and ceil(3.5 + 2.19) = 6, clamped to 1 and 5.
  const SampleStatistics stats = summarize_samples({4, 1, 3, 2, 5});
  EXPECT_DOUBLE_EQ(stats.median_ci95_low, 1.0);
  EXPECT_DOUBLE_EQ(stats.median_ci95_high, 5.0);
}

TEST(SummarizeSamples, SingleSampleHasZeroStdevAndEveryFigureEqual) {
  const SampleStatistics stats = summarize_samples({7.5});
  EXPECT_EQ(stats.samples, 1u);
  EXPECT_DOUBLE_EQ(stats.stdev, 0.0);
  EXPECT_DOUBLE_EQ(stats.min, 7.5);
  EXPECT_DOUBLE_EQ(stats.median, 7.5);
  EXPECT_DOUBLE_EQ(stats.mean, 7.5);
  EXPECT_DOUBLE_EQ(stats.p95, 7.5);
  EXPECT_DOUBLE_EQ(stats.p99, 7.5);
  EXPECT_DOUBLE_EQ(stats.max, 7.5);
}

TEST(SummarizeSamples, NoSamplesGiveZeroCount) {
  const SampleStatistics stats = summarize_samples({});
  EXPECT_EQ(stats.samples, 0u);
  EXPECT_DOUBLE_EQ(stats.stdev, 0.0);
}

TEST(SummarizeSamples, HundredSamplesInReverseOrder) {
  std::vector<double> samples;
  for (int i = 100; i >= 1; --i) samples.push_back(i);
  const SampleStatistics stats = summarize_samples(samples);
  EXPECT_EQ(stats.samples, 100u);
  EXPECT_DOUBLE_EQ(stats.min, 1.0);
  EXPECT_DOUBLE_EQ(stats.max, 100.0);
  EXPECT_DOUBLE_EQ(stats.median, 50.5);
  EXPECT_DOUBLE_EQ(stats.mean, 50.5);
  EXPECT_NEAR(stats.p95, 95.05, 1e-9);  // position 94.05
  EXPECT_NEAR(stats.p99, 99.01, 1e-9);  // position 98.01
  EXPECT_DOUBLE_EQ(stats.median_ci95_low, 40.0);
  EXPECT_DOUBLE_EQ(stats.median_ci95_high, 61.0);
  // sum of (i - 50.5)^2 for i = 1..100 is n(n^2 - 1)/12 = 83325; / 99.
  EXPECT_NEAR(stats.stdev, std::sqrt(83325.0 / 99.0), 1e-12);
}

}  // namespace
}  // namespace commbench
