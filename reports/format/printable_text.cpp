#include "reports/format/printable_text.hpp"

#include <cstdio>

#include "reports/format/utf8_sequence.hpp"

namespace commbench {
namespace {

std::string escaped(unsigned char byte) {
  char text[5];
  std::snprintf(text, sizeof text, "\\x%02X", byte);
  return text;
}

}  // namespace

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
      result += escaped(byte);
      ++at;
    }
  }
  return result;
}

}  // namespace commbench
