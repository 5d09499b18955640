#include "topology/fabric_files/fabric_json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <limits>
#include <set>
#include <sstream>
#include <vector>

#include "reports/format/escaped_text.hpp"
#include "reports/format/json_document.hpp"
#include "reports/format/json_field_reader.hpp"
#include "reports/format/number_text.hpp"
#include "reports/format/text_join.hpp"
#include "topology/cost/cost_model.hpp"
#include "topology/fabric/fabric_units.hpp"

namespace commbench {
namespace {

using nlohmann::json;

const std::string kAcceptedFabric = "a commbench fabric description, docs/FABRIC.md, format_version " +
                                    std::to_string(kOldestFabricFormatVersion) + " to " +
                                    std::to_string(kFabricFormatVersion);
const std::string kAcceptedCount = "a whole number from 1 to 18446744073709551615";
const std::string kAcceptedMembers = kAcceptedCount + ", or {\"value\": 8, \"source\": \"...\"}";
const std::string kAcceptedBandwidth =
    "a bandwidth from 1 kB/s to 100 TB/s: a number in bytes/s, a string such as \"400 Gb/s\", or "
    "{\"value\": 400, \"unit\": \"Gb/s\", \"source\": \"...\", \"uncertainty\": 0}";
const std::string kAcceptedLatency =
    "a time from 0 to 10 s: a number in seconds, a string such as \"2.5 us\", or "
    "{\"value\": 2.5, \"unit\": \"us\", \"source\": \"...\", \"uncertainty\": 0}";

const std::vector<std::string> kTopFieldsVersion1 = {"kind",  "format_version",      "name",         "description",
                                                     "tiers", "reduction_bandwidth", "measurements", "fits"};
const std::vector<std::string> kTierFieldsVersion1 = {"name",    "members",          "link_bandwidth",     "latency",
                                                      "links_per_member", "ranks_per_nic", "in_switch_reduction"};
// Format version 2 adds what the NCCL model needs (docs/FABRIC.md, "GPU fabrics").
const std::vector<std::string> kTopFieldsVersion2Only = {"gpu"};
const std::vector<std::string> kTierFieldsVersion2Only = {"kind", "achievable_link_bandwidth", "nic_path_bandwidth",
                                                          "nvswitch", "calibration"};
const std::vector<std::string> kGpuFields = {"model", "generation", "cpu_vendor", "source"};
const std::vector<std::string> kCalibrationFields = {"latency_scale", "bandwidth_efficiency", "points",
                                                     "median_relative_error", "note"};
const std::vector<std::pair<TierKind, std::string>> kTierKinds = {
    {TierKind::nvlink, "nvlink"}, {TierKind::pcie, "pcie"}, {TierKind::network, "network"}, {TierKind::memory, "memory"}};

std::vector<std::string> with(std::vector<std::string> fields, const std::vector<std::string>& more) {
  fields.insert(fields.end(), more.begin(), more.end());
  return fields;
}
const std::vector<std::string> kQuantityFields = {"value", "unit", "source", "uncertainty"};
const std::vector<std::string> kMembersFields = {"value", "source"};
const std::vector<std::string> kMeasurementFields = {"tier", "bytes", "time_s"};
const std::vector<std::string> kFitFields = {"collective",
                                             "algorithm",
                                             "tier",
                                             "ranks",
                                             "points",
                                             "latency_s",
                                             "seconds_per_byte",
                                             "reduction_seconds_per_byte",
                                             "half_bandwidth_bytes",
                                             "median_relative_error",
                                             "max_relative_error",
                                             "note"};
const std::vector<std::string> kFittedValueFields = {"value", "ci95_low", "ci95_high"};
const std::vector<std::string> kTopFieldsVersion2 = with(kTopFieldsVersion1, kTopFieldsVersion2Only);
const std::vector<std::string> kTierFieldsVersion2 = with(kTierFieldsVersion1, kTierFieldsVersion2Only);

// The fields of the object at path, for the format_version (0: not known yet, the fields of
// every version), or null where the reader reads no object: the lists read() refuses unknown
// fields with, so that the parse refuses an unknown key at the key, before its value is built.
const std::vector<std::string>* fabric_fields_at(const JsonPath& path, int version) {
  const auto& tokens = path.tokens();
  if (tokens.empty()) return version == 1 ? &kTopFieldsVersion1 : &kTopFieldsVersion2;
  // Called for every key of the file: the tokens are compared in place, nothing is built.
  const auto key = [&](std::size_t i, const char* name) { return !tokens[i].is_index && tokens[i].key == name; };
  const auto any_of = [&](std::size_t i, std::initializer_list<const char*> names) {
    for (const char* name : names) {
      if (key(i, name)) return true;
    }
    return false;
  };
  const bool element = tokens.size() >= 2 && tokens[1].is_index;  // /x/N...
  if (tokens.size() == 1) {
    if (key(0, "gpu")) return &kGpuFields;
    if (key(0, "reduction_bandwidth")) return &kQuantityFields;
    return nullptr;
  }
  if (!element) return nullptr;
  if (tokens.size() == 2) {
    if (key(0, "tiers")) return version == 1 ? &kTierFieldsVersion1 : &kTierFieldsVersion2;
    if (key(0, "measurements")) return &kMeasurementFields;
    if (key(0, "fits")) return &kFitFields;
    return nullptr;
  }
  if (tokens.size() == 3 && key(0, "fits")) {
    return any_of(2, {"latency_s", "seconds_per_byte", "reduction_seconds_per_byte"}) ? &kFittedValueFields : nullptr;
  }
  if (!key(0, "tiers")) return nullptr;
  if (tokens.size() == 3) {
    if (key(2, "members")) return &kMembersFields;
    if (key(2, "calibration")) return &kCalibrationFields;
    if (any_of(2, {"link_bandwidth", "latency", "achievable_link_bandwidth", "nic_path_bandwidth"})) {
      return &kQuantityFields;
    }
    return nullptr;
  }
  if (tokens.size() == 4 && key(2, "calibration") && any_of(3, {"latency_scale", "bandwidth_efficiency"})) {
    return &kFittedValueFields;
  }
  return nullptr;
}
const std::string kAcceptedFittedValue =
    "{\"value\": v, \"ci95_low\": low, \"ci95_high\": high}: numbers with 0 <= v and low <= v <= high";

// Reads one document; every failure names the file and, from the first byte that is wrong
// onwards, the path of the field.
class FabricReader final : public JsonFieldReader<FabricError> {
 public:
  explicit FabricReader(std::string name) : JsonFieldReader(std::move(name), kAcceptedFabric) {}

