#pragma once
// The field-by-field checks every strict JSON file loader shares (fabric files, workload
// files): each refusal is one line that names the file and the field's JSON path, says what
// was found and what is accepted, and is thrown as the loader's own Error type (a
// std::runtime_error taking the message). A loader derives from JsonFieldReader<Error> and
// adds its own fields.
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bounded_file.hpp"
#include "json_document.hpp"
#include "number_text.hpp"
#include "one_line_text.hpp"

namespace commbench {

// "a, b, c": accepted names in messages.
inline std::string comma_joined(const std::vector<std::string>& items) {
  std::string joined;
  for (const std::string& item : items) joined += (joined.empty() ? "" : ", ") + item;
  return joined;
}

// What kind of JSON value a node is, for "is a string" messages.
inline std::string json_type_text(const nlohmann::json& node) {
  if (node.is_null()) return "null";
  if (node.is_boolean()) return "a boolean";
  if (node.is_number()) return "a number";
  if (node.is_string()) return "a string";
  if (node.is_array()) return "an array";
  return "an object";
}

// What a value looks like in a message: as JSON, cut short so a message stays readable.
inline std::string json_value_text(const nlohmann::json& node) {
  std::string text = node.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

template <typename Error>
class JsonFieldReader {
 public:
  // name stands for the file in messages; accepted_document says what a whole file must be.
  JsonFieldReader(std::string name, std::string accepted_document)
      : name_(std::move(name)), accepted_document_(std::move(accepted_document)) {}

  [[noreturn]] void fail_file(const std::string& what, const std::string& accepted) const {
    throw Error(one_line_text(name_ + ": " + what + " (accepted: " + accepted + ")"));
  }

  [[noreturn]] void fail(const std::string& path, const std::string& what, const std::string& accepted) const {
    fail_file((path.empty() ? std::string("/") : path) + ": " + what, accepted);
  }

  // A message that already ends with its "(accepted: ...)".
  [[noreturn]] void fail_with(const std::string& path, const std::string& message) const {
    throw Error(one_line_text(name_ + ": " + (path.empty() ? std::string("/") : path) + ": " + message));
  }

  // The text of the file at path (the reader's name), read within kMaxDescriptionFileBytes
  // (reports/bounded_file.hpp). Refused: a path that cannot be read or is not a regular file
  // (accepted: readable), or a file beyond the limit.
  std::string read_file(const std::string& path, const std::string& readable) const {
    try {
      return read_bounded_file(path, kMaxDescriptionFileBytes);
    } catch (const BoundedFileError& error) {
      fail_file(error.what(), error.accepted().empty() ? readable : error.accepted());
    }
  }

  // The document, or a refusal for an empty file or a syntax error with its line and column.
  nlohmann::json parse(const std::string& text) const {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) fail_file("is empty", accepted_document_);
    try {
      return parse_json_document(text, JsonErrorPosition::line_and_column);
    } catch (const JsonDocumentError& error) {
      fail_file(error.what(), error.accepted().empty() ? accepted_document_ : error.accepted());
    }
  }

 protected:
  void expect_object(const nlohmann::json& node, const std::string& path, const std::string& accepted) const {
    if (!node.is_object()) fail(path, "is " + json_type_text(node), accepted);
  }

  // Any JSON number (the parser has already refused numbers beyond a double).
  double number(const nlohmann::json& node, const std::string& path, const std::string& accepted) const {
    if (!node.is_number()) fail(path, "is " + json_type_text(node), accepted);
    return node.get<double>();
  }

  double positive(const nlohmann::json& node, const std::string& path, const std::string& accepted) const {
    const double value = number(node, path, accepted);
    if (!(value > 0)) fail(path, json_value_text(node) + " is not greater than 0", accepted);
    return value;
  }

  // A number from low to high, both included: a figure's documented physical range.
  double number_within(const nlohmann::json& node, const std::string& path, double low, double high,
                       const std::string& accepted) const {
    const double value = number(node, path, accepted);
    if (!(value >= low)) fail(path, json_value_text(node) + " is less than " + formatted_number("%g", low), accepted);
    if (!(value <= high)) fail(path, json_value_text(node) + " is more than " + formatted_number("%g", high), accepted);
    return value;
  }

  // The header every commbench input file (fabric, workload, acceptance spec) starts with:
  // "kind", exactly kind, and "format_version", exactly version, the only one this build
  // reads. Checked before any other field, so that a file of another kind is named as such.
  void expect_format_header(const nlohmann::json& document, const std::string& kind, int version) const {
    (void)expect_format_header(document, kind, version, version);
  }

  // The format_version of a document this build reads in any version from oldest to newest.
  int expect_format_header(const nlohmann::json& document, const std::string& kind, int oldest, int newest) const {
    const std::string kind_text = "\"" + kind + "\"";
    const nlohmann::json& found_kind = required(document, "", "kind", kind_text);
    if (!found_kind.is_string() || found_kind.get<std::string>() != kind) {
      fail("/kind", json_value_text(found_kind) + " is not " + kind_text, kind_text);
    }
    const std::string version_accepted =
        oldest == newest ? std::to_string(newest) + ", the only format_version this build reads"
                         : std::to_string(oldest) + " to " + std::to_string(newest) + ", the format_versions this build reads";
    const nlohmann::json& found_version = required(document, "", "format_version", version_accepted);
    if (found_version.is_number()) {
      const double version = found_version.get<double>();
      for (int known = oldest; known <= newest; ++known) {
        if (version == known) return known;
      }
    }
    fail("/format_version", json_value_text(found_version) + " is not supported", version_accepted);
  }

  const nlohmann::json& required(const nlohmann::json& object, const std::string& path, const std::string& key,
                                 const std::string& accepted) const {
    const auto found = object.find(key);
    if (found == object.end()) fail(path + "/" + key, "is missing", accepted);
    return *found;
  }

  void refuse_unknown_fields(const nlohmann::json& object, const std::string& path,
                             const std::vector<std::string>& known) const {
    for (auto entry = object.begin(); entry != object.end(); ++entry) {
      bool is_known = false;
      for (const std::string& key : known) is_known = is_known || entry.key() == key;
      if (!is_known) {
        fail(path + "/" + json_pointer_token(entry.key()), "unknown field", "the fields " + comma_joined(known));
      }
    }
  }

  std::string string_field(const nlohmann::json& node, const std::string& path, const std::string& accepted) const {
    if (!node.is_string()) fail(path, "is " + json_type_text(node), accepted);
    return node.get<std::string>();
  }

  std::string non_empty_string(const nlohmann::json& node, const std::string& path) const {
    std::string text = string_field(node, path, "a non-empty string");
    if (text.empty()) fail(path, "is empty", "a non-empty string");
    return text;
  }

  // A whole number of at least 1. nlohmann reads -1 as a signed integer, 2^64 and 1.5 as
  // doubles; each is refused here rather than wrapped or truncated.
  std::uint64_t count(const nlohmann::json& node, const std::string& path, const std::string& accepted) const {
    std::uint64_t value = 0;
    if (node.is_number_unsigned()) {
      value = node.get<std::uint64_t>();
    } else if (node.is_number_integer()) {
      fail(path, json_value_text(node) + " is negative", accepted);
    } else if (node.is_number_float()) {
      const double number = node.get<double>();
      if (number != std::trunc(number)) fail(path, json_value_text(node) + " is not a whole number", accepted);
      if (number < 0) fail(path, json_value_text(node) + " is negative", accepted);
      if (number >= 18446744073709551616.0) fail(path, json_value_text(node) + " is too large", accepted);
      value = static_cast<std::uint64_t>(number);
    } else {
      fail(path, "is " + json_type_text(node), accepted);
    }
    if (value < 1) fail(path, std::to_string(value) + " is less than 1", accepted);
    return value;
  }

 private:
  std::string name_;
  std::string accepted_document_;
};

}  // namespace commbench
