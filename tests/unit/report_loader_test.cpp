// reports/load/report_loader.hpp: a report this build writes loads back unchanged, every real
// report of every kind loads with its kind, a report of a newer schema is refused as such,
// and every way a file can be wrong is refused with one line naming the file, the field and
// what is accepted.
#include "reports/load/report_loader.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <type_traits>
#include <variant>

#include "sample_results.hpp"

namespace commbench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json fixture(const std::string& file) {
  std::ifstream in(std::string(COMMBENCH_REPORT_FIXTURES_DIR) + "/" + file);
  return json::parse(in);
}

RunReport sample_report() {
  Result ok = sample_allreduce_case(4);
  set_sample_timing(ok);
  ok.alg_bw = static_cast<double>(ok.bytes) / ok.time_s;
  ok.bus_bw_factor = 1.5;  // allreduce on 4 ranks: 2 (n - 1) / n
  ok.bus_bw = ok.alg_bw * ok.bus_bw_factor;
  ok.check_iterations = 1;
  Result failed = ok;
  failed.collective = "broadcast";
  failed.dtype = "int8";
  failed.op = "none";
  failed.root = 3;
  failed.bus_bw_factor = 1.0;  // a rooted collective's (docs/METRICS.md)
  failed.bytes = 18446744073709551615ULL;  // the largest count survives exactly
  failed.count = failed.bytes;             // of one-byte elements
  failed.alg_bw = static_cast<double>(failed.bytes) / failed.time_s;
  failed.bus_bw = failed.alg_bw;
  failed.wrong = 7;
  failed.status = ResultStatus::failed;
  failed.reason = "7 wrong elements on host \"b\"\n(rank 3)";

  RunReport report;
  report.meta.version = "0.1.0";
  report.meta.git_revision = "703970f1495d";
  report.meta.start_time = "2026-11-22T20:10:15.831Z";
  report.meta.end_time = "2026-11-22T20:10:16.654Z";
  report.meta.backend = "mpi";
  report.meta.argv = {"commbench", "allreduce"};
  report.meta.world_size = 4;
  report.meta.hosts = {{"a", "a:boot-1", {0, 1, 2, 3}}};
  report.meta.environment = {{"SLURM_JOB_ID", "1234"}};
  report.meta.peak_rss_bytes = 123456789;
  // A real run's settings (the schema checks every one), with adaptive iterations.
  report.config = fixture("collectives-cluster-a.json").at("config");
  report.config["iterations"] = "auto";
  report.outcome = RunOutcome{RunStatus::complete, "none", ""};
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

  // The message load_report_file gives for path; a failure when it loads. load_any_report_file
  // must give the same one for a file that says it is a collectives report, or none.
  static std::string load_error(const std::string& path) {
    const std::string message = refusal([&] { load_report_file(path); }, path);
    EXPECT_EQ(refusal([&] { load_any_report_file(path); }, path), message);
    return message;
  }

  static std::string load_any_error(const std::string& path) {
    return refusal([&] { load_any_report_file(path); }, path);
  }

  static std::string refusal(const std::function<void()>& load, const std::string& path) {
    try {
      load();
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
  EXPECT_NE(message.find(path + ": cannot read: No such file or directory"), std::string::npos) << message;
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

// The sample report with row `copied` given again at the end, and the summary what the rows add
// up to (so that only the repetition is wrong).
std::string with_repeated_row(std::size_t copied) {
  RunReport report = sample_report();
  report.results.push_back(report.results.at(copied));
  report.summary = summarize_results(report.results, report.summary.avg_bus_bw_min_bytes);
  return json(report).dump();
}

// The sample report with a key given twice in the first row (the issue's row: "failed" then
// "ok" counted as ok when the last one won).
std::string with_status_twice() {
  std::string text = json(sample_report()).dump();
  const std::string status = "\"status\":\"ok\"";
  const auto at = text.find(status, text.find("\"results\""));
  text.replace(at, status.size(), "\"status\":\"failed\"," + status);
  return text;
}

const BadReport kBadReports[] = {
    {"duplicate_key_in_row", [] { return with_status_twice(); },
     {": key \"status\" appears twice in the object at /results/0",
      "(accepted: each key at most once in an object)"}},
    {"duplicate_row", [] { return with_repeated_row(0); },
     {": /results/2: repeats the case of /results/0 (collective allreduce, algorithm native, dtype float32, op sum, "
      "root -1, placement out-of-place, bytes 1048576, ranks 4) (accepted: each case (collective, algorithm, dtype, "
      "op, root, placement, bytes, ranks) at most once in a report)"}},
    {"empty", [] { return std::string(); }, {": the file is empty (accepted: "}},
    {"only_whitespace", [] { return std::string(" \n\t "); }, {": the file is empty"}},
    {"truncated", [] { const std::string t = json(sample_report()).dump(); return t.substr(0, t.size() - 1); },
     {": not valid JSON at byte ", "unexpected end of input"}},
    {"binary_garbage", [] { return std::string("\x7f\x45\x4c\x46\x02\x01\x01\x00\n\xff\xfe", 11); },
     {": not valid JSON at byte 1", "(accepted: a commbench JSON report"}},
    {"not_an_object", [] { return std::string("[1, 2, 3]"); }, {": the top level is an array, not an object"}},
    {"schema_version_missing", [] { return changed([](json& d) { d.erase("schema_version"); }); },
     {": /schema_version: is missing"}},
    {"schema_version_newer", [] { return changed([](json& d) { d["schema_version"] = 2; }); },
     {": was written by a newer commbench (a collectives report of schema_version 2; this build reads "
      "schema_version 1) (accepted: schema_version 1; read it with a newer commbench)"}},
    {"schema_version_older", [] { return changed([](json& d) { d["schema_version"] = 0; }); },
     {": /schema_version: 0 is not supported (this build reads collectives reports of schema_version 1) "
      "(accepted: schema_version 1)"}},
    {"schema_version_text", [] { return changed([](json& d) { d["schema_version"] = "1"; }); },
     {": /schema_version: \"1\" is not a whole number (accepted: schema_version 1)"}},
    {"schema_version_fraction", [] { return changed([](json& d) { d["schema_version"] = 1.5; }); },
     {": /schema_version: 1.5 is not a whole number"}},
    {"kind_missing", [] { return changed([](json& d) { d.erase("kind"); }); },
     {": /kind: is missing (accepted: a \"kind\" of collectives, linkcheck, pipeline, gradsync, scaling, topology, "
      "prediction)"}},
    {"kind_not_text", [] { return changed([](json& d) { d["kind"] = json::array(); }); },
     {": /kind: is an array, not a string (accepted: a \"kind\" of collectives, "}},
    {"wrong_type", [] { return changed([](json& d) { d["results"][1]["bytes"] = "1024"; }); },
     {": /results/1/bytes: \"1024\" is a string, not an integer (accepted: a report that matches "
      "docs/report.schema.json)"}},
    {"boolean_for_number", [] { return changed([](json& d) { d["summary"]["cases"] = true; }); },
     {": /summary/cases: true is a boolean, not an integer"}},
    {"object_for_array", [] { return changed([](json& d) { d["results"] = json::object(); }); },
     {": /results: is an object, not an array"}},
    {"negative_count", [] { return changed([](json& d) { d["results"][1]["bytes"] = -1; }); },
     {": /results/1/bytes: -1 is less than the minimum 0"}},
    {"negative_count_as_fraction", [] { return changed([](json& d) { d["results"][0]["wrong"] = -2.0; }); },
     {": /results/0/wrong: -2.0 is less than the minimum 0"}},
    {"fractional_count", [] { return changed([](json& d) { d["results"][0]["count"] = 1.5; }); },
     {": /results/0/count: 1.5 is a number, not an integer"}},
    {"fractional_rank", [] { return changed([](json& d) { d["meta"]["hosts"][0]["ranks"][2] = 2.25; }); },
     {": /meta/hosts/0/ranks/2: 2.25 is a number, not an integer"}},
    {"wrong_enum_value", [] { return changed([](json& d) { d["results"][0]["dtype"] = "float99"; }); },
     {": /results/0/dtype: \"float99\" is not one of \"int8\", "}},
    {"rule_across_fields", [] { return changed([](json& d) { d["results"][0]["reason"] = "slow"; }); },
     {": /results/0/reason: \"slow\" is not \"\""}},
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
     {": /results/1/dtype: is missing (accepted: a report that matches docs/report.schema.json)"}},
    {"missing_section", [] { return changed([](json& d) { d.erase("summary"); }); }, {": /summary: is missing"}},
    {"unknown_field", [] { return changed([](json& d) { d["results"][0]["speed"] = 1; }); },
     {": /results/0/speed: is not a known field"}},
    {"unknown_kind", [] { return changed([](json& d) { d["kind"] = "training"; }); },
     {": /kind: \"training\" is not a report kind (accepted: a \"kind\" of collectives, linkcheck, pipeline, "
      "gradsync, scaling, topology, prediction)"}},
    {"unknown_status", [] { return changed([](json& d) { d["results"][0]["status"] = "great"; }); },
     {": /results/0/status: \"great\" is not one of \"ok\", \"skipped\", \"failed\", \"timed_out\""}},
    {"key_with_slash", [] { return changed([](json& d) { d["meta"]["a/b~c"] = 1; }); },
     {": /meta/a~1b~0c: is not a known field"}},
    {"devices_wrong_type", [] { return changed_devices([](json& d) { d["meta"]["devices"] = "H100"; }); },
     {": /meta/devices: \"H100\" is a string, not an object"}},
    {"devices_null", [] { return changed_devices([](json& d) { d["meta"]["devices"] = nullptr; }); },
     {": /meta/devices: is null, not an object"}},
    {"devices_gpus_wrong_type", [] { return changed_devices([](json& d) { d["meta"]["devices"]["gpus"] = json::object(); }); },
     {": /meta/devices/gpus: is an object, not an array"}},
    {"devices_version_missing",
     [] { return changed_devices([](json& d) { d["meta"]["devices"].erase("nccl_version"); }); },
     {": /meta/devices/nccl_version: is missing (accepted: a report that matches docs/report.schema.json)"}},
    {"gpu_uuid_missing", [] { return changed_devices([](json& d) { d["meta"]["devices"]["gpus"][0].erase("uuid"); }); },
     {": /meta/devices/gpus/0/uuid: is missing"}},
    {"gpu_uuid_wrong_type", [] { return changed_devices([](json& d) { d["meta"]["devices"]["gpus"][2]["uuid"] = 7; }); },
     {": /meta/devices/gpus/2/uuid: 7 is an integer, not a string"}},
    {"gpu_uuid_pattern", [] { return changed_devices([](json& d) { d["meta"]["devices"]["gpus"][2]["uuid"] = "7"; }); },
     {": /meta/devices/gpus/2/uuid: \"7\" does not match the pattern ^(GPU|MIG)-"}},
    {"gpu_memory_negative",
     [] { return changed_devices([](json& d) { d["meta"]["devices"]["gpus"][1]["memory_bytes"] = -1; }); },
     {": /meta/devices/gpus/1/memory_bytes: -1 is less than the minimum 0"}},
    {"gpu_device_index_fraction",
     [] { return changed_devices([](json& d) { d["meta"]["devices"]["gpus"][1]["device_index"] = 0.5; }); },
     {": /meta/devices/gpus/1/device_index: 0.5 is a number, not an integer"}},
    {"gpu_unknown_field",
     [] { return changed_devices([](json& d) { d["meta"]["devices"]["gpus"][0]["temperature_c"] = 40; }); },
     {": /meta/devices/gpus/0/temperature_c: is not a known field"}},
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
    load_report_text("{\"kind\": \"linkcheck\",\n\"schema_version\": 1}", "in\nput");
    FAIL() << "loaded";
  } catch (const ReportLoadError& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.rfind("in\\x0aput: is a linkcheck report (commbench linkcheck -J), not a collectives report "
                            "(accepted: a collectives report (commbench <collective|all> -J))", 0),
              0u)
        << message;
  }
}