  // The document, an unknown key refused at the key with the message read() would give.
  json parse_refusing_unknown_keys(const std::string& text) const {
    return parse(
        text, [](const JsonPath& path) { return fabric_fields_at(path, 0); },
        [this](const std::string& whole, const UnknownKey& unknown) {
          const int version = peek_header(whole, "fabric", kOldestFabricFormatVersion, kFabricFormatVersion).second;
          refuse_unknown_field(unknown.object_path, unknown.key, *fabric_fields_at(unknown.object, version));
        });
  }

  Fabric read(const json& document) const {
    expect_object(document, "", "an object: " + kAcceptedFabric);
    version_ = expect_format_header(document, "fabric", kOldestFabricFormatVersion, kFabricFormatVersion);
    refuse_fields_unknown_to(document, "", kTopFieldsVersion1, kTopFieldsVersion2Only);

    Fabric fabric;
    fabric.name = non_empty_string(required(document, "", "name", "a non-empty string"), "/name");
    if (const auto description = document.find("description"); description != document.end()) {
      fabric.description = string_field(*description, "/description", "a string");
    }
    const std::string tiers_accepted = "an array of at least one tier, innermost first";
    const json& tiers = required(document, "", "tiers", tiers_accepted);
    if (!tiers.is_array()) fail("/tiers", "is " + json_type_text(tiers), tiers_accepted);
    if (tiers.empty()) fail("/tiers", "is empty", tiers_accepted);
    if (tiers.size() > kMaxFabricTiers) {
      fail("/tiers", "has " + std::to_string(tiers.size()) + " tiers, more than the limit of " +
                         std::to_string(kMaxFabricTiers),
           "an array of 1 to " + std::to_string(kMaxFabricTiers) + " tiers, innermost first");
    }
    for (std::size_t i = 0; i < tiers.size(); ++i) {
      fabric.tiers.push_back(read_tier(tiers[i], "/tiers/" + std::to_string(i)));
      for (std::size_t j = 0; j < i; ++j) {
        if (fabric.tiers[j].name == fabric.tiers[i].name) {
          fail("/tiers/" + std::to_string(i) + "/name",
               "\"" + fabric.tiers[i].name + "\" is already the name of /tiers/" + std::to_string(j),
               "a name no other tier has");
        }
      }
    }
    try {
      (void)fabric_ranks(fabric);
    } catch (const std::overflow_error&) {
      fail("/tiers", "the tiers' members multiply to more than 18446744073709551615 ranks",
           "members whose product fits in 64 bits");
    }
    if (const auto reduction = document.find("reduction_bandwidth"); reduction != document.end()) {
      fabric.reduction_bandwidth = quantity(*reduction, "/reduction_bandwidth", QuantityKind::bandwidth);
    }
    if (const auto measurements = document.find("measurements"); measurements != document.end()) {
      read_measurements(*measurements, fabric);
    }
    if (const auto fits = document.find("fits"); fits != document.end()) read_fits(*fits, fabric);
    if (const auto gpu = document.find("gpu"); gpu != document.end()) fabric.gpu = read_gpu(*gpu);
    if (fabric.gpu) check_gpu_tiers(fabric);
    return fabric;
  }

 private:
  // The fields of version 1, and those version 2 adds: a version 1 file with a version 2 field is
  // told so, rather than that the field is unknown.
  void refuse_fields_unknown_to(const json& object, const std::string& path, const std::vector<std::string>& version1,
                                const std::vector<std::string>& version2_only) const {
    if (version_ == 1) {
      for (const std::string& key : version2_only) {
        if (object.contains(key)) {
          fail(path + "/" + key, "is a format_version 2 field in a format_version 1 file",
               "\"format_version\": 2 to use it, docs/FABRIC.md");
        }
      }
      refuse_unknown_fields(object, path, version1);
    } else {
      refuse_unknown_fields(object, path, with(version1, version2_only));
    }
  }

  GpuNode read_gpu(const json& node) const {
    const std::string path = "/gpu";
    const std::string accepted = "an object with the fields " + joined(kGpuFields) + ", docs/FABRIC.md";
    expect_object(node, path, accepted);
    refuse_unknown_fields(node, path, kGpuFields);
    GpuNode gpu;
    std::vector<std::string> generations;
    for (GpuGeneration generation : all_gpu_generations()) generations.emplace_back(generation_name(generation));
    const std::string generation_accepted = joined(generations);
    const std::string generation =
        string_field(required(node, path, "generation", generation_accepted), path + "/generation", generation_accepted);
    const auto parsed = parse_gpu_generation(generation);
    if (!parsed) fail(path + "/generation", "unknown GPU generation \"" + generation + "\"", generation_accepted);
    gpu.generation = *parsed;
    if (const auto vendor = node.find("cpu_vendor"); vendor != node.end()) {
      std::vector<std::string> vendors;
      for (CpuVendor known : all_cpu_vendors()) vendors.emplace_back(cpu_vendor_name(known));
      const std::string vendor_accepted = joined(vendors);
      const std::string name = string_field(*vendor, path + "/cpu_vendor", vendor_accepted);
      const auto vendor_parsed = parse_cpu_vendor(name);
      if (!vendor_parsed) fail(path + "/cpu_vendor", "unknown CPU vendor \"" + name + "\"", vendor_accepted);
      gpu.cpu_vendor = *vendor_parsed;
    }
    if (const auto model = node.find("model"); model != node.end()) gpu.model = string_field(*model, path + "/model", "a string");
    if (const auto source = node.find("source"); source != node.end()) {
      gpu.source = string_field(*source, path + "/source", "a string");
    }
    return gpu;
  }

