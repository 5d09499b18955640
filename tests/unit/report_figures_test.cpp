// reports/render/report_figures.hpp: the figures the renderers draw. The half-peak size interpolates on
// the log-size axis between the rows that bracket half the peak and says when half is never
// reached; a series takes ok rows of one placement (out-of-place first) and carries the model's
// predictions; tallies count wrong elements and cases not measured; the link matrix and the
// scaling marks put each figure where the report says.
#include "reports/render/report_figures.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "report_fixtures.hpp"

namespace commbench {
namespace {

Result row(const std::string& collective, std::uint64_t bytes, double bus_bw, const std::string& placement = "out-of-place") {
  Result r;
  r.collective = collective;
  r.algorithm = "native";
  r.dtype = "float32";
  r.op = "sum";
  r.placement = placement;
  r.ranks = 4;
  r.bytes = bytes;
  r.bus_bw = bus_bw;
  r.time_s = bus_bw > 0 ? static_cast<double>(bytes) / bus_bw : 0;
  r.check_iterations = 1;
  return r;
}

Result predicted(Result r, double predicted_bus_bw, double relative_error) {
  ResultPrediction prediction;
  prediction.algorithm = "ring";
  prediction.bus_bw = predicted_bus_bw;
  prediction.time_s = static_cast<double>(r.bytes) / predicted_bus_bw;
  prediction.relative_error = relative_error;
  r.prediction = prediction;
  return r;
}

TEST(HalfPeak, InterpolatesOnTheLogSizeAxisBetweenTheBracketingRows) {
  // Half of the 4 GB/s peak is 2 GB/s, halfway from 1 GB/s at 1 KiB to 3 GB/s at 4 KiB: halfway
  // on the log axis from 2^10 to 2^12 is 2^11.
  const std::vector<SizedValue> points = {{1024, 1e9}, {4096, 3e9}, {16384, 4e9}};
  const auto half = half_peak_bytes(points, 4e9);
  ASSERT_TRUE(half.has_value());
  EXPECT_DOUBLE_EQ(*half, 2048);
  // A quarter of the way in value is a quarter of the way in log2(size): 2^(10 + 0.5).
  EXPECT_NEAR(*half_peak_bytes(points, 3e9), 1024 * std::sqrt(2.0), 1e-9);
}

TEST(HalfPeak, TheFirstSizeWhenItAlreadyReachesHalf) {
  const std::vector<SizedValue> points = {{8, 3e9}, {32, 4e9}};
  EXPECT_DOUBLE_EQ(*half_peak_bytes(points, 4e9), 8);
}

TEST(HalfPeak, NotReachedIsSaid) {
  const std::vector<SizedValue> points = {{8, 1e9}, {32, 2e9}, {128, 2.9e9}};
  EXPECT_FALSE(half_peak_bytes(points, 6e9).has_value()) << "a model's peak the measurement never comes near";
  EXPECT_FALSE(half_peak_bytes(points, 0).has_value());
  EXPECT_FALSE(half_peak_bytes({}, 1e9).has_value());
  EXPECT_TRUE(half_peak_bytes(points, 5.8e9).has_value()) << "exactly half counts as reached";
}

TEST(CollectiveSeries, OkRowsOfOnePlacementByAscendingSize) {
  std::vector<Result> rows = {row("allreduce", 4096, 3e9), row("allreduce", 4096, 9e9, "in-place"),
                              row("allreduce", 1024, 1e9), row("allreduce", 0, 0), row("allreduce", 16384, 4e9)};
  Result failed = row("allreduce", 65536, 0);
  failed.status = ResultStatus::failed;
  failed.reason = "out of memory";
  rows.push_back(failed);
  const std::vector<CollectiveSeries> series = collective_series(rows);
  ASSERT_EQ(series.size(), 1u);
  const CollectiveSeries& s = series.front();
  EXPECT_EQ(s.collective, "allreduce");
  EXPECT_EQ(s.placement, "out-of-place");
  ASSERT_EQ(s.points.size(), 3u) << "no 0-byte row, no failed row, no in-place row";
  EXPECT_EQ(s.points[0].bytes, 1024u);
  EXPECT_EQ(s.points[1].bytes, 4096u);
  EXPECT_DOUBLE_EQ(s.points[1].bus_bw, 3e9);
  EXPECT_EQ(s.points[2].bytes, 16384u);
  EXPECT_DOUBLE_EQ(s.peak_bus_bw, 4e9);
  EXPECT_EQ(s.peak_bytes, 16384u);
  EXPECT_TRUE(s.peak_at_largest_size) << "the bandwidth may still rise beyond the sweep";
  ASSERT_TRUE(s.half_peak_bytes.has_value());
  EXPECT_DOUBLE_EQ(*s.half_peak_bytes, 2048);
  EXPECT_FALSE(s.has_predictions);
  EXPECT_FALSE(s.predicted_half_peak_bytes.has_value());
}

TEST(CollectiveSeries, InPlaceWhenThereIsNoOkOutOfPlaceRow) {
  Result failed = row("broadcast", 1024, 0);
  failed.status = ResultStatus::skipped;
  const std::vector<CollectiveSeries> series =
      collective_series({failed, row("broadcast", 1024, 2e9, "in-place"), row("broadcast", 4096, 1e9, "in-place")});
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].placement, "in-place");
  EXPECT_EQ(series[0].points.size(), 2u);
  EXPECT_FALSE(series[0].peak_at_largest_size);
}

