#pragma once
// Opening a backend on GPUs (built only with COMMBENCH_WITH_NCCL): every rank says what it
// sees, every rank computes the same rank-to-GPU assignment from that, and only then does
// any rank touch a GPU, so that a problem is reported the same way everywhere.
#include "bench/run/measured_backend.hpp"

namespace commbench {

MeasuredBackend open_gpu_backend(const Config& config, Backend& world, ProgressMonitor& monitor);

}  // namespace commbench
