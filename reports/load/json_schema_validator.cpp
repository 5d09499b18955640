#include "reports/load/json_schema_validator.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>
#include <utility>
#include <vector>

#include "reports/format/escaped_text.hpp"
#include "reports/format/json_document.hpp"
#include "reports/format/text_join.hpp"

namespace commbench {
namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------------------
// Values: JSON Schema's equality and number comparison. nlohmann's own == calls -1 and
// 18446744073709551615 equal (it converts the unsigned to signed), so numbers are compared
// as long double, which holds every int64, uint64 and double exactly on the platforms
// commbench builds on (x86-64's 80-bit and aarch64's 128-bit long double).

long double number_value(const json& number) {
  if (number.is_number_unsigned()) return static_cast<long double>(number.get<std::uint64_t>());
  if (number.is_number_integer()) return static_cast<long double>(number.get<std::int64_t>());
  return static_cast<long double>(number.get<double>());
}

int compare_numbers(const json& a, const json& b) {
  const long double x = number_value(a), y = number_value(b);
  return x < y ? -1 : (y < x ? 1 : 0);
}

int type_rank(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return 0;
    case json::value_t::boolean:
      return 1;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return 2;
    case json::value_t::string:
      return 3;
    case json::value_t::array:
      return 4;
    case json::value_t::object:
      return 5;
    default:
      return 6;  // binary and discarded: never parsed from text
  }
}

// A total order in which equal means equal for JSON Schema (1 and 1.0 are the same value).
// Recurses once per nesting level of the values: documents are limited to kMaxJsonDepth.
int compare_values(const json& a, const json& b) {
  const int rank_a = type_rank(a), rank_b = type_rank(b);
  if (rank_a != rank_b) return rank_a < rank_b ? -1 : 1;
  switch (rank_a) {
    case 0:
      return 0;
    case 1:
      return a.get<bool>() == b.get<bool>() ? 0 : (a.get<bool>() ? 1 : -1);
    case 2:
      return compare_numbers(a, b);
    case 3:
      return a.get_ref<const std::string&>().compare(b.get_ref<const std::string&>());
    case 4: {
      for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (const int order = compare_values(a[i], b[i])) return order;
      }
      return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
    }
    case 5: {
      auto x = a.begin(), y = b.begin();
      for (; x != a.end() && y != b.end(); ++x, ++y) {
        if (const int order = x.key().compare(y.key())) return order < 0 ? -1 : 1;
        if (const int order = compare_values(x.value(), y.value())) return order;
      }
      return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
    }
    default:
      return a == b ? 0 : (a < b ? -1 : 1);
  }
}

bool same_value(const json& a, const json& b) { return compare_values(a, b) == 0; }

bool is_whole_number(const json& value) {
  if (value.is_number_integer()) return true;
  if (!value.is_number_float()) return false;
  const double number = value.get<double>();
  return std::isfinite(number) && number == std::trunc(number);
}

// ---------------------------------------------------------------------------------------
// Wording.

// At most max_bytes of text, cut at a UTF-8 character boundary, with "..." where cut.
std::string shortened(const std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

std::string value_text(const json& value) {
  return shortened(value.dump(-1, ' ', false, json::error_handler_t::replace), 80);
}

// How a problem starts: the value itself for a scalar ("-1 "), nothing for an object or an
// array (the path already says which) or null ("is null, not an object").
std::string subject(const json& value) {
  return value.is_structured() || value.is_null() ? "" : value_text(value) + " ";
}

std::string kind_phrase(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::string:
      return "a string";
    case json::value_t::array:
      return "an array";
    case json::value_t::object:
      return "an object";
    default:
      return is_whole_number(value) ? "an integer" : "a number";
  }
}

std::string elements_text(std::size_t count) { return std::to_string(count) + (count == 1 ? " element" : " elements"); }

// ---------------------------------------------------------------------------------------
// The compiled schema: one node per schema object, children by index.

enum TypeBit : unsigned {
  null_type = 1u << 0,
  boolean_type = 1u << 1,
  object_type = 1u << 2,
  array_type = 1u << 3,
  number_type = 1u << 4,
  integer_type = 1u << 5,
  string_type = 1u << 6,
};

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

struct Pattern {
  std::string text;
  std::regex regex;
};

