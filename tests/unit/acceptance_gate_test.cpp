// reports/judge/acceptance_gate.*: the gate on reports of real runs (tests/data/reports) and on
// copies of them with one thing broken. Each kind of failure is caught and says where; every
// missing measurement fails closed and says which measurement it needed; a report whose run
// did not finish cleanly never passes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bench/reading/acceptance_spec_file.hpp"
#include "reports/console/gate_table.hpp"
#include "reports/judge/acceptance_gate.hpp"
#include "reports/load/report_loader.hpp"

namespace commbench {
namespace {

// Failures that show the whole text (gmock's matchers are not linked here).
::testing::AssertionResult Contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << text << "\"\ndoes not contain\n\"" << part << "\"";
}

::testing::AssertionResult EndsWith(const std::string& text, const std::string& end) {
  if (text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "\"" << text << "\"\ndoes not end with\n\"" << end << "\"";
}

// A fixture as the gate command loads it, named by its file name so messages are stable.
LoadedReport fixture(const std::string& name) {
  LoadedReport report = load_any_report_file(std::string(COMMBENCH_REPORT_FIXTURES_DIR) + "/" + name);
  report.path = name;
  return report;
}

template <typename Report>
Report& content(LoadedReport& report) {
  return std::get<Report>(report.content);
}

// The linkcheck fixture with its slow host healed: nothing flagged, no suspect.
LoadedReport clean_linkcheck() {
  LoadedReport report = fixture("linkcheck.json");
  LinkcheckReport& links = content<LinkcheckReport>(report);
  for (LinkMeasurement& link : links.links) link.bandwidth_outlier = link.latency_outlier = false;
  for (HostLinkVerdict& host : links.hosts) host.suspect = false;
  links.outliers.clear();
  links.suspects.clear();
  return report;
}

AcceptanceSpec spec_with(const std::string& checks) {
  return parse_acceptance_spec(
      R"({"kind": "acceptance", "format_version": 1, "name": "test spec", "checks": [)" + checks + "]}", "spec.json");
}

// The fixtures' figures (collectives-cluster-a.json, allreduce): busbw 1.744 GB/s at 512 KiB
// and 2.811 GB/s at 2 MiB, 0.277 and 0.441 of the model's; 118.6 us at 8 KiB, the slowest
// up to there; p99 / median 1.107 at 512 KiB. scaling.json: measured efficiency 0.319 at 4 GPUs.
const std::string kAchievableChecks = R"(
  {"check": "no_wrong_elements"},
  {"check": "busbw", "collective": "allreduce", "min_bytes": "512K", "max_bytes": "2M", "busbw_at_least_GBps": 1.5},
  {"check": "busbw", "collective": "allreduce", "min_bytes": "512K", "max_bytes": "2M",
   "busbw_at_least_model_fraction": 0.25},
  {"check": "latency", "collective": "allreduce", "max_bytes": "8K", "latency_at_most_us": 200},
  {"check": "tail_ratio", "collective": "allreduce", "min_bytes": "512K", "p99_over_median_at_most": 1.2},
  {"check": "linkcheck_no_outliers"},
  {"check": "scaling_efficiency", "gpus": 4, "efficiency_at_least": 0.3})";

std::vector<LoadedReport> healthy_reports() {
  return {fixture("collectives-cluster-a.json"), clean_linkcheck(), fixture("scaling.json")};
}

const CheckOutcome& outcome_named(const GateResult& result, const std::string& name) {
  for (const CheckOutcome& check : result.checks) {
    if (check.name == name) return check;
  }
  throw std::runtime_error("no check named " + name);
}

// The one check of a single-check spec (after the reports' status checks).
CheckOutcome only_check(const std::string& check, const std::vector<LoadedReport>& reports) {
  const GateResult result = evaluate_gate(spec_with(check), reports);
  EXPECT_EQ(result.checks.size(), reports.size() + 1);
  return result.checks.back();
}

std::string all_details(const CheckOutcome& check) {
  std::string text;
  for (const std::string& line : check.details) text += line + "\n";
  return text;
}

TEST(AcceptanceGate, AnAchievableSpecPassesOnHealthyReports) {
  const GateResult result = evaluate_gate(spec_with(kAchievableChecks), healthy_reports());
  ASSERT_EQ(result.checks.size(), 3u + 7u);
  for (const CheckOutcome& check : result.checks) {
    EXPECT_TRUE(check.passed) << check.name << ": " << check.measured << " / " << check.required << "\n"
                              << all_details(check);
    EXPECT_TRUE(check.details.empty()) << check.name;
  }
  EXPECT_TRUE(result.passed());
  EXPECT_EQ(result.failed_count(), 0u);
  EXPECT_EQ(result.spec_name, "test spec");
  // One status check per report first, then the spec's checks in order, named after what they check.
  EXPECT_EQ(result.checks[0].name, "report status collectives-cluster-a.json");
  EXPECT_EQ(result.checks[0].check, kReportStatusCheckType);
  EXPECT_EQ(result.checks[3].name, "no_wrong_elements");
  EXPECT_EQ(result.checks[4].name, "busbw allreduce");
  EXPECT_EQ(result.checks[4].measured, "1.744 GB/s (worst of 2 rows: allreduce 512 KiB)");
  EXPECT_EQ(result.checks[4].required, ">= 1.5 GB/s");
  EXPECT_EQ(result.checks[5].measured, "0.277 x predicted (worst of 2 rows: allreduce 512 KiB)");
  EXPECT_EQ(result.checks[6].measured, "119 us (worst of 6 rows: allreduce 8 KiB)");
  EXPECT_EQ(result.checks[6].required, "<= 200 us");
  EXPECT_EQ(result.checks[9].measured, "0.319 (measured series, scaling.json)");
}

TEST(AcceptanceGate, TheSpecsLabelNamesTheCheck) {
  const GateResult result = evaluate_gate(
      spec_with(R"({"name": "big & fast", "check": "busbw", "collective": "allreduce", "min_bytes": "2M",
                    "busbw_at_least_GBps": 1})"),
      healthy_reports());
  EXPECT_TRUE(outcome_named(result, "big & fast").passed);
}

