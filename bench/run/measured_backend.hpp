#pragma once
// The backend a run measures, chosen by --backend and --device: the MPI world backend on
// host memory, or a backend on this rank's GPU (NCCL, or MPI on device buffers), opened
// after the ranks have agreed on the command line.
#include <memory>
#include <optional>

#include "bench/run/config.hpp"
#include "bench/run/progress_monitor.hpp"
#include "collectives/backend/backend.hpp"
#include "reports/model/result.hpp"

namespace commbench {

struct MeasuredBackend {
  // The GPU backend; empty when the world backend itself is measured (host memory).
  std::unique_ptr<Backend> gpu_backend;
  // The GPUs, CUDA and NCCL versions, for the report (every rank gets them).
  std::optional<DeviceMeta> devices;
};

// Collective over world. A problem that makes the run impossible as asked (no GPU visible,
// more ranks on a host than GPUs, an MPI library without CUDA support) throws UsageError
// with the same one-line message on every rank, so that every rank exits 2.
MeasuredBackend open_measured_backend(const Config& config, Backend& world, ProgressMonitor& monitor);

}  // namespace commbench
