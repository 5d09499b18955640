#pragma once
// Whether the MPI library can take GPU pointers (--backend mpi --device cuda). Asked of the
// library at run time (Open MPI's MPIX_Query_cuda_support in mpi-ext.h), since the library
// loaded may not be the one whose header was compiled against.
#include <optional>
#include <string>

namespace commbench {

// Empty when the MPI library reports CUDA support; otherwise why not, in one sentence.
std::optional<std::string> mpi_cuda_support_problem();

}  // namespace commbench
