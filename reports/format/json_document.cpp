#include "reports/format/json_document.hpp"

#include <algorithm>
#include <deque>

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

// nlohmann's what() without its "[json.exception.parse_error.101] " prefix.
std::string without_prefix(const json::exception& error) {
  std::string reason = error.what();
  const auto prefix_end = reason.find("] ");
  if (prefix_end != std::string::npos) reason.erase(0, prefix_end + 2);
  return reason;
}

// Builds the document from nlohmann's SAX events (the interface json::sax_parse calls), with
// an explicit stack instead of recursion. It does what nlohmann's own builder does, plus the
// checks of parse_json_document: a key twice in one object, the nesting limit, and the hooks.
class DocumentBuilder {
 public:
  DocumentBuilder(const std::string& text, JsonErrorPosition position, const JsonReadHooks& hooks)
      : text_(text), position_(position), hooks_(hooks) {}

  json take_document() { return std::move(document_); }

  bool null() { return scalar(json(nullptr)); }
  bool boolean(bool value) { return scalar(json(value)); }
  bool number_integer(json::number_integer_t value) { return scalar(json(value)); }
  bool number_unsigned(json::number_unsigned_t value) { return scalar(json(value)); }
  bool number_float(json::number_float_t value, const std::string&) { return scalar(json(value)); }
  bool string(std::string& value) { return scalar(json(std::move(value))); }
  bool binary(json::binary_t& value) { return scalar(json::binary(std::move(value))); }
  bool start_object(std::size_t) { return open(json::value_t::object); }
  bool start_array(std::size_t) { return open(json::value_t::array); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(std::string& key) {
    Frame& object = frames_.back();
    if (object.has_key_token) path_.pop();
    object.has_key_token = false;
    if (hooks_.check_key) hooks_.check_key(path_, key);
    if (object.node->get_ref<const json::object_t&>().count(key) != 0) {
      // Last-one-wins would let a second "checks" silently replace the first.
      const std::string where = path_.pointer().empty() ? "/" : path_.pointer();
      throw JsonDocumentError("key \"" + key + "\" appears twice in the object at " + where,
                              "each key at most once in an object");
    }
    // Through operator[], not the map itself: with JSON_DIAGNOSTICS (our build) each value
    // records its parent, and operator[], push_back and assignment keep those records.
    object.slot = &(*object.node)[key];
    path_.push_key(std::move(key));
    object.has_key_token = true;
    return true;
  }

  bool parse_error(std::size_t byte, const std::string&, const json::exception& error) {
    if (error.id == 406) {  // a number beyond a double (1e400), the parser's one out_of_range
      throw JsonDocumentError("not valid JSON: " + without_prefix(error),
                              "numbers up to 1.7976931348623157e308 in magnitude");
    }
    // "parse error at line 1, column 5: syntax error ...": keep the reason; the position is ours.
    std::string reason = without_prefix(error);
    const auto column = reason.find(", column ");
    const auto colon = column == std::string::npos ? std::string::npos : reason.find(": ", column);
    if (colon != std::string::npos) reason.erase(0, colon + 2);
    throw JsonDocumentError("not valid JSON at " + position_text(text_, byte, position_) + ": " + reason, "");
  }

 private:
  // An object or array being filled.
  struct Frame {
    json* node = nullptr;
    json* slot = nullptr;          // an object's: where the current key's value goes
    bool has_key_token = false;    // an object's: path_ ends in its current key
    bool streams = false;          // an array's: elements go to hooks_.take_element
    json element;                  // a streamed array's element being built
  };

  bool open(json::value_t type) {
    if (frames_.size() >= static_cast<std::size_t>(kMaxJsonDepth)) {
      throw JsonDocumentError("nested deeper than " + std::to_string(kMaxJsonDepth) + " levels", "");
    }
    json& node = place(json(type));
    Frame frame;
    frame.node = &node;
    if (type == json::value_t::array) {
      frame.streams = hooks_.streams_elements && hooks_.take_element && hooks_.streams_elements(path_);
      path_.push_index(0);
    }
    frames_.push_back(std::move(frame));
    return true;
  }

  bool close() {
    const Frame& frame = frames_.back();
    if (frame.node->is_array() || frame.has_key_token) path_.pop();
    frames_.pop_back();
    element_done();
    return true;
  }

  bool scalar(json&& value) {
    place(std::move(value));
    element_done();
    return true;
  }

  // Where a new value goes: the top, the end of an array (or a streamed array's element), or
  // the slot of an object's current key.
  json& place(json&& value) {
    if (frames_.empty()) {
      document_ = std::move(value);
      return document_;
    }
    Frame& parent = frames_.back();
    if (parent.node->is_object()) {
      *parent.slot = std::move(value);
      return *parent.slot;
    }
    if (parent.streams) {
      parent.element = std::move(value);
      return parent.element;
    }
    parent.node->push_back(std::move(value));
    return parent.node->back();
  }

  // A value is complete: in an array, hand it over if streamed and step the index.
  void element_done() {
    if (frames_.empty()) return;
    Frame& parent = frames_.back();
    if (!parent.node->is_array()) return;
    if (parent.streams) {
      hooks_.take_element(path_, std::move(parent.element));
      parent.element = json();
    }
    path_.next_index();
  }

  const std::string& text_;
  JsonErrorPosition position_;
  const JsonReadHooks& hooks_;
  json document_;
  std::deque<Frame> frames_;  // a deque: a child's frame may point into its parent's element
  JsonPath path_;
};

}  // namespace

std::string JsonPath::pointer() const {
  std::string text;
  for (const Token& token : tokens_) {
    text += '/';
    text += token.is_index ? std::to_string(token.index) : json_pointer_token(token.key);
  }
  return text;
}

bool JsonPath::is(const std::vector<std::string>& pattern) const {
  if (pattern.size() != tokens_.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const Token& token = tokens_[i];
    if (pattern[i] == "*" ? !token.is_index : (token.is_index || token.key != pattern[i])) return false;
  }
  return true;
}

json parse_json_document(const std::string& text, JsonErrorPosition position, const JsonReadHooks& hooks) {
  DocumentBuilder builder(text, position, hooks);
  json::sax_parse(text, &builder, json::input_format_t::json, /*strict=*/true);
  return builder.take_document();
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