  // A GPU fabric is modelled as NCCL runs on it, which knows the links within a node and the
  // network between nodes: a first tier of kind nvlink or pcie, then at most a network tier.
  void check_gpu_tiers(const Fabric& fabric) const {
    const FabricTier& node = fabric.tiers.front();
    if (node.kind != TierKind::nvlink && node.kind != TierKind::pcie) {
      fail("/tiers/0/kind", node.kind == TierKind::unspecified ? "is missing in a GPU fabric" : "is not nvlink or pcie",
           "\"nvlink\" or \"pcie\": the first tier of a GPU fabric joins the GPUs of a node");
    }
    if (fabric.tiers.size() > 2) {
      fail("/tiers", "has " + std::to_string(fabric.tiers.size()) + " tiers in a GPU fabric",
           "a GPU fabric of a node tier and at most one network tier, as NCCL sees it");
    }
    if (fabric.tiers.size() == 2 && fabric.tiers[1].kind != TierKind::network) {
      fail("/tiers/1/kind", fabric.tiers[1].kind == TierKind::unspecified ? "is missing in a GPU fabric" : "is not network",
           "\"network\": the second tier of a GPU fabric joins its nodes");
    }
  }

  TierCalibration read_calibration(const json& node, const std::string& path) const {
    const std::string accepted = "an object with the fields " + joined(kCalibrationFields) +
                                 " (latency_scale a fitted value from 0 to 1000, bandwidth_efficiency one from 0.001 "
                                 "to 1000)";
    expect_object(node, path, accepted);
    refuse_unknown_fields(node, path, kCalibrationFields);
    TierCalibration calibration;
    const auto factor = [&](const char* key, double low, double high) {
      const std::string where = path + "/" + key;
      const FittedValue fitted = fitted_value(required(node, path, key, accepted), where);
      const std::string range = formatted_number("%g", low) + " to " + formatted_number("%g", high);
      if (!(fitted.value >= low && fitted.value <= high)) {
        fail(where + "/value", json_value_text((*node.find(key))["value"]) + " is outside " + range,
             "a factor from " + range);
      }
      if (!std::isfinite(fitted.ci95_high)) fail(where + "/ci95_high", "is not finite", "a finite number");
      return fitted;
    };
    calibration.latency_scale = factor("latency_scale", 0, kMaxLatencyScale);
    calibration.bandwidth_efficiency = factor("bandwidth_efficiency", kMinBandwidthEfficiency, kMaxBandwidthEfficiency);
    calibration.points = count(required(node, path, "points", kAcceptedCount), path + "/points", kAcceptedCount);
    const std::string number_accepted = "a number of 0 or more";
    calibration.median_relative_error =
        non_negative(required(node, path, "median_relative_error", number_accepted), path + "/median_relative_error",
                     number_accepted);
    if (const auto note = node.find("note"); note != node.end()) calibration.note = string_field(*note, path + "/note", "a string");
    return calibration;
  }

  void read_tier_version2(const json& node, const std::string& path, FabricTier& tier) const {
    if (const auto kind = node.find("kind"); kind != node.end()) {
      std::vector<std::string> names;
      for (const auto& entry : kTierKinds) names.push_back(entry.second);
      const std::string accepted = joined(names);
      const std::string name = string_field(*kind, path + "/kind", accepted);
      bool known = false;
      for (const auto& entry : kTierKinds) {
        if (entry.second == name) {
          tier.kind = entry.first;
          known = true;
        }
      }
      if (!known) fail(path + "/kind", "unknown tier kind \"" + name + "\"", accepted);
    }
    if (const auto achievable = node.find("achievable_link_bandwidth"); achievable != node.end()) {
      tier.achievable_link_bandwidth = quantity(*achievable, path + "/achievable_link_bandwidth", QuantityKind::bandwidth);
    }
    if (const auto nic_path = node.find("nic_path_bandwidth"); nic_path != node.end()) {
      if (tier.kind != TierKind::network) {
        fail(path + "/nic_path_bandwidth", "is given for a tier that is not of kind network",
             "nic_path_bandwidth only with \"kind\": \"network\"");
      }
      tier.nic_path_bandwidth = quantity(*nic_path, path + "/nic_path_bandwidth", QuantityKind::bandwidth);
    }
    if (const auto nvswitch = node.find("nvswitch"); nvswitch != node.end()) {
      if (!nvswitch->is_boolean()) fail(path + "/nvswitch", "is " + json_type_text(*nvswitch), "true or false");
      if (tier.kind != TierKind::nvlink) {
        fail(path + "/nvswitch", "is given for a tier that is not of kind nvlink", "nvswitch only with \"kind\": \"nvlink\"");
      }
      tier.nvswitch = nvswitch->get<bool>();
    }
    if (const auto calibration = node.find("calibration"); calibration != node.end()) {
      tier.calibration = read_calibration(*calibration, path + "/calibration");
    }
  }

  // "line 3, column 7 (byte 42)": nlohmann's byte is the count of bytes read when it stopped,
  // so the offending byte is byte - 1 (0-based); columns count bytes, from 1.