// Every real report in tests/data/reports, with its kind.
const std::map<std::string, std::string> kFixtureKinds = {
    {"collectives-cluster-a.json", kCollectivesKind}, {"collectives-cluster-b.json", kCollectivesKind},
    {"gradsync.json", kGradsyncKind},                 {"linkcheck.json", kLinkcheckKind},
    {"pipeline.json", kPipelineKind},                 {"plan.json", kScalingKind},
    {"scaling.json", kScalingKind},                   {"topology.json", kTopologyKind},
    {"prediction.json", kPredictionKind},
};

std::string fixture_path(const std::string& file) { return std::string(COMMBENCH_REPORT_FIXTURES_DIR) + "/" + file; }

// The kind a LoadedReport's content holds, by its type.
std::string content_kind(const ReportContent& content) {
  struct Kind {
    std::string operator()(const RunReport&) const { return kCollectivesKind; }
    std::string operator()(const LinkcheckReport&) const { return kLinkcheckKind; }
    std::string operator()(const PipelineReport&) const { return kPipelineKind; }
    std::string operator()(const GradsyncReport&) const { return kGradsyncKind; }
    std::string operator()(const ScalingReport&) const { return kScalingKind; }
    std::string operator()(const TopologyDocument&) const { return kTopologyKind; }
    std::string operator()(const PredictionReport&) const { return kPredictionKind; }
  };
  return std::visit(Kind{}, content);
}