TEST(AcceptanceGate, WrongElementsFailAndNameTheRow) {
  std::vector<LoadedReport> reports = healthy_reports();
  for (Result& row : content<RunReport>(reports[0]).results) {
    if (row.collective == "reducescatter" && row.bytes == 131072) row.wrong = 12;
  }
  const CheckOutcome check = only_check(R"({"check": "no_wrong_elements"})", reports);
  EXPECT_FALSE(check.passed);
  EXPECT_TRUE(Contains(check.measured, "12 wrong"));
  EXPECT_EQ(check.required, "0 wrong");
  ASSERT_EQ(check.details.size(), 1u);
  EXPECT_EQ(check.details[0],
            "reducescatter 128 KiB float32 sum out-of-place (collectives-cluster-a.json): 12 wrong elements");
}

TEST(AcceptanceGate, WrongElementsInAMeasuredScalingStepFail) {
  std::vector<LoadedReport> reports = healthy_reports();
  content<ScalingReport>(reports[2]).measured->points[1].collectives[0].wrong = 3;
  const CheckOutcome check = only_check(R"({"check": "no_wrong_elements"})", reports);
  EXPECT_FALSE(check.passed);
  EXPECT_TRUE(Contains(all_details(check), "measured scaling at 4 GPUs, allreduce 1 MiB (scaling.json): 3 wrong"));
}

TEST(AcceptanceGate, BusbwBelowTheFigureFailsAtTheRowsBelowIt) {
  const CheckOutcome check = only_check(
      R"({"check": "busbw", "collective": "allreduce", "min_bytes": "512K", "busbw_at_least_GBps": 2})",
      healthy_reports());
  EXPECT_FALSE(check.passed);
  EXPECT_EQ(check.measured, "1.744 GB/s (worst of 2 rows: allreduce 512 KiB)");
  ASSERT_EQ(check.details.size(), 2u);
  EXPECT_EQ(check.details[0], "1 of 2 rows fail, worst first:");
  EXPECT_EQ(check.details[1], "allreduce 512 KiB float32 sum out-of-place (collectives-cluster-a.json): 1.744 GB/s");
}

