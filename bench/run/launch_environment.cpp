#include "bench/run/launch_environment.hpp"

#include <cstdlib>
#include <string>

namespace commbench {
namespace {

// What Open MPI, PMIx, MPICH and Intel MPI (PMI) and Slurm set in every process they start.
constexpr const char* kRankVariables[] = {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK", "SLURM_PROCID"};
constexpr const char* kSizeVariables[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "SLURM_NTASKS"};

}  // namespace

std::optional<int> launched_rank_count() {
  for (const char* name : kSizeVariables) {
    const char* value = std::getenv(name);
    if (value == nullptr) continue;
    const std::string text(value);
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 9) {
      return std::nullopt;
    }
    return std::stoi(text);
  }
  for (const char* name : kRankVariables) {
    if (std::getenv(name) != nullptr) return std::nullopt;
  }
  return 1;
}

}  // namespace commbench
