// topology/fabric*: units, the strict fabric loader (every way a file can be wrong is one line
// naming the file, the field and what is accepted), the writer's round trip, the presets and
// their figures checked against a table written from the cited sources.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "topology/fabric/fabric.hpp"
#include "topology/fabric/fabric_switches.hpp"
#include "topology/fabric/fabric_units.hpp"
#include "topology/fabric_files/fabric_json.hpp"
#include "topology/fabric_files/fabric_presets.hpp"
#include "json_edits.hpp"

namespace commbench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kBandwidthUnits =
    "B/s, kB/s, KB/s, MB/s, GB/s, TB/s, KiB/s, MiB/s, GiB/s, b/s, kb/s, Kb/s, Mb/s, Gb/s, Tb/s, bit/s, kbit/s, "
    "Mbit/s, Gbit/s, Tbit/s";
const std::string kTimeUnits = "s, ms, us, \xC2\xB5s, ns";
const std::string kAcceptedFabric = "a commbench fabric description, docs/FABRIC.md, format_version 1 to 2";
const std::string kAcceptedCount = "a whole number from 1 to 18446744073709551615";
const std::string kAcceptedMembers = kAcceptedCount + ", or {\"value\": 8, \"source\": \"...\"}";
const std::string kAcceptedBandwidth =
    "a bandwidth from 1 kB/s to 100 TB/s: a number in bytes/s, a string such as \"400 Gb/s\", or "
    "{\"value\": 400, \"unit\": \"Gb/s\", \"source\": \"...\", \"uncertainty\": 0}";
const std::string kAcceptedLatency =
    "a time from 0 to 10 s: a number in seconds, a string such as \"2.5 us\", or "
    "{\"value\": 2.5, \"unit\": \"us\", \"source\": \"...\", \"uncertainty\": 0}";

// ---- units ----------------------------------------------------------------------------------

TEST(FabricUnits, EveryBandwidthUnit) {
  const std::vector<std::pair<std::string, double>> units = {
      {"B/s", 1},           {"kB/s", 1e3},        {"KB/s", 1e3},        {"MB/s", 1e6},   {"GB/s", 1e9},
      {"TB/s", 1e12},       {"KiB/s", 1024},      {"MiB/s", 1048576},   {"GiB/s", 1073741824},
      {"b/s", 0.125},       {"kb/s", 125},        {"Kb/s", 125},        {"Mb/s", 125e3}, {"Gb/s", 125e6},
      {"Tb/s", 125e9},      {"bit/s", 0.125},     {"kbit/s", 125},      {"Mbit/s", 125e3},
      {"Gbit/s", 125e6},    {"Tbit/s", 125e9}};
  for (const auto& [unit, factor] : units) {
    EXPECT_TRUE(is_known_unit(unit, QuantityKind::bandwidth)) << unit;
    EXPECT_EQ(to_si(8, unit, QuantityKind::bandwidth), 8 * factor) << unit;
    EXPECT_EQ(parse_quantity("8 " + unit, QuantityKind::bandwidth).si, 8 * factor) << unit;
    EXPECT_FALSE(is_known_unit(unit, QuantityKind::time)) << unit;
  }
  EXPECT_EQ(accepted_units(QuantityKind::bandwidth), kBandwidthUnits);
}

TEST(FabricUnits, EveryTimeUnit) {
  const std::vector<std::pair<std::string, double>> units = {
      {"s", 3}, {"ms", 3e-3}, {"us", 3e-6}, {"\xC2\xB5s", 3e-6}, {"\xCE\xBCs", 3e-6}, {"ns", 3e-9}};
  for (const auto& [unit, seconds] : units) {
    EXPECT_EQ(to_si(3, unit, QuantityKind::time), seconds) << unit;
    EXPECT_EQ(parse_quantity("3 " + unit, QuantityKind::time).si, seconds) << unit;
  }
  EXPECT_EQ(accepted_units(QuantityKind::time), kTimeUnits);
}

TEST(FabricUnits, TextFormsAndExactValues) {
  const ParsedQuantity bandwidth = parse_quantity("400 Gb/s", QuantityKind::bandwidth);
  EXPECT_EQ(bandwidth.si, 5e10);
  EXPECT_EQ(bandwidth.value, 400);
  EXPECT_EQ(bandwidth.unit, "Gb/s");
  EXPECT_EQ(parse_quantity("400Gb/s", QuantityKind::bandwidth).si, 5e10);
  EXPECT_EQ(parse_quantity("2.5 us", QuantityKind::time).si, 2.5e-6);
  EXPECT_EQ(parse_quantity("2.5e3 ns", QuantityKind::time).si, 2.5e-6);
  EXPECT_EQ(parse_quantity("-1 s", QuantityKind::time).si, -1);  // ranges are the loader's business
  EXPECT_EQ(from_si(5e10, "Gb/s", QuantityKind::bandwidth), 400);
  EXPECT_EQ(from_si(2.5e-6, "us", QuantityKind::time), 2.5);
}

