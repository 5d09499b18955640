#pragma once
// A JSON Schema compiled for checking (json_schema_validator.cpp): one node per schema object,
// children by index, every $ref resolved, every keyword's value checked once, here.
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace commbench::json_schema {

enum TypeBit : unsigned {
  null_type = 1u << 0,
  boolean_type = 1u << 1,
  object_type = 1u << 2,
  array_type = 1u << 3,
  number_type = 1u << 4,
  integer_type = 1u << 5,
  string_type = 1u << 6,
};

// Whether value is of one of types (TypeBit flags); a whole number counts as an integer.
bool has_type(const nlohmann::json& value, unsigned types);

// types as a message lists them: "an integer or null".
std::string types_phrase(unsigned types);

struct Pattern {
  std::string text;
  std::regex regex;
};

struct Node {
  std::optional<bool> fixed;  // a boolean schema: true accepts every value, false none
  int ref = -1;
  unsigned types = 0;  // 0: any type
  std::optional<nlohmann::json> const_value;
  std::optional<nlohmann::json> enum_values;  // an array
  std::optional<nlohmann::json> minimum, maximum, exclusive_minimum, exclusive_maximum;
  std::optional<std::size_t> min_length, min_items, max_items;
  bool unique_items = false;
  std::optional<Pattern> pattern;
  std::vector<std::string> required;
  std::map<std::string, int> properties;
  int additional_properties = -1;
  int property_names = -1;
  int items = -1;
  std::vector<int> all_of, one_of;
  int not_schema = -1, if_schema = -1, then_schema = -1, else_schema = -1;
};

// Compiles schema, the document's root ("#"), into nodes (nodes[0] is the root) and returns
// every schema's node by its pointer ("#/$defs/result"). Throws JsonSchemaError, one line naming
// the place in the schema, for what the validator cannot check with.
std::map<std::string, int> compile_schema(const nlohmann::json& schema, std::vector<Node>& nodes);

}  // namespace commbench::json_schema