TEST(ReportLoaderFixtures, EveryRealReportLoadsWithItsKind) {
  for (const auto& [file, kind] : kFixtureKinds) {
    SCOPED_TRACE(file);
    const std::string path = fixture_path(file);
    const LoadedReport loaded = load_any_report_file(path);
    EXPECT_EQ(loaded.path, path);
    EXPECT_EQ(loaded.kind, kind);
    EXPECT_EQ(content_kind(loaded.content), kind);
    // What was loaded is what the file says (a topology report is kept as written).
    const json loaded_json = std::visit(
        [](const auto& content) {
          if constexpr (std::is_same_v<std::decay_t<decltype(content)>, TopologyDocument>) {
            return content.document;
          } else {
            return json(content);
          }
        },
        loaded.content);
    EXPECT_EQ(loaded_json, fixture(file));
  }
}

TEST(ReportLoaderFixtures, CollectivesReportsLoadAsRunReports) {
  const RunReport report = load_report_file(fixture_path("collectives-cluster-a.json"));
  EXPECT_EQ(json(report), fixture("collectives-cluster-a.json"));
  EXPECT_TRUE(report.model.has_value());
}

TEST(ReportLoaderFixtures, ReportsOfOtherKindsAreNotRunReports) {
  for (const auto& [file, kind] : kFixtureKinds) {
    if (kind == kCollectivesKind) continue;
    SCOPED_TRACE(file);
    try {
      load_report_file(fixture_path(file));
      ADD_FAILURE() << "loaded as a collectives report";
    } catch (const ReportLoadError& error) {
      const std::string message = error.what();
      EXPECT_EQ(message.rfind(fixture_path(file) + ": is a " + kind + " report (commbench ", 0), 0u) << message;
      EXPECT_NE(message.find("), not a collectives report (accepted: a collectives report (commbench "),
                std::string::npos)
          << message;
    }
  }
}

