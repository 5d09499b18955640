// Fuzz target: parse_command_line on arbitrary arguments (the input split at NUL bytes).
// A UsageError is the expected answer to a bad command line and must be one line; any other
// exception escaping, or a crash, is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli.hpp"
#include "usage_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> arguments;
  std::string argument;
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0) {
      arguments.push_back(argument);
      argument.clear();
    } else {
      argument += static_cast<char>(data[i]);
    }
  }
  if (size > 0) arguments.push_back(argument);
  try {
    commbench::parse_command_line(arguments);
  } catch (const commbench::UsageError& error) {
    if (std::string(error.what()).find('\n') != std::string::npos) std::abort();
  }
  return 0;
}
