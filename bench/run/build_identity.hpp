#pragma once
// The build a rank runs, as one line: what must be the same on every rank of a run.
#include <string>

namespace commbench {

// commbench version and revision, compiler, NCCL support, and the communication library's
// own version (Backend::library_version()).
std::string build_identity(const std::string& library_version);

}  // namespace commbench
