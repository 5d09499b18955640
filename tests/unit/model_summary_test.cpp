// reports/model/model_summary.hpp: the model section groups rows by collective and algorithm, takes
// the median and 90th percentile of |relative error| by linear interpolation, and lists the
// rows whose measured busbw falls below the chosen fraction of the predicted one.
#include "reports/model/model_summary.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace commbench {
namespace {

Result predicted_row(const std::string& algorithm, std::uint64_t bytes, double relative_error, double measured_bus_bw,
                     double predicted_bus_bw) {
  Result row;
  row.collective = "allreduce";
  row.algorithm = algorithm;
  row.bytes = bytes;
  row.placement = "out-of-place";
  row.dtype = "float32";
  row.op = "sum";
  row.bus_bw = measured_bus_bw;
  row.status = ResultStatus::ok;
  ResultPrediction& p = row.prediction.emplace();
  p.algorithm = algorithm == "native" ? "ring" : algorithm;
  p.relative_error = relative_error;
  p.bus_bw = predicted_bus_bw;
  return row;
}

TEST(ModelSummary, GroupsByCollectiveAndAlgorithmInOrderOfAppearance) {
  const std::vector<Result> rows{predicted_row("ring", 8, 0.1, 1, 1), predicted_row("native", 8, 0.2, 1, 1),
                                 predicted_row("ring", 16, 0.3, 1, 1)};
  const std::vector<ModelAccuracy> groups = summarize_model_accuracy(rows, 0.5);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].algorithm, "ring");
  EXPECT_EQ(groups[0].rows, 2u);
  EXPECT_EQ(groups[1].algorithm, "native");
  EXPECT_EQ(groups[1].modelled_algorithm, "ring");
}

TEST(ModelSummary, MedianAndP90OfAbsoluteErrorsInterpolate) {
  // |errors| sorted: 0.1 0.2 0.3 0.4 0.5; median 0.3; p90 at position 0.9 * 4 = 3.6:
  // 0.4 + 0.6 * (0.5 - 0.4) = 0.46.
  const std::vector<Result> rows{predicted_row("ring", 1, -0.5, 1, 1), predicted_row("ring", 2, 0.1, 1, 1),
                                 predicted_row("ring", 3, -0.3, 1, 1), predicted_row("ring", 4, 0.2, 1, 1),
                                 predicted_row("ring", 5, 0.4, 1, 1)};
  const ModelAccuracy group = summarize_model_accuracy(rows, 0.5).at(0);
  EXPECT_DOUBLE_EQ(group.median_abs_relative_error, 0.3);
  EXPECT_NEAR(group.p90_abs_relative_error, 0.46, 1e-12);
}

TEST(ModelSummary, ShortfallsAreRowsBelowTheFractionOfThePredictedBusbw) {
  const std::vector<Result> rows{predicted_row("ring", 8, 0, 40, 100), predicted_row("ring", 16, 0, 50, 100),
                                 predicted_row("ring", 32, 0, 49.9, 100)};
  const ModelAccuracy group = summarize_model_accuracy(rows, 0.5).at(0);
  ASSERT_EQ(group.shortfalls.size(), 2u);  // exactly half is not a shortfall
  EXPECT_EQ(group.shortfalls[0].bytes, 8u);
  EXPECT_DOUBLE_EQ(group.shortfalls[0].measured_fraction, 0.4);
  EXPECT_EQ(group.shortfalls[1].bytes, 32u);
}

TEST(ModelSummary, RowsWithoutPredictionOrNotOkAreLeftOut) {
  Result unpredicted = predicted_row("ring", 8, 0.9, 1, 1);
  unpredicted.prediction.reset();
  Result failed = predicted_row("ring", 16, 0.9, 1, 1);
  failed.status = ResultStatus::failed;
  const std::vector<Result> rows{unpredicted, failed, predicted_row("ring", 32, 0.25, 1, 1)};
  const ModelAccuracy group = summarize_model_accuracy(rows, 0.5).at(0);
  EXPECT_EQ(group.rows, 1u);
  EXPECT_DOUBLE_EQ(group.median_abs_relative_error, 0.25);
  EXPECT_TRUE(summarize_model_accuracy({unpredicted, failed}, 0.5).empty());
}

}  // namespace
}  // namespace commbench
