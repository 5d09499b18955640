#pragma once
// MPI_Init on construction, MPI_Finalize on destruction. Everything that holds MPI handles
// (backends, datatypes) must be destroyed before this object.
#include <mpi.h>

namespace commbench {

class MpiSession {
 public:
  MpiSession(int& argc, char**& argv) { MPI_Init(&argc, &argv); }
  ~MpiSession() { MPI_Finalize(); }
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int world_rank() const {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    return rank;
  }
};

}  // namespace commbench