TEST_F(ReportLoader, EachKindOfANewerSchemaVersionIsRefusedAsNewer) {
  for (const auto& [file, kind] : kFixtureKinds) {
    SCOPED_TRACE(file);
    json document = fixture(file);
    const int version = document.at("schema_version").get<int>();
    document["schema_version"] = version + 1;
    const std::string path = write("newer-" + file, document.dump());
    const std::string message = load_any_error(path);
    EXPECT_EQ(message, path + ": was written by a newer commbench (a " + kind + " report of schema_version " +
                           std::to_string(version + 1) + "; this build reads schema_version " +
                           std::to_string(version) + ") (accepted: schema_version " + std::to_string(version) +
                           "; read it with a newer commbench)");
  }
}

// A schema violation in a report of each kind with a data model (and in a topology report,
// which has only the schema), named by its JSON path.
struct KindViolation {
  const char* label;
  const char* file;
  std::function<void(json&)> change;
  std::string expected;  // what the message says after "<file>: "
};

const KindViolation kKindViolations[] = {
    {"gradsync_negative_bytes", "gradsync.json", [](json& d) { d["cases"][0]["bucket_bytes"] = -1; },
     "/cases/0/bucket_bytes: -1 is less than the minimum 0"},
    {"gradsync_best_bucket_text", "gradsync.json", [](json& d) { d["best_bucket_bytes"] = "big"; },
     "/best_bucket_bytes: \"big\" is a string, not an integer or null"},
    {"linkcheck_extra_field", "linkcheck.json", [](json& d) { d["verdict"] = "fine"; },
     "/verdict: is not a known field"},
    {"pipeline_wrong_kind_of_value", "pipeline.json", [](json& d) { d["meta"]["world_size"] = "4"; },
     "/meta/world_size: \"4\" is a string, not an integer"},
    {"scaling_missing_field", "scaling.json", [](json& d) { d.erase("predicted"); }, "/predicted: is missing"},
    {"topology_hosts_not_a_list", "topology.json", [](json& d) { d["hosts"] = "vm"; },
     "/hosts: \"vm\" is a string, not an array"},
    {"collectives_wrong_enum", "collectives-cluster-b.json", [](json& d) { d["results"][3]["placement"] = "sideways"; },
     "/results/3/placement: \"sideways\" is not one of "},
    {"prediction_negative_time", "prediction.json", [](json& d) { d["rows"][2]["time_s"] = -1e-6; },
     "/rows/2/time_s: -1e-06 is less than the minimum 0"},
    {"prediction_unknown_family", "prediction.json", [](json& d) { d["config"]["family"] = "gloo"; },
     "/config/family: \"gloo\" is not one of \"nccl\", \"mpi\""},
    {"prediction_row_extra_field", "prediction.json", [](json& d) { d["rows"][0]["error"] = 0.1; },
     "/rows/0/error: is not a known field"},
};

