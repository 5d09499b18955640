#include "reports/load/json_schema_compiler.hpp"

#include <utility>

#include "reports/format/escaped_text.hpp"
#include "reports/format/json_document.hpp"
#include "reports/format/text_join.hpp"
#include "reports/load/json_schema_validator.hpp"
#include "reports/load/json_schema_values.hpp"

namespace commbench::json_schema {
namespace {

using nlohmann::json;

struct TypeName {
  const char* name;
  unsigned bit;
  const char* phrase;
};

// In the order messages list them ("an integer or null").
constexpr TypeName kTypeNames[] = {
    {"boolean", boolean_type, "a boolean"},
    {"object", object_type, "an object"},
    {"array", array_type, "an array"},
    {"number", number_type, "a number"},
    {"integer", integer_type, "an integer"},
    {"string", string_type, "a string"},
    {"null", null_type, "null"},
};

const char* const kKnownKeywords =
    "type, $ref, $defs, properties, required, additionalProperties, items, minItems, maxItems, uniqueItems, enum, "
    "const, minimum, maximum, exclusiveMinimum, exclusiveMaximum, minLength, pattern, propertyNames, allOf, oneOf, "
    "not, if, then, else, description, title, $schema";

class SchemaCompiler {
 public:
  explicit SchemaCompiler(std::vector<Node>& nodes) : nodes_(nodes) {}

  // Compiles the schema at pointer ("#", "#/$defs/result") and returns its node's index.
  int compile(const json& schema, const std::string& pointer, int depth) {
    if (depth > kMaxSchemaCheckDepth) refuse(pointer, "is nested too deeply");
    const int index = static_cast<int>(nodes_.size());
    nodes_.emplace_back();
    node_at_[pointer] = index;
    Node node;
    if (schema.is_boolean()) {
      node.fixed = schema.get<bool>();
    } else if (!schema.is_object()) {
      refuse(pointer, "is " + kind_phrase(schema) + ", not a schema (an object or a boolean)");
    } else {
      for (auto entry = schema.begin(); entry != schema.end(); ++entry) {
        keyword(node, index, entry.key(), entry.value(), pointer + "/" + json_pointer_token(entry.key()), depth);
      }
    }
    nodes_[static_cast<std::size_t>(index)] = std::move(node);
    return index;
  }

  // Every compiled schema by its pointer ("#/$defs/result"), once compiling is done.
  std::map<std::string, int> take_pointers() { return std::move(node_at_); }

  // After the whole document is compiled, every $ref is pointed at its node.
  void resolve_references() {
    for (const PendingReference& reference : references_) {
      const auto target = node_at_.find(reference.target);
      if (target == node_at_.end()) {
        refuse(reference.where, "\"" + reference.target + "\" is not a schema in this document");
      }
      nodes_[static_cast<std::size_t>(reference.node)].ref = target->second;
    }
  }

 private:
  struct PendingReference {
    int node;
    std::string target, where;
  };

  [[noreturn]] static void refuse(const std::string& pointer, const std::string& problem) {
    throw JsonSchemaError(one_line_text("schema " + pointer + ": " + problem));
  }

  int child(const json& schema, const std::string& pointer, int depth) { return compile(schema, pointer, depth + 1); }

  std::vector<int> children(const json& schemas, const std::string& pointer, int depth) {
    if (!schemas.is_array() || schemas.empty()) refuse(pointer, "is not a non-empty array of schemas");
    std::vector<int> indices;
    for (std::size_t i = 0; i < schemas.size(); ++i) {
      indices.push_back(child(schemas[i], pointer + "/" + std::to_string(i), depth));
    }
    return indices;
  }

  static json number(const json& value, const std::string& pointer) {
    if (!value.is_number()) refuse(pointer, "is " + kind_phrase(value) + ", not a number");
    return value;
  }

  static std::size_t count(const json& value, const std::string& pointer) {
    if (!value.is_number_unsigned()) refuse(pointer, "is not a whole number of at least 0");
    return value.get<std::size_t>();
  }

  static unsigned type_bits(const json& value, const std::string& pointer) {
    const auto bit_of = [&](const json& name) {
      for (const TypeName& type : kTypeNames) {
        if (name.is_string() && name.get_ref<const std::string&>() == type.name) return type.bit;
      }
      refuse(pointer,
             value_text(name) + " is not a type (accepted: null, boolean, object, array, number, integer, string)");
    };
    if (!value.is_array()) return bit_of(value);
    if (value.empty()) refuse(pointer, "is an empty list of types");
    unsigned bits = 0;
    for (const json& name : value) bits |= bit_of(name);
    return bits;
  }

