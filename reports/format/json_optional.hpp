#pragma once
// An optional value in a report or description file: written as null when empty, and read
// back from a key that must be present (null or a value), so that a missing key is an error
// rather than a silent default.
#include <nlohmann/json.hpp>
#include <optional>

namespace commbench {

template <typename Value>
nlohmann::json optional_json(const std::optional<Value>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

template <typename Value>
void read_optional(const nlohmann::json& object, const char* key, std::optional<Value>& value) {
  const nlohmann::json& field = object.at(key);
  if (field.is_null()) {
    value.reset();
  } else {
    value = field.get<Value>();
  }
}

}  // namespace commbench
