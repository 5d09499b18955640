#pragma once
// A problem with the command line: reported as one line, exit code 2, before any
// measurement.
#include <stdexcept>
#include <string>

#include "reports/format/escaped_text.hpp"


namespace commbench {

class UsageError : public std::runtime_error {
 public:
  // The message quotes what the user typed, which may hold line breaks or escape sequences:
  // escaped here so that every usage error is one printable line, whoever throws it.
  explicit UsageError(const std::string& message) : std::runtime_error(printable_text(message)) {}
};

}  // namespace commbench
