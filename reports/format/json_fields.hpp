#pragma once
// A record's JSON keys listed once for both directions, where a generated conversion
// (NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE) does not fit: a report with a header of its own, a
// section with a state beside its fields, a key that is not the member's name. The list is a
// function fields(record, visit) that calls visit(key, member) for each field; it is written
// for any record type, so it serves a const record when writing and a mutable one when reading:
//
//   constexpr auto kPointFields = [](auto& point, auto visit) { visit("gpus", point.gpus); ... };
#include <nlohmann/json.hpp>

namespace commbench {

// Puts each listed field under its key in object.
template <typename Record, typename Fields>
void write_fields(nlohmann::json& object, const Record& record, Fields fields) {
  fields(record, [&object](const char* key, const auto& field) { object[key] = field; });
}

// Takes each listed field from its key, in the listed order; a missing key throws as
// nlohmann::json::at does.
template <typename Record, typename Fields>
void read_fields(const nlohmann::json& object, Record& record, Fields fields) {
  fields(record, [&object](const char* key, auto& field) { object.at(key).get_to(field); });
}

}  // namespace commbench
