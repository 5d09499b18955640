#pragma once
// The command line: one CLI11 subcommand per row of the command table, each with the flags its
// folder adds (e.g. bench/commands/gradsync/gradsync_flags.hpp), turned into one Config.
// Parsing never depends on the rank, so every rank reaches the same verdict on bad input.
#include <optional>
#include <string>
#include <vector>

#include "bench/run/config.hpp"

namespace commbench {

// What the command line asked for: a run, or text to print (help, version) and exit 0.
struct ParsedCommandLine {
  std::optional<Config> config;
  std::string message;  // help or version text when config is empty
};

// Throws UsageError with a one-line message naming the flag and the accepted values.
ParsedCommandLine parse_command_line(const std::vector<std::string>& arguments);

}  // namespace commbench
