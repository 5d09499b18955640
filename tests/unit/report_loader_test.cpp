// reports/report_loader.hpp: a report this build writes loads back unchanged, and every way a
// file can be wrong is refused with one line naming the file, the field and what is accepted.
#include "report_loader.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

namespace commbench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

RunReport sample_report() {
  Result ok;
  ok.collective = "allreduce";
  ok.backend = "mpi";
  ok.dtype = "float32";
  ok.op = "sum";
  ok.placement = "out-of-place";
  ok.ranks = 4;
  ok.bytes = 1048576;
  ok.count = 262144;
  ok.timing_mode = "per-iteration";
  ok.warmup_iterations = 5;
  ok.iterations = 20;
  ok.stats_s.samples = 20;
  ok.stats_s.min = 0.000125;
  ok.stats_s.median = 0.00015;
  ok.time_s = 0.00015;
  ok.alg_bw = 6990506.666666667;
  ok.bus_bw = 10485760.0;
  ok.bus_bw_factor = 1.5;
  ok.check_iterations = 1;
  Result failed = ok;
  failed.collective = "broadcast";
  failed.op = "none";
  failed.root = 3;
  failed.bytes = 18446744073709551615ULL;  // the largest count survives exactly
  failed.wrong = 7;
  failed.status = ResultStatus::failed;
  failed.reason = "7 wrong elements on host \"b\"\n(rank 3)";

  RunReport report;
  report.meta.version = "0.1.0";
  report.meta.argv = {"commbench", "allreduce"};
  report.meta.world_size = 4;
  report.meta.hosts = {{"a", "a:boot-1", {0, 1, 2, 3}}};
  report.meta.environment = {{"SLURM_JOB_ID", "1234"}};
  report.meta.peak_rss_bytes = 123456789;
  report.config = json{{"command", "allreduce"}, {"auto_precision", 0.01}, {"iterations", "auto"}};
  report.results = {ok, failed};
  report.summary = summarize_results(report.results, 1024);
  return report;
}

DeviceMeta sample_devices() {
  DeviceMeta devices;
  devices.cuda_runtime_version = "13.0";
  devices.cuda_driver_version = "13.0";
  devices.nccl_version = "2.28.9";
  for (int rank = 0; rank < 4; ++rank) {
    devices.gpus.push_back({rank, "a", rank, "NVIDIA H100 80GB HBM3", "GPU-0000000" + std::to_string(rank),
                            "0000:1" + std::to_string(rank) + ":00.0", 85520809984ULL, "9.0"});
  }
  return devices;
}

// The sample report of a run on GPUs: meta.devices is set.
RunReport sample_device_report() {
  RunReport report = sample_report();
  report.meta.backend = "nccl";
  report.meta.devices = sample_devices();
  return report;
}

