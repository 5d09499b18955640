// reports/model/json_report.hpp: the JSON report round-trips field by field, readers refuse what
// they cannot read, and the file is written atomically.
#include "reports/model/json_report.hpp"
#include "sample_results.hpp"
#include "temporary_directory.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace commbench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

Result ok_result() {
  Result r = sample_allreduce_case(8);
  set_sample_timing(r);
  r.alg_bw = 6990506.666666667;
  r.bus_bw = 12233386.666666668;
  r.bus_bw_factor = 1.75;
  r.check_iterations = 1;
  r.wrong = 0;
  r.status = ResultStatus::ok;
  return r;
}

Result failed_result() {
  Result r;
  r.collective = "broadcast";
  r.backend = "mpi";
  r.algorithm = "ring";
  r.dtype = "bfloat16";
  r.op = "none";
  r.root = 3;
  r.placement = "in-place";
  r.ranks = 4;
  r.bytes = 8;
  r.count = 4;
  r.timing_mode = "back-to-back";
  r.warmup_iterations = 0;
  r.iterations = 0;
  r.check_iterations = 2;
  r.wrong = 7;
  r.status = ResultStatus::failed;
  r.reason = "7 wrong elements on host \"b\"\n(rank 3)";
  return r;
}

RunReport sample_report() {
  RunReport report;
  report.meta.version = "0.1.0";
  report.meta.git_revision = "c01392f";
  report.meta.argv = {"commbench", "allreduce", "-b", "8", "-e", "1M"};
  report.meta.start_time = "2024-05-01T12:00:00.000Z";
  report.meta.end_time = "2024-05-01T12:00:05.250Z";
  report.meta.backend = "mpi";
  report.meta.library_version = "Open MPI v4.1.4";
  report.meta.world_size = 8;
  report.meta.hosts = {{"a", "a:boot-1", {0, 2, 4, 6}}, {"b", "b:boot-2", {1, 3, 5, 7}}};
  report.meta.environment = {{"NCCL_DEBUG", "INFO"}, {"SLURM_JOB_ID", "1234"}};
  report.meta.peak_rss_bytes = 123456789;
  report.config = json{{"command", "allreduce"}, {"min_bytes", 8}, {"iterations", "auto"}};
  report.results = {ok_result(), failed_result()};
  report.summary.cases = 2;
  report.summary.failed_cases = 1;
  report.summary.skipped_cases = 0;
  report.summary.wrong_total = 7;
  report.summary.avg_bus_bw = 12233386.666666668;
  report.summary.avg_bus_bw_min_bytes = 1048576;
  report.summary.avg_bus_bw_rows = 1;
  return report;
}

DeviceMeta sample_devices() { return two_sample_h100s("a", "b", 3, "0000:DB:00.0"); }

void expect_same_stats(const SampleStatistics& a, const SampleStatistics& b) {
  EXPECT_EQ(a.samples, b.samples);
  EXPECT_EQ(a.min, b.min);
  EXPECT_EQ(a.median, b.median);
  EXPECT_EQ(a.mean, b.mean);
  EXPECT_EQ(a.p95, b.p95);
  EXPECT_EQ(a.p99, b.p99);
  EXPECT_EQ(a.max, b.max);
  EXPECT_EQ(a.stdev, b.stdev);
  EXPECT_EQ(a.median_ci95_low, b.median_ci95_low);
  EXPECT_EQ(a.median_ci95_high, b.median_ci95_high);
}

void expect_same_result(const Result& a, const Result& b) {
  EXPECT_EQ(a.collective, b.collective);
  EXPECT_EQ(a.backend, b.backend);
  EXPECT_EQ(a.algorithm, b.algorithm);
  EXPECT_EQ(a.dtype, b.dtype);
  EXPECT_EQ(a.op, b.op);
  EXPECT_EQ(a.root, b.root);
  EXPECT_EQ(a.placement, b.placement);
  EXPECT_EQ(a.ranks, b.ranks);
  EXPECT_EQ(a.bytes, b.bytes);
  EXPECT_EQ(a.count, b.count);
  EXPECT_EQ(a.timing_mode, b.timing_mode);
  EXPECT_EQ(a.warmup_iterations, b.warmup_iterations);
  EXPECT_EQ(a.iterations, b.iterations);
  expect_same_stats(a.stats_s, b.stats_s);
  EXPECT_EQ(a.time_s, b.time_s);
  EXPECT_EQ(a.alg_bw, b.alg_bw);
  EXPECT_EQ(a.bus_bw, b.bus_bw);
  EXPECT_EQ(a.bus_bw_factor, b.bus_bw_factor);
  EXPECT_EQ(a.check_iterations, b.check_iterations);
  EXPECT_EQ(a.wrong, b.wrong);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.reason, b.reason);
}

