#pragma once
// No output of a run may be one of its inputs: a report written with -J over the workload
// or the fabric file it was asked to read would destroy that file. The one place that knows
// every file a configuration reads and writes.
#include <optional>
#include <string>
#include <vector>

#include "bench/run/config.hpp"

namespace commbench {

// A path given on the command line, with the flag (or argument) that gave it.
struct NamedPath {
  std::string flag;  // "-J/--json", "--workload", "the report input"
  std::string path;
};

// The files the configuration may read: fabric files (--fabric, --compare-fabric, the fit's
// --fabric), the workload, the acceptance spec, the reports and the file to fit. A name that
// may be a preset is listed too; only a name that exists is compared.
std::vector<NamedPath> input_paths(const Config& config);

// The files the configuration writes: -J/--json, -o/--output, --junit.
std::vector<NamedPath> output_paths(const Config& config);

// The one-line usage message when an output is the same file as an input, directly or through
// a symbolic or hard link (the same device and inode); nothing otherwise. An output that does
// not exist yet cannot be an input. Asked by the rank that writes, before anything runs.
std::optional<std::string> output_over_input_problem(const Config& config);

}  // namespace commbench
