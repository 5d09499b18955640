#include "bench/reading/acceptance_spec_file.hpp"

#include <algorithm>
#include <vector>

#include "bench/run/size_parse.hpp"
#include "collectives/algorithms/explicit_algorithms.hpp"
#include "collectives/backend/collective_spec.hpp"
#include "collectives/dtype/dtype.hpp"
#include "collectives/dtype/reduce_op.hpp"
#include "reports/format/json_field_reader.hpp"
#include "reports/format/text_join.hpp"
#include "topology/fabric_files/fabric_json.hpp"

namespace commbench {
namespace {

using nlohmann::json;

const std::string kAcceptedSpec = "a commbench acceptance spec, docs/GATE.md, format_version " +
                                  std::to_string(kAcceptanceSpecFormatVersion);
const std::string kAcceptedSize =
    "a whole number of bytes, or a string such as \"8K\", \"64M\", \"1G\" (K, M, G: 1024, 1024^2, 1024^3)";
const std::string kAcceptedCount = "a whole number from 1 to 18446744073709551615";
const std::vector<std::string> kPlacements = {"out-of-place", "in-place"};
const std::vector<std::string> kOutlierKinds = {"any", "bandwidth", "latency"};
const std::vector<std::string> kSeriesSources = {"measured", "predicted"};

const std::vector<std::string> kTopFields = {"kind", "format_version", "name", "description", "checks"};
const std::vector<std::string> kCommonFields = {"check", "name"};
const std::vector<std::string> kRowFields = {"collective", "dtype",     "op",       "algorithm",
                                             "placement",  "min_bytes", "max_bytes"};

std::vector<std::string> check_types() {
  return {NoWrongElementsCheck::kType, BusBandwidthCheck::kType,        LatencyCheck::kType,
          TailRatioCheck::kType,       LinkcheckNoOutliersCheck::kType, ScalingEfficiencyCheck::kType};
}

std::vector<std::string> collective_names() {
  std::vector<std::string> names;
  for (const CollectiveSpec* spec : all_collective_specs()) names.emplace_back(spec->name());
  return names;
}

std::vector<std::string> concatenated(std::vector<std::string> first, const std::vector<std::string>& second) {
  first.insert(first.end(), second.begin(), second.end());
  return first;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The fields of each check type beside "check" and "name", named once: read_check refuses
// others, and the parse refuses a key no check type has at the key.
const std::string kBusbwAbsolute = "busbw_at_least_GBps";
const std::string kBusbwFraction = "busbw_at_least_model_fraction";
const std::string kLatencyField = "latency_at_most_us";
const std::string kTailRatio = "p99_over_median_at_most";
const std::string kTailSamples = "min_samples";
const std::string kOutlierKind = "outlier_kind";
const std::vector<std::string> kScalingFields = {"gpus", "efficiency_at_least", "series", "fabric"};

// The fields of a check of this type (known to check_types()), "check" and "name" included.
std::vector<std::string> check_fields(const std::string& type) {
  const std::vector<std::string> with_rows = concatenated(kCommonFields, kRowFields);
  if (type == BusBandwidthCheck::kType) return concatenated(with_rows, {kBusbwAbsolute, kBusbwFraction});
  if (type == LatencyCheck::kType) return concatenated(with_rows, {kLatencyField});
  if (type == TailRatioCheck::kType) return concatenated(with_rows, {kTailRatio, kTailSamples});
  if (type == LinkcheckNoOutliersCheck::kType) return concatenated(kCommonFields, {kOutlierKind});
  if (type == ScalingEfficiencyCheck::kType) return concatenated(kCommonFields, kScalingFields);
  return kCommonFields;  // no_wrong_elements
}

// The fields of the object at path, or null where the reader reads no object. A check's fields
// depend on its "check", which may come after them: every check type's, where the parse
// refuses an unknown key at the key; read_check then holds the check to its own.
const std::vector<std::string>* spec_fields_at(const JsonPath& path) {
  static const std::vector<std::string> any_check = [] {
    std::vector<std::string> fields;
    for (const std::string& type : check_types()) {
      for (const std::string& field : check_fields(type)) {
        if (!contains(fields, field)) fields.push_back(field);
      }
    }
    return fields;
  }();
  static const std::vector<std::string> check = {"checks", "*"};
  if (path.tokens().empty()) return &kTopFields;
  if (path.is(check)) return &any_check;
  return nullptr;
}

// Reads one document; every failure names the file and the field's JSON path, what was found
// and what is accepted, on one line.
class AcceptanceSpecReader final : public JsonFieldReader<AcceptanceSpecError> {
 public:
  explicit AcceptanceSpecReader(std::string name) : JsonFieldReader(std::move(name), kAcceptedSpec) {}

  // The document, an unknown key refused at the key with the message read() would give: the
  // header first, then the fields of the check's type where its "check" names one.
  json parse_refusing_unknown_keys(const std::string& text) const {
    return parse(text, spec_fields_at, [this](const std::string& whole, const UnknownKey& unknown) {
      const std::string check_pointer = unknown.object_path + "/check";
      const bool in_check = unknown.object.is({"checks", "*"});
      const auto peeked = peek_header(whole, "acceptance", kAcceptanceSpecFormatVersion, kAcceptanceSpecFormatVersion,
                                      {check_pointer}).first;
      if (!in_check) return;
      const auto found = peeked.values.find(check_pointer);
      if (found == peeked.values.end() && !peeked.settled) return;  // the union: the check was not reached
      json check = json::object();
      if (found != peeked.values.end()) check["check"] = *found;
      refuse_unknown_field(unknown.object_path, unknown.key, check_fields(check_type(check, unknown.object_path)));
    });
  }

  AcceptanceSpec read(const json& document) const {
    expect_object(document, "", "an object: " + kAcceptedSpec);
    expect_format_header(document, "acceptance", kAcceptanceSpecFormatVersion);
    refuse_unknown_fields(document, "", kTopFields);

    AcceptanceSpec spec;
    spec.name = non_empty_string(required(document, "", "name", "a non-empty string"), "/name");
    if (const auto found = document.find("description"); found != document.end()) {
      spec.description = string_field(*found, "/description", "a string");
    }
    const std::string checks_accepted = "an array of at least one check object (docs/GATE.md)";
    const json& checks = required(document, "", "checks", checks_accepted);
    if (!checks.is_array()) fail("/checks", "is " + json_type_text(checks), checks_accepted);
    if (checks.empty()) fail("/checks", "is empty", checks_accepted);
    for (std::size_t i = 0; i < checks.size(); ++i) {
      spec.checks.push_back(read_check(checks[i], "/checks/" + std::to_string(i)));
    }
    return spec;
  }

 private:
  // The check's type, one of check_types().
  std::string check_type(const json& node, const std::string& path) const {
    const std::string types = joined(check_types());
    const std::string type = string_field(required(node, path, "check", "one of " + types), path + "/check",
                                          "one of " + types);
    if (!contains(check_types(), type)) fail(path + "/check", json_value_text(node["check"]) + " is not a check type", types);
    return type;
  }

  AcceptanceCheck read_check(const json& node, const std::string& path) const {
    const std::string types = joined(check_types());
    expect_object(node, path, "an object with \"check\": one of " + types);
    const std::string type = check_type(node, path);
    refuse_unknown_fields(node, path, check_fields(type));
    AcceptanceCheck check;
    if (type == NoWrongElementsCheck::kType) {
      check.kind = NoWrongElementsCheck{};
    } else if (type == BusBandwidthCheck::kType) {
      check.kind = busbw(node, path);
    } else if (type == LatencyCheck::kType) {
      check.kind = latency(node, path);
    } else if (type == TailRatioCheck::kType) {
      check.kind = tail_ratio(node, path);
    } else if (type == LinkcheckNoOutliersCheck::kType) {
      check.kind = linkcheck(node, path);
    } else if (type == ScalingEfficiencyCheck::kType) {
      check.kind = scaling(node, path);
    }
    if (const auto found = node.find("name"); found != node.end()) {
      check.name = non_empty_string(*found, path + "/name");
    }
    return check;
  }

  BusBandwidthCheck busbw(const json& node, const std::string& path) const {
    const std::string& absolute = kBusbwAbsolute;
    const std::string& fraction = kBusbwFraction;
    BusBandwidthCheck check;
    check.rows = rows(node, path, false);
    if (!check.rows.min_bytes) {
      fail(path + "/min_bytes", "is missing",
           kAcceptedSize + ": busbw is judged over a range of large sizes, from min_bytes (to max_bytes)");
    }
    const bool has_absolute = node.contains(absolute);
    const bool has_fraction = node.contains(fraction);
    const std::string accepted_floor = "exactly one of " + absolute + " (GB/s, 1e9 bytes/s) and " + fraction;
    if (has_absolute == has_fraction) {
      fail(path, has_absolute ? "has both " + absolute + " and " + fraction : "has no busbw floor", accepted_floor);
    }
    if (has_absolute) {
      check.basis = BusBandwidthBasis::absolute;
      // The fabric's physical range (fabric_json.hpp): a floor beyond any link built could
      // never pass, and 1e308 GB/s would become infinity.
      check.at_least = number_within(node[absolute], path + "/" + absolute, kMinBandwidth / 1e9, kMaxBandwidth / 1e9,
                                     "a number of GB/s (1e9 bytes/s) from 1e-06 to 100000") *
                       1e9;
    } else {
      check.basis = BusBandwidthBasis::model_fraction;
      const std::string accepted = "a number greater than 0 and at most 1";
      const double value = positive(node[fraction], path + "/" + fraction, accepted);
      if (value > 1) fail(path + "/" + fraction, json_value_text(node[fraction]) + " is greater than 1", accepted);
      check.at_least = value;
    }
    return check;
  }

  LatencyCheck latency(const json& node, const std::string& path) const {
    const std::string& field = kLatencyField;
    LatencyCheck check;
    check.rows = rows(node, path, false);
    if (!check.rows.max_bytes) {
      fail(path + "/max_bytes", "is missing", kAcceptedSize + ": latency is judged over small sizes, up to max_bytes");
    }
    // From the shortest time a measurement holds (1 ns) to the longest latency of a fabric
    // (fabric_json.hpp): a ceiling of 0 (a denormal) could never pass.
    const std::string accepted = "a number of microseconds from 0.001 to 10000000";
    check.at_most_s = number_within(required(node, path, field, accepted), path + "/" + field,
                                    kMinMeasuredSeconds * 1e6, kMaxLatencySeconds * 1e6, accepted) *
                      1e-6;
    return check;
  }

  TailRatioCheck tail_ratio(const json& node, const std::string& path) const {
    const std::string& ratio = kTailRatio;
    const std::string& samples = kTailSamples;
    TailRatioCheck check;
    check.rows = rows(node, path, true);
    // p99 is never below the median, so a bound under 1 could never pass.
    const std::string accepted = "a number of at least 1";
    const json& value = required(node, path, ratio, accepted);
    check.at_most = number(value, path + "/" + ratio, accepted);
    if (!(check.at_most >= 1)) fail(path + "/" + ratio, json_value_text(value) + " is less than 1", accepted);
    if (const auto found = node.find(samples); found != node.end()) {
      check.min_samples = count(*found, path + "/" + samples, kAcceptedCount);
    }
    return check;
  }

  LinkcheckNoOutliersCheck linkcheck(const json& node, const std::string& path) const {
    const std::string& field = kOutlierKind;
    LinkcheckNoOutliersCheck check;
    if (const auto found = node.find(field); found != node.end()) {
      const std::string kind = one_of(*found, path + "/" + field, kOutlierKinds);
      check.bandwidth = kind != "latency";
      check.latency = kind != "bandwidth";
    }
    return check;
  }

  ScalingEfficiencyCheck scaling(const json& node, const std::string& path) const {
    ScalingEfficiencyCheck check;
    check.gpus = count(required(node, path, "gpus", kAcceptedCount), path + "/gpus", kAcceptedCount);
    const std::string accepted = "a number greater than 0 and at most 1";
    const json& efficiency = required(node, path, "efficiency_at_least", accepted);
    check.at_least = positive(efficiency, path + "/efficiency_at_least", accepted);
    if (check.at_least > 1) {
      fail(path + "/efficiency_at_least", json_value_text(efficiency) + " is greater than 1", accepted);
    }
    if (const auto found = node.find("series"); found != node.end()) {
      check.series = one_of(*found, path + "/series", kSeriesSources) == "measured" ? ScalingSeriesSource::measured
                                                                                     : ScalingSeriesSource::predicted;
    }
    if (const auto found = node.find("fabric"); found != node.end()) {
      if (check.series != ScalingSeriesSource::predicted) {
        fail(path + "/fabric", "is given for the measured series",
             "fabric only with \"series\": \"predicted\" (it picks the predicted series of that fabric)");
      }
      check.fabric = non_empty_string(*found, path + "/fabric");
    }
    return check;
  }

  // The row selection of busbw, latency and tail_ratio; any_collective: "all" is accepted.
  RowSelection rows(const json& node, const std::string& path, bool any_collective) const {
    RowSelection selection;
    std::vector<std::string> collectives = collective_names();
    if (any_collective) collectives.push_back(kAnyCollective);
    const std::string accepted_collective = joined(collectives);
    selection.collective = one_of(required(node, path, "collective", accepted_collective), path + "/collective",
                                  collectives);
    const CollectiveSpec* collective = find_collective_spec(selection.collective);  // null for "all"
    if (const auto found = node.find("dtype"); found != node.end()) {
      const std::string accepted = dtype_names_joined();
      selection.dtype = string_field(*found, path + "/dtype", accepted);
      if (!parse_dtype(*selection.dtype)) fail(path + "/dtype", json_value_text(*found) + " is not a dtype", accepted);
    }
    if (const auto found = node.find("op"); found != node.end()) {
      const std::string accepted = reduce_op_names_joined() + ", for a collective that reduces";
      selection.op = string_field(*found, path + "/op", accepted);
      if (!parse_reduce_op(*selection.op)) fail(path + "/op", json_value_text(*found) + " is not an op", accepted);
      if (collective != nullptr && !collective->uses_op()) {
        fail(path + "/op", "is given for " + selection.collective + ", which does not reduce", accepted);
      }
    }
    if (const auto found = node.find("algorithm"); found != node.end()) {
      std::vector<std::string> algorithms = collective != nullptr
                                                ? concatenated({"native"}, explicit_algorithms(selection.collective))
                                                : algorithm_names();
      selection.algorithm = one_of(*found, path + "/algorithm", algorithms);
    }
    if (const auto found = node.find("placement"); found != node.end()) {
      selection.placement = one_of(*found, path + "/placement", kPlacements);
    }
    if (const auto found = node.find("min_bytes"); found != node.end()) {
      selection.min_bytes = size(*found, path + "/min_bytes");
    }
    if (const auto found = node.find("max_bytes"); found != node.end()) {
      selection.max_bytes = size(*found, path + "/max_bytes");
    }
    if (selection.min_bytes && selection.max_bytes && *selection.min_bytes > *selection.max_bytes) {
      fail(path + "/max_bytes",
           std::to_string(*selection.max_bytes) + " bytes is less than min_bytes, " +
               std::to_string(*selection.min_bytes) + " bytes",
           "a size at least min_bytes");
    }
    return selection;
  }

  std::uint64_t size(const json& node, const std::string& path) const {
    if (node.is_string()) {
      const auto bytes = parse_bytes(node.get<std::string>());
      if (!bytes) fail(path, json_value_text(node) + " is not a size", kAcceptedSize);
      return *bytes;
    }
    // 0 bytes is a size (a sweep may start there); count() refuses it, so it is let through here.
    if (node.is_number() && node == 0) return 0;
    return count(node, path, kAcceptedSize);
  }

  std::string one_of(const json& node, const std::string& path, const std::vector<std::string>& names) const {
    const std::string accepted = joined(names);
    const std::string text = string_field(node, path, accepted);
    if (!contains(names, text)) fail(path, json_value_text(node) + " is not accepted", accepted);
    return text;
  }
};

}  // namespace

AcceptanceSpec parse_acceptance_spec(const std::string& text, const std::string& name) {
  const AcceptanceSpecReader reader(name);
  return reader.read(reader.parse_refusing_unknown_keys(text));
}

AcceptanceSpec load_acceptance_spec_file(const std::string& path) {
  const std::string accepted = "a readable acceptance spec file (JSON, docs/GATE.md)";
  return parse_acceptance_spec(AcceptanceSpecReader(path).read_file(path, accepted), path);
}

}  // namespace commbench