struct Node {
  std::optional<bool> fixed;  // a boolean schema: true accepts every value, false none
  int ref = -1;
  unsigned types = 0;  // 0: any type
  std::optional<json> const_value;
  std::optional<json> enum_values;  // an array
  std::optional<json> minimum, maximum, exclusive_minimum, exclusive_maximum;
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

struct JsonSchemaValidator::Compiled {
  std::vector<Node> nodes;  // nodes[0] is the document's root schema
  std::map<std::string, int> node_at;  // each schema's node by its pointer, for first_violation_at
};

namespace {

// Why a value does not match. Without explanations (a oneOf's or an if's trial), only whether
// it failed matters and no text is built.
struct Failure {
  std::string path;
  std::string problem;
  // For a mismatch of the value's type, const or enum: what was accepted ("an integer",
  // "\"auto\""), so that a oneOf none of whose alternatives fits can list them together.
  std::string expected;
  // A const or enum mismatch: in a oneOf, the mark of an alternative that the value's
  // discriminating field ("kind": "b") did not select, so the least useful to report.
  bool discriminator = false;
  // The value could not be checked (a pattern's subject too long, nesting too deep): a not,
  // an if or a oneOf must not read this as "did not match", which could let a value through.
  bool undecided = false;
};
using Outcome = std::optional<Failure>;

Failure problem_at(std::string path, std::string problem) {
  Failure failure;
  failure.path = std::move(path);
  failure.problem = std::move(problem);
  return failure;
}

// The value itself is not of the accepted type, or not the accepted value (discriminator).
Failure mismatch(std::string problem, std::string expected, bool discriminator) {
  Failure failure = problem_at("", std::move(problem));
  failure.expected = std::move(expected);
  failure.discriminator = discriminator;
  return failure;
}

class Checker {
 public:
  Checker(const std::vector<Node>& nodes, bool explain) : nodes_(nodes), explain_(explain) {}

  Outcome check(int index, const json& value, int depth) const {
    if (depth > kMaxSchemaCheckDepth) {
      return undecided("is nested too deeply to check (more than " + std::to_string(kMaxSchemaCheckDepth) +
                       " levels of schema)");
    }
    const Node& node = nodes_[static_cast<std::size_t>(index)];
    if (node.fixed) {
      if (*node.fixed) return std::nullopt;
      return fail([&] { return problem_at("", subject(value) + "is not allowed here"); });
    }
    if (node.ref >= 0) {
      if (Outcome failure = check(node.ref, value, depth + 1)) return failure;
    }
    if (Outcome failure = check_value(node, value)) return failure;
    if (value.is_number()) {
      if (Outcome failure = check_number(node, value)) return failure;
    } else if (value.is_string()) {
      if (Outcome failure = check_string(node, value)) return failure;
    } else if (value.is_object()) {
      if (Outcome failure = check_object(node, value, depth)) return failure;
    } else if (value.is_array()) {
      if (Outcome failure = check_array(node, value, depth)) return failure;
    }
    return check_combinations(node, value, depth);
  }

 private:
  template <typename Explanation>
  Outcome fail(Explanation explanation) const {
    if (!explain_) return Failure{};
    return explanation();
  }

  Outcome undecided(const std::string& problem) const {
    Failure failure;
    failure.undecided = true;
    if (explain_) failure.problem = problem;
    return failure;
  }

  // The failure of a value inside this one, with the token that leads to it.
  Outcome inside(Outcome failure, const std::string& token) const {
    if (failure && explain_) failure->path.insert(0, "/" + token);
    return failure;
  }

  Outcome check_value(const Node& node, const json& value) const {
    if (node.types && !has_type(value, node.types)) {
      return fail([&] {
        const std::string expected = types_phrase(node.types);
        return mismatch(subject(value) + "is " + kind_phrase(value) + ", not " + expected, expected, false);
      });
    }
    if (node.const_value && !same_value(value, *node.const_value)) {
      return fail([&] {
        const std::string expected = value_text(*node.const_value);
        return mismatch(subject(value) + "is not " + expected, expected, true);
      });
    }
    if (node.enum_values) {
      const json& accepted = *node.enum_values;
      if (std::none_of(accepted.begin(), accepted.end(), [&](const json& one) { return same_value(value, one); })) {
        return fail([&] {
          std::vector<std::string> texts;
          for (const json& one : accepted) texts.push_back(value_text(one));
          const std::string expected = "one of " + joined(texts);
          return mismatch(subject(value) + "is not " + expected, expected, true);
        });
      }
    }
    return std::nullopt;
  }

  Outcome check_number(const Node& node, const json& value) const {
    // holds: whether the value's order relative to the limit (-1, 0, 1) is within it.
    const auto outside = [&](const std::optional<json>& limit, auto holds, const char* words) -> Outcome {
      if (!limit || holds(compare_numbers(value, *limit))) return std::nullopt;
      return fail([&] { return problem_at("", subject(value) + words + value_text(*limit)); });
    };
    if (Outcome f = outside(
            node.minimum, [](int order) { return order >= 0; }, "is less than the minimum "))
      return f;
    if (Outcome f = outside(
            node.maximum, [](int order) { return order <= 0; }, "is more than the maximum "))
      return f;
    if (Outcome f = outside(
            node.exclusive_minimum, [](int order) { return order > 0; }, "is not above the exclusive minimum ")) {
      return f;
    }
    return outside(
        node.exclusive_maximum, [](int order) { return order < 0; }, "is not below the exclusive maximum ");
  }