TEST(AcceptanceGate, BusbwBelowTheModelsFractionFails) {
  const CheckOutcome check = only_check(R"({"check": "busbw", "collective": "allreduce", "min_bytes": "512K",
                                            "busbw_at_least_model_fraction": 0.4})",
                                        healthy_reports());
  EXPECT_FALSE(check.passed);
  EXPECT_EQ(check.required, ">= 0.4 x predicted");
  ASSERT_EQ(check.details.size(), 2u);
  EXPECT_EQ(check.details[1],
            "allreduce 512 KiB float32 sum out-of-place (collectives-cluster-a.json): 0.277 x predicted "
            "(1.744 GB/s of predicted 6.298 GB/s)");
}

TEST(AcceptanceGate, LatencyAboveTheFigureFails) {
  const CheckOutcome check = only_check(
      R"({"check": "latency", "collective": "allreduce", "max_bytes": "8K", "latency_at_most_us": 100})",
      healthy_reports());
  EXPECT_FALSE(check.passed);
  EXPECT_EQ(check.required, "<= 100 us");
  ASSERT_EQ(check.details.size(), 2u);
  EXPECT_EQ(check.details[1], "allreduce 8 KiB float32 sum out-of-place (collectives-cluster-a.json): 119 us");
}

TEST(AcceptanceGate, TailRatioAboveTheBoundFailsWorstFirst) {
  const CheckOutcome check = only_check(
      R"({"check": "tail_ratio", "collective": "all", "min_bytes": "512K", "p99_over_median_at_most": 2})",
      healthy_reports());
  EXPECT_FALSE(check.passed);
  EXPECT_TRUE(Contains(check.measured, "3.29 (worst of "));
  ASSERT_EQ(check.details.size(), 3u);
  EXPECT_EQ(check.details[0], "2 of 14 rows fail, worst first:");
  EXPECT_TRUE(Contains(check.details[1], "reduce 2 MiB float32 sum out-of-place root 0 (collectives-cluster-a.json): 3.29"));
  EXPECT_TRUE(Contains(check.details[2], "allgather 2 MiB float32 out-of-place (collectives-cluster-a.json): 2.5"));
}

TEST(AcceptanceGate, LinkcheckOutliersFailAndNameTheHosts) {
  const CheckOutcome check = only_check(R"({"check": "linkcheck_no_outliers"})", {fixture("linkcheck.json")});
  EXPECT_FALSE(check.passed);
  EXPECT_EQ(check.measured, "2 flagged links (of 6)");
  const std::string details = all_details(check);
  EXPECT_TRUE(Contains(details, "fx-host2 -> fx-host3 (inter-host, ranks 2,3 -> 4,5, linkcheck.json): bandwidth"));
  EXPECT_TRUE(Contains(details, "fx-host3 -> fx-host2"));
  EXPECT_TRUE(Contains(details, "suspect host fx-host3 (linkcheck.json): its median bandwidth"));
  EXPECT_FALSE(Contains(details, "fx-host1 ->"));
}

TEST(AcceptanceGate, LinkcheckCanJudgeBandwidthFlagsAlone) {
  const CheckOutcome check =
      only_check(R"({"check": "linkcheck_no_outliers", "outlier_kind": "bandwidth"})", {fixture("linkcheck.json")});
  EXPECT_FALSE(check.passed);
  EXPECT_EQ(check.measured, "1 flagged links (of 6)");
  EXPECT_TRUE(Contains(check.details[0], "fx-host2 -> fx-host3"));
  EXPECT_FALSE(Contains(check.details[0], "latency"));
}

TEST(AcceptanceGate, ScalingEfficiencyBelowTheFigureFails) {
  const CheckOutcome check =
      only_check(R"({"check": "scaling_efficiency", "gpus": 4, "efficiency_at_least": 0.5})", healthy_reports());
  EXPECT_FALSE(check.passed);
  ASSERT_EQ(check.details.size(), 1u);
  EXPECT_TRUE(Contains(check.details[0], "measured series (scaling.json): efficiency 0.319 at 4 GPUs, speedup"));
  EXPECT_TRUE(Contains(check.details[0], "over 2 GPUs"));
}

TEST(AcceptanceGate, ScalingEfficiencyOfAPredictedSeries) {
  const CheckOutcome check = only_check(
      R"({"check": "scaling_efficiency", "gpus": 64, "efficiency_at_least": 0.99, "series": "predicted",
          "fabric": "dgx-h100"})",
      {fixture("plan.json")});
  EXPECT_TRUE(check.passed) << all_details(check);
  EXPECT_EQ(check.measured, "1 (predicted series on dgx-h100, plan.json)");
}

