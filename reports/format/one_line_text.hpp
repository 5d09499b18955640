#pragma once
// Error messages that must stay one line (loaders' refusals, JUnit attributes, log lines).
#include <string>

namespace commbench {

// text with every control character (bytes below 0x20, and 0x7f) as a visible \xNN escape,
// so that a file name or an offending value never breaks the line.
std::string one_line_text(const std::string& text);

}  // namespace commbench
