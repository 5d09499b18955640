#include "reports/format/escaped_text.hpp"

#include <cstdio>

#include "reports/format/utf8_sequence.hpp"

namespace commbench {
namespace {

// The case of \xNN's hex digits: each escaper keeps the one its messages have always had.
enum class HexDigits { lower, upper };

std::string byte_escape(unsigned char byte, HexDigits digits) {
  char text[8];
  std::snprintf(text, sizeof text, digits == HexDigits::lower ? "\\x%02x" : "\\x%02X", byte);
  return text;
}

}  // namespace

std::string one_line_text(const std::string& text) {
  std::string line;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      line += byte_escape(byte, HexDigits::lower);
    } else {
      line += c;
    }
  }
  return line;
}

std::string printable_text(std::string_view text) {
  std::string result;
  result.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte >= 0x20 && byte < 0x7F) {
      result += text[at++];
    } else if (const std::size_t length = byte >= 0x80 ? utf8_sequence_length(text, at) : 0; length > 0) {
      result.append(text.substr(at, length));
      at += length;
    } else {
      result += byte_escape(byte, HexDigits::upper);
      ++at;
    }
  }
  return result;
}

std::string xml_text(const std::string& text, XmlPlace place) {
  const bool attribute = place == XmlPlace::attribute;
  std::string escaped;
  for (std::size_t at = 0; at < text.size();) {
    const auto byte = static_cast<unsigned char>(text[at]);
    const std::size_t length = byte < 0x80 ? 1 : utf8_sequence_length(text, at);
    if (length == 0) {
      escaped += byte_escape(byte, HexDigits::lower);
      ++at;
      continue;
    }
    if (length > 1) {
      escaped.append(text, at, length);
      at += length;
      continue;
    }
    ++at;
    switch (byte) {
      case '&': escaped += "&amp;"; continue;
      case '<': escaped += "&lt;"; continue;
      case '>': escaped += "&gt;"; continue;
      default: break;
    }
    if (attribute) {
      // Attribute values are normalised on reading: a literal tab or line break would come
      // back as a space, a reference survives.
      switch (byte) {
        case '"': escaped += "&quot;"; continue;
        case '\'': escaped += "&apos;"; continue;
        case '\t': escaped += "&#9;"; continue;
        case '\n': escaped += "&#10;"; continue;
        case '\r': escaped += "&#13;"; continue;
        default: break;
      }
    }
    if (byte == '\r' && !attribute) {
      escaped += "&#13;";  // a parser turns a literal CR (LF) into LF
    } else if (byte < 0x20 && byte != '\t' && byte != '\n') {
      escaped += byte_escape(byte, HexDigits::lower);
    } else {
      escaped += static_cast<char>(byte);
    }
  }
  return escaped;
}

std::string html_text(const std::string& text) {
  std::string escaped;
  for (const char c : one_line_text(text)) {
    switch (c) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      case '"': escaped += "&quot;"; break;
      case '\'': escaped += "&#39;"; break;
      default: escaped += c;
    }
  }
  return escaped;
}

std::string markdown_text(const std::string& text) {
  std::string escaped;
  for (const char c : one_line_text(text)) {
    switch (c) {
      case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '~':
        escaped += '\\';
        escaped += c;
        break;
      case '<': escaped += "&lt;"; break;
      case '&': escaped += "&amp;"; break;
      default: escaped += c;
    }
  }
  // At the start of a line, '#' would make a heading and '>' a quote.
  return !escaped.empty() && (escaped.front() == '#' || escaped.front() == '>') ? "\\" + escaped : escaped;
}

std::string prometheus_label_text(const std::string& text) {
  std::string escaped;
  for (const char c : text) {
    switch (c) {
      case '\\': escaped += "\\\\"; break;
      case '"': escaped += "\\\""; break;
      case '\n': escaped += "\\n"; break;
      default: escaped += c;
    }
  }
  return escaped;
}

}  // namespace commbench