// ---- fail closed ----------------------------------------------------------------------------

TEST(AcceptanceGateFailsClosed, ASizeRangeTheSweepDidNotReach) {
  const CheckOutcome check = only_check(
      R"({"check": "busbw", "collective": "allreduce", "min_bytes": "1G", "max_bytes": "8G", "busbw_at_least_GBps": 1})",
      healthy_reports());
  EXPECT_FALSE(check.passed);
  EXPECT_EQ(check.measured, "missing");
  EXPECT_EQ(check.details, std::vector<std::string>{"needs ok allreduce rows from 1 GiB to 8 GiB; the reports have "
                                                    "them from 8 B to 2 MiB"});
}

TEST(AcceptanceGateFailsClosed, ARangeMeasuredOnlyInPart) {
  // 512 KiB and 2 MiB lie in the range, but the sweep stopped before 4 MiB.
  const CheckOutcome check = only_check(
      R"({"check": "busbw", "collective": "allreduce", "min_bytes": "512K", "max_bytes": "4M", "busbw_at_least_GBps": 1})",
      healthy_reports());
  EXPECT_FALSE(check.passed);
  EXPECT_EQ(check.measured, "missing");
  EXPECT_TRUE(Contains(check.details[0], "from 512 KiB to 4 MiB; the reports have them from 8 B to 2 MiB"));
}

TEST(AcceptanceGateFailsClosed, ACaseTheReportsDoNotHave) {
  const CheckOutcome check = only_check(R"({"check": "latency", "collective": "allreduce", "dtype": "bfloat16",
                                            "max_bytes": "8K", "latency_at_most_us": 1000})",
                                        healthy_reports());
  EXPECT_FALSE(check.passed);
  EXPECT_EQ(check.details, std::vector<std::string>{"needs ok allreduce rows (dtype bfloat16) up to 8 KiB; the "
                                                    "reports' ok allreduce rows have dtype float32"});
}

TEST(AcceptanceGateFailsClosed, NoCollectivesReport) {
  const CheckOutcome check = only_check(
      R"({"check": "latency", "collective": "allreduce", "max_bytes": "8K", "latency_at_most_us": 1000})",
      {clean_linkcheck()});
  EXPECT_FALSE(check.passed);
  EXPECT_EQ(check.details,
            std::vector<std::string>{"needs ok allreduce rows up to 8 KiB; no collectives report was given"});
}

TEST(AcceptanceGateFailsClosed, AModelFractionWithoutPredictions) {
  std::vector<LoadedReport> reports = healthy_reports();
  for (Result& row : content<RunReport>(reports[0]).results) row.prediction.reset();
  const CheckOutcome check = only_check(R"({"check": "busbw", "collective": "allreduce", "min_bytes": "512K",
                                            "busbw_at_least_model_fraction": 0.1})",
                                        reports);
  EXPECT_FALSE(check.passed);
  EXPECT_EQ(check.measured, "missing for 2 of 2 rows");
  EXPECT_TRUE(Contains(check.details[0], "needs the model's prediction (a run with --fabric"));
  EXPECT_TRUE(Contains(check.details[1], "allreduce 512 KiB float32 sum out-of-place (collectives-cluster-a.json): "
                                          "no model prediction"));
}

TEST(AcceptanceGateFailsClosed, TooFewSamplesForAP99) {
  const CheckOutcome check = only_check(R"({"check": "tail_ratio", "collective": "allreduce", "min_bytes": "512K",
                                            "p99_over_median_at_most": 10, "min_samples": 100})",
                                        healthy_reports());
  EXPECT_FALSE(check.passed);
  EXPECT_EQ(check.measured, "missing for 2 of 2 rows");
  EXPECT_TRUE(Contains(check.details[0], "needs at least 100 timed samples"));
  EXPECT_TRUE(Contains(check.details[1], ": 10 samples"));
}

TEST(AcceptanceGateFailsClosed, NoLinkcheckReport) {
  const CheckOutcome check = only_check(R"({"check": "linkcheck_no_outliers"})", {fixture("collectives-cluster-a.json")});
  EXPECT_FALSE(check.passed);
  EXPECT_EQ(check.details, std::vector<std::string>{"needs a linkcheck report; none was given"});
}