RunReport round_trip(const RunReport& report) {
  const std::string text = json(report).dump(2);
  return json::parse(text).get<RunReport>();
}

// --- round trip ---

TEST(JsonReport, ResultsRoundTripFieldByField) {
  const RunReport original = sample_report();
  const RunReport read = round_trip(original);
  ASSERT_EQ(read.results.size(), 2u);
  expect_same_result(read.results[0], original.results[0]);
  expect_same_result(read.results[1], original.results[1]);
}

TEST(JsonReport, PredictionAndModelSectionRoundTripAndAreWrittenOnlyWhenSet) {
  RunReport original = sample_report();
  EXPECT_FALSE(json(original).contains("model"));
  EXPECT_FALSE(json(original).at("results").at(0).contains("prediction"));
  ResultPrediction& p = original.results[0].prediction.emplace();
  p.algorithm = "ring";
  p.assumed = true;
  p.time_s = 1.25e-4;
  p.bus_bw = 1.5e9;
  p.relative_error = -0.125;
  p.latency_s = 2.5e-5;
  p.bandwidth_s = 7.5e-5;
  p.reduction_s = 2.5e-5;
  ModelReport& model = original.model.emplace();
  model.fabric_source = "dgx-h100";
  model.fabric = {{"name", "dgx-h100"}};
  model.shortfall_fraction = 0.8;
  model.accuracy = {{"allreduce", "native", "ring", 3, 0.125, 0.5, {{1048576, "in-place", "float32", "sum", 0.25}}}};
  model.notes = {"a note"};
  const RunReport read = round_trip(original);
  ASSERT_TRUE(read.results[0].prediction.has_value());
  const ResultPrediction& q = *read.results[0].prediction;
  EXPECT_EQ(q.algorithm, "ring");
  EXPECT_TRUE(q.assumed);
  EXPECT_EQ(q.time_s, p.time_s);
  EXPECT_EQ(q.bus_bw, p.bus_bw);
  EXPECT_EQ(q.relative_error, p.relative_error);
  EXPECT_EQ(q.latency_s, p.latency_s);
  EXPECT_EQ(q.bandwidth_s, p.bandwidth_s);
  EXPECT_EQ(q.reduction_s, p.reduction_s);
  EXPECT_FALSE(read.results[1].prediction.has_value());
  ASSERT_TRUE(read.model.has_value());
  EXPECT_EQ(json(*read.model), json(model));
}

TEST(JsonReport, FailedResultKeepsItsStatusAndReason) {
  const RunReport read = round_trip(sample_report());
  ASSERT_EQ(read.results.size(), 2u);
  EXPECT_EQ(read.results[0].status, ResultStatus::ok);
  EXPECT_EQ(read.results[1].status, ResultStatus::failed);
  EXPECT_EQ(read.results[1].reason, "7 wrong elements on host \"b\"\n(rank 3)");
}

TEST(JsonReport, MetaRoundTripsFieldByField) {
  const RunReport original = sample_report();
  const RunReport read = round_trip(original);
  EXPECT_EQ(read.meta.tool, "commbench");
  EXPECT_EQ(read.meta.version, original.meta.version);
  EXPECT_EQ(read.meta.git_revision, original.meta.git_revision);
  EXPECT_EQ(read.meta.argv, original.meta.argv);
  EXPECT_EQ(read.meta.start_time, original.meta.start_time);
  EXPECT_EQ(read.meta.end_time, original.meta.end_time);
  EXPECT_EQ(read.meta.backend, original.meta.backend);
  EXPECT_EQ(read.meta.library_version, original.meta.library_version);
  EXPECT_EQ(read.meta.world_size, 8);
  EXPECT_EQ(read.meta.environment, original.meta.environment);
  EXPECT_EQ(read.meta.peak_rss_bytes, 123456789u);
  ASSERT_EQ(read.meta.hosts.size(), 2u);
  EXPECT_EQ(read.meta.hosts[1].name, "b");
  EXPECT_EQ(read.meta.hosts[1].identity, "b:boot-2");
  EXPECT_EQ(read.meta.hosts[1].ranks, (std::vector<int>{1, 3, 5, 7}));
}