TEST(FabricUnits, RefusedTextSaysWhatIsAccepted) {
  const auto message = [](const std::string& text, QuantityKind kind) {
    try {
      parse_quantity(text, kind);
    } catch (const UnitError& error) {
      return std::string(error.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(message("400 Gbps", QuantityKind::bandwidth),
            "unknown bandwidth unit \"Gbps\" (accepted: " + kBandwidthUnits + ")");
  EXPECT_EQ(message("2 us", QuantityKind::bandwidth), "unknown bandwidth unit \"us\" (accepted: " + kBandwidthUnits + ")");
  EXPECT_EQ(message("2 GB/s", QuantityKind::time), "unknown time unit \"GB/s\" (accepted: " + kTimeUnits + ")");
  EXPECT_EQ(message("400", QuantityKind::bandwidth),
            "\"400\" has no unit (accepted: a number and a bandwidth unit, e.g. \"400 Gb/s\"; units: " + kBandwidthUnits +
                ")");
  EXPECT_EQ(message("fast", QuantityKind::time),
            "\"fast\" does not start with a number (accepted: a number and a time unit, e.g. \"2.5 us\"; units: " +
                kTimeUnits + ")");
  EXPECT_EQ(message("inf s", QuantityKind::time).rfind("\"inf s\" does not start with a number", 0), 0u);
  EXPECT_EQ(message("1e999 s", QuantityKind::time), "\"1e999 s\" is too large (accepted: a number from 2.2250738585072014e-308 to 1.7976931348623157e308 in "
            "magnitude, or 0)");
  EXPECT_EQ(message("1e-999 s", QuantityKind::time),
            "\"1e-999 s\" is too small (accepted: a number from 2.2250738585072014e-308 to 1.7976931348623157e308 in "
            "magnitude, or 0)");
  EXPECT_EQ(parse_quantity("0.1 us", QuantityKind::time).si, 1e-7);  // decimal digits shifted, not times 1e-6
  EXPECT_EQ(parse_quantity("+3 ms", QuantityKind::time).si, 3e-3);
  EXPECT_THROW(to_si(1, "parsecs", QuantityKind::time), UnitError);
}

// ---- the loader -----------------------------------------------------------------------------

json good_document() {
  return json::parse(R"({
    "kind": "fabric", "format_version": 1, "name": "test", "description": "two tiers",
    "tiers": [
      {"name": "nvlink", "members": {"value": 8, "source": "eight GPUs"}, "link_bandwidth": "25 GB/s",
       "latency": {"value": 0.6, "unit": "us", "source": "NCCL", "uncertainty": 0.1},
       "links_per_member": 18, "ranks_per_nic": 1, "in_switch_reduction": true},
      {"name": "ib", "members": 2, "link_bandwidth": 5e10, "latency": 2.7e-6,
       "links_per_member": 8, "ranks_per_nic": 1, "in_switch_reduction": false}],
    "measurements": [{"tier": "ib", "bytes": 1024, "time_s": 3e-6}]
  })");
}

// good_document with the optional fields a fitted fabric carries: a reduction bandwidth and two
// fits, one of a tier (point-to-point) and one of a collective's algorithm.
json fitted_document() {
  json document = good_document();
  document["reduction_bandwidth"] = json{{"value", 1117}, {"unit", "GB/s"}, {"source", "HBM 3.35 TB/s / 3"}};
  document["fits"] = json::parse(R"([
    {"collective": "point-to-point", "tier": "ib", "ranks": 2, "points": 12,
     "latency_s": {"value": 2.9e-6, "ci95_low": 2.7e-6, "ci95_high": 3.1e-6},
     "seconds_per_byte": {"value": 2.1e-11, "ci95_low": 2.0e-11, "ci95_high": 2.2e-11},
     "half_bandwidth_bytes": 138095.2, "median_relative_error": 0.021, "max_relative_error": 0.083},
    {"collective": "allreduce", "algorithm": "ring", "ranks": 16, "points": 10,
     "latency_s": {"value": 4e-5, "ci95_low": 3.5e-5, "ci95_high": 4.5e-5},
     "seconds_per_byte": {"value": 2e-11, "ci95_low": 1.9e-11, "ci95_high": 2.1e-11},
     "reduction_seconds_per_byte": {"value": 1e-12, "ci95_low": 0, "ci95_high": 2e-12},
     "half_bandwidth_bytes": 2000000, "median_relative_error": 0.05, "max_relative_error": 0.2,
     "note": "gamma separated from beta by three rank counts"}
  ])");
  return document;
}

TEST(FabricLoad, ReadsEveryForm) {
  const Fabric fabric = load_fabric_text(good_document().dump(), "t.json");
  EXPECT_EQ(fabric.name, "test");
  EXPECT_EQ(fabric.description, "two tiers");
  ASSERT_EQ(fabric.tiers.size(), 2u);
  const FabricTier& nvlink = fabric.tiers[0];
  EXPECT_EQ(nvlink.members, 8u);
  EXPECT_EQ(nvlink.members_source, "eight GPUs");
  EXPECT_EQ(nvlink.link_bandwidth.value, 25e9);
  EXPECT_EQ(nvlink.link_bandwidth.unit, "GB/s");
  EXPECT_EQ(nvlink.latency.value, 0.6e-6);
  EXPECT_EQ(nvlink.latency.source, "NCCL");
  ASSERT_TRUE(nvlink.latency.uncertainty.has_value());
  EXPECT_EQ(*nvlink.latency.uncertainty, 0.1e-6);
  EXPECT_EQ(nvlink.links_per_member, 18u);
  EXPECT_TRUE(nvlink.in_switch_reduction);
  const FabricTier& ib = fabric.tiers[1];
  EXPECT_EQ(ib.link_bandwidth.value, 5e10);
  EXPECT_EQ(ib.link_bandwidth.unit, "");
  EXPECT_EQ(ib.latency.value, 2.7e-6);
  EXPECT_FALSE(ib.in_switch_reduction);
  ASSERT_EQ(fabric.measurements.size(), 1u);
  EXPECT_EQ(fabric.measurements[0].tier, "ib");
  EXPECT_EQ(fabric.measurements[0].bytes, 1024u);
  EXPECT_EQ(fabric.measurements[0].time_s, 3e-6);
  EXPECT_EQ(fabric_ranks(fabric), 16u);
}

TEST(FabricLoad, WholeNumbersWrittenAsDecimalsAreAccepted) {
  json document = good_document();
  document["tiers"][1]["members"] = 2.0;
  document["tiers"][1]["links_per_member"] = 8e0;
  EXPECT_EQ(load_fabric_text(document.dump(), "t.json").tiers[1].members, 2u);
}

TEST(FabricLoad, ReadsReductionBandwidthAndFits) {
  const Fabric fabric = load_fabric_text(fitted_document().dump(), "t.json");
  ASSERT_TRUE(fabric.reduction_bandwidth.has_value());
  EXPECT_EQ(fabric.reduction_bandwidth->value, 1117e9);
  EXPECT_EQ(fabric.reduction_bandwidth->unit, "GB/s");
  EXPECT_EQ(fabric.reduction_bandwidth->source, "HBM 3.35 TB/s / 3");
  ASSERT_EQ(fabric.fits.size(), 2u);
  const FabricFit& tier_fit = fabric.fits[0];
  EXPECT_EQ(tier_fit.collective, kPointToPointFit);
  EXPECT_EQ(tier_fit.algorithm, "");
  EXPECT_EQ(tier_fit.tier, "ib");
  EXPECT_EQ(tier_fit.ranks, 2);
  EXPECT_EQ(tier_fit.points, 12u);
  EXPECT_EQ(tier_fit.latency_s, (FittedValue{2.9e-6, 2.7e-6, 3.1e-6}));
  EXPECT_EQ(tier_fit.seconds_per_byte, (FittedValue{2.1e-11, 2.0e-11, 2.2e-11}));
  EXPECT_FALSE(tier_fit.reduction_seconds_per_byte.has_value());
  EXPECT_EQ(tier_fit.half_bandwidth_bytes, 138095.2);
  EXPECT_EQ(tier_fit.median_relative_error, 0.021);
  EXPECT_EQ(tier_fit.max_relative_error, 0.083);
  EXPECT_EQ(tier_fit.note, "");
  const FabricFit& ring = fabric.fits[1];
  EXPECT_EQ(ring.collective, "allreduce");
  EXPECT_EQ(ring.algorithm, "ring");
  EXPECT_EQ(ring.tier, "");
  EXPECT_EQ(ring.ranks, 16);
  ASSERT_TRUE(ring.reduction_seconds_per_byte.has_value());
  EXPECT_EQ(*ring.reduction_seconds_per_byte, (FittedValue{1e-12, 0, 2e-12}));
  EXPECT_EQ(ring.note, "gamma separated from beta by three rank counts");
}

TEST(FabricLoad, ReductionBandwidthTakesEveryQuantityForm) {
  for (const json& form : {json("1117 GB/s"), json(1.117e12), json{{"value", 8936}, {"unit", "Gb/s"}}}) {
    json document = good_document();
    document["reduction_bandwidth"] = form;
    const Fabric fabric = load_fabric_text(document.dump(), "t.json");
    ASSERT_TRUE(fabric.reduction_bandwidth.has_value()) << form;
    EXPECT_EQ(fabric.reduction_bandwidth->value, 1.117e12) << form;
  }
  EXPECT_FALSE(load_fabric_text(good_document().dump(), "t.json").reduction_bandwidth.has_value());
}

TEST(FabricLoad, FitsOfEveryCollectiveAndNativeAreAccepted) {
  for (const char* collective : {"allreduce", "allgather", "reducescatter", "broadcast", "reduce", "alltoall", "sendrecv"}) {
    json document = fitted_document();
    document["fits"][1]["collective"] = collective;
    document["fits"][1]["algorithm"] = "native";
    document["fits"][1]["tier"] = "nvlink";  // a collective fitted within one tier may name it
    EXPECT_EQ(load_fabric_text(document.dump(), "t.json").fits[1].collective, collective);
  }
}

struct BadFabric {
  std::string label;
  std::function<std::string()> text;
  std::string message;
};

// good_document as a format version 2 GPU fabric: what the NCCL model reads.
json gpu_document() {
  json document = good_document();
  document["format_version"] = 2;
  document["gpu"] = json{{"model", "H100 SXM5"}, {"generation", "hopper"}, {"cpu_vendor", "intel"}, {"source", "datasheet"}};
  document["tiers"][0]["kind"] = "nvlink";
  document["tiers"][0]["nvswitch"] = true;
  document["tiers"][0]["achievable_link_bandwidth"] = json{{"value", 20.6}, {"unit", "GB/s"}, {"source", "topo.h"}};
  document["tiers"][1]["kind"] = "network";
  document["tiers"][1]["nic_path_bandwidth"] = "48 GB/s";
  document["tiers"][1]["calibration"] = json::parse(R"({
    "latency_scale": {"value": 2.46, "ci95_low": 2.31, "ci95_high": 2.68},
    "bandwidth_efficiency": {"value": 0.94, "ci95_low": 0.89, "ci95_high": 0.97},
    "points": 31, "median_relative_error": 0.057, "note": "fitted to run.json"})");
  return document;
}
std::string with_gpu(const std::string& pointer, const json& value) { return text_with(gpu_document(), pointer, value); }
std::string without_gpu(const std::string& pointer) { return text_without(gpu_document(), pointer); }

std::string with(const std::string& pointer, const json& value) { return text_with(good_document(), pointer, value); }
std::string without(const std::string& pointer) { return text_without(good_document(), pointer); }
std::string with_fitted(const std::string& pointer, const json& value) {
  return text_with(fitted_document(), pointer, value);
}
std::string without_fitted(const std::string& pointer) { return text_without(fitted_document(), pointer); }

const std::string kFitFieldList =
    "collective, algorithm, tier, ranks, points, latency_s, seconds_per_byte, reduction_seconds_per_byte, "
    "half_bandwidth_bytes, median_relative_error, max_relative_error, note";
const std::string kAcceptedFittedValue =
    "{\"value\": v, \"ci95_low\": low, \"ci95_high\": high}: numbers with 0 <= v and low <= v <= high";
const std::string kAllreduceAlgorithms =
    "native, ring, recursive-doubling, rabenseifner, double-binary-tree, hierarchical, in-switch";

std::string nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

