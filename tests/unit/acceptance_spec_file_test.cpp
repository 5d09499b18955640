// bench/reading/acceptance_spec_file.*: the gate's spec file. The example in docs/ reads as its
// documentation says; every kind of mistake is refused with one line naming the file, the
// field's JSON path and what is accepted.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/reading/acceptance_spec_file.hpp"
#include "json_edits.hpp"
#include "temporary_directory.hpp"

namespace commbench {
namespace {

using nlohmann::json;

// The example docs/GATE.md shows (tests/data/reports is three levels below the project root).
const std::string kExampleSpec =
    std::string(COMMBENCH_REPORT_FIXTURES_DIR) + "/../../../docs/examples/dgx-h100-acceptance.json";

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Why parse_acceptance_spec refuses text, or "" when it accepts it.
std::string refusal(const std::string& text) {
  try {
    parse_acceptance_spec(text, "spec.json");
  } catch (const AcceptanceSpecError& error) {
    return error.what();
  }
  return "";
}

TEST(AcceptanceSpecFile, TheDocumentedDgxH100ExampleReads) {
  const AcceptanceSpec spec = load_acceptance_spec_file(kExampleSpec);
  EXPECT_EQ(spec.name, "DGX-H100 cluster acceptance (8 nodes, 64 GPUs)");
  ASSERT_EQ(spec.checks.size(), 9u);
  EXPECT_TRUE(std::holds_alternative<NoWrongElementsCheck>(spec.checks[0].kind));
  EXPECT_EQ(spec.checks[0].name, "");

  const auto& busbw = std::get<BusBandwidthCheck>(spec.checks[1].kind);
  EXPECT_EQ(spec.checks[1].name, "allreduce busbw, large sizes");
  EXPECT_EQ(busbw.rows.collective, "allreduce");
  EXPECT_EQ(busbw.rows.min_bytes, std::uint64_t{1} << 30);
  EXPECT_EQ(busbw.rows.max_bytes, std::uint64_t{8} << 30);
  EXPECT_FALSE(busbw.rows.dtype);
  EXPECT_EQ(busbw.basis, BusBandwidthBasis::absolute);
  EXPECT_DOUBLE_EQ(busbw.at_least, 340e9);  // GB/s are 1e9 bytes/s

  const auto& fraction = std::get<BusBandwidthCheck>(spec.checks[4].kind);
  EXPECT_EQ(fraction.basis, BusBandwidthBasis::model_fraction);
  EXPECT_DOUBLE_EQ(fraction.at_least, 0.8);
  EXPECT_EQ(fraction.rows.min_bytes, std::uint64_t{256} << 20);

  const auto& latency = std::get<LatencyCheck>(spec.checks[5].kind);
  EXPECT_EQ(latency.rows.max_bytes, 8192u);
  EXPECT_FALSE(latency.rows.min_bytes);
  EXPECT_DOUBLE_EQ(latency.at_most_s, 50e-6);

  const auto& tail = std::get<TailRatioCheck>(spec.checks[6].kind);
  EXPECT_EQ(tail.rows.collective, kAnyCollective);
  EXPECT_DOUBLE_EQ(tail.at_most, 1.5);
  EXPECT_EQ(tail.min_samples, 100u);

  const auto& links = std::get<LinkcheckNoOutliersCheck>(spec.checks[7].kind);
  EXPECT_TRUE(links.bandwidth);
  EXPECT_TRUE(links.latency);

  const auto& scaling = std::get<ScalingEfficiencyCheck>(spec.checks[8].kind);
  EXPECT_EQ(scaling.gpus, 64u);
  EXPECT_DOUBLE_EQ(scaling.at_least, 0.9);
  EXPECT_EQ(scaling.series, ScalingSeriesSource::measured);
}

TEST(AcceptanceSpecFile, OptionalFieldsRead) {
  const AcceptanceSpec spec = parse_acceptance_spec(R"({"kind": "acceptance", "format_version": 1, "name": "n",
    "description": "d", "checks": [
      {"check": "latency", "collective": "allreduce", "dtype": "bfloat16", "op": "max", "algorithm": "ring",
       "placement": "in-place", "min_bytes": 0, "max_bytes": 4096, "latency_at_most_us": 12.5},
      {"check": "linkcheck_no_outliers", "outlier_kind": "latency"},
      {"check": "scaling_efficiency", "gpus": 16, "efficiency_at_least": 1, "series": "predicted", "fabric": "dgx-h100"}
    ]})",
                                                    "spec.json");
  EXPECT_EQ(spec.description, "d");
  const auto& latency = std::get<LatencyCheck>(spec.checks[0].kind);
  EXPECT_EQ(latency.rows.dtype, "bfloat16");
  EXPECT_EQ(latency.rows.op, "max");
  EXPECT_EQ(latency.rows.algorithm, "ring");
  EXPECT_EQ(latency.rows.placement, "in-place");
  EXPECT_EQ(latency.rows.min_bytes, 0u);
  EXPECT_EQ(latency.rows.max_bytes, 4096u);
  EXPECT_DOUBLE_EQ(latency.at_most_s, 12.5e-6);
  const auto& links = std::get<LinkcheckNoOutliersCheck>(spec.checks[1].kind);
  EXPECT_FALSE(links.bandwidth);
  EXPECT_TRUE(links.latency);
  const auto& scaling = std::get<ScalingEfficiencyCheck>(spec.checks[2].kind);
  EXPECT_EQ(scaling.series, ScalingSeriesSource::predicted);
  EXPECT_EQ(scaling.fabric, "dgx-h100");
}

