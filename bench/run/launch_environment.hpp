#pragma once
// How many ranks the launcher (mpirun, srun, mpiexec) started, read from the environment it
// gives each process, so that a command that needs no cluster can tell before MPI starts
// whether it runs alone (and then starts no MPI: Open MPI's singleton start takes ~0.4 s).
#include <optional>

namespace commbench {

// 1 when no launcher started this process, or when it started one rank; the count the
// launcher gives otherwise; empty when a launcher started this process without saying how
// many ranks (then only MPI can tell).
std::optional<int> launched_rank_count();

}  // namespace commbench
