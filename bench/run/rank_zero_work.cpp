#include "bench/run/rank_zero_work.hpp"

#include <stdexcept>

#include "bench/run/error_line.hpp"
#include "bench/run/exit_codes.hpp"
#include "bench/run/usage_error.hpp"
#include "collectives/backend/memory_demand.hpp"
#include "reports/load/report_loader.hpp"

namespace commbench {

int rank_zero_exit_code(const std::function<int()>& task) {
  const auto refuse = [](const std::exception& error) {
    say_error(error.what());
    return kExitUsageError;
  };
  try {
    return task();
  } catch (const UsageError& error) {
    return refuse(error);
  } catch (const ReportLoadError& error) {
    return refuse(error);
  } catch (const std::invalid_argument& error) {
    return refuse(error);
  } catch (const std::exception& error) {
    // Anything else (out of memory) ends the run with 3 on every rank: the others wait for
    // rank 0's code, not in a collective, so nobody needs aborting.
    write_failure_line(0, error);
    return kExitRuntimeError;
  }
}

int run_on_rank_zero(Backend& world, const std::function<int()>& task) {
  int exit_code = world.rank() == 0 ? rank_zero_exit_code(task) : kExitOk;
  // The other ranks wait without a busy core: a blocking broadcast spins in MPI, and on a host
  // with as many ranks as cores that halves the CPU rank 0 reads a large report with (a report
  // of 10^5 rows took 8 times as long under mpirun -np 2 on 2 busy cores).
  world.idle_barrier();
  world.broadcast(&exit_code, &exit_code, 1, Dtype::int32, {0});
  return exit_code;
}

}  // namespace commbench
