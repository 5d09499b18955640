// The main of the GoogleTest programs that ctest launches through mpirun: MPI around the tests,
// one rank printing, and a failure on any rank failing the process.
#include <gtest/gtest.h>
#include <mpi.h>

// Every rank runs the tests; the process fails when any rank failed, so that mpirun and
// ctest see the failure whichever rank saw it.
int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  ::testing::InitGoogleTest(&argc, argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank != 0) {
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());  // rank 0 prints for all
  }
  int failed = RUN_ALL_TESTS() != 0 ? 1 : 0;
  MPI_Allreduce(MPI_IN_PLACE, &failed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  MPI_Finalize();
  return failed;
}