  void check_range(double si, const std::string& shown_value, const std::string& path, QuantityKind kind,
                   const std::string& accepted) const {
    if (!std::isfinite(si)) fail(path, shown_value + " is too large", accepted);
    if (kind == QuantityKind::bandwidth) {
      if (!(si > 0)) fail(path, shown_value + " is not greater than 0", accepted);
      if (si < kMinBandwidth) fail(path, shown_value + " is less than 1 kB/s", accepted);
      if (si > kMaxBandwidth) fail(path, shown_value + " is more than 100 TB/s", accepted);
    }
    if (kind == QuantityKind::time) {
      if (!(si >= 0)) fail(path, shown_value + " is negative", accepted);
      if (si > kMaxLatencySeconds) fail(path, shown_value + " is more than 10 s", accepted);
    }
  }

  Quantity quantity(const json& node, const std::string& path, QuantityKind kind) const {
    const std::string& accepted = kind == QuantityKind::bandwidth ? kAcceptedBandwidth : kAcceptedLatency;
    Quantity q;
    if (node.is_number()) {
      q.value = node.get<double>();
      check_range(q.value, json_value_text(node), path, kind, accepted);
    } else if (node.is_string()) {
      ParsedQuantity parsed;
      try {
        parsed = parse_quantity(node.get<std::string>(), kind);
      } catch (const UnitError& error) {
        fail_with(path, error.what());
      }
      q.value = parsed.si;
      q.unit = parsed.unit;
      check_range(q.value, json_value_text(node), path, kind, accepted);
    } else if (node.is_object()) {
      refuse_unknown_fields(node, path, kQuantityFields);
      const json& value = required(node, path, "value", "a number, in unit");
      if (!value.is_number()) fail(path + "/value", "is " + json_type_text(value), "a number, in unit");
      if (const auto unit = node.find("unit"); unit != node.end()) {
        q.unit = string_field(*unit, path + "/unit", accepted_units(kind));
        if (!is_known_unit(q.unit, kind)) {
          fail(path + "/unit", "unknown " + quantity_kind_name(kind) + " unit \"" + q.unit + "\"", accepted_units(kind));
        }
      }
      q.value = to_si(value.get<double>(), q.unit, kind);
      check_range(q.value, json_value_text(value) + (q.unit.empty() ? "" : " " + q.unit), path + "/value", kind, accepted);
      if (const auto source = node.find("source"); source != node.end()) {
        q.source = string_field(*source, path + "/source", "a string");
      }
      if (const auto uncertainty = node.find("uncertainty"); uncertainty != node.end()) {
        const std::string uncertainty_accepted = "a number of 0 or more, in the value's unit";
        if (!uncertainty->is_number()) fail(path + "/uncertainty", "is " + json_type_text(*uncertainty), uncertainty_accepted);
        const double si = to_si(uncertainty->get<double>(), q.unit, kind);
        if (!std::isfinite(si)) fail(path + "/uncertainty", json_value_text(*uncertainty) + " is too large", uncertainty_accepted);
        if (!(si >= 0)) fail(path + "/uncertainty", json_value_text(*uncertainty) + " is negative", uncertainty_accepted);
        q.uncertainty = si;
      }
    } else {
      fail(path, "is " + json_type_text(node), accepted);
    }
    return q;
  }

  FabricTier read_tier(const json& node, const std::string& path) const {
    expect_object(node, path, "an object with the fields " + joined(kTierFieldsVersion1));
    refuse_fields_unknown_to(node, path, kTierFieldsVersion1, kTierFieldsVersion2Only);
    FabricTier tier;
    tier.name = non_empty_string(required(node, path, "name", "a non-empty string"), path + "/name");
    const json& members = required(node, path, "members", kAcceptedMembers);
    if (members.is_object()) {
      refuse_unknown_fields(members, path + "/members", kMembersFields);
      tier.members = count(required(members, path + "/members", "value", kAcceptedCount), path + "/members/value",
                           kAcceptedCount);
      if (const auto source = members.find("source"); source != members.end()) {
        tier.members_source = string_field(*source, path + "/members/source", "a string");
      }
    } else {
      tier.members = count(members, path + "/members", kAcceptedMembers);
    }
    tier.link_bandwidth = quantity(required(node, path, "link_bandwidth", kAcceptedBandwidth), path + "/link_bandwidth",
                                   QuantityKind::bandwidth);
    tier.latency = quantity(required(node, path, "latency", kAcceptedLatency), path + "/latency", QuantityKind::time);
    tier.links_per_member =
        count(required(node, path, "links_per_member", kAcceptedCount), path + "/links_per_member", kAcceptedCount);
    tier.ranks_per_nic = count(required(node, path, "ranks_per_nic", kAcceptedCount), path + "/ranks_per_nic", kAcceptedCount);
    const json& reduction = required(node, path, "in_switch_reduction", "true or false");
    if (!reduction.is_boolean()) fail(path + "/in_switch_reduction", "is " + json_type_text(reduction), "true or false");
    tier.in_switch_reduction = reduction.get<bool>();
    read_tier_version2(node, path, tier);
    return tier;
  }

  void read_measurements(const json& node, Fabric& fabric) const {
    const std::string accepted = "an array of {\"tier\": name, \"bytes\": n, \"time_s\": seconds}";
    if (!node.is_array()) fail("/measurements", "is " + json_type_text(node), accepted);
    if (node.size() > kMaxFabricMeasurements) {
      fail("/measurements", "has " + std::to_string(node.size()) + " points, more than the limit of " +
                                std::to_string(kMaxFabricMeasurements),
           "at most " + std::to_string(kMaxFabricMeasurements) + " measured points");
    }
    std::vector<std::string> tier_names;
    for (const FabricTier& tier : fabric.tiers) tier_names.push_back(tier.name);
    const std::string tier_accepted = "the name of a tier: " + joined(tier_names);
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string path = "/measurements/" + std::to_string(i);
      const json& entry = node[i];
      expect_object(entry, path, "an object with the fields " + joined(kMeasurementFields));
      refuse_unknown_fields(entry, path, kMeasurementFields);
      FabricPoint point;
      point.tier = string_field(required(entry, path, "tier", tier_accepted), path + "/tier", tier_accepted);
      bool known = false;
      for (const std::string& name : tier_names) known = known || name == point.tier;
      if (!known) fail(path + "/tier", "\"" + point.tier + "\" is not a tier", tier_accepted);
      point.bytes = count(required(entry, path, "bytes", kAcceptedCount), path + "/bytes", kAcceptedCount);
      const std::string time_accepted = "a number of seconds from 1e-09 to 3600";
      const json& time = required(entry, path, "time_s", time_accepted);
      point.time_s = number_within(time, path + "/time_s", kMinMeasuredSeconds, kMaxMeasuredSeconds, time_accepted);
      fabric.measurements.push_back(point);
    }
  }