TEST(JsonReport, DevicesRoundTripFieldByField) {
  RunReport original = sample_report();
  original.meta.devices = sample_devices();
  const RunReport read = round_trip(original);
  ASSERT_TRUE(read.meta.devices.has_value());
  const DeviceMeta& devices = *read.meta.devices;
  EXPECT_EQ(devices.cuda_runtime_version, "13.0");
  EXPECT_EQ(devices.cuda_driver_version, "13.1");
  EXPECT_EQ(devices.nccl_version, "2.28.9");
  ASSERT_EQ(devices.gpus.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const GpuEntry& a = devices.gpus[i];
    const GpuEntry& b = original.meta.devices->gpus[i];
    EXPECT_EQ(a.rank, b.rank);
    EXPECT_EQ(a.host, b.host);
    EXPECT_EQ(a.device_index, b.device_index);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.uuid, b.uuid);
    EXPECT_EQ(a.pci_bus_id, b.pci_bus_id);
    EXPECT_EQ(a.memory_bytes, b.memory_bytes);
    EXPECT_EQ(a.compute_capability, b.compute_capability);
  }
  EXPECT_EQ(devices.gpus[1].device_index, 3);
  EXPECT_EQ(devices.gpus[1].memory_bytes, 85520809984ULL);
}

TEST(JsonReport, DevicesKeyIsWrittenOnlyWhenSet) {
  RunReport report = sample_report();
  EXPECT_FALSE(json(report).at("meta").contains("devices"));
  report.meta.devices = sample_devices();
  const json document = report;
  ASSERT_TRUE(document.at("meta").contains("devices"));
  const json& gpu = document.at("meta").at("devices").at("gpus").at(0);
  EXPECT_EQ(gpu.at("uuid"), "GPU-0f2a3b4c-1111-2222-3333-444455556666");
  EXPECT_EQ(gpu.at("memory_bytes"), 85520809984ULL);
  EXPECT_EQ(gpu.size(), 8u);
  EXPECT_EQ(document.at("meta").at("devices").size(), 4u);
}

TEST(JsonReport, ReportWithoutDevicesReadsAsNone) {
  RunReport report = sample_report();
  report.meta.devices = sample_devices();
  json document = report;
  document["meta"].erase("devices");
  EXPECT_FALSE(document.get<RunReport>().meta.devices.has_value());
}

TEST(JsonReport, EmptyNcclVersionAndNoGpusRoundTrip) {
  // MPI on device memory: CUDA versions, no NCCL.
  RunReport report = sample_report();
  report.meta.devices = DeviceMeta{"13.0", "13.0", "", {}};
  const RunReport read = round_trip(report);
  ASSERT_TRUE(read.meta.devices.has_value());
  EXPECT_EQ(read.meta.devices->nccl_version, "");
  EXPECT_TRUE(read.meta.devices->gpus.empty());
}

TEST(JsonReport, DevicesWithAMissingFieldIsAnError) {
  RunReport report = sample_report();
  report.meta.devices = sample_devices();
  json document = report;
  document["meta"]["devices"]["gpus"][1].erase("uuid");
  EXPECT_THROW(document.get<RunReport>(), json::exception);
  document = report;
  document["meta"]["devices"] = nullptr;
  EXPECT_THROW(document.get<RunReport>(), json::exception);
}

TEST(JsonReport, ConfigAndSummaryRoundTrip) {
  const RunReport original = sample_report();
  const RunReport read = round_trip(original);
  EXPECT_EQ(read.config, original.config);
  EXPECT_EQ(read.summary.cases, 2u);
  EXPECT_EQ(read.summary.failed_cases, 1u);
  EXPECT_EQ(read.summary.skipped_cases, 0u);
  EXPECT_EQ(read.summary.wrong_total, 7u);
  EXPECT_EQ(read.summary.avg_bus_bw, original.summary.avg_bus_bw);
  EXPECT_EQ(read.summary.avg_bus_bw_min_bytes, 1048576u);
  EXPECT_EQ(read.summary.avg_bus_bw_rows, 1u);
}

TEST(JsonReport, DocumentCarriesSchemaVersionAndKind) {
  const json document = sample_report();
  EXPECT_EQ(document.at("schema_version"), 1);
  EXPECT_EQ(document.at("kind"), "collectives");
  EXPECT_EQ(document.at("results").at(1).at("status"), "failed");
  EXPECT_EQ(document.at("results").at(0).at("stats_s").at("median"), 0.00015);
  EXPECT_EQ(document.at("results").at(0).at("bus_bw"), 12233386.666666668);
}

TEST(JsonReport, LargeByteCountsSurviveExactly) {
  RunReport report = sample_report();
  report.results[0].bytes = 8ULL << 30;
  report.results[0].count = (8ULL << 30) / 4 + 1;
  const RunReport read = round_trip(report);
  EXPECT_EQ(read.results[0].bytes, 8589934592ULL);
  EXPECT_EQ(read.results[0].count, 2147483649ULL);
}