  // One keyword of the schema whose node is node (at index in nodes_ once compiled).
  void keyword(Node& node, int index, const std::string& name, const json& value, const std::string& pointer,
               int depth) {
    if (name == "description" || name == "title" || name == "$schema") return;  // annotations
    if (name == "type") {
      node.types = type_bits(value, pointer);
    } else if (name == "$ref") {
      if (!value.is_string() || value.get_ref<const std::string&>().rfind('#', 0) != 0) {
        refuse(pointer, "is not a reference within this document (accepted: \"#\" or \"#/...\")");
      }
      references_.push_back({index, value.get<std::string>(), pointer});
    } else if (name == "$defs" || name == "properties") {
      if (!value.is_object()) refuse(pointer, "is not an object of schemas");
      for (auto entry = value.begin(); entry != value.end(); ++entry) {
        const int index = child(entry.value(), pointer + "/" + json_pointer_token(entry.key()), depth);
        if (name == "properties") node.properties[entry.key()] = index;
      }
    } else if (name == "required") {
      if (!value.is_array()) refuse(pointer, "is not an array of field names");
      for (const json& field : value) {
        if (!field.is_string()) refuse(pointer, "is not an array of field names");
        node.required.push_back(field.get<std::string>());
      }
    } else if (name == "additionalProperties") {
      node.additional_properties = child(value, pointer, depth);
    } else if (name == "propertyNames") {
      node.property_names = child(value, pointer, depth);
    } else if (name == "items") {
      node.items = child(value, pointer, depth);
    } else if (name == "not") {
      node.not_schema = child(value, pointer, depth);
    } else if (name == "if") {
      node.if_schema = child(value, pointer, depth);
    } else if (name == "then") {
      node.then_schema = child(value, pointer, depth);
    } else if (name == "else") {
      node.else_schema = child(value, pointer, depth);
    } else if (name == "allOf") {
      node.all_of = children(value, pointer, depth);
    } else if (name == "oneOf") {
      node.one_of = children(value, pointer, depth);
    } else if (name == "minItems") {
      node.min_items = count(value, pointer);
    } else if (name == "maxItems") {
      node.max_items = count(value, pointer);
    } else if (name == "minLength") {
      node.min_length = count(value, pointer);
    } else if (name == "uniqueItems") {
      if (!value.is_boolean()) refuse(pointer, "is not a boolean");
      node.unique_items = value.get<bool>();
    } else if (name == "enum") {
      if (!value.is_array() || value.empty()) refuse(pointer, "is not a non-empty array of values");
      node.enum_values = value;
    } else if (name == "const") {
      node.const_value = value;
    } else if (name == "minimum") {
      node.minimum = number(value, pointer);
    } else if (name == "maximum") {
      node.maximum = number(value, pointer);
    } else if (name == "exclusiveMinimum") {
      node.exclusive_minimum = number(value, pointer);
    } else if (name == "exclusiveMaximum") {
      node.exclusive_maximum = number(value, pointer);
    } else if (name == "pattern") {
      if (!value.is_string()) refuse(pointer, "is not a string");
      try {
        node.pattern = Pattern{value.get<std::string>(), std::regex(value.get<std::string>(), std::regex::ECMAScript)};
      } catch (const std::regex_error& error) {
        refuse(pointer, "is not a regular expression std::regex reads: " + std::string(error.what()));
      }
    } else {
      refuse(pointer, "\"" + name + "\" is a keyword this validator does not implement (accepted: " +
                          std::string(kKnownKeywords) + ")");
    }
  }

  std::vector<Node>& nodes_;
  std::map<std::string, int> node_at_;  // every compiled schema by its pointer, for $ref
  std::vector<PendingReference> references_;
};

}  // namespace

bool has_type(const json& value, unsigned types) {
  switch (value.type()) {
    case json::value_t::null:
      return types & null_type;
    case json::value_t::boolean:
      return types & boolean_type;
    case json::value_t::object:
      return types & object_type;
    case json::value_t::array:
      return types & array_type;
    case json::value_t::string:
      return types & string_type;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return (types & number_type) || ((types & integer_type) && is_whole_number(value));
    default:
      return false;
  }
}

std::string types_phrase(unsigned types) {
  std::vector<std::string> phrases;
  for (const TypeName& type : kTypeNames) {
    const bool implied = type.bit == integer_type && (types & number_type);  // every integer is a number
    if ((types & type.bit) && !implied) phrases.push_back(type.phrase);
  }
  return joined(phrases, ", ", " or ");
}

std::map<std::string, int> compile_schema(const json& schema, std::vector<Node>& nodes) {
  SchemaCompiler compiler(nodes);
  compiler.compile(schema, "#", 0);
  compiler.resolve_references();
  return compiler.take_pointers();
}

}  // namespace commbench::json_schema