const std::vector<BadFabric>& bad_fabrics() {
  static const std::vector<BadFabric> cases = {
      {"bad_json", [] { return std::string("{\"kind\": \"fabric\",\n  \"name\": }"); },
       "t.json: not valid JSON at line 2, column 11 (byte 30): syntax error while parsing value - unexpected '}'; "
       "expected '[', '{', or a literal (accepted: " + kAcceptedFabric + ")"},
      {"empty_text", [] { return std::string(" \n"); }, "t.json: is empty (accepted: " + kAcceptedFabric + ")"},
      {"number_beyond_double", [] { return std::string("{\"kind\": 1e400}"); },
       "t.json: not valid JSON: number overflow parsing '1e400' (accepted: numbers up to 1.7976931348623157e308 in "
       "magnitude)"},
      {"too_deep", [] { return nested(65); }, "t.json: nested deeper than 64 levels (accepted: " + kAcceptedFabric + ")"},
      {"not_an_object", [] { return std::string("[]"); },
       "t.json: /: is an array (accepted: an object: " + kAcceptedFabric + ")"},
      {"missing_kind", [] { return without("/kind"); }, "t.json: /kind: is missing (accepted: \"fabric\")"},
      {"wrong_kind", [] { return with("/kind", "report"); },
       "t.json: /kind: \"report\" is not \"fabric\" (accepted: \"fabric\")"},
      {"unsupported_version", [] { return with("/format_version", 3); },
       "t.json: /format_version: 3 is not supported (accepted: 1 to 2, the format_versions this build reads)"},
      {"unknown_top_field", [] { return with("/tires", json::array()); },
       "t.json: /tires: unknown field (accepted: the fields kind, format_version, name, description, tiers, "
       "reduction_bandwidth, measurements, fits)"},
      {"missing_name", [] { return without("/name"); }, "t.json: /name: is missing (accepted: a non-empty string)"},
      {"empty_name", [] { return with("/name", ""); }, "t.json: /name: is empty (accepted: a non-empty string)"},
      {"description_not_string", [] { return with("/description", 3); },
       "t.json: /description: is a number (accepted: a string)"},
      {"missing_tiers", [] { return without("/tiers"); },
       "t.json: /tiers: is missing (accepted: an array of at least one tier, innermost first)"},
      {"empty_tiers", [] { return with("/tiers", json::array()); },
       "t.json: /tiers: is empty (accepted: an array of at least one tier, innermost first)"},
      {"tier_not_object", [] { return with("/tiers/1", "ib"); },
       "t.json: /tiers/1: is a string (accepted: an object with the fields name, members, link_bandwidth, latency, "
       "links_per_member, ranks_per_nic, in_switch_reduction)"},
      {"unknown_tier_field", [] { return with("/tiers/0/bandwith", 1); },
       "t.json: /tiers/0/bandwith: unknown field (accepted: the fields name, members, link_bandwidth, latency, "
       "links_per_member, ranks_per_nic, in_switch_reduction)"},
      {"key_with_slash", [] { return with("/tiers/0/a~1b", 1); },
       "t.json: /tiers/0/a~1b: unknown field (accepted: the fields name, members, link_bandwidth, latency, "
       "links_per_member, ranks_per_nic, in_switch_reduction)"},
      {"duplicate_tier_name", [] { return with("/tiers/1/name", "nvlink"); },
       "t.json: /tiers/1/name: \"nvlink\" is already the name of /tiers/0 (accepted: a name no other tier has)"},
      {"missing_latency", [] { return without("/tiers/0/latency"); },
       "t.json: /tiers/0/latency: is missing (accepted: " + kAcceptedLatency + ")"},
      {"missing_in_switch_reduction", [] { return without("/tiers/1/in_switch_reduction"); },
       "t.json: /tiers/1/in_switch_reduction: is missing (accepted: true or false)"},
      {"reduction_not_boolean", [] { return with("/tiers/1/in_switch_reduction", "yes"); },
       "t.json: /tiers/1/in_switch_reduction: is a string (accepted: true or false)"},
      {"zero_members", [] { return with("/tiers/1/members", 0); },
       "t.json: /tiers/1/members: 0 is less than 1 (accepted: " + kAcceptedMembers + ")"},
      {"fractional_members", [] { return with("/tiers/1/members", 1.5); },
       "t.json: /tiers/1/members: 1.5 is not a whole number (accepted: " + kAcceptedMembers + ")"},
      {"negative_members", [] { return with("/tiers/1/members", -1); },
       "t.json: /tiers/1/members: -1 is negative (accepted: " + kAcceptedMembers + ")"},
      {"members_2_pow_64", [] { return with("/tiers/1/members", 18446744073709551616.0); },
       "t.json: /tiers/1/members: 1.8446744073709552e+19 is too large (accepted: " + kAcceptedMembers + ")"},
      {"members_string", [] { return with("/tiers/1/members", "2"); },
       "t.json: /tiers/1/members: is a string (accepted: " + kAcceptedMembers + ")"},
      {"zero_members_object", [] { return with("/tiers/0/members/value", 0); },
       "t.json: /tiers/0/members/value: 0 is less than 1 (accepted: " + kAcceptedCount + ")"},
      {"members_object_unknown_field", [] { return with("/tiers/0/members/unit", "GPUs"); },
       "t.json: /tiers/0/members/unit: unknown field (accepted: the fields value, source)"},
      {"zero_links", [] { return with("/tiers/0/links_per_member", 0); },
       "t.json: /tiers/0/links_per_member: 0 is less than 1 (accepted: " + kAcceptedCount + ")"},
      {"zero_ranks_per_nic", [] { return with("/tiers/0/ranks_per_nic", 0); },
       "t.json: /tiers/0/ranks_per_nic: 0 is less than 1 (accepted: " + kAcceptedCount + ")"},
      {"ranks_overflow",
       [] {
         json document = good_document();
         document["tiers"][0]["members"] = 4294967296u;
         document["tiers"][1]["members"] = 4294967296u;
         return document.dump();
       },
       "t.json: /tiers: the tiers' members multiply to more than 18446744073709551615 ranks (accepted: members whose "
       "product fits in 64 bits)"},
      {"negative_bandwidth", [] { return with("/tiers/1/link_bandwidth", -5e10); },
       "t.json: /tiers/1/link_bandwidth: -50000000000.0 is not greater than 0 (accepted: " + kAcceptedBandwidth + ")"},
      {"zero_bandwidth", [] { return with("/tiers/1/link_bandwidth", 0); },
       "t.json: /tiers/1/link_bandwidth: 0 is not greater than 0 (accepted: " + kAcceptedBandwidth + ")"},
      {"negative_bandwidth_text", [] { return with("/tiers/0/link_bandwidth", "-25 GB/s"); },
       "t.json: /tiers/0/link_bandwidth: \"-25 GB/s\" is not greater than 0 (accepted: " + kAcceptedBandwidth + ")"},
      {"negative_bandwidth_object", [] { return with("/tiers/0/link_bandwidth", json{{"value", -1}, {"unit", "GB/s"}}); },
       "t.json: /tiers/0/link_bandwidth/value: -1 GB/s is not greater than 0 (accepted: " + kAcceptedBandwidth + ")"},
      {"infinite_bandwidth_object",
       [] { return with("/tiers/0/link_bandwidth", json{{"value", 1e300}, {"unit", "TB/s"}}); },
       "t.json: /tiers/0/link_bandwidth/value: 1e+300 TB/s is too large (accepted: " + kAcceptedBandwidth + ")"},
      // The physical range (topology/fabric_files/fabric_json.hpp): 1 kB/s to 100 TB/s, latency up to 10 s.
      {"bandwidth_beyond_any_link", [] { return with("/tiers/1/link_bandwidth", 1e15); },
       "t.json: /tiers/1/link_bandwidth: 1e+15 is more than 100 TB/s (accepted: " + kAcceptedBandwidth +
           ")"},
      {"bandwidth_below_any_link", [] { return with("/tiers/0/link_bandwidth", "999 B/s"); },
       "t.json: /tiers/0/link_bandwidth: \"999 B/s\" is less than 1 kB/s (accepted: " + kAcceptedBandwidth + ")"},
      {"denormal_bandwidth", [] { return with("/tiers/0/link_bandwidth", json{{"value", 4.9e-324}, {"unit", "GB/s"}}); },
       "t.json: /tiers/0/link_bandwidth/value: 5e-324 GB/s is less than 1 kB/s (accepted: " + kAcceptedBandwidth +
           ")"},
      {"latency_beyond_ten_seconds", [] { return with("/tiers/1/latency", "60 s"); },
       "t.json: /tiers/1/latency: \"60 s\" is more than 10 s (accepted: " + kAcceptedLatency + ")"},
      {"latency_1e308", [] { return with("/tiers/0/latency", 1e308); },
       "t.json: /tiers/0/latency: 1e+308 is more than 10 s (accepted: " + kAcceptedLatency + ")"},
      {"reduction_bandwidth_tiny", [] { return with("/reduction_bandwidth", 1e-300); },
       "t.json: /reduction_bandwidth: 1e-300 is less than 1 kB/s (accepted: " + kAcceptedBandwidth + ")"},
      {"bandwidth_boolean", [] { return with("/tiers/1/link_bandwidth", true); },
       "t.json: /tiers/1/link_bandwidth: is a boolean (accepted: " + kAcceptedBandwidth + ")"},
      {"unknown_unit", [] { return with("/tiers/0/link_bandwidth", "25 Gbps"); },
       "t.json: /tiers/0/link_bandwidth: unknown bandwidth unit \"Gbps\" (accepted: " + kBandwidthUnits + ")"},
      {"unknown_unit_object", [] { return with("/tiers/0/latency/unit", "fortnights"); },
       "t.json: /tiers/0/latency/unit: unknown time unit \"fortnights\" (accepted: " + kTimeUnits + ")"},
      {"time_unit_for_bandwidth", [] { return with("/tiers/0/link_bandwidth", "25 us"); },
       "t.json: /tiers/0/link_bandwidth: unknown bandwidth unit \"us\" (accepted: " + kBandwidthUnits + ")"},
      {"no_unit_in_text", [] { return with("/tiers/0/link_bandwidth", "25"); },
       "t.json: /tiers/0/link_bandwidth: \"25\" has no unit (accepted: a number and a bandwidth unit, e.g. \"400 "
       "Gb/s\"; units: " + kBandwidthUnits + ")"},
      {"negative_latency", [] { return with("/tiers/1/latency", -1e-6); },
       "t.json: /tiers/1/latency: -1e-06 is negative (accepted: " + kAcceptedLatency + ")"},
      {"quantity_missing_value", [] { return without("/tiers/0/latency/value"); },
       "t.json: /tiers/0/latency/value: is missing (accepted: a number, in unit)"},
      {"quantity_value_text", [] { return with("/tiers/0/latency/value", "0.6"); },
       "t.json: /tiers/0/latency/value: is a string (accepted: a number, in unit)"},
      {"quantity_unknown_field", [] { return with("/tiers/0/latency/error", 0.1); },
       "t.json: /tiers/0/latency/error: unknown field (accepted: the fields value, unit, source, uncertainty)"},
      {"negative_uncertainty", [] { return with("/tiers/0/latency/uncertainty", -0.1); },
       "t.json: /tiers/0/latency/uncertainty: -0.1 is negative (accepted: a number of 0 or more, in the value's unit)"},
      {"source_not_string", [] { return with("/tiers/0/latency/source", json::array()); },
       "t.json: /tiers/0/latency/source: is an array (accepted: a string)"},
      {"measurements_not_array", [] { return with("/measurements", json::object()); },
       "t.json: /measurements: is an object (accepted: an array of {\"tier\": name, \"bytes\": n, \"time_s\": "
       "seconds})"},
      {"measurement_unknown_tier", [] { return with("/measurements/0/tier", "ethernet"); },
       "t.json: /measurements/0/tier: \"ethernet\" is not a tier (accepted: the name of a tier: nvlink, ib)"},
      {"measurement_zero_bytes", [] { return with("/measurements/0/bytes", 0); },
       "t.json: /measurements/0/bytes: 0 is less than 1 (accepted: " + kAcceptedCount + ")"},
      {"measurement_zero_time", [] { return with("/measurements/0/time_s", 0); },
       "t.json: /measurements/0/time_s: 0 is less than 1e-09 (accepted: a number of seconds from 1e-09 to 3600)"},
      {"measurement_denormal_time", [] { return with("/measurements/0/time_s", 4.9e-324); },
       "t.json: /measurements/0/time_s: 5e-324 is less than 1e-09 (accepted: a number of seconds from 1e-09 to "
       "3600)"},
      {"measurement_of_days", [] { return with("/measurements/0/time_s", 1e6); },
       "t.json: /measurements/0/time_s: 1000000.0 is more than 3600 (accepted: a number of seconds from 1e-09 to "
       "3600)"},
      {"measurement_unknown_field", [] { return with("/measurements/0/rank", 0); },
       "t.json: /measurements/0/rank: unknown field (accepted: the fields tier, bytes, time_s)"},
      {"reduction_bandwidth_zero", [] { return with("/reduction_bandwidth", 0); },
       "t.json: /reduction_bandwidth: 0 is not greater than 0 (accepted: " + kAcceptedBandwidth + ")"},
      {"reduction_bandwidth_negative_object", [] { return with("/reduction_bandwidth", json{{"value", -3}, {"unit", "GB/s"}}); },
       "t.json: /reduction_bandwidth/value: -3 GB/s is not greater than 0 (accepted: " + kAcceptedBandwidth + ")"},
      {"reduction_bandwidth_unknown_unit", [] { return with("/reduction_bandwidth", "1 GFlop/s"); },
       "t.json: /reduction_bandwidth: unknown bandwidth unit \"GFlop/s\" (accepted: " + kBandwidthUnits + ")"},
      {"reduction_bandwidth_boolean", [] { return with("/reduction_bandwidth", false); },
       "t.json: /reduction_bandwidth: is a boolean (accepted: " + kAcceptedBandwidth + ")"},
      {"fits_not_array", [] { return with("/fits", json::object()); },
       "t.json: /fits: is an object (accepted: an array of fits, each an object with the fields " + kFitFieldList + ")"},
      {"fit_not_object", [] { return with_fitted("/fits/0", 3); },
       "t.json: /fits/0: is a number (accepted: an object with the fields " + kFitFieldList + ")"},
      {"fit_unknown_field", [] { return with_fitted("/fits/1/alpha", 1); },
       "t.json: /fits/1/alpha: unknown field (accepted: the fields " + kFitFieldList + ")"},
      {"fit_missing_collective", [] { return without_fitted("/fits/1/collective"); },
       "t.json: /fits/1/collective: is missing (accepted: point-to-point, allreduce, allgather, reducescatter, "
       "broadcast, reduce, alltoall, sendrecv)"},
      {"fit_unknown_collective", [] { return with_fitted("/fits/1/collective", "allreduse"); },
       "t.json: /fits/1/collective: \"allreduse\" is not a modelled collective (accepted: point-to-point, allreduce, "
       "allgather, reducescatter, broadcast, reduce, alltoall, sendrecv)"},
      {"fit_missing_algorithm", [] { return without_fitted("/fits/1/algorithm"); },
       "t.json: /fits/1/algorithm: is missing (accepted: " + kAllreduceAlgorithms + ")"},
      {"fit_algorithm_of_another_collective", [] { return with_fitted("/fits/1/algorithm", "bruck"); },
       "t.json: /fits/1/algorithm: \"bruck\" is not an algorithm of allreduce (accepted: " + kAllreduceAlgorithms + ")"},
      {"fit_algorithm_not_string", [] { return with_fitted("/fits/1/algorithm", 7); },
       "t.json: /fits/1/algorithm: is a number (accepted: " + kAllreduceAlgorithms + ")"},
      {"point_to_point_fit_with_algorithm", [] { return with_fitted("/fits/0/algorithm", "ring"); },
       "t.json: /fits/0/algorithm: \"ring\" is given (accepted: none: a point-to-point fit has no algorithm)"},
      {"point_to_point_fit_without_tier", [] { return without_fitted("/fits/0/tier"); },
       "t.json: /fits/0/tier: is missing (accepted: the name of a tier: nvlink, ib)"},
      {"fit_unknown_tier", [] { return with_fitted("/fits/1/tier", "ethernet"); },
       "t.json: /fits/1/tier: \"ethernet\" is not a tier (accepted: the name of a tier: nvlink, ib; or none, for a "
       "fit over the whole run)"},
      {"fit_zero_ranks", [] { return with_fitted("/fits/0/ranks", 0); },
       "t.json: /fits/0/ranks: 0 is less than 1 (accepted: a whole number from 1 to 2147483647)"},
      {"fit_ranks_beyond_int", [] { return with_fitted("/fits/0/ranks", 2147483648u); },
       "t.json: /fits/0/ranks: 2147483648 is too large (accepted: a whole number from 1 to 2147483647)"},
      {"fit_fractional_points", [] { return with_fitted("/fits/0/points", 2.5); },
       "t.json: /fits/0/points: 2.5 is not a whole number (accepted: " + kAcceptedCount + ")"},
      {"fit_missing_points", [] { return without_fitted("/fits/0/points"); },
       "t.json: /fits/0/points: is missing (accepted: " + kAcceptedCount + ")"},
      {"fitted_value_not_object", [] { return with_fitted("/fits/0/latency_s", 2.9e-6); },
       "t.json: /fits/0/latency_s: is a number (accepted: " + kAcceptedFittedValue + ")"},
      {"fitted_value_missing_bound", [] { return without_fitted("/fits/0/seconds_per_byte/ci95_high"); },
       "t.json: /fits/0/seconds_per_byte/ci95_high: is missing (accepted: " + kAcceptedFittedValue + ")"},
      {"fitted_value_unknown_field", [] { return with_fitted("/fits/0/latency_s/stderr", 1e-7); },
       "t.json: /fits/0/latency_s/stderr: unknown field (accepted: the fields value, ci95_low, ci95_high)"},
      {"fitted_value_text", [] { return with_fitted("/fits/0/latency_s/value", "3 us"); },
       "t.json: /fits/0/latency_s/value: is a string (accepted: " + kAcceptedFittedValue + ")"},
      {"fitted_value_negative",
       [] { return with_fitted("/fits/1/reduction_seconds_per_byte", json{{"value", -1e-12}, {"ci95_low", -2e-12}, {"ci95_high", 0}}); },
       "t.json: /fits/1/reduction_seconds_per_byte/value: -1e-12 is negative (accepted: " + kAcceptedFittedValue + ")"},
      {"fitted_low_above_value", [] { return with_fitted("/fits/0/latency_s/ci95_low", 3e-6); },
       "t.json: /fits/0/latency_s/ci95_low: 3e-06 is more than value 2.9e-06 (accepted: " + kAcceptedFittedValue + ")"},
      {"fitted_high_below_value", [] { return with_fitted("/fits/0/latency_s/ci95_high", 2.8e-6); },
       "t.json: /fits/0/latency_s/ci95_high: 2.8e-06 is less than value 2.9e-06 (accepted: " + kAcceptedFittedValue + ")"},
      {"fit_negative_half_bandwidth", [] { return with_fitted("/fits/0/half_bandwidth_bytes", -1); },
       "t.json: /fits/0/half_bandwidth_bytes: -1 is negative (accepted: a number of 0 or more)"},
      {"fit_missing_median_error", [] { return without_fitted("/fits/1/median_relative_error"); },
       "t.json: /fits/1/median_relative_error: is missing (accepted: a number of 0 or more)"},
      {"fit_max_error_below_median", [] { return with_fitted("/fits/0/max_relative_error", 0.01); },
       "t.json: /fits/0/max_relative_error: 0.01 is less than median_relative_error 0.021 (accepted: a number of 0 or "
       "more, at least median_relative_error)"},
      {"fit_note_not_string", [] { return with_fitted("/fits/1/note", json::array()); },
       "t.json: /fits/1/note: is an array (accepted: a string)"},
      // Format version 2: the GPU fields.
      {"gpu_in_version_1", [] { return with("/gpu", json{{"generation", "hopper"}}); },
       "t.json: /gpu: is a format_version 2 field in a format_version 1 file (accepted: \"format_version\": 2 to use "
       "it, docs/FABRIC.md)"},
      {"tier_kind_in_version_1", [] { return with("/tiers/0/kind", "nvlink"); },
       "t.json: /tiers/0/kind: is a format_version 2 field in a format_version 1 file (accepted: \"format_version\": "
       "2 to use it, docs/FABRIC.md)"},
      {"unknown_generation", [] { return with_gpu("/gpu/generation", "kepler"); },
       "t.json: /gpu/generation: unknown GPU generation \"kepler\" (accepted: volta, ampere, hopper, blackwell)"},
      {"gpu_without_generation", [] { return without_gpu("/gpu/generation"); },
       "t.json: /gpu/generation: is missing (accepted: volta, ampere, hopper, blackwell)"},
      {"unknown_cpu_vendor", [] { return with_gpu("/gpu/cpu_vendor", "via"); },
       "t.json: /gpu/cpu_vendor: unknown CPU vendor \"via\" (accepted: intel, amd, arm)"},
      {"unknown_gpu_field", [] { return with_gpu("/gpu/sm_count", 132); },
       "t.json: /gpu/sm_count: unknown field (accepted: the fields model, generation, cpu_vendor, source)"},
      {"unknown_tier_kind", [] { return with_gpu("/tiers/1/kind", "infiniband"); },
       "t.json: /tiers/1/kind: unknown tier kind \"infiniband\" (accepted: nvlink, pcie, network, memory)"},
      {"gpu_fabric_without_node_kind", [] { return without_gpu("/tiers/0/kind"); },
       "t.json: /tiers/0/nvswitch: is given for a tier that is not of kind nvlink (accepted: nvswitch only with "
       "\"kind\": \"nvlink\")"},
      {"gpu_fabric_node_tier_is_network", [] { return text_without(json::parse(with_gpu("/tiers/0/kind", "network")),
                                                                   "/tiers/0/nvswitch"); },
       "t.json: /tiers/0/kind: is not nvlink or pcie (accepted: \"nvlink\" or \"pcie\": the first tier of a GPU "
       "fabric joins the GPUs of a node)"},
      {"gpu_fabric_second_tier_not_network", [] { return text_without(json::parse(with_gpu("/tiers/1/kind", "pcie")),
                                                                       "/tiers/1/nic_path_bandwidth"); },
       "t.json: /tiers/1/kind: is not network (accepted: \"network\": the second tier of a GPU fabric joins its "
       "nodes)"},
      {"nic_path_on_nvlink", [] { return with_gpu("/tiers/0/nic_path_bandwidth", "48 GB/s"); },
       "t.json: /tiers/0/nic_path_bandwidth: is given for a tier that is not of kind network (accepted: "
       "nic_path_bandwidth only with \"kind\": \"network\")"},
      {"nvswitch_not_boolean", [] { return with_gpu("/tiers/0/nvswitch", "yes"); },
       "t.json: /tiers/0/nvswitch: is a string (accepted: true or false)"},
      {"achievable_beyond_any_link", [] { return with_gpu("/tiers/1/achievable_link_bandwidth", 1e308); },
       "t.json: /tiers/1/achievable_link_bandwidth: 1e+308 is more than 100 TB/s (accepted: " + kAcceptedBandwidth +
           ")"},
      {"achievable_zero", [] { return with_gpu("/tiers/0/achievable_link_bandwidth", 0); },
       "t.json: /tiers/0/achievable_link_bandwidth: 0 is not greater than 0 (accepted: " + kAcceptedBandwidth + ")"},
      {"calibration_efficiency_zero",
       [] { return with_gpu("/tiers/1/calibration/bandwidth_efficiency", json{{"value", 0}, {"ci95_low", 0}, {"ci95_high", 0}}); },
       "t.json: /tiers/1/calibration/bandwidth_efficiency/value: 0 is outside 0.001 to 1000 (accepted: a factor from "
       "0.001 to 1000)"},
      // A denormal efficiency made every transfer time infinite, and plan wrote a report of nulls (issue 21).
      {"calibration_efficiency_denormal",
       [] {
         return with_gpu("/tiers/1/calibration/bandwidth_efficiency",
                         json{{"value", 1e-310}, {"ci95_low", 1e-310}, {"ci95_high", 1e-310}});
       },
       "t.json: /tiers/1/calibration/bandwidth_efficiency/value: 1e-310 is outside 0.001 to 1000 (accepted: a factor "
       "from 0.001 to 1000)"},
      {"calibration_latency_scale_huge",
       [] { return with_gpu("/tiers/1/calibration/latency_scale", json{{"value", 1e300}, {"ci95_low", 1}, {"ci95_high", 1e300}}); },
       "t.json: /tiers/1/calibration/latency_scale/value: 1e+300 is outside 0 to 1000 (accepted: a factor from 0 to "
       "1000)"},
      {"calibration_without_points", [] { return without_gpu("/tiers/1/calibration/points"); },
       "t.json: /tiers/1/calibration/points: is missing (accepted: a whole number from 1 to 18446744073709551615)"},
      {"control_characters_stay_on_one_line", [] { return with("/tiers/0/x\ny", 1); },
       "t.json: /tiers/0/x\\x0ay: unknown field (accepted: the fields name, members, link_bandwidth, latency, "
       "links_per_member, ranks_per_nic, in_switch_reduction)"},
  };
  return cases;
}