  Outcome check_string(const Node& node, const json& value) const {
    const std::string& text = value.get_ref<const std::string&>();
    if (node.min_length) {
      // JSON Schema counts characters, not bytes: count the bytes that start a UTF-8 character.
      const std::size_t characters = static_cast<std::size_t>(std::count_if(
          text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
      if (characters < *node.min_length) {
        return fail([&] {
          return problem_at("",
                            subject(value) + "is shorter than the minimum length " + std::to_string(*node.min_length));
        });
      }
    }
    if (node.pattern) {
      if (text.size() > kMaxPatternSubjectBytes) {
        return undecided(subject(value) + "is longer than the " + std::to_string(kMaxPatternSubjectBytes) +
                         " bytes a pattern is checked on");
      }
      if (!std::regex_search(text, node.pattern->regex)) {
        return fail([&] {
          return problem_at("", subject(value) + "does not match the pattern " + shortened(node.pattern->text, 100));
        });
      }
    }
    return std::nullopt;
  }

  Outcome check_object(const Node& node, const json& value, int depth) const {
    for (const std::string& field : node.required) {
      if (!value.contains(field)) {
        return fail([&] { return problem_at("/" + json_pointer_token(field), "is missing"); });
      }
    }
    for (auto entry = value.begin(); entry != value.end(); ++entry) {
      const auto property = node.properties.find(entry.key());
      Outcome failure;
      if (property != node.properties.end()) {
        failure = check(property->second, entry.value(), depth + 1);
      } else if (node.additional_properties >= 0) {
        const Node& additional = nodes_[static_cast<std::size_t>(node.additional_properties)];
        if (additional.fixed == false) {
          failure = fail([&] { return problem_at("", "is not a known field"); });
        } else {
          failure = check(node.additional_properties, entry.value(), depth + 1);
        }
      }
      if (failure) return inside(std::move(failure), json_pointer_token(entry.key()));
      if (node.property_names >= 0) {
        Outcome name_failure = check(node.property_names, json(entry.key()), depth + 1);
        if (name_failure && explain_) name_failure->problem = "the field name " + name_failure->problem;
        if (name_failure) return inside(std::move(name_failure), json_pointer_token(entry.key()));
      }
    }
    return std::nullopt;
  }

  Outcome check_array(const Node& node, const json& value, int depth) const {
    if (node.min_items && value.size() < *node.min_items) {
      return fail([&] {
        return problem_at(
            "", "has " + elements_text(value.size()) + ", fewer than the minimum " + std::to_string(*node.min_items));
      });
    }
    if (node.max_items && value.size() > *node.max_items) {
      return fail([&] {
        return problem_at(
            "", "has " + elements_text(value.size()) + ", more than the maximum " + std::to_string(*node.max_items));
      });
    }
    if (node.items >= 0) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (Outcome failure = check(node.items, value[i], depth + 1))
          return inside(std::move(failure), std::to_string(i));
      }
    }
    if (node.unique_items && value.size() > 1) {
      // Sorted, so that a long array costs n log n comparisons rather than n squared.
      std::vector<std::size_t> order(value.size());
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t a, std::size_t b) { return compare_values(value[a], value[b]) < 0; });
      // Equal elements stay in document order, so each run of equal ones starts with the
      // original and its next element is the first repeat; report the earliest repeat.
      std::optional<std::pair<std::size_t, std::size_t>> repeat;  // (original, repeat)
      std::size_t run_start = 0;
      for (std::size_t i = 1; i < order.size(); ++i) {
        if (!same_value(value[order[run_start]], value[order[i]])) {
          run_start = i;
        } else if (i == run_start + 1 && (!repeat || order[i] < repeat->second)) {
          repeat = std::make_pair(order[run_start], order[i]);
        }
      }
      if (repeat) {
        return fail([&] {
          return problem_at("/" + std::to_string(repeat->second), subject(value[repeat->second]) + "repeats element " +
                                                                      std::to_string(repeat->first) +
                                                                      " (the elements must be unique)");
        });
      }
    }
    return std::nullopt;
  }

