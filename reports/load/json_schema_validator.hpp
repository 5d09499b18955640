#pragma once
// Checks a JSON document against a JSON Schema (draft 2020-12), for the report loader: a file
// that does not match docs/report.schema.json is refused with the first place it differs.
//
// Only the keywords docs/report.schema.json uses are implemented: type, $ref (local, "#/..."),
// $defs, properties, required, additionalProperties, items, minItems, maxItems, uniqueItems,
// enum, const, minimum, maximum, exclusiveMinimum, exclusiveMaximum, minLength, pattern,
// propertyNames, allOf, oneOf, not, if/then/else; description, title and $schema are
// annotations. Any other keyword makes the constructor throw, so that the schema cannot
// quietly outgrow the checker (a keyword skipped would be a rule never enforced).
//
// Two deliberate limits, both about never crashing on a hostile file: a pattern is matched
// only against strings of at most kMaxPatternSubjectBytes (std::regex recurses once per
// character matched and would exhaust the stack on a long string), and checking stops with
// a violation beyond kMaxSchemaCheckDepth nested schema applications.
#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

namespace commbench {

inline constexpr std::size_t kMaxPatternSubjectBytes = 1024;
inline constexpr int kMaxSchemaCheckDepth = 512;

// Where a document first differs from its schema.
struct SchemaViolation {
  std::string path;     // a JSON Pointer to the value, like /results/3/bytes; empty for the document itself
  std::string problem;  // what is wrong with it, like "-1 is less than the minimum 0"
};

// A schema the validator cannot check with: a keyword it does not implement, a $ref that does
// not resolve, a pattern std::regex refuses, a keyword's value of the wrong kind. what() is
// one line that names the place in the schema by its JSON Pointer.
class JsonSchemaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class JsonSchemaValidator {
 public:
  // Compiles the schema once (every pattern included). Throws JsonSchemaError.
  explicit JsonSchemaValidator(nlohmann::json schema);
  ~JsonSchemaValidator();
  JsonSchemaValidator(JsonSchemaValidator&&) noexcept;
  JsonSchemaValidator& operator=(JsonSchemaValidator&&) noexcept;

  // The first place, in document order, where instance does not match the schema; none when
  // it matches. Where a oneOf matches no alternative, the violation is the one inside the
  // alternative the value comes closest to: one whose const or enum fields matched (an object
  // whose "kind" selected it is reported by its bad field), the deepest; when the value's own
  // type or value fits none, one line lists what each alternative accepts ("\"fast\" is a
  // string, not an integer or \"auto\"").
  std::optional<SchemaViolation> first_violation(const nlohmann::json& instance) const;

  // The same against one schema inside the document, named by its JSON Pointer ("#/$defs/result"):
  // a loader that streams a report's rows checks each row on its own, with the very rule the
  // whole document applies to it. The path is relative to instance. Throws JsonSchemaError for a
  // pointer that names no schema.
  std::optional<SchemaViolation> first_violation_at(const nlohmann::json& instance,
                                                     const std::string& schema_pointer) const;

 private:
  std::optional<SchemaViolation> check_against(int node, const nlohmann::json& instance) const;

  struct Compiled;
  std::unique_ptr<const Compiled> compiled_;
};

}  // namespace commbench
