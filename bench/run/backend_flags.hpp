#pragma once
// --backend and --device, the flags of every command that measures on a backend (the sweep,
// gradsync, pipeline, scaling), and the sweep's -G and --nccl-register, which only make sense
// with some of their values.
#include <CLI/CLI.hpp>
#include <string>

#include "bench/run/config.hpp"

namespace commbench {

// Raw text of the backend's flags; -G and --nccl-register stay false where a command lacks them.
struct BackendRawOptions {
  std::string backend = Config{}.backend;
  std::string device;
  bool cuda_graph = false;
  bool nccl_register = false;
};

// --backend and --device; device_help says what the memory is used for, in the command's words.
void add_backend_options(CLI::App& command, BackendRawOptions& raw, const std::string& device_help);

// Sets config's backend, device, cuda_graph and nccl_register, or throws UsageError naming the
// flag. device_given: whether --device was typed (its default follows the backend).
void apply_backend_options(Config& config, const BackendRawOptions& raw, bool device_given);

}  // namespace commbench
