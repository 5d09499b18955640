// Fuzz target: parse_command_line on arbitrary arguments (the input split at NUL bytes).
// A UsageError is the expected answer to a bad command line and must be one line; any other
// exception escaping, a crash, or an accepted size above the largest message, is a bug.
#include <any>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench/app/cli.hpp"
#include "bench/commands/linkcheck/linkcheck_settings.hpp"
#include "bench/commands/pipeline/pipeline_settings.hpp"
#include "bench/run/usage_error.hpp"
#include "collectives/backend/checked_size.hpp"

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
    const commbench::ParsedCommandLine parsed = commbench::parse_command_line(arguments);
    // An accepted command line holds no size a run could not hold (checked_size.hpp): every
    // product formed from them later stays within 64 bits.
    if (parsed.config) {
      const commbench::Config& config = *parsed.config;
      std::vector<std::uint64_t> sizes{config.max_bytes, config.step_bytes, config.avg_min_bytes};
      if (const auto* linkcheck = std::any_cast<commbench::LinkcheckSettings>(&config.own_settings)) {
        sizes.insert(sizes.end(), {linkcheck->bandwidth_bytes, linkcheck->latency_bytes});
      }
      const auto* pipeline = std::any_cast<commbench::PipelineSettings>(&config.own_settings);
      if (pipeline != nullptr) sizes.push_back(pipeline->activation_bytes);
      for (const std::uint64_t bytes : sizes) {
        if (bytes > commbench::kMaxMessageBytes) std::abort();
      }
      if (pipeline != nullptr && pipeline->sweep == "activation-bytes" &&
          pipeline->sweep_high > commbench::kMaxMessageBytes) {
        std::abort();
      }
      // Counts and times stay within the ranges the commands' flags name (README.md, docs/RELIABILITY.md):
      // -n, -w and -c at most a million, --timeout at least 0.1 s.
      constexpr std::uint64_t kMostIterations = 1000000;
      if (config.iterations && *config.iterations > kMostIterations) std::abort();
      if (config.warmup_iterations > kMostIterations || config.check_iterations > kMostIterations) std::abort();
      if (!(config.timeout_s >= 0.1)) std::abort();
    }
  } catch (const commbench::UsageError& error) {
    if (std::string(error.what()).find('\n') != std::string::npos) std::abort();
  }
  return 0;
}
