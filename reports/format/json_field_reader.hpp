#pragma once
// The field-by-field checks every strict JSON file loader shares (fabric files, workload
// files): each refusal is one line that names the file and the field's JSON path, says what
// was found and what is accepted, and is thrown as the loader's own Error type (a
// std::runtime_error taking the message). A loader derives from JsonFieldReader<Error> and
// adds its own fields.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "reports/format/bounded_file.hpp"
#include "reports/format/escaped_text.hpp"
#include "reports/format/json_document.hpp"
#include "reports/format/number_text.hpp"
#include "reports/format/text_join.hpp"

namespace commbench {

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

// The values at a few JSON Pointers of a document ("/kind", "/checks/3/check"), read without
// building anything else and stopping once all are found: what a loader that refused an
// unknown key at the key still needs to word its refusal as a full read would have (the
// file's kind and version come first; an object's allowed fields may depend on its "check").
// An object or array found there is kept empty. settled: the values not found are not in the
// document (it was read to its end, or everything was found); false when a syntax error, or
// the nesting limit, stopped the reading first.
struct PeekedJsonValues {
  nlohmann::json values = nlohmann::json::object();  // by pointer
  bool settled = false;
};

namespace json_peek_detail {

// nlohmann's SAX interface; keeps only the values at the wanted paths. Memory: the path.
class Peeker {
 public:
  explicit Peeker(const std::vector<std::string>& pointers) {
    for (const std::string& pointer : pointers) {
      Wanted wanted{pointer, {}};
      std::size_t start = 1;
      while (start <= pointer.size()) {
        const std::size_t end = std::min(pointer.find('/', start), pointer.size());
        Token token{pointer.substr(start, end - start), 0, false};
        token.numeric = !token.text.empty() && token.text.size() < 19 &&
                        token.text.find_first_not_of("0123456789") == std::string::npos;
        if (token.numeric) token.index = std::stoull(token.text);
        wanted.tokens.push_back(std::move(token));
        start = end + 1;
      }
      wanted_.push_back(std::move(wanted));
    }
  }

  PeekedJsonValues take(bool read_to_end) {
    if (read_to_end) result_.settled = true;
    return std::move(result_);
  }