// --- what readers refuse ---

TEST(JsonReport, OtherSchemaVersionIsRefused) {
  json document = sample_report();
  document["schema_version"] = 2;
  EXPECT_THROW(document.get<RunReport>(), std::runtime_error);
  document["schema_version"] = 0;
  EXPECT_THROW(document.get<RunReport>(), std::runtime_error);
}

TEST(JsonReport, UnknownResultStatusIsRefused) {
  json document = sample_report();
  document["results"][0]["status"] = "passed";
  try {
    (void)document.get<RunReport>();
    FAIL() << "no exception";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("passed"), std::string::npos) << error.what();
  }
}

TEST(JsonReport, SkippedStatusIsRead) {
  json document = sample_report();
  document["results"][0]["status"] = "skipped";
  EXPECT_EQ(document.get<RunReport>().results[0].status, ResultStatus::skipped);
}

TEST(JsonReport, MissingFieldIsAnError) {
  json document = sample_report();
  document["results"][0].erase("bytes");
  EXPECT_THROW(document.get<RunReport>(), json::exception);
}

// --- write_file_atomically ---

std::string read_text(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

int leftover_temporaries(const fs::path& directory) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(directory)) {
    count += entry.path().filename().string().find(".tmp.") != std::string::npos;
  }
  return count;
}

TEST(WriteFileAtomically, WritesTheText) {
  TemporaryDirectory directory;
  const fs::path path = directory.path() / "report.json";
  write_file_atomically(path.string(), "{\"a\": 1}\n");
  EXPECT_EQ(read_text(path), "{\"a\": 1}\n");
}

TEST(WriteFileAtomically, LeavesNoTemporaryFileBehind) {
  TemporaryDirectory directory;
  write_file_atomically((directory.path() / "report.json").string(), "text");
  EXPECT_EQ(leftover_temporaries(directory.path()), 0);
  int files = 0;
  for (const auto& entry : fs::directory_iterator(directory.path())) files += entry.is_regular_file();
  EXPECT_EQ(files, 1);
}

TEST(WriteFileAtomically, ReplacesAnExistingFile) {
  TemporaryDirectory directory;
  const fs::path path = directory.path() / "report.json";
  write_file_atomically(path.string(), "a much longer old content that must disappear entirely");
  write_file_atomically(path.string(), "new");
  EXPECT_EQ(read_text(path), "new");
  EXPECT_EQ(leftover_temporaries(directory.path()), 0);
}

TEST(WriteFileAtomically, WritesLargeAndEmptyTexts) {
  TemporaryDirectory directory;
  const std::string large(3 << 20, 'x');
  write_file_atomically((directory.path() / "large").string(), large);
  EXPECT_EQ(read_text(directory.path() / "large"), large);
  write_file_atomically((directory.path() / "empty").string(), "");
  EXPECT_TRUE(fs::exists(directory.path() / "empty"));
  EXPECT_EQ(fs::file_size(directory.path() / "empty"), 0u);
}

TEST(WriteFileAtomically, MissingDirectoryThrows) {
  TemporaryDirectory directory;
  const fs::path path = directory.path() / "no_such_directory" / "report.json";
  EXPECT_THROW(write_file_atomically(path.string(), "text"), std::runtime_error);
  EXPECT_FALSE(fs::exists(path));
  EXPECT_EQ(leftover_temporaries(directory.path()), 0);
}

TEST(WriteFileAtomically, FailedWriteLeavesTheOldFileIntact) {
  // The directory of the new path is missing: the existing file in the parent directory,
  // which has the same name, is not touched.
  TemporaryDirectory directory;
  const fs::path existing = directory.path() / "report.json";
  write_file_atomically(existing.string(), "old");
  EXPECT_THROW(write_file_atomically((directory.path() / "missing" / "report.json").string(), "new"),
               std::runtime_error);
  EXPECT_EQ(read_text(existing), "old");
}

TEST(WriteFileAtomically, FailedRenameRemovesTheTemporaryAndKeepsTheTarget) {
  // A non-empty directory cannot be replaced by a file: the rename fails after the
  // temporary was written, and the temporary must be cleaned up.
  TemporaryDirectory directory;
  const fs::path target = directory.path() / "report.json";
  fs::create_directory(target);
  write_file_atomically((target / "inside").string(), "keep");
  EXPECT_THROW(write_file_atomically(target.string(), "new"), std::runtime_error);
  EXPECT_TRUE(fs::is_directory(target));
  EXPECT_EQ(read_text(target / "inside"), "keep");
  EXPECT_EQ(leftover_temporaries(directory.path()), 0);
}

}  // namespace
}  // namespace commbench
