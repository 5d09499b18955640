// bench/commands/fit/fit_series.hpp: which rows of a report `commbench fit` fits together, and where a
// reducing collective takes the beta that separates its gamma.
#include "bench/commands/fit/fit_series.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace commbench {
namespace {

Result row(const std::string& collective, const std::string& algorithm, std::uint64_t bytes, double time_s,
           const std::string& placement = "out-of-place", const std::string& dtype = "float32",
           const std::string& op = "none", int root = -1, int ranks = 4,
           ResultStatus status = ResultStatus::ok) {
  Result r;
  r.collective = collective;
  r.algorithm = algorithm;
  r.bytes = bytes;
  r.time_s = time_s;
  r.placement = placement;
  r.dtype = dtype;
  r.op = op;
  r.root = root;
  r.ranks = ranks;
  r.status = status;
  r.bus_bw_factor = 0.75;
  return r;
}

std::vector<std::uint64_t> sizes(const FitSeries& series) {
  std::vector<std::uint64_t> bytes;
  for (const SeriesPoint& point : series.points) bytes.push_back(point.bytes);
  return bytes;
}

TEST(FitSeries, GroupsByCollectiveAlgorithmAndRanksInReportOrder) {
  const std::vector<Result> rows{
      row("allgather", "native", 8, 1e-6),       row("allreduce", "ring", 8, 2e-6, "out-of-place", "float32", "sum"),
      row("allgather", "native", 16, 1.1e-6),    row("allgather", "ring", 8, 3e-6),
      row("allgather", "native", 8, 1e-6, "out-of-place", "float32", "none", -1, 2),
      row("allreduce", "ring", 16, 2.2e-6, "out-of-place", "float32", "sum")};
  const std::vector<FitSeries> series = fit_series(rows);
  ASSERT_EQ(series.size(), 4u);
  EXPECT_EQ(series_name(series[0]), "allgather native on 4 ranks");
  EXPECT_EQ(sizes(series[0]), (std::vector<std::uint64_t>{8, 16}));
  EXPECT_EQ(series_name(series[1]), "allreduce ring on 4 ranks");
  EXPECT_EQ(sizes(series[1]), (std::vector<std::uint64_t>{8, 16}));
  EXPECT_EQ(series_name(series[2]), "allgather ring on 4 ranks");
  EXPECT_EQ(series_name(series[3]), "allgather native on 2 ranks");
  EXPECT_EQ(series[0].points[1].time_s, 1.1e-6);
  EXPECT_EQ(series[0].points[1].bus_bw_factor, 0.75);
}

TEST(FitSeries, RowsThatAreNotOkOrMoveNothingAreLeftOut) {
  const std::vector<Result> rows{
      row("broadcast", "native", 8, 1e-6, "out-of-place", "float32", "none", 0, 4, ResultStatus::failed),
      row("broadcast", "native", 16, 1e-6, "out-of-place", "float32", "none", 0, 4, ResultStatus::ok),
      row("broadcast", "native", 32, 1e-6, "out-of-place", "float32", "none", 0, 4, ResultStatus::timed_out),
      row("alltoall", "native", 8, 1e-6, "out-of-place", "float32", "none", -1, 4, ResultStatus::skipped),
      // 8 B of all-gather on 4 ranks is 0 bytes: nothing moves, only the call's overhead is timed.
      row("allgather", "native", 0, 4e-8), row("broadcast", "native", 0, 4e-8, "out-of-place", "float32", "none", 0)};
  const std::vector<FitSeries> series = fit_series(rows);
  ASSERT_EQ(series.size(), 1u);  // alltoall and allgather have no ok row of some bytes: no group
  EXPECT_EQ(sizes(series[0]), (std::vector<std::uint64_t>{16}));
}

TEST(FitSeries, OutOfPlaceRowsAreChosenEvenWhenInPlaceComesFirst) {
  const std::vector<Result> rows{row("allgather", "native", 8, 9e-6, "in-place"),
                                 row("allgather", "native", 8, 1e-6, "out-of-place"),
                                 row("allgather", "native", 16, 9e-6, "in-place"),
                                 row("allgather", "native", 16, 2e-6, "out-of-place")};
  const std::vector<FitSeries> series = fit_series(rows);
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].placement, "out-of-place");
  EXPECT_EQ(series[0].points.size(), 2u);
  EXPECT_EQ(series[0].points[0].time_s, 1e-6);
  EXPECT_EQ(series[0].points[1].time_s, 2e-6);
}

TEST(FitSeries, InPlaceRowsWhenThereAreNoOthers) {
  const std::vector<Result> rows{row("allgather", "native", 8, 9e-6, "in-place"),
                                 row("allgather", "native", 8, 1e-6, "out-of-place", "float32", "none", -1, 4,
                                     ResultStatus::failed),
                                 row("allgather", "native", 16, 9e-6, "in-place")};
  const std::vector<FitSeries> series = fit_series(rows);
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].placement, "in-place");
  EXPECT_EQ(sizes(series[0]), (std::vector<std::uint64_t>{8, 16}));
}

