#include "bench/run/measured_backend.hpp"

#include "build_config.hpp"
#if COMMBENCH_HAVE_NCCL
#include "bench/run/gpu_backend_setup.hpp"
#endif

namespace commbench {

MeasuredBackend open_measured_backend(const Config& config, Backend& world, ProgressMonitor& monitor) {
  if (config.device == "host") return {};
#if COMMBENCH_HAVE_NCCL
  return open_gpu_backend(config, world, monitor);
#else
  // The command line refuses --device cuda and --backend nccl in a build without them.
  (void)world;
  (void)monitor;
  throw std::logic_error("open_measured_backend: --device " + config.device + " in a build without CUDA");
#endif
}

}  // namespace commbench