TEST(CollectiveSeries, OneSeriesPerCollectiveAndDtypeInOrderOfAppearance) {
  Result half = row("allreduce", 1024, 1e9);
  half.dtype = "float16";
  const std::vector<CollectiveSeries> series =
      collective_series({row("allgather", 1024, 1e9), row("allreduce", 1024, 2e9), half, row("allgather", 2048, 2e9)});
  ASSERT_EQ(series.size(), 3u);
  EXPECT_EQ(series[0].collective, "allgather");
  EXPECT_EQ(series[0].points.size(), 2u);
  EXPECT_EQ(series[1].dtype, "float32");
  EXPECT_EQ(series[2].dtype, "float16");
}

TEST(CollectiveSeries, CarriesTheModelsPredictionAndItsPeaks) {
  // The model peaks at 8 GB/s; the measurement reaches 3 GB/s, so never half of the model's peak.
  const std::vector<CollectiveSeries> series = collective_series(
      {predicted(row("allreduce", 1024, 1e9), 2e9, -0.5), predicted(row("allreduce", 4096, 3e9), 6e9, -0.5),
       predicted(row("allreduce", 16384, 2.5e9), 8e9, -0.69), row("allreduce", 65536, 2e9)});
  ASSERT_EQ(series.size(), 1u);
  const CollectiveSeries& s = series.front();
  EXPECT_TRUE(s.has_predictions);
  ASSERT_TRUE(s.points[1].prediction.has_value());
  EXPECT_DOUBLE_EQ(s.points[1].prediction->bus_bw, 6e9);
  EXPECT_DOUBLE_EQ(s.points[2].prediction->relative_error, -0.69);
  EXPECT_FALSE(s.points[3].prediction.has_value());
  EXPECT_DOUBLE_EQ(s.predicted_peak_bus_bw, 8e9);
  ASSERT_TRUE(s.predicted_half_peak_bytes.has_value());
  // Half the model's peak, 4 GB/s, is halfway from 2 GB/s at 1 KiB to 6 GB/s at 4 KiB: 2^11.
  EXPECT_DOUBLE_EQ(*s.predicted_half_peak_bytes, 2048);
  EXPECT_FALSE(s.half_predicted_peak_bytes.has_value());
  EXPECT_FALSE(s.peak_at_largest_size);
  EXPECT_DOUBLE_EQ(*s.half_peak_bytes, 1024 * std::pow(2.0, 2 * 0.25));
}

TEST(CollectiveSeries, LatencyPointsAreTheSizesUpTo64KiB) {
  const std::vector<CollectiveSeries> series = collective_series(
      {row("sendrecv", 8, 1e6), row("sendrecv", 65536, 1e9), row("sendrecv", 65537, 1e9), row("sendrecv", 1 << 20, 2e9)});
  const std::vector<BusBandwidthPoint> small = latency_points(series.front());
  ASSERT_EQ(small.size(), 2u);
  EXPECT_EQ(small.back().bytes, 65536u);
}

TEST(CollectiveTallies, WrongElementsAndCasesNotMeasuredPerCollective) {
  Result wrong = row("allreduce", 1024, 1e9);
  wrong.wrong = 7;
  Result failed = row("allreduce", 4096, 0);
  failed.status = ResultStatus::timed_out;
  Result unchecked = row("broadcast", 8, 1e6);
  unchecked.check_iterations = 0;
  const std::vector<CollectiveTally> tallies = collective_tallies({wrong, failed, row("allreduce", 8, 1e6), unchecked});
  ASSERT_EQ(tallies.size(), 2u);
  EXPECT_EQ(tallies[0].collective, "allreduce");
  EXPECT_EQ(tallies[0].rows, 3u);
  EXPECT_EQ(tallies[0].ok_rows, 2u);
  EXPECT_EQ(tallies[0].wrong, 7u);
  ASSERT_EQ(tallies[0].not_ok.size(), 1u);
  EXPECT_EQ(tallies[0].not_ok[0].status, ResultStatus::timed_out);
  EXPECT_EQ(tallies[1].checked_rows, 0u);
}

