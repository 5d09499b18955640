// reports/console/json_printer.hpp: the report on disk is kept current while the run goes on, so a
// run that is killed or times out still leaves a valid report of what it completed.
#include "reports/console/json_printer.hpp"
#include "sample_results.hpp"
#include "temporary_directory.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace commbench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

RunReport read_report(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot open " + path);
  std::stringstream text;
  text << file.rdbuf();
  return json::parse(text.str()).get<RunReport>();
}

RunMeta sample_meta() {
  RunMeta meta;
  meta.version = "0.3.0";
  meta.argv = {"commbench", "allreduce", "-b", "8", "-e", "2M", "-J", "run.json"};
  meta.start_time = "2024-05-01T12:00:00.000Z";
  meta.backend = "mpi";
  meta.world_size = 4;
  return meta;
}

// The summary averages rows of at least avg_min_bytes, read from the configuration.
const json kConfig = {{"command", "allreduce"}, {"avg_min_bytes", 1048576}};

Result row(std::uint64_t bytes, const std::string& placement, double bus_bw, ResultStatus status = ResultStatus::ok) {
  Result r = sample_allreduce_case(4);
  r.placement = placement;
  r.bytes = bytes;
  r.count = bytes / 4;
  r.bus_bw = bus_bw;
  r.status = status;
  return r;
}

// A run that a JsonPrinter reports into run.json in a fresh directory: started with
// sample_meta() and kConfig, and its first case finished with first_case's rows.
struct RunAfterFirstCase {
  explicit RunAfterFirstCase(const std::vector<Result>& first_case) {
    printer.run_started(sample_meta(), kConfig);
    printer.case_finished(first_case);
  }
  RunReport report_on_disk() const { return read_report(path); }

  TemporaryDirectory directory;
  const std::string path = directory.file("run.json");
  JsonPrinter printer{path};
};

// The first case of most runs here: 1 MiB in both placements, at 10 and 12 GB/s.
std::vector<Result> both_placements_of_1mib() {
  return {row(1048576, "out-of-place", 10e9), row(1048576, "in-place", 12e9)};
}

TEST(JsonPrinter, AfterRunStartedTheFileIsAnUnfinishedReportWithNoResults) {
  TemporaryDirectory directory;
  const std::string path = directory.file("run.json");
  JsonPrinter printer(path);
  printer.run_started(sample_meta(), kConfig);

  ASSERT_TRUE(fs::exists(path));
  const RunReport report = read_report(path);
  EXPECT_EQ(report.outcome.status, RunStatus::partial);
  EXPECT_EQ(report.outcome.failure_kind, "unfinished");
  EXPECT_FALSE(report.outcome.failure.empty());  // says what a report left so means
  EXPECT_TRUE(report.results.empty());
  EXPECT_EQ(report.summary.cases, 0u);
  EXPECT_EQ(report.meta.argv, sample_meta().argv);
  EXPECT_EQ(report.meta.world_size, 4);
  EXPECT_FALSE(report.meta.end_time.empty());  // when this state was written
  EXPECT_EQ(report.config, kConfig);
  EXPECT_TRUE(directory.temporary_files().empty());
}

TEST(JsonPrinter, TheFileCarriesTheDevicesOfARunOnGpus) {
  TemporaryDirectory directory;
  const std::string path = directory.file("run.json");
  RunMeta meta = sample_meta();
  meta.backend = "nccl";
  meta.devices = DeviceMeta{"13.0", "13.0", "2.28.9",
                            {{0, "host1", 0, "NVIDIA H100 80GB HBM3", "GPU-0f2a3b4c-1111-2222-3333-444455556666",
                              "0000:18:00.0", 85520809984ULL, "9.0"}}};
  JsonPrinter printer(path);
  printer.run_started(meta, kConfig);
  const RunReport report = read_report(path);
  ASSERT_TRUE(report.meta.devices.has_value());
  EXPECT_EQ(report.meta.devices->nccl_version, "2.28.9");
  ASSERT_EQ(report.meta.devices->gpus.size(), 1u);
  EXPECT_EQ(report.meta.devices->gpus[0].pci_bus_id, "0000:18:00.0");
}

TEST(JsonPrinter, AfterEachCaseTheFileHoldsEveryRowSoFarAndTheirSummary) {
  RunAfterFirstCase run(both_placements_of_1mib());

  RunReport report = run.report_on_disk();
  EXPECT_EQ(report.outcome.status, RunStatus::partial);
  EXPECT_EQ(report.outcome.failure_kind, "unfinished");
  ASSERT_EQ(report.results.size(), 2u);
  EXPECT_EQ(report.results[0].placement, "out-of-place");
  EXPECT_EQ(report.results[1].placement, "in-place");
  EXPECT_EQ(report.summary.cases, 2u);
  EXPECT_DOUBLE_EQ(report.summary.avg_bus_bw, 11e9);  // (10 + 12) / 2 GB/s

  // The second case: a failed row and a row below avg_min_bytes, which the average skips.
  run.printer.case_finished({row(2097152, "out-of-place", 99e9, ResultStatus::failed), row(512, "in-place", 1e9)});
  report = run.report_on_disk();
  ASSERT_EQ(report.results.size(), 4u);
  EXPECT_EQ(report.results[2].bytes, 2097152u);
  EXPECT_EQ(report.results[3].bytes, 512u);
  EXPECT_EQ(report.summary.cases, 4u);
  EXPECT_EQ(report.summary.failed_cases, 1u);
  EXPECT_EQ(report.summary.avg_bus_bw_min_bytes, 1048576u);
  EXPECT_EQ(report.summary.avg_bus_bw_rows, 2u);
  EXPECT_DOUBLE_EQ(report.summary.avg_bus_bw, 11e9);
  EXPECT_TRUE(run.directory.temporary_files().empty());
}