struct BadSpec {
  std::string what;
  std::string text;
  std::string message;  // the whole line
};

std::vector<BadSpec> bad_specs() {
  const json example = json::parse(file_text(kExampleSpec));
  const std::string busbw_fields =
      "the fields check, name, collective, dtype, op, algorithm, placement, min_bytes, max_bytes, "
      "busbw_at_least_GBps, busbw_at_least_model_fraction";
  const std::string types =
      "no_wrong_elements, busbw, latency, tail_ratio, linkcheck_no_outliers, scaling_efficiency";
  const std::string sizes =
      "a whole number of bytes, or a string such as \"8K\", \"64M\", \"1G\" (K, M, G: 1024, 1024^2, 1024^3)";
  return {
      {"unknown field in a check", text_with(example, "/checks/1/at_least", 300),
       "spec.json: /checks/1/at_least: unknown field (accepted: " + busbw_fields + ")"},
      {"unknown top-level field", text_with(example, "/threshold", 1),
       "spec.json: /threshold: unknown field (accepted: the fields kind, format_version, name, description, checks)"},
      {"unknown check type", text_with(example, "/checks/2/check", "bandwidth"),
       "spec.json: /checks/2/check: \"bandwidth\" is not a check type (accepted: " + types + ")"},
      {"missing check type", text_without(example, "/checks/0/check"),
       "spec.json: /checks/0/check: is missing (accepted: one of " + types + ")"},
      {"wrong type", text_with(example, "/checks/1/busbw_at_least_GBps", "340"),
       "spec.json: /checks/1/busbw_at_least_GBps: is a string (accepted: a number of GB/s (1e9 bytes/s) from 1e-06 to "
       "100000)"},
      {"zero bandwidth", text_with(example, "/checks/1/busbw_at_least_GBps", 0),
       "spec.json: /checks/1/busbw_at_least_GBps: 0 is less than 1e-06 (accepted: a number of GB/s (1e9 bytes/s) "
       "from 1e-06 to 100000)"},
      // 1e308 GB/s was infinity once multiplied into bytes/s: a floor no run could pass.
      {"bandwidth beyond any link", text_with(example, "/checks/1/busbw_at_least_GBps", 1e308),
       "spec.json: /checks/1/busbw_at_least_GBps: 1e+308 is more than 100000 (accepted: a number of GB/s (1e9 "
       "bytes/s) from 1e-06 to 100000)"},
      // A denormal became a ceiling of 0 s: a check no run could pass.
      {"latency of a denormal", text_with(example, "/checks/5/latency_at_most_us", 4.9e-324),
       "spec.json: /checks/5/latency_at_most_us: 5e-324 is less than 0.001 (accepted: a number of microseconds from "
       "0.001 to 10000000)"},
      {"size range upside down", text_with(example, "/checks/1/min_bytes", "16G"),
       "spec.json: /checks/1/max_bytes: 8589934592 bytes is less than min_bytes, 17179869184 bytes (accepted: a size "
       "at least min_bytes)"},
      {"fraction above 1", text_with(example, "/checks/4/busbw_at_least_model_fraction", 1.2),
       "spec.json: /checks/4/busbw_at_least_model_fraction: 1.2 is greater than 1 (accepted: a number greater than 0 "
       "and at most 1)"},
      {"fraction of 0", text_with(example, "/checks/4/busbw_at_least_model_fraction", 0),
       "spec.json: /checks/4/busbw_at_least_model_fraction: 0 is not greater than 0 (accepted: a number greater than "
       "0 and at most 1)"},
      {"both busbw floors", text_with(example, "/checks/4/busbw_at_least_GBps", 100),
       "spec.json: /checks/4: has both busbw_at_least_GBps and busbw_at_least_model_fraction (accepted: exactly one "
       "of busbw_at_least_GBps (GB/s, 1e9 bytes/s) and busbw_at_least_model_fraction)"},
      {"no busbw floor", text_without(example, "/checks/1/busbw_at_least_GBps"),
       "spec.json: /checks/1: has no busbw floor (accepted: exactly one of busbw_at_least_GBps (GB/s, 1e9 bytes/s) "
       "and busbw_at_least_model_fraction)"},
      {"busbw without a lower size", text_without(example, "/checks/1/min_bytes"),
       "spec.json: /checks/1/min_bytes: is missing (accepted: " + sizes +
           ": busbw is judged over a range of large sizes, from min_bytes (to max_bytes))"},
      {"latency without an upper size", text_without(example, "/checks/5/max_bytes"),
       "spec.json: /checks/5/max_bytes: is missing (accepted: " + sizes +
           ": latency is judged over small sizes, up to max_bytes)"},
      {"a size that is not one", text_with(example, "/checks/5/max_bytes", "8KiB"),
       "spec.json: /checks/5/max_bytes: \"8KiB\" is not a size (accepted: " + sizes + ")"},
      {"a negative size", text_with(example, "/checks/5/max_bytes", -8),
       "spec.json: /checks/5/max_bytes: -8 is negative (accepted: " + sizes + ")"},
      {"unknown collective", text_with(example, "/checks/5/collective", "all_reduce"),
       "spec.json: /checks/5/collective: \"all_reduce\" is not accepted (accepted: allreduce, allgather, "
       "reducescatter, broadcast, reduce, alltoall, sendrecv)"},
      {"all outside tail_ratio", text_with(example, "/checks/5/collective", "all"),
       "spec.json: /checks/5/collective: \"all\" is not accepted (accepted: allreduce, allgather, reducescatter, "
       "broadcast, reduce, alltoall, sendrecv)"},
      {"unknown dtype", text_with(example, "/checks/5/dtype", "fp32"), ""},
      {"op for a collective that does not reduce", text_with(example, "/checks/2/op", "sum"),
       ""},
      {"algorithm the collective lacks", text_with(example, "/checks/2/algorithm", "rabenseifner"),
       "spec.json: /checks/2/algorithm: \"rabenseifner\" is not accepted (accepted: native, ring)"},
      {"tail ratio below 1", text_with(example, "/checks/6/p99_over_median_at_most", 0.9),
       "spec.json: /checks/6/p99_over_median_at_most: 0.9 is less than 1 (accepted: a number of at least 1)"},
      {"zero min_samples", text_with(example, "/checks/6/min_samples", 0),
       "spec.json: /checks/6/min_samples: 0 is less than 1 (accepted: a whole number from 1 to 18446744073709551615)"},
      {"unknown outlier kind", text_with(example, "/checks/7/outlier_kind", "both"),
       "spec.json: /checks/7/outlier_kind: \"both\" is not accepted (accepted: any, bandwidth, latency)"},
      {"fractional gpus", text_with(example, "/checks/8/gpus", 6.5),
       "spec.json: /checks/8/gpus: 6.5 is not a whole number (accepted: a whole number from 1 to "
       "18446744073709551615)"},
      {"efficiency above 1", text_with(example, "/checks/8/efficiency_at_least", 1.5),
       "spec.json: /checks/8/efficiency_at_least: 1.5 is greater than 1 (accepted: a number greater than 0 and at "
       "most 1)"},
      {"fabric for the measured series", text_with(example, "/checks/8/fabric", "dgx-h100"),
       "spec.json: /checks/8/fabric: is given for the measured series (accepted: fabric only with \"series\": "
       "\"predicted\" (it picks the predicted series of that fabric))"},
      {"no checks", text_with(example, "/checks", json::array()),
       "spec.json: /checks: is empty (accepted: an array of at least one check object (docs/GATE.md))"},
      {"a check that is not an object", text_with(example, "/checks/0", "no_wrong_elements"), ""},
      {"wrong kind", text_with(example, "/kind", "fabric"),
       "spec.json: /kind: \"fabric\" is not \"acceptance\" (accepted: \"acceptance\")"},
      {"newer format", text_with(example, "/format_version", 2),
       "spec.json: /format_version: 2 is not supported (accepted: 1, the only format_version this build reads)"},
      {"empty label", text_with(example, "/checks/1/name", ""),
       "spec.json: /checks/1/name: is empty (accepted: a non-empty string)"},
      {"not JSON", "{\"kind\": ", ""},
      {"empty file", " \n", ""},
      {"not an object", "[1]", "spec.json: /: is an array (accepted: an object: a commbench acceptance spec, "
                               "docs/GATE.md, format_version 1)"},
  };
}

