#pragma once
// What a table of an enum's values and their names gives, written once for the element types
// (dtype.cpp) and the reduction operators (reduce_op.cpp): the value of a name, every value in
// the table's order, and the names joined for messages. An entry is any struct with the members
// `value` and `name`.
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
