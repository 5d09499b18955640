#pragma once
// The two ways a report or description file holds a value that may be absent; the schema
// (docs/report.schema.json) says which key uses which, and output must not change.
//
// - A nullable value (every report kind after the collectives report, topology descriptions):
//   the key is always written, null when empty, and must be present when read (null or a
//   value), so that a missing key is an error rather than a silent default. std::optional
//   converts this way wherever this header is included, so generated conversions
//   (NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE) and `j.at(key).get_to(value)` handle it.
// - An optional key (the collectives report's "prediction", "devices" and "model", which
//   older readers expect to find missing rather than null): write_optional_key writes the key
//   only when there is a value; read_optional_key reads it only when present, and a present
//   null is refused like any other value of the wrong kind.
#include <nlohmann/json.hpp>
#include <optional>

// nlohmann/json 3.11 has no conversion of std::optional; this is the one its documentation
// shows for third-party types ("How do I convert third-party types?").
namespace nlohmann {
template <typename Value>
struct adl_serializer<std::optional<Value>> {
  template <typename BasicJsonType>
  static void to_json(BasicJsonType& j, const std::optional<Value>& value) {
    if (value) {
      j = *value;
    } else {
      j = nullptr;
    }
  }
  template <typename BasicJsonType>
  static void from_json(const BasicJsonType& j, std::optional<Value>& value) {
    if (j.is_null()) {
      value.reset();
    } else {
      value = j.template get<Value>();
    }
  }
};
}  // namespace nlohmann

namespace commbench {

template <typename Value>
void write_optional_key(nlohmann::json& object, const char* key, const std::optional<Value>& value) {
  if (value) object[key] = *value;
}

template <typename Value>
void read_optional_key(const nlohmann::json& object, const char* key, std::optional<Value>& value) {
  const auto found = object.find(key);
  if (found == object.end()) {
    value.reset();
  } else {
    value = found->get<Value>();
  }
}

}  // namespace commbench
