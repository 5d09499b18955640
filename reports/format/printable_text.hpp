#pragma once
// User-supplied text made safe to quote in a one-line message: a value given on the command
// line may hold line breaks, terminal escape sequences or bytes that are not UTF-8, and an
// error message that quotes it must still be one readable line on a terminal or in a log.
#include <string>
#include <string_view>

namespace commbench {

// Keeps printable ASCII and well-formed UTF-8 as they are; writes every control character
// and every byte that is not part of a well-formed UTF-8 sequence as \xNN.
std::string printable_text(std::string_view text);

}  // namespace commbench