TEST(CollectiveSeries, TheFixtureRunsHaveOneSeriesPerCollectiveWithPredictions) {
  const LoadedReport loaded = load_report_fixture("collectives-cluster-a.json");
  const std::vector<CollectiveSeries> series = collective_series(std::get<RunReport>(loaded.content).results);
  ASSERT_EQ(series.size(), 7u);
  EXPECT_EQ(series[0].collective, "allreduce");
  EXPECT_EQ(series[0].points.size(), 10u);
  EXPECT_EQ(series[0].points.front().bytes, 8u);
  EXPECT_TRUE(series[0].has_predictions);
  EXPECT_EQ(series[1].collective, "allgather");
  EXPECT_EQ(series[1].points.front().bytes, 128u) << "the 0-byte rows of 8 and 32 B are left out";
  for (const CollectiveSeries& s : series) {
    ASSERT_TRUE(s.half_peak_bytes.has_value()) << s.collective;
    EXPECT_GE(*s.half_peak_bytes, static_cast<double>(s.points.front().bytes));
    EXPECT_LE(*s.half_peak_bytes, static_cast<double>(s.peak_bytes));
  }
}

TEST(LinkMatrix, TheFixturesSlowHostIsSuspectAndItsLinksOutliers) {
  const LoadedReport loaded = load_report_fixture("linkcheck.json");
  const LinkMatrix matrix = inter_host_link_matrix(std::get<LinkcheckReport>(loaded.content));
  ASSERT_EQ(matrix.hosts, (std::vector<std::string>{"fx-host1", "fx-host2", "fx-host3"}));
  EXPECT_EQ(matrix.suspect, (std::vector<bool>{false, false, true}));
  for (std::size_t host = 0; host < 3; ++host) EXPECT_FALSE(matrix.cells[host][host].bandwidth.has_value());
  EXPECT_TRUE(matrix.cells[1][2].bandwidth_outlier);
  EXPECT_TRUE(matrix.cells[1][2].latency_outlier);
  EXPECT_FALSE(matrix.cells[2][1].bandwidth_outlier);
  EXPECT_TRUE(matrix.cells[2][1].latency_outlier);
  EXPECT_NEAR(*matrix.cells[0][1].bandwidth, 119626077.4310849, 1e-3);
}

TEST(LinkMatrix, APairMeasuredTwiceKeepsItsWorstAndAnyFlag) {
  LinkcheckReport report;
  report.meta.hosts = {{"a", "a:1", {0}}, {"b", "b:1", {1}}};
  LinkMeasurement first;
  first.scope = "inter-host";
  first.from_host = 0;
  first.to_host = 1;
  first.bandwidth = 5e9;
  first.latency_s = 2e-6;
  LinkMeasurement second = first;
  second.bandwidth = 3e9;
  second.latency_s = 1e-6;
  second.bandwidth_outlier = true;
  LinkMeasurement intra = first;
  intra.scope = "intra-host";
  intra.to_host = 0;
  report.links = {first, second, intra};
  const LinkMatrix matrix = inter_host_link_matrix(report);
  EXPECT_DOUBLE_EQ(*matrix.cells[0][1].bandwidth, 3e9);
  EXPECT_DOUBLE_EQ(*matrix.cells[0][1].latency_s, 2e-6);
  EXPECT_TRUE(matrix.cells[0][1].bandwidth_outlier);
  EXPECT_FALSE(matrix.cells[0][0].bandwidth.has_value()) << "intra-host links are not in the host matrix";
}

TEST(ScalingMarks, OneMarkPerCountNamingEveryVerdictThere) {
  ScalingSeries series;
  series.source = "model";
  series.verdicts = {{"step_time_stops_falling", true, 1024, "", ""},
                     {"marginal_gain_below_threshold", true, 64, "", ""},
                     {"exposed_exceeds_compute", true, 1024, "", ""},
                     {"step_time_stops_falling", false, 8, "", ""},  // not applicable (weak scaling)
                     {"exposed_exceeds_compute", true, std::nullopt, "", ""}};
  series.lowest_step_gpus = 512;
  const std::vector<ScalingMark> marks = scaling_marks(series);
  ASSERT_EQ(marks.size(), 3u);
  EXPECT_EQ(marks[0].gpus, 64u);
  EXPECT_EQ(marks[0].criteria, (std::vector<std::string>{"gain below threshold"}));
  EXPECT_EQ(marks[1].gpus, 512u);
  EXPECT_EQ(marks[1].criteria, (std::vector<std::string>{"lowest step"}));
  EXPECT_EQ(marks[2].gpus, 1024u);
  EXPECT_EQ(marks[2].criteria, (std::vector<std::string>{"step stops falling", "exposed > compute"}));
}

}  // namespace
}  // namespace commbench