TEST(JsonPrinter, RunInterruptedAddsTheCaseInFlightAndTheOutcome) {
  RunAfterFirstCase run(both_placements_of_1mib());

  RunInterruption interruption;
  interruption.outcome = {RunStatus::partial, "timeout", "rank 1 on node7: timed out: allreduce of 2097152 B ..."};
  interruption.case_in_flight = row(2097152, "out-of-place", 0, ResultStatus::timed_out);
  interruption.case_in_flight->reason = "rank 1 on node7: timed out";
  run.printer.run_interrupted(interruption);

  const RunReport report = run.report_on_disk();
  EXPECT_EQ(report.outcome.status, RunStatus::partial);
  EXPECT_EQ(report.outcome.failure_kind, "timeout");
  EXPECT_EQ(report.outcome.failure, interruption.outcome.failure);
  ASSERT_EQ(report.results.size(), 3u);
  EXPECT_EQ(report.results[2].status, ResultStatus::timed_out);
  EXPECT_EQ(report.results[2].bytes, 2097152u);
  EXPECT_EQ(report.results[2].reason, "rank 1 on node7: timed out");
  EXPECT_EQ(report.summary.cases, 3u);
  EXPECT_EQ(report.summary.timed_out_cases, 1u);
  EXPECT_DOUBLE_EQ(report.summary.avg_bus_bw, 11e9);  // the timed-out row is not averaged
  EXPECT_TRUE(run.directory.temporary_files().empty());
}

TEST(JsonPrinter, RunInterruptedKeepsTheFinishedPlacementOfTheSizeInFlight) {
  // The sweep prints both placements of a size together: when the in-place one times out,
  // the out-of-place one has finished but was never printed, and must not be lost.
  RunAfterFirstCase run(both_placements_of_1mib());

  RunInterruption interruption;
  interruption.outcome = {RunStatus::partial, "timeout", "rank 0 on node1: timed out"};
  interruption.unreported_rows = {row(2097152, "out-of-place", 14e9)};
  interruption.case_in_flight = row(2097152, "in-place", 0, ResultStatus::timed_out);
  interruption.case_in_flight->reason = "rank 0 on node1: timed out";
  run.printer.run_interrupted(interruption);

  const RunReport report = run.report_on_disk();
  ASSERT_EQ(report.results.size(), 4u);
  EXPECT_EQ(report.results[2].bytes, 2097152u);
  EXPECT_EQ(report.results[2].placement, "out-of-place");
  EXPECT_EQ(report.results[2].status, ResultStatus::ok);
  EXPECT_EQ(report.results[3].placement, "in-place");
  EXPECT_EQ(report.results[3].status, ResultStatus::timed_out);
}

TEST(JsonPrinter, RunInterruptedBetweenCasesAddsNoRow) {
  RunAfterFirstCase run({row(1048576, "out-of-place", 10e9)});
  run.printer.run_interrupted({{RunStatus::partial, "terminated", "rank 0 on node1: received SIGTERM between calls"}, {}, {}});

  const RunReport report = run.report_on_disk();
  EXPECT_EQ(report.outcome.failure_kind, "terminated");
  EXPECT_EQ(report.results.size(), 1u);
}

TEST(JsonPrinter, RunFinishedWritesTheGivenReport) {
  RunAfterFirstCase run({row(1048576, "out-of-place", 10e9)});

  RunReport final_report;
  final_report.outcome = {RunStatus::complete, "none", ""};
  final_report.meta = sample_meta();
  final_report.meta.end_time = "2024-05-01T12:00:09.500Z";
  final_report.config = kConfig;
  final_report.results = {row(1048576, "out-of-place", 10e9), row(2097152, "out-of-place", 20e9)};
  final_report.summary = summarize_results(final_report.results, 1048576);
  run.printer.run_finished(final_report);

  const RunReport report = run.report_on_disk();
  EXPECT_EQ(json(report), json(final_report));  // exactly the given report, field by field
  EXPECT_EQ(report.outcome.status, RunStatus::complete);
  EXPECT_EQ(report.outcome.failure_kind, "none");
  EXPECT_EQ(report.results.size(), 2u);
  EXPECT_TRUE(run.directory.temporary_files().empty());
}

TEST(JsonPrinter, AReportThatCannotBeUpdatedWarnsOnceAndDoesNotStopTheRun) {
  TemporaryDirectory directory;
  const std::string path = directory.file("missing/run.json");  // the directory is not there
  JsonPrinter printer(path);
  testing::internal::CaptureStderr();
  EXPECT_NO_THROW(printer.case_finished({row(8, "out-of-place", 1e6)}));
  EXPECT_NO_THROW(printer.case_finished({row(16, "out-of-place", 2e6)}));
  const std::string warnings = testing::internal::GetCapturedStderr();
  const std::string warning = "cannot update the report";
  const auto first = warnings.find(warning);
  ASSERT_NE(first, std::string::npos) << warnings;
  EXPECT_EQ(warnings.find(warning, first + 1), std::string::npos) << "warned more than once: " << warnings;
  EXPECT_NE(warnings.find("missing"), std::string::npos) << warnings;  // names the path

  // The final write is where the failure counts: it throws, so main can set the exit code.
  RunReport final_report;
  final_report.outcome = {RunStatus::complete, "none", ""};
  EXPECT_THROW(printer.run_finished(final_report), std::runtime_error);
  EXPECT_FALSE(fs::exists(directory.file("missing")));
}

}  // namespace
}  // namespace commbench
