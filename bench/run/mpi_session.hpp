#pragma once
// MPI_Init on construction, MPI_Finalize on destruction. Everything that holds MPI handles
// (backends, datatypes) must be destroyed before this object.
#include <mpi.h>

#include <chrono>
#include <thread>

namespace commbench {

class MpiSession {
 public:
  MpiSession(int& argc, char**& argv) {
    MPI_Init(&argc, &argv);
    // A communicator nothing else uses, so that ranks ending with an error can find out
    // whether all of them did without matching a collective some other rank is blocked in.
    MPI_Comm_dup(MPI_COMM_WORLD, &failure_comm_);
  }
  ~MpiSession() {
    if (!abandoned_) {
      MPI_Comm_free(&failure_comm_);
      MPI_Finalize();
    }
  }
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int world_rank() const {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    return rank;
  }

  // Called by a rank that cannot go on: true when every rank calls it within wait_limit
  // (every rank failed, e.g. at the same allocation), so that they can all finalize and exit
  // with their code instead of aborting the job; false when some rank does not come (it is
  // blocked in a collective waiting for this one, or still working), and the caller must
  // abort. After false the session no longer finalizes: the barrier is still posted.
  bool every_rank_failed_within(std::chrono::milliseconds wait_limit) {
    MPI_Request request = MPI_REQUEST_NULL;
    MPI_Ibarrier(failure_comm_, &request);
    const auto deadline = std::chrono::steady_clock::now() + wait_limit;
    for (;;) {
      int done = 0;
      MPI_Test(&request, &done, MPI_STATUS_IGNORE);
      if (done) return true;
      if (std::chrono::steady_clock::now() >= deadline) {
        abandoned_ = true;
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

 private:
  MPI_Comm failure_comm_ = MPI_COMM_NULL;
  bool abandoned_ = false;
};

}  // namespace commbench