class ReportLoader : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "report_loader_test.XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    directory_ = pattern;
  }
  void TearDown() override { fs::remove_all(directory_); }

  std::string write(const std::string& name, const std::string& text) {
    const std::string path = (directory_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // The message load_report_file gives for path; a failure when it loads.
  static std::string load_error(const std::string& path) {
    try {
      load_report_file(path);
    } catch (const ReportLoadError& error) {
      return error.what();
    }
    ADD_FAILURE() << path << " loaded, but should have been refused";
    return "";
  }

  fs::path directory_;
};

TEST_F(ReportLoader, AReportThisBuildWritesLoadsBackUnchanged) {
  const RunReport written = sample_report();
  const std::string path = write("run.json", json(written).dump(2));
  const RunReport loaded = load_report_file(path);
  EXPECT_EQ(json(loaded), json(written));
  ASSERT_EQ(loaded.results.size(), 2u);
  EXPECT_EQ(loaded.results[1].bytes, 18446744073709551615ULL);
  EXPECT_EQ(loaded.results[1].status, ResultStatus::failed);
  EXPECT_EQ(loaded.results[1].reason, written.results[1].reason);
  EXPECT_EQ(loaded.config, written.config);
}

TEST_F(ReportLoader, AReportWithDevicesLoadsBackUnchanged) {
  const RunReport written = sample_device_report();
  const RunReport loaded = load_report_file(write("run.json", json(written).dump(2)));
  EXPECT_EQ(json(loaded), json(written));
  ASSERT_TRUE(loaded.meta.devices.has_value());
  ASSERT_EQ(loaded.meta.devices->gpus.size(), 4u);
  EXPECT_EQ(loaded.meta.devices->gpus[3].uuid, "GPU-00000003");
  EXPECT_EQ(loaded.meta.devices->gpus[3].memory_bytes, 85520809984ULL);
}

TEST_F(ReportLoader, AReportWithoutDevicesLoadsWithNone) {
  // Reports of runs on host memory, and every report written before devices existed.
  const json document = sample_report();
  ASSERT_FALSE(document.at("meta").contains("devices"));
  const RunReport loaded = load_report_file(write("run.json", document.dump(2)));
  EXPECT_FALSE(loaded.meta.devices.has_value());
  EXPECT_EQ(json(loaded), document);
}

TEST_F(ReportLoader, WholeNumbersWrittenWithAnExponentAreAccepted) {
  json document = sample_report();
  document["results"][0]["bytes"] = 1048576.0;  // written as 1048576.0
  document["results"][0]["root"] = -1.0;
  const RunReport loaded = load_report_file(write("run.json", document.dump()));
  EXPECT_EQ(loaded.results[0].bytes, 1048576u);
  EXPECT_EQ(loaded.results[0].root, -1);
}

TEST_F(ReportLoader, MissingFileNamesTheFile) {
  const std::string path = (directory_ / "absent.json").string();
  const std::string message = load_error(path);
  EXPECT_NE(message.find(path + ": cannot open: No such file or directory"), std::string::npos) << message;
  EXPECT_NE(message.find("(accepted: "), std::string::npos) << message;
}

TEST_F(ReportLoader, DirectoryIsRefused) {
  const std::string message = load_error(directory_.string());
  EXPECT_NE(message.find(directory_.string() + ": is a directory"), std::string::npos) << message;
}

// One row per way a file can be wrong: the text, and what the one-line message must say
// after the file name (the field's path and the problem).
struct BadReport {
  const char* label;
  std::function<std::string()> text;
  std::vector<std::string> message_parts;
};

// The sample report with one change, and optionally a literal spliced into the text where
// the change put the placeholder (for numbers nlohmann cannot hold, like 1e400).
std::string changed(const std::function<void(json&)>& change, const std::string& literal = "") {
  json document = sample_report();
  change(document);
  std::string text = document.dump();
  const std::string placeholder = "\"@@literal@@\"";
  const auto at = text.find(placeholder);
  if (at != std::string::npos) text.replace(at, placeholder.size(), literal);
  return text;
}

// The same, starting from the report of a run on GPUs.
std::string changed_devices(const std::function<void(json&)>& change) {
  json document = sample_device_report();
  change(document);
  return document.dump();
}

const BadReport kBadReports[] = {
    {"empty", [] { return std::string(); }, {": the file is empty (accepted: "}},
    {"only_whitespace", [] { return std::string(" \n\t "); }, {": the file is empty"}},
    {"truncated", [] { const std::string t = json(sample_report()).dump(); return t.substr(0, t.size() / 2); },
     {": not valid JSON at byte ", "unexpected end of input"}},
    {"binary_garbage", [] { return std::string("\x7f\x45\x4c\x46\x02\x01\x01\x00\n\xff\xfe", 11); },
     {": not valid JSON at byte 1", "(accepted: a commbench JSON report"}},
    {"not_an_object", [] { return std::string("[1, 2, 3]"); }, {": the top level is an array, not an object"}},
    {"schema_version_missing", [] { return changed([](json& d) { d.erase("schema_version"); }); },
     {": /schema_version: is missing"}},
    {"schema_version_unknown", [] { return changed([](json& d) { d["schema_version"] = 2; }); },
     {": /schema_version: 2 is not supported by this build (accepted: 1)"}},
    {"schema_version_text", [] { return changed([](json& d) { d["schema_version"] = "1"; }); },
     {": /schema_version: \"1\" is not supported"}},
    {"wrong_type", [] { return changed([](json& d) { d["results"][1]["bytes"] = "1024"; }); },
     {": /results/1/bytes: is a string (accepted: a number)"}},
    {"boolean_for_number", [] { return changed([](json& d) { d["summary"]["cases"] = true; }); },
     {": /summary/cases: is a boolean (accepted: a number)"}},
    {"object_for_array", [] { return changed([](json& d) { d["results"] = json::object(); }); },
     {": /results: is an object (accepted: an array)"}},
    {"negative_count", [] { return changed([](json& d) { d["results"][1]["bytes"] = -1; }); },
     {": /results/1/bytes: -1 is negative (accepted: a whole number from 0 to 18446744073709551615)"}},
    {"negative_count_as_fraction", [] { return changed([](json& d) { d["results"][0]["wrong"] = -2.0; }); },
     {": /results/0/wrong: -2.0 is negative"}},
    {"fractional_count", [] { return changed([](json& d) { d["results"][0]["count"] = 1.5; }); },
     {": /results/0/count: 1.5 is not a whole number (accepted: a whole number"}},
    {"fractional_rank", [] { return changed([](json& d) { d["meta"]["hosts"][0]["ranks"][2] = 2.25; }); },
     {": /meta/hosts/0/ranks/2: 2.25 is not a whole number"}},
    {"beyond_a_double", [] { return changed([](json& d) { d["results"][0]["bytes"] = "@@literal@@"; }, "1e400"); },
     {": not valid JSON: number overflow parsing '1e400'"}},
    {"beyond_uint64", [] {
       return changed([](json& d) { d["results"][0]["bytes"] = "@@literal@@"; }, "18446744073709551616");
     },
     {": /results/0/bytes: 1.8446744073709552e+19 is too large (accepted: a whole number from 0 to 18446744073709551615)"}},
    {"beyond_int_as_fraction", [] { return changed([](json& d) { d["results"][1]["root"] = 1e30; }); },
     {": /results/1/root: 1e+30 is too large"}},
    {"beyond_int", [] { return changed([](json& d) { d["results"][1]["root"] = 5000000000ULL; }); },
     {": /results/1/root: 5000000000 is out of range for this field"}},
    {"missing_field", [] { return changed([](json& d) { d["results"][1].erase("dtype"); }); },
     {": /results/1/dtype: is missing (accepted: every field docs/REPORT_SCHEMA.md lists)"}},
    {"missing_section", [] { return changed([](json& d) { d.erase("summary"); }); }, {": /summary: is missing"}},
    {"unknown_field", [] { return changed([](json& d) { d["results"][0]["speed"] = 1; }); },
     {": /results/0/speed: is not a field of the report"}},
    {"unknown_kind", [] { return changed([](json& d) { d["kind"] = "training"; }); },
     {": /kind: \"training\" is not kept by this build"}},
    {"unknown_status", [] { return changed([](json& d) { d["results"][0]["status"] = "great"; }); },
     {"unknown result status 'great'", "(accepted: ok, skipped, failed"}},
    {"key_with_slash", [] { return changed([](json& d) { d["meta"]["a/b~c"] = 1; }); },
     {": /meta/a~1b~0c: is not a field of the report"}},
    {"devices_wrong_type", [] { return changed_devices([](json& d) { d["meta"]["devices"] = "H100"; }); },
     {": /meta/devices: is a string (accepted: an object)"}},
    {"devices_null", [] { return changed_devices([](json& d) { d["meta"]["devices"] = nullptr; }); },
     {": /meta/devices: is a null (accepted: an object)"}},
    {"devices_gpus_wrong_type", [] { return changed_devices([](json& d) { d["meta"]["devices"]["gpus"] = json::object(); }); },
     {": /meta/devices/gpus: is an object (accepted: an array)"}},
    {"devices_version_missing",
     [] { return changed_devices([](json& d) { d["meta"]["devices"].erase("nccl_version"); }); },
     {": /meta/devices/nccl_version: is missing (accepted: every field docs/REPORT_SCHEMA.md lists)"}},
    {"gpu_uuid_missing", [] { return changed_devices([](json& d) { d["meta"]["devices"]["gpus"][0].erase("uuid"); }); },
     {": /meta/devices/gpus/0/uuid: is missing (accepted: every field docs/REPORT_SCHEMA.md lists)"}},
    {"gpu_uuid_wrong_type", [] { return changed_devices([](json& d) { d["meta"]["devices"]["gpus"][2]["uuid"] = 7; }); },
     {": /meta/devices/gpus/2/uuid: is a number (accepted: a string)"}},
    {"gpu_memory_negative",
     [] { return changed_devices([](json& d) { d["meta"]["devices"]["gpus"][1]["memory_bytes"] = -1; }); },
     {": /meta/devices/gpus/1/memory_bytes: -1 is negative (accepted: a whole number from 0 to 18446744073709551615)"}},
    {"gpu_device_index_fraction",
     [] { return changed_devices([](json& d) { d["meta"]["devices"]["gpus"][1]["device_index"] = 0.5; }); },
     {": /meta/devices/gpus/1/device_index: 0.5 is not a whole number"}},
    {"gpu_unknown_field",
     [] { return changed_devices([](json& d) { d["meta"]["devices"]["gpus"][0]["temperature_c"] = 40; }); },
     {": /meta/devices/gpus/0/temperature_c: is not a field of the report"}},
    {"nested_too_deep", [] {
       std::string deep(200, '[');
       return changed([](json& d) { d["config"] = "@@literal@@"; }, deep + std::string(200, ']'));
     },
     {": nested deeper than 64 levels"}},
};

class ReportLoaderRefuses : public ReportLoader, public ::testing::WithParamInterface<BadReport> {};

TEST_P(ReportLoaderRefuses, WithOneLineNamingTheFileAndTheField) {
  const BadReport& bad = GetParam();
  const std::string path = write(std::string(bad.label) + ".json", bad.text());
  const std::string message = load_error(path);
  EXPECT_EQ(message.rfind(path + ": ", 0), 0u) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  EXPECT_NE(message.find("(accepted: "), std::string::npos) << message;
  for (const std::string& part : bad.message_parts) {
    EXPECT_NE(message.find(part), std::string::npos) << "expected '" << part << "' in: " << message;
  }
}

INSTANTIATE_TEST_SUITE_P(BadReports, ReportLoaderRefuses, ::testing::ValuesIn(kBadReports),
                         [](const ::testing::TestParamInfo<BadReport>& info) { return std::string(info.param.label); });

TEST(ReportLoaderText, NameStandsForTheFileAndControlCharactersAreEscaped) {
  try {
    load_report_text("{\"schema_version\": 1,\n\"outcome\": 3}", "in\nput");
    FAIL() << "loaded";
  } catch (const ReportLoadError& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.rfind("in\\x0aput: /outcome: is a number (accepted: an object)", 0), 0u) << message;
  }
}

}  // namespace
}  // namespace commbench