// Counts past their bounds are refused by the count alone, before any entry is read: a file of
// 10^5 tiers or measurements would otherwise cost time in their square (name checks, Theil-Sen).
TEST(FabricLoad, TiersAndMeasurementsPastTheirBoundsAreRefused) {
  json document = good_document();
  document.erase("measurements");
  json tiers = json::array();
  for (std::size_t i = 0; i < kMaxFabricTiers; ++i) {
    json tier = document["tiers"][0];
    tier["name"] = "t" + std::to_string(i);
    tier["members"] = 1;
    tiers.push_back(tier);
  }
  document["tiers"] = tiers;
  EXPECT_EQ(load_fabric_text(document.dump(), "t.json").tiers.size(), kMaxFabricTiers);
  document["tiers"].push_back(document["tiers"][0]);
  try {
    load_fabric_text(document.dump(), "t.json");
    FAIL() << "17 tiers were accepted";
  } catch (const FabricError& error) {
    EXPECT_STREQ(error.what(), "t.json: /tiers: has 17 tiers, more than the limit of 16 (accepted: an array of 1 to 16 "
                               "tiers, innermost first)");
  }
  json measured = good_document();
  measured["measurements"] = json::array();
  for (std::size_t i = 0; i <= kMaxFabricMeasurements; ++i) {
    measured["measurements"].push_back({{"tier", measured["tiers"][0]["name"]}, {"bytes", 8 * (i + 1)}, {"time_s", 1e-6}});
  }
  try {
    load_fabric_text(measured.dump(), "t.json");
    FAIL() << "4097 measurements were accepted";
  } catch (const FabricError& error) {
    EXPECT_STREQ(error.what(), "t.json: /measurements: has 4097 points, more than the limit of 4096 (accepted: at "
                               "most 4096 measured points)");
  }
  measured["measurements"].erase(measured["measurements"].size() - 1);
  EXPECT_EQ(load_fabric_text(measured.dump(), "t.json").measurements.size(), kMaxFabricMeasurements);
}

