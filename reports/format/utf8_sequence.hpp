#pragma once
// Where text that may hold any bytes is quoted (messages, JUnit XML), well-formed UTF-8 is
// kept and every other byte escaped: this says which bytes are well-formed UTF-8.
#include <cstddef>
#include <string_view>

namespace commbench {

// The length (2 to 4) of the well-formed UTF-8 sequence of two or more bytes starting at
// text[at], or 0 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). An
// ASCII byte is not such a sequence: 0.
std::size_t utf8_sequence_length(std::string_view text, std::size_t at);

}  // namespace commbench
