#include "bench/run/build_identity.hpp"

#include "build_config.hpp"
#include "git_revision.hpp"

namespace commbench {

std::string build_identity(const std::string& library_version) {
  return std::string("commbench ") + kVersion + " (" + kGitRevision + "), compiler " + __VERSION__ +
         ", NCCL backend " + (COMMBENCH_HAVE_NCCL ? "built" : "not built") + ", " + library_version;
}

}  // namespace commbench