  bool null() { return value(nlohmann::json(nullptr)); }
  bool boolean(bool v) { return value(nlohmann::json(v)); }
  bool number_integer(nlohmann::json::number_integer_t v) { return value(nlohmann::json(v)); }
  bool number_unsigned(nlohmann::json::number_unsigned_t v) { return value(nlohmann::json(v)); }
  bool number_float(nlohmann::json::number_float_t v, const std::string&) { return value(nlohmann::json(v)); }
  bool string(std::string& v) { return value(nlohmann::json(std::move(v))); }
  bool binary(nlohmann::json::binary_t&) { return value(nlohmann::json()); }
  bool start_object(std::size_t) { return open(nlohmann::json::value_t::object); }
  bool start_array(std::size_t) { return open(nlohmann::json::value_t::array); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(std::string& key) {
    path_.pop();
    path_.push_key(std::move(key));
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::json::exception&) { return false; }

 private:
  struct Token {
    std::string text;
    std::size_t index;
    bool numeric;
  };
  struct Wanted {
    std::string pointer;
    std::vector<Token> tokens;
  };

  // A value starts at the current path: kept if wanted. False (stop) once all are found.
  bool value(nlohmann::json&& found) {
    if (!elements_started_.empty() && path_.tokens().back().is_index) {
      if (elements_started_.back()) path_.next_index();
      elements_started_.back() = true;
    }
    const auto& tokens = path_.tokens();
    for (const Wanted& wanted : wanted_) {
      if (wanted.tokens.size() != tokens.size() || result_.values.contains(wanted.pointer)) continue;
      bool same = true;
      for (std::size_t i = 0; same && i < tokens.size(); ++i) {
        same = tokens[i].is_index ? wanted.tokens[i].numeric && wanted.tokens[i].index == tokens[i].index
                                  : wanted.tokens[i].text == tokens[i].key;
      }
      if (same) {
        result_.values[wanted.pointer] = std::move(found);
        if (result_.values.size() == wanted_.size()) {
          result_.settled = true;
          return false;
        }
        break;
      }
    }
    return true;
  }
  bool open(nlohmann::json::value_t type) {
    if (elements_started_.size() >= static_cast<std::size_t>(kMaxJsonDepth)) return false;
    if (!value(nlohmann::json(type))) return false;
    if (type == nlohmann::json::value_t::array) {
      path_.push_index(0);
    } else {
      path_.push_key(std::string());
    }
    elements_started_.push_back(false);
    return true;
  }
  bool close() {
    path_.pop();
    elements_started_.pop_back();
    return true;
  }

  std::vector<Wanted> wanted_;
  JsonPath path_;  // of the current value; in an object, "" before its first key
  std::vector<bool> elements_started_;  // per open container: an array's first element has started
  PeekedJsonValues result_;
};

}  // namespace json_peek_detail

inline PeekedJsonValues peek_json_values(const std::string& text, const std::vector<std::string>& pointers) {
  json_peek_detail::Peeker peeker(pointers);
  const bool read_to_end = nlohmann::json::sax_parse(text, &peeker, nlohmann::json::input_format_t::json, true);
  return peeker.take(read_to_end);
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
  // (reports/format/bounded_file.hpp). Refused: a path that cannot be read or is not a regular file
  // (accepted: readable), or a file beyond the limit.
  std::string read_file(const std::string& path, const std::string& readable) const {
    try {
      return read_bounded_file(path, kMaxDescriptionFileBytes);
    } catch (const BoundedFileError& error) {
      fail_file(error.what(), error.accepted().empty() ? readable : error.accepted());
    }
  }

  // The fields of the object at a path, or null where the loader reads no object there (what
  // is wrong with an object found there is said by the later checks).
  using KnownFieldsAt = std::function<const std::vector<std::string>*(const JsonPath& object_path)>;

  // A key that known_fields does not list, found before its value was read.
  struct UnknownKey {
    JsonPath object;
    std::string object_path;  // its pointer: "" at the top
    std::string key;
  };
  using WordUnknownKey = std::function<void(const std::string& text, const UnknownKey& unknown)>;

  // The document, or a refusal for an empty file or a syntax error with its line and column.
  // With known_fields, a key it does not list is refused at the key, before its value is read
  // (a key holding 100 million values costs nothing): word_unknown throws the refusal.
  nlohmann::json parse(const std::string& text, const KnownFieldsAt& known_fields = {},
                       const WordUnknownKey& word_unknown = {}) const {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) fail_file("is empty", accepted_document_);
    JsonReadHooks hooks;
    if (known_fields) {
      hooks.check_key = [&known_fields](const JsonPath& object_path, const std::string& key) {
        const std::vector<std::string>* known = known_fields(object_path);
        if (known != nullptr && std::find(known->begin(), known->end(), key) == known->end()) {
          throw UnknownKey{object_path, object_path.pointer(), key};
        }
      };
    }
    try {
      return parse_json_document(text, JsonErrorPosition::line_and_column, hooks);
    } catch (const JsonDocumentError& error) {
      fail_file(error.what(), error.accepted().empty() ? accepted_document_ : error.accepted());
    } catch (const UnknownKey& unknown) {
      if (word_unknown) word_unknown(text, unknown);
      refuse_unknown_field(unknown.object_path, unknown.key, *known_fields(unknown.object));
    }
  }

  // The refusal of an unknown key, the same whether found while parsing or in the document.
  [[noreturn]] void refuse_unknown_field(const std::string& object_path, const std::string& key,
                                         const std::vector<std::string>& known) const {
    fail(object_path + "/" + json_pointer_token(key), "unknown field", "the fields " + joined(known));
  }

  // After an unknown key was found while parsing: the header (kind and format_version) checked
  // as read() checks it first, so that a file of another kind is named as such rather than by
  // its first key this loader does not know; and the values at the extra pointers. Returns the
  // peeked values and the format_version (0 where the header could not be read: a syntax
  // error came first).
  std::pair<PeekedJsonValues, int> peek_header(const std::string& text, const std::string& kind, int oldest, int newest,
                                               std::vector<std::string> extra = {}) const {
    extra.push_back("/kind");
    extra.push_back("/format_version");
    PeekedJsonValues peeked = peek_json_values(text, extra);
    nlohmann::json header = nlohmann::json::object();
    for (const char* key : {"kind", "format_version"}) {
      const auto found = peeked.values.find(std::string("/") + key);
      if (found != peeked.values.end()) header[key] = *found;
    }
    int version = 0;
    if (peeked.settled || header.size() == 2) version = expect_format_header(header, kind, oldest, newest);
    return {std::move(peeked), version};
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
      if (!is_known) refuse_unknown_field(path, entry.key(), known);
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
      // nlohmann reads "-0" as a signed 0: refused below as 0, not as a negative number.
      if (node.get<std::int64_t>() < 0) fail(path, json_value_text(node) + " is negative", accepted);
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
