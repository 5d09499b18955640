#pragma once
// What the report records about the process's surroundings: the environment variables
// that shape communication (and nothing else), and peak memory.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace commbench {

// Keeps variables with the prefixes NCCL_, OMPI_, UCX_, CUDA_ and the Slurm job and step
// ids; drops everything else, and any kept name that looks like it holds a secret.
std::map<std::string, std::string> filter_environment(const std::vector<std::string>& entries);

// filter_environment over this process's environment.
std::map<std::string, std::string> captured_environment();

// Peak resident set size of this process in bytes (VmHWM), 0 when unknown.
std::uint64_t peak_resident_bytes();

}  // namespace commbench
