#pragma once
// The flags that several commands share, -J/--timeout and the record of which flags were
// typed, and the way a command's flags become its SettingsFromFlags (bench/run/command.hpp).
// Each command's folder adds its own flags on top (e.g. bench/commands/reports/reports_flags.hpp).
#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bench/run/command.hpp"
#include "bench/run/config.hpp"

namespace commbench {

// Raw text of the flags every command's raw options start with; converted and checked by hand
// so that each error names the flag and what it accepts, in one line.
struct SharedRawOptions {
  // Starts at the defaults of -n, -w, -b, -e, -f and --timeout, written as a user would type
  // them, from Config's; every command's raw options derive from this, so start there too.
  SharedRawOptions();

  std::string report, timeout;
  std::string model_fabric;  // --fabric, which each command that takes it describes in its own words
  std::string min_bytes, max_bytes, step_factor, step_bytes;  // -b, -e, -f, -i
  std::string iterations, warmup;                              // -n, -w
  // The long names (or, for positionals, the names) of the flags given on the command line,
  // filled once CLI11 has parsed: a default and a value typed by the user look the same above.
  std::vector<std::string> given;
};

bool was_given(const SharedRawOptions& raw, const std::string& name);

// --timeout alone: report, compare and gate read reports and have no measurement to time out
// but this, and write their outputs elsewhere than -J (compare adds its own -J).
void add_timeout_option(CLI::App& command, SharedRawOptions& raw);

// Flags every command that measures or writes one report has: -J and --timeout.
void add_report_options(CLI::App& command, SharedRawOptions& raw);

// -J and --timeout, which every command has.
void apply_report_options(Config& config, const SharedRawOptions& raw, bool report_given);

// -J and --timeout, the flags of topology.
Config report_config(const SharedRawOptions& raw, bool report_given);

// --fabric of every command that takes it: a file or a preset, never an empty name.
std::string fabric_option(const SharedRawOptions& raw);

// The most timed iterations -n accepts: every rank keeps each iteration's time (8 bytes) of a
// case, and rank 0 gathers them from every rank, so the count is bounded like a size. A
// million is far beyond what a median or a p99 needs.
inline constexpr std::uint64_t kMaxIterations = 1000000;

// --nodes (fabric, predict) and --gpus-per-node (predict): 2^24 each, a thousand times the
// largest clusters built (as the scaling analysis's GPU counts, kMaxScalingGpus).
inline constexpr std::uint64_t kMaxNodes = 1ULL << 24;

// -n/--iters as a whole number (the sweep commands also take auto, handled by the caller).
std::uint64_t iterations_option(const std::string& text);
// -w/--warmup_iters as a whole number.
std::uint64_t warmup_option(const std::string& text);

// -b, -e and -f; -i too where sizes may also add (additive_steps).
void add_size_options(CLI::App& command, SharedRawOptions& raw, bool additive_steps);
// -n and -w of the commands that time point-to-point transfers or steps.
void add_point_to_point_iterations(CLI::App& command, SharedRawOptions& raw);

// Sizes shared by the sweep and the point-to-point measurements: -b, -e and -f.
void apply_size_range(Config& config, const SharedRawOptions& raw);
// -i: additive steps instead of -f's factor.
void apply_step_bytes(Config& config, const SharedRawOptions& raw);

// -J, --timeout, -n and -w: a command that times point-to-point transfers or steps.
Config iterations_config(const SharedRawOptions& raw, bool report_given);

// Whether -J was given (report and gate write their outputs elsewhere and have no -J).
bool report_given(const CLI::App& parsed);

// One command's flags: their text bound to CLI11 on raw options of the command's own (Raw
// derives from SharedRawOptions), read by build once CLI11 has parsed. The configuration is
// named after the command parsed.
template <typename Raw, typename Add, typename Build>
SettingsFromFlags command_flags(CLI::App& command, Raw defaults, Add add, Build build) {
  auto raw = std::make_shared<Raw>(std::move(defaults));
  add(command, *raw);
  return [raw, build](const CLI::App& parsed) {
    for (const CLI::Option* option : parsed.get_options()) {
      if (option->count() > 0) raw->given.push_back(option->get_name());
    }
    Config config = build(static_cast<const Raw&>(*raw), parsed);
    config.command = parsed.get_name();
    return config;
  };
}

}  // namespace commbench