TEST(AcceptanceGateFailsClosed, NoScalingPointAtTheCount) {
  const CheckOutcome check =
      only_check(R"({"check": "scaling_efficiency", "gpus": 64, "efficiency_at_least": 0.5})", healthy_reports());
  EXPECT_FALSE(check.passed);
  EXPECT_EQ(check.details, std::vector<std::string>{"needs a measured series with a point at 64 GPUs; measured series "
                                                    "(scaling.json) has 2, 4 GPUs"});
}

TEST(AcceptanceGateFailsClosed, APlanHasNoMeasuredSeries) {
  const CheckOutcome check =
      only_check(R"({"check": "scaling_efficiency", "gpus": 64, "efficiency_at_least": 0.5})", {fixture("plan.json")});
  EXPECT_FALSE(check.passed);
  EXPECT_EQ(check.details, std::vector<std::string>{"needs a measured series with a point at 64 GPUs; the scaling "
                                                    "reports have predicted series on dgx-h100"});
}

TEST(AcceptanceGateFailsClosed, NoScalingReport) {
  const CheckOutcome check = only_check(R"({"check": "scaling_efficiency", "gpus": 4, "efficiency_at_least": 0.1})",
                                        {fixture("collectives-cluster-a.json")});
  EXPECT_FALSE(check.passed);
  EXPECT_TRUE(Contains(check.details[0], "no scaling or plan report was given"));
}

TEST(AcceptanceGateFailsClosed, NothingVerified) {
  const CheckOutcome check = only_check(R"({"check": "no_wrong_elements"})", {clean_linkcheck()});
  EXPECT_FALSE(check.passed);
  EXPECT_TRUE(Contains(check.details[0], "needs verified measurements"));
}

TEST(AcceptanceGateFailsClosed, UnverifiedRows) {
  std::vector<LoadedReport> reports = healthy_reports();
  for (Result& row : content<RunReport>(reports[0]).results) {
    if (row.collective == "broadcast") row.check_iterations = 0;
  }
  const CheckOutcome check = only_check(R"({"check": "no_wrong_elements"})", reports);
  EXPECT_FALSE(check.passed);
  EXPECT_EQ(check.measured, "missing for 10 rows");
  EXPECT_EQ(check.details[0], "needs every ok row verified; 10 rows were not checked (check_iterations 0):");
  EXPECT_EQ(check.details.back(), "... and 2 more rows");
}

TEST(AcceptanceGateFailsClosed, NoReportsAtAll) {
  const GateResult result = evaluate_gate(spec_with(kAchievableChecks), {});
  EXPECT_FALSE(result.passed());
  EXPECT_EQ(result.failed_count(), 7u);
}

// ---- report status ----------------------------------------------------------------------------

TEST(AcceptanceGateReportStatus, APartialReportFailsEvenWhenEverythingElsePasses) {
  std::vector<LoadedReport> reports = healthy_reports();
  RunOutcome& outcome = content<RunReport>(reports[0]).outcome;
  outcome.status = RunStatus::partial;
  outcome.failure_kind = "timeout";
  outcome.failure = "rank 3 made no progress in allreduce for 300 s";
  const GateResult result = evaluate_gate(spec_with(kAchievableChecks), reports);
  EXPECT_FALSE(result.passed());
  EXPECT_EQ(result.failed_count(), 1u);
  const CheckOutcome& status = result.checks[0];
  EXPECT_FALSE(status.passed);
  EXPECT_EQ(status.measured, "partial (timeout)");
  EXPECT_EQ(status.details, std::vector<std::string>{"outcome partial, failure_kind timeout: rank 3 made no progress "
                                                     "in allreduce for 300 s"});
}

TEST(AcceptanceGateReportStatus, AnUnfinishedReportFails) {
  std::vector<LoadedReport> reports = {fixture("scaling.json")};
  content<ScalingReport>(reports[0]).outcome = unfinished_outcome();
  const GateResult result =
      evaluate_gate(spec_with(R"({"check": "scaling_efficiency", "gpus": 4, "efficiency_at_least": 0.1})"), reports);
  EXPECT_FALSE(result.checks[0].passed);
  EXPECT_TRUE(result.checks[1].passed);
  EXPECT_FALSE(result.passed());
}