std::string fabric_message(const std::string& text) {
  try {
    load_fabric_text(text, "t.json");
  } catch (const FabricError& error) {
    return error.what();
  }
  return "accepted";
}

const std::string kTopFieldsVersion1 =
    "kind, format_version, name, description, tiers, reduction_bandwidth, measurements, fits";
const std::string kTierFieldsVersion1 =
    "name, members, link_bandwidth, latency, links_per_member, ranks_per_nic, in_switch_reduction";

// An unknown key is refused at the key, before its value is read: the text after it is not
// even JSON, yet the refusal is the unknown field's, with the list of the file's version.
TEST(FabricLoad, UnknownKeyIsRefusedAtTheKey) {
  const std::string header = R"({"kind": "fabric", "format_version": 1, "name": "x", )";
  EXPECT_EQ(fabric_message(header + R"("tires": [0, 0, 0 this is not JSON)"),
            "t.json: /tires: unknown field (accepted: the fields " + kTopFieldsVersion1 + ")");
  EXPECT_EQ(fabric_message(header + R"("tiers": [{"name": "a", "bandwith": {"value": [1, 2 not JSON)"),
            "t.json: /tiers/0/bandwith: unknown field (accepted: the fields " + kTierFieldsVersion1 + ")");
  EXPECT_EQ(fabric_message(header + R"("tiers": [{"latency": {"value": 1, "error": [not JSON)"),
            "t.json: /tiers/0/latency/error: unknown field (accepted: the fields value, unit, source, uncertainty)");
  EXPECT_EQ(fabric_message(header + R"("fits": [{"latency_s": {"stderr": not JSON)"),
            "t.json: /fits/0/latency_s/stderr: unknown field (accepted: the fields value, ci95_low, ci95_high)");
  // Version 2 lists its own fields too; a version 2 field in a version 1 file is still told so.
  EXPECT_EQ(fabric_message(R"({"kind": "fabric", "format_version": 2, "gpu": {"sm_count": not JSON)"),
            "t.json: /gpu/sm_count: unknown field (accepted: the fields model, generation, cpu_vendor, source)");
  EXPECT_EQ(fabric_message(R"({"kind": "fabric", "format_version": 2, "tiers": [{"speed": not JSON)"),
            "t.json: /tiers/0/speed: unknown field (accepted: the fields " + kTierFieldsVersion1 +
                ", kind, achievable_link_bandwidth, nic_path_bandwidth, nvswitch, calibration)");
}

