#include "bench/run/output_over_input.hpp"

#include <sys/stat.h>

namespace commbench {
namespace {

void add(std::vector<NamedPath>& paths, const std::string& flag, const std::string& path) {
  if (!path.empty()) paths.push_back({flag, path});
}

void add_fabric(std::vector<NamedPath>& paths, const std::string& flag, const std::string& name) {
  add(paths, flag, name);
  const auto colon = name.rfind(':');
  if (colon != std::string::npos && colon > 0) add(paths, flag, name.substr(0, colon));
}

}  // namespace

void add_input(Config& config, const std::string& flag, const std::string& path) { add(config.inputs, flag, path); }

void add_fabric_input(Config& config, const std::string& flag, const std::string& name) {
  add_fabric(config.inputs, flag, name);
}

void add_output(Config& config, const std::string& flag, const std::string& path) { add(config.outputs, flag, path); }

std::vector<NamedPath> input_paths(const Config& config) {
  std::vector<NamedPath> paths;
  add_fabric(paths, "--fabric", config.model.fabric);
  paths.insert(paths.end(), config.inputs.begin(), config.inputs.end());
  return paths;
}

std::vector<NamedPath> output_paths(const Config& config) {
  std::vector<NamedPath> paths;
  add(paths, "-J/--json", config.report_path);
  paths.insert(paths.end(), config.outputs.begin(), config.outputs.end());
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
