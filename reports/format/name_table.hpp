#pragma once
// What an enum's names give, written once for every enum parsed from text: the value of a name,
// found in a table of entries (any struct with the members `value` and `name`; the element types,
// the reduction operators) or among a list of values with a function that names each (the NCCL
// algorithms and protocols, GPU generations, CPU vendors); every value of a table in its order;
// and the names joined for messages.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reports/format/text_join.hpp"

namespace commbench {

template <typename Entry, std::size_t N>
auto value_named(const std::array<Entry, N>& table, std::string_view name) -> std::optional<decltype(Entry::value)> {
  for (const Entry& entry : table) {
    if (entry.name == name) return entry.value;
  }
  return std::nullopt;
}

template <typename Values, typename NameOf>
auto value_named(const Values& values, NameOf name_of, std::string_view name)
    -> std::optional<typename Values::value_type> {
  for (const auto& value : values) {
    if (name_of(value) == name) return value;
  }
  return std::nullopt;
}

template <typename Entry, std::size_t N>
auto table_values(const std::array<Entry, N>& table) -> std::vector<decltype(Entry::value)> {
  std::vector<decltype(Entry::value)> values;
  for (const Entry& entry : table) values.push_back(entry.value);
  return values;
}

template <typename Entry, std::size_t N>
std::string table_names_joined(const std::array<Entry, N>& table) {
  std::vector<std::string> names;
  for (const Entry& entry : table) names.emplace_back(entry.name);
  return joined(names);
}

}  // namespace commbench