class ReportLoaderSchema : public ReportLoader, public ::testing::WithParamInterface<KindViolation> {};

TEST_P(ReportLoaderSchema, RefusesTheViolationByItsPath) {
  const KindViolation& violation = GetParam();
  json document = fixture(violation.file);
  violation.change(document);
  const std::string path = write(violation.file, document.dump(2));
  const std::string message = load_any_error(path);
  EXPECT_EQ(message.rfind(path + ": " + violation.expected, 0), 0u) << message;
  EXPECT_NE(message.find(" (accepted: a report that matches docs/report.schema.json)"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

INSTANTIATE_TEST_SUITE_P(Kinds, ReportLoaderSchema, ::testing::ValuesIn(kKindViolations),
                         [](const ::testing::TestParamInfo<KindViolation>& info) {
                           return std::string(info.param.label);
                         });

// A real report of each kind with one figure changed so that it contradicts the others
// (report_consistency.hpp): refused with the field's path, what is wrong and what its other
// figures imply. Each change is one a careless edit or a corrupt file makes.
struct Contradiction {
  const char* label;
  const char* file;
  std::function<void(json&)> change;
  std::vector<std::string> message_parts;  // after "<file>: "; the first is where the message starts
};

const Contradiction kContradictions[] = {
    // The issue's row: a bus bandwidth of 1e15 B/s beside a time that gives a few MB/s.
    {"bus_bw_of_1e15", "collectives-cluster-a.json", [](json& d) { d["results"][3]["bus_bw"] = 1e15; },
     {"/results/3/bus_bw: 1000000000000000 contradicts alg_bw x bus_bw_factor", "(accepted: 16190405.919617"}},
    {"alg_bw_off_by_a_percent", "collectives-cluster-a.json",
     [](json& d) { d["results"][3]["alg_bw"] = d["results"][3]["alg_bw"].get<double>() * 1.01; },
     {"/results/3/alg_bw: ", "contradicts bytes / time_s", "within a relative 1e-09)"}},
    {"factor_of_another_collective", "collectives-cluster-a.json",
     [](json& d) {  // bus_bw agrees with the factor; the factor is not allreduce's on 4 ranks
       json& row = d["results"][3];
       row["bus_bw_factor"] = 0.75;  // alltoall's
       row["bus_bw"] = row["alg_bw"].get<double>() * 0.75;
     },
     {"/results/3/bus_bw_factor: 0.75 contradicts allreduce's bus-bandwidth factor for 4 ranks", "(accepted: 1.5 "}},
    {"min_above_the_median", "collectives-cluster-a.json",
     [](json& d) { d["results"][3]["stats_s"]["min"] = d["results"][3]["stats_s"]["median"].get<double>() * 2; },
     {"/results/3/stats_s/min: min ", " is above median ", "(accepted: min <= median)"}},
    {"p99_above_the_max", "collectives-cluster-a.json",
     [](json& d) { d["results"][3]["stats_s"]["p99"] = 1.0; },
     {"/results/3/stats_s/p99: p99 1 is above max ", "(accepted: p99 <= max)"}},
    {"time_not_the_median", "collectives-cluster-b.json",
     [](json& d) {  // alg_bw and bus_bw follow the new time; the statistics do not
       json& row = d["results"][5];
       row["time_s"] = row["time_s"].get<double>() / 2;
       row["alg_bw"] = row["bytes"].get<double>() / row["time_s"].get<double>();
       row["bus_bw"] = row["alg_bw"].get<double>() * row["bus_bw_factor"].get<double>();
     },
     {"/results/5/time_s: ", "contradicts the median of stats_s"}},
    {"count_not_bytes_over_the_element_size", "collectives-cluster-a.json",
     [](json& d) { d["results"][3]["count"] = 129; },
     {"/results/3/count: 129 elements of float32 (4 bytes each) contradict bytes 512",
      "(accepted: count = bytes / 4 with no remainder)"}},
    {"summary_without_the_wrong_elements", "collectives-cluster-b.json",
     [](json& d) { d["summary"]["wrong_total"] = 3; },  // the sum the exit code and the gate read
     {"/summary/wrong_total: 3 contradicts the rows' sum of wrong elements (accepted: 0)"}},
    {"summary_fewer_cases", "collectives-cluster-a.json", [](json& d) { d["summary"]["cases"] = 66; },
     {"/summary/cases: 66 contradicts the rows' count (accepted: 67)"}},
    {"summary_average_raised", "collectives-cluster-a.json",
     [](json& d) { d["summary"]["avg_bus_bw"] = d["summary"]["avg_bus_bw"].get<double>() * 2; },
     {"/summary/avg_bus_bw: ", "contradicts the average of the rows' bus_bw"}},
    {"prediction_error_of_another_time", "collectives-cluster-a.json",
     [](json& d) { d["results"][3]["prediction"]["relative_error"] = -0.5; },
     {"/results/3/prediction/relative_error: -0.5 contradicts (the prediction's time_s - time_s) / time_s"}},
    {"prediction_row_bus_bw", "prediction.json",
     [](json& d) { d["rows"][0]["bus_bw"] = d["rows"][0]["bus_bw"].get<double>() * 3; },
     {"/rows/0/bus_bw: ", "contradicts alg_bw x bus_bw_factor"}},
    {"prediction_row_count", "prediction.json", [](json& d) { d["rows"][0]["count"] = 8; },
     {"/rows/0/count: 8 elements of float32 (4 bytes each) contradict bytes 8"}},
    {"linkcheck_slow_link_not_flagged", "linkcheck.json", [](json& d) { d["links"][0]["bandwidth_outlier"] = false; },
     {"/links/0/bandwidth_outlier: false with a bandwidth of 28318597.617747806 against outlier_fraction x the "
      "inter-host median, ",
      "(accepted: true)"}},
    {"linkcheck_threshold_raised", "linkcheck.json", [](json& d) { d["outlier_fraction"] = 0.1; },
     {"/links/0/bandwidth_outlier: true with a bandwidth of 28318597.617747806", "(accepted: false)"}},
    {"linkcheck_median_outside_its_links", "linkcheck.json", [](json& d) { d["median_inter_host_bandwidth"] = 1e12; },
     {"/median_inter_host_bandwidth: 1000000000000 is outside the inter-host links' figures"}},
    {"linkcheck_lanes_raised", "linkcheck.json", [](json& d) { d["links"][0]["lane_bandwidth"][0] = 1e9; },
     {"/links/0/bandwidth: 28318597.617747806 contradicts the sum of lane_bandwidth"}},
    {"gradsync_compute_not_forward_plus_backward", "gradsync.json",
     [](json& d) { d["cases"][0]["forward_s"] = 0.001; },
     {"/cases/0/compute_s: ", "contradicts forward_s + backward_s"}},
    {"gradsync_exposed_lowered", "gradsync.json", [](json& d) { d["cases"][0]["exposed_s"] = 0.01; },
     {"/cases/0/exposed_s: 0.01 contradicts step_s - compute_s"}},
    {"gradsync_wrong_total", "gradsync.json", [](json& d) { d["wrong_total"] = 5; },
     {"/wrong_total: 5 contradicts the cases' sum of wrong elements (accepted: 0)"}},
    {"pipeline_bubble_above_one", "pipeline.json", [](json& d) { d["runs"][0]["bubble_fraction"] = 1.5; },
     {"/runs/0/bubble_fraction: 1.5 is not a fraction (accepted: a figure from 0 to 1)"}},
    {"pipeline_median_above_the_max", "pipeline.json", [](json& d) { d["runs"][0]["step"]["max"] = 0.1; },
     {"/runs/0/step/p99: p99 ", " is above max 0.10000000000000001"}},
};

class ReportLoaderContradictions : public ReportLoader, public ::testing::WithParamInterface<Contradiction> {};

TEST_P(ReportLoaderContradictions, AreRefusedByTheFieldWithWhatTheOtherFiguresImply) {
  const Contradiction& contradiction = GetParam();
  json document = fixture(contradiction.file);
  ASSERT_NO_THROW(load_any_report_text(document.dump(), contradiction.file));  // the real report holds together
  contradiction.change(document);
  const std::string path = write(contradiction.file, document.dump(2));
  const std::string message = load_any_error(path);
  EXPECT_EQ(message.rfind(path + ": " + contradiction.message_parts.front(), 0), 0u) << message;
  for (const std::string& part : contradiction.message_parts) {
    EXPECT_NE(message.find(part), std::string::npos) << "expected '" << part << "' in: " << message;
  }
  EXPECT_NE(message.find(" (accepted: "), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

INSTANTIATE_TEST_SUITE_P(Kinds, ReportLoaderContradictions, ::testing::ValuesIn(kContradictions),
                         [](const ::testing::TestParamInfo<Contradiction>& info) {
                           return std::string(info.param.label);
                         });

// What the tolerance allows: the rounding of a recomputation in another order (a few units in
// the last place), never an edit a person would make.
TEST_F(ReportLoader, FiguresAgreeWithinRoundingButNotBeyond) {
  json document = fixture("collectives-cluster-a.json");
  json& row = document["results"][3];
  const double bus_bw = row["bus_bw"].get<double>();
  row["bus_bw"] = std::nextafter(std::nextafter(bus_bw, 0.0), 0.0);  // two units in the last place below
  EXPECT_NO_THROW(load_any_report_text(document.dump(), "rounded.json"));
  row["bus_bw"] = bus_bw * (1 + 1e-7);  // the eighth significant digit changed
  EXPECT_THROW(load_any_report_text(document.dump(), "edited.json"), ReportLoadError);
}

// A consistent forgery is not caught: the check is not a signature (docs/REPORT_SCHEMA.md).
TEST_F(ReportLoader, AForgeryThatChangesEveryRelatedFigureLoads) {
  RunReport report = load_report_file(std::string(COMMBENCH_REPORT_FIXTURES_DIR) + "/collectives-cluster-a.json");
  Result& row = report.results[3];
  for (double* figure : {&row.stats_s.min, &row.stats_s.median, &row.stats_s.mean, &row.stats_s.p95,
                         &row.stats_s.p99, &row.stats_s.max, &row.stats_s.stdev, &row.stats_s.median_ci95_low,
                         &row.stats_s.median_ci95_high}) {
    *figure /= 4;  // four times as fast, in every figure that says so
  }
  row.time_s = row.stats_s.median;
  row.alg_bw = static_cast<double>(row.bytes) / row.time_s;
  row.bus_bw = row.alg_bw * row.bus_bw_factor;
  row.prediction->relative_error = (row.prediction->time_s - row.time_s) / row.time_s;
  report.summary = summarize_results(report.results, report.summary.avg_bus_bw_min_bytes);
  EXPECT_NO_THROW(load_any_report_text(json(report).dump(), "forged.json"));
}

TEST_F(ReportLoader, AnyKindRefusesBrokenFilesWithOneLineNamingTheFile) {
  const std::string topology = fixture("topology.json").dump();
  const std::map<std::string, std::string> broken = {
      {"empty.json", ""},
      {"truncated.json", topology.substr(0, topology.size() / 3)},
      {"malformed.json", "{\"kind\": \"topology\", \"schema_version\": 1,}"},
      {"array.json", "[{\"kind\": \"topology\"}]"},
      {"unknown-kind.json", "{\"kind\": \"weather\", \"schema_version\": 1}"},
  };
  for (const auto& [file, text] : broken) {
    SCOPED_TRACE(file);
    const std::string path = write(file, text);
    const std::string message = load_any_error(path);
    EXPECT_EQ(message.rfind(path + ": ", 0), 0u) << message;
    EXPECT_NE(message.find(" (accepted: "), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
  const std::string absent = (directory_ / "absent.json").string();
  EXPECT_EQ(load_any_error(absent).rfind(absent + ": cannot read: No such file or directory (accepted: ", 0), 0u);
  EXPECT_EQ(load_any_error(directory_.string()).rfind(directory_.string() + ": is a directory, not a regular file (accepted: ", 0), 0u);
}

TEST(ReportLoaderText, TheLoadedReportIsNamedAsGiven) {
  const std::string text = fixture("linkcheck.json").dump();
  const LoadedReport loaded = load_any_report_text(text, "links of today");
  EXPECT_EQ(loaded.path, "links of today");
  EXPECT_EQ(loaded.kind, kLinkcheckKind);
  ASSERT_TRUE(std::holds_alternative<LinkcheckReport>(loaded.content));
}

// Not a check: the figure for docs/PERFORMANCE.md (one load of the largest real report,
// schema compiled beforehand).
TEST(ReportLoaderFixtures, TimeOfOneLoadOfTheLargestReport) {
  std::string largest;
  std::uintmax_t largest_bytes = 0;
  for (const auto& entry : kFixtureKinds) {
    const std::uintmax_t bytes = fs::file_size(fixture_path(entry.first));
    if (bytes > largest_bytes) {
      largest_bytes = bytes;
      largest = entry.first;
    }
  }
  load_any_report_file(fixture_path("linkcheck.json"));  // compiles the schema
  const auto start = std::chrono::steady_clock::now();
  const LoadedReport loaded = load_any_report_file(fixture_path(largest));
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  std::cout << "one load of " << largest << " (" << largest_bytes << " bytes, " << loaded.kind
            << "): " << elapsed.count() * 1e3 << " ms\n";
}

}  // namespace
}  // namespace commbench