TEST(FitSeries, TheFirstDtypeOpAndRootInReportOrder) {
  // -d all -o all -r all order: the sizes of one (dtype, op, root) are one series; the others
  // are not mixed in.
  const std::vector<Result> rows{
      row("reduce", "native", 8, 1e-6, "out-of-place", "int8", "max", 1),
      row("reduce", "native", 8, 2e-6, "out-of-place", "float32", "max", 1),
      row("reduce", "native", 8, 3e-6, "out-of-place", "int8", "sum", 1),
      row("reduce", "native", 8, 4e-6, "out-of-place", "int8", "max", 0),
      row("reduce", "native", 16, 5e-6, "out-of-place", "int8", "max", 1),
      row("reduce", "native", 16, 6e-6, "in-place", "int8", "max", 1)};
  const std::vector<FitSeries> series = fit_series(rows);
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].dtype, "int8");
  EXPECT_EQ(series[0].op, "max");
  EXPECT_EQ(series[0].root, 1);
  ASSERT_EQ(series[0].points.size(), 2u);
  EXPECT_EQ(series[0].points[0].time_s, 1e-6);
  EXPECT_EQ(series[0].points[1].time_s, 5e-6);
  EXPECT_EQ(series_description(series[0]), "out-of-place int8 max root 1");
}

TEST(FitSeries, DescriptionsLeaveOutWhatACollectiveDoesNotHave) {
  const std::vector<FitSeries> series = fit_series({row("allgather", "native", 8, 1e-6, "in-place", "bfloat16"),
                                                    row("allreduce", "ring", 8, 1e-6, "out-of-place", "int32", "sum")});
  EXPECT_EQ(series_description(series[0]), "in-place bfloat16");
  EXPECT_EQ(series_description(series[1]), "out-of-place int32 sum");
}

TEST(FitSeries, FormsFollowTheCollectiveAndTheAlgorithm) {
  const std::vector<FitSeries> series = fit_series({row("sendrecv", "native", 8, 1e-6),
                                                    row("allreduce", "native", 8, 1e-6),
                                                    row("allreduce", "rabenseifner", 8, 1e-6)});
  EXPECT_EQ(series_form(series[0]), SeriesForm::point_to_point);
  EXPECT_EQ(series_form(series[1]), SeriesForm::hockney);
  EXPECT_EQ(series_form(series[2]), SeriesForm::algorithm);
  EXPECT_TRUE(reduces("allreduce"));
  EXPECT_TRUE(reduces("reducescatter"));
  EXPECT_TRUE(reduces("reduce"));
  EXPECT_FALSE(reduces("allgather"));
  EXPECT_FALSE(reduces("broadcast"));
  EXPECT_FALSE(reduces("sendrecv"));
}

TEST(FitSeries, BetaSourcesInOrderOfPreference) {
  const std::vector<FitSeries> series = fit_series({
      row("sendrecv", "native", 8, 1e-6),                                          // 0
      row("broadcast", "binomial", 8, 1e-6, "out-of-place", "float32", "none", 0),  // 1
      row("allreduce", "ring", 8, 1e-6, "out-of-place", "float32", "sum"),         // 2
      row("allgather", "recursive-doubling", 8, 1e-6),                             // 3
      row("allgather", "ring", 8, 1e-6),                                           // 4
      row("allgather", "native", 8, 1e-6),                                         // 5: not explicit
      row("allgather", "ring", 8, 1e-6, "out-of-place", "float32", "none", -1, 2),  // 6: other ranks
      row("reducescatter", "ring", 8, 1e-6, "out-of-place", "float32", "sum"),     // 7: reduces
      row("allreduce", "native", 8, 1e-6, "out-of-place", "float32", "sum"),       // 8
  });
  ASSERT_EQ(series.size(), 9u);
  // The all-gather of the same algorithm, then the other explicit non-reducing series in
  // report order, then sendrecv.
  EXPECT_EQ(beta_source_candidates(series, 2), (std::vector<std::size_t>{4, 1, 3, 0}));
  EXPECT_EQ(beta_source_candidates(series, 7), (std::vector<std::size_t>{4, 1, 3, 0}));
  // native: the Hockney form has no reduction term to separate; non-reducing: nothing to separate.
  EXPECT_TRUE(beta_source_candidates(series, 8).empty());
  EXPECT_TRUE(beta_source_candidates(series, 4).empty());
  // Of other ranks: nothing of 2 ranks but the all-gather ring itself, which does not reduce.
  const std::vector<FitSeries> alone = fit_series({row("allreduce", "ring", 8, 1e-6, "out-of-place", "float32", "sum",
                                                       -1, 2),
                                                   row("allgather", "ring", 8, 1e-6)});
  EXPECT_TRUE(beta_source_candidates(alone, 0).empty());
}

}  // namespace
}  // namespace commbench