  // A number of 0 or more (fits: sizes, relative errors).
  double non_negative(const json& node, const std::string& path, const std::string& accepted) const {
    if (!node.is_number()) fail(path, "is " + json_type_text(node), accepted);
    const double value = node.get<double>();
    if (!(value >= 0)) fail(path, json_value_text(node) + " is negative", accepted);
    return value;
  }

  FittedValue fitted_value(const json& node, const std::string& path) const {
    expect_object(node, path, kAcceptedFittedValue);
    refuse_unknown_fields(node, path, kFittedValueFields);
    const auto number = [&](const char* key) {
      const json& field = required(node, path, key, kAcceptedFittedValue);
      if (!field.is_number()) fail(path + "/" + key, "is " + json_type_text(field), kAcceptedFittedValue);
      return field.get<double>();
    };
    FittedValue fitted;
    fitted.value = number("value");
    fitted.ci95_low = number("ci95_low");
    fitted.ci95_high = number("ci95_high");
    if (!(fitted.value >= 0)) fail(path + "/value", json_value_text(node["value"]) + " is negative", kAcceptedFittedValue);
    if (!(fitted.ci95_low <= fitted.value)) {
      fail(path + "/ci95_low", json_value_text(node["ci95_low"]) + " is more than value " + json_value_text(node["value"]), kAcceptedFittedValue);
    }
    if (!(fitted.ci95_high >= fitted.value)) {
      fail(path + "/ci95_high", json_value_text(node["ci95_high"]) + " is less than value " + json_value_text(node["value"]), kAcceptedFittedValue);
    }
    return fitted;
  }

  // The fit's names must be ones the cost models know (topology/cost/cost_model.hpp), so that a fit
  // can be matched with the prediction it stands for.
  void read_fit_names(const json& entry, const std::string& path, const Fabric& fabric, FabricFit& fit) const {
    std::vector<std::string> collectives = {kPointToPointFit};
    for (const std::string& name : modelled_collectives()) collectives.push_back(name);
    const std::string collective_accepted = joined(collectives);
    fit.collective = string_field(required(entry, path, "collective", collective_accepted), path + "/collective",
                                  collective_accepted);
    if (std::find(collectives.begin(), collectives.end(), fit.collective) == collectives.end()) {
      fail(path + "/collective", "\"" + fit.collective + "\" is not a modelled collective", collective_accepted);
    }
    const bool point_to_point = fit.collective == kPointToPointFit;
    std::string algorithm_accepted = "none: a point-to-point fit has no algorithm";
    if (!point_to_point) {
      std::vector<std::string> algorithms = {"native"};
      for (const std::string& name : modelled_algorithms(fit.collective)) algorithms.push_back(name);
      algorithm_accepted = joined(algorithms);
      const json& algorithm = required(entry, path, "algorithm", algorithm_accepted);
      fit.algorithm = string_field(algorithm, path + "/algorithm", algorithm_accepted);
      if (std::find(algorithms.begin(), algorithms.end(), fit.algorithm) == algorithms.end()) {
        fail(path + "/algorithm", "\"" + fit.algorithm + "\" is not an algorithm of " + fit.collective, algorithm_accepted);
      }
    } else if (const auto algorithm = entry.find("algorithm"); algorithm != entry.end()) {
      fit.algorithm = string_field(*algorithm, path + "/algorithm", algorithm_accepted);
      if (!fit.algorithm.empty()) fail(path + "/algorithm", "\"" + fit.algorithm + "\" is given", algorithm_accepted);
    }
    std::vector<std::string> tier_names;
    for (const FabricTier& tier : fabric.tiers) tier_names.push_back(tier.name);
    const std::string tier_accepted = "the name of a tier: " + joined(tier_names) +
                                      (point_to_point ? "" : "; or none, for a fit over the whole run");
    if (point_to_point) {
      fit.tier = string_field(required(entry, path, "tier", tier_accepted), path + "/tier", tier_accepted);
    } else if (const auto tier = entry.find("tier"); tier != entry.end()) {
      fit.tier = string_field(*tier, path + "/tier", tier_accepted);
    }
    if ((point_to_point || !fit.tier.empty()) &&
        std::find(tier_names.begin(), tier_names.end(), fit.tier) == tier_names.end()) {
      fail(path + "/tier", "\"" + fit.tier + "\" is not a tier", tier_accepted);
    }
  }

