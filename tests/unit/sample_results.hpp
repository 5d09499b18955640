#pragma once
// Sample records for the tests of what writes, reads and prints results (reports/model/result.hpp):
// written once, so that each test states only what its case changes.
#include <string>

#include "reports/model/result.hpp"

namespace commbench {

// A 1 MiB float32 sum allreduce on `ranks` ranks of the MPI backend, out of place; not yet run.
inline Result sample_allreduce_case(int ranks) {
  Result row;
  row.collective = "allreduce";
  row.backend = "mpi";
  row.dtype = "float32";
  row.op = "sum";
  row.root = -1;
  row.placement = "out-of-place";
  row.ranks = ranks;
  row.bytes = 1048576;
  row.count = 262144;
  return row;
}

// The timing of 20 per-iteration samples after 5 warm-up iterations, figures that agree with
// one another (the loader checks it: report_consistency.hpp) around a 150 us median.
inline void set_sample_timing(Result& row) {
  row.timing_mode = "per-iteration";
  row.warmup_iterations = 5;
  row.iterations = 20;
  row.stats_s.samples = 20;
  row.stats_s.min = 0.000125;
  row.stats_s.median = 0.00015;
  row.stats_s.mean = 0.000155;
  row.stats_s.p95 = 0.00019;
  row.stats_s.p99 = 0.000195;
  row.stats_s.max = 0.0002;
  row.stats_s.stdev = 0.00002;
  row.stats_s.median_ci95_low = 0.00014;
  row.stats_s.median_ci95_high = 0.00016;
  row.time_s = 0.00015;
}

// Two H100s as DeviceMeta records them (CUDA runtime 13.0, driver 13.1, NCCL 2.28.9): rank 0
// is device 0 on host_a at bus 0000:18:00.0, rank 1 device device_b on host_b at bus_b.
inline DeviceMeta two_sample_h100s(const std::string& host_a, const std::string& host_b, int device_b,
                                   const std::string& bus_b) {
  DeviceMeta devices;
  devices.cuda_runtime_version = "13.0";
  devices.cuda_driver_version = "13.1";
  devices.nccl_version = "2.28.9";
  devices.gpus = {{0, host_a, 0, "NVIDIA H100 80GB HBM3", "GPU-0f2a3b4c-1111-2222-3333-444455556666", "0000:18:00.0",
                   85520809984ULL, "9.0"},
                  {1, host_b, device_b, "NVIDIA H100 80GB HBM3", "GPU-9e8d7c6b-aaaa-bbbb-cccc-ddddeeeeffff", bus_b,
                   85520809984ULL, "9.0"}};
  return devices;
}

}  // namespace commbench
