#include "bench/run/output_over_input.hpp"

#include <sys/stat.h>

namespace commbench {
namespace {

void add(std::vector<NamedPath>& paths, const std::string& flag, const std::string& path) {
  if (!path.empty()) paths.push_back({flag, path});
}

// A fabric is a file, a preset, or either followed by ":SWITCHES" (bench/measure/model_comparison.hpp):
// both the whole name and the part before the last colon may name the file read.
void add_fabric(std::vector<NamedPath>& paths, const std::string& flag, const std::string& name) {
  add(paths, flag, name);
  const auto colon = name.rfind(':');
  if (colon != std::string::npos && colon > 0) add(paths, flag, name.substr(0, colon));
}

}  // namespace

std::vector<NamedPath> input_paths(const Config& config) {
  std::vector<NamedPath> paths;
  add_fabric(paths, "--fabric", config.model.fabric);
  add(paths, "--fabric", config.fabric.file);
  add_fabric(paths, "--fabric", config.fit.fabric);
  add(paths, "the file to fit", config.fit.input);
  add(paths, "--workload", config.gradsync.workload);
  add(paths, "--workload", config.scaling.workload);
  add_fabric(paths, "--compare-fabric", config.scaling.compare_fabric);
  add(paths, "--spec", config.reading.spec);
  for (const std::string& report : config.reading.inputs) add(paths, "the report input", report);
  return paths;
}

std::vector<NamedPath> output_paths(const Config& config) {
  std::vector<NamedPath> paths;
  add(paths, "-J/--json", config.report_path);
  add(paths, "-o/--output", config.reading.output);
  add(paths, "--junit", config.reading.junit);
  return paths;
}

std::optional<std::string> output_over_input_problem(const Config& config) {
  const std::vector<NamedPath> inputs = input_paths(config);
  for (const NamedPath& output : output_paths(config)) {
    struct stat written {};
    if (::stat(output.path.c_str(), &written) != 0) continue;  // not there yet: nothing to overwrite
    for (const NamedPath& input : inputs) {
      struct stat read {};
      if (::stat(input.path.c_str(), &read) != 0) continue;
      if (read.st_dev != written.st_dev || read.st_ino != written.st_ino) continue;
      return output.flag + ": '" + output.path + "' is the same file as " + input.flag + " '" + input.path +
             "', which this run reads: writing there would destroy it (accepted: an output path that is not an "
             "input of the run)";
    }
  }
  return std::nullopt;
}

}  // namespace commbench
