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

}  // namespace

json parse_json_document(const std::string& text, JsonErrorPosition position) {
  struct TooDeep {};
  const json::parser_callback_t limit_depth = [](int depth, json::parse_event_t event, json&) {
    const bool opens = event == json::parse_event_t::object_start || event == json::parse_event_t::array_start;
    if (opens && depth >= kMaxJsonDepth) throw TooDeep{};
    return true;
  };
  try {
    return json::parse(text, limit_depth);
  } catch (const TooDeep&) {
    throw JsonDocumentError("nested deeper than " + std::to_string(kMaxJsonDepth) + " levels", "");
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
