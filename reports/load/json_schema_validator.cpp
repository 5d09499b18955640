#include "reports/load/json_schema_validator.hpp"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "reports/format/escaped_text.hpp"
#include "reports/format/json_document.hpp"
#include "reports/format/text_join.hpp"
#include "reports/load/json_schema_compiler.hpp"
#include "reports/load/json_schema_values.hpp"

namespace commbench {

using nlohmann::json;

struct JsonSchemaValidator::Compiled {
  std::vector<json_schema::Node> nodes;  // nodes[0] is the document's root schema
  std::map<std::string, int> node_at;  // each schema's node by its pointer, for first_violation_at
};

namespace {

using namespace json_schema;  // the compiled schema and how values compare and are quoted

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
  compiled->node_at = json_schema::compile_schema(schema, compiled->nodes);
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