TEST(AcceptanceSpecFile, EveryMistakeIsRefusedOnOneLineNamingTheField) {
  for (const BadSpec& bad : bad_specs()) {
    SCOPED_TRACE(bad.what);
    const std::string message = refusal(bad.text);
    ASSERT_FALSE(message.empty()) << "accepted";
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_EQ(message.rfind("spec.json: ", 0), 0u) << message;
    EXPECT_NE(message.find("(accepted: "), std::string::npos) << message;
    if (!bad.message.empty()) {
      EXPECT_EQ(message, bad.message);
    }
  }
}

// An unknown key is refused at the key, before its value is read: the text after it is not
// even JSON. A check's fields are its type's when its "check" came first or can be read.
TEST(AcceptanceSpecFile, UnknownKeyIsRefusedAtTheKey) {
  const std::string header = R"({"kind": "acceptance", "format_version": 1, "name": "x", )";
  EXPECT_EQ(refusal(header + R"("threshold": [0, 0, 0 not JSON)"),
            "spec.json: /threshold: unknown field (accepted: the fields kind, format_version, name, description, "
            "checks)");
  const std::string busbw_fields =
      "the fields check, name, collective, dtype, op, algorithm, placement, min_bytes, max_bytes, "
      "busbw_at_least_GBps, busbw_at_least_model_fraction";
  EXPECT_EQ(refusal(header + R"("checks": [{"check": "busbw", "at_least": [not JSON)"),
            "spec.json: /checks/0/at_least: unknown field (accepted: " + busbw_fields + ")");
  EXPECT_EQ(refusal(header + R"("checks": [{"at_least": [300], "check": "busbw"}]})"),
            "spec.json: /checks/0/at_least: unknown field (accepted: " + busbw_fields + ")");
  EXPECT_EQ(refusal(header + R"("checks": [{"at_least": [300]}]})"),
            "spec.json: /checks/0/check: is missing (accepted: one of no_wrong_elements, busbw, latency, tail_ratio, "
            "linkcheck_no_outliers, scaling_efficiency)");
  // A field of another check type passes the parse and is refused by the check's own list.
  EXPECT_EQ(refusal(header + R"("checks": [{"check": "no_wrong_elements", "gpus": 8}]})"),
            "spec.json: /checks/0/gpus: unknown field (accepted: the fields check, name)");
}