  Outcome check_combinations(const Node& node, const json& value, int depth) const {
    for (const int part : node.all_of) {
      if (Outcome failure = check(part, value, depth + 1)) return failure;
    }
    if (!node.one_of.empty()) {
      if (Outcome failure = check_one_of(node, value, depth)) return failure;
    }
    if (node.not_schema >= 0) {
      Outcome failure = Checker(nodes_, false).check(node.not_schema, value, depth + 1);
      if (failure && failure->undecided) return explain_ ? check(node.not_schema, value, depth + 1) : failure;
      if (!failure) return fail([&] { return problem_at("", subject(value) + not_problem(node.not_schema)); });
    }
    if (node.if_schema >= 0) {
      const Outcome condition = Checker(nodes_, false).check(node.if_schema, value, depth + 1);
      if (condition && condition->undecided) return explain_ ? check(node.if_schema, value, depth + 1) : condition;
      const int branch = condition ? node.else_schema : node.then_schema;
      if (branch >= 0) return check(branch, value, depth + 1);
    }
    return std::nullopt;
  }

  std::string not_problem(int index) const {
    const Node& node = nodes_[static_cast<std::size_t>(index)];
    if (node.pattern) return "matches the pattern " + shortened(node.pattern->text, 100) + ", which is not allowed";
    if (node.const_value || node.enum_values) return "is not allowed here";
    return "matches a schema it must not match";
  }

  Outcome check_one_of(const Node& node, const json& value, int depth) const {
    const Checker trial(nodes_, false);
    std::vector<std::size_t> matching;
    for (std::size_t i = 0; i < node.one_of.size(); ++i) {
      const Outcome failure = trial.check(node.one_of[i], value, depth + 1);
      if (failure && failure->undecided) return explain_ ? check(node.one_of[i], value, depth + 1) : failure;
      if (!failure) matching.push_back(i);
    }
    if (matching.size() == 1) return std::nullopt;
    if (!explain_) return Failure{};
    if (matching.size() > 1) {
      return problem_at("", subject(value) + "matches alternatives " + std::to_string(matching[0]) + " and " +
                                std::to_string(matching[1]) + " of a oneOf, which accepts exactly one");
    }
    // No alternative matched: report inside the one the value came closest to, the one whose
    // discriminating field matched and whose failure is deepest; if the value's own type or
    // value fit none, say what each accepts.
    const auto closeness = [](const Failure& failure) {
      return std::make_pair(!failure.discriminator, std::count(failure.path.begin(), failure.path.end(), '/'));
    };
    std::optional<Failure> closest;
    std::vector<std::string> accepted;
    for (const int alternative : node.one_of) {
      Failure failure = *check(alternative, value, depth + 1);
      const bool at_the_top = failure.path.empty() && !failure.expected.empty();
      if (at_the_top) {
        accepted.push_back(failure.expected);
      } else if (!closest || closeness(failure) > closeness(*closest)) {
        closest = std::move(failure);
      }
    }
    if (closest) return closest;
    const std::string expected = joined(accepted, ", ", " or ");
    return mismatch(subject(value) + "is " + kind_phrase(value) + ", not " + expected, expected, false);
  }

  const std::vector<Node>& nodes_;
  bool explain_;
};

}  // namespace

JsonSchemaValidator::JsonSchemaValidator(json schema) {
  auto compiled = std::make_unique<Compiled>();
  SchemaCompiler compiler(compiled->nodes);
  compiler.compile(schema, "#", 0);
  compiler.resolve_references();
  compiled->node_at = compiler.take_pointers();
  compiled_ = std::move(compiled);
}

JsonSchemaValidator::~JsonSchemaValidator() = default;
JsonSchemaValidator::JsonSchemaValidator(JsonSchemaValidator&&) noexcept = default;
JsonSchemaValidator& JsonSchemaValidator::operator=(JsonSchemaValidator&&) noexcept = default;

std::optional<SchemaViolation> JsonSchemaValidator::first_violation(const json& instance) const {
  return check_against(0, instance);
}

std::optional<SchemaViolation> JsonSchemaValidator::first_violation_at(const json& instance,
                                                                       const std::string& schema_pointer) const {
  const auto node = compiled_->node_at.find(schema_pointer);
  if (node == compiled_->node_at.end()) {
    throw JsonSchemaError(one_line_text("schema " + schema_pointer + ": is not a schema in this document"));
  }
  return check_against(node->second, instance);
}

std::optional<SchemaViolation> JsonSchemaValidator::check_against(int node, const json& instance) const {
  const std::vector<Node>& nodes = compiled_->nodes;
  // Most documents match: a trial without explanations builds no text; only a document that
  // fails is checked again to say where and why.
  if (!Checker(nodes, false).check(node, instance, 0)) return std::nullopt;
  Outcome failure = Checker(nodes, true).check(node, instance, 0);
  if (!failure) return std::nullopt;  // unreachable: both checks apply the same rules
  return SchemaViolation{std::move(failure->path), std::move(failure->problem)};
}

}  // namespace commbench
