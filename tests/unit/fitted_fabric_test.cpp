// bench/commands/fit/fitted_fabric.hpp: a report's series and a fabric's tiers fitted, gamma separated with
// beta from a non-reducing collective, and the fabric the fits describe. Synthetic times come
// from the cost model's own coefficients (cost_model.hpp), so these tests check the fitting
// around them, not the formulas.
#include "bench/commands/fit/fitted_fabric.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "topology/cost/cost_model.hpp"
#include "text_search.hpp"

namespace commbench {
namespace {

constexpr double kAlpha = 5e-6;
constexpr double kBeta = 1e-10;
constexpr double kGamma = 2.5e-10;
constexpr int kRanks = 4;

double model_time(const std::string& collective, const std::string& algorithm, std::uint64_t bytes, double alpha,
                  double beta, double gamma) {
  if (collective == "sendrecv") return alpha + static_cast<double>(bytes) * beta;
  const CostCoefficients c = single_tier_coefficients(collective, algorithm, bytes, kRanks, kRanks);
  return c.latency_steps * alpha + c.bandwidth_bytes * beta + c.reduction_bytes * gamma;
}

// Rows of one series, 1 KiB to 16 MiB, exact times of the model.
void add_series(RunReport& report, const std::string& collective, const std::string& algorithm, double alpha = kAlpha,
                double beta = kBeta, double gamma = kGamma, std::uint64_t largest = 16 << 20) {
  for (std::uint64_t bytes = 1024; bytes <= largest; bytes *= 4) {
    Result row;
    row.collective = collective;
    row.algorithm = algorithm;
    row.bytes = bytes;
    row.ranks = kRanks;
    row.placement = "out-of-place";
    row.dtype = "float32";
    row.op = collective == "allreduce" ? "sum" : "none";
    row.bus_bw_factor = collective == "allreduce" ? 1.5 : (collective == "sendrecv" ? 1.0 : 0.75);
    if (algorithm == "native" || algorithm == "no-such-algorithm") {
      // The Hockney form the fit assumes for native rows.
      row.time_s = alpha + static_cast<double>(bytes) * row.bus_bw_factor * beta;
    } else {
      row.time_s = model_time(collective, algorithm, bytes, alpha, beta, gamma);
    }
    report.results.push_back(row);
  }
}

RunReport report_of_one_host() {
  RunReport report;
  report.meta.world_size = kRanks;
  report.meta.start_time = "2026-01-01T00:00:00.000Z";
  report.meta.hosts = {{"node1", "node1 boot", {0, 1, 2, 3}}};
  return report;
}

CostFitOptions quick() {
  CostFitOptions options;
  options.bootstrap_resamples = 50;
  return options;
}

TEST(FitCollectivesReport, GammaIsSeparatedWithTheBetaOfTheAllgather) {
  RunReport report = report_of_one_host();
  add_series(report, "allreduce", "ring");
  add_series(report, "allgather", "ring");
  const FittedFabric fitted = fit_collectives_report(report, "runs/r.json", "r", quick());
  ASSERT_EQ(fitted.attempts.size(), 2u);
  ASSERT_TRUE(fitted.attempts[0].fit) << fitted.attempts[0].failure;
  ASSERT_TRUE(fitted.attempts[1].fit) << fitted.attempts[1].failure;
  const FabricFit& allreduce = *fitted.attempts[0].fit;
  const FabricFit& allgather = *fitted.attempts[1].fit;
  EXPECT_EQ(allreduce.collective, "allreduce");
  EXPECT_EQ(allreduce.algorithm, "ring");
  EXPECT_EQ(allreduce.ranks, kRanks);
  EXPECT_EQ(allreduce.points, 8u);
  EXPECT_NEAR(allgather.seconds_per_byte.value / kBeta, 1, 1e-9);
  EXPECT_EQ(allreduce.seconds_per_byte.value, allgather.seconds_per_byte.value);
  ASSERT_TRUE(allreduce.reduction_seconds_per_byte);
  EXPECT_NEAR(allreduce.reduction_seconds_per_byte->value / kGamma, 1, 1e-6);
  EXPECT_NEAR(allreduce.latency_s.value / kAlpha, 1, 1e-6);
  EXPECT_TRUE(contains(allreduce.note, "out-of-place float32 sum rows"));
  EXPECT_TRUE(contains(allreduce.note, "beta held at the allgather ring on 4 ranks fit's")) << allreduce.note;
  EXPECT_FALSE(allgather.reduction_seconds_per_byte);

  const Fabric& fabric = fitted.fabric;
  EXPECT_EQ(fabric.name, "fitted-r");
  EXPECT_TRUE(contains(fabric.description, "runs/r.json"));
  EXPECT_EQ(fabric.fits.size(), 2u);
  ASSERT_EQ(fabric.tiers.size(), 1u);
  const FabricTier& tier = fabric.tiers[0];
  EXPECT_EQ(tier.name, "fitted");
  EXPECT_EQ(tier.members, 4u);
  EXPECT_EQ(tier.links_per_member, 1u);
  EXPECT_EQ(tier.ranks_per_nic, 1u);
  EXPECT_FALSE(tier.in_switch_reduction);
  // No sendrecv: the explicit algorithm that fitted its own beta gives the tier.
  EXPECT_NEAR(tier.link_bandwidth.value * kBeta, 1, 1e-9);
  EXPECT_NEAR(tier.latency.value / kAlpha, 1, 1e-6);
  EXPECT_TRUE(contains(tier.link_bandwidth.source, "commbench fit: 1/beta of the allgather ring on 4 ranks fit"))
      << tier.link_bandwidth.source;
  EXPECT_TRUE(contains(tier.latency.source, "to runs/r.json"));
  ASSERT_TRUE(tier.latency.uncertainty);
  EXPECT_LT(*tier.latency.uncertainty, 1e-3 * kAlpha);  // exact data: intervals of no width
  ASSERT_TRUE(fabric.reduction_bandwidth);
  EXPECT_NEAR(fabric.reduction_bandwidth->value * kGamma, 1, 1e-6);
  EXPECT_TRUE(contains(fabric.reduction_bandwidth->source, "1/gamma of the allreduce ring on 4 ranks fit"));
}

TEST(FitCollectivesReport, WithoutANonReducingSeriesGammaStaysInBeta) {
  RunReport report = report_of_one_host();
  add_series(report, "allreduce", "ring");
  const FittedFabric fitted = fit_collectives_report(report, "r.json", "r", quick());
  ASSERT_TRUE(fitted.attempts[0].fit) << fitted.attempts[0].failure;
  const FabricFit& fit = *fitted.attempts[0].fit;
  EXPECT_FALSE(fit.reduction_seconds_per_byte);
  EXPECT_TRUE(contains(fit.note, "gamma is included in beta: no non-reducing series of 4 ranks")) << fit.note;
  EXPECT_GT(fit.seconds_per_byte.value, kBeta);  // beta carries the reduction too
  EXPECT_FALSE(fitted.fabric.reduction_bandwidth);
  ASSERT_EQ(fitted.fabric.tiers.size(), 1u);
}

TEST(FitCollectivesReport, WhenGammaCannotBeFittedWithTheBorrowedBetaItStaysInBeta) {
  // The all-reduce moves its bytes twice as fast as the all-gather and reduces for free: with
  // the all-gather's beta held, gamma would be negative.
  RunReport report = report_of_one_host();
  add_series(report, "allreduce", "ring", kAlpha, kBeta / 2, 0);
  add_series(report, "allgather", "ring");
  const FittedFabric fitted = fit_collectives_report(report, "r.json", "r", quick());
  ASSERT_TRUE(fitted.attempts[0].fit) << fitted.attempts[0].failure;
  const FabricFit& fit = *fitted.attempts[0].fit;
  EXPECT_FALSE(fit.reduction_seconds_per_byte);
  EXPECT_NEAR(fit.seconds_per_byte.value / (kBeta / 2), 1, 1e-6);
  EXPECT_TRUE(contains(fit.note, "gamma is included in beta: with beta held at the allgather ring on 4 ranks fit's, "
                                 "gamma cannot be determined: it comes out negative"))
      << fit.note;
}

TEST(FitCollectivesReport, AnAlgorithmWithoutAReductionTermFitsItsOwnBeta) {
  // In-switch all-reduce: the switch reduces, the model has no gamma, nothing to separate.
  RunReport report = report_of_one_host();
  add_series(report, "allreduce", "in-switch", kAlpha, 2 * kBeta);
  add_series(report, "allgather", "ring");
  const FittedFabric fitted = fit_collectives_report(report, "r.json", "r", quick());
  ASSERT_TRUE(fitted.attempts[0].fit) << fitted.attempts[0].failure;
  const FabricFit& fit = *fitted.attempts[0].fit;
  EXPECT_FALSE(fit.reduction_seconds_per_byte);
  EXPECT_NEAR(fit.seconds_per_byte.value / (2 * kBeta), 1, 1e-9);
  EXPECT_TRUE(contains(fit.note, "no gamma: this algorithm's model has no reduction term")) << fit.note;
  EXPECT_FALSE(fitted.fabric.reduction_bandwidth);
}

TEST(FitCollectivesReport, SendrecvGivesTheTierAndNativeIsFittedInTheHockneyForm) {
  RunReport report = report_of_one_host();
  add_series(report, "allreduce", "native", 2 * kAlpha, 2 * kBeta);
  add_series(report, "allgather", "ring");
  add_series(report, "sendrecv", "native", 3 * kAlpha, 3 * kBeta);
  const FittedFabric fitted = fit_collectives_report(report, "r.json", "r", quick());
  ASSERT_EQ(fitted.fabric.fits.size(), 3u);
  const FabricFit& native = *fitted.attempts[0].fit;
  EXPECT_NEAR(native.seconds_per_byte.value / (2 * kBeta), 1, 1e-9);
  EXPECT_FALSE(native.reduction_seconds_per_byte);  // never separated for native: its reduction bytes are unknown
  EXPECT_TRUE(contains(native.note, "Hockney form"));
  EXPECT_TRUE(contains(native.note, "gamma is included in beta"));
  const FabricTier& tier = fitted.fabric.tiers.at(0);
  EXPECT_NEAR(tier.link_bandwidth.value * 3 * kBeta, 1, 1e-9);
  EXPECT_NEAR(tier.latency.value / (3 * kAlpha), 1, 1e-9);
  EXPECT_TRUE(contains(tier.latency.source, "alpha of the sendrecv native on 4 ranks fit"));
}

TEST(FitCollectivesReport, AGroupThatCannotBeFittedIsListedWithItsReason) {
  RunReport report = report_of_one_host();
  add_series(report, "sendrecv", "native", kAlpha, kBeta, 0, 4096);  // 1 KiB and 4 KiB only
  add_series(report, "allgather", "no-such-algorithm");
  add_series(report, "broadcast", "native");
  const FittedFabric fitted = fit_collectives_report(report, "r.json", "r", quick());
  ASSERT_EQ(fitted.attempts.size(), 3u);
  EXPECT_FALSE(fitted.attempts[0].fit);
  EXPECT_EQ(fitted.attempts[0].subject, "sendrecv native on 4 ranks");
  EXPECT_TRUE(contains(fitted.attempts[0].failure, "need at least 3 distinct message sizes")) << fitted.attempts[0].failure;
  EXPECT_FALSE(fitted.attempts[1].fit);
  EXPECT_FALSE(fitted.attempts[1].failure.empty());
  ASSERT_TRUE(fitted.attempts[2].fit);
  ASSERT_EQ(fitted.fabric.fits.size(), 1u);
  EXPECT_TRUE(contains(fitted.fabric.tiers.at(0).latency.source, "broadcast native"));
}

TEST(FitFabricMeasurements, EachMeasuredTierIsFittedAndTheRestIsKept) {
  Fabric measured;
  measured.name = "measured";
  FabricTier intra;
  intra.name = "intra-host";
  intra.members = 8;
  intra.members_source = "ranks on the largest host";
  intra.link_bandwidth = {1e9, "", "old", 1e8};
  intra.latency = {9e-6, "", "old", 1e-6};
  intra.links_per_member = 2;
  intra.ranks_per_nic = 3;
  intra.in_switch_reduction = true;
  FabricTier inter = intra;
  inter.name = "inter-host";
  measured.tiers = {intra, inter};
  measured.reduction_bandwidth = Quantity{4e9, "GB/s", "kept", std::nullopt};
  for (std::uint64_t bytes = 8; bytes <= (1 << 20); bytes *= 4) {
    measured.measurements.push_back({"intra-host", bytes, 1e-6 + static_cast<double>(bytes) * 1e-10});
  }
  const FittedFabric fitted = fit_fabric_measurements(measured, "dir/fab.json", "fab");
  const Fabric& fabric = fitted.fabric;
  EXPECT_EQ(fabric.name, "fitted-fab");
  EXPECT_TRUE(contains(fabric.description, "'measured' in dir/fab.json"));
  ASSERT_EQ(fitted.attempts.size(), 2u);
  ASSERT_TRUE(fitted.attempts[0].fit);
  EXPECT_EQ(fitted.attempts[0].subject, "tier intra-host");
  EXPECT_FALSE(fitted.attempts[1].fit);
  EXPECT_EQ(fitted.attempts[1].failure, "no measurements of this tier in dir/fab.json (its figures are kept as they were)");
  ASSERT_EQ(fabric.fits.size(), 1u);
  EXPECT_EQ(fabric.fits[0].collective, "point-to-point");
  EXPECT_EQ(fabric.fits[0].tier, "intra-host");
  EXPECT_EQ(fabric.fits[0].ranks, 2);
  EXPECT_EQ(fabric.fits[0].points, 9u);
  const FabricTier& tier = fabric.tiers.at(0);
  EXPECT_NEAR(tier.latency.value / 1e-6, 1, 1e-9);
  EXPECT_NEAR(tier.link_bandwidth.value / 1e10, 1, 1e-9);
  EXPECT_TRUE(contains(tier.latency.source, "commbench fit: alpha of tier intra-host's 9 measurements (8 B to 524288 B)"))
      << tier.latency.source;
  // As commbench fabric fits them: the note says which sizes decided what. On the line itself
  // both intervals have no width.
  EXPECT_TRUE(contains(fabric.fits[0].note, "alpha = the median of t - n/B over 8 B to 128 B")) << fabric.fits[0].note;
  EXPECT_TRUE(contains(fabric.fits[0].note, "slope over 32768 B to 524288 B")) << fabric.fits[0].note;
  EXPECT_NEAR(fabric.fits[0].seconds_per_byte.ci95_high / 1e-10, 1, 1e-9);
  EXPECT_EQ(tier.members, 8u);
  EXPECT_EQ(tier.members_source, "ranks on the largest host");
  EXPECT_EQ(tier.links_per_member, 2u);
  EXPECT_EQ(tier.ranks_per_nic, 3u);
  EXPECT_TRUE(tier.in_switch_reduction);
  EXPECT_EQ(fabric.tiers.at(1), inter);  // not measured: as it was
  EXPECT_EQ(fabric.measurements, measured.measurements);
  EXPECT_EQ(fabric.reduction_bandwidth, measured.reduction_bandwidth);
}

TEST(FitFabricMeasurements, ATierBeyondTheBoundKeepsItsFigures) {
  // 8 B to 8 MiB on t = 10 us + n / 100 MB/s, the sizes from 64 KiB up 10 ms slower: the line
  // misses the bandwidth sizes by a median 32.3% (latency_bandwidth_fit_test.cpp).
  Fabric measured;
  measured.name = "measured";
  FabricTier inter;
  inter.name = "inter-host";
  inter.link_bandwidth = {5e7, "", "as measured", 1e6};
  inter.latency = {2e-5, "", "as measured", 1e-6};
  measured.tiers = {inter};
  for (std::uint64_t bytes = 8; bytes <= (8u << 20); bytes *= 2) {
    measured.measurements.push_back(
        {"inter-host", bytes, (bytes >= 65536 ? 10.01e-3 : 10e-6) + static_cast<double>(bytes) * 1e-8});
  }
  const FittedFabric fitted = fit_fabric_measurements(measured, "fab.json", "fab");
  ASSERT_EQ(fitted.attempts.size(), 1u);
  EXPECT_FALSE(fitted.attempts[0].fit);
  EXPECT_EQ(fitted.attempts[0].failure,
            "the line misses the bandwidth sizes (524288 B to 8388608 B, which decide the bandwidth) by a median "
            "32.3%, beyond the bound of 25.0% (its figures are kept as they were)");
  EXPECT_EQ(fitted.fabric.tiers.at(0), inter);
  EXPECT_TRUE(fitted.fabric.fits.empty());
}

}  // namespace
}  // namespace commbench
