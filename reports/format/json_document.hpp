#pragma once
// What every strict JSON loader (reports, fabric, workload and spec files, fit inputs) does
// before it looks at fields: parse with a nesting limit, refuse a key given twice in one
// object, let the loader refuse an unknown key before its value is built, hand the elements
// of a long array over one at a time, and turn nlohmann's failures into a problem the loader
// words with its file's name; and JSON Pointer tokens for naming fields.
#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace commbench {

// Deeper nesting than any document commbench reads is refused before anything walks the tree:
// nlohmann's copy, comparison and dump recurse, so a hostile file could exhaust the stack.
inline constexpr int kMaxJsonDepth = 64;

// Why a text is not a JSON document. what() is the problem without the file's name;
// accepted() is what to say is accepted, empty where the loader's own description of the
// document fits.
class JsonDocumentError : public std::runtime_error {
 public:
  JsonDocumentError(const std::string& problem, std::string accepted)
      : std::runtime_error(problem), accepted_(std::move(accepted)) {}
  const std::string& accepted() const { return accepted_; }

 private:
  std::string accepted_;
};

// Where a syntax error is: "byte 30", or "line 2, column 11 (byte 30)".
enum class JsonErrorPosition { byte, line_and_column };

// Where the parser is in the document: the keys and indices from the top, kept as tokens so
// that following a long document costs no string building; pointer() spells it out.
class JsonPath {
 public:
  // A key, or an array index.
  struct Token {
    std::string key;
    std::size_t index = 0;
    bool is_index = false;
  };
  const std::vector<Token>& tokens() const { return tokens_; }
  // "/tiers/0/members"; "" at the top.
  std::string pointer() const;
  // Whether the path is exactly these keys, where "*" stands for any array index.
  bool is(const std::vector<std::string>& pattern) const;

  void push_key(std::string key) { tokens_.push_back(Token{std::move(key), 0, false}); }
  void push_index(std::size_t index) { tokens_.push_back(Token{std::string(), index, true}); }
  void pop() { tokens_.pop_back(); }
  void next_index() { ++tokens_.back().index; }

 private:
  std::vector<Token> tokens_;
};

// What a loader may add to the parse; every hook may throw its own error, which leaves the
// parse at once.
struct JsonReadHooks {
  // Called for each key before its value is read, with the path of the object holding it:
  // a loader that knows its fields refuses an unknown key here, so that a key holding
  // 100 million values costs nothing before the refusal.
  std::function<void(const JsonPath& object_path, const std::string& key)> check_key;
  // Arrays whose elements are handed to take_element one at a time, once each is complete,
  // instead of being kept: the array stays empty in the document returned. A loader of a
  // report of 10^5 rows converts each row and lets its tree go.
  std::function<bool(const JsonPath& array_path)> streams_elements;
  std::function<void(const JsonPath& element_path, nlohmann::json&& element)> take_element;
};

// Parses text, refusing nesting deeper than kMaxJsonDepth and a key given twice in one
// object. Throws JsonDocumentError, or whatever a hook throws.
nlohmann::json parse_json_document(const std::string& text, JsonErrorPosition position,
                                   const JsonReadHooks& hooks = {});

// A JSON Pointer reference token (RFC 6901): '~' and '/' inside a key are escaped.
std::string json_pointer_token(const std::string& key);

}  // namespace commbench