// The header is still checked first: a file of another kind (a report's keys sort before its
// "kind") is named as such, and an unknown key before the header gets the header's version.
TEST(FabricLoad, UnknownKeyBeforeTheHeaderIsWordedAsAFullReadWould) {
  EXPECT_EQ(fabric_message(R"({"collectives": [1, 2], "kind": "collectives", "schema_version": 1})"),
            "t.json: /kind: \"collectives\" is not \"fabric\" (accepted: \"fabric\")");
  EXPECT_EQ(fabric_message(R"({"meta": {}, "results": []})"), "t.json: /kind: is missing (accepted: \"fabric\")");
  EXPECT_EQ(fabric_message(R"({"tires": [0, 0], "kind": "fabric", "format_version": 1})"),
            "t.json: /tires: unknown field (accepted: the fields " + kTopFieldsVersion1 + ")");
  EXPECT_EQ(fabric_message(R"({"tires": [0, 0], "kind": "fabric", "format_version": 9})"),
            "t.json: /format_version: 9 is not supported (accepted: 1 to 2, the format_versions this build reads)");
  // A syntax error before the header: the version is not known, the fields of every version are listed.
  EXPECT_EQ(fabric_message(R"({"tires": [0, 0 not JSON, "kind": "fabric"})"),
            "t.json: /tires: unknown field (accepted: the fields " + kTopFieldsVersion1 + ", gpu)");
}

// JSON's -0 is read as a signed integer 0: it is 0, less than 1, not a negative number.
TEST(FabricLoad, MinusZeroCountIsZero) {
  std::string text = good_document().dump();
  const std::string links = "\"links_per_member\":8";
  ASSERT_NE(text.find(links), std::string::npos);
  text.replace(text.find(links), links.size(), "\"links_per_member\":-0");
  EXPECT_EQ(fabric_message(text), "t.json: /tiers/1/links_per_member: 0 is less than 1 (accepted: " + kAcceptedCount + ")");
}

// Last-one-wins would make "members": 8, "members": 1024 a fabric of 1024.
TEST(FabricLoad, KeyGivenTwiceIsRefused) {
  json document = good_document();
  std::string text = document.dump();
  const std::string members = "\"members\":2,";
  ASSERT_NE(text.find(members), std::string::npos);
  text.replace(text.find(members), members.size(), "\"members\":2,\"members\":1024,");
  EXPECT_EQ(fabric_message(text),
            "t.json: key \"members\" appears twice in the object at /tiers/1 (accepted: each key at most once in an "
            "object)");
}

class FabricBadInput : public ::testing::TestWithParam<BadFabric> {};

