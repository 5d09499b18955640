#include "report_reading.hpp"

#include <iostream>

#include "acceptance_spec_file.hpp"
#include "exit_codes.hpp"
#include "json_report.hpp"
#include "report_loader.hpp"
#include "report_path.hpp"
#include "usage_error.hpp"

namespace commbench {

std::vector<LoadedReport> load_reports(const std::vector<std::string>& paths) {
  std::vector<LoadedReport> reports;
  reports.reserve(paths.size());
  for (const std::string& path : paths) reports.push_back(load_any_report_file(path));
  return reports;
}

void require_writable_output(const std::string& flag, const std::string& path) {
  if (path.empty()) return;
  if (const auto problem = report_path_problem(path, flag)) throw UsageError(*problem);
}

void write_output(const std::string& path, const std::string& text) {
  if (path.empty()) {
    std::cout << text << std::flush;
    return;
  }
  write_file_atomically(path, text);
}

int run_on_rank_zero(Backend& world, const std::function<int()>& task) {
  int exit_code = kExitOk;
  if (world.rank() == 0) {
    const auto refuse = [&exit_code](const std::exception& error) {
      std::cerr << "commbench: error: " << error.what() << std::endl;
      exit_code = kExitUsageError;
    };
    try {
      exit_code = task();
    } catch (const UsageError& error) {
      refuse(error);
    } catch (const ReportLoadError& error) {
      refuse(error);
    } catch (const AcceptanceSpecError& error) {
      refuse(error);
    } catch (const std::invalid_argument& error) {
      refuse(error);
    }
  }
  // The other ranks wait without a busy core: a blocking broadcast spins in MPI, and on a host
  // with as many ranks as cores that halves the CPU rank 0 reads a large report with (a report
  // of 10^5 rows took 8 times as long under mpirun -np 2 on 2 busy cores).
  world.idle_barrier();
  world.broadcast(&exit_code, &exit_code, 1, Dtype::int32, {0});
  return exit_code;
}

}  // namespace commbench