  void read_fits(const json& node, Fabric& fabric) const {
    const std::string entry_accepted = "an object with the fields " + joined(kFitFields);
    if (!node.is_array()) fail("/fits", "is " + json_type_text(node), "an array of fits, each " + entry_accepted);
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string path = "/fits/" + std::to_string(i);
      const json& entry = node[i];
      expect_object(entry, path, entry_accepted);
      refuse_unknown_fields(entry, path, kFitFields);
      FabricFit fit;
      read_fit_names(entry, path, fabric, fit);
      const std::string ranks_accepted = "a whole number from 1 to " + std::to_string(std::numeric_limits<int>::max());
      const std::uint64_t ranks = count(required(entry, path, "ranks", ranks_accepted), path + "/ranks", ranks_accepted);
      if (ranks > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
        fail(path + "/ranks", std::to_string(ranks) + " is too large", ranks_accepted);
      }
      fit.ranks = static_cast<int>(ranks);
      fit.points = count(required(entry, path, "points", kAcceptedCount), path + "/points", kAcceptedCount);
      fit.latency_s = fitted_value(required(entry, path, "latency_s", kAcceptedFittedValue), path + "/latency_s");
      fit.seconds_per_byte =
          fitted_value(required(entry, path, "seconds_per_byte", kAcceptedFittedValue), path + "/seconds_per_byte");
      if (const auto gamma = entry.find("reduction_seconds_per_byte"); gamma != entry.end()) {
        fit.reduction_seconds_per_byte = fitted_value(*gamma, path + "/reduction_seconds_per_byte");
      }
      const std::string number_accepted = "a number of 0 or more";
      fit.half_bandwidth_bytes = non_negative(required(entry, path, "half_bandwidth_bytes", number_accepted),
                                              path + "/half_bandwidth_bytes", number_accepted);
      fit.median_relative_error = non_negative(required(entry, path, "median_relative_error", number_accepted),
                                               path + "/median_relative_error", number_accepted);
      const std::string max_accepted = "a number of 0 or more, at least median_relative_error";
      const json& max_error = required(entry, path, "max_relative_error", max_accepted);
      fit.max_relative_error = non_negative(max_error, path + "/max_relative_error", max_accepted);
      if (fit.max_relative_error < fit.median_relative_error) {
        fail(path + "/max_relative_error",
             json_value_text(max_error) + " is less than median_relative_error " + json_value_text(entry["median_relative_error"]), max_accepted);
      }
      if (const auto note = entry.find("note"); note != entry.end()) fit.note = string_field(*note, path + "/note", "a string");
      fabric.fits.push_back(std::move(fit));
    }
  }

  mutable int version_ = kFabricFormatVersion;  // the document's, while read() runs
};

json fitted_value_to_json(const FittedValue& fitted) {
  return json{{"value", fitted.value}, {"ci95_low", fitted.ci95_low}, {"ci95_high", fitted.ci95_high}};
}

json fit_to_json(const FabricFit& fit) {
  json entry = json::object();
  entry["collective"] = fit.collective;
  if (!fit.algorithm.empty()) entry["algorithm"] = fit.algorithm;
  if (!fit.tier.empty()) entry["tier"] = fit.tier;
  entry["ranks"] = fit.ranks;
  entry["points"] = fit.points;
  entry["latency_s"] = fitted_value_to_json(fit.latency_s);
  entry["seconds_per_byte"] = fitted_value_to_json(fit.seconds_per_byte);
  if (fit.reduction_seconds_per_byte) {
    entry["reduction_seconds_per_byte"] = fitted_value_to_json(*fit.reduction_seconds_per_byte);
  }
  entry["half_bandwidth_bytes"] = fit.half_bandwidth_bytes;
  entry["median_relative_error"] = fit.median_relative_error;
  entry["max_relative_error"] = fit.max_relative_error;
  if (!fit.note.empty()) entry["note"] = fit.note;
  return entry;
}

std::string tier_kind_name(TierKind kind) {
  for (const auto& entry : kTierKinds) {
    if (entry.first == kind) return entry.second;
  }
  return "";
}

json calibration_to_json(const TierCalibration& calibration) {
  json entry = json::object();
  entry["latency_scale"] = fitted_value_to_json(calibration.latency_scale);
  entry["bandwidth_efficiency"] = fitted_value_to_json(calibration.bandwidth_efficiency);
  entry["points"] = calibration.points;
  entry["median_relative_error"] = calibration.median_relative_error;
  if (!calibration.note.empty()) entry["note"] = calibration.note;
  return entry;
}

json quantity_to_json(const Quantity& q, QuantityKind kind) {
  if (q.unit.empty() && q.source.empty() && !q.uncertainty) return q.value;
  std::string unit = q.unit;
  bool exact = is_known_unit(unit, kind) || unit.empty();
  double value = exact ? from_si(q.value, unit, kind, &exact) : q.value;
  double uncertainty = 0;
  if (exact && q.uncertainty) uncertainty = from_si(*q.uncertainty, unit, kind, &exact);
  if (!exact) {
    // No number in that unit converts back to exactly this value (or the unit is not one
    // this build reads): the value is written in SI so that reading it back is exact.
    unit.clear();
    value = q.value;
    if (q.uncertainty) uncertainty = *q.uncertainty;
  }
  if (unit.empty() && q.source.empty() && !q.uncertainty) return value;
  json object = json::object();
  object["value"] = value;
  if (!unit.empty()) object["unit"] = unit;
  if (!q.source.empty()) object["source"] = q.source;
  if (q.uncertainty) object["uncertainty"] = uncertainty;
  return object;
}

std::string pad(const std::string& text, std::size_t width, bool right) {
  if (text.size() >= width) return text;
  const std::string fill(width - text.size(), ' ');
  return right ? fill + text : text + fill;
}

// A quantity as the file wrote it: "25 GB/s", "0.6 us", "5e+10 B/s".
std::string as_written(double si, const std::string& unit, QuantityKind kind) {
  const std::string shown_unit = unit.empty() ? (kind == QuantityKind::bandwidth ? "B/s" : "s") : unit;
  const double value = unit.empty() ? si : from_si(si, unit, kind);
  return formatted_number("%.6g", value) + " " + shown_unit;
}

