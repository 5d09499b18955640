#include "json_document.hpp"

#include <algorithm>

namespace commbench {
namespace {

using nlohmann::json;

std::string position_text(const std::string& text, std::size_t byte, JsonErrorPosition position) {
  if (position == JsonErrorPosition::byte) return "byte " + std::to_string(byte);
  // Computed from the byte, so it is the same however nlohmann words its message.
  const std::size_t offset = byte == 0 ? 0 : std::min(byte - 1, text.size());
  std::size_t line = 1, line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(offset - line_start + 1) + " (byte " +
         std::to_string(byte) + ")";
}

// Whether text opens more than kMaxJsonDepth arrays or objects inside each other, brackets in
// strings aside. A scan of its own rather than nlohmann's parser callback: with a callback,
// nlohmann 3.11's parser looks through the whole enclosing array after every object it
// closes, so that an array of n objects took time in n^2 (a workload of 300,000 layers, 48 s).
// Text that is not JSON is the parser's to refuse; only its brackets count here.
bool nested_too_deep(const std::string& text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character, a quote included
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

}  // namespace

json parse_json_document(const std::string& text, JsonErrorPosition position) {
  if (nested_too_deep(text)) {
    throw JsonDocumentError("nested deeper than " + std::to_string(kMaxJsonDepth) + " levels", "");
  }
  try {
    return json::parse(text);
  } catch (const json::parse_error& error) {
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ...":
    // keep the reason; the position is ours.
    std::string reason = error.what();
    const auto column = reason.find(", column ");
    const auto colon = column == std::string::npos ? std::string::npos : reason.find(": ", column);
    if (colon != std::string::npos) reason.erase(0, colon + 2);
    throw JsonDocumentError("not valid JSON at " + position_text(text, error.byte, position) + ": " + reason, "");
  } catch (const json::out_of_range& error) {
    // The only out_of_range the parser raises: a number beyond a double (1e400).
    std::string reason = error.what();
    const auto prefix_end = reason.find("] ");
    if (prefix_end != std::string::npos) reason.erase(0, prefix_end + 2);
    throw JsonDocumentError("not valid JSON: " + reason, "numbers up to 1.7976931348623157e308 in magnitude");
  }
}

std::string json_pointer_token(const std::string& key) {
  std::string token;
  for (const char c : key) {
    if (c == '~') {
      token += "~0";
    } else if (c == '/') {
      token += "~1";
    } else {
      token += c;
    }
  }
  return token;
}

}  // namespace commbench
