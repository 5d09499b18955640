#pragma once
// No output of a run may be one of its inputs: a report written with -J over the workload
// or the fabric file it was asked to read would destroy that file. The one place that knows
// every file a configuration reads and writes.
#include <optional>
#include <string>
#include <vector>

#include "bench/run/config.hpp"

namespace commbench {

// For a command's flags: a file the run reads (Config::inputs). A name that may be a preset is
// listed too; only a name that exists is compared. Nothing for an empty path.
void add_input(Config& config, const std::string& flag, const std::string& path);
// A fabric is a file, a preset, or either followed by ":SWITCHES" (bench/measure/model_comparison.hpp):
// both the whole name and the part before the last colon may name the file read.
void add_fabric_input(Config& config, const std::string& flag, const std::string& name);
// For a command's flags: a file the run writes besides -J (Config::outputs).
void add_output(Config& config, const std::string& flag, const std::string& path);

// The files the configuration may read: --fabric and the command's inputs.
std::vector<NamedPath> input_paths(const Config& config);

// The files the configuration writes: -J/--json and the command's outputs.
std::vector<NamedPath> output_paths(const Config& config);

// The one-line usage message when an output is the same file as an input, directly or through
// a symbolic or hard link (the same device and inode); nothing otherwise. An output that does
// not exist yet cannot be an input. Asked by the rank that writes, before anything runs.
std::optional<std::string> output_over_input_problem(const Config& config);

}  // namespace commbench
