#include "collectives/mpi/cuda_aware_mpi.hpp"

#include <mpi.h>
#if __has_include(<mpi-ext.h>)
#include <mpi-ext.h>
#endif

namespace commbench {

std::optional<std::string> mpi_cuda_support_problem() {
#if defined(OMPI_HAVE_MPI_EXT_CUDA) && OMPI_HAVE_MPI_EXT_CUDA
  if (MPIX_Query_cuda_support() == 1) return std::nullopt;
  return std::string("this MPI library reports no CUDA support (MPIX_Query_cuda_support() returned 0: it was "
                     "built without CUDA)");
#else
  return std::string("this MPI library cannot be asked whether it supports CUDA memory (it has no "
                     "MPIX_Query_cuda_support, which Open MPI provides)");
#endif
}

}  // namespace commbench