TEST_P(FabricBadInput, IsRefusedWithOneLineNamingFileAndField) {
  const BadFabric& bad = GetParam();
  try {
    load_fabric_text(bad.text(), "t.json");
    FAIL() << "accepted: " << bad.text();
  } catch (const FabricError& error) {
    EXPECT_EQ(std::string(error.what()), bad.message);
    EXPECT_EQ(std::string(error.what()).find('\n'), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(Fabric, FabricBadInput, ::testing::ValuesIn(bad_fabrics()),
                         [](const ::testing::TestParamInfo<BadFabric>& info) { return info.param.label; });

class FabricFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::temp_directory_path() / ("commbench_fabric_test_" + std::to_string(::getpid()));
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }
  std::string write(const std::string& name, const std::string& text) {
    const fs::path path = directory_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }
  static std::string message_of(const std::string& path) {
    try {
      load_fabric_file(path);
    } catch (const FabricError& error) {
      return error.what();
    }
    return "accepted";
  }
  fs::path directory_;
};

TEST_F(FabricFiles, UnreadableDirectoryAndEmptyFilesNameTheFile) {
  const std::string missing = (directory_ / "missing.json").string();
  EXPECT_EQ(message_of(missing),
            missing + ": cannot read: No such file or directory (accepted: a readable fabric description file)");
  EXPECT_EQ(message_of(directory_.string()), directory_.string() + ": is a directory, not a regular file (accepted: a readable fabric description file)");
  const std::string empty = write("empty.json", "");
  EXPECT_EQ(message_of(empty), empty + ": is empty (accepted: " + kAcceptedFabric + ")");
  const std::string broken = write("broken.json", "{\"kind\": \"fabric\", \"tiers\": [}");
  EXPECT_EQ(message_of(broken).rfind(broken + ": not valid JSON at line 1, column 30 (byte 30): ", 0), 0u)
      << message_of(broken);
}

TEST_F(FabricFiles, WrittenFileLoadsBackEqual) {
  const Fabric fabric = load_fabric_text(good_document().dump(), "t.json");
  const std::string path = write("written.json", fabric_json_text(fabric));
  EXPECT_EQ(load_fabric_file(path), fabric);
}

// ---- the writer -----------------------------------------------------------------------------

TEST(FabricWrite, KeepsTheFormEachQuantityWasWrittenIn) {
  const json written = fabric_to_json(load_fabric_text(good_document().dump(), "t.json"));
  EXPECT_EQ(written["kind"], "fabric");
  EXPECT_EQ(written["format_version"], 2);  // written in this build's version, whatever it read
  EXPECT_EQ(written["tiers"][0]["members"], (json{{"value", 8}, {"source", "eight GPUs"}}));
  EXPECT_EQ(written["tiers"][0]["link_bandwidth"], (json{{"value", 25.0}, {"unit", "GB/s"}}));
  EXPECT_EQ(written["tiers"][0]["latency"],
            (json{{"value", 0.6}, {"unit", "us"}, {"source", "NCCL"}, {"uncertainty", 0.1}}));
  EXPECT_EQ(written["tiers"][1]["members"], 2);
  EXPECT_EQ(written["tiers"][1]["link_bandwidth"], 5e10);
  EXPECT_EQ(written["tiers"][1]["latency"], 2.7e-6);
  EXPECT_EQ(written["measurements"], json::parse(R"([{"tier": "ib", "bytes": 1024, "time_s": 3e-6}])"));
}

TEST(FabricWrite, ReductionBandwidthAndFitsRoundTrip) {
  const Fabric fabric = load_fabric_text(fitted_document().dump(), "t.json");
  const json written = fabric_to_json(fabric);
  EXPECT_EQ(written["reduction_bandwidth"], (json{{"value", 1117.0}, {"unit", "GB/s"}, {"source", "HBM 3.35 TB/s / 3"}}));
  // Empty names and an absent gamma or note are left out, as a hand-written file would.
  EXPECT_EQ(written["fits"], fitted_document()["fits"]);
  EXPECT_FALSE(written["fits"][0].contains("algorithm"));
  EXPECT_FALSE(written["fits"][0].contains("note"));
  EXPECT_EQ(load_fabric_text(fabric_json_text(fabric), "t.json"), fabric);
}

TEST(FabricWrite, FitsRoundTripExactlyForAwkwardNumbers) {
  Fabric fabric = load_fabric_text(fitted_document().dump(), "t.json");
  for (const double value : {0.1, 1.0 / 3.0, 2.7e-6, 6.02214076e23, 1e-300, 0.0}) {
    FabricFit& fit = fabric.fits[1];
    fit.latency_s = {value, value / 3, value * 3};
    fit.seconds_per_byte = {value, -value, value};  // a bootstrap interval may reach below 0
    fit.reduction_seconds_per_byte = FittedValue{value, value, value};
    fit.half_bandwidth_bytes = value;
    fit.median_relative_error = value;
    fit.max_relative_error = value * 7;
    EXPECT_EQ(load_fabric_text(fabric_json_text(fabric), "t.json"), fabric) << value;
  }
  fabric.reduction_bandwidth = Quantity{1e9 / 3.0, "", "", std::nullopt};
  EXPECT_EQ(load_fabric_text(fabric_json_text(fabric), "t.json"), fabric);
}

TEST(FabricWrite, ValuesWithNoExactNumberInTheirUnitAreWrittenInSI) {
  Fabric fabric;
  fabric.name = "odd";
  FabricTier tier;
  tier.name = "t";
  tier.link_bandwidth = {1e9, "parsecs/s", "", std::nullopt};  // a unit this build does not read
  tier.latency = {1e-6, "us", "", std::nullopt};
  fabric.tiers.push_back(tier);
  const Fabric back = load_fabric_text(fabric_json_text(fabric), "odd.json");
  EXPECT_EQ(back.tiers[0].link_bandwidth.value, 1e9);
  EXPECT_EQ(back.tiers[0].link_bandwidth.unit, "");
  EXPECT_EQ(back.tiers[0].latency, tier.latency);
}

TEST(FabricWrite, RoundTripIsExactForAwkwardNumbers) {
  // Within the physical ranges in every unit: 1 kB/s to 100 TB/s, 0 to 10 s.
  for (const double value : {10.1, 100.0 / 3.0, 27.1, 602.214076, 12345.6789}) {
    for (const char* unit : {"GB/s", "Gb/s", "MiB/s", "kbit/s"}) {
      json document = good_document();
      document["tiers"][1]["link_bandwidth"] = json{{"value", value}, {"unit", unit}};
      const Fabric fabric = load_fabric_text(document.dump(), "t.json");
      EXPECT_EQ(load_fabric_text(fabric_to_json(fabric).dump(), "t.json"), fabric) << value << " " << unit;
    }
  }
  for (const double value : {0.1, 1.0 / 3.0, 2.7, 6.02214076e-3, 1e-300, 1234.56789}) {
    for (const char* unit : {"ms", "us", "ns", "\xC2\xB5s"}) {
      json document = good_document();
      document["tiers"][1]["latency"] = json{{"value", value}, {"unit", unit}, {"uncertainty", value / 7}};
      const Fabric fabric = load_fabric_text(document.dump(), "t.json");
      EXPECT_EQ(load_fabric_text(fabric_to_json(fabric).dump(), "t.json"), fabric) << value << " " << unit;
    }
  }
}

TEST(FabricSummary, TableTotalsAndSources) {
  const std::string text = fabric_summary_text(load_fabric_text(good_document().dump(), "t.json"));
  EXPECT_EQ(text,
            "fabric test: two tiers\n"
            "tier    members  link GB/s  link Gb/s  links/member  member GB/s  ranks/NIC  latency us  switch reduces\n"
            "nvlink        8      25.00      200.0            18       450.00          1        0.60  yes\n"
            "ib            2      50.00      400.0             8       400.00          1        2.70  no\n"
            "total ranks: 16 (the product of the tiers' members)\n"
            "measured points: 1\n"
            "sources:\n"
            "  nvlink members = 8: eight GPUs\n"
            "  nvlink latency = 0.6 us +/- 0.1 us: NCCL\n");
}

// A GPU fabric's summary shows what the NCCL model reads from it, so that a user can see which
// GPUs, switches, NIC paths and calibration a prediction assumed.
TEST(FabricSummary, GpuNodeKindsAndCalibration) {
  const std::string text = fabric_summary_text(load_fabric_text(gpu_document().dump(), "t.json"));
  EXPECT_NE(text.find("total ranks: 16 (the product of the tiers' members)\n"
                      "gpu: H100 SXM5, hopper, intel CPUs: the NCCL model predicts its collectives (docs/MODELS.md)\n"
                      "  nvlink: kind nvlink; NVSwitch; achievable 20.60 GB/s per link\n"
                      "  ib: kind network; NIC path 48.00 GB/s; calibrated: latency x 2.46 [2.31, 2.68], bandwidth "
                      "efficiency 0.94 [0.89, 0.97] (31 sizes, median error 5.7%)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  nvlink achievable_link_bandwidth = 20.6 GB/s: topo.h\n"), std::string::npos) << text;
}

TEST(FabricSummary, ReductionBandwidthFitsAndTheirSources) {
  const std::string text = fabric_summary_text(load_fabric_text(fitted_document().dump(), "t.json"));
  EXPECT_EQ(text,
            "fabric test: two tiers\n"
            "tier    members  link GB/s  link Gb/s  links/member  member GB/s  ranks/NIC  latency us  switch reduces\n"
            "nvlink        8      25.00      200.0            18       450.00          1        0.60  yes\n"
            "ib            2      50.00      400.0             8       400.00          1        2.70  no\n"
            "total ranks: 16 (the product of the tiers' members)\n"
            "measured points: 1\n"
            "reduction bandwidth: 1117.00 GB/s per rank (a += b; the cost models' gamma is 1 / this)\n"
            "fits:\n"
            "  point-to-point over ib on 2 ranks, 12 sizes: alpha 2.9 [2.7, 3.1] us; 1/beta 47.62 GB/s [45.45, 50]; "
            "n1/2 138095 B; relative error median 2.1%, max 8.3%\n"
            "  allreduce ring on 16 ranks, 10 sizes: alpha 40 [35, 45] us; 1/beta 50 GB/s [47.62, 52.63]; 1/gamma 1000 "
            "GB/s [500, inf]; n1/2 2000000 B; relative error median 5.0%, max 20.0%; gamma separated from beta by "
            "three rank counts\n"
            "sources:\n"
            "  reduction_bandwidth = 1117 GB/s: HBM 3.35 TB/s / 3\n"
            "  nvlink members = 8: eight GPUs\n"
            "  nvlink latency = 0.6 us +/- 0.1 us: NCCL\n");
}

// ---- presets --------------------------------------------------------------------------------

TEST(FabricGpu, Version2FieldsRoundTripExactly) {
  const Fabric fabric = load_fabric_text(gpu_document().dump(), "t.json");
  ASSERT_TRUE(fabric.gpu.has_value());
  EXPECT_EQ(fabric.gpu->generation, GpuGeneration::hopper);
  EXPECT_EQ(fabric.gpu->cpu_vendor, CpuVendor::intel);
  EXPECT_EQ(fabric.tiers[0].kind, TierKind::nvlink);
  EXPECT_TRUE(fabric.tiers[0].nvswitch);
  EXPECT_DOUBLE_EQ(fabric.tiers[0].achievable_link_bandwidth->value, 20.6e9);
  EXPECT_DOUBLE_EQ(fabric.tiers[1].nic_path_bandwidth->value, 48e9);
  ASSERT_TRUE(fabric.tiers[1].calibration.has_value());
  EXPECT_DOUBLE_EQ(fabric.tiers[1].calibration->latency_scale.value, 2.46);
  EXPECT_EQ(fabric.tiers[1].calibration->points, 31u);
  EXPECT_EQ(load_fabric_text(fabric_json_text(fabric), "back.json"), fabric);
  // A version 1 file is still read, and describes no GPUs.
  EXPECT_FALSE(load_fabric_text(good_document().dump(), "t.json").gpu.has_value());
}

TEST(FabricSwitches, TurnFeaturesOffAndOnAsNcclsEnvironmentDoes) {
  const Fabric h100 = load_fabric_preset("dgx-h100");
  EXPECT_TRUE(h100.tiers[0].in_switch_reduction);
  EXPECT_FALSE(with_switches(h100, "nvls=off").tiers[0].in_switch_reduction);
  const Fabric both = with_switches(h100, "nvls=off,collnet=on");
  EXPECT_FALSE(both.tiers[0].in_switch_reduction);
  EXPECT_TRUE(both.tiers[1].in_switch_reduction);
  const auto message = [](const Fabric& fabric, const std::string& switches) {
    try {
      with_switches(fabric, switches);
    } catch (const FabricSwitchError& error) {
      return std::string(error.what());
    }
    return std::string("accepted");
  };
  const std::string accepted = " (accepted after the fabric's name and a colon: nvls=on|off, collnet=on|off, "
                               "comma-separated)";
  EXPECT_EQ(message(h100, "nvls"), "switch 'nvls' is not key=value" + accepted);
  EXPECT_EQ(message(h100, "nvls=maybe"), "switch 'nvls=maybe' is neither on nor off" + accepted);
  EXPECT_EQ(message(h100, "sharp=on"), "unknown switch 'sharp'" + accepted);
  EXPECT_EQ(message(load_fabric_preset("cpu-cluster"), "nvls=off"),
            "switch 'nvls=off' has no NVLink tier of fabric 'cpu-cluster' to act on" + accepted);
}

TEST(FabricPresets, NamesAreTheFiles) {
  EXPECT_EQ(fabric_preset_names(),
            (std::vector<std::string>{"aws-p5", "cpu-cluster", "dgx-a100", "dgx-b200", "dgx-h100", "ethernet-100g",
                                      "hgx-h100-4x400g-roce", "hgx-h200", "pcie-gen5-8gpu-2x400gbe"}));
  for (const std::string& name : fabric_preset_names()) EXPECT_EQ(load_fabric_preset(name).name, name);
}

TEST(FabricPresets, UnknownNameListsTheNames) {
  try {
    load_fabric_preset("dgx-h101");
    FAIL();
  } catch (const FabricError& error) {
    EXPECT_EQ(std::string(error.what()),
              "preset \"dgx-h101\": no such fabric preset (accepted: aws-p5, cpu-cluster, dgx-a100, dgx-b200, dgx-h100, "
              "ethernet-100g, hgx-h100-4x400g-roce, hgx-h200, pcie-gen5-8gpu-2x400gbe)");
  }
}

TEST(FabricPresets, RoundTripThroughTheWriterIsExact) {
  for (const std::string& name : fabric_preset_names()) {
    const Fabric fabric = load_fabric_preset(name);
    EXPECT_EQ(load_fabric_text(fabric_to_json(fabric).dump(), name), fabric) << name;
    // The preset files are written in the writer's own form, so writing one reproduces it.
    EXPECT_EQ(fabric_to_json(fabric), json::parse(fabric_preset_text(name))) << name;
  }
}

TEST(FabricPresets, EveryFigureHasASource) {
  for (const std::string& name : fabric_preset_names()) {
    const Fabric fabric = load_fabric_preset(name);
    EXPECT_FALSE(fabric.description.empty()) << name;
    if (fabric.reduction_bandwidth) {
      EXPECT_FALSE(fabric.reduction_bandwidth->source.empty()) << name;
    }
    for (const FabricTier& tier : fabric.tiers) {
      EXPECT_FALSE(tier.members_source.empty()) << name << " " << tier.name;
      EXPECT_FALSE(tier.link_bandwidth.source.empty()) << name << " " << tier.name;
      EXPECT_FALSE(tier.latency.source.empty()) << name << " " << tier.name;
    }
  }
}

// Written from the cited sources, not from the preset files: a figure changed in a preset
// without its source (or the other way round) fails here.
struct ExpectedTier {
  std::string name;
  std::uint64_t members;
  double link_bandwidth;  // bytes/s per link, one direction
  double latency;         // s
  std::uint64_t links_per_member;
  std::uint64_t ranks_per_nic;
  bool in_switch_reduction;
};

TEST(FabricPresets, FiguresMatchTheirStatedSources) {
  // 900 GB/s bidirectional / 2 / 18 links (H100, H200); 600 / 2 / 12 (A100); NDR 400 Gb/s and
  // 400 GbE = 50 GB/s; HDR 200 Gb/s = 25 GB/s; 100 GbE = 12.5 GB/s; 25 GbE = 3.125 GB/s;
  // PCIe Gen5 x16 = 32e9 * 16 * 128/130 / 8 = 63.0 GB/s, Gen4 half that, 31.5 GB/s;
  // DDR4-3200 = 3200e6 * 8 = 25.6 GB/s. Latencies: NCCL 2.20.3 hwLat Ring/LL (NVLink 0.6 us,
  // PCI 1.0 us, NET 2.7 us); the CPU cluster's are stated assumptions.
  const std::vector<std::pair<std::string, std::vector<ExpectedTier>>> expected = {
      {"dgx-h100", {{"nvlink", 8, 25e9, 0.6e-6, 18, 1, true}, {"infiniband", 2, 50e9, 2.7e-6, 8, 1, false}}},
      {"dgx-a100", {{"nvlink", 8, 25e9, 0.6e-6, 12, 1, false}, {"infiniband", 2, 25e9, 2.7e-6, 8, 1, false}}},
      {"hgx-h200", {{"nvlink", 8, 25e9, 0.6e-6, 18, 1, true}, {"infiniband", 2, 50e9, 2.7e-6, 8, 1, false}}},
      {"pcie-gen5-8gpu-2x400gbe", {{"pcie", 8, 63.0e9, 1.0e-6, 1, 1, false}, {"ethernet", 2, 50e9, 2.7e-6, 2, 4, false}}},
      {"ethernet-100g", {{"pcie", 8, 31.5e9, 1.0e-6, 1, 1, false}, {"ethernet", 2, 12.5e9, 2.7e-6, 1, 8, false}}},
      {"cpu-cluster", {{"shared-memory", 32, 25.6e9, 0.5e-6, 1, 4, false}, {"tcp", 2, 3.125e9, 20e-6, 1, 32, false}}},
      // 1800 GB/s bidirectional / 2 / 18 links (B200); 4 x 400 GbE shared by 2 GPUs each; AWS p5's
      // 32 x 100 Gb/s EFA grouped by the OFI plugin into 8 devices of 400 Gb/s, 25 us fi_pingpong.
      {"dgx-b200", {{"nvlink", 8, 50e9, 0.6e-6, 18, 1, true}, {"infiniband", 2, 50e9, 2.7e-6, 8, 1, false}}},
      {"hgx-h100-4x400g-roce", {{"nvlink", 8, 25e9, 0.6e-6, 18, 1, true}, {"roce", 2, 50e9, 2.7e-6, 4, 2, false}}},
      {"aws-p5", {{"nvlink", 8, 25e9, 0.6e-6, 18, 1, true}, {"efa", 2, 50e9, 25e-6, 8, 1, false}}},
  };
  ASSERT_EQ(expected.size(), fabric_preset_names().size());
  for (const auto& [name, tiers] : expected) {
    const Fabric fabric = load_fabric_preset(name);
    ASSERT_EQ(fabric.tiers.size(), tiers.size()) << name;
    for (std::size_t i = 0; i < tiers.size(); ++i) {
      const FabricTier& tier = fabric.tiers[i];
      const ExpectedTier& want = tiers[i];
      const std::string where = name + " " + want.name;
      EXPECT_EQ(tier.name, want.name) << where;
      EXPECT_EQ(tier.members, want.members) << where;
      EXPECT_DOUBLE_EQ(tier.link_bandwidth.value, want.link_bandwidth) << where;
      EXPECT_DOUBLE_EQ(tier.latency.value, want.latency) << where;
      EXPECT_EQ(tier.links_per_member, want.links_per_member) << where;
      EXPECT_EQ(tier.ranks_per_nic, want.ranks_per_nic) << where;
      EXPECT_EQ(tier.in_switch_reduction, want.in_switch_reduction) << where;
    }
  }
  // Reduction bandwidth: the GPU's memory bandwidth from its datasheet over the 3 passes of
  // a += b (read a, read b, write a): H100 SXM 3.35 TB/s / 3 = 1117 GB/s (rounded), H200 SXM
  // 4.8 TB/s / 3 = 1600 GB/s, A100 80GB SXM 2039 GB/s / 3 = 680 GB/s (rounded). The presets with
  // no datasheet for the device that reduces (a PCIe GPU of no stated model, a CPU) have none.
  const std::vector<std::pair<std::string, double>> reduction = {
      {"dgx-h100", 1117e9}, {"dgx-a100", 680e9}, {"hgx-h200", 1600e9}, {"dgx-b200", 2667e9},
      {"aws-p5", 1117e9}, {"hgx-h100-4x400g-roce", 1117e9},
      {"pcie-gen5-8gpu-2x400gbe", 0}, {"ethernet-100g", 0}, {"cpu-cluster", 0}};
  for (const auto& [name, bandwidth] : reduction) {
    const Fabric fabric = load_fabric_preset(name);
    if (bandwidth == 0) {
      EXPECT_FALSE(fabric.reduction_bandwidth.has_value()) << name;
    } else {
      ASSERT_TRUE(fabric.reduction_bandwidth.has_value()) << name;
      EXPECT_DOUBLE_EQ(fabric.reduction_bandwidth->value, bandwidth) << name;
    }
  }
  EXPECT_NEAR(3350e9 / 3, 1117e9, 0.5e9);
  EXPECT_NEAR(8000e9 / 3, 2667e9, 0.5e9);
  EXPECT_NEAR(2039e9 / 3, 680e9, 0.5e9);
  // The PCIe figure is the specification's arithmetic, rounded to the 0.1 GB/s the source states.
  EXPECT_NEAR(32e9 * 16 * 128 / 130 / 8, load_fabric_preset("pcie-gen5-8gpu-2x400gbe").tiers[0].link_bandwidth.value,
              0.05e9);
}

TEST(FabricPresets, SourcesStateTheFiguresTheyJustify) {
  // Each bandwidth source names the link count and NIC sharing the tier uses, so a reader can
  // check all three against one citation.
  const Fabric h100 = load_fabric_preset("dgx-h100");
  EXPECT_NE(h100.tiers[0].link_bandwidth.source.find("900 / 2 / 18 = 25 GB/s"), std::string::npos);
  EXPECT_NE(h100.tiers[1].link_bandwidth.source.find("ConnectX-7"), std::string::npos);
  EXPECT_NE(h100.tiers[0].latency.source.find("NCCL 2.20.3"), std::string::npos);
  EXPECT_NE(h100.reduction_bandwidth->source.find("3350 / 3 = 1117 GB/s"), std::string::npos);
  EXPECT_NE(load_fabric_preset("hgx-h200").reduction_bandwidth->source.find("4800 / 3 = 1600 GB/s"), std::string::npos);
  EXPECT_NE(load_fabric_preset("dgx-a100").reduction_bandwidth->source.find("2039 / 3 = 680 GB/s"), std::string::npos);
  const Fabric cpu = load_fabric_preset("cpu-cluster");
  EXPECT_NE(cpu.tiers[0].latency.source.find("ASSUMPTION"), std::string::npos);
  EXPECT_NE(cpu.tiers[1].link_bandwidth.source.find("IEEE 802.3by"), std::string::npos);
  ASSERT_TRUE(cpu.tiers[1].latency.uncertainty.has_value());
  EXPECT_DOUBLE_EQ(*cpu.tiers[1].latency.uncertainty, 10e-6);
}

TEST(FabricPresets, WithNodesSetsTheOutermostTier) {
  const Fabric fabric = with_nodes(load_fabric_preset("dgx-h100"), 16);
  EXPECT_EQ(fabric.tiers.back().members, 16u);
  EXPECT_EQ(fabric.tiers.back().members_source, "node count asked for (commbench fabric --nodes)");
  EXPECT_EQ(fabric.tiers.front().members, 8u);
  EXPECT_EQ(fabric_ranks(fabric), 128u);
  EXPECT_EQ(load_fabric_text(fabric_json_text(fabric), "written"), fabric);
}

TEST(FabricPresets, WithNodesRefusesWhatItCannotDo) {
  const auto message = [](Fabric fabric, std::uint64_t nodes) {
    try {
      with_nodes(std::move(fabric), nodes);
    } catch (const FabricError& error) {
      return std::string(error.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(message(load_fabric_preset("dgx-h100"), 0),
            "fabric dgx-h100: nodes: 0 is less than 1 (accepted: a node count of 1 or more)");
  Fabric one_tier = load_fabric_preset("cpu-cluster");
  one_tier.tiers.pop_back();
  EXPECT_EQ(message(one_tier, 4),
            "fabric cpu-cluster: nodes: the fabric has one tier (shared-memory), so no tier holds the nodes (accepted: "
            "a fabric of two or more tiers, the outermost being the nodes)");
  EXPECT_EQ(message(load_fabric_preset("dgx-h100"), 1ull << 62),
            "fabric dgx-h100: nodes: 4611686018427387904 nodes make more than 18446744073709551615 ranks (accepted: a "
            "smaller node count)");
}

}  // namespace
}  // namespace commbench