// A second "checks" would drop the first list's checks, and the gate pass with the second.
TEST(AcceptanceSpecFile, KeyGivenTwiceIsRefused) {
  std::string text = file_text(kExampleSpec);
  const std::size_t end = text.rfind('}');
  ASSERT_NE(end, std::string::npos);
  text.insert(end, R"(, "checks": [{"check": "no_wrong_elements"}])");
  EXPECT_EQ(refusal(text),
            "spec.json: key \"checks\" appears twice in the object at / (accepted: each key at most once in an "
            "object)");
}

TEST(AcceptanceSpecFile, RefusalsOfFiltersNameTheField) {
  const json example = json::parse(file_text(kExampleSpec));
  EXPECT_EQ(refusal(text_with(example, "/checks/5/dtype", "fp32"))
                .rfind("spec.json: /checks/5/dtype: \"fp32\" is not a dtype (accepted: int8, ", 0),
            0u);
  EXPECT_EQ(refusal(text_with(example, "/checks/2/op", "sum"))
                .rfind("spec.json: /checks/2/op: is given for allgather, which does not reduce (accepted: ", 0),
            0u);
}

TEST(AcceptanceSpecFile, AValueWithControlCharactersStaysOnOneLine) {
  const json example = json::parse(file_text(kExampleSpec));
  const std::string message = refusal(text_with(example, "/checks/1/collective", "all\nreduce"));
  EXPECT_EQ(message.find('\n'), std::string::npos);
  EXPECT_NE(message.find("/checks/1/collective"), std::string::npos) << message;
}

TEST(AcceptanceSpecFile, AMissingFileIsNamed) {
  TemporaryDirectory directory;
  const std::string path = directory.file("absent.json");
  try {
    load_acceptance_spec_file(path);
    FAIL() << "accepted a missing file";
  } catch (const AcceptanceSpecError& error) {
    EXPECT_EQ(std::string(error.what()),
              path + ": cannot read: No such file or directory (accepted: a readable acceptance spec file (JSON, "
                     "docs/GATE.md))");
  }
}

}  // namespace
}  // namespace commbench