TEST(AcceptanceGateReportStatus, AFailedRowFailsTheStatusCheckAndIsNamed) {
  std::vector<LoadedReport> reports = healthy_reports();
  for (Result& row : content<RunReport>(reports[0]).results) {
    if (row.collective == "alltoall" && row.bytes == 2097152) {
      row.status = ResultStatus::failed;
      row.reason = "MPI_Alltoall: MPI_ERR_TRUNCATE";
    }
  }
  const GateResult result = evaluate_gate(spec_with(kAchievableChecks), reports);
  EXPECT_FALSE(result.passed());
  const CheckOutcome& status = result.checks[0];
  EXPECT_FALSE(status.passed);
  EXPECT_EQ(status.measured, "complete, 1 failed rows");
  EXPECT_EQ(status.details, std::vector<std::string>{"alltoall 2 MiB float32 out-of-place (collectives-cluster-a.json): "
                                                     "failed (MPI_Alltoall: MPI_ERR_TRUNCATE)"});
}

TEST(AcceptanceGateReportStatus, EveryKindOfReportIsChecked) {
  const std::vector<std::string> names = {"collectives-cluster-b.json", "gradsync.json", "pipeline.json",
                                          "topology.json", "plan.json"};
  std::vector<LoadedReport> reports;
  for (const std::string& name : names) reports.push_back(fixture(name));
  const GateResult result = evaluate_gate(spec_with(R"({"check": "no_wrong_elements"})"), reports);
  ASSERT_EQ(result.checks.size(), names.size() + 1);
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(result.checks[i].name, "report status " + names[i]);
    EXPECT_TRUE(result.checks[i].passed) << all_details(result.checks[i]);
    EXPECT_TRUE(report_status_problems(reports[i]).empty());
  }
  EXPECT_TRUE(result.passed());
}

// ---- the console table ------------------------------------------------------------------------

TEST(GateTable, ListsEveryCheckWithItsVerdictAndEndsWithTheGatesVerdict) {
  std::vector<LoadedReport> reports = healthy_reports();
  const std::string passing = gate_table_text(evaluate_gate(spec_with(kAchievableChecks), reports));
  EXPECT_TRUE(Contains(passing, "check "));
  EXPECT_TRUE(Contains(passing, "busbw allreduce "));
  EXPECT_TRUE(EndsWith(passing, "gate: PASS (10 checks)\n"));
  EXPECT_FALSE(Contains(passing, "FAIL"));

  const std::string failing = gate_table_text(evaluate_gate(
      spec_with(kAchievableChecks + R"(, {"check": "busbw", "collective": "allreduce", "min_bytes": "1G",
                                          "busbw_at_least_GBps": 360})"),
      reports));
  EXPECT_TRUE(Contains(failing, "\n    needs ok allreduce rows from 1 GiB up; the reports have them from 8 B to 2 MiB\n"));
  EXPECT_TRUE(EndsWith(failing, "gate: FAIL (1 of 11 checks failed)\n"));
}

TEST(GateTable, ColumnsAlign) {
  const std::string table = gate_table_text(evaluate_gate(spec_with(kAchievableChecks), healthy_reports()));
  // Every line of the table proper has its verdict at the same column as the header's.
  const std::size_t header = table.find("\ncheck ") + 1;
  const std::size_t verdict_column = table.find("verdict", header) - header;
  std::size_t start = table.find('\n', header) + 1;
  int rows = 0;
  while (start < table.size() && table.compare(start, 5, "gate:") != 0) {
    const std::size_t end = table.find('\n', start);
    const std::string line = table.substr(start, end - start);
    EXPECT_EQ(line.substr(verdict_column, 4), "PASS") << line;
    ++rows;
    start = end + 1;
  }
  EXPECT_EQ(rows, 10);
}

TEST(GateTable, AResultWithoutChecksFails) {
  const GateResult empty;
  EXPECT_FALSE(empty.passed());
  EXPECT_TRUE(EndsWith(gate_table_text(empty), "gate: FAIL (no checks: nothing was judged)\n"));
}

}  // namespace
}  // namespace commbench
