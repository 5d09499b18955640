#pragma once
// What every strict JSON loader (reports, fabric files) does before it looks at fields:
// parse with a nesting limit and turn nlohmann's failures into a problem the loader words
// with its file's name; and JSON Pointer tokens for naming fields.
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

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

// Parses text, refusing nesting deeper than kMaxJsonDepth. Throws JsonDocumentError.
nlohmann::json parse_json_document(const std::string& text, JsonErrorPosition position);

// A JSON Pointer reference token (RFC 6901): '~' and '/' inside a key are escaped.
std::string json_pointer_token(const std::string& key);

}  // namespace commbench