// A seconds-per-byte figure as a bandwidth in GB/s with its interval (the interval's ends swap).
std::string inverse_text(const FittedValue& fitted) {
  const auto gigabytes_per_second = [](double seconds_per_byte) {
    return seconds_per_byte > 0 ? formatted_number("%.4g", 1e-9 / seconds_per_byte) : std::string("inf");
  };
  return gigabytes_per_second(fitted.value) + " GB/s [" + gigabytes_per_second(fitted.ci95_high) + ", " +
         gigabytes_per_second(fitted.ci95_low) + "]";
}

// One line per fit: what was fitted, on how many ranks and sizes, the parameters with their 95%
// intervals, n1/2, and how well the model follows the points.
std::string fit_summary(const FabricFit& fit) {
  std::string text = "  " + fit.collective;
  if (!fit.algorithm.empty()) text += " " + fit.algorithm;
  if (!fit.tier.empty()) text += " over " + fit.tier;
  text += " on " + std::to_string(fit.ranks) + " ranks, " + std::to_string(fit.points) + " sizes: alpha " +
          fitted_text(fit.latency_s, 1e6) + " us; 1/beta " + inverse_text(fit.seconds_per_byte);
  if (fit.reduction_seconds_per_byte) text += "; 1/gamma " + inverse_text(*fit.reduction_seconds_per_byte);
  text += "; n1/2 " + formatted_number("%.0f", fit.half_bandwidth_bytes) + " B; relative error median " +
          formatted_number("%.1f", fit.median_relative_error * 100) + "%, max " +
          formatted_number("%.1f", fit.max_relative_error * 100) + "%";
  if (!fit.note.empty()) text += "; " + fit.note;
  return text;
}

}  // namespace

Fabric load_fabric_text(const std::string& text, const std::string& name) {
  const FabricReader reader(name);
  return reader.read(reader.parse_refusing_unknown_keys(text));
}

Fabric load_fabric_file(const std::string& path) {
  return load_fabric_text(
      FabricReader(path).read_file(path, "a readable fabric description file"), path);
}

nlohmann::json fabric_to_json(const Fabric& fabric) {
  json document = json::object();
  document["kind"] = "fabric";
  document["format_version"] = kFabricFormatVersion;
  document["name"] = fabric.name;
  if (!fabric.description.empty()) document["description"] = fabric.description;
  if (fabric.gpu) {
    json gpu = json::object();
    if (!fabric.gpu->model.empty()) gpu["model"] = fabric.gpu->model;
    gpu["generation"] = std::string(generation_name(fabric.gpu->generation));
    gpu["cpu_vendor"] = std::string(cpu_vendor_name(fabric.gpu->cpu_vendor));
    if (!fabric.gpu->source.empty()) gpu["source"] = fabric.gpu->source;
    document["gpu"] = std::move(gpu);
  }
  json tiers = json::array();
  for (const FabricTier& tier : fabric.tiers) {
    json entry = json::object();
    entry["name"] = tier.name;
    if (tier.members_source.empty()) {
      entry["members"] = tier.members;
    } else {
      entry["members"] = json{{"value", tier.members}, {"source", tier.members_source}};
    }
    entry["link_bandwidth"] = quantity_to_json(tier.link_bandwidth, QuantityKind::bandwidth);
    entry["latency"] = quantity_to_json(tier.latency, QuantityKind::time);
    entry["links_per_member"] = tier.links_per_member;
    entry["ranks_per_nic"] = tier.ranks_per_nic;
    entry["in_switch_reduction"] = tier.in_switch_reduction;
    if (tier.kind != TierKind::unspecified) entry["kind"] = tier_kind_name(tier.kind);
    if (tier.achievable_link_bandwidth) {
      entry["achievable_link_bandwidth"] = quantity_to_json(*tier.achievable_link_bandwidth, QuantityKind::bandwidth);
    }
    if (tier.nic_path_bandwidth) {
      entry["nic_path_bandwidth"] = quantity_to_json(*tier.nic_path_bandwidth, QuantityKind::bandwidth);
    }
    if (tier.kind == TierKind::nvlink) entry["nvswitch"] = tier.nvswitch;
    if (tier.calibration) entry["calibration"] = calibration_to_json(*tier.calibration);
    tiers.push_back(std::move(entry));
  }
  document["tiers"] = std::move(tiers);
  if (fabric.reduction_bandwidth) {
    document["reduction_bandwidth"] = quantity_to_json(*fabric.reduction_bandwidth, QuantityKind::bandwidth);
  }
  if (!fabric.measurements.empty()) {
    json measurements = json::array();
    for (const FabricPoint& point : fabric.measurements) {
      measurements.push_back(json{{"tier", point.tier}, {"bytes", point.bytes}, {"time_s", point.time_s}});
    }
    document["measurements"] = std::move(measurements);
  }
  if (!fabric.fits.empty()) {
    json fits = json::array();
    for (const FabricFit& fit : fabric.fits) fits.push_back(fit_to_json(fit));
    document["fits"] = std::move(fits);
  }
  return document;
}

