#pragma once
// A problem with the command line: reported as one line, exit code 2, before any
// measurement.
#include <stdexcept>
#include <string>

namespace commbench {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace commbench
