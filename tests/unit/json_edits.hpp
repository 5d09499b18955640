#pragma once
// Broken variants of a good JSON document, for the tables of files a loader must refuse
// (fabric_test.cpp, workload_test.cpp): one field set or removed by its JSON pointer.
#include <nlohmann/json.hpp>
#include <string>

namespace commbench {

// document's text with the field at pointer set to value (created when absent).
inline std::string text_with(nlohmann::json document, const std::string& pointer, const nlohmann::json& value) {
  document[nlohmann::json::json_pointer(pointer)] = value;
  return document.dump();
}

// document's text without the field at pointer.
inline std::string text_without(nlohmann::json document, const std::string& pointer) {
  const nlohmann::json::json_pointer target(pointer);
  document[target.parent_pointer()].erase(target.back());
  return document.dump();
}

}  // namespace commbench