std::string fabric_json_text(const Fabric& fabric) {
  return fabric_to_json(fabric).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string fitted_text(const FittedValue& fitted, double scale) {
  return formatted_number("%.4g", fitted.value * scale) + " [" + formatted_number("%.4g", fitted.ci95_low * scale) +
         ", " + formatted_number("%.4g", fitted.ci95_high * scale) + "]";
}

namespace {

// What format version 2 adds, the figures the NCCL model reads: the GPUs, and each tier's kind,
// switch, achievable and NIC path bandwidths and calibration. Empty for a fabric without them.
std::string gpu_summary_text(const Fabric& fabric) {
  std::ostringstream out;
  if (fabric.gpu) {
    out << "gpu: " << (fabric.gpu->model.empty() ? std::string("(model not named)") : one_line_text(fabric.gpu->model))
        << ", " << generation_name(fabric.gpu->generation) << ", " << cpu_vendor_name(fabric.gpu->cpu_vendor)
        << " CPUs: the NCCL model predicts its collectives (docs/MODELS.md)\n";
  }
  for (const FabricTier& tier : fabric.tiers) {
    std::vector<std::string> parts;
    if (tier.kind != TierKind::unspecified) parts.push_back("kind " + tier_kind_name(tier.kind));
    if (tier.kind == TierKind::nvlink) parts.push_back(tier.nvswitch ? "NVSwitch" : "no NVSwitch");
    if (tier.achievable_link_bandwidth) {
      parts.push_back("achievable " + formatted_number("%.2f", tier.achievable_link_bandwidth->value / 1e9) +
                      " GB/s per link");
    }
    if (tier.nic_path_bandwidth) {
      parts.push_back("NIC path " + formatted_number("%.2f", tier.nic_path_bandwidth->value / 1e9) + " GB/s");
    }
    if (tier.calibration) {
      parts.push_back("calibrated: latency x " + fitted_text(tier.calibration->latency_scale, 1) +
                      ", bandwidth efficiency " + fitted_text(tier.calibration->bandwidth_efficiency, 1) + " (" +
                      std::to_string(tier.calibration->points) + " sizes, median error " +
                      formatted_number("%.1f%%", tier.calibration->median_relative_error * 100) + ")");
    }
    if (parts.empty()) continue;
    std::string line = "  " + tier.name + ":";
    for (std::size_t i = 0; i < parts.size(); ++i) line += (i == 0 ? " " : "; ") + parts[i];
    out << one_line_text(line) << "\n";
  }
  return out.str();
}

}  // namespace

std::string fabric_summary_text(const Fabric& fabric) {
  const std::vector<std::string> headers = {"tier",           "members",   "link GB/s",  "link Gb/s",
                                            "links/member",   "member GB/s", "ranks/NIC", "latency us",
                                            "switch reduces"};
  std::vector<std::vector<std::string>> rows;
  for (const FabricTier& tier : fabric.tiers) {
    const double bandwidth = tier.link_bandwidth.value;
    rows.push_back({tier.name, std::to_string(tier.members), formatted_number("%.2f", bandwidth / 1e9),
                    formatted_number("%.1f", bandwidth * 8 / 1e9), std::to_string(tier.links_per_member),
                    formatted_number("%.2f", bandwidth * static_cast<double>(tier.links_per_member) / 1e9),
                    std::to_string(tier.ranks_per_nic), formatted_number("%.2f", tier.latency.value * 1e6),
                    tier.in_switch_reduction ? "yes" : "no"});
  }
  std::vector<std::size_t> widths;
  for (const std::string& header : headers) widths.push_back(header.size());
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  const auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      // The name and the yes/no column read left to right; numbers line up on the right.
      const bool left = c == 0 || c + 1 == cells.size();
      text += (c == 0 ? "" : "  ") + pad(cells[c], widths[c], !left);
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text + "\n";
  };

  std::ostringstream out;
  out << "fabric " << one_line_text(fabric.name);
  if (!fabric.description.empty()) out << ": " << one_line_text(fabric.description);
  out << "\n" << line(headers);
  for (const auto& row : rows) out << line(row);
  std::string ranks;
  try {
    ranks = std::to_string(fabric_ranks(fabric));
  } catch (const std::overflow_error&) {
    ranks = "more than 18446744073709551615";
  }
  out << "total ranks: " << ranks << " (the product of the tiers' members)\n";
  out << gpu_summary_text(fabric);
  if (!fabric.measurements.empty()) out << "measured points: " << fabric.measurements.size() << "\n";
  if (fabric.reduction_bandwidth) {
    out << "reduction bandwidth: " << formatted_number("%.2f", fabric.reduction_bandwidth->value / 1e9)
        << " GB/s per rank (a += b; the cost models' gamma is 1 / this)\n";
  }
  if (!fabric.fits.empty()) {
    out << "fits:\n";
    for (const FabricFit& fit : fabric.fits) out << one_line_text(fit_summary(fit)) << "\n";
  }

  std::vector<std::string> sources;
  const auto add_quantity = [&](const FabricTier& tier, const char* field, const Quantity& q, QuantityKind kind) {
    if (q.source.empty()) return;
    std::string text = "  " + tier.name + " " + field + " = " + as_written(q.value, q.unit, kind);
    if (q.uncertainty) text += " +/- " + as_written(*q.uncertainty, q.unit, kind);
    sources.push_back(one_line_text(text + ": " + q.source));
  };
  if (fabric.reduction_bandwidth && !fabric.reduction_bandwidth->source.empty()) {
    const Quantity& q = *fabric.reduction_bandwidth;
    std::string text = "  reduction_bandwidth = " + as_written(q.value, q.unit, QuantityKind::bandwidth);
    if (q.uncertainty) text += " +/- " + as_written(*q.uncertainty, q.unit, QuantityKind::bandwidth);
    sources.push_back(one_line_text(text + ": " + q.source));
  }
  for (const FabricTier& tier : fabric.tiers) {
    if (!tier.members_source.empty()) {
      sources.push_back(one_line_text("  " + tier.name + " members = " + std::to_string(tier.members) + ": " + tier.members_source));
    }
    add_quantity(tier, "link_bandwidth", tier.link_bandwidth, QuantityKind::bandwidth);
    if (tier.achievable_link_bandwidth) {
      add_quantity(tier, "achievable_link_bandwidth", *tier.achievable_link_bandwidth, QuantityKind::bandwidth);
    }
    if (tier.nic_path_bandwidth) {
      add_quantity(tier, "nic_path_bandwidth", *tier.nic_path_bandwidth, QuantityKind::bandwidth);
    }
    add_quantity(tier, "latency", tier.latency, QuantityKind::time);
  }
  if (!sources.empty()) {
    out << "sources:\n";
    for (const std::string& source : sources) out << source << "\n";
  }
  return out.str();
}

}  // namespace commbench
