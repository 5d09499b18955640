// reports/judge/report_comparison.hpp and comparison_table.hpp: two reports of a kind matched
// measurement by measurement, regressions flagged where a checked metric got worse than the
// threshold, and nothing dropped silently (cases only in one report, cases that failed).
// Pairs are made from the real reports in tests/data/reports, edited on the parsed model.
#include "reports/judge/report_comparison.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>

#include "reports/console/comparison_table.hpp"

namespace commbench {
namespace {

using nlohmann::json;

json fixture(const std::string& name) {
  std::ifstream in(std::string(COMMBENCH_REPORT_FIXTURES_DIR) + "/" + name);
  EXPECT_TRUE(in) << name;
  return json::parse(in);
}

template <typename Report>
Report fixture_model(const std::string& name) {
  return fixture(name).get<Report>();
}

LoadedReport loaded(const std::string& path, const std::string& kind, ReportContent content) {
  return {path, kind, std::move(content)};
}

LoadedReport collectives(const RunReport& report, const std::string& path = "candidate.json") {
  return loaded(path, kCollectivesKind, report);
}

RunReport cluster_a() { return fixture_model<RunReport>("collectives-cluster-a.json"); }

// The fixture's largest size (2 MiB: -e 4M -f 4 stops there) and one below 1 MiB.
constexpr std::uint64_t kLargeBytes = 2097152;
constexpr std::uint64_t kSmallBytes = 524288;

Result& row_of(RunReport& report, const std::string& collective, std::uint64_t bytes) {
  const auto found = std::find_if(report.results.begin(), report.results.end(), [&](const Result& r) {
    return r.collective == collective && r.bytes == bytes;
  });
  if (found == report.results.end()) throw std::runtime_error("fixture lacks " + collective);
  return *found;
}

// The same case, speed scaled by factor (0.94: 6% slower): bandwidths scale, the time inversely.
void scale_speed(Result& result, double factor) {
  result.bus_bw *= factor;
  result.alg_bw *= factor;
  result.time_s /= factor;
}

std::vector<std::string> allreduce_key(std::uint64_t bytes) {
  return {"allreduce", "native", "float32", "sum", "-1", "out-of-place", std::to_string(bytes), "4"};
}

// Copies: the comparison is often a temporary.
std::vector<MetricComparison> regressions(const ReportComparison& comparison) {
  std::vector<MetricComparison> flagged;
  for (const MetricComparison& row : comparison.rows) {
    if (row.regression) flagged.push_back(row);
  }
  return flagged;
}

ReportComparison compare_with_edit(const std::function<void(RunReport&)>& edit, const ComparisonOptions& options = {}) {
  const RunReport baseline = cluster_a();
  RunReport candidate = baseline;
  edit(candidate);
  return compare_reports(collectives(baseline, "baseline.json"), collectives(candidate), options);
}

TEST(ReportComparison, IdenticalCollectivesReportsHaveNoRegression) {
  const RunReport report = cluster_a();
  const ReportComparison comparison =
      compare_reports(collectives(report, "a.json"), collectives(report, "a.json"), ComparisonOptions{});
  EXPECT_FALSE(comparison.has_regression());
  EXPECT_EQ(comparison.rows.size(), report.results.size());
  EXPECT_TRUE(comparison.problems.empty());
  EXPECT_TRUE(comparison.only_in_baseline.empty());
  EXPECT_TRUE(comparison.only_in_candidate.empty());
  EXPECT_TRUE(comparison.notes.empty());
  const ComparisonSummary summary = comparison.summary();
  EXPECT_EQ(summary.checked, 7u);  // the 2 MiB row of each of the seven collectives
  for (const MetricComparison& row : comparison.rows) {
    ASSERT_TRUE(row.ratio) << row.metric;
    EXPECT_DOUBLE_EQ(*row.ratio, 1.0);
  }
}

TEST(ReportComparison, BusBandwidthSixPercentDownAtLargeSizeIsARegression) {
  const ReportComparison comparison =
      compare_with_edit([](RunReport& r) { scale_speed(row_of(r, "allreduce", kLargeBytes), 0.94); });
  ASSERT_TRUE(comparison.has_regression());
  const auto flagged = regressions(comparison);
  ASSERT_EQ(flagged.size(), 1u);
  EXPECT_EQ(flagged[0].key, allreduce_key(kLargeBytes));
  EXPECT_EQ(flagged[0].metric, "bus_bw");
  EXPECT_EQ(flagged[0].direction, MetricDirection::higher_is_better);
  ASSERT_TRUE(flagged[0].ratio);
  EXPECT_NEAR(*flagged[0].ratio, 0.94, 1e-12);
  EXPECT_EQ(comparison.summary().regressions, 1u);
}

TEST(ReportComparison, BusBandwidthFourPercentDownIsWithinTheDefaultThreshold) {
  const ReportComparison comparison =
      compare_with_edit([](RunReport& r) { scale_speed(row_of(r, "allreduce", kLargeBytes), 0.96); });
  EXPECT_FALSE(comparison.has_regression());
}

TEST(ReportComparison, SmallSizeSlowdownIsShownButNotCheckedByDefault) {
  const ReportComparison comparison =
      compare_with_edit([](RunReport& r) { scale_speed(row_of(r, "allreduce", kSmallBytes), 0.94); });
  EXPECT_FALSE(comparison.has_regression());
  const auto row = std::find_if(comparison.rows.begin(), comparison.rows.end(),
                                [](const MetricComparison& m) { return m.key == allreduce_key(kSmallBytes); });
  ASSERT_NE(row, comparison.rows.end());
  EXPECT_EQ(row->metric, "time_s");
  EXPECT_EQ(row->direction, MetricDirection::lower_is_better);
  EXPECT_FALSE(row->checked);
  EXPECT_NEAR(*row->ratio, 1 / 0.94, 1e-12);
}

TEST(ReportComparison, CustomThresholdAndMinimumSize) {
  ComparisonOptions loose;
  loose.threshold = 0.10;
  EXPECT_FALSE(compare_with_edit([](RunReport& r) { scale_speed(row_of(r, "allreduce", kLargeBytes), 0.94); }, loose)
                   .has_regression());
  EXPECT_TRUE(compare_with_edit([](RunReport& r) { scale_speed(row_of(r, "allreduce", kLargeBytes), 0.88); }, loose)
                  .has_regression());

  ComparisonOptions from_half_mebibyte;
  from_half_mebibyte.min_bytes = kSmallBytes;
  const ReportComparison comparison = compare_with_edit(
      [](RunReport& r) { scale_speed(row_of(r, "allreduce", kSmallBytes), 0.94); }, from_half_mebibyte);
  const auto flagged = regressions(comparison);
  ASSERT_EQ(flagged.size(), 1u);
  EXPECT_EQ(flagged[0].key, allreduce_key(kSmallBytes));
  EXPECT_EQ(flagged[0].metric, "bus_bw");
}

TEST(ReportComparison, LatencyThresholdFlagsASlowerSmallSize) {
  ComparisonOptions options;
  options.latency_threshold = 0.05;
  const auto slower_small = [](double factor) {
    return [factor](RunReport& r) { scale_speed(row_of(r, "broadcast", 8), factor); };
  };
  const ReportComparison comparison = compare_with_edit(slower_small(0.90), options);  // time +11%
  const auto flagged = regressions(comparison);
  ASSERT_EQ(flagged.size(), 1u);
  EXPECT_EQ(flagged[0].metric, "time_s");
  EXPECT_EQ(flagged[0].key[0], "broadcast");
  EXPECT_EQ(flagged[0].key[6], "8");
  EXPECT_FALSE(compare_with_edit(slower_small(0.97), options).has_regression());  // time +3%
  EXPECT_FALSE(compare_with_edit(slower_small(0.90)).has_regression());          // no latency threshold
}

TEST(ReportComparison, FasterCandidateIsNoRegression) {
  ComparisonOptions options;
  options.latency_threshold = 0.01;
  const auto faster = [](RunReport& r) {
    for (Result& result : r.results) scale_speed(result, 1.5);
  };
  EXPECT_FALSE(compare_with_edit(faster).has_regression());
  EXPECT_FALSE(compare_with_edit(faster, options).has_regression());
}

TEST(ReportComparison, RowMissingInTheCandidateIsListedAsOnlyInTheBaseline) {
  const ReportComparison comparison = compare_with_edit([](RunReport& r) {
    const Result& gone = row_of(r, "allreduce", kLargeBytes);
    r.results.erase(r.results.begin() + (&gone - r.results.data()));
  });
  ASSERT_EQ(comparison.only_in_baseline.size(), 1u);
  EXPECT_EQ(comparison.only_in_baseline[0], allreduce_key(kLargeBytes));
  EXPECT_TRUE(comparison.only_in_candidate.empty());
  EXPECT_EQ(comparison.summary().only_in_baseline, 1u);
  EXPECT_FALSE(comparison.has_regression());
}

TEST(ReportComparison, DifferentRankCountsAreDifferentMeasurements) {
  const ReportComparison comparison =
      compare_with_edit([](RunReport& r) { row_of(r, "allreduce", kLargeBytes).ranks = 8; });
  ASSERT_EQ(comparison.only_in_baseline.size(), 1u);
  ASSERT_EQ(comparison.only_in_candidate.size(), 1u);
  EXPECT_EQ(comparison.only_in_baseline[0], allreduce_key(kLargeBytes));
  EXPECT_EQ(comparison.only_in_candidate[0].back(), "8");
}

TEST(ReportComparison, CaseThatFailedInTheCandidateIsARegression) {
  const ReportComparison comparison = compare_with_edit([](RunReport& r) {
    Result& failed = row_of(r, "reduce", 8192);  // a small size: not checked on its time
    failed.status = ResultStatus::failed;
    failed.reason = "MPI_Reduce returned MPI_ERR_TRUNCATE";
  });
  EXPECT_TRUE(comparison.has_regression());
  ASSERT_EQ(comparison.problems.size(), 1u);
  const CaseProblem& problem = comparison.problems[0];
  EXPECT_EQ(problem.key[0], "reduce");
  EXPECT_EQ(problem.baseline_problem, "");
  EXPECT_EQ(problem.candidate_problem, "failed: MPI_Reduce returned MPI_ERR_TRUNCATE");
  EXPECT_TRUE(problem.regression);
  EXPECT_EQ(comparison.rows.size(), cluster_a().results.size() - 1);  // not compared on its time
  EXPECT_EQ(comparison.summary().regressions, 1u);
}

TEST(ReportComparison, CaseThatFailedInBothOrOnlyInTheBaselineIsListedNotFlagged) {
  RunReport failing = cluster_a();
  Result& failed = row_of(failing, "alltoall", kLargeBytes);
  failed.status = ResultStatus::skipped;
  failed.reason = "not enough memory";
  const RunReport sound = cluster_a();
  for (const RunReport* candidate : std::vector<const RunReport*>{&failing, &sound}) {
    const ReportComparison comparison =
        compare_reports(collectives(failing, "baseline.json"), collectives(*candidate), ComparisonOptions{});
    EXPECT_FALSE(comparison.has_regression());
    ASSERT_EQ(comparison.problems.size(), 1u);
    EXPECT_EQ(comparison.problems[0].baseline_problem, "skipped: not enough memory");
  }
}

TEST(ReportComparison, WrongElementsAppearingAreARegression) {
  // As the sweep records it (failed, with the count as the reason) and as a bare count.
  const ReportComparison recorded = compare_with_edit([](RunReport& r) {
    Result& wrong = row_of(r, "allgather", 512);
    wrong.wrong = 3;
    wrong.status = ResultStatus::failed;
    wrong.reason = "3 wrong elements";
  });
  ASSERT_EQ(recorded.problems.size(), 1u);
  EXPECT_EQ(recorded.problems[0].candidate_problem, "failed: 3 wrong elements");
  EXPECT_TRUE(recorded.has_regression());

  const ReportComparison counted = compare_with_edit([](RunReport& r) { row_of(r, "allgather", 512).wrong = 3; });
  ASSERT_EQ(counted.problems.size(), 1u);
  EXPECT_EQ(counted.problems[0].candidate_problem, "3 wrong elements");
  EXPECT_TRUE(counted.problems[0].regression);
}

TEST(ReportComparison, RealRunsOfTheSameCommandAreComparedWithoutNotes) {
  const RunReport a = cluster_a();
  const RunReport b = fixture_model<RunReport>("collectives-cluster-b.json");
  // b's large sizes are as fast or faster than a's, except allreduce 2% slower: within 5%.
  const ReportComparison forward = compare_reports(collectives(a, "a.json"), collectives(b, "b.json"), {});
  EXPECT_FALSE(forward.has_regression());
  EXPECT_TRUE(forward.notes.empty());  // only report_path and times differ between the runs
  // The other way round, sendrecv at 2 MiB drops to 0.70x.
  const ReportComparison backward = compare_reports(collectives(b, "b.json"), collectives(a, "a.json"), {});
  EXPECT_TRUE(backward.has_regression());
  const auto flagged = regressions(backward);
  EXPECT_TRUE(std::any_of(flagged.begin(), flagged.end(), [](const MetricComparison& row) {
    return row.key[0] == "sendrecv" && row.key[6] == std::to_string(kLargeBytes);
  }));
  EXPECT_TRUE(std::none_of(flagged.begin(), flagged.end(), [](const MetricComparison& row) {
    return row.key[0] == "allreduce";
  }));
}

TEST(ReportComparison, DifferentConfigurationsAndBuildsAreComparedWithANote) {
  const ReportComparison comparison = compare_with_edit([](RunReport& r) {
    r.config["iterations"] = 20;
    r.meta.version = "9.9.9";
    r.outcome.status = RunStatus::partial;
    r.outcome.failure_kind = "timeout";
  });
  EXPECT_EQ(comparison.rows.size(), cluster_a().results.size());
  const std::string notes = [&] {
    std::string all;
    for (const std::string& note : comparison.notes) all += note + "\n";
    return all;
  }();
  EXPECT_NE(notes.find("iterations 10 vs 20"), std::string::npos) << notes;
  EXPECT_NE(notes.find("different builds"), std::string::npos) << notes;
  EXPECT_NE(notes.find("9.9.9"), std::string::npos) << notes;
  EXPECT_NE(notes.find("candidate run did not finish (timeout"), std::string::npos) << notes;
  for (const std::string& note : comparison.notes) EXPECT_EQ(note.find('\n'), std::string::npos);
}

TEST(ReportComparison, MismatchedKindsAreRefused) {
  const LoadedReport runs = collectives(cluster_a(), "a.json");
  const LoadedReport links = loaded("b.json", kLinkcheckKind, fixture_model<LinkcheckReport>("linkcheck.json"));
  try {
    compare_reports(runs, links, {});
    FAIL() << "a collectives report was compared with a linkcheck report";
  } catch (const std::invalid_argument& error) {
    EXPECT_EQ(std::string(error.what()).rfind("cannot compare a collectives report (a.json) with a linkcheck report "
                                              "(b.json) (accepted: ",
                                              0),
              0u)
        << error.what();
  }
  const LoadedReport topology = loaded("t.json", kTopologyKind, TopologyDocument{fixture("topology.json")});
  try {
    compare_reports(topology, topology, {});
    FAIL() << "topology reports were compared";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("cannot compare topology reports (t.json, t.json)"), std::string::npos);
    EXPECT_EQ(std::string(error.what()).find('\n'), std::string::npos);
  }
}

TEST(ReportComparison, NegativeThresholdsAreRefused) {
  const LoadedReport runs = collectives(cluster_a());
  ComparisonOptions negative;
  negative.threshold = -0.05;
  EXPECT_THROW(compare_reports(runs, runs, negative), std::invalid_argument);
  ComparisonOptions negative_latency;
  negative_latency.latency_threshold = -1;
  EXPECT_THROW(compare_reports(runs, runs, negative_latency), std::invalid_argument);
}

// --- the other kinds -----------------------------------------------------------------------

template <typename Report>
ReportComparison compare_kind(const std::string& kind, const Report& baseline, const Report& candidate,
                              const ComparisonOptions& options = {}) {
  return compare_reports(loaded("baseline.json", kind, baseline), loaded("candidate.json", kind, candidate), options);
}

TEST(ReportComparison, LinkcheckBandwidthDropIsARegression) {
  const LinkcheckReport baseline = fixture_model<LinkcheckReport>("linkcheck.json");
  const ReportComparison same = compare_kind(kLinkcheckKind, baseline, baseline);
  EXPECT_FALSE(same.has_regression());
  EXPECT_EQ(same.rows.size(), 2 * baseline.links.size());  // bandwidth and latency of each link

  LinkcheckReport candidate = baseline;
  candidate.links[0].bandwidth *= 0.9;  // fx-host2 -> fx-host3
  candidate.links[1].latency_s *= 1.5;  // not checked without a latency threshold
  const ReportComparison slower = compare_kind(kLinkcheckKind, baseline, candidate);
  const auto flagged = regressions(slower);
  ASSERT_EQ(flagged.size(), 1u);
  EXPECT_EQ(flagged[0].metric, "bandwidth");
  EXPECT_EQ(flagged[0].key, (std::vector<std::string>{"inter-host", "fx-host2", "fx-host3"}));

  ComparisonOptions options;
  options.latency_threshold = 0.2;
  EXPECT_EQ(regressions(compare_kind(kLinkcheckKind, baseline, candidate, options)).size(), 2u);
}

TEST(ReportComparison, LinkcheckOfAnotherClusterMatchesHostsByPosition) {
  const LinkcheckReport baseline = fixture_model<LinkcheckReport>("linkcheck.json");
  LinkcheckReport candidate = baseline;
  for (std::size_t i = 0; i < candidate.meta.hosts.size(); ++i) {
    candidate.meta.hosts[i].name = "node" + std::to_string(i);
  }
  const ReportComparison comparison = compare_kind(kLinkcheckKind, baseline, candidate);
  EXPECT_TRUE(comparison.only_in_baseline.empty());
  EXPECT_EQ(comparison.rows.size(), 2 * baseline.links.size());
  EXPECT_EQ(comparison.rows[0].key, (std::vector<std::string>{"inter-host", "host 1", "host 2"}));
  EXPECT_TRUE(std::any_of(comparison.notes.begin(), comparison.notes.end(), [](const std::string& note) {
    return note.find("matched by position") != std::string::npos && note.find("0 fx-host1") != std::string::npos &&
           note.find("0 node0") != std::string::npos;
  }));
}

TEST(ReportComparison, GradsyncExposedCommunicationIncreaseIsARegression) {
  const GradsyncReport baseline = fixture_model<GradsyncReport>("gradsync.json");
  EXPECT_FALSE(compare_kind(kGradsyncKind, baseline, baseline).has_regression());

  GradsyncReport candidate = baseline;
  GradsyncCase& bucket = candidate.cases[1];  // 2 MiB buckets
  bucket.exposed_s *= 1.5;
  bucket.step_s = bucket.compute_s + bucket.exposed_s;
  const ReportComparison comparison = compare_kind(kGradsyncKind, baseline, candidate);
  const auto flagged = regressions(comparison);
  ASSERT_FALSE(flagged.empty());
  for (const MetricComparison& row : flagged) {
    EXPECT_EQ(row.key, (std::vector<std::string>{"ddp", "overlap", "2097152"}));
  }
  EXPECT_TRUE(std::any_of(flagged.begin(), flagged.end(),
                          [](const MetricComparison& row) { return row.metric == "exposed_s"; }));

  GradsyncReport wrong = baseline;
  wrong.cases[0].wrong = 5;
  const ReportComparison incorrect = compare_kind(kGradsyncKind, baseline, wrong);
  ASSERT_EQ(incorrect.problems.size(), 1u);
  EXPECT_TRUE(incorrect.problems[0].regression);
}

TEST(ReportComparison, PipelineStepTimeIncreaseIsARegression) {
  const PipelineReport baseline = fixture_model<PipelineReport>("pipeline.json");
  const ReportComparison same = compare_kind(kPipelineKind, baseline, baseline);
  EXPECT_FALSE(same.has_regression());
  ASSERT_EQ(same.rows.size(), baseline.runs.size());

  PipelineReport candidate = baseline;
  candidate.runs[0].step.median *= 1.10;
  const auto flagged = regressions(compare_kind(kPipelineKind, baseline, candidate));
  ASSERT_EQ(flagged.size(), 1u);
  EXPECT_EQ(flagged[0].metric, "step_s");
  EXPECT_EQ(flagged[0].key, (std::vector<std::string>{"8", "1048576"}));

  candidate.runs[0].step.median = baseline.runs[0].step.median * 1.04;
  EXPECT_FALSE(compare_kind(kPipelineKind, baseline, candidate).has_regression());
}

TEST(ReportComparison, ScalingStepTimeIncreaseIsARegression) {
  const ScalingReport baseline = fixture_model<ScalingReport>("scaling.json");
  EXPECT_FALSE(compare_kind(kScalingKind, baseline, baseline).has_regression());

  ScalingReport candidate = baseline;
  ScalingPoint& four = candidate.measured->points[1];
  ASSERT_EQ(four.gpus, 4u);
  four.step_s *= 1.2;
  const auto flagged = regressions(compare_kind(kScalingKind, baseline, candidate));
  ASSERT_EQ(flagged.size(), 1u);
  EXPECT_EQ(flagged[0].key, (std::vector<std::string>{"measured", "4"}));
  EXPECT_EQ(flagged[0].metric, "step_s");

  four.step_s = baseline.measured->points[1].step_s;
  four.efficiency *= 0.8;
  const auto less_efficient = regressions(compare_kind(kScalingKind, baseline, candidate));
  ASSERT_EQ(less_efficient.size(), 1u);
  EXPECT_EQ(less_efficient[0].metric, "efficiency");
}

TEST(ReportComparison, PlanSeriesAreKeyedByFabric) {
  const ScalingReport plan = fixture_model<ScalingReport>("plan.json");
  const ScalingReport scaling = fixture_model<ScalingReport>("scaling.json");
  const ReportComparison comparison = compare_kind(kScalingKind, plan, scaling);
  // Different series (model on dgx-h100 vs measured and model on measured-by-this-run).
  EXPECT_TRUE(comparison.rows.empty());
  EXPECT_EQ(comparison.only_in_baseline.size(), plan.predicted[0].points.size());
  EXPECT_EQ(comparison.only_in_baseline[0], (std::vector<std::string>{"model on dgx-h100", "8"}));
}

// --- -J and the console text ---------------------------------------------------------------

TEST(ReportComparison, JsonHoldsRowsProblemsMissingAndTheVerdict) {
  const ReportComparison comparison = compare_with_edit([](RunReport& r) {
    scale_speed(row_of(r, "allreduce", kLargeBytes), 0.9);
    row_of(r, "reduce", 8).status = ResultStatus::timed_out;
    r.results.pop_back();
  });
  const json j = comparison_to_json(comparison);
  EXPECT_EQ(j.at("kind"), "collectives");
  EXPECT_EQ(j.at("baseline"), "baseline.json");
  EXPECT_TRUE(j.at("regression").get<bool>());
  EXPECT_TRUE(j.at("options").at("latency_threshold").is_null());
  const auto row = std::find_if(j.at("rows").begin(), j.at("rows").end(),
                                [](const json& r) { return r.at("regression").get<bool>(); });
  ASSERT_NE(row, j.at("rows").end());
  EXPECT_EQ(row->at("key").at("collective"), "allreduce");
  EXPECT_EQ(row->at("key").at("bytes"), "2097152");
  EXPECT_EQ(row->at("metric"), "bus_bw");
  EXPECT_EQ(row->at("direction"), "higher_is_better");
  EXPECT_EQ(row->at("unit"), "bytes/s");
  EXPECT_NEAR(row->at("ratio").get<double>(), 0.9, 1e-12);
  EXPECT_EQ(j.at("problems").size(), 1u);
  EXPECT_TRUE(j.at("problems")[0].at("baseline_problem").is_null());
  EXPECT_EQ(j.at("problems")[0].at("candidate_problem"), "timed_out");
  EXPECT_EQ(j.at("only_in_baseline").size(), 1u);
  EXPECT_EQ(j.at("summary").at("regressions"), 2);
  EXPECT_EQ(j.at("summary").at("only_in_baseline"), 1);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(ComparisonTable, MarksTheRegressionAndEndsWithTheSummary) {
  const ReportComparison comparison = compare_with_edit([](RunReport& r) {
    scale_speed(row_of(r, "allreduce", kLargeBytes), 0.93);
    r.results.pop_back();  // sendrecv at 2 MiB: 6 of the 7 checked rows remain
  });
  const std::string text = comparison_table_text(comparison);
  const std::vector<std::string> lines = lines_of(text);
  std::vector<std::string> flagged;
  for (const std::string& line : lines) {
    if (line.find("REGRESSION") != std::string::npos && line[0] != '#') flagged.push_back(line);
  }
  ASSERT_EQ(flagged.size(), 1u) << text;
  EXPECT_NE(flagged[0].find("allreduce"), std::string::npos) << flagged[0];
  EXPECT_NE(flagged[0].find("2097152"), std::string::npos) << flagged[0];
  EXPECT_NE(flagged[0].find("0.93x"), std::string::npos) << flagged[0];
  EXPECT_NE(flagged[0].find("-5%"), std::string::npos) << flagged[0];
  EXPECT_NE(text.find("# only in the baseline:"), std::string::npos) << text;
  EXPECT_EQ(lines.back(),
            "# summary: " + std::to_string(cluster_a().results.size() - 1) +
                " metrics compared (6 checked), 1 regression, 0 cases not sound, 1 only in the baseline, 0 only in "
                "the candidate")
      << text;
}

TEST(ComparisonTable, ColumnsLineUpUnderTheirNames) {
  const std::string text = comparison_table_text(compare_with_edit([](RunReport&) {}));
  const std::vector<std::string> lines = lines_of(text);
  const auto header = std::find_if(lines.begin(), lines.end(),
                                   [](const std::string& l) { return l.rfind("# collective", 0) == 0; });
  ASSERT_NE(header, lines.end()) << text;
  // "ratio" is right-aligned: every data line's ratio ends where the header's name ends.
  const std::size_t ratio_end = header->find("ratio") + std::string("ratio").size();
  for (auto line = header + 1; line != lines.end() && (*line)[0] != '#'; ++line) {
    EXPECT_EQ(line->substr(ratio_end - 5, 5), "1.00x") << *line;
  }
}

// --- a measurement against a prediction ----------------------------------------------------
// prediction.json: `commbench predict all --fabric cpu-cluster --nodes 1 --gpus-per-node 4` over the
// sizes of collectives-cluster-a.json (4 ranks on the same preset), so every measured row has its
// predicted counterpart.

PredictionReport predicted() { return fixture_model<PredictionReport>("prediction.json"); }

LoadedReport prediction_of(const PredictionReport& report, const std::string& path = "prediction.json") {
  return loaded(path, kPredictionKind, report);
}

PredictionRow& predicted_row_of(PredictionReport& report, const std::string& collective, std::uint64_t bytes,
                                 const std::string& requested = "native") {
  const auto found = std::find_if(report.rows.begin(), report.rows.end(), [&](const PredictionRow& r) {
    return r.collective == collective && r.bytes == bytes && r.requested == requested;
  });
  if (found == report.rows.end()) throw std::runtime_error("prediction lacks " + collective);
  return *found;
}

// The prediction with every row the measurement has set to what was measured: a model that is
// exactly right, which a test then makes wrong where it wants a flag.
PredictionReport exactly_right(const RunReport& measured) {
  PredictionReport report = predicted();
  for (const Result& r : measured.results) {
    PredictionRow& row = predicted_row_of(report, r.collective, r.bytes);
    row.bus_bw = r.bus_bw;
    row.time_s = r.time_s;
  }
  return report;
}

TEST(MeasuredAgainstPredicted, EveryMeasuredRowMeetsItsPredictionInEitherOrder) {
  RunReport measured = cluster_a();
  const PredictionReport prediction = predicted();
  const ReportComparison forward = compare_reports(collectives(measured, "run.json"), prediction_of(prediction), {});
  const ReportComparison backward = compare_reports(prediction_of(prediction), collectives(measured, "run.json"), {});
  EXPECT_EQ(comparison_to_json(forward), comparison_to_json(backward));
  EXPECT_EQ(forward.kind, kMeasuredAgainstPredictedKind);
  EXPECT_EQ(forward.baseline_role, "predicted");
  EXPECT_EQ(forward.candidate_role, "measured");
  EXPECT_EQ(forward.baseline_path, "prediction.json");
  EXPECT_EQ(forward.candidate_path, "run.json");
  EXPECT_EQ(forward.rows.size() + forward.problems.size(), measured.results.size());
  EXPECT_TRUE(forward.only_in_candidate.empty());
  EXPECT_TRUE(forward.only_in_baseline.empty());
  // The ratio is measured over predicted.
  const Result& large = row_of(measured, "allreduce", kLargeBytes);
  PredictionReport copy = prediction;
  const PredictionRow& model = predicted_row_of(copy, "allreduce", kLargeBytes);
  const auto row = std::find_if(forward.rows.begin(), forward.rows.end(),
                                [](const MetricComparison& m) { return m.key == allreduce_key(kLargeBytes); });
  ASSERT_NE(row, forward.rows.end());
  EXPECT_EQ(row->metric, "bus_bw");
  EXPECT_DOUBLE_EQ(row->baseline, model.bus_bw);
  EXPECT_DOUBLE_EQ(row->candidate, large.bus_bw);
  EXPECT_DOUBLE_EQ(*row->ratio, large.bus_bw / model.bus_bw);
  // The prediction reaches beyond nothing the run measured, so every row of it is matched.
  for (const std::string& note : forward.notes) EXPECT_EQ(note.find("have no measured row"), std::string::npos) << note;
}

TEST(MeasuredAgainstPredicted, BusBandwidthBelowThePredictionBeyondTheThresholdIsFlagged) {
  const RunReport measured = cluster_a();
  const auto compare_with_model_at = [&](double measured_share) {
    PredictionReport prediction = exactly_right(measured);
    PredictionRow& model = predicted_row_of(prediction, "allreduce", kLargeBytes);
    model.bus_bw /= measured_share;
    return compare_reports(prediction_of(prediction), collectives(measured, "run.json"), {});
  };
  EXPECT_FALSE(compare_with_model_at(1.0).has_regression());
  EXPECT_FALSE(compare_with_model_at(0.96).has_regression());
  const ReportComparison short_of_it = compare_with_model_at(0.94);
  const auto flagged = regressions(short_of_it);
  ASSERT_EQ(flagged.size(), 1u);
  EXPECT_EQ(flagged[0].key, allreduce_key(kLargeBytes));
  EXPECT_NEAR(*flagged[0].ratio, 0.94, 1e-12);
  const std::string text = comparison_table_text(short_of_it);
  EXPECT_EQ(text.rfind("# compare a measurement with a prediction: predicted prediction.json, measured run.json\n", 0), 0u)
      << text;
  EXPECT_NE(text.find("SHORTFALL"), std::string::npos) << text;
  EXPECT_NE(text.find("1 shortfall,"), std::string::npos) << text;
  // A measurement faster than its prediction is no shortfall.
  EXPECT_FALSE(compare_with_model_at(1.5).has_regression());
}

TEST(MeasuredAgainstPredicted, AnExplicitAlgorithmMeetsThatAlgorithmOnly) {
  RunReport measured = cluster_a();
  row_of(measured, "allreduce", kLargeBytes).algorithm = "ring";
  PredictionReport prediction = predicted();
  const ReportComparison without = compare_reports(collectives(measured), prediction_of(prediction), {});
  ASSERT_EQ(without.only_in_candidate.size(), 1u);
  EXPECT_EQ(without.only_in_candidate[0][1], "ring");
  PredictionRow ring = predicted_row_of(prediction, "allreduce", kLargeBytes);
  ring.requested = "ring";
  ring.algorithm = "ring";
  ring.assumed = false;
  ring.bus_bw = 1;  // far above nothing the measurement reached: told apart from the native row
  prediction.rows.push_back(ring);
  const ReportComparison with = compare_reports(collectives(measured), prediction_of(prediction), {});
  EXPECT_TRUE(with.only_in_candidate.empty());
  const auto row = std::find_if(with.rows.begin(), with.rows.end(), [](const MetricComparison& m) {
    return m.key[0] == "allreduce" && m.key[1] == "ring";
  });
  ASSERT_NE(row, with.rows.end());
  EXPECT_DOUBLE_EQ(row->baseline, 1.0);
}

TEST(MeasuredAgainstPredicted, DifferentRanksAndFabricsAreNoted) {
  RunReport measured = cluster_a();
  ASSERT_TRUE(measured.model.has_value());
  measured.model->fabric_source = "dgx-h100";
  PredictionReport prediction = predicted();
  prediction.config.ranks = 16;
  for (PredictionRow& row : prediction.rows) row.ranks = 16;
  const ReportComparison comparison = compare_reports(collectives(measured), prediction_of(prediction), {});
  EXPECT_TRUE(comparison.rows.empty());
  EXPECT_EQ(comparison.only_in_candidate.size(), measured.results.size());
  std::string notes;
  for (const std::string& note : comparison.notes) notes += note + "\n";
  EXPECT_NE(notes.find("the ranks differ: measured 4, predicted 16"), std::string::npos) << notes;
  EXPECT_NE(notes.find("the fabrics differ: the measured run was modelled on dgx-h100, the prediction is for "
                       "cpu-cluster"),
            std::string::npos)
      << notes;
}

TEST(MeasuredAgainstPredicted, TwoPredictionsOrAPredictionAndAnotherKindAreRefused) {
  const LoadedReport prediction = prediction_of(predicted(), "p.json");
  const LoadedReport links = loaded("b.json", kLinkcheckKind, fixture_model<LinkcheckReport>("linkcheck.json"));
  const auto refusal = [](const LoadedReport& a, const LoadedReport& b) {
    try {
      compare_reports(a, b, {});
    } catch (const std::invalid_argument& error) {
      return std::string(error.what());
    }
    return std::string("(compared)");
  };
  EXPECT_EQ(refusal(prediction, prediction).rfind("cannot compare two predictions (p.json, p.json)", 0), 0u);
  EXPECT_EQ(refusal(prediction, links).rfind("cannot compare a prediction report (p.json) with a linkcheck report", 0),
            0u);
}

}  // namespace
}  // namespace commbench
