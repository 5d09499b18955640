// reports/model/result.hpp: the run summary printed under the table and stored in the report
// ("Avg bus bandwidth" as nccl-tests prints it, failed and skipped counts, wrong elements).
#include "reports/model/result.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace commbench {
namespace {

Result row(std::uint64_t bytes, double bus_bw, ResultStatus status = ResultStatus::ok, std::uint64_t wrong = 0) {
  Result r;
  r.bytes = bytes;
  r.bus_bw = bus_bw;
  r.status = status;
  r.wrong = wrong;
  return r;
}

constexpr std::uint64_t kMiB = 1 << 20;

TEST(SummarizeResults, AveragesOnlyOkRowsAtLeastTheMinimumSize) {
  const std::vector<Result> rows{row(512, 1.0), row(kMiB, 10.0), row(4 * kMiB, 20.0),
                                 row(4 * kMiB, 999.0, ResultStatus::failed), row(8 * kMiB, 0.0, ResultStatus::skipped)};
  const RunSummary summary = summarize_results(rows, kMiB);
  EXPECT_DOUBLE_EQ(summary.avg_bus_bw, 15.0);  // (10 + 20) / 2
  EXPECT_EQ(summary.avg_bus_bw_rows, 2u);
  EXPECT_EQ(summary.avg_bus_bw_min_bytes, kMiB);
}

TEST(SummarizeResults, RowExactlyAtTheMinimumIsIncluded) {
  const RunSummary summary = summarize_results({row(kMiB - 1, 100.0), row(kMiB, 4.0)}, kMiB);
  EXPECT_DOUBLE_EQ(summary.avg_bus_bw, 4.0);
  EXPECT_EQ(summary.avg_bus_bw_rows, 1u);
}

TEST(SummarizeResults, FallsBackToAllOkRowsWhenNoneIsLargeEnough) {
  const RunSummary summary = summarize_results({row(512, 1.0), row(1024, 3.0)}, kMiB);
  EXPECT_DOUBLE_EQ(summary.avg_bus_bw, 2.0);
  EXPECT_EQ(summary.avg_bus_bw_rows, 2u);
  EXPECT_EQ(summary.avg_bus_bw_min_bytes, 0u);
}

TEST(SummarizeResults, LargeFailedRowsDoNotPreventTheFallback) {
  // Only ok rows count as large: a failed 4 MiB row leaves the small ok row averaged.
  const RunSummary summary = summarize_results({row(4 * kMiB, 50.0, ResultStatus::failed), row(512, 4.0)}, kMiB);
  EXPECT_DOUBLE_EQ(summary.avg_bus_bw, 4.0);
  EXPECT_EQ(summary.avg_bus_bw_rows, 1u);
  EXPECT_EQ(summary.avg_bus_bw_min_bytes, 0u);
}

TEST(SummarizeResults, CountsCasesFailedAndSkipped) {
  const std::vector<Result> rows{row(8, 1.0), row(16, 1.0, ResultStatus::failed), row(32, 1.0, ResultStatus::failed),
                                 row(64, 0.0, ResultStatus::skipped), row(128, 1.0)};
  const RunSummary summary = summarize_results(rows, 0);
  EXPECT_EQ(summary.cases, 5u);
  EXPECT_EQ(summary.failed_cases, 2u);
  EXPECT_EQ(summary.skipped_cases, 1u);
}

TEST(SummarizeResults, WrongTotalSumsEveryRow) {
  const std::vector<Result> rows{row(8, 1.0, ResultStatus::ok, 2), row(16, 1.0, ResultStatus::failed, 5),
                                 row(32, 1.0, ResultStatus::skipped, 0), row(64, 1.0, ResultStatus::ok, 0)};
  EXPECT_EQ(summarize_results(rows, 0).wrong_total, 7u);
}

TEST(SummarizeResults, NoOkRowsGiveZeroAverage) {
  const RunSummary summary =
      summarize_results({row(kMiB, 5.0, ResultStatus::failed), row(kMiB, 5.0, ResultStatus::skipped)}, kMiB);
  EXPECT_DOUBLE_EQ(summary.avg_bus_bw, 0.0);
  EXPECT_EQ(summary.avg_bus_bw_rows, 0u);
}

TEST(SummarizeResults, NoRowsGiveAnEmptySummary) {
  const RunSummary summary = summarize_results({}, kMiB);
  EXPECT_EQ(summary.cases, 0u);
  EXPECT_EQ(summary.failed_cases, 0u);
  EXPECT_EQ(summary.skipped_cases, 0u);
  EXPECT_EQ(summary.wrong_total, 0u);
  EXPECT_DOUBLE_EQ(summary.avg_bus_bw, 0.0);
  EXPECT_EQ(summary.avg_bus_bw_rows, 0u);
}

TEST(ResultStatusName, NamesAsWrittenInTheReport) {
  EXPECT_EQ(result_status_name(ResultStatus::ok), "ok");
  EXPECT_EQ(result_status_name(ResultStatus::skipped), "skipped");
  EXPECT_EQ(result_status_name(ResultStatus::failed), "failed");
}

}  // namespace
}  // namespace commbench
